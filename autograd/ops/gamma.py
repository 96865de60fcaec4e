"""The gamma family, vectorised (NumPy has no gamma function): lgamma, digamma, polygamma,
mvlgamma, and the Hurwitz zeta function they rest on.

Computed in float64, then rounded to the input's dtype (integers give float32):
    zeta(s, q) = sum over k >= 0 of (q + k)**-s: the first terms summed until q + k >= w
        (w >= 10 and >= s), then the Euler-Maclaurin tail at w,
        w**(1-s)/(s-1) + w**-s/2 + sum_j B_2j/(2j)! s(s+1)...(s+2j-2) w**(1-s-2j).
    lgamma(x) = log|gamma(x)|:
        near 1 and 2, the Taylor series lgamma(1+e) = -euler*e + sum_k (-1)**k zeta(k)/k e**k
        (|e| <= 1/2; lgamma(2+e) = lgamma(1+e) + log1p(e)), exact where lgamma is 0;
        below 1/2, lgamma(x) = lgamma(1+x) - log(x); up to 13, lgamma(x) = log((x-1)...(u))
        + lgamma(u) with u in (3/2, 5/2]; beyond, Stirling's series; for negative x the
        reflection lgamma(x) = log(pi/|sin(pi x)|) - lgamma(1-x).
    digamma(x) = d lgamma/dx: digamma(x) = digamma(x + n) - sum 1/(x + k) with x + n >= 10,
        then log(x) - 1/(2x) - sum_j B_2j/(2j x**2j); for x < 0,
        digamma(1 - x) - pi/tan(pi x); within 1/4 of its positive root r, the Taylor series
        sum_k polygamma(k, r)/k! (x - r)**k, exact where digamma is 0.
    polygamma(n, x) = (-1)**(n+1) n! zeta(n+1, x) for n >= 1; for x < 0 the reflection
        polygamma(n, x) = (-1)**(n+1) ((-1)**n pi**(n+1) P_n(cot(pi x)) - polygamma(n, 1-x)),
        d**n/dx**n cot(pi x) = pi**n P_n(cot(pi x)), P_0(c) = c, P_(k+1) = -(1 + c**2) P_k'.
At the poles (0, -1, -2, ...) lgamma is inf, digamma nan (+-inf at +-0) and polygamma
(-1)**(n+1) inf, as PyTorch's.
"""
from __future__ import annotations

import math

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arithmetic import Add
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.dtypes import to_float

__all__ = ["Lgamma", "Digamma", "Polygamma", "Mvlgamma", "lgamma", "digamma", "polygamma",
           "mvlgamma",
           "lgamma_array", "digamma_array", "polygamma_array", "zeta_array"]

_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510,
              43867 / 798, -174611 / 330)  # B_2, B_4, ..., B_20
_EULER = 0.57721566490153286061
_HALF_LOG_TWO_PI = 0.5 * math.log(2 * math.pi)
_STIRLING_FROM = 13.0
_DIGAMMA_FROM = 10.0


def _float64(a) -> np.ndarray:
    return np.asarray(a, dtype=np.float64)


def zeta_array(s, q) -> np.ndarray:
    """The Hurwitz zeta function zeta(s, q) = sum over k >= 0 of (q + k)**-s, float64,
    broadcast; inf at s = 1 and at q = 0, -1, ...; nan for s < 1."""
    s, q = np.broadcast_arrays(_float64(s), _float64(q))
    shape, s, q = s.shape, s.reshape(-1), q.reshape(-1)
    pole = (s == 1) | ((q <= 0) & (q == np.floor(q)))
    undefined = (s < 1) | ((q < 0) & (s != np.floor(s))) | np.isnan(s)
    w_least = np.maximum(_DIGAMMA_FROM, s)
    terms = np.ceil(np.maximum(w_least - q, 0))
    terms[pole | undefined | ~np.isfinite(terms)] = 0
    total = np.zeros(s.shape)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for k in range(int(terms.max(initial=0))):
            total += np.where(k < terms, (q + k) ** -s, 0)
        w = q + terms
        power = w ** -s
        total += w ** (1 - s) / (s - 1) + power / 2
        factor = s * power / (2 * w)  # s(s+1)...(s+2j-2) w**(1-s-2j) / (2j)!
        for j, bernoulli in enumerate(_BERNOULLI, start=1):
            total += bernoulli * factor
            factor = factor * (s + 2 * j - 1) * (s + 2 * j) / ((2 * j + 1) * (2 * j + 2) * w * w)
    total[pole] = np.inf
    total[undefined] = np.nan
    return total.reshape(shape)


_SERIES_TERMS = 56
_SERIES = tuple((-1) ** k * zeta_array(float(k), 1.0) / k  # lgamma(1+e): e**k coefficients
                for k in range(_SERIES_TERMS, 1, -1))


def _lgamma_near_one(e: np.ndarray) -> np.ndarray:
    """lgamma(1 + e) for |e| <= 1/2, by its Taylor series."""
    result = np.full_like(e, _SERIES[0])
    for c in _SERIES[1:]:
        result *= e
        result += c
    return e * (result * e - _EULER)


def _stirling(x: np.ndarray) -> np.ndarray:
    """lgamma(x) for x >= 13: (x - 1/2) log x - x + log(2 pi)/2 + sum B_2j/(2j(2j-1) x**(2j-1))."""
    with np.errstate(over="ignore", invalid="ignore"):
        inverse_square = 1 / (x * x)
        series = np.zeros_like(x)
        for j in range(7, 0, -1):
            series = series * inverse_square + _BERNOULLI[j - 1] / (2 * j * (2 * j - 1))
        result = (x - 0.5) * np.log(x) - x + _HALF_LOG_TWO_PI + series / x
    return np.where(x == np.inf, np.inf, result)


def _lgamma_positive(x: np.ndarray) -> np.ndarray:
    """lgamma(x) for x > 0 (float64, 1-D)."""
    out = np.empty_like(x)
    small = x < 0.5
    near_one = (x >= 0.5) & (x <= 1.5)
    near_two = (x > 1.5) & (x <= 2.5)
    middle = (x > 2.5) & (x < _STIRLING_FROM)
    large = ~(small | near_one | near_two | middle)
    out[small] = _lgamma_near_one(x[small]) - np.log(x[small])
    out[near_one] = _lgamma_near_one(x[near_one] - 1)
    out[near_two] = _lgamma_near_one(x[near_two] - 2) + np.log1p(x[near_two] - 2)
    u, product = x[middle], np.ones(np.count_nonzero(middle))
    for _ in range(11):
        shift = u > 2.5
        u = np.where(shift, u - 1, u)
        product = np.where(shift, product * u, product)
    out[middle] = np.log(product) + _lgamma_near_one(u - 2) + np.log1p(u - 2)
    out[large] = _stirling(x[large])
    return out


def _sin_pi_magnitude(x: np.ndarray) -> np.ndarray:
    """|sin(pi x)|, exact 0 at the integers (x - round(x) is exact)."""
    return np.abs(np.sin(np.pi * (x - np.round(x))))


def lgamma_array(a) -> np.ndarray:
    """log|gamma(a)| elementwise, in a's float dtype (integers give float32)."""
    a = to_float(a)
    x = a.astype(np.float64).reshape(-1)
    out = np.full_like(x, np.inf)
    positive = x > 0
    out[positive] = _lgamma_positive(x[positive])
    negative = np.flatnonzero((x < 0) & (x != np.floor(x)) & np.isfinite(x))
    if negative.size:
        y = x[negative]
        with np.errstate(divide="ignore"):
            out[negative] = (np.log(np.pi / _sin_pi_magnitude(y))
                             - _lgamma_positive(1 - y))
    out[np.isnan(x)] = np.nan
    return out.reshape(a.shape).astype(a.dtype, copy=False)


def _digamma_float64(x: np.ndarray) -> np.ndarray:
    """digamma of a float64 array (any shape)."""
    x = x.reshape(-1)
    out = np.full_like(x, np.nan)
    reflected = (x < 0) & (x != np.floor(x)) & (x > -np.inf)
    fraction = x[reflected] - np.trunc(x[reflected])
    argument = np.where(reflected, 1 - x, x)
    correction = np.zeros_like(x)
    correction[reflected] = np.pi / np.tan(np.pi * fraction)
    positive = argument > 0
    y = argument[positive]
    shifted = np.zeros_like(y)
    for _ in range(int(_DIGAMMA_FROM)):
        low = y < _DIGAMMA_FROM
        shifted -= np.where(low, 1 / y, 0)
        y = np.where(low, y + 1, y)
    inverse_square = 1 / (y * y)
    series = np.zeros_like(y)
    for j in range(7, 0, -1):
        series = series * inverse_square + _BERNOULLI[j - 1] / (2 * j)
    with np.errstate(invalid="ignore"):
        asymptotic = np.log(y) - 0.5 / y - series * inverse_square
    out[positive] = shifted + np.where(y == np.inf, np.inf, asymptotic)
    out -= correction
    out[x == 0] = np.copysign(np.inf, -x[x == 0])
    return out


def digamma_array(a) -> np.ndarray:
    """digamma(a) = d lgamma(a)/da elementwise, in a's float dtype (integers give float32)."""
    a = to_float(a)
    x = a.astype(np.float64)
    out = _digamma_float64(x).reshape(a.shape)
    near_root = np.abs(x - _ROOT) < 0.25
    if near_root.any():
        out[near_root] = _digamma_near_root(x[near_root])
    return out.astype(a.dtype, copy=False)


def _cot_derivative_polynomial(n: int) -> np.ndarray:
    """Coefficients (highest power first) of P_n, d**n/dx**n cot(pi x) = pi**n P_n(cot(pi x))."""
    p = np.array([1.0, 0.0])
    for _ in range(n):
        p = -np.polymul([1.0, 0.0, 1.0], np.polyder(p))
    return p


def polygamma_array(n: int, a) -> np.ndarray:
    """The n-th derivative of digamma (n >= 1) elementwise, in a's float dtype."""
    a = to_float(a)
    x = a.astype(np.float64)
    sign = 1.0 if n % 2 else -1.0
    reflected = (x < 0) & (x != np.floor(x))
    argument = np.where(reflected, 1 - x, x)
    with np.errstate(over="ignore", invalid="ignore"):
        out = np.asarray(sign * math.factorial(n) * zeta_array(n + 1, argument))
        if reflected.any():
            cot = 1 / np.tan(np.pi * (x[reflected] - np.round(x[reflected])))
            cot_derivative = (-1.0) ** n * np.pi ** (n + 1) * np.polyval(
                _cot_derivative_polynomial(n), cot)
            out[reflected] = sign * (cot_derivative - out[reflected])
    out[x == np.inf], out[x == -np.inf] = 0.0, np.nan
    return out.astype(a.dtype, copy=False)


_ROOT, _ROOT_LOW = 1.4616321449683622, 9.549995429965697e-17  # digamma's positive root
_ROOT_SERIES = tuple(polygamma_array(k, _ROOT) / math.factorial(k) for k in range(24, 0, -1))


def _digamma_near_root(x: np.ndarray) -> np.ndarray:
    """digamma(x) for |x - r| < 1/4, r its root, by the Taylor series about r."""
    h = (x - _ROOT) - _ROOT_LOW
    result = np.full_like(h, _ROOT_SERIES[0])
    for c in _ROOT_SERIES[1:]:
        result = result * h + c
    return result * h


class Lgamma(NumpyFunction):
    """log|gamma(a)|; derivative digamma(a)."""

    formula, derivatives = "lgamma(a)", ("digamma(a)",)

    @staticmethod
    def forward(ctx, a):
        a = to_float(a)
        ctx.save_for_backward(a)
        return lgamma_array(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * Digamma.compute(a)


class Digamma(NumpyFunction):
    """digamma(a) = gamma'(a)/gamma(a); derivative polygamma(1, a)."""

    formula, derivatives = "digamma(a)", ("polygamma(1, a)",)

    @staticmethod
    def forward(ctx, a):
        a = to_float(a)
        ctx.save_for_backward(a)
        return digamma_array(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * Polygamma.compute(1, a)


class Polygamma(NumpyFunction):
    """polygamma(n, a), the n-th derivative of digamma; derivative polygamma(n + 1, a)."""

    formula, derivatives = "polygamma(n, b)", (None, "polygamma(n + 1, b)")

    @staticmethod
    def forward(ctx, n, a):
        a = to_float(a)
        ctx.n = n
        ctx.save_for_backward(a)
        return digamma_array(a) if n == 0 else polygamma_array(n, a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return None, grad * Polygamma.compute(ctx.n + 1, a)


def _check(name: str, input) -> None:
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor(name, input=input)


def lgamma(input):
    """log|gamma(x)| elementwise (inf at 0, -1, -2, ...)."""
    _check("lgamma", input)
    return Lgamma.compute(input)


def digamma(input):
    """The logarithmic derivative of gamma, d lgamma(x)/dx, elementwise."""
    _check("digamma", input)
    return Digamma.compute(input)


def polygamma(n, input):
    """The n-th derivative of digamma elementwise (n = 0: digamma itself)."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"polygamma(): argument 'n' must be int, not {type(n).__name__}")
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    _check("polygamma", input)
    return Polygamma.compute(int(n), input)


class Mvlgamma(Add):
    """mvlgamma's last step: the lgamma terms plus the constant, an Add (PyTorch's
    MvlgammaBackward0)."""

    op_name = "Add"


def mvlgamma(input, p: int):
    """The multivariate log-gamma of dimension p, elementwise:
    log(pi) p(p-1)/4 + sum over j < p of lgamma(x - j/2) (defined for x > (p-1)/2; PyTorch
    2.x no longer checks that, nor does this)."""
    _check("mvlgamma", input)
    if isinstance(p, bool) or not isinstance(p, (int, np.integer)) or p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")
    total = lgamma(input)
    for j in range(1, p):
        total = total + lgamma(input - j / 2)
    return Mvlgamma.apply(total, math.log(math.pi) * p * (p - 1) / 4)

"""The inverse error function and the standard normal distribution's functions: erfinv,
erfcx, ndtr, log_ndtr and ndtri, built on erf and erfc (special.py).

Computed in float64, then rounded to the input's dtype (integers give float32):
    erfcx(x) = exp(x**2) erfc(x): for |x| < 26, exp(x**2) (split as exp(h**2) exp((x-h)(x+h)),
        h = x rounded to 24 bits, so that h**2 is exact) times erfc(x); for x >= 26 the
        asymptotic series 1/(x sqrt(pi)) sum_k (-1)**k (2k-1)!!/(2x**2)**k; for x < 0,
        erfcx(x) = 2 exp(x**2) - erfcx(-x).
    ndtr(x) = Phi(x) = erfc(-x/sqrt 2)/2; log_ndtr(x) = log(erfcx(-x/sqrt 2)/2) - x**2/2 for
        x < -1 (no underflow), log1p(-erfc(x/sqrt 2)/2) elsewhere.
    erfinv(y): Winitzki's approximation (relative error < 2e-3), refined by Halley's method
        on erf(x) = y for |y| < 1/2, and for |y| >= 1/2 by Newton's method on
        log erfc(x) = log(1 - |y|) (1 - |y| is exact there: the tail keeps its accuracy).
    ndtri(p) = sqrt(2) erfinv(2p - 1) for 1/4 <= p <= 3/4 (2p - 1 exact); below,
        -sqrt(2) erfcinv(2p) by the same Newton steps on log erfc, and above, by symmetry
        on 1 - p.
"""
from __future__ import annotations

import math

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import unary_function
from autograd.ops.dtypes import to_float
from autograd.ops.special import erf_array, erfc_array

__all__ = ["Erfinv", "Erfcx", "Ndtr", "LogNdtr", "Ndtri", "erfinv", "erfcx", "ndtr", "log_ndtr",
           "ndtri", "erfinv_array", "erfcx_array"]

_SQRT_PI = math.sqrt(math.pi)
_SQRT_HALF = math.sqrt(0.5)
_SQRT_TWO = math.sqrt(2.0)
_WINITZKI = 0.147
_ASYMPTOTIC_FROM = 26.0
_OVERFLOW = 26.7  # exp(x**2) overflows float64 beyond


def _exp_square(x: np.ndarray) -> np.ndarray:
    """exp(x**2) to a few ulps (x**2 itself would be rounded: about x**2 ulps lost)."""
    high = x.astype(np.float32).astype(np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.exp(high * high) * np.exp((x - high) * (x + high))


def _erfcx_nonnegative(x: np.ndarray) -> np.ndarray:
    """erfcx(x) for x >= 0 (float64)."""
    far = x >= _ASYMPTOTIC_FROM
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        near = _exp_square(np.where(far, 0.0, x)) * erfc_array(np.where(far, 0.0, x))
        inverse = 1 / (2 * x * x)
        series, term = np.ones_like(x), np.ones_like(x)
        for k in range(1, 9):
            term = term * -(2 * k - 1) * inverse
            series += term
        return np.where(far, series / (x * _SQRT_PI), near)


def erfcx_array(a) -> np.ndarray:
    """exp(a**2) erfc(a) elementwise, in a's float dtype (integers give float32)."""
    a = to_float(a)
    x = a.astype(np.float64)
    positive = _erfcx_nonnegative(np.abs(x))
    with np.errstate(over="ignore", invalid="ignore"):
        out = np.where(x < 0, 2 * _exp_square(x) - positive, positive)
    out[x < -_OVERFLOW] = np.inf
    return out.astype(a.dtype, copy=False)


def _initial_erfinv(t: np.ndarray, log_one_minus_square: np.ndarray) -> np.ndarray:
    """Winitzki's erfinv(t) for 0 <= t < 1, given log(1 - t**2)."""
    half_log = log_one_minus_square / 2
    offset = 2 / (np.pi * _WINITZKI) + half_log
    return np.sqrt(np.sqrt(offset * offset - log_one_minus_square / _WINITZKI) - offset) \
        * np.sign(t)


def _erfcinv_tail(z: np.ndarray) -> np.ndarray:
    """x with erfc(x) = z, for 0 < z <= 1/2: Newton's method on log erfc(x) = log z, whose
    slope is -2/(sqrt(pi) erfcx(x))."""
    x = _initial_erfinv(1 - z, np.log(z * (2 - z)))
    log_z = np.log(z)
    for _ in range(4):
        scaled = erfcx_array(x)
        x = x + (np.log(scaled) - x * x - log_z) * _SQRT_PI * scaled / 2
    return x


def _erfinv_central(t: np.ndarray) -> np.ndarray:
    """erfinv(t) for |t| < 1/2: Halley's method on erf(x) = t."""
    x = _initial_erfinv(t, np.log1p(-t * t))
    for _ in range(3):
        step = (erf_array(x) - t) * _SQRT_PI / 2 * np.exp(x * x)
        x = x - step / (1 + x * step)
    return x


def erfinv_array(a) -> np.ndarray:
    """The inverse of erf on [-1, 1] elementwise (+-inf at +-1, nan outside), in a's float
    dtype (integers give float32)."""
    a = to_float(a)
    y = a.astype(np.float64).reshape(-1)
    out = np.full_like(y, np.nan)
    t = np.abs(y)
    central = np.flatnonzero(t < 0.5)
    tail = np.flatnonzero((t >= 0.5) & (t < 1))
    out[central] = _erfinv_central(y[central])
    out[tail] = np.copysign(_erfcinv_tail(1 - t[tail]), y[tail])
    out[t == 1] = np.copysign(np.inf, y[t == 1])
    return out.reshape(a.shape).astype(a.dtype, copy=False)


def _ndtr_array(a) -> np.ndarray:
    a = to_float(a)
    return (erfc_array(a.astype(np.float64) * -_SQRT_HALF) / 2).astype(a.dtype, copy=False)


def _log_ndtr_array(a) -> np.ndarray:
    a = to_float(a)
    x = a.astype(np.float64)
    low = x < -1
    with np.errstate(divide="ignore"):
        tail = np.log(erfcx_array(np.where(low, x, -1.0) * -_SQRT_HALF) / 2) - x * x / 2
        body = np.log1p(erfc_array(np.where(low, 0.0, x) * _SQRT_HALF) / -2)
    return np.where(low, tail, body).astype(a.dtype, copy=False)


def _ndtri_array(a) -> np.ndarray:
    a = to_float(a)
    p = a.astype(np.float64).reshape(-1)
    out = np.full_like(p, np.nan)
    central = np.flatnonzero((p >= 0.25) & (p <= 0.75))
    low = np.flatnonzero((p > 0) & (p < 0.25))
    high = np.flatnonzero((p > 0.75) & (p < 1))
    out[central] = _SQRT_TWO * erfinv_array(2 * p[central] - 1)
    out[low] = -_SQRT_TWO * _erfcinv_tail(2 * p[low])
    out[high] = _SQRT_TWO * _erfcinv_tail(2 * (1 - p[high]))
    out[p == 0], out[p == 1] = -np.inf, np.inf
    return out.reshape(a.shape).astype(a.dtype, copy=False)


class Erfinv(NumpyFunction):
    """The inverse error function; derivative sqrt(pi)/2 exp(erfinv(a)**2)."""

    formula, derivatives = "erfinv(a)", ("sqrt(pi)/2*exp(out**2)",)

    @staticmethod
    def forward(ctx, a):
        out = erfinv_array(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (_SQRT_PI / 2) * np.exp(out * out)


class Erfcx(NumpyFunction):
    """The scaled complementary error function exp(a**2) erfc(a); derivative
    2a erfcx(a) - 2/sqrt(pi)."""

    node_name = "SpecialErfcxBackward0"
    formula, derivatives = "exp(a**2)*erfc(a)", ("2*a*out - 2/sqrt(pi)",)

    @staticmethod
    def forward(ctx, a):
        a = to_float(a)
        out = erfcx_array(a)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        return grad * (2 * a * out - 2 / _SQRT_PI)


class Ndtr(NumpyFunction):
    """The standard normal CDF Phi(a); derivative phi(a) = exp(-a**2/2)/sqrt(2 pi)."""

    formula, derivatives = "Phi(a)", ("phi(a)",)

    @staticmethod
    def forward(ctx, a):
        a = to_float(a)
        ctx.save_for_backward(a)
        return _ndtr_array(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * np.exp(a * a * -0.5) / math.sqrt(2 * math.pi)


class LogNdtr(NumpyFunction):
    """log Phi(a); derivative phi(a)/Phi(a) = sqrt(2/pi)/erfcx(-a/sqrt 2) (no underflow)."""

    node_name = "SpecialLogNdtrBackward0"
    formula, derivatives = "log(Phi(a))", ("sqrt(2/pi)/erfcx(-a/sqrt(2))",)

    @staticmethod
    def forward(ctx, a):
        a = to_float(a)
        ctx.save_for_backward(a)
        return _log_ndtr_array(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * math.sqrt(2 / math.pi) / Erfcx.compute(a * -_SQRT_HALF)


class Ndtri(NumpyFunction):
    """The inverse of Phi on [0, 1]; derivative 1/phi(ndtri(a)) = sqrt(2 pi) exp(out**2/2)."""

    node_name = "SpecialNdtriBackward0"
    formula, derivatives = "ndtri(a)", ("sqrt(2*pi)*exp(out**2/2)",)

    @staticmethod
    def forward(ctx, a):
        out = _ndtri_array(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * math.sqrt(2 * math.pi) * np.exp(out * out * 0.5)


erfinv = unary_function(Erfinv, "erfinv", "The inverse error function elementwise (on [-1, 1]).")
erfcx = unary_function(Erfcx, "erfcx",
                       "exp(x**2) erfc(x) elementwise, without overflow for large x.")
ndtr = unary_function(Ndtr, "ndtr", "The standard normal CDF elementwise.")
log_ndtr = unary_function(LogNdtr, "log_ndtr",
                          "log of the standard normal CDF elementwise, accurate far into "
                          "the lower tail.")
ndtri = unary_function(Ndtri, "ndtri",
                       "The inverse of the standard normal CDF elementwise (on [0, 1]).")

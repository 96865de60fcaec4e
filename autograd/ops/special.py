"""The error function erf and its complement erfc, vectorised (NumPy has neither).

erf(x) = 2/sqrt(pi) * integral from 0 to x of exp(-t**2) dt;  erfc(x) = 1 - erf(x).

Computed in float64 with Stephen Moshier's Cephes rational approximations, then rounded to
the input's dtype:
    |x| < 1:   erf(x) = x * T(x**2) / U(x**2)
    1 <= |x|:  erfc(|x|) = exp(-x**2) * P(|x|) / Q(|x|)  (|x| < 8),  R(|x|) / S(|x|)  (|x| >= 8)
with erf = 1 - erfc and erfc(-x) = 2 - erfc(x). For erfc, exp(-x**2) is taken as
exp(-h**2) * exp(-(x - h)(x + h)), h being x rounded to 24 bits so that h**2 is exact: the
tail keeps its relative accuracy (a plain exp(-x*x) would lose about x**2 ulps).
Arrays under 512 elements go through the C library's erf/erfc (Python's math module) one
element at a time instead: for them that loop is faster than the ~60 NumPy passes.
Accuracy: float32 correctly rounded; float64 within 3 ulps (erf) and 10 ulps (erfc just
below |x| = 1, where it is 1 - erf) of the exact values; PyTorch's are within 1 and 3.
"""
from __future__ import annotations

import math

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.dtypes import to_float

__all__ = ["Erf", "Erfc", "erf", "erfc", "erf_array", "erfc_array"]

_T = (9.60497373987051638749E0, 9.00260197203842689217E1, 2.23200534594684319226E3,
      7.00332514112805075473E3, 5.55923013010394962768E4)
_U = (1.0, 3.35617141647503099647E1, 5.21357949780152679795E2, 4.59432382970980127987E3,
      2.26290000613890934246E4, 4.92673942608635921086E4)
_P = (2.46196981473530512524E-10, 5.64189564831068821977E-1, 7.46321056442269912687E0,
      4.86371970985681366614E1, 1.96520832956077098242E2, 5.26445194995477358631E2,
      9.34528527171957607540E2, 1.02755188689515710272E3, 5.57535335369399327526E2)
_Q = (1.0, 1.32281951154744992508E1, 8.67072140885989742329E1, 3.54937778887819891062E2,
      9.75708501743205489753E2, 1.82390916687909736289E3, 2.24633760818710981792E3,
      1.65666309194161350182E3, 5.57535340817727675546E2)
_R = (5.64189583547755073984E-1, 1.27536670759978104416E0, 5.01905042251180477414E0,
      6.16021097993053585195E0, 7.40974269950448939160E0, 2.97886665372100240670E0)
_S = (1.0, 2.26052863220117276590E0, 9.39603524938001434673E0, 1.20489539808096656605E1,
      1.70814450747565897222E1, 9.60896809063285878198E0, 3.36907645100081516050E0)
_TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)
_UNDERFLOW = 27.3  # erfc(x) < 1e-325 beyond: 0 in float64


def _polynomial(x: np.ndarray, coefficients: tuple) -> np.ndarray:
    """c0*x**n + c1*x**(n-1) + ... + cn by Horner's rule."""
    result = x * coefficients[0]
    result += coefficients[1]
    for c in coefficients[2:]:
        result *= x
        result += c
    return result


def _erf_small(x: np.ndarray) -> np.ndarray:
    """erf(x) for |x| < 1."""
    z = x * x
    return x * _polynomial(z, _T) / _polynomial(z, _U)


def _erfc_large(x: np.ndarray, exact_exp: bool) -> np.ndarray:
    """erfc(x) for x >= 1 (float64, NaN stays NaN); exact_exp splits exp(-x**2) to keep the
    relative accuracy of tiny results (erf, near 1 there, does not need it)."""
    with np.errstate(under="ignore", invalid="ignore", over="ignore"):
        if exact_exp:
            high = x.astype(np.float32).astype(np.float64)
            gaussian = np.exp(-high * high)
            gaussian *= np.exp((high - x) * (high + x))
        else:
            gaussian = np.exp(-x * x)
        ratio = _polynomial(x, _P) / _polynomial(x, _Q)
        far = x >= 8
        if far.any():
            ratio[far] = _polynomial(x[far], _R) / _polynomial(x[far], _S)
        return np.where(x > _UNDERFLOW, 0.0, gaussian * ratio)


def _by_range(a, small_part, large_part, scalar_function) -> np.ndarray:
    """A function of a, in a's float dtype (integers give float32): `small_part` where
    |a| < 1 and `large_part` elsewhere, computed in float64. Below _LOOP_SIZE elements a
    loop over the C library's function (Python's math module) is faster than the ~60
    NumPy passes of the rational approximations, and as accurate."""
    a = to_float(a)
    if a.size < _LOOP_SIZE:
        return np.asarray(scalar_function(a), dtype=a.dtype)
    x = a.astype(np.float64).reshape(-1)
    small = np.abs(x) < 1
    out = np.empty_like(x)
    for part, where in ((small_part, np.flatnonzero(small)), (large_part, np.flatnonzero(~small))):
        out[where] = part(x[where])  # index arrays: much faster than boolean masks here
    return out.reshape(a.shape).astype(a.dtype, copy=False)


def erf_array(a) -> np.ndarray:
    """erf of an array, elementwise, in a's float dtype (integers give float32)."""
    return _by_range(a, _erf_small, lambda x: np.copysign(1 - _erfc_large(np.abs(x), False), x),
                     _ERF_LOOP)


def erfc_array(a) -> np.ndarray:
    """erfc of an array, elementwise, in a's float dtype (integers give float32)."""
    return _by_range(a, lambda x: 1 - _erf_small(x), _erfc_tails, _ERFC_LOOP)


def _erfc_tails(x: np.ndarray) -> np.ndarray:
    """erfc(x) for |x| >= 1: erfc(-x) = 2 - erfc(x)."""
    tail = _erfc_large(np.abs(x), True)
    negative = np.flatnonzero(x < 0)
    tail[negative] = 2 - tail[negative]
    return tail


_LOOP_SIZE = 512
_ERF_LOOP = np.frompyfunc(math.erf, 1, 1)
_ERFC_LOOP = np.frompyfunc(math.erfc, 1, 1)


class Erf(NumpyFunction):
    """Error function; d erf(a)/da = 2/sqrt(pi) * exp(-a**2)."""

    formula, derivatives = "erf(a)", ("2/sqrt(pi)*exp(-a**2)",)

    @staticmethod
    def forward(ctx, a):
        a = to_float(a)
        ctx.save_for_backward(a)
        return erf_array(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * _TWO_OVER_SQRT_PI * np.exp(-(a * a))


class Erfc(NumpyFunction):
    """Complementary error function 1 - erf(a), accurate where it is tiny (large a)."""

    formula, derivatives = "erfc(a)", ("-2/sqrt(pi)*exp(-a**2)",)

    @staticmethod
    def forward(ctx, a):
        a = to_float(a)
        ctx.save_for_backward(a)
        return erfc_array(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * -_TWO_OVER_SQRT_PI * np.exp(-(a * a))


def erf(input):
    """erf elementwise (on an array: the array; on a Tensor: recorded as an Erf node)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("erf", input=input)
    return Erf.compute(input)


def erfc(input):
    """1 - erf(x) elementwise, without the cancellation for large x."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("erfc", input=input)
    return Erfc.compute(input)

"""The modified Bessel functions of the first kind, orders 0 and 1, plain (i0, i1) and
exponentially scaled (i0e(x) = exp(-|x|) i0(x), i1e(x) = exp(-|x|) i1(x)).

Computed in float64 with Stephen Moshier's Cephes Chebyshev expansions, then rounded to the
input's dtype (integers give float32): on |x| <= 8 a series in |x|/2 - 2 of i0e (of i1e/|x|
for order 1), beyond a series in 32/|x| - 2 of sqrt|x| i0e (sqrt|x| i1e). i0 and i0e are even,
i1 and i1e odd; i0 and i1 are nan at +-inf, as PyTorch's (0 * inf). Derivatives: i0' = i1,
i1' = i0 - i1/x (1/2 at 0), i0e' = i1e - sign(x) i0e, i1e' = i0e - i1e (sign(x) + 1/x) (1/2 at
0).
"""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import unary_function
from autograd.ops.dtypes import to_float

__all__ = ["I0", "I0e", "I1", "I1e", "i0", "i0e", "i1", "i1e",
           "i0_array", "i0e_array", "i1_array", "i1e_array"]

_I0E_SMALL = (
    -4.41534164647933937950E-18, 3.33079451882223809783E-17, -2.43127984654795469359E-16,
    1.71539128555513303061E-15, -1.16853328779934516808E-14, 7.67618549860493561688E-14,
    -4.85644678311192946090E-13, 2.95505266312963983461E-12, -1.72682629144155570723E-11,
    9.67580903537323691224E-11, -5.18979560163526290666E-10, 2.65982372468238665035E-9,
    -1.30002500998624804212E-8, 6.04699502254191894932E-8, -2.67079385394061173391E-7,
    1.11738753912010371815E-6, -4.41673835845875056359E-6, 1.64484480707288970893E-5,
    -5.75419501008210370398E-5, 1.88502885095841655729E-4, -5.76375574538582365885E-4,
    1.63947561694133579842E-3, -4.32430999505057594430E-3, 1.05464603945949983183E-2,
    -2.37374148058994688156E-2, 4.93052842396707084878E-2, -9.49010970480476444210E-2,
    1.71620901522208775349E-1, -3.04682672343198398683E-1, 6.76795274409476084995E-1)
_I0E_LARGE = (
    -7.23318048787475395456E-18, -4.83050448594418207126E-18, 4.46562142029675999901E-17,
    3.46122286769746109310E-17, -2.82762398051658348494E-16, -3.42548561967721913462E-16,
    1.77256013305652638360E-15, 3.81168066935262242075E-15, -9.55484669882830764870E-15,
    -4.15056934728722208663E-14, 1.54008621752140982691E-14, 3.85277838274214270114E-13,
    7.18012445138366623367E-13, -1.79417853150680611778E-12, -1.32158118404477131188E-11,
    -3.14991652796324136454E-11, 1.18891471078464383424E-11, 4.94060238822496958910E-10,
    3.39623202570838634515E-9, 2.26666899049817806459E-8, 2.04891858946906374183E-7,
    2.89137052083475648297E-6, 6.88975834691682398426E-5, 3.36911647825569408990E-3,
    8.04490411014108831608E-1)
_I1E_SMALL = (
    2.77791411276104639959E-18, -2.11142121435816608115E-17, 1.55363195773620046921E-16,
    -1.10559694773538630805E-15, 7.60068429473540693410E-15, -5.04218550472791168711E-14,
    3.22379336594557470981E-13, -1.98397439776494371520E-12, 1.17361862988909016308E-11,
    -6.66348972350202774223E-11, 3.62559028155211703701E-10, -1.88724975172282928790E-9,
    9.38153738649577178388E-9, -4.44505912879632808065E-8, 2.00329475355213526229E-7,
    -8.56872026469545474066E-7, 3.47025130813767847674E-6, -1.32731636560394358279E-5,
    4.78156510755005422638E-5, -1.61760815825896745588E-4, 5.12285956168575772895E-4,
    -1.51357245063125314899E-3, 4.15642294431288815669E-3, -1.05640848946261981558E-2,
    2.47264490306265168283E-2, -5.29459812080949914269E-2, 1.02643658689847095384E-1,
    -1.76416518357834055153E-1, 2.52587186443633654823E-1)
_I1E_LARGE = (
    7.51729631084210481353E-18, 4.41434832307170791151E-18, -4.65030536848935832153E-17,
    -3.20952592199342395980E-17, 2.96262899764595013876E-16, 3.30820231092092828324E-16,
    -1.88035477551078244854E-15, -3.81440307243700780478E-15, 1.04202769841288027642E-14,
    4.27244001671195135429E-14, -2.10154184277266431302E-14, -4.08355111109219731823E-13,
    -7.19855177624590851209E-13, 2.03562854414708950722E-12, 1.41258074366137813316E-11,
    3.25260358301548823856E-11, -1.89749581235054123450E-11, -5.58974346219658380687E-10,
    -3.83538038596423702205E-9, -2.63146884688951950684E-8, -2.51223623787020892529E-7,
    -3.88256480887769039346E-6, -1.10588938762623716291E-4, -9.76109749136146840777E-3,
    7.78576235018280120474E-1)


def _chebyshev(t: np.ndarray, coefficients: tuple) -> np.ndarray:
    """sum' c_k T_k(t/2) by Clenshaw's recurrence (Cephes' chbevl: highest degree first)."""
    b0, b1, b2 = np.full_like(t, coefficients[0]), np.zeros_like(t), np.zeros_like(t)
    for c in coefficients[1:]:
        b2, b1 = b1, b0
        b0 = t * b1 - b2 + c
    return 0.5 * (b0 - b2)


def _scaled(a, small: tuple, large: tuple, times_x: bool) -> tuple:
    """(x, the scaled function of |x| in float64, a's float dtype)."""
    a = to_float(a)
    x = a.astype(np.float64)
    z = np.abs(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        near = _chebyshev(np.minimum(z, 8.0) / 2 - 2, small) * (z if times_x else 1)
        far = _chebyshev(32 / np.maximum(z, 8.0) - 2, large) / np.sqrt(np.maximum(z, 8.0))
    return x, np.where(z <= 8, near, far), a.dtype


def i0e_array(a) -> np.ndarray:
    """exp(-|a|) i0(a) elementwise, in a's float dtype (integers give float32)."""
    _, value, dtype = _scaled(a, _I0E_SMALL, _I0E_LARGE, False)
    return value.astype(dtype, copy=False)


def i1e_array(a) -> np.ndarray:
    """exp(-|a|) i1(a) elementwise, in a's float dtype (integers give float32)."""
    x, value, dtype = _scaled(a, _I1E_SMALL, _I1E_LARGE, True)
    return np.copysign(value, x).astype(dtype, copy=False)


def i0_array(a) -> np.ndarray:
    """i0(a) elementwise, in a's float dtype (integers give float32)."""
    x, value, dtype = _scaled(a, _I0E_SMALL, _I0E_LARGE, False)
    with np.errstate(over="ignore", invalid="ignore"):
        return (value * np.exp(np.abs(x))).astype(dtype, copy=False)


def i1_array(a) -> np.ndarray:
    """i1(a) elementwise, in a's float dtype (integers give float32)."""
    x, value, dtype = _scaled(a, _I1E_SMALL, _I1E_LARGE, True)
    with np.errstate(over="ignore", invalid="ignore"):
        magnitude = value * np.exp(np.abs(x))
    return np.copysign(magnitude, x).astype(dtype, copy=False)


def _nonzero(a):
    """a with its zeros replaced by 1 (a safe divisor where a text picks another value)."""
    return np.where(a == 0, 1, a)


class I0(NumpyFunction):
    """i0(a); derivative i1(a)."""

    formula, derivatives = "i0(a)", ("i1(a)",)

    @staticmethod
    def forward(ctx, a):
        a = to_float(a)
        ctx.save_for_backward(a)
        return i0_array(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * I1.compute(a)


class I0e(NumpyFunction):
    """exp(-|a|) i0(a); derivative i1e(a) - sign(a) i0e(a)."""

    node_name = "SpecialI0EBackward0"
    formula, derivatives = "i0e(a)", ("i1e(a) - sign(a)*out",)

    @staticmethod
    def forward(ctx, a):
        a = to_float(a)
        out = i0e_array(a)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        return grad * (I1e.compute(a) - np.sign(a) * out)


class I1(NumpyFunction):
    """i1(a); derivative i0(a) - i1(a)/a, 1/2 at 0."""

    node_name = "SpecialI1Backward0"
    formula, derivatives = "i1(a)", ("where(a == 0, 0.5, i0(a) - out/a)",)

    @staticmethod
    def forward(ctx, a):
        a = to_float(a)
        out = i1_array(a)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        return grad * np.where(a == 0, 0.5, I0.compute(a) - out / _nonzero(a))


class I1e(NumpyFunction):
    """exp(-|a|) i1(a); derivative i0e(a) - i1e(a) (sign(a) + 1/a), 1/2 at 0."""

    node_name = "SpecialI1EBackward0"
    formula, derivatives = "i1e(a)", ("where(a == 0, 0.5, i0e(a) - out*(sign(a) + 1/a))",)

    @staticmethod
    def forward(ctx, a):
        a = to_float(a)
        out = i1e_array(a)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        slope = I0e.compute(a) - out * (np.sign(a) + 1 / _nonzero(a))
        return grad * np.where(a == 0, 0.5, slope)


i0 = unary_function(I0, "i0",
                    "The modified Bessel function of the first kind of order 0, elementwise.")
i0e = unary_function(I0e, "i0e", "exp(-|x|) i0(x) elementwise (no overflow for large |x|).")
i1 = unary_function(I1, "i1",
                    "The modified Bessel function of the first kind of order 1, elementwise.")
i1e = unary_function(I1e, "i1e", "exp(-|x|) i1(x) elementwise (no overflow for large |x|).")

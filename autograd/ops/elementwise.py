"""Elementwise maths: exp, log, sqrt, abs, sin, cos, tanh, erf; clamp, maximum, minimum, where.

Integer inputs compute in the default float dtype (int.exp() is float32, as PyTorch).
"""
from __future__ import annotations

import math

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.dtypes import promote, to_float
from autograd.tensor import Tensor

__all__ = ["Exp", "Log", "Sqrt", "Abs", "Sin", "Cos", "Tanh", "Erf", "Clamp", "Maximum",
           "Minimum", "Where", "erf", "erf_array", "exp", "log", "sqrt", "abs", "sin", "cos", "tanh",
           "clamp", "maximum", "minimum", "where"]


class Exp(NumpyFunction):
    """e**a."""

    formula, derivatives = "exp(a)", ("exp(a)",)

    @staticmethod
    def forward(ctx, a):
        out = np.exp(to_float(a))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * out


class Log(NumpyFunction):
    """Natural logarithm."""

    formula, derivatives = "log(a)", ("1/a",)

    @staticmethod
    def forward(ctx, a):
        a = to_float(a)
        ctx.save_for_backward(a)
        return np.log(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / a


class Sqrt(NumpyFunction):
    """Square root."""

    formula, derivatives = "sqrt(a)", ("1/(2*sqrt(a))",)

    @staticmethod
    def forward(ctx, a):
        out = np.sqrt(to_float(a))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad / (2 * out)


class Abs(NumpyFunction):
    """Absolute value; its derivative at 0 is 0, as PyTorch."""

    formula, derivatives = "abs(a)", ("sign(a)",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.abs(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * np.sign(a)


class Sin(NumpyFunction):
    """Sine."""

    formula, derivatives = "sin(a)", ("cos(a)",)

    @staticmethod
    def forward(ctx, a):
        a = to_float(a)
        ctx.save_for_backward(a)
        return np.sin(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * np.cos(a)


class Cos(NumpyFunction):
    """Cosine."""

    formula, derivatives = "cos(a)", ("-sin(a)",)

    @staticmethod
    def forward(ctx, a):
        a = to_float(a)
        ctx.save_for_backward(a)
        return np.cos(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return -grad * np.sin(a)


class Tanh(NumpyFunction):
    """Hyperbolic tangent."""

    formula, derivatives = "tanh(a)", ("1 - tanh(a)**2",)

    @staticmethod
    def forward(ctx, a):
        out = np.tanh(to_float(a))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (1 - out * out)


_erf_scalar = np.frompyfunc(math.erf, 1, 1)


def erf_array(a: np.ndarray) -> np.ndarray:
    """erf elementwise, keeping a's float dtype (NumPy has no erf of its own)."""
    a = to_float(a)
    return np.asarray(_erf_scalar(a), dtype=a.dtype)


class Erf(NumpyFunction):
    """Error function."""

    formula, derivatives = "erf(a)", ("2/sqrt(pi)*exp(-a**2)",)

    @staticmethod
    def forward(ctx, a):
        a = to_float(a)
        ctx.save_for_backward(a)
        return erf_array(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * (2 / math.sqrt(math.pi)) * np.exp(-(a * a))


def erf(a):
    """erf of an array, or of a Tensor through the Erf op (recorded like any op)."""
    return Erf.compute(a)


class Clamp(NumpyFunction):
    """Clamp to [low, high] (numbers, or None for no bound); the gradient passes where
    low <= a <= high."""

    formula, derivatives = "clamp(a, low, high)", ("where(between(a, b, c), 1, 0)", None, None)

    @staticmethod
    def forward(ctx, a, low, high):
        if low is None and high is None:
            raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
        inside = True
        if low is not None:
            a, low = promote(a, low)
            inside = a >= low
            a = np.maximum(a, low)
        if high is not None:
            a, high = promote(a, high)
            inside = np.logical_and(inside, a <= high)
            a = np.minimum(a, high)
        ctx.inside = inside
        return a

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.inside, None, None


class Maximum(NumpyFunction):
    """Elementwise maximum; on ties each input gets half the gradient, as PyTorch."""

    formula, derivatives = "maximum(a, b)", ("where(a == b, 0.5, where(a < b, 0, 1))",
                                              "where(a == b, 0.5, where(b < a, 0, 1))")

    @staticmethod
    def forward(ctx, a, b):
        a, b = promote(a, b)
        ctx.share_a, ctx.share_b = _shares(a, b, np.less)
        return np.maximum(a, b)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.share_a, grad * ctx.share_b


class Minimum(NumpyFunction):
    """Elementwise minimum; on ties each input gets half the gradient, as PyTorch."""

    formula, derivatives = "minimum(a, b)", ("where(a == b, 0.5, where(a > b, 0, 1))",
                                              "where(a == b, 0.5, where(b > a, 0, 1))")

    @staticmethod
    def forward(ctx, a, b):
        a, b = promote(a, b)
        ctx.share_a, ctx.share_b = _shares(a, b, np.greater)
        return np.minimum(a, b)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.share_a, grad * ctx.share_b


def _shares(a, b, loses) -> tuple:
    """Each input's share of the gradient: 0 where it loses, 1/2 on ties, else 1 (so a NaN,
    which neither wins nor ties, passes the gradient to both, as PyTorch)."""
    dtype = np.result_type(a, b)
    tie = np.equal(a, b).astype(dtype) * 0.5
    share_a = np.where(np.equal(a, b), tie, 1 - loses(a, b).astype(dtype))
    share_b = np.where(np.equal(a, b), tie, 1 - loses(b, a).astype(dtype))
    return share_a, share_b


class Where(NumpyFunction):
    """a where condition holds, else b."""

    formula, derivatives = "where(a, b, c)", (None, "where(a, 1, 0)", "where(a, 0, 1)")

    @staticmethod
    def forward(ctx, condition, a, b):
        condition = np.asarray(condition)
        if condition.dtype != bool:
            raise TypeError(f"where expected condition to be a boolean tensor, but got a "
                            f"tensor with dtype {condition.dtype}")
        ctx.condition = condition
        a, b = promote(a, b)
        return np.where(condition, a, b)

    @staticmethod
    def backward(ctx, grad):
        _, need_a, need_b = ctx.needs_input_grad
        grad_a = np.where(ctx.condition, grad, 0) if need_a else None
        grad_b = np.where(ctx.condition, 0, grad) if need_b else None
        return None, grad_a, grad_b


def exp(input):
    """e**x elementwise."""
    return Exp.apply(input)


def log(input):
    """Natural logarithm elementwise."""
    return Log.apply(input)


def sqrt(input):
    """Square root elementwise."""
    return Sqrt.apply(input)


def abs(input):
    """|x| elementwise."""
    return Abs.apply(input)


def sin(input):
    return Sin.apply(input)


def cos(input):
    return Cos.apply(input)


def tanh(input):
    return Tanh.apply(input)


def clamp(input, min=None, max=None):
    """Values limited to [min, max]; bounds may be numbers or tensors."""
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        result = input if min is None else Maximum.apply(input, min)
        return result if max is None else Minimum.apply(result, max)
    return Clamp.apply(input, min, max)


def maximum(input, other):
    """Elementwise maximum of two tensors."""
    return Maximum.apply(input, other)


def minimum(input, other):
    """Elementwise minimum of two tensors."""
    return Minimum.apply(input, other)


def where(condition, input, other):
    """input where condition holds, else other (broadcast together)."""
    return Where.apply(condition._data if isinstance(condition, Tensor) else condition, input, other)

"""Exponentials and logarithms: exp exp2 expm1, log log2 log10 log1p, logaddexp logaddexp2.

Integer inputs compute in the default float dtype (int.exp() is float32, as PyTorch).
"""
from __future__ import annotations

import math

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.dtypes import promote, require_float, to_float

__all__ = ["Exp", "Exp2", "Expm1", "Log", "Log2", "Log10", "Log1p", "LogAddExp", "LogAddExp2",
           "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "logaddexp", "logaddexp2"]

_LN2 = math.log(2)
_LN10 = math.log(10)


class Exp(NumpyFunction):
    """e**a; its derivative is itself."""

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


class Exp2(NumpyFunction):
    """2**a; derivative 2**a * ln 2."""

    formula, derivatives = "2**a", ("2**a*log(2)",)

    @staticmethod
    def forward(ctx, a):
        out = np.exp2(to_float(a))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * out * _LN2


class Expm1(NumpyFunction):
    """e**a - 1, accurate for small a; derivative e**a."""

    formula, derivatives = "expm1(a)", ("exp(a)",)

    @staticmethod
    def forward(ctx, a):
        out = np.expm1(to_float(a))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (out + 1)


class Log(NumpyFunction):
    """Natural logarithm; derivative 1/a."""

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


class Log2(NumpyFunction):
    """Base-2 logarithm; derivative 1/(a ln 2)."""

    formula, derivatives = "log2(a)", ("1/(a*log(2))",)

    @staticmethod
    def forward(ctx, a):
        a = to_float(a)
        ctx.save_for_backward(a)
        return np.log2(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / (a * _LN2)


class Log10(NumpyFunction):
    """Base-10 logarithm; derivative 1/(a ln 10)."""

    formula, derivatives = "log10(a)", ("1/(a*log(10))",)

    @staticmethod
    def forward(ctx, a):
        a = to_float(a)
        ctx.save_for_backward(a)
        return np.log10(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / (a * _LN10)


class Log1p(NumpyFunction):
    """log(1 + a), accurate for small a; derivative 1/(1 + a)."""

    node_name = "Log1PBackward0"
    formula, derivatives = "log1p(a)", ("1/(1 + a)",)

    @staticmethod
    def forward(ctx, a):
        a = to_float(a)
        ctx.save_for_backward(a)
        return np.log1p(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / (a + 1)


def _float_operands(a, b, op: str):
    """a and b promoted; PyTorch computes these ops for floating-point results only."""
    a, b = promote(a, b)
    require_float(a if isinstance(a, np.ndarray) else b, op)
    return a, b


class LogAddExp(NumpyFunction):
    """log(e**a + e**b) without overflow; d/da = 1/(1 + e**(b - a))."""

    node_name = "LogaddexpBackward0"
    formula, derivatives = "logaddexp(a, b)", ("1/(1 + exp(b - a))", "1/(1 + exp(a - b))")

    @staticmethod
    def forward(ctx, a, b):
        a, b = _float_operands(a, b, "logaddexp")
        ctx.save_for_backward(a, b)
        return np.logaddexp(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        with np.errstate(invalid="ignore", over="ignore"):
            return (grad / (1 + np.exp(b - a)) if need_a else None,
                    grad / (1 + np.exp(a - b)) if need_b else None)


class LogAddExp2(NumpyFunction):
    """log2(2**a + 2**b) without overflow; d/da = 1/(1 + 2**(b - a))."""

    node_name = "Logaddexp2Backward0"
    formula, derivatives = "logaddexp2(a, b)", ("1/(1 + 2**(b - a))", "1/(1 + 2**(a - b))")

    @staticmethod
    def forward(ctx, a, b):
        a, b = _float_operands(a, b, "logaddexp2")
        ctx.save_for_backward(a, b)
        return np.logaddexp2(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        with np.errstate(invalid="ignore", over="ignore"):
            return (grad / (1 + np.exp2(b - a)) if need_a else None,
                    grad / (1 + np.exp2(a - b)) if need_b else None)


def exp(input):
    """e**x elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("exp", input=input)
    return Exp.apply(input)


def exp2(input):
    """2**x elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("exp2", input=input)
    return Exp2.apply(input)


def expm1(input):
    """e**x - 1 elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("expm1", input=input)
    return Expm1.apply(input)


def log(input):
    """Natural logarithm elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("log", input=input)
    return Log.apply(input)


def log2(input):
    """Base-2 logarithm elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("log2", input=input)
    return Log2.apply(input)


def log10(input):
    """Base-10 logarithm elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("log10", input=input)
    return Log10.apply(input)


def log1p(input):
    """log(1 + x) elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("log1p", input=input)
    return Log1p.apply(input)


def logaddexp(input, other):
    """log(e**input + e**other) elementwise (floating-point tensors)."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("logaddexp", input=input, other=other)
    return LogAddExp.apply(input, other)


def logaddexp2(input, other):
    """log2(2**input + 2**other) elementwise (floating-point tensors)."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("logaddexp2", input=input, other=other)
    return LogAddExp2.apply(input, other)

"""Trigonometric and hyperbolic functions and their inverses: sin cos tan asin acos atan
atan2, sinh cosh tanh asinh acosh atanh.

Integer inputs compute in the default float dtype. Each derivative is PyTorch's formula.
"""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.dtypes import promote_float, to_float

__all__ = ["Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Atan2", "Sinh", "Cosh", "Tanh",
           "Asinh", "Acosh", "Atanh", "sin", "cos", "tan", "asin", "acos", "atan", "atan2",
           "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "arcsin", "arccos", "arctan",
           "arctan2", "arcsinh", "arccosh", "arctanh"]


class _OfInput(NumpyFunction):
    """A float function of a whose derivative needs a: forward saves the input. Subclasses
    set `ufunc` and write `backward`."""

    ufunc = None

    @classmethod
    def forward(cls, ctx, a):
        a = to_float(a)
        ctx.save_for_backward(a)
        return cls.ufunc(a)


class Sin(_OfInput):
    """Sine."""

    formula, derivatives, ufunc = "sin(a)", ("cos(a)",), np.sin

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * np.cos(a)


class Cos(_OfInput):
    """Cosine."""

    formula, derivatives, ufunc = "cos(a)", ("-sin(a)",), np.cos

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return -grad * np.sin(a)


class Tan(NumpyFunction):
    """Tangent; derivative 1 + tan(a)**2."""

    formula, derivatives = "tan(a)", ("1 + tan(a)**2",)

    @staticmethod
    def forward(ctx, a):
        out = np.tan(to_float(a))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (1 + out * out)


class Asin(_OfInput):
    """Inverse sine on [-1, 1]; derivative 1/sqrt(1 - a**2)."""

    formula, derivatives, ufunc = "asin(a)", ("1/sqrt(1 - a**2)",), np.arcsin

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / np.sqrt(1 - a * a)


class Acos(_OfInput):
    """Inverse cosine on [-1, 1]; derivative -1/sqrt(1 - a**2)."""

    formula, derivatives, ufunc = "acos(a)", ("-1/sqrt(1 - a**2)",), np.arccos

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return -grad / np.sqrt(1 - a * a)


class Atan(_OfInput):
    """Inverse tangent; derivative 1/(1 + a**2)."""

    formula, derivatives, ufunc = "atan(a)", ("1/(1 + a**2)",), np.arctan

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / (a * a + 1)


class Atan2(NumpyFunction):
    """The angle of the point (b, a): atan(a/b) in the right quadrant; d/da = b/(a**2 + b**2),
    d/db = -a/(a**2 + b**2)."""

    formula, derivatives = "atan2(a, b)", ("b/(a**2 + b**2)", "-a/(a**2 + b**2)")

    @staticmethod
    def forward(ctx, a, b):
        a, b = promote_float(a, b)
        ctx.save_for_backward(a, b)
        return np.arctan2(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        scale = grad / (a * a + b * b)
        return (scale * b if need_a else None), (-scale * a if need_b else None)


class Sinh(_OfInput):
    """Hyperbolic sine; derivative cosh(a)."""

    formula, derivatives, ufunc = "sinh(a)", ("cosh(a)",), np.sinh

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * np.cosh(a)


class Cosh(_OfInput):
    """Hyperbolic cosine; derivative sinh(a)."""

    formula, derivatives, ufunc = "cosh(a)", ("sinh(a)",), np.cosh

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * np.sinh(a)


class Tanh(NumpyFunction):
    """Hyperbolic tangent; derivative 1 - tanh(a)**2."""

    formula, derivatives = "tanh(a)", ("1 - tanh(a)**2",)

    @staticmethod
    def forward(ctx, a):
        out = np.tanh(to_float(a))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * _one_minus_square(out)


def _one_minus_square(y):
    """1 - y², for a float32 array rounded once, as PyTorch's fused multiply-add rounds it
    (y² is exact in float64), so gradients through tanh match PyTorch's to the last bit."""
    if y.__class__ is np.ndarray and y.dtype == np.float32:
        y = y.astype(np.float64)
        return (1.0 - y * y).astype(np.float32)
    return 1 - y * y


class Asinh(_OfInput):
    """Inverse hyperbolic sine; derivative 1/sqrt(a**2 + 1)."""

    formula, derivatives, ufunc = "asinh(a)", ("1/sqrt(a**2 + 1)",), np.arcsinh

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / np.sqrt(a * a + 1)


class Acosh(_OfInput):
    """Inverse hyperbolic cosine on [1, inf); derivative 1/sqrt(a**2 - 1)."""

    formula, derivatives, ufunc = "acosh(a)", ("1/sqrt(a**2 - 1)",), np.arccosh

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / np.sqrt(a * a - 1)


class Atanh(_OfInput):
    """Inverse hyperbolic tangent on (-1, 1); derivative 1/(1 - a**2)."""

    formula, derivatives, ufunc = "atanh(a)", ("1/(1 - a**2)",), np.arctanh

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / (1 - a * a)


def sin(input):
    """Sine elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("sin", input=input)
    return Sin.apply(input)


def cos(input):
    """Cosine elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("cos", input=input)
    return Cos.apply(input)


def tan(input):
    """Tangent elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("tan", input=input)
    return Tan.apply(input)


def asin(input):
    """Inverse sine elementwise (nan outside [-1, 1])."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("asin", input=input)
    return Asin.apply(input)


def acos(input):
    """Inverse cosine elementwise (nan outside [-1, 1])."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("acos", input=input)
    return Acos.apply(input)


def atan(input):
    """Inverse tangent elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("atan", input=input)
    return Atan.apply(input)


def atan2(input, other):
    """The angle of (other, input) elementwise, in (-pi, pi]."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("atan2", input=input, other=other)
    return Atan2.apply(input, other)


def sinh(input):
    """Hyperbolic sine elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("sinh", input=input)
    return Sinh.apply(input)


def cosh(input):
    """Hyperbolic cosine elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("cosh", input=input)
    return Cosh.apply(input)


def tanh(input):
    """Hyperbolic tangent elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("tanh", input=input)
    return Tanh.apply(input)


def asinh(input):
    """Inverse hyperbolic sine elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("asinh", input=input)
    return Asinh.apply(input)


def acosh(input):
    """Inverse hyperbolic cosine elementwise (nan below 1)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("acosh", input=input)
    return Acosh.apply(input)


def atanh(input):
    """Inverse hyperbolic tangent elementwise (nan outside [-1, 1])."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("atanh", input=input)
    return Atanh.apply(input)


arcsin, arccos, arctan, arctan2 = asin, acos, atan, atan2
arcsinh, arccosh, arctanh = asinh, acosh, atanh

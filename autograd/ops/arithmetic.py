"""Arithmetic: + - * / **, negation, with PyTorch's type promotion.

Each op: forward in NumPy beside backward, the derivatives as text in `derivatives`.
Gradients are written for the broadcast shape; the engine sums them back to each input's.
"""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.dtypes import promote, result_type, to_float

__all__ = ["Add", "Sub", "Mul", "Div", "Neg", "Pow", "Square", "Cube", "power", "add", "sub",
           "mul", "div", "neg", "DivRounded"]


class Add(NumpyFunction):
    """Sum of two tensors (or a tensor and a number)."""

    formula, derivatives = "a + b", ("1", "1")

    @staticmethod
    def forward(ctx, a, b):
        a, b = promote(a, b)
        return a + b

    @staticmethod
    def backward(ctx, grad):
        return grad, grad


class Sub(NumpyFunction):
    """Difference."""

    formula, derivatives = "a - b", ("1", "-1")

    @staticmethod
    def forward(ctx, a, b):
        a, b = promote(a, b)
        return a - b

    @staticmethod
    def backward(ctx, grad):
        return grad, (-grad if ctx.needs_input_grad[1] else None)


class Mul(NumpyFunction):
    """Elementwise product. Saves each factor only if the other one needs its gradient, so
    `z = 3*y; y += 1; z.backward()` works, as in PyTorch."""

    formula, derivatives = "a*b", ("b", "a")

    @staticmethod
    def forward(ctx, a, b):
        a, b = promote(a, b)
        need_a, need_b = ctx.needs_input_grad
        ctx.save_for_backward(b if need_a else None, a if need_b else None)
        return a * b

    @staticmethod
    def backward(ctx, grad):
        b, a = ctx.saved_tensors
        return (grad * b if b is not None else None), (grad * a if a is not None else None)


class Div(NumpyFunction):
    """True division (integers divide to the default float dtype, as PyTorch)."""

    formula, derivatives = "a/b", ("1/b", "-a/b**2")

    @staticmethod
    def forward(ctx, a, b):
        if result_type(a, b).kind in "biu":
            a, b = to_float(a), to_float(b)
        else:
            a, b = promote(a, b)
        ctx.save_for_backward(a if ctx.needs_input_grad[1] else None, b)
        return a / b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad / b if need_a else None), (-grad * a / (b * b) if need_b else None)


class Neg(NumpyFunction):
    """Negation."""

    formula, derivatives = "-a", ("-1",)

    @staticmethod
    def forward(ctx, a):
        if a.dtype == bool:
            raise TypeError("negation, the `-` operator, on a bool tensor is not supported; "
                            "use the `~` or logical_not() operator instead")
        return -a

    @staticmethod
    def backward(ctx, grad):
        return -grad


class Square(NumpyFunction):
    """a**2, with the fast path of one multiplication."""

    formula, derivatives = "a**2", ("2*a",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a * a

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * 2 * a


class Cube(NumpyFunction):
    """a**3, with the fast path of two multiplications."""

    formula, derivatives = "a**3", ("3*a**2",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a * a * a

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * 3 * (a * a)


class Pow(NumpyFunction):
    """Power a**b, b a number or a tensor. df/da is 0 where b = 0, and df/db is 0 where
    a = 0 and b >= 0, as PyTorch."""

    formula, derivatives = "a**b", ("b*a**(b - 1)", "a**b*log(a)")

    @staticmethod
    def forward(ctx, a, b):
        if result_type(a, b).kind in "iu" and np.any(np.asarray(b) < 0):
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        a, b = promote(a, b)
        out = np.power(a, b)
        need_a, need_b = ctx.needs_input_grad
        ctx.save_for_backward(a, b, out if need_b else None)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, b, out = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        grad_a = grad_b = None
        if need_a:
            grad_a = np.where(np.equal(b, 0), 0.0, grad * b * a ** (b - 1))
        if need_b:
            zero_base = np.logical_and(np.equal(a, 0), np.greater_equal(b, 0))
            grad_b = np.where(zero_base, 0.0, grad * out * np.log(np.where(zero_base, 1, a)))
        return grad_a, grad_b


def power(a, b):
    """a**b; x**2 and x**3 take one or two multiplications instead of np.power."""
    if isinstance(b, (int, float)) and not isinstance(b, bool):
        if b == 2:
            return Square.apply(a)
        if b == 3:
            return Cube.apply(a)
    return Pow.apply(a, b)


def add(input, other, *, alpha=1):
    """input + alpha * other."""
    return Add.apply(input, other if alpha == 1 else other * alpha)


def sub(input, other, *, alpha=1):
    """input - alpha * other."""
    return Sub.apply(input, other if alpha == 1 else other * alpha)


def mul(input, other):
    return Mul.apply(input, other)


def div(input, other, *, rounding_mode=None):
    """input / other; rounding_mode 'trunc' or 'floor' rounds the quotient (no gradient)."""
    if rounding_mode is None:
        return Div.apply(input, other)
    if rounding_mode not in ("trunc", "floor"):
        raise ValueError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' "
                         f"but found '{rounding_mode}'")
    return DivRounded.apply(input, other, rounding_mode)


class DivRounded(NumpyFunction):
    """a / b rounded toward zero ('trunc') or down ('floor'); integers stay integers. The
    gradient is zero almost everywhere, as PyTorch."""

    formula, derivatives = "round(a/b)", ("0", "0")

    @staticmethod
    def forward(ctx, a, b, rounding_mode):
        a, b = promote(a, b)
        if np.asarray(a).dtype.kind in "biu" and np.asarray(b).dtype.kind in "biu":
            if np.any(np.asarray(b) == 0):
                raise ZeroDivisionError("ZeroDivisionError: integer division by zero")
            floor = np.floor_divide(a, b)
            if rounding_mode == "floor":
                return floor
            inexact = np.not_equal(floor * b, a)
            return floor + (inexact & ((np.asarray(a) < 0) != (np.asarray(b) < 0)))
        quotient = np.true_divide(a, b)
        return np.floor(quotient) if rounding_mode == "floor" else np.trunc(quotient)

    @staticmethod
    def backward(ctx, grad):
        need_a, need_b, _ = ctx.needs_input_grad
        zeros = grad * 0
        return (zeros if need_a else None), (zeros if need_b else None), None


def neg(input):
    return Neg.apply(input)

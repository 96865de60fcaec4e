"""Rounding: floor ceil round trunc frac sign, and the rounded divisions div(rounding_mode),
floor_divide (//), remainder (%), fmod.

As PyTorch: floor, ceil, round, trunc, sign and the rounded divisions have gradient zero;
integer tensors round to themselves; integer division by zero raises.
"""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.dtypes import promote, require_float

__all__ = ["Floor", "Ceil", "Round", "Trunc", "Frac", "Sign", "DivRounded", "Remainder", "Fmod",
           "floor", "ceil", "round", "trunc", "fix", "frac", "sign", "sgn", "div_rounded",
           "floor_divide", "remainder", "fmod"]


class _Stepwise(NumpyFunction):
    """A piecewise-constant function of a: its gradient is zero everywhere (as PyTorch
    defines it, also at the jumps). Subclasses set `ufunc`."""

    derivatives = ("0",)
    ufunc = None

    @classmethod
    def forward(cls, ctx, a):
        a = np.asarray(a)
        if a.dtype.kind != "f":
            return _unchanged_integers(a, cls.__name__.lower())
        return cls.ufunc(a)

    @staticmethod
    def backward(ctx, grad):
        return np.zeros_like(grad)


def _unchanged_integers(a, op: str):
    """Integers are already rounded: a copy, as PyTorch; bools (and complex) are refused."""
    if a.dtype.kind not in "iu":
        raise TypeError(f'"{op}" is not implemented for {a.dtype} tensors')
    return a.copy()


class Floor(_Stepwise):
    """Largest integer <= a."""

    formula, ufunc = "floor(a)", np.floor


class Ceil(_Stepwise):
    """Smallest integer >= a."""

    formula, ufunc = "ceil(a)", np.ceil


class Trunc(_Stepwise):
    """a rounded toward zero."""

    formula, ufunc = "trunc(a)", np.trunc


class Round(NumpyFunction):
    """a rounded to `decimals` places, halves to even (as PyTorch); gradient zero."""

    formula, derivatives = "round(a, decimals)", ("0", None)

    @staticmethod
    def forward(ctx, a, decimals):
        a = np.asarray(a)
        if decimals == 0 and a.dtype.kind != "f":
            return _unchanged_integers(a, "round")
        return np.round(require_float(a, "round(decimals=...)"), decimals)

    @staticmethod
    def backward(ctx, grad):
        return np.zeros_like(grad), None


class Frac(NumpyFunction):
    """Fractional part a - trunc(a), with the sign of a; its derivative is 1."""

    formula, derivatives = "a - trunc(a)", ("1",)

    @staticmethod
    def forward(ctx, a):
        a = require_float(a, "frac")
        return a - np.trunc(a)

    @staticmethod
    def backward(ctx, grad):
        return grad


class Sign(NumpyFunction):
    """-1, 0 or 1 by the sign of a (0 for NaN, as PyTorch; bools stay bools); gradient zero."""

    formula, derivatives = "sign(a)", ("0",)

    @staticmethod
    def forward(ctx, a):
        a = np.asarray(a)
        if a.dtype == bool:
            return a.copy()
        out = np.sign(a)
        return np.where(np.isnan(out), 0, out) if a.dtype.kind == "f" else out

    @staticmethod
    def backward(ctx, grad):
        return np.zeros_like(grad)


def _divide_operands(a, b, op: str):
    """a and b promoted; integer division by zero raises, as PyTorch."""
    a, b = promote(a, b)
    kind = np.result_type(a, b).kind
    if kind == "b":
        raise TypeError(f'"{op}" is not implemented for bool tensors')
    if kind in "iu" and not np.all(b):
        raise RuntimeError(f"{op}: ZeroDivisionError (integer division by zero)")
    return a, b


class DivRounded(NumpyFunction):
    """a / b rounded toward zero ('trunc') or down ('floor'); integers stay integers. The
    gradient is zero, as PyTorch."""

    formula, derivatives = "trunc(a/b) or floor(a/b)", ("0", "0", None)

    @staticmethod
    def forward(ctx, a, b, rounding_mode):
        a, b = _divide_operands(a, b, f"div(rounding_mode='{rounding_mode}')")
        if rounding_mode == "floor":
            return np.floor_divide(a, b)  # Python's exact rule, as PyTorch (not floor(a/b))
        if np.result_type(a, b).kind in "iu":
            floor = np.floor_divide(a, b)
            return floor + (np.not_equal(floor * b, a) & (np.less(a, 0) != np.less(b, 0)))
        return np.trunc(np.true_divide(a, b))

    @staticmethod
    def backward(ctx, grad):
        need_a, need_b, _ = ctx.needs_input_grad
        return (np.zeros_like(grad) if need_a else None), \
            (np.zeros_like(grad) if need_b else None), None


class Remainder(NumpyFunction):
    """a % b with the sign of b (Python's rule): a - b*floor(a/b)."""

    formula, derivatives = "a % b", ("1", "-floor(a/b)")

    @staticmethod
    def forward(ctx, a, b):
        a, b = _divide_operands(a, b, "remainder")
        if ctx.needs_input_grad[1]:
            ctx.save_for_backward(a, b)
        return np.remainder(a, b)

    @staticmethod
    def backward(ctx, grad):
        need_a, need_b = ctx.needs_input_grad
        grad_b = None
        if need_b:
            a, b = ctx.saved_tensors
            grad_b = -grad * DivRounded.compute(a, b, "floor")
        return (grad if need_a else None), grad_b


class Fmod(NumpyFunction):
    """C's fmod: the remainder with the sign of a, a - b*trunc(a/b)."""

    formula, derivatives = "fmod(a, b)", ("1", "-trunc(a/b)")

    @staticmethod
    def forward(ctx, a, b):
        a, b = _divide_operands(a, b, "fmod")
        if ctx.needs_input_grad[1]:
            ctx.save_for_backward(a, b)
        return np.fmod(a, b)

    @staticmethod
    def backward(ctx, grad):
        need_a, need_b = ctx.needs_input_grad
        grad_b = None
        if need_b:
            a, b = ctx.saved_tensors
            grad_b = -grad * DivRounded.compute(a, b, "trunc")
        return (grad if need_a else None), grad_b


def floor(input):
    """Largest integer <= x elementwise (integer tensors unchanged)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("floor", input=input)
    return Floor.apply(input)


def ceil(input):
    """Smallest integer >= x elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("ceil", input=input)
    return Ceil.apply(input)


def round(input, *, decimals: int = 0):
    """x rounded to `decimals` places; halves go to the even neighbour, as PyTorch."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("round", input=input)
    if isinstance(decimals, bool) or not isinstance(decimals, (int, np.integer)):
        raise TypeError(f"round(): argument 'decimals' must be int, not {type(decimals).__name__}")
    return Round.apply(input, decimals)


def trunc(input):
    """x rounded toward zero."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("trunc", input=input)
    return Trunc.apply(input)


fix = trunc


def frac(input):
    """x - trunc(x)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("frac", input=input)
    return Frac.apply(input)


def sign(input):
    """-1, 0 or 1 elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("sign", input=input)
    return Sign.apply(input)


sgn = sign  # for real tensors torch.sgn is torch.sign


def div_rounded(input, other, rounding_mode: str):
    """input / other rounded by rounding_mode, 'trunc' or 'floor'."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("div_rounded", input=input, other=other)
    if rounding_mode not in ("trunc", "floor"):
        raise ValueError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' "
                         f"but found {rounding_mode!r}")
    return DivRounded.apply(input, other, rounding_mode)


def floor_divide(input, other):
    """input // other, rounded down: div(input, other, rounding_mode='floor'). Its gradient is
    0 (PyTorch raises "derivative for floor_divide is not implemented" instead)."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("floor_divide", input=input, other=other)
    return DivRounded.apply(input, other, "floor")


def remainder(input, other):
    """input % other, the sign of other (Python's modulo)."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("remainder", input=input, other=other)
    return Remainder.apply(input, other)


def fmod(input, other):
    """C's fmod: the remainder with the sign of input."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("fmod", input=input, other=other)
    return Fmod.apply(input, other)

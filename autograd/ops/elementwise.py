"""Elementwise maths not grouped elsewhere: sqrt, rsqrt, abs; the selections clamp,
maximum, minimum, where; and lerp.

Integer inputs to sqrt and rsqrt compute in the default float dtype, as PyTorch.
"""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.dtypes import promote, require_float, result_type, to_float
from autograd.tensor import Tensor

__all__ = ["Sqrt", "Rsqrt", "Abs", "Clamp", "ClampNumbers", "ClampMin", "ClampMax",
           "ClampMinTensor", "ClampMaxTensor", "Maximum",
           "Minimum", "Where", "Lerp", "sqrt", "rsqrt", "abs", "absolute", "clamp", "clip",
           "clamp_min", "clamp_max", "maximum", "minimum", "where", "lerp"]


class Sqrt(NumpyFunction):
    """Square root; derivative 1/(2 sqrt(a))."""

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


class Rsqrt(NumpyFunction):
    """1/sqrt(a); derivative -1/(2 a**1.5)."""

    formula, derivatives = "1/sqrt(a)", ("-0.5/sqrt(a)**3",)

    @staticmethod
    def forward(ctx, a):
        out = 1 / np.sqrt(to_float(a))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * -0.5 * (out * out * out)


class Abs(NumpyFunction):
    """Absolute value; its derivative at 0 is 0, as PyTorch."""

    formula, derivatives = "abs(a)", ("sign(a)",)

    @staticmethod
    def forward(ctx, a):
        if a.dtype == bool:
            raise TypeError('"abs" is not implemented for bool tensors')
        ctx.save_for_backward(a)
        return np.abs(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * np.sign(a)


class Clamp(NumpyFunction):
    """a limited to [low, high]: min(max(a, low), high). Bounds are numbers, tensors or None.
    As PyTorch, a gets the gradient where low <= a <= high; a tensor bound gets it where it is
    the result (low where a < low < high, high where a > high or high < low)."""

    formula = "clamp(a, b, c)"
    derivatives = ("where(between(a, b, c), 1, 0)",
                   "where((a < b) & (b < c), 1, 0) if c is not None else where(a < b, 1, 0)",
                   "where((a > c) | (c < b), 1, 0) if b is not None else where(a > c, 1, 0)")

    @staticmethod
    def forward(ctx, a, low, high):
        if low is None and high is None:
            raise RuntimeError("clamp: at least one of 'min' or 'max' must not be None")
        dtype = result_type(a, low, high)
        if dtype == bool and not (isinstance(low, np.ndarray) and high is None or
                                  isinstance(high, np.ndarray) and low is None):
            raise TypeError('"clamp" is not implemented for bool tensors (except with one '
                            "tensor bound, as in PyTorch)")
        a, low, high = (_as(x, dtype) for x in (a, low, high))
        out = a if low is None else np.maximum(a, low)
        out = out if high is None else np.minimum(out, high)
        need_a, need_low, need_high = ctx.needs_input_grad
        if need_a:
            ctx.pass_a = _both(None if low is None else a >= low,
                               None if high is None else a <= high)
        if need_low:
            ctx.pass_low = _both(a < low, None if high is None else low < high)
        if need_high:
            ctx.pass_high = a > high if low is None else np.logical_or(a > high, high < low)
        return out

    @staticmethod
    def backward(ctx, grad):
        need_a, need_low, need_high = ctx.needs_input_grad
        return (np.where(ctx.pass_a, grad, 0) if need_a else None,
                np.where(ctx.pass_low, grad, 0) if need_low else None,
                np.where(ctx.pass_high, grad, 0) if need_high else None)


class ClampNumbers(Clamp):
    """clamp with bounds that are numbers (PyTorch's ClampBackward1)."""

    node_name = "ClampBackward1"
    op_name = "Clamp"


class ClampMin(Clamp):
    """clamp_min(number): a limited from below."""


class ClampMax(Clamp):
    """clamp_max(number): a limited from above."""


class ClampMinTensor(Clamp):
    """clamp_min(tensor): a limited from below by a tensor (PyTorch's ClampMinBackward1)."""

    node_name = "ClampMinBackward1"
    op_name = "ClampMin"


class ClampMaxTensor(Clamp):
    """clamp_max(tensor): a limited from above by a tensor (PyTorch's ClampMaxBackward1)."""

    node_name = "ClampMaxBackward1"
    op_name = "ClampMax"


def _as(x, dtype):
    """x in dtype when it is an array (a number is weak in NumPy: the arrays decide)."""
    return x.astype(dtype) if isinstance(x, np.ndarray) and x.dtype != dtype else x


def _both(mask, other):
    return mask if other is None else other if mask is None else np.logical_and(mask, other)


class Maximum(NumpyFunction):
    """Elementwise maximum (NaN wins). As PyTorch: on ties each input gets half the
    gradient; an input gets none where it is smaller, so with a NaN both get it all."""

    formula = "maximum(a, b)"
    derivatives = ("where(a == b, 0.5, where(a < b, 0, 1))",
                   "where(a == b, 0.5, where(a > b, 0, 1))")

    @staticmethod
    def forward(ctx, a, b):
        a, b = promote(a, b)
        ctx.save_for_backward(a, b)
        return np.maximum(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return _tie_split(grad, a, b, ctx.needs_input_grad, np.less)


class Minimum(NumpyFunction):
    """Elementwise minimum (NaN wins). As PyTorch: on ties each input gets half the
    gradient; an input gets none where it is larger, so with a NaN both get it all."""

    formula = "minimum(a, b)"
    derivatives = ("where(a == b, 0.5, where(a > b, 0, 1))",
                   "where(a == b, 0.5, where(a < b, 0, 1))")

    @staticmethod
    def forward(ctx, a, b):
        a, b = promote(a, b)
        ctx.save_for_backward(a, b)
        return np.minimum(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return _tie_split(grad, a, b, ctx.needs_input_grad, np.greater)


def _tie_split(grad, a, b, needs, loses):
    """Each input's gradient: grad/2 on ties, 0 where it `loses` to the other, else grad."""
    tie = np.equal(a, b)
    half = grad * 0.5
    need_a, need_b = needs
    return (np.where(tie, half, np.where(loses(a, b), 0, grad)) if need_a else None,
            np.where(tie, half, np.where(loses(b, a), 0, grad)) if need_b else None)


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


class Lerp(NumpyFunction):
    """Linear interpolation a + w*(b - a), computed as PyTorch does (from the nearer end);
    d/da = 1 - w, d/db = w, d/dw = b - a."""

    formula, derivatives = "a + c*(b - a)", ("1 - c", "c", "b - a")

    @staticmethod
    def forward(ctx, a, b, weight):
        _check_lerp(a, b, weight)
        if isinstance(weight, np.ndarray) and weight.dtype != a.dtype:
            weight = weight.astype(a.dtype)  # a 0-d weight of another dtype
        need_a, need_b, need_weight = ctx.needs_input_grad
        ctx.save_for_backward(a if need_weight else None, b if need_weight else None,
                              weight if need_a or need_b else None)
        difference = b - a
        return np.where(np.less(weight, 0.5), a + weight * difference,
                        b - difference * (1 - weight))

    @staticmethod
    def backward(ctx, grad):
        a, b, weight = ctx.saved_tensors
        need_a, need_b, need_weight = ctx.needs_input_grad
        return (grad * (1 - weight) if need_a else None, grad * weight if need_b else None,
                grad * (b - a) if need_weight else None)


def _check_lerp(a, b, weight) -> None:
    """PyTorch's rules: start and end of one floating dtype; a weight tensor of it too."""
    if not isinstance(a, np.ndarray) or not isinstance(b, np.ndarray):
        raise TypeError("lerp: input and end must be tensors")
    require_float(a, "lerp")
    if b.dtype != a.dtype:
        raise RuntimeError(f"lerp: expected dtype {a.dtype} for `end` but got dtype {b.dtype}")
    if isinstance(weight, np.ndarray) and weight.dtype != a.dtype and weight.ndim:
        raise RuntimeError(f"lerp: expected dtype {a.dtype} for `weight` but got dtype "
                           f"{weight.dtype}")


def sqrt(input):
    """Square root elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("sqrt", input=input)
    return Sqrt.apply(input)


def rsqrt(input):
    """1/sqrt(x) elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("rsqrt", input=input)
    return Rsqrt.apply(input)


def abs(input):
    """|x| elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("abs", input=input)
    return Abs.apply(input)


absolute = abs


def clamp(input, min=None, max=None):
    """Values limited to [min, max]; bounds may be numbers or tensors (None: no bound)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("clamp", input=input)
    if min is not None and not isinstance(min, TENSOR_LIKE):
        raise not_a_tensor("clamp", min=min)
    if max is not None and not isinstance(max, TENSOR_LIKE):
        raise not_a_tensor("clamp", max=max)
    tensor_bound = isinstance(min, Tensor) or isinstance(max, Tensor)
    return (Clamp if tensor_bound else ClampNumbers).apply(input, min, max)


clip = clamp


def clamp_min(input, min):
    """Values limited from below."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("clamp_min", input=input)
    return (ClampMinTensor if isinstance(min, Tensor) else ClampMin).apply(input, min, None)


def clamp_max(input, max):
    """Values limited from above."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("clamp_max", input=input)
    return (ClampMaxTensor if isinstance(max, Tensor) else ClampMax).apply(input, None, max)


def maximum(input, other):
    """Elementwise maximum of two tensors (NaN propagates)."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("maximum", input=input, other=other)
    return Maximum.apply(input, other)


def minimum(input, other):
    """Elementwise minimum of two tensors (NaN propagates)."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("minimum", input=input, other=other)
    return Minimum.apply(input, other)


def where(condition, input, other):
    """input where condition holds, else other (broadcast together)."""
    if not (isinstance(condition, TENSOR_LIKE) and
            isinstance(input, TENSOR_LIKE) and
            isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("where", condition=condition, input=input, other=other)
    condition = condition._data if isinstance(condition, Tensor) else condition
    return Where.apply(condition, input, other)


def lerp(input, end, weight):
    """input + weight * (end - input); weight a number or a tensor."""
    if not (isinstance(input, TENSOR_LIKE) and
            isinstance(end, TENSOR_LIKE) and
            isinstance(weight, TENSOR_LIKE)):
        raise not_a_tensor("lerp", input=input, end=end, weight=weight)
    return Lerp.apply(input, end, weight)

"""Copies and conversions: to(dtype), clone, and fill/copy (the ops behind fill_, zero_, copy_)."""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.dtypes import fitted

__all__ = ["Cast", "Clone", "Fill", "to_dtype", "clone"]


class Cast(NumpyFunction):
    """a converted to another dtype; the engine converts the gradient back to a's dtype."""

    node_name = "ToCopyBackward0"
    formula, derivatives = "a.to(dtype)", ("1", None)

    @staticmethod
    def forward(ctx, a, dtype):
        return a.astype(dtype)

    @staticmethod
    def backward(ctx, grad):
        return grad, None


class Clone(NumpyFunction):
    """A copy of a."""

    formula, derivatives = "a", ("1",)

    @staticmethod
    def forward(ctx, a):
        return a.copy()

    @staticmethod
    def backward(ctx, grad):
        return grad


class Fill(NumpyFunction):
    """a's shape filled from `value` (a number or a tensor broadcast to a's shape): what
    fill_, zero_ and copy_ write. a gets no gradient; value gets it all."""

    formula, derivatives = "value", ("0", "1")

    @staticmethod
    def forward(ctx, a, value):
        if not isinstance(value, np.ndarray):
            value = fitted(value, a.dtype)
        try:
            return np.broadcast_to(np.asarray(value, dtype=a.dtype), a.shape).copy()
        except ValueError:
            raise RuntimeError(f"the value of shape {np.shape(value)} cannot be broadcast to "
                               f"the tensor's shape {a.shape}") from None

    @staticmethod
    def backward(ctx, grad):
        need_a, _ = ctx.needs_input_grad
        return (grad * 0 if need_a else None), grad


def to_dtype(input, dtype):
    """input converted to dtype (itself when it already has it)."""
    dtype = np.dtype(dtype)
    return input if input.dtype == dtype else Cast.apply(input, dtype)


def clone(input):
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("clone", input=input)
    return Clone.apply(input)

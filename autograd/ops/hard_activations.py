"""The "hard" activations, piecewise-linear stand-ins for tanh, sigmoid and swish:
hardtanh (and relu6 = hardtanh(0, 6)), hardsigmoid, hardswish.

As PyTorch, the derivative at each corner is that of the flat side (hardtanh'(max) = 0,
hardswish'(-3) = 0, hardswish'(3) = 1). hardtanh and relu6 keep integer dtypes; hardsigmoid
and hardswish take floating-point tensors only.
"""
from __future__ import annotations

import numpy as np

from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.dtypes import require_float
from autograd.function import NumpyFunction

__all__ = ["Hardtanh", "Hardsigmoid", "Hardswish", "hardtanh", "relu6", "hardsigmoid",
           "hardswish"]


class Hardtanh(NumpyFunction):
    """a clipped to [min_val, max_val]; derivative 1 strictly inside, else 0."""

    formula = "clip(a, min_val, max_val)"
    derivatives = ("where((a > min_val) & (a < max_val), 1, 0)", None, None)

    @staticmethod
    def forward(ctx, a, min_val, max_val):
        if a.dtype == bool:
            raise TypeError("hardtanh: bool tensors are not supported")
        if a.dtype.kind in "iu":  # the bounds convert to the tensor's type, as in PyTorch
            min_val, max_val = int(min_val), int(max_val)
        ctx.save_for_backward(a)
        ctx.min_val, ctx.max_val = min_val, max_val
        return np.minimum(np.maximum(a, min_val), max_val)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        inside = np.logical_and(a > ctx.min_val, a < ctx.max_val)
        return np.where(inside, grad, 0), None, None


class Hardsigmoid(NumpyFunction):
    """relu6(a + 3)/6: 0 below -3, 1 above 3; derivative 1/6 strictly between."""

    formula, derivatives = "clip(a/6 + 1/2, 0, 1)", ("where((a > -3) & (a < 3), 1/6, 0)",)

    @staticmethod
    def forward(ctx, a):
        a = require_float(a, "hardsigmoid")
        ctx.save_for_backward(a)
        return np.minimum(np.maximum(a + 3, 0), 6) / 6

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return np.where(np.logical_and(a > -3, a < 3), grad / 6, 0)


class Hardswish(NumpyFunction):
    """a*relu6(a + 3)/6; derivative 0 up to -3, a/3 + 1/2 between, 1 from 3."""

    formula = "a*clip(a/6 + 1/2, 0, 1)"
    derivatives = ("where(a <= -3, 0, where(a < 3, a/3 + 1/2, 1))",)

    @staticmethod
    def forward(ctx, a):
        a = require_float(a, "hardswish")
        ctx.save_for_backward(a)
        return a * (np.minimum(np.maximum(a + 3, 0), 6) / 6)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return np.where(a <= -3, 0, np.where(a < 3, grad * (a / 3 + 0.5), grad))


def hardtanh(input, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False):
    """x clipped to [min_val, max_val]."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("hardtanh", input=input)
    if min_val > max_val:
        raise ValueError("hardtanh: min_val cannot be greater than max_val")
    if inplace:
        return input._inplace(Hardtanh, min_val, max_val)
    return Hardtanh.apply(input, min_val, max_val)


def relu6(input, inplace: bool = False):
    """min(max(x, 0), 6)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("relu6", input=input)
    return hardtanh(input, 0.0, 6.0, inplace)


def hardsigmoid(input, inplace: bool = False):
    """relu6(x + 3)/6 elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("hardsigmoid", input=input)
    return input._inplace(Hardsigmoid) if inplace else Hardsigmoid.apply(input)


def hardswish(input, inplace: bool = False):
    """x*relu6(x + 3)/6 elementwise."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("hardswish", input=input)
    return input._inplace(Hardswish) if inplace else Hardswish.apply(input)

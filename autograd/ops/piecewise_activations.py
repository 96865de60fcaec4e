"""Activations made of pieces with a parameter: the shrinkages hardshrink and softshrink,
threshold, prelu (a learned slope), rrelu (a random slope); and two composed of other ops,
tanhshrink (x - tanh x) and glu (a gated half times the sigmoid of the other).

As PyTorch: the derivative at a corner is that of the flat side (hardshrink'(lambd) = 0,
threshold'(threshold) = 0, prelu'(0) = weight); threshold keeps integer dtypes (its bounds
convert to the tensor's type), the others take floating-point tensors only.
"""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.activations import LeakyRelu, sigmoid
from autograd.ops.arithmetic import Mul
from autograd.ops.arguments import check_is_tensor
from autograd.ops.dtypes import require_float
from autograd.ops.join import narrow
from autograd.ops.reduce import normalize_dim
from autograd.ops.trig import tanh
from autograd.random import default_generator
from autograd.tensor import Tensor

__all__ = ["Hardshrink", "Softshrink", "Threshold", "Prelu", "hardshrink", "softshrink",
           "tanhshrink", "threshold", "prelu", "rrelu", "glu", "RreluWithNoise", "RreluMeanSlope",
           "Glu"]


class Hardshrink(NumpyFunction):
    """a where |a| > lambd, else 0; derivative 1 where |a| > lambd, else 0."""

    formula, derivatives = "where(abs(a) > lambd, a, 0)", ("where(abs(a) > lambd, 1, 0)", None)

    @staticmethod
    def forward(ctx, a, lambd):
        a = require_float(a, "hardshrink")
        ctx.lambd = lambd
        ctx.keep = ~(np.abs(a) <= lambd)  # NaN is kept, as PyTorch
        return np.where(ctx.keep, a, 0).astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        return np.where(ctx.keep, grad, 0), None


class Softshrink(NumpyFunction):
    """a - lambd above lambd, a + lambd below -lambd, else 0; derivative 1 where
    |a| > lambd, else 0."""

    formula = "where(a > lambd, a - lambd, where(a < -lambd, a + lambd, 0))"
    derivatives = ("where(abs(a) > lambd, 1, 0)", None)

    @staticmethod
    def forward(ctx, a, lambd):
        a = require_float(a, "softshrink")
        ctx.lambd = lambd
        ctx.keep = ~(np.abs(a) <= lambd)  # NaN is kept, as PyTorch
        return np.where(ctx.keep, a - np.sign(a) * lambd, 0).astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        return np.where(ctx.keep, grad, 0), None


class Threshold(NumpyFunction):
    """a where a > threshold, else value; derivative 1 where a > threshold, else 0."""

    formula, derivatives = "where(a > threshold, a, value)", ("where(a > threshold, 1, 0)",
                                                              None, None)

    @staticmethod
    def forward(ctx, a, threshold, value):
        if a.dtype == bool:
            raise TypeError("threshold: bool tensors are not supported; convert them first, e.g. "
                        "x.float()")
        if a.dtype.kind in "iu":  # the bounds convert to the tensor's type, as in PyTorch
            threshold, value = int(threshold), int(value)
        ctx.threshold, ctx.value = threshold, value
        ctx.keep = ~(a <= threshold)  # NaN is kept, as PyTorch
        return np.where(ctx.keep, a, value).astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        return np.where(ctx.keep, grad, 0), None, None


class Prelu(NumpyFunction):
    """a where a > 0, else b*a (b the learned slopes, shaped to broadcast over a's
    channels); d/da = 1 where a > 0, else b; d/db = a where a <= 0, else 0."""

    node_name = "PreluKernelBackward0"
    formula, derivatives = "where(a > 0, a, b*a)", ("where(a > 0, 1, b)", "where(a > 0, 0, a)")

    @staticmethod
    def forward(ctx, a, b):
        need_a, need_b = ctx.needs_input_grad
        ctx.save_for_backward(a if need_b else None, b if need_a else None)
        ctx.positive = a > 0
        return np.where(ctx.positive, a, b * a)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (np.where(ctx.positive, grad, grad * b) if need_a else None,
                np.where(ctx.positive, 0, grad * a) if need_b else None)


def hardshrink(input, lambd: float = 0.5):
    """input where |input| > lambd, else 0."""
    check_is_tensor("hardshrink", input=input)
    return Hardshrink.apply(input, lambd)


def softshrink(input, lambd: float = 0.5):
    """input moved lambd towards 0, and 0 within [-lambd, lambd] (lambd >= 0)."""
    check_is_tensor("softshrink", input=input)
    if lambd < 0:
        raise RuntimeError(f"softshrink: lambda must be greater or equal to 0, but found to be "
                           f"{lambd}.")
    return Softshrink.apply(input, lambd)


def tanhshrink(input):
    """input - tanh(input)."""
    check_is_tensor("tanhshrink", input=input)
    return input - tanh(input)


def threshold(input, threshold: float, value: float, inplace: bool = False):
    """input where input > threshold, else value."""
    check_is_tensor("threshold", input=input)
    if inplace:
        return input._inplace(Threshold, threshold, value)
    return Threshold.apply(input, threshold, value)


def prelu(input, weight):
    """input where input > 0, else weight*input; weight holds one slope, or one per channel
    (dim 1 of input; a 1-D input has one channel), of input's dtype."""
    check_is_tensor("prelu", input=input, weight=weight)
    if input.dtype != weight.dtype:
        raise RuntimeError(f"prelu: Type promoting not supported. Got {input.dtype} and "
                           f"{weight.dtype}")
    require_float(input._data, "prelu")
    if weight.ndim > 1:
        raise RuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: "
                           f"ndim = {weight.ndim}")
    if weight.numel() != 1:
        if input.ndim == 0:
            raise RuntimeError("prelu: Not allow zero-dim input tensor (with more than one "
                               "weight).")
        channels = input.shape[1] if input.ndim > 1 else 1
        if channels != weight.numel():
            raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found "
                               f"parameter numbers = {weight.numel()} and channel size = "
                               f"{channels}.")
    if input.ndim >= 2:  # one slope per channel, along dim 1
        shape = [1] * input.ndim
        shape[1] = weight.numel()
        weight = weight.reshape(shape)
    else:  # one slope: the result keeps input's shape
        weight = weight.reshape(())
    return Prelu.apply(input, weight)


class RreluWithNoise(Mul):
    """rrelu in training: a times its noise (1 where a > 0, a random slope elsewhere), a Mul
    (PyTorch's RreluWithNoiseBackward0)."""

    op_name = "Mul"


class RreluMeanSlope(LeakyRelu):
    """rrelu in evaluation: leaky_relu with the mean slope (PyTorch's
    RreluWithNoiseBackward0)."""

    node_name = "RreluWithNoiseBackward0"
    op_name = "LeakyRelu"


class Glu(Mul):
    """glu's last step: the first half times the sigmoid of the second, a Mul (PyTorch's
    GluBackward0)."""

    op_name = "Mul"


def rrelu(input, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False,
          inplace: bool = False, generator=None):
    """Randomized leaky relu: input where input > 0, else r*input. In training, r is drawn
    from U(lower, upper) for each element <= 0 (the numbers PyTorch draws for the same seed);
    in evaluation, r is the mean slope (lower + upper)/2 (leaky_relu)."""
    check_is_tensor("rrelu", input=input)
    if not training:
        slope = (lower + upper) / 2
        return input._inplace(RreluMeanSlope, slope) if inplace else \
            RreluMeanSlope.apply(input, slope)
    data = require_float(input._data, "rrelu_with_noise")
    negative = data <= 0
    words = (generator or default_generator).random64(int(negative.sum()))
    unit = (words & np.uint64(2 ** 53 - 1)).astype(np.float64) * 2.0 ** -53
    slopes = np.ones(data.shape, data.dtype)
    slopes[negative] = unit * (upper - lower) + lower
    noise = Tensor._make(slopes)
    return input._inplace(RreluWithNoise, noise) if inplace else RreluWithNoise.apply(input, noise)


def glu(input, dim: int = -1):
    """The gated linear unit: input split in halves a, b along dim; a * sigmoid(b)."""
    check_is_tensor("glu", input=input)
    if input.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    dim = normalize_dim(dim, input.ndim, "glu")
    if input.shape[dim] % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {dim} is size "
                           f"{input.shape[dim]}")
    require_float(input._data, "glu")
    size = input.shape[dim] // 2
    return Glu.apply(narrow(input, dim, 0, size), sigmoid(narrow(input, dim, size, size)))

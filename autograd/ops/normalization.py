"""Normalisation: batch_norm, layer_norm and group_norm, each one node.

Each normalises x̂ = (x - μ)/√(σ² + ε) over some axes (σ² biased), then scales and shifts,
y = γ·x̂ + β. When μ and σ² come from x itself, the gradient is the course's one-liner, for
M values normalised together and g = γ·dy:

    dx = 1/(M·√(σ² + ε)) · (M·g - Σ g - x̂·Σ(g·x̂)),   dγ = Σ dy·x̂,   dβ = Σ dy.

Batch norm in evaluation uses running statistics, constants: dx = γ·dy/√(σ² + ε).
"""
from __future__ import annotations

import functools
import math
import numbers

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import check_optional_tensors, check_tensors
from autograd.tensor import Tensor

__all__ = ["BatchNorm", "LayerNorm", "GroupNorm", "batch_norm", "layer_norm", "group_norm"]


@functools.lru_cache(maxsize=64)
def _column(count: int, value: float, dtype: np.dtype) -> np.ndarray:
    """A (count, 1) column filled with `value`, read-only (shared between calls)."""
    column = np.full((count, 1), value, dtype=dtype)
    column.flags.writeable = False
    return column


def _mean(x, axes: tuple):
    """The mean over `axes`, kept as size-1 dims (arrays, or Tensors when a backward is
    recorded). Over trailing dims it is a matrix-vector product: BLAS sums rows of a few
    dozen numbers several times faster than NumPy's reduction along the last axis."""
    lead = x.ndim - len(axes)
    if axes != tuple(range(lead, x.ndim)):
        return np.mean(x, axis=axes, keepdims=True)
    count = math.prod(x.shape[lead:])
    rows = x.reshape(-1, count) @ _column(count, 1 / count, x.dtype)
    return rows.reshape(x.shape[:lead] + (1,) * len(axes))


def _sum_leading(a, lead: int):
    """Σ over the first `lead` dims (the batch of a layer norm), as ones @ rows."""
    if not lead:
        return a
    rows = a.reshape(math.prod(a.shape[:lead]), -1)
    return (rows.T @ _column(rows.shape[0], 1.0, a.dtype)).reshape(a.shape[lead:])


def _moments(x, axes: tuple) -> tuple:
    """μ, x - μ and the biased σ² over `axes`."""
    mean = _mean(x, axes)
    centered = x - mean
    return mean, centered, _mean(centered * centered, axes)


def _normalize(x, axes: tuple, eps: float) -> tuple:
    """x̂, μ and 1/√(σ² + ε) over `axes`."""
    mean, centered, var = _moments(x, axes)
    inv_std = 1 / np.sqrt(var + eps)
    return centered * inv_std, mean, inv_std


def _normalized_grad(g, x_hat, inv_std, axes: tuple):
    """dx of x̂·γ when μ, σ² come from x, with g = γ·dy: the course's
    (M·g - Σg - x̂·Σ g·x̂)·inv_std/M, written with means: (g - ḡ - x̂·mean(g·x̂))·inv_std."""
    return (g - _mean(g, axes) - x_hat * _mean(g * x_hat, axes)) * inv_std


def _affine(x_hat, weight, bias, shape: tuple):
    """γ·x̂ + β with γ, β reshaped to broadcast against x̂ (either may be None)."""
    if weight is None:
        return x_hat.copy() if bias is None else x_hat + bias.reshape(shape)
    out = x_hat * weight.reshape(shape)
    if bias is not None:
        out += bias.reshape(shape)
    return out


# The derivative texts (checked against backward by a test; viz shows them) read x̂ as
# (a - mu)*inv_std, from the statistics each op keeps on its node, and γ reshaped to x.
_X_HAT = "(a - mu)*inv_std"


class BatchNorm(NumpyFunction):
    """γ·(x - μ)/√(σ² + ε) + β per channel (dim 1), μ and σ² over every other dim; with
    `training` from the batch (and the running statistics updated in place), else the
    running statistics.  dx = γ/(M·σ)·(M·dy - Σdy - x̂·Σ dy·x̂),  dγ = Σ dy·x̂,  dβ = Σ dy."""

    _gamma = "(1 if b is None else reshape(b, shape))"
    node_name = "NativeBatchNormBackward0"
    formula = "b*(a - mean(a))/sqrt(var(a) + eps) + c"
    derivatives = (
        f"(g*{_gamma} - mean(g*{_gamma}, axes) - {_X_HAT}*mean(g*{_gamma}*{_X_HAT}, axes))"
        f"*inv_std if training else g*{_gamma}*inv_std",
        f"reshape(sum(g*{_X_HAT}, axes), b.shape)", "reshape(sum(g, axes), c.shape)",
        None, None, None, None, None)

    @staticmethod
    def forward(ctx, x, weight, bias, running_mean, running_var, training, momentum, eps):
        axes = (0,) + tuple(range(2, x.ndim))
        shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
        count = x.size // x.shape[1]
        if training and count:
            mean, centered, var = _moments(x, axes)
            _update_running(running_mean, running_var, mean, var, count, momentum)
        elif training:  # an empty batch: nothing to normalise, the running statistics kept
            mean, var = np.zeros(shape, x.dtype), np.ones(shape, x.dtype)
            centered = x
        else:
            mean, var = running_mean.reshape(shape), running_var.reshape(shape)
            centered = x - mean
        inv_std = 1 / np.sqrt(var + eps)
        x_hat = centered * inv_std
        ctx.save_for_backward(x, weight, x_hat)
        ctx.mu, ctx.inv_std = mean, inv_std
        ctx.axes, ctx.shape, ctx.count, ctx.training, ctx.eps = axes, shape, count, training, eps
        return _affine(x_hat, weight, bias, shape)

    @staticmethod
    def backward(ctx, grad):
        x, weight, x_hat = ctx.saved_tensors
        need_x, need_weight, need_bias = ctx.needs_input_grad[:3]
        inv_std = ctx.inv_std
        if isinstance(x, Tensor):  # create_graph: x̂ as a function of x, differentiable again
            if ctx.training:
                x_hat, _, inv_std = _normalize(x, ctx.axes, ctx.eps)
            else:
                x_hat = (x - ctx.mu) * inv_std
        g = grad if weight is None else grad * np.reshape(weight, ctx.shape)
        grad_x = grad_weight = grad_bias = None
        if need_x:
            grad_x = (_normalized_grad(g, x_hat, inv_std, ctx.axes) if ctx.training
                      else g * inv_std)
        if need_weight:
            grad_weight = np.sum(grad * x_hat, axis=ctx.axes)
        if need_bias:
            grad_bias = np.sum(grad, axis=ctx.axes)
        return grad_x, grad_weight, grad_bias, None, None, None, None, None


def _update_running(running_mean, running_var, mean, var, count: int, momentum) -> None:
    """r ← (1 - momentum)·r + momentum·s, in place, s the batch mean and unbiased variance."""
    if running_mean is not None:
        running_mean *= 1 - momentum
        running_mean += momentum * mean.reshape(-1)
    if running_var is not None:
        running_var *= 1 - momentum
        running_var += (momentum * count / (count - 1)) * var.reshape(-1)


class LayerNorm(NumpyFunction):
    """γ·(x - μ)/√(σ² + ε) + β with μ, σ² per example over the last dims;
    dx = 1/(D·σ)·(D·g - Σg - x̂·Σ g·x̂) with g = γ·dy,  dγ = Σ_batch dy·x̂,  dβ = Σ_batch dy."""

    _gamma = "(1 if b is None else b)"
    node_name = "NativeLayerNormBackward0"
    formula = "b*(a - mean(a))/sqrt(var(a) + eps) + c"
    derivatives = (
        f"(g*{_gamma} - mean(g*{_gamma}, axes) - {_X_HAT}*mean(g*{_gamma}*{_X_HAT}, axes))"
        "*inv_std", f"g*{_X_HAT}", "1", None, None)

    @staticmethod
    def forward(ctx, x, weight, bias, normalized_ndim, eps):
        axes = tuple(range(x.ndim - normalized_ndim, x.ndim))
        x_hat, ctx.mu, ctx.inv_std = _normalize(x, axes, eps)
        ctx.save_for_backward(x, weight, x_hat)
        ctx.axes, ctx.eps = axes, eps
        return _affine(x_hat, weight, bias, x.shape[x.ndim - normalized_ndim:])

    @staticmethod
    def backward(ctx, grad):
        x, weight, x_hat = ctx.saved_tensors
        need_x, need_weight, need_bias = ctx.needs_input_grad[:3]
        inv_std = ctx.inv_std
        if isinstance(x, Tensor):  # create_graph: x̂ as a function of x, differentiable again
            x_hat, _, inv_std = _normalize(x, ctx.axes, ctx.eps)
        lead = x.ndim - len(ctx.axes)
        grad_x = grad_weight = grad_bias = None
        if need_x:
            g = grad if weight is None else grad * weight
            grad_x = _normalized_grad(g, x_hat, inv_std, ctx.axes)
        if need_weight:
            grad_weight = _sum_leading(grad * x_hat, lead)
        if need_bias:
            grad_bias = _sum_leading(grad, lead)
        return grad_x, grad_weight, grad_bias, None, None


class GroupNorm(NumpyFunction):
    """γ·(x - μ)/√(σ² + ε) + β with μ, σ² per example and group of C/G channels (over the
    group's channels and all positions), γ and β per channel; dx as layer norm's, per group."""

    _g = "reshape(g*(1 if b is None else reshape(b, shape)), grouped)"
    _x_hat = "(reshape(a, grouped) - mu)*inv_std"
    node_name = "NativeGroupNormBackward0"
    formula = "b*(a - mean_group(a))/sqrt(var_group(a) + eps) + c"
    derivatives = (
        f"reshape(({_g} - mean({_g}, 2) - {_x_hat}*mean({_g}*{_x_hat}, 2))*inv_std, a.shape)",
        f"reshape(sum(g*reshape({_x_hat}, a.shape), axes), b.shape)",
        "reshape(sum(g, axes), c.shape)", None, None)

    @staticmethod
    def forward(ctx, x, weight, bias, num_groups, eps):
        shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
        grouped = (x.shape[0], num_groups, int(np.prod(x.shape[1:])) // num_groups)
        x_hat, ctx.mu, ctx.inv_std = _normalize(x.reshape(grouped), (2,), eps)
        x_hat = x_hat.reshape(x.shape)
        ctx.save_for_backward(x, weight, x_hat)
        ctx.grouped, ctx.shape, ctx.eps = grouped, shape, eps
        ctx.axes = (0,) + tuple(range(2, x.ndim))
        return _affine(x_hat, weight, bias, shape)

    @staticmethod
    def backward(ctx, grad):
        x, weight, x_hat = ctx.saved_tensors
        need_x, need_weight, need_bias = ctx.needs_input_grad[:3]
        inv_std = ctx.inv_std
        if isinstance(x, Tensor):  # create_graph: x̂ as a function of x, differentiable again
            x_hat, _, inv_std = _normalize(np.reshape(x, ctx.grouped), (2,), ctx.eps)
            x_hat = np.reshape(x_hat, x.shape)
        grad_x = grad_weight = grad_bias = None
        if need_x:
            g = grad if weight is None else grad * np.reshape(weight, ctx.shape)
            g, grouped_x_hat = np.reshape(g, ctx.grouped), np.reshape(x_hat, ctx.grouped)
            grad_x = np.reshape(_normalized_grad(g, grouped_x_hat, inv_std, (2,)), x.shape)
        if need_weight:
            grad_weight = np.sum(grad * x_hat, axis=ctx.axes)
        if need_bias:
            grad_bias = np.sum(grad, axis=ctx.axes)
        return grad_x, grad_weight, grad_bias, None, None


def _same_dtype(op: str, input: Tensor, **tensors) -> None:
    if input.dtype.kind != "f":
        raise NotImplementedError(f'"{op}" not implemented for {input.dtype} input: '
                                  "normalisation needs a floating-point tensor")
    for name, value in tensors.items():
        if value is not None and value.dtype != input.dtype:
            raise RuntimeError(f"{op}: mixed dtype (CPU): all inputs must share same datatype; "
                               f"input is {input.dtype} but {name} is {value.dtype}")


def batch_norm(input: Tensor, running_mean: Tensor | None, running_var: Tensor | None,
               weight: Tensor | None = None, bias: Tensor | None = None,
               training: bool = False, momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """Batch normalisation, as `torch.nn.functional.batch_norm`.

    With `training`, normalises with the batch mean and biased variance per channel and
    updates `running_mean`/`running_var` in place (when given):
    r ← (1 - momentum)·r + momentum·s, with the unbiased variance s²·M/(M - 1). Otherwise
    normalises with the running statistics.

    Shape: input (N, C, *); running statistics, weight and bias (C,); output like input.
    """
    check_tensors("batch_norm", input=input)
    check_optional_tensors("batch_norm", running_mean=running_mean, running_var=running_var,
                           weight=weight, bias=bias)
    if input.ndim < 2:
        raise ValueError(f"batch_norm: input must have shape (N, C, *), got {tuple(input.shape)}")
    _same_dtype("batch_norm", input, weight=weight, bias=bias, running_mean=running_mean,
                running_var=running_var)
    channels = input.shape[1]
    for name, value in (("running_mean", running_mean), ("running_var", running_var),
                        ("weight", weight), ("bias", bias)):
        if value is not None and value.shape != (channels,):
            raise RuntimeError(f"batch_norm: {name} should contain {channels} elements (the "
                               f"channels, dim 1 of input of shape {tuple(input.shape)}), not "
                               f"shape {tuple(value.shape)}")
    if training:
        if input.numel() // channels == 1:
            raise ValueError(f"Expected more than 1 value per channel when training, got input "
                             f"size {tuple(input.shape)}")
    elif running_mean is None or running_var is None:
        raise RuntimeError("batch_norm: running_mean and running_var must be defined in "
                           "evaluation mode (training=False)")
    return BatchNorm.apply(input, weight, bias, running_mean, running_var, bool(training),
                           float(momentum), float(eps))


def layer_norm(input: Tensor, normalized_shape, weight: Tensor | None = None,
               bias: Tensor | None = None, eps: float = 1e-5) -> Tensor:
    """Layer normalisation over the trailing `normalized_shape` dims, as PyTorch's.

    Shape: input (*, *normalized_shape); weight and bias normalized_shape; output like input.
    """
    check_tensors("layer_norm", input=input)
    check_optional_tensors("layer_norm", weight=weight, bias=bias)
    normalized_shape = as_shape(normalized_shape)
    _same_dtype("layer_norm", input, weight=weight, bias=bias)
    k = len(normalized_shape)
    if input.ndim < k or input.shape[input.ndim - k:] != normalized_shape:
        raise RuntimeError(f"Given normalized_shape={list(normalized_shape)}, expected input "
                           f"with shape [*, {', '.join(map(str, normalized_shape))}], but got "
                           f"input of size {tuple(input.shape)}")
    for name, value in (("weight", weight), ("bias", bias)):
        if value is not None and value.shape != normalized_shape:
            raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but "
                               f"got {name} of shape {tuple(value.shape)} and normalized_shape "
                               f"= {list(normalized_shape)}")
    return LayerNorm.apply(input, weight, bias, k, float(eps))


def group_norm(input: Tensor, num_groups: int, weight: Tensor | None = None,
               bias: Tensor | None = None, eps: float = 1e-5) -> Tensor:
    """Group normalisation, as `torch.nn.functional.group_norm`: the C channels split into
    `num_groups` groups, each normalised per example over its channels and positions.

    Shape: input (N, C, *); weight and bias (C,); output like input.
    """
    check_tensors("group_norm", input=input)
    check_optional_tensors("group_norm", weight=weight, bias=bias)
    if input.ndim < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received "
                           f"{input.ndim}")
    _same_dtype("group_norm", input, weight=weight, bias=bias)
    channels = input.shape[1]
    if isinstance(num_groups, bool) or not isinstance(num_groups, numbers.Integral) or \
            num_groups < 1 or channels % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by "
                           f"num_groups, but got input of shape {tuple(input.shape)} and "
                           f"num_groups={num_groups}")
    for name, value in (("weight", weight), ("bias", bias)):
        if value is not None and value.shape != (channels,):
            raise RuntimeError(f"Expected {name} to be a vector of size equal to the number of "
                               f"channels in input, but got {name} of shape "
                               f"{tuple(value.shape)} and input of shape {tuple(input.shape)}")
    return GroupNorm.apply(input, weight, bias, int(num_groups), float(eps))


def as_shape(shape, name: str = "normalized_shape") -> tuple:
    """An int or a sequence of non-negative ints as a shape tuple."""
    sizes = (shape,) if isinstance(shape, numbers.Integral) else shape
    if not isinstance(sizes, (tuple, list)) or not all(
            isinstance(n, numbers.Integral) and not isinstance(n, bool) for n in sizes):
        raise TypeError(f"{name} must be an int or a sequence of ints, got {shape!r}")
    if any(n < 0 for n in sizes):
        raise ValueError(f"{name} must hold non-negative sizes, got {shape!r}")
    return tuple(int(n) for n in sizes)

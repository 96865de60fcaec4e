"""Normalization layers: `BatchNorm1d`, `BatchNorm2d` and `LayerNorm`, each one fused graph node.

Both normalise x̂ = (x - μ)/√(σ² + ε) and then scale and shift, y = γ·x̂ + β. The backward
is the course's hand-derived one, for M values normalised together:

    dx = γ/(M·√(σ² + ε)) · (M·dy - Σ dy - x̂·Σ(dy·x̂)),   dγ = Σ dy·x̂,   dβ = Σ dy.

Batch norm takes μ, σ² (biased) per channel over the batch (and length/height/width) while
training, and keeps running estimates (the variance unbiased, as PyTorch) for evaluation;
layer norm takes them per example over the last dims.
"""
from __future__ import annotations

import numbers

import numpy as np

from autograd import Function, Tensor, is_grad_enabled
from nn.module import Module
from nn.parameter import Parameter

__all__ = ["BatchNorm", "LayerNormFunction", "batch_norm", "layer_norm",
           "BatchNorm1d", "BatchNorm2d", "LayerNorm"]


def _sum(a, axes: tuple):
    """Σ over `axes`, keeping dims, for NumPy arrays and Tensors alike."""
    return a.sum(axes, keepdim=True) if isinstance(a, Tensor) else a.sum(axes, keepdims=True)


def _normalization_backward(grad, x_hat, inv_std, weight, axes: tuple, count: int,
                            batch_stats: bool):
    """dx of y = γ·x̂ + β (arrays or Tensors): the course's formula when μ, σ² come from x,
    else γ·dy/√(σ² + ε). `weight` and `inv_std` are shaped to broadcast against x."""
    g = grad if weight is None else grad * weight
    if not batch_stats:
        return g * inv_std
    return (g * count - _sum(g, axes) - x_hat * _sum(g * x_hat, axes)) * (inv_std / count)


def _statistics(x: Tensor, axes: tuple, eps: float) -> tuple:
    """x̂ and 1/√(σ² + ε) recomputed with Tensor ops (for create_graph)."""
    mean = x.mean(axes, keepdim=True)
    centered = x - mean
    inv_std = ((centered * centered).mean(axes, keepdim=True) + eps) ** -0.5
    return centered * inv_std, inv_std


class BatchNorm(Function):
    """Batch normalisation over every dim but 1. y = γ·(x - μ)/√(σ² + ε) + β;
    dx = γ/(M√(σ²+ε))·(M·dy - Σdy - x̂·Σ dy·x̂),  dγ = Σ dy·x̂,  dβ = Σ dy."""

    formula = "γ·(a - μ)/√(σ² + ε) + β"
    derivatives = ("γ/(M·σ)·(M·g - Σg - x̂·Σ g·x̂)", "Σ g·x̂", "Σ g")

    @staticmethod
    def forward(ctx, x, weight, bias, running_mean, running_var, training, momentum, eps):
        axes = (0,) + tuple(range(2, x.ndim))
        shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
        count = x.size // x.shape[1]
        if training:
            mean = x.mean(axis=axes, keepdims=True)
            centered = x - mean
            var = np.mean(centered * centered, axis=axes, keepdims=True)
            if running_mean is not None:
                running_mean[...] = (1.0 - momentum) * running_mean + momentum * mean.reshape(-1)
            if running_var is not None:
                unbiased = var.reshape(-1) * (count / (count - 1))
                running_var[...] = (1.0 - momentum) * running_var + momentum * unbiased
        else:
            mean = running_mean.astype(x.dtype).reshape(shape)
            centered = x - mean
            var = running_var.reshape(shape)
        inv_std = (1.0 / np.sqrt(var + eps)).astype(x.dtype, copy=False)
        x_hat = centered
        x_hat *= inv_std
        ctx.save_for_backward(x, weight)
        ctx.x_hat, ctx.inv_std, ctx.mean = x_hat, inv_std, mean
        ctx.axes, ctx.shape, ctx.count, ctx.training, ctx.eps = axes, shape, count, training, eps
        out = x_hat * weight.reshape(shape) if weight is not None else x_hat.copy()
        if bias is not None:
            out += bias.reshape(shape)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        need_x, need_weight, need_bias = ctx.needs_input_grad[:3]
        axes, shape, count = ctx.axes, ctx.shape, ctx.count
        if is_grad_enabled():  # create_graph: recompute x̂ from x so this is differentiable
            if ctx.training:
                x_hat, inv_std = _statistics(x, axes, ctx.eps)
            else:
                x_hat, inv_std = (x - ctx.mean) * ctx.inv_std, ctx.inv_std
            scale = inv_std if weight is None else inv_std * weight.reshape(shape)
        else:
            grad, x_hat, inv_std = grad.data, ctx.x_hat, ctx.inv_std
            scale = inv_std if weight is None else inv_std * weight.data.reshape(shape)
        sum_dy = _sum(grad, axes)                   # = dβ
        sum_dy_x_hat = _sum(grad * x_hat, axes)     # = dγ
        grad_x = None
        if need_x:
            if ctx.training:   # the course's formula: γ/(Mσ)·(M·dy - Σdy - x̂·Σ dy·x̂)
                grad_x = (grad * count - sum_dy - x_hat * sum_dy_x_hat) * (scale / count)
            else:              # running statistics are constants: γ/σ·dy
                grad_x = grad * scale
        grad_weight = sum_dy_x_hat.reshape(-1) if need_weight else None
        grad_bias = sum_dy.reshape(-1) if need_bias else None
        return grad_x, grad_weight, grad_bias, None, None, None, None, None


def batch_norm(input: Tensor, running_mean: Tensor | None, running_var: Tensor | None,
               weight: Tensor | None = None, bias: Tensor | None = None,
               training: bool = False, momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """Batch normalisation, as `torch.nn.functional.batch_norm`.

    With `training`, normalises with the batch mean and biased variance per channel and
    updates `running_mean`/`running_var` in place (when given):
    r ← (1 - momentum)·r + momentum·s, with the unbiased variance s²·M/(M-1). Otherwise
    normalises with the running statistics.

    Shape: input (N, C, *); running stats, weight and bias (C,); output like input.
    """
    if not isinstance(input, Tensor):
        raise TypeError(f"batch_norm: input must be a Tensor, got {type(input).__name__}")
    if input.ndim < 2:
        raise ValueError(f"batch_norm: input must have shape (N, C, *), got {input.shape}")
    channels = input.shape[1]
    for name, value in (("running_mean", running_mean), ("running_var", running_var),
                        ("weight", weight), ("bias", bias)):
        if value is not None and value.shape != (channels,):
            raise ValueError(f"batch_norm: {name} of shape {value.shape} does not match the "
                             f"{channels} channels of input of shape {input.shape} (dim 1)")
    if training:
        if input.size(0) * int(np.prod(input.shape[2:])) <= 1:
            raise ValueError(f"batch_norm: expected more than 1 value per channel when "
                             f"training, got input of shape {input.shape}")
    elif running_mean is None or running_var is None:
        raise ValueError("batch_norm: evaluation (training=False) needs running_mean and "
                         "running_var")
    return BatchNorm.apply(input, weight, bias, running_mean, running_var, bool(training),
                           momentum, eps)


class LayerNormFunction(Function):
    """Layer normalisation over the last dims. y = γ·(x - μ)/√(σ² + ε) + β (μ, σ² per example);
    dx = 1/(D√(σ²+ε))·(D·g - Σg - x̂·Σ g·x̂) with g = γ·dy,
    dγ = Σ_batch dy·x̂,  dβ = Σ_batch dy."""

    formula = "γ·(a - μ)/√(σ² + ε) + β"
    derivatives = ("1/(D·σ)·(D·g - Σg - x̂·Σ g·x̂), g = γ·dy", "Σ dy·x̂", "Σ dy")

    @staticmethod
    def forward(ctx, x, weight, bias, normalized_ndim, eps):
        axes = tuple(range(x.ndim - normalized_ndim, x.ndim))
        mean = x.mean(axis=axes, keepdims=True)
        centered = x - mean
        inv_std = 1.0 / np.sqrt((centered * centered).mean(axis=axes, keepdims=True) + eps)
        x_hat = centered * inv_std
        ctx.save_for_backward(x, weight)
        ctx.x_hat, ctx.inv_std, ctx.axes, ctx.eps = x_hat, inv_std, axes, eps
        ctx.batch_axes = tuple(range(x.ndim - normalized_ndim))
        ctx.count = int(np.prod(x.shape[x.ndim - normalized_ndim:]))
        out = x_hat if weight is None else x_hat * weight
        return out if bias is None else out + bias

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        need_x, need_weight, need_bias = ctx.needs_input_grad[:3]
        if is_grad_enabled():  # create_graph: recompute x̂ from x so this is differentiable
            x_hat, inv_std = _statistics(x, ctx.axes, ctx.eps)
        else:
            grad, x_hat, inv_std = grad.data, ctx.x_hat, ctx.inv_std
            weight = None if weight is None else weight.data
        grad_x = _normalization_backward(grad, x_hat, inv_std, weight, ctx.axes, ctx.count,
                                         True) if need_x else None
        batch_axes = ctx.batch_axes
        grad_weight = (grad * x_hat).sum(batch_axes) if need_weight else None
        grad_bias = grad.sum(batch_axes) if need_bias else None
        return grad_x, grad_weight, grad_bias, None, None


def layer_norm(input: Tensor, normalized_shape, weight: Tensor | None = None,
               bias: Tensor | None = None, eps: float = 1e-5) -> Tensor:
    """Layer normalisation over the trailing `normalized_shape` dims, as PyTorch's.

    Shape: input (*, *normalized_shape); weight and bias normalized_shape; output like input.
    """
    normalized_shape = _as_shape(normalized_shape)
    if not isinstance(input, Tensor):
        raise TypeError(f"layer_norm: input must be a Tensor, got {type(input).__name__}")
    k = len(normalized_shape)
    if input.ndim < k or input.shape[input.ndim - k:] != normalized_shape:
        raise ValueError(f"layer_norm: input of shape {input.shape} must end in "
                         f"normalized_shape {normalized_shape}")
    for name, value in (("weight", weight), ("bias", bias)):
        if value is not None and value.shape != normalized_shape:
            raise ValueError(f"layer_norm: {name} of shape {value.shape} must equal "
                             f"normalized_shape {normalized_shape}")
    return LayerNormFunction.apply(input, weight, bias, k, eps)


def _as_shape(shape) -> tuple:
    if isinstance(shape, numbers.Integral):
        return (int(shape),)
    return tuple(int(n) for n in shape)


class _BatchNorm(Module):
    """Shared body of BatchNorm1d/2d: parameters, running-statistic buffers, forward."""

    _input_ranks: tuple = ()
    _input_names: str = ""

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = True, dtype=None, *,
                 bias: bool = True) -> None:
        super().__init__()
        if not isinstance(num_features, numbers.Integral) or num_features < 1:
            raise ValueError(f"{type(self).__name__}: num_features must be a positive int, "
                             f"got {num_features!r}")
        self.num_features, self.eps, self.momentum = int(num_features), float(eps), momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        dtype = np.dtype(dtype or np.float32)
        if affine:
            self.weight = Parameter(np.ones(num_features, dtype=dtype))
            if bias:
                self.bias = Parameter(np.zeros(num_features, dtype=dtype))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", Tensor(np.zeros(num_features, dtype=dtype)))
            self.register_buffer("running_var", Tensor(np.ones(num_features, dtype=dtype)))
            self.register_buffer("num_batches_tracked", Tensor(np.array(0, dtype=np.int64)))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def reset_running_stats(self) -> None:
        """Running mean 0, running variance 1, no batches tracked."""
        if self.track_running_stats:
            self.running_mean.data[...] = 0
            self.running_var.data[...] = 1
            self.num_batches_tracked.data[...] = 0

    def reset_parameters(self) -> None:
        """Statistics reset, γ = 1, β = 0."""
        self.reset_running_stats()
        if self.affine:
            self.weight.data[...] = 1
            if self.bias is not None:
                self.bias.data[...] = 0

    def forward(self, input: Tensor) -> Tensor:
        if not isinstance(input, Tensor):
            raise TypeError(f"{type(self).__name__}: input must be a Tensor, got "
                            f"{type(input).__name__}")
        if input.ndim not in self._input_ranks:
            raise ValueError(f"{type(self).__name__}: expected input of shape "
                             f"{self._input_names}, got {input.ndim}-d input of shape "
                             f"{input.shape}")
        if input.shape[1] != self.num_features:
            raise ValueError(f"{type(self).__name__}({self.num_features}): input of shape "
                             f"{input.shape} has {input.shape[1]} channels in dim 1, expected "
                             f"{self.num_features}")
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            self.num_batches_tracked.data[...] += 1
            if self.momentum is None:  # cumulative moving average
                factor = 1.0 / float(self.num_batches_tracked.data)
        use_batch_stats = self.training or self.running_mean is None
        keep_stats = not self.training or self.track_running_stats
        return batch_norm(input, self.running_mean if keep_stats else None,
                          self.running_var if keep_stats else None, self.weight, self.bias,
                          use_batch_stats, factor, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, bias={self.bias is not None}, "
                f"track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of (N, C) or (N, C, L) inputs, per channel C.

    Training: y = γ·(x - μ_B)/√(σ²_B + ε) + β with the batch mean and biased variance, and
    running_mean/running_var updated with `momentum` (None: cumulative average), the
    variance unbiased; evaluation: the running statistics. Buffers `running_mean`,
    `running_var`, `num_batches_tracked` as PyTorch's, so state dicts interchange.

    Args:
        num_features: C.
        eps: added to the variance before the square root.
        momentum: weight of the new batch in the running statistics (None: the
            cumulative average over all batches so far).
        affine: learn γ (`weight`, ones) and β (`bias`, zeros; `bias=False` drops it).
        track_running_stats: keep running statistics; without them evaluation also
            uses batch statistics.

    Shape: input (N, C) or (N, C, L); output the same.
    """

    _input_ranks, _input_names = (2, 3), "(N, C) or (N, C, L)"


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of images (N, C, H, W), per channel C (statistics over N, H, W).

    Same arguments and buffers as `BatchNorm1d`. Shape: input (N, C, H, W); output the same.
    """

    _input_ranks, _input_names = (4,), "(N, C, H, W)"


class LayerNorm(Module):
    """Layer normalisation over the trailing `normalized_shape` dims of each example.

    y = γ·(x - μ)/√(σ² + ε) + β with μ, σ² (biased) per example, the same in training and
    evaluation; γ (ones) and β (zeros) of shape `normalized_shape` when `elementwise_affine`.

    Shape: input (*, *normalized_shape); output the same.
    """

    def __init__(self, normalized_shape, eps: float = 1e-5, elementwise_affine: bool = True,
                 bias: bool = True, dtype=None) -> None:
        super().__init__()
        self.normalized_shape = _as_shape(normalized_shape)
        self.eps, self.elementwise_affine = float(eps), elementwise_affine
        dtype = np.dtype(dtype or np.float32)
        if elementwise_affine:
            self.weight = Parameter(np.ones(self.normalized_shape, dtype=dtype))
            if bias:
                self.bias = Parameter(np.zeros(self.normalized_shape, dtype=dtype))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)

    def forward(self, input: Tensor) -> Tensor:
        return layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.normalized_shape}, eps={self.eps}, "
                f"elementwise_affine={self.elementwise_affine}, bias={self.bias is not None}")

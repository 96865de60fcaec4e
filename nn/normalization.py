"""Normalization layers: `BatchNorm1d/2d/3d`, `LayerNorm` and `GroupNorm`, each one graph node.

All normalise x̂ = (x - μ)/√(σ² + ε) and then scale and shift, y = γ·x̂ + β (the ops and
their hand-derived backward are in autograd/ops/normalization.py). Batch norm takes μ, σ²
(biased) per channel over the batch (and length/height/width) while training, and keeps
running estimates (the variance unbiased, as PyTorch) for evaluation; layer norm takes them
per example over the last dims; group norm per example and group of channels.
"""
from __future__ import annotations

import numbers

import numpy as np

from autograd import Tensor, no_grad
from autograd.ops import batch_norm, group_norm, layer_norm
from autograd.ops.normalization import as_shape
from nn.checks import check_int, check_number
from nn.linear import factory_dtype
from nn.module import Module
from nn.parameter import Parameter

__all__ = ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LayerNorm", "GroupNorm"]


class _BatchNorm(Module):
    """Shared body of BatchNorm1d/2d: parameters, running-statistic buffers, forward."""

    _input_ranks: tuple = ()
    _input_names: str = ""

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = True, device=None, dtype=None,
                 *, bias: bool = True) -> None:
        super().__init__()
        if not isinstance(num_features, numbers.Integral) or num_features < 1:
            raise ValueError(f"{type(self).__name__}: num_features must be a positive int, "
                             f"got {num_features!r}")
        layer = type(self).__name__
        eps = check_number(layer, "eps", eps, 0.0)
        if momentum is not None:
            check_number(layer, "momentum", momentum, 0.0, 1.0)
        self.num_features, self.eps, self.momentum = int(num_features), eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        dtype = factory_dtype(dtype, device)
        _register_scale_and_shift(self, affine, bias, (num_features,), dtype)
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
            self.running_mean.zero_()
            self.running_var.fill_(1)
            self.num_batches_tracked.zero_()

    def reset_parameters(self) -> None:
        """Statistics reset, γ = 1, β = 0."""
        self.reset_running_stats()
        if self.affine:
            with no_grad():
                self.weight.fill_(1)
                if self.bias is not None:
                    self.bias.zero_()

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
            self.num_batches_tracked.add_(1)
            if self.momentum is None:  # cumulative moving average
                factor = 1.0 / float(self.num_batches_tracked)
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


class BatchNorm3d(_BatchNorm):
    """Batch normalisation of volumes (N, C, D, H, W), per channel C (statistics over N, D,
    H, W). Same arguments and buffers as `BatchNorm1d`."""

    _input_ranks, _input_names = (5,), "(N, C, D, H, W)"


class LayerNorm(Module):
    """Layer normalisation over the trailing `normalized_shape` dims of each example.

    y = γ·(x - μ)/√(σ² + ε) + β with μ, σ² (biased) per example, the same in training and
    evaluation; γ (ones) and β (zeros) of shape `normalized_shape` when `elementwise_affine`.

    Shape: input (*, *normalized_shape); output the same.
    """

    def __init__(self, normalized_shape, eps: float = 1e-5, elementwise_affine: bool = True,
                 bias: bool = True, device=None, dtype=None) -> None:
        super().__init__()
        self.normalized_shape = as_shape(normalized_shape)
        self.eps = check_number("LayerNorm", "eps", eps, 0.0)
        self.elementwise_affine = elementwise_affine
        dtype = factory_dtype(dtype, device)
        _register_scale_and_shift(self, elementwise_affine, bias, self.normalized_shape, dtype)

    def forward(self, input: Tensor) -> Tensor:
        return layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.normalized_shape}, eps={self.eps}, "
                f"elementwise_affine={self.elementwise_affine}, bias={self.bias is not None}")


class GroupNorm(Module):
    """Group normalisation: the C channels split into `num_groups` groups, each normalised per
    example over its channels and positions; γ (ones) and β (zeros) per channel when
    `affine`. The same in training and evaluation (no running statistics).

    Shape: input (N, C, *); output the same.
    """

    def __init__(self, num_groups: int, num_channels: int, eps: float = 1e-5,
                 affine: bool = True, device=None, dtype=None, *, bias: bool = True) -> None:
        super().__init__()
        check_int("GroupNorm", "num_groups", num_groups, low=1)
        check_int("GroupNorm", "num_channels", num_channels)
        if num_channels % num_groups:
            raise ValueError("num_channels must be divisible by num_groups")
        self.num_groups, self.num_channels = num_groups, num_channels
        self.eps, self.affine = check_number("GroupNorm", "eps", eps, 0.0), affine
        dtype = factory_dtype(dtype, device)
        _register_scale_and_shift(self, affine, bias, (num_channels,), dtype)

    def forward(self, input: Tensor) -> Tensor:
        return group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, "
                f"bias={self.bias is not None}")


def _register_scale_and_shift(layer: Module, affine: bool, bias: bool, shape: tuple,
                              dtype) -> None:
    """γ = ones(shape) as `weight` and β = zeros(shape) as `bias` when `affine` (β only when
    `bias`); None in their place otherwise, as PyTorch registers them."""
    weight = Parameter(np.ones(shape, dtype=dtype)) if affine else None
    shift = Parameter(np.zeros(shape, dtype=dtype)) if affine and bias else None
    layer.register_parameter("weight", weight)
    layer.register_parameter("bias", shift)

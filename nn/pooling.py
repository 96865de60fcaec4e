"""Pooling layers: `MaxPool1d/2d`, `AvgPool1d/2d`, `AdaptiveAvgPool1d/2d`,
`AdaptiveMaxPool1d/2d`, each a thin module over its op in autograd/ops (pooling.py,
adaptive_pooling.py), with PyTorch's arguments, attributes and repr."""
from __future__ import annotations

import numbers

from autograd import Tensor
from autograd.ops import (
    adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_max_pool1d, adaptive_max_pool2d,
    avg_pool1d, avg_pool2d, max_pool1d, max_pool2d,
)
from autograd.ops.adaptive_pooling import check_output_size
from autograd.ops.pooling import pool_arguments
from nn.module import Module

__all__ = ["MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d", "AdaptiveAvgPool1d",
           "AdaptiveAvgPool2d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d"]


class _MaxPoolNd(Module):
    dims = 2

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1,
                 return_indices: bool = False, ceil_mode: bool = False) -> None:
        super().__init__()
        pool_arguments(kernel_size, stride, padding, dilation, self.dims, type(self).__name__)
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class MaxPool1d(_MaxPoolNd):
    """Max over windows of (N, C, L) or (C, L) input; see `autograd.ops.max_pool1d`.
    With return_indices=True, forward returns (values, indices)."""

    dims = 1

    def forward(self, input: Tensor):
        return max_pool1d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                          self.ceil_mode, self.return_indices)


class MaxPool2d(_MaxPoolNd):
    """Max over kH x kW windows of (N, C, H, W) or (C, H, W) input; see
    `autograd.ops.max_pool2d`. stride defaults to kernel_size; with return_indices=True,
    forward returns (values, indices), the flat index h·W + w of each maximum.

    Example:
        >>> MaxPool2d(2)(randn(64, 16, 8, 8)).shape
        (64, 16, 4, 4)
    """

    def forward(self, input: Tensor):
        return max_pool2d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                          self.ceil_mode, self.return_indices)


def _single(value) -> tuple:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


class AvgPool1d(Module):
    """Mean over windows of (N, C, L) or (C, L) input; see `autograd.ops.avg_pool1d`."""

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
                 count_include_pad: bool = True) -> None:
        super().__init__()
        pool_arguments(kernel_size, stride, padding, 1, 1, "AvgPool1d")
        self.kernel_size = _single(kernel_size)
        self.stride = _single(stride if stride is not None else kernel_size)
        self.padding = _single(padding)
        self.ceil_mode, self.count_include_pad = ceil_mode, count_include_pad

    def forward(self, input: Tensor) -> Tensor:
        return avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                          self.count_include_pad)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool2d(Module):
    """Mean over kH x kW windows of (N, C, H, W) or (C, H, W) input; see
    `autograd.ops.avg_pool2d` (count_include_pad, divisor_override as PyTorch)."""

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
                 count_include_pad: bool = True, divisor_override=None) -> None:
        super().__init__()
        pool_arguments(kernel_size, stride, padding, 1, 2, "AvgPool2d")
        if divisor_override is not None and (isinstance(divisor_override, bool) or not isinstance(
                divisor_override, numbers.Integral) or divisor_override == 0):
            raise ValueError(f"AvgPool2d: divisor_override must be a nonzero int or None, got "
                             f"{divisor_override!r}")
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.ceil_mode = padding, ceil_mode
        self.count_include_pad, self.divisor_override = count_include_pad, divisor_override

    def forward(self, input: Tensor) -> Tensor:
        return avg_pool2d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                          self.count_include_pad, self.divisor_override)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class _AdaptivePool(Module):
    dims = 1

    def __init__(self, output_size) -> None:
        super().__init__()
        check_output_size(output_size, self.dims, type(self).__name__)
        self.output_size = output_size

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveAvgPool1d(_AdaptivePool):
    """Mean over output_size windows covering (N, C, L) or (C, L) input evenly."""

    def forward(self, input: Tensor) -> Tensor:
        return adaptive_avg_pool1d(input, self.output_size)


class AdaptiveAvgPool2d(_AdaptivePool):
    """Mean over windows covering (N, C, H, W) input evenly, to (N, C, *output_size)
    (an int or a pair; None keeps a size). AdaptiveAvgPool2d(1) is global average pooling."""

    dims = 2

    def forward(self, input: Tensor) -> Tensor:
        return adaptive_avg_pool2d(input, self.output_size)


class _AdaptiveMaxPool(_AdaptivePool):
    def __init__(self, output_size, return_indices: bool = False) -> None:
        super().__init__(output_size)
        self.return_indices = return_indices


class AdaptiveMaxPool1d(_AdaptiveMaxPool):
    """Max over output_size windows covering (N, C, L) or (C, L) input evenly."""

    def forward(self, input: Tensor):
        return adaptive_max_pool1d(input, self.output_size, self.return_indices)


class AdaptiveMaxPool2d(_AdaptiveMaxPool):
    """Max over windows covering (N, C, H, W) input evenly, to (N, C, *output_size)."""

    dims = 2

    def forward(self, input: Tensor):
        return adaptive_max_pool2d(input, self.output_size, self.return_indices)

"""Pooling layers: `MaxPool1d/2d/3d`, `AvgPool1d/2d/3d`, `AdaptiveAvgPool1d/2d/3d`,
`AdaptiveMaxPool1d/2d/3d`, `MaxUnpool1d/2d/3d`, `LPPool1d/2d/3d`, each a thin module over
its op in autograd/ops (pooling.py, adaptive_pooling.py, unpooling.py, lp_pooling.py), with
PyTorch's arguments, attributes and repr."""
from __future__ import annotations

import numbers

from autograd import Tensor
from autograd.ops import (
    adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d, adaptive_max_pool1d,
    adaptive_max_pool2d, adaptive_max_pool3d, avg_pool1d, avg_pool2d, avg_pool3d, lp_pool1d,
    lp_pool2d, lp_pool3d, max_pool1d, max_pool2d, max_pool3d, max_unpool1d, max_unpool2d,
    max_unpool3d,
)
from autograd.ops.adaptive_pooling import check_output_size
from autograd.ops.pooling import pool_arguments, pool_tuple
from nn.module import Module

__all__ = ["MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d",
           "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool1d",
           "AdaptiveMaxPool2d", "AdaptiveMaxPool3d", "MaxUnpool1d", "MaxUnpool2d",
           "MaxUnpool3d", "LPPool1d", "LPPool2d", "LPPool3d"]


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


class MaxPool3d(_MaxPoolNd):
    """Max over kD x kH x kW windows of (N, C, D, H, W) or (C, D, H, W) input; see
    `autograd.ops.max_pool3d` (arguments as MaxPool2d's)."""

    dims = 3

    def forward(self, input: Tensor):
        return max_pool3d(input, self.kernel_size, self.stride, self.padding, self.dilation,
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


class _AvgPoolNd(Module):
    dims = 2

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
                 count_include_pad: bool = True, divisor_override=None) -> None:
        super().__init__()
        layer = type(self).__name__
        pool_arguments(kernel_size, stride, padding, 1, self.dims, layer)
        if divisor_override is not None and (isinstance(divisor_override, bool) or not isinstance(
                divisor_override, numbers.Integral) or divisor_override == 0):
            raise ValueError(f"{layer}: divisor_override must be a nonzero int or None, got "
                             f"{divisor_override!r}")
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.ceil_mode = padding, ceil_mode
        self.count_include_pad, self.divisor_override = count_include_pad, divisor_override

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool2d(_AvgPoolNd):
    """Mean over kH x kW windows of (N, C, H, W) or (C, H, W) input; see
    `autograd.ops.avg_pool2d` (count_include_pad, divisor_override as PyTorch)."""

    def forward(self, input: Tensor) -> Tensor:
        return avg_pool2d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                          self.count_include_pad, self.divisor_override)


class AvgPool3d(_AvgPoolNd):
    """Mean over kD x kH x kW windows of (N, C, D, H, W) or (C, D, H, W) input; see
    `autograd.ops.avg_pool3d` (arguments as AvgPool2d's)."""

    dims = 3

    def forward(self, input: Tensor) -> Tensor:
        return avg_pool3d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                          self.count_include_pad, self.divisor_override)


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


class AdaptiveAvgPool3d(_AdaptivePool):
    """Mean over windows covering (N, C, D, H, W) input evenly, to (N, C, *output_size)
    (an int or a triple; None keeps a size)."""

    dims = 3

    def forward(self, input: Tensor) -> Tensor:
        return adaptive_avg_pool3d(input, self.output_size)


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


class AdaptiveMaxPool3d(_AdaptiveMaxPool):
    """Max over windows covering (N, C, D, H, W) input evenly, to (N, C, *output_size)."""

    dims = 3

    def forward(self, input: Tensor):
        return adaptive_max_pool3d(input, self.output_size, self.return_indices)


class _MaxUnpoolNd(Module):
    """kernel_size, stride (default kernel_size) and padding as tuples of `dims` ints."""

    dims = 2

    def __init__(self, kernel_size, stride=None, padding=0) -> None:
        super().__init__()
        layer, dims = type(self).__name__, self.dims
        self.kernel_size = pool_tuple(kernel_size, dims, "kernel_size", layer)
        self.stride = pool_tuple(stride if stride is not None else kernel_size, dims, "stride",
                                 layer)
        self.padding = pool_tuple(padding, dims, "padding", layer)
        for name, values, low in (("kernel_size", self.kernel_size, 1),
                                  ("stride", self.stride, 1), ("padding", self.padding, 0)):
            if min(values) < low:
                raise ValueError(f"{layer}: {name} must be {'positive' if low else 'non-negative'}"
                                 f", got {name}={values}")

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool1d(_MaxUnpoolNd):
    """MaxPool1d's values put back where its indices say: forward(input, indices,
    output_size=None); see `autograd.ops.max_unpool1d`."""

    dims = 1

    def forward(self, input: Tensor, indices: Tensor, output_size=None) -> Tensor:
        return max_unpool1d(input, indices, self.kernel_size, self.stride, self.padding,
                            output_size)


class MaxUnpool2d(_MaxUnpoolNd):
    """MaxPool2d's values put back where its indices say, zeros elsewhere: forward(input,
    indices, output_size=None) (output_size undoes a pooling that dropped a row or column);
    see `autograd.ops.max_unpool2d`."""

    def forward(self, input: Tensor, indices: Tensor, output_size=None) -> Tensor:
        return max_unpool2d(input, indices, self.kernel_size, self.stride, self.padding,
                            output_size)


class MaxUnpool3d(_MaxUnpoolNd):
    """MaxPool3d's values put back where its indices say; see `autograd.ops.max_unpool3d`."""

    dims = 3

    def forward(self, input: Tensor, indices: Tensor, output_size=None) -> Tensor:
        return max_unpool3d(input, indices, self.kernel_size, self.stride, self.padding,
                            output_size)


class _LPPoolNd(Module):
    dims = 2

    def __init__(self, norm_type: float, kernel_size, stride=None,
                 ceil_mode: bool = False) -> None:
        super().__init__()
        pool_arguments(kernel_size, stride, 0, 1, self.dims, type(self).__name__)
        self.norm_type, self.kernel_size = norm_type, kernel_size
        self.stride, self.ceil_mode = stride, ceil_mode

    def extra_repr(self) -> str:
        return (f"norm_type={self.norm_type}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}, ceil_mode={self.ceil_mode}")


class LPPool1d(_LPPoolNd):
    """(Σ_window x^p)^(1/p) over windows of (N, C, L) or (C, L) input, p = norm_type; see
    `autograd.ops.lp_pool1d`."""

    dims = 1

    def forward(self, input: Tensor) -> Tensor:
        return lp_pool1d(input, self.norm_type, self.kernel_size, self.stride, self.ceil_mode)


class LPPool2d(_LPPoolNd):
    """(Σ_window x^p)^(1/p) over kH x kW windows of (N, C, H, W) or (C, H, W) input; see
    `autograd.ops.lp_pool2d`."""

    def forward(self, input: Tensor) -> Tensor:
        return lp_pool2d(input, self.norm_type, self.kernel_size, self.stride, self.ceil_mode)


class LPPool3d(_LPPoolNd):
    """(Σ_window x^p)^(1/p) over kD x kH x kW windows of (N, C, D, H, W) or (C, D, H, W)
    input; see `autograd.ops.lp_pool3d`."""

    dims = 3

    def forward(self, input: Tensor) -> Tensor:
        return lp_pool3d(input, self.norm_type, self.kernel_size, self.stride, self.ceil_mode)

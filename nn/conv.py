"""Convolution layers: `Conv1d`, `Conv2d`, `Conv3d`, `ConvTranspose1d/2d/3d`.

Each holds a weight and a bias with PyTorch's names, shapes and initialisation, and calls
the op (autograd/ops/conv.py, one graph node per call). PyTorch's padding modes are
supported: 'zeros', or padding by 'reflect', 'replicate' or 'circular' before the conv.
"""
from __future__ import annotations

import math

import numpy as np

from autograd import Tensor
from autograd.ops import (
    conv1d, conv2d, conv3d, conv_transpose1d, conv_transpose2d, conv_transpose3d, pad,
)
from nn import init
from nn.checks import check_int, check_ints, check_sizes
from nn.linear import factory_dtype
from nn.module import Module
from nn.parameter import Parameter

__all__ = ["Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d",
           "ConvTranspose3d"]

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


class _ConvNd(Module):
    """What every convolution layer shares: its arguments, parameters, initialisation and
    repr. `dims` is the number of spatial dims; `transposed` flips the weight's first two
    dims, (in_channels, out_channels/groups, *kernel_size), as PyTorch's."""

    dims, transposed = 2, False

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride, padding,
                 dilation, groups: int, bias: bool, padding_mode: str, output_padding=0,
                 device=None, dtype=None) -> None:
        super().__init__()
        layer = type(self).__name__
        check_sizes(layer, in_channels=in_channels, out_channels=out_channels)
        check_int(layer, "groups", groups, low=1)
        if in_channels % groups:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups:
            raise ValueError("out_channels must be divisible by groups")
        if padding_mode not in PADDING_MODES:
            raise ValueError(f"padding_mode must be one of {set(PADDING_MODES)}, but got "
                             f"padding_mode='{padding_mode}'")
        if self.transposed and padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {layer}')
        dims = self.dims
        self.in_channels, self.out_channels, self.groups = in_channels, out_channels, groups
        self.kernel_size = check_ints(layer, "kernel_size", kernel_size, dims, low=1)
        self.stride = check_ints(layer, "stride", stride, dims, low=1)
        self.dilation = check_ints(layer, "dilation", dilation, dims, low=1)
        self.output_padding = check_ints(layer, "output_padding", output_padding, dims)
        if isinstance(padding, str):
            if self.transposed:
                raise ValueError(f"{layer}: padding must be an int or a tuple of ints, got "
                                 f"{padding!r}")
            if padding not in ("valid", "same"):
                raise ValueError(f"Invalid padding string '{padding}', should be one of "
                                 "{'valid', 'same'}")
            if padding == "same" and any(s != 1 for s in self.stride):
                raise ValueError("padding='same' is not supported for strided convolutions")
            self.padding = padding
        else:
            self.padding = check_ints(layer, "padding", padding, dims)
        self.padding_mode = padding_mode
        dtype = factory_dtype(dtype, device)
        shape = ((in_channels, out_channels // groups) if self.transposed else
                 (out_channels, in_channels // groups)) + self.kernel_size
        self.weight = Parameter(np.empty(shape, dtype=dtype))
        if bias:
            self.bias = Parameter(np.empty(out_channels, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Re-draw the weights with PyTorch's default initialisation."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.weight.shape[1] * math.prod(self.kernel_size)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def extra_repr(self) -> str:
        dims = self.dims
        text = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}")
        if self.padding != (0,) * dims:
            text += f", padding={self.padding}"
        if self.dilation != (1,) * dims:
            text += f", dilation={self.dilation}"
        if self.output_padding != (0,) * dims:
            text += f", output_padding={self.output_padding}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if self.bias is None:
            text += ", bias=False"
        if self.padding_mode != "zeros":
            text += f", padding_mode={self.padding_mode}"
        return text


class _Conv(_ConvNd):
    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0,
                 dilation=1, groups: int = 1, bias: bool = True, padding_mode: str = "zeros",
                 device=None, dtype=None) -> None:
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation,
                         groups, bias, padding_mode, 0, device, dtype)

    def _padded(self, input: Tensor) -> tuple:
        """(input, padding for the conv): padded here by padding_mode unless it is 'zeros'."""
        if self.padding_mode == "zeros":
            return input, self.padding
        if self.padding == "same":
            totals = [d * (k - 1) for k, d in zip(self.kernel_size, self.dilation)]
            pairs = [(t // 2, t - t // 2) for t in totals]
        elif self.padding == "valid":
            return input, 0
        else:
            pairs = [(p, p) for p in self.padding]
        widths = [w for before_after in reversed(pairs) for w in before_after]  # last dim first
        return pad(input, widths, mode=self.padding_mode), 0


class Conv1d(_Conv):
    """1-D convolution over (N, C_in, L) or (C_in, L) input; see `autograd.ops.conv1d`.

    Args: in_channels, out_channels, kernel_size, stride=1, padding=0 (an int, 'valid' or
        'same'), dilation=1, groups=1, bias=True, padding_mode='zeros' (or 'reflect',
        'replicate', 'circular'), dtype=None (float32).
    Shape: L_out = (L + 2·padding - dilation·(kernel_size - 1) - 1) // stride + 1.
    weight (out_channels, in_channels/groups, kernel_size) ~ U(-1/√fan_in, 1/√fan_in)
    (PyTorch's kaiming_uniform_ with a=√5), fan_in = in_channels/groups·kernel_size; bias alike.
    """

    dims = 1

    def forward(self, input: Tensor) -> Tensor:
        input, padding = self._padded(input)
        return conv1d(input, self.weight, self.bias, self.stride, padding, self.dilation,
                      self.groups)


class Conv2d(_Conv):
    """2-D convolution over (N, C_in, H, W) or (C_in, H, W) input; see `autograd.ops.conv2d`.

    Args: in_channels, out_channels, kernel_size (an int or (kH, kW)), stride=1,
        padding=0 (an int, a pair, 'valid' or 'same'), dilation=1, groups=1, bias=True,
        padding_mode='zeros' (or 'reflect', 'replicate', 'circular'), dtype=None (float32).
    Shape: H_out = (H + 2·padding - dilation·(kH - 1) - 1) // stride + 1 (W_out alike).
    weight (out_channels, in_channels/groups, kH, kW) ~ U(-1/√fan_in, 1/√fan_in) (PyTorch's
    kaiming_uniform_ with a=√5), fan_in = in_channels/groups·kH·kW; bias alike.

    Example:
        >>> conv = Conv2d(1, 16, 3, padding=1)
        >>> conv(randn(64, 1, 8, 8)).shape
        (64, 16, 8, 8)
    """

    dims = 2

    def forward(self, input: Tensor) -> Tensor:
        input, padding = self._padded(input)
        return conv2d(input, self.weight, self.bias, self.stride, padding, self.dilation,
                      self.groups)


class Conv3d(_Conv):
    """3-D convolution over (N, C_in, D, H, W) or (C_in, D, H, W) input; see
    `autograd.ops.conv3d`. Arguments as Conv2d's, with triples where Conv2d takes pairs.

    Shape: D_out = (D + 2·padding - dilation·(kD - 1) - 1) // stride + 1 (H_out, W_out alike).
    weight (out_channels, in_channels/groups, kD, kH, kW) ~ U(-1/√fan_in, 1/√fan_in),
    fan_in = in_channels/groups·kD·kH·kW (PyTorch's initialisation); bias alike.
    """

    dims = 3

    def forward(self, input: Tensor) -> Tensor:
        input, padding = self._padded(input)
        return conv3d(input, self.weight, self.bias, self.stride, padding, self.dilation,
                      self.groups)


class _ConvTranspose(_ConvNd):
    transposed = True

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0,
                 output_padding=0, groups: int = 1, bias: bool = True, dilation=1,
                 padding_mode: str = "zeros", device=None, dtype=None) -> None:
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation,
                         groups, bias, padding_mode, output_padding, device, dtype)

    def _output_padding(self, input: Tensor, output_size) -> tuple:
        """output_padding, or the one that gives `output_size` (PyTorch's rule)."""
        if output_size is None:
            return self.output_padding
        dims = self.dims
        sizes = [int(n) for n in output_size][-dims:]
        if len(sizes) != dims:
            raise ValueError(f"output_size must have {dims} or {dims + 2} elements (got "
                             f"{len(output_size)})")
        spatial = input.shape[-dims:]
        smallest = [(n - 1) * s - 2 * p + d * (k - 1) + 1 for n, s, p, d, k in
                    zip(spatial, self.stride, self.padding, self.dilation, self.kernel_size)]
        largest = [m + s - 1 for m, s in zip(smallest, self.stride)]
        if any(not lo <= n <= hi for n, lo, hi in zip(sizes, smallest, largest)):
            raise ValueError(f"requested an output size of {output_size}, but valid sizes range "
                             f"from {smallest} to {largest} (for an input of {list(spatial)})")
        return tuple(n - lo for n, lo in zip(sizes, smallest))


class ConvTranspose1d(_ConvTranspose):
    """1-D transposed convolution over (N, C_in, L) or (C_in, L) input; see
    `autograd.ops.conv_transpose1d`. weight (in_channels, out_channels/groups, kernel_size).

    Shape: L_out = (L - 1)·stride - 2·padding + dilation·(k - 1) + output_padding + 1;
    forward(input, output_size) picks the output_padding that gives output_size.
    """

    dims = 1

    def forward(self, input: Tensor, output_size=None) -> Tensor:
        return conv_transpose1d(input, self.weight, self.bias, self.stride, self.padding,
                                self._output_padding(input, output_size), self.groups,
                                self.dilation)


class ConvTranspose2d(_ConvTranspose):
    """2-D transposed convolution ("deconvolution") over (N, C_in, H, W) or (C_in, H, W)
    input; see `autograd.ops.conv_transpose2d`. weight (in_channels, out_channels/groups,
    kH, kW), initialised as PyTorch's.

    Shape: H_out = (H - 1)·stride - 2·padding + dilation·(kH - 1) + output_padding + 1;
    forward(input, output_size) picks the output_padding that gives output_size (a strided
    Conv2d maps several sizes to one; this says which to map back to).

    Example:
        >>> up = ConvTranspose2d(16, 8, 2, stride=2)
        >>> up(randn(4, 16, 7, 7)).shape
        (4, 8, 14, 14)
    """

    dims = 2

    def forward(self, input: Tensor, output_size=None) -> Tensor:
        return conv_transpose2d(input, self.weight, self.bias, self.stride, self.padding,
                                self._output_padding(input, output_size), self.groups,
                                self.dilation)


class ConvTranspose3d(_ConvTranspose):
    """3-D transposed convolution over (N, C_in, D, H, W) or (C_in, D, H, W) input; see
    `autograd.ops.conv_transpose3d`. weight (in_channels, out_channels/groups, kD, kH, kW).

    Shape: D_out = (D - 1)·stride - 2·padding + dilation·(kD - 1) + output_padding + 1
    (H_out, W_out alike); forward(input, output_size) picks the output_padding.
    """

    dims = 3

    def forward(self, input: Tensor, output_size=None) -> Tensor:
        return conv_transpose3d(input, self.weight, self.bias, self.stride, self.padding,
                                self._output_padding(input, output_size), self.groups,
                                self.dilation)

"""Convolutions: conv1d, conv2d, conv3d and their transposes, each one node computed by im2col.

A convolution is a matrix product with the unfolded input: y = W · unfold(x) + b, with W
reshaped to (out_channels, in_channels·K) (per group). Its transpose (conv_transpose) is the
same product the other way round: y = fold(Wᵀ · x) + b. So the input gradient of a
convolution is a transposed convolution and vice versa; both backwards are written with
unfold, fold and matmul, so they can be differentiated again.
"""
from __future__ import annotations

import numpy as np

from autograd.dtype_names import scalar_type_name
from autograd.function import NumpyFunction
from autograd.ops.unfold import Fold, Unfold, Windows, fold_array, unfold_array, int_tuple
from autograd.tensor import Tensor

__all__ = ["Conv", "ConvTranspose", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
           "conv_transpose2d", "conv_transpose3d"]


class Conv(NumpyFunction):
    """Cross-correlation of x (N, C, *size) with W (O, C/groups, *kernel), plus b (O,).

    y[n, o] = b[o] + Σ_{c,k} W[o, c, k] · x_pad[n, c, block·stride + k·dilation], i.e.
    y = W · unfold(x) per group;  grad_x = fold(Wᵀ · g),  grad_W = Σ_n g · unfold(x)ᵀ,
    grad_b = Σ g.
    """

    node_name = "ConvolutionBackward0"
    formula = "conv(a, b) + c"
    derivatives = ("conv_transpose(g, b)", "correlate(a, g)", "sum_per_channel(g)", None, None)

    @staticmethod
    def forward(ctx, x, weight, bias, windows, groups):
        need_x, need_w = ctx.needs_input_grad[:2]
        ctx.save_for_backward(x if need_w else None, weight if need_x else None)
        ctx.windows, ctx.groups, ctx.weight_shape = windows, groups, weight.shape
        n, out_channels, blocks = x.shape[0], weight.shape[0], int(np.prod(windows.blocks))
        rows = int(np.prod(weight.shape[1:]))  # in_channels/groups · K
        cols = unfold_array(x, windows).reshape(n, groups, rows, blocks)
        out = np.matmul(weight.reshape(groups, out_channels // groups, rows), cols)
        out = out.reshape((n, out_channels) + windows.blocks)
        if bias is not None:
            out += bias.reshape((out_channels,) + (1,) * len(windows.blocks))
        return out

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        windows, groups, weight_shape = ctx.windows, ctx.groups, ctx.weight_shape
        n, out_channels = grad.shape[:2]
        rows = int(np.prod(weight_shape[1:]))  # in_channels/groups · K
        blocks = int(np.prod(windows.blocks))
        g = grad.reshape((n, groups, out_channels // groups, blocks))
        grad_x = grad_w = grad_b = None
        if need_x:
            w = weight.reshape((groups, out_channels // groups, rows))
            cols = np.matmul(np.swapaxes(w, -1, -2), g)
            grad_x = Fold.compute(cols.reshape((n, groups * rows, blocks)), windows)
        if need_w:
            cols = Unfold.compute(x, windows).reshape((n, groups, rows, blocks))
            grad_w = np.sum(np.matmul(g, np.swapaxes(cols, -1, -2)), axis=0).reshape(weight_shape)
        if need_b:
            grad_b = np.sum(grad, axis=(0,) + tuple(range(2, grad.ndim)))
        return grad_x, grad_w, grad_b, None, None


class ConvTranspose(NumpyFunction):
    """Transposed convolution of x (N, C, *blocks) with W (C, O/groups, *kernel), plus b.

    y = fold(Wᵀ · x) + b per group: each input position spreads W-weighted copies of
    itself over a kernel-sized block of the output (the adjoint of Conv in its input).
    grad_x = W · unfold(g) (a convolution),  grad_W = Σ_n x · unfold(g)ᵀ,  grad_b = Σ g.
    """

    node_name = "ConvolutionBackward0"
    formula = "conv_transpose(a, b) + c"
    derivatives = ("conv(g, b)", "correlate(g, a)", "sum_per_channel(g)", None, None)

    @staticmethod
    def forward(ctx, x, weight, bias, windows, groups):
        need_x, need_w = ctx.needs_input_grad[:2]
        ctx.save_for_backward(x if need_w else None, weight if need_x else None)
        ctx.windows, ctx.groups = windows, groups
        ctx.shapes = x.shape, weight.shape
        n, in_channels, blocks = x.shape[0], weight.shape[0], int(np.prod(windows.blocks))
        rows = int(np.prod(weight.shape[1:]))  # out_channels/groups · K
        w = weight.reshape(groups, in_channels // groups, rows)
        xs = x.reshape(n, groups, in_channels // groups, blocks)
        cols = np.matmul(np.swapaxes(w, -1, -2), xs)
        out = fold_array(cols.reshape(n, groups * rows, blocks), windows)
        if bias is not None:
            out += bias.reshape((-1,) + (1,) * len(windows.size))
        return out

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        windows, groups = ctx.windows, ctx.groups
        x_shape, weight_shape = ctx.shapes
        n, in_channels = x_shape[:2]
        rows = int(np.prod(weight_shape[1:]))  # out_channels/groups · K
        blocks = int(np.prod(windows.blocks))
        cols = Unfold.compute(grad, windows).reshape((n, groups, rows, blocks))
        grad_x = grad_w = grad_b = None
        if need_x:
            w = weight.reshape((groups, in_channels // groups, rows))
            grad_x = np.matmul(w, cols).reshape(x_shape)
        if need_w:
            xs = x.reshape((n, groups, in_channels // groups, blocks))
            grad_w = np.sum(np.matmul(xs, np.swapaxes(cols, -1, -2)), axis=0).reshape(weight_shape)
        if need_b:
            grad_b = np.sum(grad, axis=(0,) + tuple(range(2, grad.ndim)))
        return grad_x, grad_w, grad_b, None, None


# --- function forms: PyTorch's arguments and checks ----------------------------------------

def _check_tensors(input, weight, bias, dims: int, op: str) -> None:
    for name, t in (("input", input), ("weight", weight), ("bias", bias)):
        if (t is not None or name != "bias") and not isinstance(t, Tensor):
            raise TypeError(f"{op}(): argument '{name}' must be a Tensor, not "
                            f"{type(t).__name__}")
    if input.ndim not in (dims + 1, dims + 2):
        raise RuntimeError(f"Expected {dims + 1}D (unbatched) or {dims + 2}D (batched) input "
                           f"to {op}, but got input of size: {list(input.shape)}")
    if weight.ndim != dims + 2:
        raise RuntimeError(f"{op}: expected weight to be {dims + 2}-dimensional (channels, "
                           f"channels/groups, {dims} kernel sizes), but got weight of size "
                           f"{list(weight.shape)}")
    for name, t in (("input", input), ("weight", weight), ("bias", bias)):
        if t is not None and t.dtype.kind not in "fiu":
            raise RuntimeError(f"{op}: \"{t.dtype}\" {name} is not supported (use a floating "
                               "point or integer tensor)")
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and t.dtype != input.dtype:
            raise RuntimeError(f"{op}: input ({input.dtype}) and {name} ({t.dtype}) must have "
                               f"the same dtype (PyTorch: expected scalar type "
                               f"{scalar_type_name(input.dtype)} but found "
                               f"{scalar_type_name(t.dtype)})")


def _positive(values: tuple, name: str, allow_zero: bool = False) -> tuple:
    if min(values, default=1) < (0 if allow_zero else 1):
        raise RuntimeError(f"{'negative' if allow_zero else 'non-positive'} {name} is not "
                           "supported")
    return values


def _check_groups(groups, weight) -> int:
    if isinstance(groups, bool) or not isinstance(groups, (int, np.integer)) or groups < 1:
        raise RuntimeError(f"non-positive groups is not supported (got groups={groups!r})")
    if weight.shape[0] < groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least {groups} at "
                           f"dimension 0, but got weight of size {list(weight.shape)} instead")
    if weight.shape[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} "
                           f"at dimension 0, but got weight of size {list(weight.shape)} "
                           "instead")
    return int(groups)


def _check_bias(bias, channels: int, weight) -> None:
    if bias is not None and bias.shape != (channels,):
        raise RuntimeError(f"Given weight of size {list(weight.shape)}, expected bias to be "
                           f"1-dimensional with {channels} elements, but got bias of size "
                           f"{list(bias.shape)} instead")


def _conv(input, weight, bias, stride, padding, dilation, groups, dims: int, op: str):
    _check_tensors(input, weight, bias, dims, op)
    batched = input.ndim == dims + 2
    x = input if batched else input.unsqueeze(0)
    kernel = weight.shape[2:]
    stride = _positive(int_tuple(stride, dims, "stride", op), "stride")
    dilation = _positive(int_tuple(dilation, dims, "dilation", op), "dilation")
    pad_before, pad_total = _conv_padding(padding, kernel, stride, dilation, dims, op)
    groups = _check_groups(groups, weight)
    if x.shape[1] != weight.shape[1] * groups:
        raise RuntimeError(f"Given groups={groups}, weight of size {list(weight.shape)}, "
                           f"expected input{list(x.shape)} to have {weight.shape[1] * groups} "
                           f"channels, but got {x.shape[1]} channels instead")
    _check_bias(bias, weight.shape[0], weight)
    size = x.shape[2:]
    padded = tuple(n + p for n, p in zip(size, pad_total))
    span = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilation))
    if any(p < s for p, s in zip(padded, span)):
        raise RuntimeError(f"Calculated padded input size per channel: "
                           f"({' x '.join(map(str, padded))}). Kernel size: "
                           f"({' x '.join(map(str, span))}). Kernel size can't be greater than "
                           "actual input size")
    blocks = tuple((p - s) // st + 1 for p, s, st in zip(padded, span, stride))
    windows = Windows(size, blocks, kernel, dilation, stride, pad_before)
    out = Conv.apply(x, weight, bias, windows, groups)
    return out if batched else out.squeeze(0)


def _conv_padding(padding, kernel: tuple, stride: tuple, dilation: tuple, dims: int,
                  op: str) -> tuple:
    """(padding before, total padding) per dim from an int, a tuple, 'valid' or 'same'."""
    if isinstance(padding, str):
        if padding == "valid":
            return (0,) * dims, (0,) * dims
        if padding == "same":
            if any(s != 1 for s in stride):
                raise RuntimeError("padding='same' is not supported for strided convolutions")
            totals = tuple(d * (k - 1) for k, d in zip(kernel, dilation))
            return tuple(t // 2 for t in totals), totals  # an odd total pads more after
        raise RuntimeError(f"Invalid padding string: '{padding}'")
    before = _positive(int_tuple(padding, dims, "padding", op), "padding", allow_zero=True)
    return before, tuple(2 * p for p in before)


def conv1d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0,
           dilation=1, groups: int = 1) -> Tensor:
    """1-D convolution (cross-correlation, as PyTorch) over (N, C, L) or (C, L) input.

    weight (out_channels, in_channels/groups, k), bias (out_channels,) or None; padding an
    int, 'valid' or 'same'. Output length (L + 2·padding - dilation·(k - 1) - 1) // stride + 1.
    """
    return _conv(input, weight, bias, stride, padding, dilation, groups, 1, "conv1d")


def conv2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0,
           dilation=1, groups: int = 1) -> Tensor:
    """2-D convolution (cross-correlation, as PyTorch) over (N, C, H, W) or (C, H, W) input.

    Args:
        weight: (out_channels, in_channels/groups, kH, kW); bias: (out_channels,) or None.
        stride, dilation: an int or an (h, w) pair; padding: an int, a pair, 'valid' or
            'same'; groups: split the channels into this many independent convolutions.
    Shape: (N, C, H, W) -> (N, out_channels, OH, OW), with
        OH = (H + 2·padding - dilation·(kH - 1) - 1) // stride + 1 (and OW alike).

    Example:
        >>> conv2d(randn(64, 1, 8, 8), randn(16, 1, 3, 3), padding=1).shape
        (64, 16, 8, 8)
    """
    return _conv(input, weight, bias, stride, padding, dilation, groups, 2, "conv2d")


def conv3d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0,
           dilation=1, groups: int = 1) -> Tensor:
    """3-D convolution (cross-correlation, as PyTorch) over (N, C, D, H, W) or (C, D, H, W)
    input (volumes, or video as frames x height x width).

    weight (out_channels, in_channels/groups, kD, kH, kW), bias (out_channels,) or None;
    stride, dilation an int or a triple; padding an int, a triple, 'valid' or 'same'.
    Shape: OD = (D + 2·padding - dilation·(kD - 1) - 1) // stride + 1 (OH, OW alike).
    """
    return _conv(input, weight, bias, stride, padding, dilation, groups, 3, "conv3d")


def _conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation,
                    dims: int, op: str):
    _check_tensors(input, weight, bias, dims, op)
    batched = input.ndim == dims + 2
    x = input if batched else input.unsqueeze(0)
    kernel = weight.shape[2:]
    stride = _positive(int_tuple(stride, dims, "stride", op), "stride")
    dilation = _positive(int_tuple(dilation, dims, "dilation", op), "dilation")
    if isinstance(padding, str):
        raise RuntimeError(f"{op}: padding must be an int or a tuple of ints, got {padding!r} "
                           "(string padding is for conv, not conv_transpose)")
    padding = _positive(int_tuple(padding, dims, "padding", op), "padding", allow_zero=True)
    output_padding = _positive(int_tuple(output_padding, dims, "output_padding", op),
                               "output_padding", allow_zero=True)
    if any(p >= s and p >= d for p, s, d in zip(output_padding, stride, dilation)):
        raise RuntimeError(f"output padding must be smaller than either stride or dilation, but "
                           f"got output_padding={output_padding}, stride={stride}, "
                           f"dilation={dilation}")
    groups = _check_groups(groups, weight)
    if x.shape[1] != weight.shape[0]:
        raise RuntimeError(f"Given transposed=1, weight of size {list(weight.shape)}, expected "
                           f"input{list(x.shape)} to have {weight.shape[0]} channels, but got "
                           f"{x.shape[1]} channels instead")
    _check_bias(bias, weight.shape[1] * groups, weight)
    blocks = x.shape[2:]
    size = tuple((n - 1) * s - 2 * p + d * (k - 1) + op_ + 1 for n, s, p, d, k, op_ in
                 zip(blocks, stride, padding, dilation, kernel, output_padding))
    if min(size) < 1:
        raise RuntimeError(f"Given input size per channel: ({' x '.join(map(str, blocks))}). "
                           f"Calculated output size per channel: "
                           f"({' x '.join(map(str, size))}). Output size is too small")
    windows = Windows(size, blocks, kernel, dilation, stride, padding)
    out = ConvTranspose.apply(x, weight, bias, windows, groups)
    return out if batched else out.squeeze(0)


def conv_transpose1d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1,
                     padding=0, output_padding=0, groups: int = 1, dilation=1) -> Tensor:
    """1-D transposed convolution over (N, C, L) or (C, L) input; weight (C, out/groups, k).

    Output length (L - 1)·stride - 2·padding + dilation·(k - 1) + output_padding + 1.
    """
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups,
                           dilation, 1, "conv_transpose1d")


def conv_transpose2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1,
                     padding=0, output_padding=0, groups: int = 1, dilation=1) -> Tensor:
    """2-D transposed convolution ("deconvolution") over (N, C, H, W) or (C, H, W) input.

    The gradient of conv2d with respect to its input, used as a layer: it maps each input
    position to a kernel-sized block of the output (upsampling when stride > 1).

    Args:
        weight: (in_channels, out_channels/groups, kH, kW); bias: (out_channels,) or None.
        output_padding: extra size added to one side of the output (smaller than stride or
            dilation), to pick among the output sizes a strided conv2d maps to the same size.
    Shape: OH = (H - 1)·stride - 2·padding + dilation·(kH - 1) + output_padding + 1.
    """
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups,
                           dilation, 2, "conv_transpose2d")


def conv_transpose3d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1,
                     padding=0, output_padding=0, groups: int = 1, dilation=1) -> Tensor:
    """3-D transposed convolution over (N, C, D, H, W) or (C, D, H, W) input; weight
    (C, out_channels/groups, kD, kH, kW).

    Shape: OD = (D - 1)·stride - 2·padding + dilation·(kD - 1) + output_padding + 1 (OH, OW
    alike).
    """
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups,
                           dilation, 3, "conv_transpose3d")

"""Adaptive pooling: output_size windows that cover the input evenly, whatever its size.

Along a dim of size n pooled to o outputs, window i is [floor(i·n/o), ceil((i+1)·n/o)).
Average pooling takes the mean of each window, one dim after the other (a reshape when the
windows are equal, else the windows gathered side by side); max pooling keeps each
window's maximum and its flat index, as `MaxPool` does.
"""
from __future__ import annotations

from itertools import product

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import check_tensors
from autograd.ops.elementwise import where
from autograd.ops.pooling import PlaneScatterAdd, flat_positions, running_max
from autograd.tensor import Tensor

__all__ = ["AdaptiveMaxPool", "adaptive_windows", "adaptive_avg",
           "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d",
           "adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d", "check_output_size"]


def adaptive_windows(size: int, out: int) -> tuple:
    """PyTorch's adaptive windows along one dim: [floor(i·size/out), ceil((i+1)·size/out))."""
    i = np.arange(out)
    return (i * size) // out, -((-(i + 1) * size) // out)


class AdaptiveMaxPool(NumpyFunction):
    """Max over adaptive windows (output_size blocks covering x evenly), with flat indices.

    y = max over the window;  grad_x = g added at the argmax of each window.
    """

    formula, derivatives = "adaptive_max_pool(a)", ("scatter_flat(g, index, shape)", None)

    @staticmethod
    def forward(ctx, x, output_size):
        size = x.shape[2:]
        bounds = [adaptive_windows(n, o) for n, o in zip(size, output_size)]
        widest = [int(np.max(end - start)) for start, end in bounds]
        # Offsets past a window's end repeat its last position (a tie, so never chosen).
        positions = [np.minimum(start[:, None] + np.arange(k), end[:, None] - 1)
                     for (start, end), k in zip(bounds, widest)]

        def candidate(offset):
            per_dim = [p[:, k] for p, k in zip(positions, offset)]
            return x[(Ellipsis,) + np.ix_(*per_dim)], flat_positions(per_dim, size), None

        first = flat_positions([p[:, 0] for p in positions], size)
        values, index = running_max(
            first, [candidate(o) for o in product(*map(range, widest))], x.dtype)
        ctx.index, ctx.shape = index, x.shape
        return values, index

    @staticmethod
    def backward(ctx, grad, grad_index):
        return PlaneScatterAdd.compute(grad, ctx.index, ctx.shape), None


class AdaptiveMaxPool2D(AdaptiveMaxPool):
    node_name, op_name = "AdaptiveMaxPool2DBackward0", "AdaptiveMaxPool"  # PyTorch's names


class AdaptiveMaxPool3D(AdaptiveMaxPool):
    node_name, op_name = "AdaptiveMaxPool3DBackward0", "AdaptiveMaxPool"


_ADAPTIVE_MAX_POOLS = {1: AdaptiveMaxPool, 2: AdaptiveMaxPool2D, 3: AdaptiveMaxPool3D}


def _window_means(x: Tensor, axis: int, n: int, o: int) -> Tensor:
    """The mean of each adaptive window along `axis`: the windows gathered side by side,
    (..., o, width), the positions past a window's end masked out, so that an inf or NaN
    reaches only the windows it is in."""
    start, end = adaptive_windows(n, o)
    width = int((end - start).max()) if o else 0
    positions = start[:, None] + np.arange(width)
    last = x.ndim - 1
    moved = x if axis == last else x.transpose(axis, last)
    windows = moved[..., np.minimum(positions, n - 1)]
    inside = Tensor(positions < end[:, None])
    means = where(inside, windows, 0.0).sum(-1) / Tensor((end - start).astype(x.dtype))
    return means if axis == last else means.transpose(axis, last)


def _output_size(input, output_size, dims: int, op: str) -> tuple:
    if input.ndim not in (dims + 1, dims + 2):
        raise RuntimeError(f"{op}(): Expected {dims + 1}D or {dims + 2}D tensor, but got "
                           f"input of size {list(input.shape)}")
    for axis in range(1 if input.ndim == dims + 2 else 0, input.ndim):
        if input.shape[axis] == 0:
            raise RuntimeError(f"{op}(): Expected input to have non-zero size for non-batch "
                               f"dimensions, but input has sizes {list(input.shape)} with "
                               f"dimension {axis} being empty")
    sizes = check_output_size(output_size, dims, op)
    return tuple(n if o is None else o for o, n in zip(sizes, input.shape[-dims:]))


def check_output_size(output_size, dims: int, op: str) -> tuple:
    """output_size as `dims` non-negative ints; in a tuple of 2, None keeps that size."""
    sizes = output_size if isinstance(output_size, (tuple, list)) else (output_size,) * dims
    if len(sizes) != dims:
        raise RuntimeError(f"{op}: output_size must be {dims}")
    for o in sizes:
        if o is None and isinstance(output_size, (tuple, list)) and dims > 1:
            continue
        if isinstance(o, bool) or not isinstance(o, (int, np.integer)):
            raise TypeError(f"{op}: output_size must be a non-negative int or a tuple of {dims} "
                            f"(None keeps a size), got {output_size!r}")
        if o < 0:
            raise RuntimeError(f"{op}: output_size must be non-negative ints (or None to keep "
                               f"a size), got {output_size!r}")
    return tuple(o if o is None else int(o) for o in sizes)


def adaptive_avg(input: Tensor, output_size, dims: int, op: str) -> Tensor:
    """Adaptive average pooling over the last `dims` dims (any number of them)."""
    out_size = _output_size(input, output_size, dims, op)
    if input.dtype.kind != "f":
        raise RuntimeError(f"\"{op}\" not implemented for '{input.dtype}' (use a floating "
                           "point input)")
    x = input
    for axis, (n, o) in enumerate(zip(input.shape[-dims:], out_size), start=input.ndim - dims):
        if o == n:
            continue
        if o and n % o == 0:  # equal windows: a mean over a reshaped dim
            x = x.reshape(x.shape[:axis] + (o, n // o) + x.shape[axis + 1:]).mean(axis + 1)
            continue
        x = _window_means(x, axis, n, o)
    return x


def adaptive_avg_pool1d(input: Tensor, output_size) -> Tensor:
    """Mean over output_size windows that cover (N, C, L) or (C, L) input evenly."""
    check_tensors("adaptive_avg_pool1d", input=input)
    return adaptive_avg(input, output_size, 1, "adaptive_avg_pool1d")


def adaptive_avg_pool2d(input: Tensor, output_size) -> Tensor:
    """Mean over adaptive windows of (N, C, H, W) or (C, H, W) input, to (…, *output_size).

    output_size: an int or an (oh, ow) pair (None keeps that size); 1 is global average
    pooling. Window i along a dim of size n is [floor(i·n/o), ceil((i+1)·n/o)).
    """
    check_tensors("adaptive_avg_pool2d", input=input)
    return adaptive_avg(input, output_size, 2, "adaptive_avg_pool2d")


def adaptive_avg_pool3d(input: Tensor, output_size) -> Tensor:
    """Mean over adaptive windows of (N, C, D, H, W) or (C, D, H, W) input, to
    (…, *output_size): an int or a triple (None keeps that size)."""
    check_tensors("adaptive_avg_pool3d", input=input)
    return adaptive_avg(input, output_size, 3, "adaptive_avg_pool3d")


def _adaptive_max(input: Tensor, output_size, return_indices: bool, dims: int, op: str):
    out_size = _output_size(input, output_size, dims, op)
    if input.dtype.kind != "f":
        raise RuntimeError(f"\"{op}\" not implemented for '{input.dtype}' (use a floating "
                           "point input)")
    batched = input.ndim == dims + 2
    values, indices = _ADAPTIVE_MAX_POOLS[dims].apply(input if batched else input.unsqueeze(0),
                                                      out_size)
    if not batched:
        values, indices = values.squeeze(0), indices.squeeze(0)
    return (values, indices) if return_indices else values


def adaptive_max_pool1d(input: Tensor, output_size, return_indices: bool = False):
    """Max over output_size windows covering (N, C, L) or (C, L) input evenly."""
    check_tensors("adaptive_max_pool1d", input=input)
    return _adaptive_max(input, output_size, return_indices, 1, "adaptive_max_pool1d")


def adaptive_max_pool2d(input: Tensor, output_size, return_indices: bool = False):
    """Max over adaptive windows of (N, C, H, W) or (C, H, W) input; with return_indices,
    also the flat index h·W + w of each maximum in its plane."""
    check_tensors("adaptive_max_pool2d", input=input)
    return _adaptive_max(input, output_size, return_indices, 2, "adaptive_max_pool2d")


def adaptive_max_pool3d(input: Tensor, output_size, return_indices: bool = False):
    """Max over adaptive windows of (N, C, D, H, W) or (C, D, H, W) input; with
    return_indices, also the flat index d·H·W + h·W + w of each maximum in its volume."""
    check_tensors("adaptive_max_pool3d", input=input)
    return _adaptive_max(input, output_size, return_indices, 3, "adaptive_max_pool3d")

"""Pooling: max and average over sliding windows, and their adaptive forms.

Max pooling keeps, for each window, the largest value and where it was (a flat index into
the input's spatial plane, as PyTorch's `return_indices`); its gradient is added back at
those places (`PlaneScatterAdd`), whose own gradient is read from them (`PlaneGather`).
Average pooling is linear: its gradient spreads g / divisor over each window (a `fold`).
Adaptive average pooling is a product with one averaging matrix per spatial dim.
"""
from __future__ import annotations

from itertools import product

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import check_tensors
from autograd.ops.unfold import Fold, Windows, window_view

__all__ = ["MaxPool", "AvgPool", "PlaneScatterAdd", "PlaneGather", "running_max",
           "flat_positions", "whole_positions", "max_pool1d", "max_pool2d", "max_pool3d",
           "avg_pool1d", "avg_pool2d", "avg_pool3d", "pool_arguments", "pool_tuple"]


def whole_positions(index: np.ndarray, shape: tuple) -> np.ndarray:
    """Flat positions in a whole array of `shape` (N, C, *spatial) from `index` (N, C, ...),
    flat positions within each (n, c) plane."""
    planes, size = int(np.prod(shape[:2])), int(np.prod(shape[2:]))
    offsets = (np.arange(planes) * size).reshape(shape[:2] + (1,) * (index.ndim - 2))
    return index + offsets


class PlaneGather(NumpyFunction):
    """out[n, c, j] = a[n, c].flat[index[n, c, j]]: values read at flat spatial positions.
    Linear in a; its backward is `PlaneScatterAdd`."""

    formula, derivatives = "gather_flat(a, index)", ("scatter_flat(g, index, shape)", None)

    @staticmethod
    def forward(ctx, a, index):
        ctx.index, ctx.shape = index, a.shape
        return a.reshape(-1)[whole_positions(index, a.shape)]

    @staticmethod
    def backward(ctx, grad):
        return PlaneScatterAdd.compute(grad, ctx.index, ctx.shape), None


class PlaneScatterAdd(NumpyFunction):
    """Zeros of `shape` with a[n, c, j] added at flat spatial position index[n, c, j] of
    plane (n, c) (repeats add up): the gradient of max pooling. Its backward is `PlaneGather`."""

    formula, derivatives = "scatter_flat(a, index, c)", ("gather_flat(g, index)", None, None)

    @staticmethod
    def forward(ctx, a, index, shape):
        ctx.index = index
        total = np.bincount(whole_positions(index, shape).reshape(-1), weights=a.reshape(-1),
                            minlength=int(np.prod(shape)))
        return total.astype(a.dtype, copy=False).reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        return PlaneGather.compute(grad, ctx.index), None, None


def _lowest(dtype) -> float:
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


def running_max(first_index, candidates: list, dtype):
    """The maximum over candidates (values, flat positions, real: where they are not
    padding, or None for everywhere), and where it was, by PyTorch's rule: the first
    maximum, but the last NaN; padding never wins, so a window of -inf points at its first
    real position, `first_index`."""
    best = candidates[0][0]
    for values, _, _ in candidates[1:]:
        best = np.maximum(best, values)  # NaN propagates
    index = np.broadcast_to(first_index, best.shape)
    for values, positions, real in reversed(candidates):  # so the first maximum is kept
        hit = values == best
        index = np.where(hit if real is None else hit & real, positions, index)
    if dtype.kind == "f" and np.isnan(best).any():
        for values, positions, _ in candidates:  # so the last NaN is kept
            index = np.where(np.isnan(values), positions, index)
    return best, index


def _positions(windows: Windows) -> list:
    """Per dim, the input position each (block, kernel offset) reads: (blocks, kernel)."""
    return [np.arange(b)[:, None] * s - p + np.arange(k)[None, :] * d for b, k, d, s, p in
            zip(windows.blocks, windows.kernel, windows.dilation, windows.stride, windows.pad)]


def _grid(per_dim: list) -> list:
    """One array per dim, reshaped to broadcast against the others as a grid."""
    dims = len(per_dim)
    return [a.reshape((-1,) + (1,) * (dims - 1 - axis)) for axis, a in enumerate(per_dim)]


def flat_positions(per_dim: list, size: tuple) -> np.ndarray:
    """Flat positions in a plane of `size` from one index array per dim (broadcast as a grid)."""
    flat = 0
    for index, n in zip(_grid(per_dim), size):
        flat = flat * n + index
    return flat


class MaxPool(NumpyFunction):
    """Max over each window of x (N, C, *size) (padding never wins), with its flat index.

    y = max over the window;  grad_x = g added at the argmax of each window.
    """

    formula, derivatives = "max_pool(a)", ("scatter_flat(g, index, shape)", None)

    @staticmethod
    def forward(ctx, x, windows):
        view = window_view(x, windows, fill=_lowest(x.dtype))
        positions = _positions(windows)
        inside = [(p >= 0) & (p < n) for p, n in zip(positions, windows.size)]
        first = flat_positions([np.take_along_axis(p, np.argmax(v, axis=1)[:, None], 1)[:, 0]
                       for p, v in zip(positions, inside)], windows.size)
        candidates = []
        for offset in product(*map(range, windows.kernel)):
            real = np.ones((1,) * len(offset), bool)
            for v in _grid([v[:, k] for v, k in zip(inside, offset)]):
                real = real & v
            candidates.append((view[(Ellipsis,) + offset],
                               flat_positions([p[:, k] for p, k in zip(positions, offset)],
                                              windows.size),
                               None if np.all(real) else real))
        values, index = running_max(first, candidates, x.dtype)
        ctx.index, ctx.shape = index, x.shape
        return values, index

    @staticmethod
    def backward(ctx, grad, grad_index):
        return PlaneScatterAdd.compute(grad, ctx.index, ctx.shape), None


class AvgPool(NumpyFunction):
    """Mean over each window of x (N, C, *size): Σ_window x / divisor.

    `divisor` (a number or an array over the blocks) counts the window's elements as
    PyTorch does (count_include_pad, divisor_override). grad_x = fold(g / divisor): each
    input gets g / divisor from every window it is in.
    """

    formula, derivatives = "sum(window(a)) / divisor", ("spread(g / divisor)", None, None)

    @staticmethod
    def forward(ctx, x, windows, divisor):
        ctx.windows, ctx.divisor = windows, divisor
        view = window_view(x, windows)
        total = sum(view[(Ellipsis,) + offset] for offset in product(*map(range, windows.kernel)))
        if x.dtype.kind == "f":
            return total / divisor
        return (np.sign(total) * (np.abs(total) // divisor)).astype(x.dtype)  # C's truncation

    @staticmethod
    def backward(ctx, grad):
        windows = ctx.windows
        n, c = grad.shape[:2]
        count, blocks = int(np.prod(windows.kernel)), int(np.prod(windows.blocks))
        share = (grad / ctx.divisor).reshape((n, c, 1, blocks))
        cols = np.broadcast_to(share, (n, c, count, blocks)).reshape((n, c * count, blocks))
        return Fold.compute(cols, windows), None, None


# PyTorch names a pooling's nodes by its number of spatial dims (its 1-D pools run the 2-D
# one and squeeze): the same ops under those names.

class MaxPool2D(MaxPool):
    node_name, op_name = "MaxPool2DWithIndicesBackward0", "MaxPool"


class MaxPool3D(MaxPool):
    node_name, op_name = "MaxPool3DWithIndicesBackward0", "MaxPool"


class AvgPool2D(AvgPool):
    node_name, op_name = "AvgPool2DBackward0", "AvgPool"


class AvgPool3D(AvgPool):
    node_name, op_name = "AvgPool3DBackward0", "AvgPool"


_MAX_POOLS = {1: MaxPool, 2: MaxPool2D, 3: MaxPool3D}
_AVG_POOLS = {1: AvgPool, 2: AvgPool2D, 3: AvgPool3D}


# --- function forms: PyTorch's arguments and checks ----------------------------------------

_TUPLE_OF = {2: ", or a tuple of two ints", 3: ", or a tuple of three ints"}


def pool_tuple(value, dims: int, name: str, op: str) -> tuple:
    """An int or a sequence of `dims` ints (or of one) as a tuple of `dims` ints, or
    PyTorch's error naming the argument."""
    pair = "a single int" + _TUPLE_OF.get(dims, "")
    if isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return (int(value),) * dims
    if isinstance(value, (list, tuple)) and len(value) == dims and all(
            isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in value):
        return tuple(int(v) for v in value)
    if isinstance(value, (list, tuple)):
        raise RuntimeError(f"{op}: {name} must either be {pair}, got {value!r}")
    raise TypeError(f"{op}(): argument '{name}' must be an int or a tuple of ints, not "
                    f"{type(value).__name__}")


def pool_arguments(kernel_size, stride, padding, dilation, dims: int, op: str) -> tuple:
    """(kernel, stride, padding, dilation) as tuples of `dims` ints, checked as PyTorch
    checks them (the pooling layers check theirs when they are made)."""
    kernel = pool_tuple(kernel_size, dims, "kernel_size", op)
    stride = kernel if stride is None or stride == [] or stride == () else pool_tuple(
        stride, dims, "stride", op)
    padding = pool_tuple(padding, dims, "padding", op)
    dilation = pool_tuple(dilation, dims, "dilation", op)
    for name, values in (("kernel_size", kernel), ("stride", stride), ("dilation", dilation)):
        if min(values) < 1:
            raise RuntimeError(f"{op}: {name} should be greater than zero, but got {name}="
                               f"{values}")
    if min(padding) < 0:
        raise RuntimeError(f"{op}: padding must be non-negative, but got padding={padding}")
    for p, k, d in zip(padding, kernel, dilation):
        if p > (d * (k - 1) + 1) // 2:
            raise RuntimeError(f"{op}: pad should be at most half of effective kernel size, "
                               f"but got pad={p}, kernel_size={k} and dilation={d}")
    return kernel, stride, padding, dilation


def pool_windows(input, kernel_size, stride, padding, dilation, ceil_mode: bool, dims: int,
                 op: str) -> Windows:
    """The windows of a max/avg pooling over input (N, C, *size) or (C, *size), checked as
    PyTorch checks them."""
    if input.ndim not in (dims + 1, dims + 2) or 0 in input.shape[-dims:]:
        raise RuntimeError(f"{op}: Expected {dims + 1}D or {dims + 2}D (batch mode) non-empty "
                           f"tensor for input, but got input of size {list(input.shape)}")
    kernel, stride, padding, dilation = pool_arguments(kernel_size, stride, padding, dilation,
                                                       dims, op)
    size = input.shape[-dims:]
    blocks = tuple(_pool_blocks(n, k, s, p, d, ceil_mode)
                   for n, k, s, p, d in zip(size, kernel, stride, padding, dilation))
    if min(blocks) < 1:
        given = input.shape[-dims - 1:]
        calculated = (input.shape[-dims - 1],) + blocks
        raise RuntimeError(f"{op}: Given input size: ({'x'.join(map(str, given))}). Calculated "
                           f"output size: ({'x'.join(map(str, calculated))}). Output size is too "
                           "small")
    return Windows(size, blocks, kernel, dilation, stride, padding)


def _pool_blocks(size: int, kernel: int, stride: int, pad: int, dilation: int,
                 ceil_mode: bool) -> int:
    """PyTorch's pooling output size; with ceil_mode the last window may hang over the end,
    but must start inside the input or its left padding."""
    reach = size + 2 * pad - dilation * (kernel - 1) - 1
    blocks = (reach + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (blocks - 1) * stride >= size + pad:
        blocks -= 1
    return blocks


def _batched(input, dims: int):
    return input if input.ndim == dims + 2 else input.unsqueeze(0)


def _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices,
              dims: int, op: str):
    windows = pool_windows(input, kernel_size, stride, padding, dilation, ceil_mode, dims, op)
    if input.dtype.kind not in "fiu":
        raise RuntimeError(f"{op}: \"{input.dtype}\" input is not supported")
    values, indices = _MAX_POOLS[dims].apply(_batched(input, dims), windows)
    if input.ndim == dims + 1:
        values, indices = values.squeeze(0), indices.squeeze(0)
    return (values, indices) if return_indices else values


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,
               return_indices: bool = False):
    """Max over windows of length kernel_size of (N, C, L) or (C, L) input (padding: -inf).

    Returns the pooled tensor, and with return_indices the position of each maximum."""
    check_tensors("max_pool1d", input=input)
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices,
                     1, "max_pool1d")


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,
               return_indices: bool = False):
    """Max over kH x kW windows of (N, C, H, W) or (C, H, W) input (stride defaults to
    kernel_size; padding is -inf and never wins).

    Shape: OH = (H + 2·padding - dilation·(kH - 1) - 1) / stride + 1, rounded down (up with
    ceil_mode). With return_indices, also the flat index h·W + w of each maximum in its
    input plane. The gradient goes to that element (the last NaN, else the first maximum).
    """
    check_tensors("max_pool2d", input=input)
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices,
                     2, "max_pool2d")


def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,
               return_indices: bool = False):
    """Max over kD x kH x kW windows of (N, C, D, H, W) or (C, D, H, W) input, as max_pool2d
    along three dims; the indices are flat positions d·H·W + h·W + w in each input volume."""
    check_tensors("max_pool3d", input=input)
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices,
                     3, "max_pool3d")


def _avg_divisor(windows: Windows, count_include_pad: bool, divisor_override, dtype):
    """Each window's divisor, as PyTorch counts it: the window clipped to the padded input
    (count_include_pad) or to the input itself; or divisor_override."""
    if divisor_override is not None:
        if divisor_override == 0:
            raise RuntimeError("divisor must be not zero")
        return divisor_override
    divisor = np.ones((), np.int64)
    for n, b, k, s, p in zip(windows.size, windows.blocks, windows.kernel, windows.stride,
                             windows.pad):
        start = np.arange(b) * s - p
        end = np.minimum(start + k, n + p)
        if not count_include_pad:
            start, end = np.maximum(start, 0), np.minimum(end, n)
        divisor = np.multiply.outer(divisor, end - start)
    if np.all(divisor == divisor.flat[0]):
        return int(divisor.flat[0])
    return divisor.astype(dtype) if np.dtype(dtype).kind == "f" else divisor


def _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad,
              divisor_override, dims: int, op: str):
    windows = pool_windows(input, kernel_size, stride, padding, 1, ceil_mode, dims, op)
    if input.dtype.kind not in "fiu":
        raise RuntimeError(f"{op}: \"{input.dtype}\" input is not supported")
    divisor = _avg_divisor(windows, count_include_pad, divisor_override, input.dtype)
    out = _AVG_POOLS[dims].apply(_batched(input, dims), windows, divisor)
    return out if input.ndim == dims + 2 else out.squeeze(0)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True):
    """Mean over windows of length kernel_size of (N, C, L) or (C, L) input (padding: 0)."""
    check_tensors("avg_pool1d", input=input)
    return _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad, None,
                     1, "avg_pool1d")


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True, divisor_override=None):
    """Mean over kH x kW windows of (N, C, H, W) or (C, H, W) input (stride defaults to
    kernel_size; padding is 0).

    The divisor is the window's size (count_include_pad=True: padded zeros count), the
    number of input elements in it (count_include_pad=False), or divisor_override.
    """
    check_tensors("avg_pool2d", input=input)
    return _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                     divisor_override, 2, "avg_pool2d")


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True, divisor_override=None):
    """Mean over kD x kH x kW windows of (N, C, D, H, W) or (C, D, H, W) input, as avg_pool2d
    along three dims."""
    check_tensors("avg_pool3d", input=input)
    return _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                     divisor_override, 3, "avg_pool3d")

"""Sliding windows: unfold (im2col) and fold (col2im), the two linear maps under convolution.

A `Windows` geometry describes the blocks a kernel visits: along each spatial dim, block b
reads input positions b·stride - pad + k·dilation for k < kernel (positions outside the
input read zero). `unfold` copies every block into a column, `fold` adds columns back where
they were read from; each is the other's transpose, so each is the other's backward, and
both can be differentiated any number of times.
"""
from __future__ import annotations

from collections import namedtuple
from itertools import product

import numpy as np
from numpy.lib.stride_tricks import as_strided

from autograd.function import NumpyFunction
from autograd.ops.arguments import check_tensors
from autograd.tensor import Tensor

__all__ = ["Windows", "Unfold", "Fold", "unfold", "fold", "window_view", "unfold_array",
           "fold_array", "blocks_for", "int_tuple"]

Windows = namedtuple("Windows", ["size", "blocks", "kernel", "dilation", "stride", "pad"])
Windows.__doc__ = """Where a kernel reads, per spatial dim (tuples of ints): the input `size`,
the number of `blocks` (output positions), `kernel`, `dilation`, `stride`, and `pad`, the
zero padding before the first position (the padding after it is whatever the blocks need)."""


def _span(w: Windows) -> tuple:
    """How far the blocks reach into the padded input:
    (blocks - 1)·stride + dilation·(kernel - 1) + 1."""
    return tuple((b - 1) * s + d * (k - 1) + 1
                 for b, k, d, s in zip(w.blocks, w.kernel, w.dilation, w.stride))


def window_view(x: np.ndarray, w: Windows, fill=0) -> np.ndarray:
    """A read-only view (N, C, *blocks, *kernel) of the windows of x (N, C, *size), padded
    with `fill` (no copy beyond the padding)."""
    after = [max(0, span - p - n) for span, p, n in zip(_span(w), w.pad, w.size)]
    if any(w.pad) or any(after):
        x = np.pad(x, [(0, 0), (0, 0)] + list(zip(w.pad, after)), constant_values=fill)
    lead, spatial = x.strides[:2], x.strides[2:]
    strides = lead + tuple(t * s for t, s in zip(spatial, w.stride)) + tuple(
        t * d for t, d in zip(spatial, w.dilation))
    return as_strided(x, x.shape[:2] + w.blocks + w.kernel, strides, writeable=False)


def unfold_array(x: np.ndarray, w: Windows) -> np.ndarray:
    n, c = x.shape[:2]
    dims = len(w.size)
    view = window_view(x, w)
    order = (0, 1) + tuple(range(2 + dims, 2 + 2 * dims)) + tuple(range(2, 2 + dims))
    return view.transpose(order).reshape(n, c * int(np.prod(w.kernel)), int(np.prod(w.blocks)))


def fold_array(cols: np.ndarray, w: Windows) -> np.ndarray:
    n, c = cols.shape[0], cols.shape[1] // int(np.prod(w.kernel))
    blocks = cols.reshape((n, c) + w.kernel + w.blocks)
    span = _span(w)
    padded = np.zeros((n, c) + tuple(max(s, p + n_) for s, p, n_ in zip(span, w.pad, w.size)),
                      dtype=cols.dtype)
    for offset in product(*map(range, w.kernel)):
        target = tuple(slice(k * d, k * d + (b - 1) * s + 1, s) for k, d, b, s in
                       zip(offset, w.dilation, w.blocks, w.stride))
        padded[(Ellipsis,) + target] += blocks[(slice(None), slice(None)) + offset]
    return padded[(Ellipsis,) + tuple(slice(p, p + n_) for p, n_ in zip(w.pad, w.size))]


class Unfold(NumpyFunction):
    """im2col: x (N, C, *size) -> columns (N, C·K, L), one column per block (K = kernel
    elements, L = blocks). Linear; its backward is `Fold`."""

    node_name = "Im2ColBackward0"
    formula, derivatives = "unfold(a)", ("fold(g)", None)

    @staticmethod
    def forward(ctx, x, windows):
        ctx.windows = windows
        return unfold_array(x, windows)

    @staticmethod
    def backward(ctx, grad):
        return Fold.compute(grad, ctx.windows), None


class Fold(NumpyFunction):
    """col2im: columns (N, C·K, L) -> (N, C, *size), each column added back onto the
    positions its block covers (overlaps add up). Linear; its backward is `Unfold`."""

    node_name = "Col2ImBackward0"
    formula, derivatives = "fold(a)", ("unfold(g)", None)

    @staticmethod
    def forward(ctx, cols, windows):
        ctx.windows = windows
        return fold_array(cols, windows)

    @staticmethod
    def backward(ctx, grad):
        return Unfold.compute(grad, ctx.windows), None


def int_tuple(value, n: int, name: str, op: str) -> tuple:
    """An int or a sequence of n ints as a tuple of n ints, or PyTorch's error."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return (int(value),) * n
    if isinstance(value, (tuple, list)) and len(value) == n and all(
            isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in value):
        return tuple(int(v) for v in value)
    if isinstance(value, (tuple, list)) and len(value) == 1 and n > 1:
        return int_tuple(value[0], n, name, op)
    raise RuntimeError(f"{op}: expected {name} to be a single integer value or a list of {n} "
                       f"values to match the {n}-d spatial dimensions, but got {name}={value!r}")


def blocks_for(size: tuple, kernel: tuple, dilation: tuple, padding: tuple,
               stride: tuple) -> tuple:
    """Blocks per dim that fit in the padded input:
    (size + 2·pad - dilation·(k - 1) - 1) // stride + 1."""
    return tuple((n + 2 * p - d * (k - 1) - 1) // s + 1
                 for n, k, d, p, s in zip(size, kernel, dilation, padding, stride))


def _fold_arguments(kernel_size, dilation, padding, stride, op: str) -> tuple:
    kernel = int_tuple(kernel_size, 2, "kernel_size", op)
    dilation = int_tuple(dilation, 2, "dilation", op)
    padding = int_tuple(padding, 2, "padding", op)
    stride = int_tuple(stride, 2, "stride", op)
    for name, values, low in (("kernel_size", kernel, 1), ("dilation", dilation, 1),
                              ("padding", padding, 0), ("stride", stride, 1)):
        if min(values) < low:
            raise RuntimeError(f"{op}: {name} must be {'positive' if low else 'non-negative'}, "
                               f"got {name}={values}")
    return kernel, dilation, padding, stride


def unfold(input: Tensor, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """Every kernel-sized block of input (N, C, H, W) as a column: (N, C·kH·kW, L), L the
    number of blocks (PyTorch's F.unfold; an unbatched (C, H, W) input gives (C·kH·kW, L))."""
    check_tensors("unfold", input=input)
    if input.ndim not in (3, 4):
        raise RuntimeError(f"Input Error: Only 3D or 4D input Tensors are supported (got "
                           f"{input.ndim}D)")
    kernel, dilation, padding, stride = _fold_arguments(kernel_size, dilation, padding, stride,
                                                        "unfold")
    batched = input if input.ndim == 4 else input.unsqueeze(0)
    size = batched.shape[2:]
    blocks = blocks_for(size, kernel, dilation, padding, stride)
    if min(blocks) < 1:
        raise RuntimeError(f"Given input with spatial size {size}, kernel_size={kernel}, "
                           f"dilation={dilation}, padding={padding}, calculated shape of the "
                           f"array of sliding blocks as {blocks}, but its components must be "
                           "at least one.")
    out = Unfold.apply(batched, Windows(size, blocks, kernel, dilation, stride, padding))
    return out if input.ndim == 4 else out.squeeze(0)


def fold(input: Tensor, output_size, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """Columns (N, C·kH·kW, L) added back into (N, C, *output_size): the transpose of
    `unfold` (PyTorch's F.fold; an unbatched (C·kH·kW, L) input gives (C, *output_size))."""
    check_tensors("fold", input=input)
    if input.ndim not in (2, 3):
        raise RuntimeError(f"Input Error: Only unbatched (2D) or batched (3D) input Tensors "
                           f"are supported (got {input.ndim}D)")
    size = int_tuple(output_size, 2, "output_size", "fold")
    kernel, dilation, padding, stride = _fold_arguments(kernel_size, dilation, padding, stride,
                                                        "fold")
    batched = input if input.ndim == 3 else input.unsqueeze(0)
    count = kernel[0] * kernel[1]
    if batched.shape[1] % count:
        raise RuntimeError(f"Expected size of input's dimension 1 to be divisible by the product "
                           f"of kernel_size, but got input.size(1)={batched.shape[1]} and "
                           f"kernel_size={kernel}")
    blocks = blocks_for(size, kernel, dilation, padding, stride)
    if min(blocks) < 1 or blocks[0] * blocks[1] != batched.shape[2]:
        raise RuntimeError(f"Given output_size={size}, kernel_size={kernel}, "
                           f"dilation={dilation}, padding={padding}, stride={stride}, expected "
                           f"size of input's dimension 2 to match the calculated number of "
                           f"sliding blocks {blocks[0]} * {blocks[1]} = {blocks[0] * blocks[1]}, "
                           f"but got input.size(2)={batched.shape[2]}.")
    out = Fold.apply(batched, Windows(size, blocks, kernel, dilation, stride, padding))
    return out if input.ndim == 3 else out.squeeze(0)

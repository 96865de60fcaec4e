"""Joining and splitting: cat, stack, hstack/vstack/dstack/column_stack, split, chunk,
tensor_split, unbind, narrow, select, meshgrid, broadcast_tensors.

Inputs of different dtypes are joined in PyTorch's promoted dtype (int64 with float32 gives
float32); each input's gradient comes back in its own dtype.
"""
from __future__ import annotations

import functools

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import TENSOR_LIKE, check_tensor_list, not_a_tensor
from autograd.ops.dtypes import promote_types
from autograd.ops.indexing import Index, Select, Slice
from autograd.ops.dims import normalize_dim
from autograd.ops.shape import Reshape, atleast_1d, atleast_2d, atleast_3d, broadcast_shapes
from autograd.tensor import Tensor

__all__ = ["Cat", "Stack", "Split", "SplitWithSizes", "Unbind", "cat", "concat", "concatenate",
           "stack", "hstack", "vstack", "row_stack", "dstack", "column_stack", "split", "chunk",
           "tensor_split", "unbind", "narrow", "select", "meshgrid", "broadcast_tensors"]


class Cat(NumpyFunction):
    """Tensors joined along an existing dim.  Each input's gradient is its slice of g."""

    formula = "cat((b, c, ...), dim=a)"
    derivatives = (None,) + tuple(f"take(g, arange(bounds[{k}], bounds[{k + 1}]), axis=a)"
                                  for k in range(63))

    @staticmethod
    def forward(ctx, dim, *arrays):
        ctx.dim = dim
        dtype = arrays[0].dtype
        if any(a.dtype != dtype for a in arrays):
            dtype = joined_dtype(arrays)
        ctx.skipped = _skipped(arrays)
        if ctx.skipped:
            arrays = [a for i, a in enumerate(arrays) if i not in ctx.skipped]
        ctx.bounds = np.cumsum([0] + [a.shape[dim] for a in arrays]).tolist()
        return np.concatenate(arrays, axis=dim, dtype=dtype, casting="unsafe")

    @staticmethod
    def backward(ctx, grad):
        lead = (slice(None),) * ctx.dim
        grads, bounds = [None], iter(zip(ctx.bounds, ctx.bounds[1:]))
        for position, need in enumerate(ctx.needs_input_grad[1:]):
            if position in ctx.skipped:
                grads.append(np.zeros(0, grad.dtype) if need else None)
                continue
            start, stop = next(bounds)
            grads.append(grad[lead + (slice(start, stop),)] if need else None)
        return tuple(grads)


def joined_dtype(arrays) -> np.dtype:
    """PyTorch's dtype for tensors joined together: torch.promote_types of them all (int64
    with float32 is float32)."""
    return functools.reduce(promote_types, [a.dtype for a in arrays])


def _skipped(arrays) -> frozenset:
    """Positions of 1-D empty tensors among tensors of more dims: PyTorch's cat skips them."""
    ndim = arrays[0].ndim
    for a in arrays:
        if a.ndim != ndim:
            return frozenset(i for i, a in enumerate(arrays) if a.shape == (0,))
    return _NONE


_NONE = frozenset()


class Stack(NumpyFunction):
    """Same-shaped tensors stacked along a new dim.  Input i's gradient is g[..., i, ...]."""

    formula = "stack((b, c, ...), dim=a)"
    derivatives = (None,) + tuple(f"take(g, {k}, axis=a)" for k in range(63))

    @staticmethod
    def forward(ctx, dim, *arrays):
        ctx.dim = dim
        dtype = arrays[0].dtype
        if any(a.dtype != dtype for a in arrays):
            dtype = joined_dtype(arrays)
        return np.stack(arrays, axis=dim, dtype=dtype, casting="unsafe")

    @staticmethod
    def backward(ctx, grad):
        lead = (slice(None),) * ctx.dim
        return (None,) + tuple(grad[lead + (i,)] if need else None
                               for i, need in enumerate(ctx.needs_input_grad[1:]))


class Split(NumpyFunction):
    """Pieces a[..., bounds[i]:bounds[i+1], ...] along dim (dropping the dim when `unbind`).
    grad_a = the pieces' gradients joined back (cat, or stack for unbind)."""

    formula = "split(a, c, dim=b)"
    derivatives = ("stack(grads, axis) if unbind else concatenate(grads, axis)", None, None,
                   None)

    @staticmethod
    def forward(ctx, a, dim, bounds, unbind):
        ctx.axis, ctx.unbind = dim, unbind
        lead = (slice(None),) * dim
        if unbind:
            ctx.pieces = tuple([lead + (i,) for i in range(a.shape[dim])])
        else:
            ctx.pieces = tuple([lead + (slice(start, stop),)
                                for start, stop in zip(bounds, bounds[1:])])
        return tuple([a[piece] for piece in ctx.pieces])

    @staticmethod
    def backward(ctx, *grads):
        if ctx.unbind:
            return np.stack(grads, axis=ctx.axis), None, None, None
        return np.concatenate(grads, axis=ctx.axis), None, None, None


class SplitWithSizes(Split):
    """split into pieces of the given list of sizes."""

    op_name = "Split"


class Unbind(Split):
    """unbind: the slices along dim, each without that dim."""


def _tensors(tensors, op: str) -> list:
    """The tensors of a tuple or list (arrays and numbers converted); TypeError otherwise."""
    if not isinstance(tensors, (tuple, list)):
        raise TypeError(f"{op}(): argument 'tensors' must be a tuple or list of Tensors, not "
                        f"{type(tensors).__name__}")
    check_tensor_list(op, "tensors", tensors)
    tensors = [t if isinstance(t, Tensor) else Tensor(t) for t in tensors]
    if not tensors:
        raise RuntimeError(f"{op}(): expected a non-empty list of Tensors")
    return tensors


def cat(tensors, dim: int = 0) -> Tensor:
    """Tensors joined along an existing dim (all other dims equal)."""
    tensors = _tensors(tensors, "cat")
    arrays = [t._data for t in tensors]
    skipped = _skipped(arrays)
    first = None
    for i, a in enumerate(arrays):
        if a.ndim == 0:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be "
                               "concatenated")
        if i in skipped:
            continue
        if first is None:
            first = a.shape
            dim = normalize_dim(dim, len(first), "cat")
            rest = first[:dim] + first[dim + 1:]
        elif a.ndim != len(first):
            raise RuntimeError(f"Tensors must have same number of dimensions: got {len(first)} "
                               f"and {a.ndim}")
        elif a.shape[:dim] + a.shape[dim + 1:] != rest:
            raise RuntimeError(f"Sizes of tensors must match except in dimension {dim}. "
                               f"Expected shape {list(first)} but got {list(a.shape)} for "
                               f"tensor number {i} in the list.")
    return Cat.apply(dim, *tensors)


concat = concatenate = cat


def stack(tensors, dim: int = 0) -> Tensor:
    """Same-shaped tensors stacked along a new dim."""
    tensors = _tensors(tensors, "stack")
    shape = tensors[0].shape
    for i, t in enumerate(tensors[1:], 1):
        if t.shape != shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                               f"{list(shape)} at entry 0 and {list(t.shape)} at entry {i}")
    return Stack.apply(normalize_dim(dim, len(shape) + 1, "stack"), *tensors)


def hstack(tensors) -> Tensor:
    """Tensors joined column-wise: along dim 0 if they are 1-D, else dim 1."""
    tensors = [atleast_1d(t) for t in _tensors(tensors, "hstack")]
    return cat(tensors, 0 if tensors[0].ndim == 1 else 1)


def vstack(tensors) -> Tensor:
    """Tensors joined row-wise (1-D ones become rows)."""
    return cat([atleast_2d(t) for t in _tensors(tensors, "vstack")], 0)


row_stack = vstack


def dstack(tensors) -> Tensor:
    """Tensors joined depth-wise, along dim 2."""
    return cat([atleast_3d(t) for t in _tensors(tensors, "dstack")], 2)


def column_stack(tensors) -> Tensor:
    """1-D (and 0-d) tensors as columns, joined with 2-D ones along dim 1."""
    tensors = _tensors(tensors, "column_stack")
    return cat([Reshape.apply(t, (t.numel(), 1)) if t.ndim <= 1 else t for t in tensors], 1)


def _split_bounds(size: int, sizes: list, op: str) -> list:
    bounds = np.cumsum([0] + list(sizes)).tolist()
    if bounds[-1] != size or any(n < 0 for n in sizes):
        raise RuntimeError(f"{op} expects split_sizes to sum exactly to {size} (input tensor's "
                           f"size at the dimension), but got split_sizes={list(sizes)}")
    return bounds


def split(tensor, split_size_or_sections, dim: int = 0) -> tuple:
    """Pieces along dim: of size `split_size_or_sections` (the last may be smaller), or of
    the given list of sizes."""
    if not isinstance(tensor, TENSOR_LIKE):
        raise not_a_tensor("split", tensor=tensor)
    if tensor.ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    dim = normalize_dim(dim, tensor.ndim, "split")
    size = tensor.shape[dim]
    if isinstance(split_size_or_sections, (int, np.integer)):
        step = int(split_size_or_sections)
        if step < 0 or (step == 0 and size):
            raise RuntimeError(f"split expects split_size be non-negative, but got "
                               f"split_size={step}")
        sizes = [min(step, size - start) for start in range(0, size, step)] if size else [0]
        op = Split
    else:
        sizes = [int(n) for n in split_size_or_sections]
        op = SplitWithSizes
    return op.apply(tensor, dim, tuple(_split_bounds(size, sizes, "split_with_sizes")), False)


def chunk(input, chunks: int, dim: int = 0) -> tuple:
    """At most `chunks` pieces of equal size ceil(n / chunks) along dim (the last smaller)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("chunk", input=input)
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    if input.ndim == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    dim = normalize_dim(dim, input.ndim, "chunk")
    size = input.shape[dim]
    return split(input, -(-size // chunks) if size else [0] * chunks, dim)


def tensor_split(input, indices_or_sections, dim: int = 0) -> tuple:
    """Pieces along dim: `sections` nearly equal ones (the first size % sections one
    larger), or cut at the given indices."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("tensor_split", input=input)
    if input.ndim == 0:
        raise RuntimeError("tensor_split expects at least a 1-dimensional tensor")
    dim = normalize_dim(dim, input.ndim, "tensor_split")
    size = input.shape[dim]
    if isinstance(indices_or_sections, (int, np.integer)):
        sections = int(indices_or_sections)
        if sections <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {sections}")
        small, extra = divmod(size, sections)
        sizes = [small + 1] * extra + [small] * (sections - extra)
        return Split.apply(input, dim, tuple(_split_bounds(size, sizes, "tensor_split")), False)
    cuts = [min(max(int(i) if i >= 0 else int(i) + size, 0), size)
            for i in indices_or_sections]
    starts, stops = [0] + cuts, cuts + [size]
    lead = (slice(None),) * dim
    return tuple(Index.apply(input, (lead + (slice(a, max(a, b)),), None))
                 for a, b in zip(starts, stops))


def unbind(input, dim: int = 0) -> tuple:
    """The slices along dim, each without that dim."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("unbind", input=input)
    if input.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    dim = normalize_dim(dim, input.ndim, "unbind")
    return Unbind.apply(input, dim, None, True)


def narrow(input, dim: int, start: int, length: int) -> Tensor:
    """input[..., start:start+length, ...] along dim (start may be negative)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("narrow", input=input)
    if input.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    dim = normalize_dim(dim, input.ndim, "narrow")
    size = input.shape[dim]
    start = int(start)
    if not -size <= start <= size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], "
                         f"but got {start})")
    start = start + size if start < 0 else start
    if length < 0 or start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size "
                           f"({size}).")
    return Slice.apply(input, ((slice(None),) * dim + (slice(start, start + length),), None))


def select(input, dim: int, index: int) -> Tensor:
    """input[..., index, ...] along dim, without that dim."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(index, TENSOR_LIKE)):
        raise not_a_tensor("select", input=input, index=index)
    if input.ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    dim = normalize_dim(dim, input.ndim, "select")
    size = input.shape[dim]
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size "
                         f"{list(input.shape)} at dimension {dim}")
    return Select.apply(input, ((slice(None),) * dim + (int(index),), None))


def meshgrid(*tensors, indexing: str = "ij") -> tuple:
    """Coordinate grids: output i holds tensors[i] along dim i ('ij'), with the first two
    dims swapped for 'xy' (Cartesian)."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f"torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but "
                           f"received: {indexing}")
    check_tensor_list("meshgrid", "tensors", tensors)
    if len({t.dtype for t in tensors}) > 1:
        raise RuntimeError("meshgrid expects all tensors to have the same dtype, got "
                           f"{[str(t.dtype) for t in tensors]}")
    for t in tensors:
        if t.ndim > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list "
                               f"but got: {t.ndim}D")
    sizes = [t.numel() for t in tensors]
    if indexing == "xy" and len(sizes) >= 2:
        sizes[0], sizes[1] = sizes[1], sizes[0]
    out = []
    for i, t in enumerate(tensors):
        axis = i if indexing == "ij" or len(tensors) < 2 or i > 1 else 1 - i
        shape = [1] * len(tensors)
        shape[axis] = sizes[axis]
        out.append(Reshape.apply(t, tuple(shape)).expand(*sizes))
    return tuple(out)


def broadcast_tensors(*tensors) -> tuple:
    """The tensors expanded to their common broadcast shape."""
    check_tensor_list("broadcast_tensors", "tensors", tensors)
    shape = broadcast_shapes(*[t.shape for t in tensors])
    return tuple(t.expand(*shape) for t in tensors)

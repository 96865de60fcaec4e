"""Elements moved or copied around: flip, roll, rot90, repeat, tile, repeat_interleave,
tril, triu, diagonal, diag_embed, diag, trace."""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.gather import index_array
from autograd.ops.dims import normalize_dim
from autograd.ops.reduce import Sum
from autograd.ops.select import IndexSelect
from autograd.ops.shape import sizes
from autograd.tensor import Tensor

__all__ = ["Flip", "Roll", "Rot90", "Repeat", "Trace", "Tril", "Triu", "Diagonal", "DiagEmbed",
           "flip", "fliplr", "flipud", "roll", "rot90", "repeat", "tile", "repeat_interleave",
           "tril", "triu", "diagonal", "diag_embed", "diag", "trace"]


class Flip(NumpyFunction):
    """The order of the elements reversed along dims.  grad_a = g flipped back."""

    formula = "flip(a, b)"
    derivatives = ("flip(g, b)", None)

    @staticmethod
    def forward(ctx, a, dims):
        ctx.dims = dims
        return np.flip(a, dims)

    @staticmethod
    def backward(ctx, grad):
        return Flip.compute(grad, ctx.dims), None


class Roll(NumpyFunction):
    """Elements shifted cyclically along dims (the flattened tensor when dims is None).
    grad_a = g rolled back."""

    formula = "roll(a, b, c)"
    derivatives = ("roll(g, negative(b), c)", None, None)

    @staticmethod
    def forward(ctx, a, shifts, dims):
        ctx.shifts, ctx.dims = shifts, dims
        return np.roll(a, shifts, axis=dims)

    @staticmethod
    def backward(ctx, grad):
        back = tuple(-s for s in ctx.shifts) if isinstance(ctx.shifts, tuple) else -ctx.shifts
        return Roll.compute(grad, back, ctx.dims), None, None


class Rot90(NumpyFunction):
    """a rotated by 90° k times in the plane of dims, from the first towards the second.
    grad_a = g rotated back (-k times)."""

    formula = "rot90(a, b, c)"
    derivatives = ("rot90(g, negative(b), c)", None, None)

    @staticmethod
    def forward(ctx, a, k, dims):
        ctx.k, ctx.dims = k, dims
        return np.rot90(a, k, dims)

    @staticmethod
    def backward(ctx, grad):
        return Rot90.compute(grad, -ctx.k, ctx.dims), None, None


class Repeat(NumpyFunction):
    """a tiled `reps` times along each dim (PyTorch's repeat).  grad_a = g summed over the
    copies."""

    formula = "a.repeat(b)"
    derivatives = ("sum(reshape(g, split), axis=copies, keepdims=False)", None)

    @staticmethod
    def forward(ctx, a, reps):
        shape = (1,) * (len(reps) - a.ndim) + a.shape
        split = []
        for copies, n in zip(reps, shape):
            split += [copies, n]
        ctx.split, ctx.copies = tuple(split), tuple(range(0, len(split), 2))
        return np.tile(a, reps)

    @staticmethod
    def backward(ctx, grad):
        return np.sum(grad.reshape(ctx.split), axis=ctx.copies), None


class Tril(NumpyFunction):
    """The lower triangle (j <= i + diagonal) of the last two dims, zeros above.
    grad_a = tril(g)."""

    formula = "tril(a, b)"
    derivatives = ("tril(g, b)", None)

    @staticmethod
    def forward(ctx, a, diagonal):
        ctx.diagonal = diagonal
        return np.tril(a, diagonal)

    @staticmethod
    def backward(ctx, grad):
        return Tril.compute(grad, ctx.diagonal), None


class Triu(NumpyFunction):
    """The upper triangle (j >= i + diagonal) of the last two dims.  grad_a = triu(g)."""

    formula = "triu(a, b)"
    derivatives = ("triu(g, b)", None)

    @staticmethod
    def forward(ctx, a, diagonal):
        ctx.diagonal = diagonal
        return np.triu(a, diagonal)

    @staticmethod
    def backward(ctx, grad):
        return Triu.compute(grad, ctx.diagonal), None


class Diagonal(NumpyFunction):
    """The diagonal a[..., i, i + offset] of dims (dim1, dim2), as a last dim.
    grad_a = g placed back on that diagonal (zeros elsewhere)."""

    formula = "diagonal(a, b, c, d)"
    derivatives = ("diag_embed(g, a.shape, b, c, d)", None, None, None)

    @staticmethod
    def forward(ctx, a, offset, dim1, dim2):
        ctx.shape, ctx.offset, ctx.dim1, ctx.dim2 = a.shape, offset, dim1, dim2
        return np.diagonal(a, offset, dim1, dim2).copy()

    @staticmethod
    def backward(ctx, grad):
        return DiagEmbed.compute(grad, ctx.shape, ctx.offset, ctx.dim1, ctx.dim2), None, \
            None, None


class DiagEmbed(NumpyFunction):
    """Zeros of `shape` with a's last dim written on the diagonal of (dim1, dim2).
    grad_a = diagonal(g, offset, dim1, dim2)."""

    formula = "diag_embed(a, c, d, e)"
    derivatives = ("diagonal(g, c, d, e)", None, None, None, None)

    @staticmethod
    def forward(ctx, a, shape, offset, dim1, dim2):
        ctx.offset, ctx.dim1, ctx.dim2 = offset, dim1, dim2
        out = np.zeros(shape, a.dtype)
        plane = np.moveaxis(out, (dim1, dim2), (-2, -1))
        steps = np.arange(a.shape[-1])
        plane[..., steps + max(-offset, 0), steps + max(offset, 0)] = a
        return out

    @staticmethod
    def backward(ctx, grad):
        return Diagonal.compute(grad, ctx.offset, ctx.dim1, ctx.dim2), None, None, None, None


def _dims(dims, ndim: int, op: str) -> tuple:
    dims = (dims,) if isinstance(dims, (int, np.integer)) else tuple(dims)
    normalized = tuple(normalize_dim(d, ndim, op) for d in dims)
    if len(set(normalized)) != len(normalized):
        raise RuntimeError(f"{op}(): dim {normalized[0]} appears multiple times in the list "
                           "of dims")
    return normalized


def flip(input, dims) -> Tensor:
    """The order of elements reversed along each dim in `dims`."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("flip", input=input)
    dims = _dims(dims, input.ndim, "flip")
    if input.ndim == 0 or not dims:
        return Flip.apply(input, ())
    return Flip.apply(input, dims)


def fliplr(input) -> Tensor:
    """Columns in reverse order (dim 1); needs at least 2 dims."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("fliplr", input=input)
    if input.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return flip(input, (1,))


def flipud(input) -> Tensor:
    """Rows in reverse order (dim 0); needs at least 1 dim."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("flipud", input=input)
    if input.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return flip(input, (0,))


def roll(input, shifts, dims=None) -> Tensor:
    """Elements shifted cyclically by `shifts` along `dims` (the flattened tensor if None)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("roll", input=input)
    if dims is None:
        if not isinstance(shifts, (int, np.integer)):
            shifts = tuple(shifts)
            if len(shifts) != 1:
                raise RuntimeError(f"roll(): shifts and dims must align, got shifts {shifts} "
                                   "and no dims")
            shifts = shifts[0]
        return Roll.apply(input, int(shifts), None)
    shifts = (shifts,) if isinstance(shifts, (int, np.integer)) else tuple(shifts)
    dims = (dims,) if isinstance(dims, (int, np.integer)) else tuple(dims)
    if len(shifts) != len(dims):
        raise RuntimeError(f"roll(): shifts and dimensions must align. shifts: {len(shifts)}, "
                           f"dims: {len(dims)}")
    if input.ndim == 0:
        raise IndexError(f"roll(): Dimension specified as {dims[0]} but tensor has no "
                         "dimensions")
    dims = tuple(normalize_dim(d, input.ndim, "roll") for d in dims)
    return Roll.apply(input, tuple(int(s) for s in shifts), dims)


def rot90(input, k: int = 1, dims=(0, 1)) -> Tensor:
    """Rotated by 90° k times, from the first of `dims` towards the second."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("rot90", input=input)
    dims = tuple(dims)
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if input.ndim < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {input.ndim}")
    return Rot90.apply(input, k % 4, _dims(dims, input.ndim, "rot90"))


def repeat(input, *reps) -> Tensor:
    """input tiled reps[i] times along dim i (len(reps) >= input.ndim; new dims in front)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("repeat", input=input)
    reps = sizes(reps, "repeat")
    if len(reps) < input.ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than "
                           "number of dimensions of tensor")
    if any(n < 0 for n in reps):
        raise RuntimeError(f"Trying to create tensor with negative dimension: {list(reps)}")
    return Repeat.apply(input, reps)


def tile(input, dims) -> Tensor:
    """input tiled dims[i] times along dim i; missing leading reps count as 1."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("tile", input=input)
    reps = sizes((dims,), "tile") if not isinstance(dims, (int, np.integer)) else (int(dims),)
    return repeat(input, (1,) * (input.ndim - len(reps)) + reps)


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Each element (or slice along dim) repeated `repeats` times (an int, or one count per
    element); with a tensor of counts alone, the indices repeated by their counts."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("repeat_interleave", input=input)
    if repeats is None:
        if input.ndim != 1:
            raise RuntimeError(f"repeat_interleave only accept 1D vector as repeat, got a "
                               f"{input.ndim}-D tensor")
        counts = index_array(input, "repeat_interleave")
        return Tensor._make(np.repeat(np.arange(counts.size), counts).astype(np.int64))
    if dim is None:
        input, dim = input.reshape(-1), 0
    elif input.ndim == 0:
        raise IndexError("repeat_interleave(): a 0-d tensor takes no dim (use dim=None)")
    dim = normalize_dim(dim, input.ndim, "repeat_interleave")
    size = input.shape[dim] if input.ndim else 1
    counts = repeats if isinstance(repeats, (int, np.integer)) else index_array(
        repeats, "repeat_interleave").reshape(-1)
    if not isinstance(counts, (int, np.integer)) and counts.size not in (1, size):
        raise RuntimeError(f"repeats must have the same size as input along dim, but got "
                           f"repeats.size(0) = {counts.size} and input.size({dim}) = {size}")
    if np.any(np.asarray(counts) < 0):
        raise RuntimeError("repeats can not be negative")
    index = np.repeat(np.arange(size), counts)
    if output_size is not None and index.size != output_size:
        raise RuntimeError(f"repeat_interleave: output_size {output_size} does not match the "
                           f"{index.size} elements the repeats give")
    return IndexSelect.apply(input.reshape(1) if input.ndim == 0 else input, dim, index)


def _matrix_op(op, name: str, input, diagonal: int):
    if input.ndim < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
    return op.apply(input, int(diagonal))


def tril(input, diagonal: int = 0) -> Tensor:
    """The lower triangle of the last two dims (j <= i + diagonal), zeros above."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("tril", input=input)
    return _matrix_op(Tril, "tril", input, diagonal)


def triu(input, diagonal: int = 0) -> Tensor:
    """The upper triangle of the last two dims (j >= i + diagonal), zeros below."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("triu", input=input)
    return _matrix_op(Triu, "triu", input, diagonal)


def diagonal(input, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """The diagonal of dims (dim1, dim2), shifted by offset, as the last dim."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("diagonal", input=input)
    first = normalize_dim(dim1, input.ndim, "diagonal")
    second = normalize_dim(dim2, input.ndim, "diagonal")
    if first == second:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return Diagonal.apply(input, int(offset), first, second)


def diag_embed(input, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """A tensor whose (dim1, dim2) diagonals (shifted by offset) hold input's last dim."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("diag_embed", input=input)
    ndim = input.ndim + 1
    first, second = normalize_dim(dim1, ndim, "diag_embed"), normalize_dim(dim2, ndim, "diag_embed")
    if first == second:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    n = (input.shape[-1] if input.ndim else 1) + abs(int(offset))
    rest = list(input.shape[:-1])
    shape = []
    for axis in range(ndim):
        shape.append(n if axis in (first, second) else rest.pop(0))
    source = input.reshape(1) if input.ndim == 0 else input
    return DiagEmbed.apply(source, tuple(shape), int(offset), first, second)


def diag(input, diagonal: int = 0) -> Tensor:
    """A 1-D input as the `diagonal`-th diagonal of a square matrix; a 2-D input's
    `diagonal`-th diagonal as a 1-D tensor."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("diag", input=input)
    if input.ndim == 1:
        n = input.shape[0] + abs(int(diagonal))
        return DiagEmbed.apply(input, (n, n), int(diagonal), 0, 1)
    if input.ndim == 2:
        return Diagonal.apply(input, int(diagonal), 0, 1)
    raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {input.ndim}D")


class Trace(Sum):
    """trace: the sum of a matrix's diagonal, summed by Sum (PyTorch's TraceBackward0)."""

    op_name = "Sum"


def trace(input) -> Tensor:
    """The sum of a matrix's diagonal (integers sum to int64)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("trace", input=input)
    if input.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input.ndim}")
    return Trace.apply(Diagonal.apply(input, 0, 0, 1), None, False)

"""Shape ops: reshape, permute, expand, indexing, concatenation."""
from __future__ import annotations

import numpy as np

from autograd.function import Function
from autograd.tensor import Tensor

__all__ = ["Reshape", "Permute", "Expand", "Index", "IndexGrad", "IndexPut", "Cat",
           "resolve_shape", "flatten", "unsqueeze", "squeeze", "transpose", "check_permutation",
           "expanded_shape", "as_index", "cat", "stack"]


class Reshape(Function):
    """Same elements, new shape. df/da = 1 (the gradient is reshaped back)."""

    formula, derivatives = "reshape(a)", ("1",)

    @staticmethod
    def forward(ctx, a, shape):
        ctx.input_shape = a.shape
        return a.reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.input_shape), None


class Permute(Function):
    """Reorder dims. df/da = 1 (the gradient is permuted back)."""

    formula, derivatives = "permute(a)", ("1",)

    @staticmethod
    def forward(ctx, a, dims):
        ctx.inverse = tuple(sorted(range(len(dims)), key=dims.__getitem__))
        return np.transpose(a, dims)

    @staticmethod
    def backward(ctx, grad):
        return Permute.apply(grad, ctx.inverse), None


class Expand(Function):
    """Broadcast to a larger shape. df/da = 1 (summed back to a's shape by the engine)."""

    formula, derivatives = "expand(a)", ("1",)

    @staticmethod
    def forward(ctx, a, shape):
        out = np.empty(shape, dtype=a.dtype)
        out[...] = a
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad, None  # the engine sums the gradient back to the input's shape


class Index(Function):
    """a[index] with basic or advanced indexing. df/da scatters the gradient back (adding repeats)."""

    formula, derivatives = "a[i]", ("1 at i, 0 elsewhere",)

    @staticmethod
    def forward(ctx, a, index):
        ctx.input_shape, ctx.index = a.shape, index
        try:
            return a[index]
        except IndexError as error:
            raise IndexError(f"index {_describe(index)} is invalid for shape {a.shape}: {error}") from None

    @staticmethod
    def backward(ctx, grad):
        return IndexGrad.apply(grad, ctx.input_shape, ctx.index), None


class IndexGrad(Function):
    """Scatter-add g into zeros of `shape` at `index` (the backward of indexing). df/dg = g[index]."""

    formula, derivatives = "scatter_add(g)", ("1 at i",)

    @staticmethod
    def forward(ctx, grad, shape, index):
        ctx.index = index
        out = np.zeros(shape, dtype=grad.dtype)
        if _is_basic(index):
            out[index] = grad
        else:
            np.add.at(out, index, grad)
        return out

    @staticmethod
    def backward(ctx, grad):
        return Index.apply(grad, ctx.index), None, None


class IndexPut(Function):
    """a with a[index] = v. df/da = 1 outside index, 0 inside;  df/dv = 1 at index."""

    formula, derivatives = "a[i] = v", ("1[not i]", "1 at i")

    @staticmethod
    def forward(ctx, a, index, value):
        ctx.index = index
        out = a.copy()
        out[index] = value
        return out

    @staticmethod
    def backward(ctx, grad):
        need_a, _, need_v = ctx.needs_input_grad
        grad_a = IndexPut.apply(grad, ctx.index, 0.0) if need_a else None
        grad_v = Index.apply(grad, ctx.index) if need_v else None
        return grad_a, None, grad_v


class Cat(Function):
    """Concatenate along dim. The gradient is split back into the inputs' slices."""

    formula, derivatives = "cat(a, b, ...)", ("1 on its slice",) * 8

    @staticmethod
    def forward(ctx, dim, *arrays):
        ctx.dim = dim
        ctx.bounds = np.cumsum([0] + [a.shape[dim] for a in arrays])
        return np.concatenate(arrays, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        lead = (slice(None),) * (ctx.dim % grad.ndim)
        grads = [None]
        for need, start, stop in zip(ctx.needs_input_grad[1:], ctx.bounds[:-1], ctx.bounds[1:]):
            grads.append(grad[lead + (slice(int(start), int(stop)),)] if need else None)
        return tuple(grads)


def _is_basic(index) -> bool:
    parts = index if isinstance(index, tuple) else (index,)
    return all(isinstance(p, (int, np.integer, slice)) or p is None or p is Ellipsis for p in parts)


def _describe(index) -> str:
    parts = index if isinstance(index, tuple) else (index,)
    return "[" + ", ".join(f"array{p.shape}" if isinstance(p, np.ndarray) else repr(p) for p in parts) + "]"


def as_index(index):
    """Replace Tensors inside an index by their arrays."""
    if isinstance(index, Tensor):
        return index.data
    if isinstance(index, tuple):
        return tuple(p.data if isinstance(p, Tensor) else p for p in index)
    if isinstance(index, list):
        return np.asarray(index)
    return index


def resolve_shape(shape: tuple, size: int) -> tuple:
    """Accept reshape(2, 3) or reshape((2, 3)); one -1 is inferred; the size must match."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    shape = tuple(int(n) for n in shape)
    if shape.count(-1) > 1:
        raise ValueError(f"reshape: only one dimension can be -1, got {shape}")
    known = int(np.prod([n for n in shape if n != -1]))
    if -1 in shape:
        if known == 0 or size % known:
            raise ValueError(f"reshape: cannot reshape {size} elements into shape {shape}")
        shape = tuple(size // known if n == -1 else n for n in shape)
    elif known != size:
        raise ValueError(f"reshape: cannot reshape {size} elements into shape {shape}")
    return shape


def flatten(t: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Merge dims start_dim..end_dim into one."""
    if t.ndim == 0:
        return t.reshape(1)
    start, end = start_dim % t.ndim, end_dim % t.ndim
    if start > end:
        raise ValueError(f"flatten: start_dim {start_dim} comes after end_dim {end_dim}")
    shape = t.shape[:start] + (-1,) + t.shape[end + 1:]
    return Reshape.apply(t, resolve_shape(shape, t.data.size))


def unsqueeze(t: Tensor, dim: int) -> Tensor:
    """Insert a dim of size 1 at `dim`."""
    if not -t.ndim - 1 <= dim <= t.ndim:
        raise IndexError(f"unsqueeze: dim {dim} is out of range for a tensor with {t.ndim} dimensions")
    dim = dim % (t.ndim + 1)
    return Reshape.apply(t, t.shape[:dim] + (1,) + t.shape[dim:])


def squeeze(t: Tensor, dim: int | None = None) -> Tensor:
    """Remove dims of size 1 (only `dim`, if given and of size 1)."""
    if dim is None:
        shape = tuple(n for n in t.shape if n != 1)
    else:
        if t.ndim == 0:
            return t
        dim = dim % t.ndim
        shape = t.shape if t.shape[dim] != 1 else t.shape[:dim] + t.shape[dim + 1:]
    return t if shape == t.shape else Reshape.apply(t, shape)


def check_permutation(dims, ndim: int) -> tuple:
    dims = tuple(int(d) % ndim if ndim else 0 for d in dims)
    if sorted(dims) != list(range(ndim)):
        raise ValueError(f"permute: {dims} is not a permutation of the {ndim} dims")
    return dims


def transpose(t: Tensor, dim0: int, dim1: int) -> Tensor:
    """Swap two dims."""
    if t.ndim < 2 and dim0 in (0, -1) and dim1 in (0, -1):
        return t
    dims = list(range(t.ndim))
    dims[dim0], dims[dim1] = dims[dim1], dims[dim0]
    return Permute.apply(t, tuple(dims))


def expanded_shape(shape: tuple, target: tuple) -> tuple:
    """expand()'s target with -1 meaning 'keep'; checks broadcast compatibility."""
    lead = len(target) - len(shape)
    if lead < 0:
        raise ValueError(f"expand: target {target} has fewer dims than the tensor's shape {shape}")
    out = []
    for i, n in enumerate(target):
        current = shape[i - lead] if i >= lead else 1
        n = current if n == -1 else n
        if current != 1 and current != n:
            raise ValueError(f"expand: cannot expand shape {shape} to {target}")
        out.append(n)
    return tuple(out)


def cat(tensors, dim: int = 0) -> Tensor:
    """Concatenate tensors along an existing dim."""
    tensors = list(tensors)
    if not tensors:
        raise ValueError("cat needs at least one tensor")
    shapes = [np.shape(getattr(t, "data", t)) for t in tensors]
    ndim = len(shapes[0])
    if any(len(s) != ndim for s in shapes) or ndim == 0:
        raise ValueError(f"cat: tensors must have the same number of dims (at least 1), got shapes {shapes}")
    dim = dim % ndim
    for s in shapes[1:]:
        if s[:dim] + s[dim + 1:] != shapes[0][:dim] + shapes[0][dim + 1:]:
            raise ValueError(f"cat: shapes {shapes} differ outside dim {dim}")
    return Cat.apply(dim, *tensors)


def stack(tensors, dim: int = 0) -> Tensor:
    """Stack same-shaped tensors along a new dim."""
    tensors = [t if isinstance(t, Tensor) else Tensor(t) for t in tensors]
    if not tensors:
        raise ValueError("stack needs at least one tensor")
    shapes = {t.shape for t in tensors}
    if len(shapes) > 1:
        raise ValueError(f"stack: all tensors must have the same shape, got {sorted(shapes)}")
    return cat([unsqueeze(t, dim) for t in tensors], dim=dim % (tensors[0].ndim + 1))

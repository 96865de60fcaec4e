"""Shape ops: reshape/view, permute/transpose, expand, squeeze/unsqueeze, flatten, cat, stack."""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.reduce import normalize_dim
from autograd.tensor import Tensor

__all__ = ["Reshape", "Permute", "Expand", "Cat", "reshape", "permute", "transpose", "expand",
           "squeeze", "unsqueeze", "flatten", "cat", "stack", "sizes", "resolve_shape"]


class Reshape(NumpyFunction):
    """The same elements in a new shape."""

    formula, derivatives = "reshape(a, b)", ("reshape(g, a.shape)", None)

    @staticmethod
    def forward(ctx, a, shape):
        ctx.input_shape = a.shape
        return a.reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        return np.reshape(grad, ctx.input_shape), None


class Permute(NumpyFunction):
    """Dims reordered; the gradient is permuted back."""

    formula, derivatives = "permute(a, b)", ("transpose(g, argsort(b))", None)

    @staticmethod
    def forward(ctx, a, dims):
        ctx.inverse = tuple(np.argsort(dims))
        return np.transpose(a, dims)

    @staticmethod
    def backward(ctx, grad):
        return np.transpose(grad, ctx.inverse), None


class Expand(NumpyFunction):
    """a broadcast to a larger shape (a view, as PyTorch); the engine sums the gradient back."""

    formula, derivatives = "expand(a, b)", ("1", None)

    @staticmethod
    def forward(ctx, a, shape):
        return np.broadcast_to(a, shape)

    @staticmethod
    def backward(ctx, grad):
        return grad, None


class Cat(NumpyFunction):
    """Tensors joined along an existing dim; each gets its slice of the gradient."""

    formula = "cat((b, c, ...), dim=a)"
    derivatives = (None,) + tuple(f"take(g, arange(bounds[{k}], bounds[{k + 1}]), axis=a)"
                                  for k in range(63))

    @staticmethod
    def forward(ctx, dim, *arrays):
        ctx.dim = dim
        ctx.bounds = np.cumsum([0] + [a.shape[dim] for a in arrays]).tolist()
        return np.concatenate(arrays, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        lead = (slice(None),) * ctx.dim
        grads = [None]
        for need, start, stop in zip(ctx.needs_input_grad[1:], ctx.bounds, ctx.bounds[1:]):
            grads.append(grad[lead + (slice(start, stop),)] if need else None)
        return tuple(grads)


def sizes(shape: tuple, op: str) -> tuple:
    """reshape(2, 3) or reshape((2, 3)) -> (2, 3), refusing what is not a sequence of ints."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list, np.ndarray)):
        shape = tuple(shape[0])
    for n in shape:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer, Tensor)):
            raise TypeError(f"{op}(): the shape must be ints, got {shape!r}")
    return tuple(int(n) for n in shape)


def resolve_shape(shape: tuple, size: int, op: str = "reshape") -> tuple:
    """A shape with at most one -1 (inferred); its size must equal `size`."""
    if shape.count(-1) > 1:
        raise RuntimeError(f"{op}: only one dimension can be inferred, got {shape}")
    if any(n < -1 for n in shape):
        raise RuntimeError(f"{op}: invalid shape dimension {min(shape)} in {shape}")
    known = int(np.prod([n for n in shape if n != -1]))
    if -1 in shape:
        if known == 0 or size % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {size}")
        shape = tuple(size // known if n == -1 else n for n in shape)
    elif known != size:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {size}")
    return shape


def reshape(input: Tensor, *shape) -> Tensor:
    """The same elements in a new shape; one dim may be -1 (inferred)."""
    shape = resolve_shape(sizes(shape, "reshape"), input._data.size)
    return input if shape == input._data.shape else Reshape.apply(input, shape)


def permute(input: Tensor, *dims) -> Tensor:
    """Dims reordered: output dim i is input dim dims[i]."""
    dims = sizes(dims, "permute")
    if len(dims) != input.ndim:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does "
                           f"not match the length of the desired ordering of dimensions i.e. "
                           f"input.dim() = {input.ndim} is not equal to len(dims) = {len(dims)}")
    dims = tuple(normalize_dim(d, input.ndim, "permute") for d in dims)
    if len(set(dims)) != len(dims):
        raise RuntimeError(f"permute(): duplicate dims are not allowed, got {dims}")
    return Permute.apply(input, dims)


def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """Dims dim0 and dim1 swapped."""
    dim0, dim1 = normalize_dim(dim0, input.ndim), normalize_dim(dim1, input.ndim)
    if input.ndim < 2 or dim0 == dim1:
        return input
    dims = list(range(input.ndim))
    dims[dim0], dims[dim1] = dims[dim1], dims[dim0]
    return Permute.apply(input, tuple(dims))


def expand(input: Tensor, *shape) -> Tensor:
    """A broadcast view with a larger shape; -1 keeps a dim."""
    target = sizes(shape, "expand")
    lead = len(target) - input.ndim
    if lead < 0:
        raise RuntimeError(f"expand: the number of sizes provided ({len(target)}) must be greater "
                           f"or equal to the number of dimensions in the tensor ({input.ndim})")
    out = []
    for i, n in enumerate(target):
        current = input.shape[i - lead] if i >= lead else 1
        if n == -1:
            if i < lead:
                raise RuntimeError("expand: -1 is not allowed in a leading, new dimension")
            n = current
        if current != 1 and current != n:
            raise RuntimeError(f"The expanded size of the tensor ({n}) must match the existing "
                               f"size ({current}) at non-singleton dimension {i}. Target sizes: "
                               f"{list(target)}. Tensor sizes: {list(input.shape)}")
        out.append(n)
    return Expand.apply(input, tuple(out))


def squeeze(input: Tensor, dim=None) -> Tensor:
    """Dims of size 1 removed (only those in `dim`, if given)."""
    if dim is None:
        shape = tuple(n for n in input.shape if n != 1)
    else:
        dims = {normalize_dim(d, input.ndim, "squeeze") for d in
                ((dim,) if isinstance(dim, (int, np.integer)) else dim)}
        shape = tuple(n for i, n in enumerate(input.shape) if not (i in dims and n == 1))
    return input if shape == input.shape else Reshape.apply(input, shape)


def unsqueeze(input: Tensor, dim: int) -> Tensor:
    """A dim of size 1 inserted at `dim`."""
    dim = normalize_dim(dim, input.ndim + 1, "unsqueeze")
    return Reshape.apply(input, input.shape[:dim] + (1,) + input.shape[dim:])


def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Dims start_dim..end_dim merged into one."""
    if input.ndim == 0:
        normalize_dim(start_dim, 0, "flatten")
        normalize_dim(end_dim, 0, "flatten")
        return Reshape.apply(input, (1,))
    start = normalize_dim(start_dim, input.ndim, "flatten")
    end = normalize_dim(end_dim, input.ndim, "flatten")
    if start > end:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    shape = input.shape[:start] + (int(np.prod(input.shape[start:end + 1])),) + input.shape[end + 1:]
    return input if shape == input.shape else Reshape.apply(input, shape)


def cat(tensors, dim: int = 0) -> Tensor:
    """Tensors joined along an existing dim (all other dims equal)."""
    tensors = [t if isinstance(t, Tensor) else Tensor(t) for t in tensors]
    if not tensors:
        raise RuntimeError("torch.cat(): expected a non-empty list of Tensors")
    shapes = [t.shape for t in tensors]
    ndim = len(shapes[0])
    if ndim == 0 or any(len(s) != ndim for s in shapes):
        raise RuntimeError(f"cat: tensors must have the same number of dimensions (at least 1), "
                           f"got shapes {shapes}")
    dim = normalize_dim(dim, ndim, "cat")
    for i, s in enumerate(shapes[1:], 1):
        if s[:dim] + s[dim + 1:] != shapes[0][:dim] + shapes[0][dim + 1:]:
            raise RuntimeError(f"Sizes of tensors must match except in dimension {dim}. "
                               f"Expected shape {shapes[0]} but got {s} for tensor number {i} "
                               "in the list.")
    return Cat.apply(dim, *tensors)


def stack(tensors, dim: int = 0) -> Tensor:
    """Same-shaped tensors stacked along a new dim."""
    tensors = [t if isinstance(t, Tensor) else Tensor(t) for t in tensors]
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    for i, t in enumerate(tensors[1:], 1):
        if t.shape != tensors[0].shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                               f"{list(tensors[0].shape)} at entry 0 and {list(t.shape)} at "
                               f"entry {i}")
    dim = normalize_dim(dim, tensors[0].ndim + 1, "stack")
    return cat([unsqueeze(t, dim) for t in tensors], dim)

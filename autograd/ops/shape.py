"""Views of the same elements in another shape: reshape/view, flatten/unflatten,
squeeze/unsqueeze, expand/expand_as/broadcast_to (dims reordered: transposes.py)."""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.dims import normalize_dim
from autograd.tensor import Tensor

__all__ = ["Reshape", "Unsqueeze", "Squeeze", "SqueezeAll", "SqueezeDims", "SqueezeInPlace",
           "UnsafeView", "Expand", "reshape", "view", "flatten", "unflatten", "squeeze",
           "unsqueeze", "expand", "expand_as", "broadcast_to", "broadcast_shapes", "atleast_1d",
           "atleast_2d", "atleast_3d", "sizes", "resolve_shape", "ravel"]


class Reshape(NumpyFunction):
    """The same elements in a new shape (reshape, view, flatten: PyTorch's ViewBackward0).
    grad_a = g reshaped back."""

    node_name = "ViewBackward0"
    formula = "reshape(a, b)"
    derivatives = ("reshape(g, a.shape)", None)

    @staticmethod
    def forward(ctx, a, shape):
        ctx.input_shape = a.shape
        return a.reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.input_shape), None


class Unsqueeze(Reshape):
    """unsqueeze(dim): a dim of size 1 inserted (a reshape)."""


class Squeeze(Reshape):
    """squeeze(dim): a dim of size 1 removed (a reshape; PyTorch's SqueezeBackward1)."""

    node_name = "SqueezeBackward1"


class SqueezeAll(Reshape):
    """squeeze(): every dim of size 1 removed (a reshape; PyTorch's SqueezeBackward0)."""

    node_name = "SqueezeBackward0"
    op_name = "Squeeze"


class SqueezeDims(Reshape):
    """squeeze(dims): the dims of size 1 among dims removed (PyTorch's SqueezeBackward2)."""

    node_name = "SqueezeBackward2"
    op_name = "Squeeze"


class SqueezeInPlace(Reshape):
    """squeeze_(dim), in place in PyTorch: the last step of quantile (SqueezeBackward4)."""

    node_name = "SqueezeBackward4"


class UnsafeView(Reshape):
    """A reshape of a fresh result (PyTorch's _unsafe_view, the last step of kron)."""

    node_name = "UnsafeViewBackward0"


class Expand(NumpyFunction):
    """a broadcast to a larger shape (a view, as PyTorch).  grad_a = g, which the engine
    sums back over the broadcast dims."""

    formula = "expand(a, b)"
    derivatives = ("1", None)

    @staticmethod
    def forward(ctx, a, shape):
        return np.broadcast_to(a, shape)

    @staticmethod
    def backward(ctx, grad):
        return grad, None


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
        raise RuntimeError(f"{op}(): only one dimension can be inferred, got {list(shape)}")
    if any(n < -1 for n in shape):
        raise RuntimeError(f"{op}(): invalid shape dimension {min(shape)} in {list(shape)}")
    known = 1
    for n in shape:
        if n != -1:
            known *= n
    if -1 in shape:
        if known == 0:
            raise RuntimeError(f"cannot reshape tensor of {size} elements into shape "
                               f"{list(shape)} because the unspecified dimension size -1 can "
                               "be any value and is ambiguous")
        if size % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {size}")
        return tuple(size // known if n == -1 else n for n in shape)
    if known != size:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {size}")
    return shape


def reshape(input: Tensor, *shape) -> Tensor:
    """The same elements in a new shape; one dim may be -1 (inferred)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("reshape", input=input)
    if len(shape) == 1 and shape[0].__class__ is tuple and -1 not in shape[0]:
        shape = shape[0]
        if shape == input._data.shape:
            return input
    shape = resolve_shape(sizes(shape, "reshape"), input._data.size)
    return input if shape == input._data.shape else Reshape.apply(input, shape)


def view(input: Tensor, *shape) -> Tensor:
    """As reshape (our tensors are always contiguous); view(dtype) is not supported."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("view", input=input)
    if len(shape) == 1 and not isinstance(shape[0], (int, np.integer, tuple, list, Tensor)):
        raise TypeError("view(dtype) (reinterpreting the bytes) is not supported; use .to()")
    return reshape(input, *shape)


def expand(input: Tensor, *shape) -> Tensor:
    """A broadcast view with a larger shape; -1 keeps a dim."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("expand", input=input)
    target = sizes(shape, "expand")
    current = input._data.shape
    if target == current:
        return input
    lead = len(target) - len(current)
    if lead < 0:
        raise RuntimeError(f"expand: the number of sizes provided ({len(target)}) must be "
                           f"greater or equal to the number of dimensions in the tensor "
                           f"({len(current)})")
    out = []
    for i, n in enumerate(target):
        have = current[i - lead] if i >= lead else 1
        if n == -1:
            if i < lead:
                raise RuntimeError(f"The expanded size of the tensor (-1) isn't allowed in a "
                                   f"leading, non-existing dimension {i}")
            n = have
        if have != 1 and have != n:
            raise RuntimeError(f"The expanded size of the tensor ({n}) must match the existing "
                               f"size ({have}) at non-singleton dimension {i}. Target sizes: "
                               f"{list(target)}. Tensor sizes: {list(current)}")
        out.append(n)
    out = tuple(out)
    return input if out == current else Expand.apply(input, out)


def expand_as(input: Tensor, other: Tensor) -> Tensor:
    """input expanded to other's shape."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("expand_as", input=input, other=other)
    return expand(input, *other.shape)


def broadcast_to(input: Tensor, size) -> Tensor:
    """input expanded to `size`."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("broadcast_to", input=input)
    return expand(input, *sizes((size,), "broadcast_to"))


def broadcast_shapes(*shapes) -> tuple:
    """The shape that tensors of these shapes broadcast to."""
    try:
        return tuple(np.broadcast_shapes(*[(s,) if isinstance(s, int) else tuple(s)
                                           for s in shapes]))
    except ValueError:
        raise RuntimeError(f"Shape mismatch: objects cannot be broadcast to a single shape "
                           f"({', '.join(map(str, shapes))})") from None


def squeeze(input: Tensor, dim=None) -> Tensor:
    """Dims of size 1 removed (only those in `dim`, an int or a tuple, if given)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("squeeze", input=input)
    shape = input._data.shape
    if dim is None:
        op, new = SqueezeAll, tuple([n for n in shape if n != 1])
    else:
        one = isinstance(dim, (int, np.integer))
        dims = {normalize_dim(d, len(shape), "squeeze") for d in ((dim,) if one else dim)}
        op = Squeeze if one else SqueezeDims
        new = tuple([n for i, n in enumerate(shape) if not (i in dims and n == 1)])
    return input if new == shape else op.apply(input, new)


def unsqueeze(input: Tensor, dim: int) -> Tensor:
    """A dim of size 1 inserted at `dim`."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("unsqueeze", input=input)
    shape = input._data.shape
    dim = normalize_dim(dim, len(shape) + 1, "unsqueeze")
    return Unsqueeze.apply(input, shape[:dim] + (1,) + shape[dim:])


def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Dims start_dim..end_dim merged into one (a 0-d tensor becomes 1-D)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("flatten", input=input)
    shape = input._data.shape
    start = normalize_dim(start_dim, len(shape), "flatten")
    end = normalize_dim(end_dim, len(shape), "flatten")
    if not shape:
        return Reshape.apply(input, (1,))
    if start > end:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    merged = 1
    for n in shape[start:end + 1]:
        merged *= n
    new = shape[:start] + (merged,) + shape[end + 1:]
    return input if new == shape else Reshape.apply(input, new)


def ravel(input: Tensor) -> Tensor:
    """All elements as a 1-D tensor, in order (torch.ravel; flatten() with its defaults)."""
    return flatten(input)


def unflatten(input: Tensor, dim: int, sizes_: tuple) -> Tensor:
    """Dim `dim` split into `sizes_` (one of them may be -1)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("unflatten", input=input)
    shape = input.shape
    dim = normalize_dim(dim, input.ndim, "unflatten")
    parts = sizes((sizes_,), "unflatten")
    if not parts:
        raise RuntimeError("unflatten: sizes must be non-empty")
    parts = resolve_shape(parts, shape[dim], "unflatten")
    return Reshape.apply(input, shape[:dim] + parts + shape[dim + 1:])


def _atleast(input, ndim: int, where):
    if isinstance(input, (list, tuple)):
        return tuple(_atleast(t, ndim, where) for t in input)
    if not isinstance(input, Tensor):
        raise TypeError(f"atleast_{ndim}d(): argument 'tensors' must be Tensors, not "
                        f"{type(input).__name__}")
    shape = input.shape
    if len(shape) >= ndim:
        return input
    return (Unsqueeze if shape else Reshape).apply(input, where(shape))  # as PyTorch names it


def atleast_1d(*tensors):
    """Each tensor with at least 1 dim (a 0-d one becomes shape (1,))."""
    return _atleast(tensors[0] if len(tensors) == 1 else tensors, 1, lambda s: (1,))


def atleast_2d(*tensors):
    """Each tensor with at least 2 dims (a 1-D one of n elements becomes (1, n))."""
    return _atleast(tensors[0] if len(tensors) == 1 else tensors, 2,
                    lambda s: (1,) * (2 - len(s)) + s)


def atleast_3d(*tensors):
    """Each tensor with at least 3 dims: () -> (1, 1, 1), (n,) -> (1, n, 1), (m, n) -> (m, n, 1)."""
    shapes = {0: lambda s: (1, 1, 1), 1: lambda s: (1,) + s + (1,), 2: lambda s: s + (1,)}
    return _atleast(tensors[0] if len(tensors) == 1 else tensors, 3,
                    lambda s: shapes[len(s)](s))

"""The dim helpers every op uses: `normalize_dim`, `normalize_dims` (PyTorch's IndexError
naming the dim and the rank), `aliases` (NumPy's axis=/keepdims= names), and the shapes of a
reduction: `kept_shape`, `count`, `expand_back`, `expand_to`."""
from __future__ import annotations

import numpy as np

from autograd.tensor import Tensor

__all__ = ["normalize_dim", "normalize_dims", "aliases", "kept_shape", "count", "expand_back",
           "expand_to"]

_INT = (int, np.integer)


def normalize_dim(dim, ndim: int, op: str = "", name: str = "dim") -> int:
    """One dim as a non-negative int; IndexError naming the dim and the rank if out of range.
    A 0-d tensor accepts dim 0 and -1, as PyTorch. `name`: the argument's (dim0, ...)."""
    if dim.__class__ is not int and (isinstance(dim, bool) or not isinstance(dim, _INT)):
        raise TypeError(f"{op or 'dim'}(): {name} must be an int, got {type(dim).__name__}")
    rank = ndim if ndim > 0 else 1
    if not -rank <= dim < rank:
        raise IndexError(f"{op + ': ' if op else ''}Dimension out of range (expected to be in "
                         f"range of [{-rank}, {rank - 1}], but got {dim}) for a tensor of "
                         f"{ndim} dims")
    return int(dim) % rank


def normalize_dims(dim, ndim: int, op: str = ""):
    """None or () (all dims), an int or a sequence of ints -> None or a sorted tuple of dims."""
    if dim is None:
        return None
    if dim.__class__ is int or isinstance(dim, _INT):
        dim = normalize_dim(dim, ndim, op)
        return (dim,) if ndim else None
    if not isinstance(dim, (tuple, list)):
        raise TypeError(f"{op or 'reduction'}(): dim must be an int or a tuple of ints, got "
                        f"{type(dim).__name__}")
    dims = tuple(dim)
    if not dims:
        return None
    out = tuple(sorted({normalize_dim(d, ndim, op) for d in dims}))
    if len(out) != len(dims):
        raise RuntimeError(f"{op or 'reduction'}: dim {dims} appears multiple times in the "
                           "list of dims")
    return out if ndim else None


def kept_shape(shape: tuple, dims) -> tuple:
    """The shape with the reduced dims kept as size 1."""
    if dims is None:
        return (1,) * len(shape)
    return tuple([1 if i in dims else n for i, n in enumerate(shape)])


def count(shape: tuple, dims) -> int:
    """How many elements each reduction over `dims` combines."""
    total = 1
    for i, n in enumerate(shape):
        if dims is None or i in dims:
            total *= n
    return total


def aliases(dim, keepdim, axis=None, keepdims=None) -> tuple:
    """(dim, keepdim) from PyTorch's names or NumPy's (axis=, keepdims=), which PyTorch also
    accepts; giving both names of one argument is refused."""
    if axis is not None:
        if dim is not None and dim != ():
            raise TypeError("got both dim and its alias axis")
        dim = axis
    if keepdims is not None:
        keepdim = keepdims
    return dim, keepdim


def expand_back(grad, shape: tuple, dims, keepdim: bool):
    """The gradient of a reduction over `dims`, broadcast back to the input's `shape`."""
    if not keepdim:
        grad = grad.reshape(kept_shape(shape, dims))
    return expand_to(grad, shape)


def expand_to(grad, shape: tuple):
    """grad broadcast to `shape`: a new array, or a Tensor through expand (recorded)."""
    if isinstance(grad, Tensor):
        return grad.expand(*shape)
    out = np.empty(shape, grad.dtype)
    out[...] = grad
    return out

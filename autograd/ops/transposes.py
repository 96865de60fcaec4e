"""Views with the dims reordered: permute, transpose/swapaxes, movedim, t, T, mT, adjoint.
Each is one Permute node (Transpose and T carry PyTorch's names for theirs)."""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.dims import normalize_dim
from autograd.ops.shape import sizes
from autograd.tensor import Tensor

__all__ = ["Permute", "Transpose", "T", "permute", "transpose", "swapaxes", "swapdims",
           "movedim", "moveaxis", "t", "full_transpose", "matrix_transpose", "adjoint"]


class Permute(NumpyFunction):
    """Dims reordered (output dim i is input dim dims[i]).  grad_a = g permuted back."""

    formula = "permute(a, b)"
    derivatives = ("transpose(g, argsort(b))", None)

    @staticmethod
    def forward(ctx, a, dims):
        inverse = [0] * len(dims)
        for position, dim in enumerate(dims):
            inverse[dim] = position
        ctx.inverse = tuple(inverse)
        return a.transpose(dims)

    @staticmethod
    def backward(ctx, grad):
        return np.transpose(grad, ctx.inverse), None


class Transpose(Permute):
    """transpose(dim0, dim1): two dims swapped (a permutation)."""


class T(Permute):
    """t(): a matrix transposed (a permutation; PyTorch's TBackward0)."""


def permute(input: Tensor, *dims) -> Tensor:
    """Dims reordered: output dim i is input dim dims[i]."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("permute", input=input)
    dims = sizes(dims, "permute")
    ndim = input._data.ndim
    if len(dims) != ndim:
        raise RuntimeError(f"permute(): number of dims don't match: the tensor has {ndim} "
                           f"dims but {len(dims)} were given ({list(dims)})")
    dims = tuple([normalize_dim(d, ndim, "permute") for d in dims])
    if len(set(dims)) != len(dims):
        raise RuntimeError(f"permute(): duplicate dims are not allowed, got {list(dims)}")
    return Permute.apply(input, dims)


def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """Dims dim0 and dim1 swapped."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("transpose", input=input)
    ndim = input._data.ndim
    dim0 = normalize_dim(dim0, ndim, "transpose", "dim0")
    dim1 = normalize_dim(dim1, ndim, "transpose", "dim1")
    if ndim < 2 or dim0 == dim1:
        return input
    dims = list(range(ndim))
    dims[dim0], dims[dim1] = dim1, dim0
    return Transpose.apply(input, tuple(dims))


swapaxes = swapdims = transpose


def movedim(input: Tensor, source, destination) -> Tensor:
    """Dims `source` moved to positions `destination`; the others keep their order."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("movedim", input=input)
    ndim = input.ndim
    source = [source] if isinstance(source, (int, np.integer)) else list(source)
    destination = [destination] if isinstance(destination, (int, np.integer)) else list(destination)
    if len(source) != len(destination):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({source} "
                           f"dims) should contain the same number of dims as destination "
                           f"({destination} dims)")
    source = [normalize_dim(d, ndim, "movedim") for d in source]
    destination = [normalize_dim(d, ndim, "movedim") for d in destination]
    if ndim == 0:
        return input
    for name, dims in (("source", source), ("destination", destination)):
        if len(set(dims)) != len(dims):
            raise RuntimeError(f"movedim: repeated dim in `{name}` ({dims})")
    order = [d for d in range(ndim) if d not in source]
    for dst, src in sorted(zip(destination, source)):
        order.insert(dst, src)
    return input if order == list(range(ndim)) else Permute.apply(input, tuple(order))


moveaxis = movedim


def t(input: Tensor) -> Tensor:
    """The transpose of a matrix; 0-D and 1-D tensors are returned as they are."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("t", input=input)
    if input.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is "
                           f"{input.ndim}D")
    return T.apply(input, (1, 0)) if input.ndim == 2 else input


def full_transpose(input: Tensor) -> Tensor:
    """All dims reversed (Tensor.T)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("full_transpose", input=input)
    ndim = input._data.ndim
    return input if ndim < 2 else Permute.apply(input, tuple(range(ndim - 1, -1, -1)))


def matrix_transpose(input: Tensor) -> Tensor:
    """The last two dims swapped (Tensor.mT); needs at least 2 dims."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("matrix_transpose", input=input)
    if input._data.ndim < 2:
        raise RuntimeError(f"tensor.mT is only supported on matrices or batches of matrices. "
                           f"Got {input.ndim}-D tensor.")
    return transpose(input, -2, -1)


def adjoint(input: Tensor) -> Tensor:
    """The conjugate transpose of the last two dims (real tensors: mT)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("adjoint", input=input)
    if input.dtype.kind == "c":
        raise TypeError("adjoint of complex tensors is not supported")
    if input.ndim == 0:  # PyTorch still returns it (deprecated)
        return input
    return matrix_transpose(input)

"""Products and differences built from other ops (so their gradients, of any order, are
those ops'): kron, cdist, diff, cartesian_prod, block_diag.
"""
from __future__ import annotations

import numpy as np

from autograd.ops.arguments import check_is_tensor
from autograd.ops.conversion import to_dtype
from autograd.ops.dtypes import result_type
from autograd.ops.join import Cat, cat, meshgrid, narrow, stack
from autograd.ops.logic import logical_xor
from autograd.ops.norm import VectorNorm
from autograd.ops.reduce import normalize_dim
from autograd.ops.shape import UnsafeView
from autograd.tensor import Tensor

__all__ = ["Cdist", "BlockDiag", "kron", "cdist", "diff", "cartesian_prod", "block_diag"]

_CDIST_MODES = ("use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist",
                "donot_use_mm_for_euclid_dist")


def kron(input, other) -> Tensor:
    """The Kronecker product: every element of input times the whole of other, laid out as
    blocks. Shapes (a0, a1, ...) and (b0, b1, ...) (the shorter padded with leading 1s) give
    (a0·b0, a1·b1, ...); out[i·b0 + k, j·b1 + l] = input[i, j]·other[k, l]."""
    check_is_tensor("kron", input=input, other=other)
    ndim = max(input.ndim, other.ndim)
    a_shape = (1,) * (ndim - input.ndim) + tuple(input.shape)
    b_shape = (1,) * (ndim - other.ndim) + tuple(other.shape)
    # a as (a0, 1, a1, 1, ...) times b as (1, b0, 1, b1, ...): the blocks, interleaved
    a = input.reshape(*[size for n in a_shape for size in (n, 1)])
    b = other.reshape(*[size for n in b_shape for size in (1, n)])
    return UnsafeView.apply(a * b, tuple(m * n for m, n in zip(a_shape, b_shape)))


class Cdist(VectorNorm):
    """cdist's last step: the norms of the row differences, a VectorNorm (PyTorch's
    CdistBackward0)."""

    op_name = "VectorNorm"


class BlockDiag(Cat):
    """block_diag's last step: the zero-padded rows joined, a Cat (PyTorch's
    BlockDiagBackward0)."""

    op_name = "Cat"


def cdist(x1, x2, p: float = 2.0, compute_mode: str = "use_mm_for_euclid_dist_if_necessary"):
    """The p-norm distance between each row of x1 and each row of x2: out[..., i, j] =
    ||x1[..., i, :] - x2[..., j, :]||_p. Shapes (*B, P, M) and (*B, R, M) -> (*B, P, R)
    (the batch dims broadcast). Every compute_mode computes the differences directly."""
    check_is_tensor("cdist", x1=x1, x2=x2)
    if compute_mode not in _CDIST_MODES:
        raise ValueError(f"{compute_mode} is not a valid value for compute_mode")
    for name, x in (("X1", x1), ("X2", x2)):
        if x.ndim < 2:
            raise RuntimeError(f"cdist only supports at least 2D tensors, {name} got: {x.ndim}D")
        if x.dtype.kind != "f":
            raise RuntimeError(f"cdist only supports floating-point dtypes, {name} got: "
                               f"{x.dtype}")
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: "
                           f"{x1.shape[-1]} X2: {x2.shape[-1]}")
    if x1.dtype != x2.dtype:
        raise RuntimeError(f"cdist: expected both inputs of one dtype, got {x1.dtype} and "
                           f"{x2.dtype}")
    if not p >= 0:
        raise RuntimeError("cdist only supports non-negative p values")
    differences = x1.unsqueeze(-2) - x2.unsqueeze(-3)  # (*B, P, R, M)
    p = float(p) if x1.shape[-1] else 2.0  # no columns: every distance is 0, for any p
    return Cdist.apply(differences, p, (differences.ndim - 1,), False)


def _edge(tensor, input, dim: int):
    """prepend/append checked as diff joins them: a tensor of input's dims, with input's
    sizes except along dim."""
    check_is_tensor("diff", prepend_or_append=tensor)
    if tensor.ndim != input.ndim:
        raise RuntimeError("diff expects prepend or append to be the same dimension as input")
    for d in range(input.ndim):
        if d != dim and tensor.shape[d] != input.shape[d]:
            raise RuntimeError(f"diff expects the shape of tensor to prepend or append to match "
                               f"that of input except along the differencing dimension; "
                               f"input.size({d}) = {input.shape[d]}, but got tensor.size({d}) "
                               f"= {tensor.shape[d]}")
    return tensor


def diff(input, n: int = 1, dim: int = -1, prepend=None, append=None) -> Tensor:
    """The n-th forward difference along dim: out[i] = x[i + 1] - x[i], n times (logical xor
    for bools), after joining the tensors prepend and append to input along dim. Each time,
    dim shrinks by one (down to 0)."""
    check_is_tensor("diff", input=input)
    if input.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    dim = normalize_dim(dim, input.ndim, "diff")
    x = input
    if prepend is not None or append is not None:
        parts = [input if t is input else _edge(t, input, dim) for t in (prepend, input, append)
                 if t is not None]
        dtype = result_type(*parts)
        x = cat([to_dtype(part, dtype) for part in parts], dim)
    for _ in range(n):
        size = x.shape[dim]
        if size == 0:
            break
        later, earlier = narrow(x, dim, 1, size - 1), narrow(x, dim, 0, size - 1)
        x = logical_xor(later, earlier) if x.dtype == bool else later - earlier
    return x


def cartesian_prod(*tensors) -> Tensor:
    """Every combination of one element from each 1-D tensor, in order: shape (n1·n2·..., k)
    for k tensors (a single tensor is returned as it is)."""
    check_is_tensor("cartesian_prod", **{f"tensors[{i}]": t for i, t in enumerate(tensors)})
    for t in tensors:
        if t.ndim != 1:
            raise RuntimeError(f"Expect a 1D vector, but got shape {list(t.shape)}")
    if len(tensors) == 1:
        return tensors[0]
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    grids = meshgrid(*tensors, indexing="ij")
    return stack([grid.reshape(-1) for grid in grids], dim=1)


def block_diag(*tensors) -> Tensor:
    """The tensors (0-d as 1x1, 1-D as one row, 2-D) placed along the diagonal of a matrix
    of zeros, in order. Shape (Σ rows, Σ columns); the promoted dtype of all."""
    check_is_tensor("block_diag", **{f"tensors[{i}]": t for i, t in enumerate(tensors)})
    for i, t in enumerate(tensors):
        if t.ndim > 2:
            raise RuntimeError(f"torch.block_diag: Input tensors must have 2 or fewer "
                               f"dimensions. Input {i} has {t.ndim} dimensions")
    if not tensors:
        return Tensor._make(np.zeros((1, 0), np.float32))
    dtype = result_type(*[Tensor._make(t._data.reshape(-1)) for t in tensors])
    blocks = [to_dtype(t, dtype) if t.ndim == 2 else to_dtype(t, dtype).reshape(1, -1)
              for t in tensors]
    width = sum(b.shape[1] for b in blocks)
    rows, left = [], 0
    for block in blocks:
        height, columns = block.shape
        before = Tensor._make(np.zeros((height, left), dtype))
        after = Tensor._make(np.zeros((height, width - left - columns), dtype))
        rows.append(cat([before, block, after], 1))
        left += columns
    return BlockDiag.apply(0, *rows)

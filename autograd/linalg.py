"""`autograd.linalg`, as `torch.linalg`: vector and matrix norms, matmul, vecdot, diagonal,
multi_dot; inverses, determinants and solvers (inv, det, slogdet, solve, solve_triangular,
lu_solve, lstsq, pinv, matrix_power, matrix_rank, matrix_exp, tensorinv, tensorsolve) and
their _ex forms (inv_ex, solve_ex); the decompositions of real matrices (cholesky,
cholesky_ex, lu, lu_factor, lu_factor_ex, qr, householder_product, eigh, eigvalsh, svd,
svdvals) and, forward only, eig and eigvals (complex results); cond; cross, vander. Not built:
ldl_factor(_ex), ldl_solve.
"""
from __future__ import annotations

import math

import numpy as np

from autograd.attribute_hints import missing_message
from autograd.ops.decompositions import (
    cholesky, eigh, eigvalsh, matrix_rank, pinv, qr, svd, svdvals,
)
from autograd.ops.extremes import amax, amin
from autograd.ops.linalg import matmul
from autograd.ops.norm import vector_norm
from autograd.ops.elementwise import abs as _abs
from autograd.ops.rearrange import diagonal as _diagonal
from autograd.ops.dims import normalize_dim
from autograd.ops.reduce import sum as _sum
from autograd.ops.linalg_composites import linalg_cross as cross
from autograd.ops.linalg_composites import linalg_vander as vander
from autograd.ops.linalg_composites import linalg_matrix_power as matrix_power
from autograd.ops.solve import LinAlgError, det, inv, slogdet, solve
from autograd.ops.triangular import solve_triangular
from autograd.ops.lu import lu, lu_factor, lu_factor_ex, lu_solve
from autograd.ops.linalg_ex import cholesky_ex, inv_ex, solve_ex
from autograd.ops.elementwise import where
from autograd.tensor import Tensor
from autograd.ops.matrix_exp import matrix_exp
from autograd.ops.least_squares import lstsq
from autograd.ops.eig import eig, eigvals
from autograd.ops.linalg_products import householder_product, multi_dot, tensorinv, tensorsolve

__all__ = ["vector_norm", "matrix_norm", "norm", "matmul", "vecdot", "diagonal", "LinAlgError",
           "inv", "det", "slogdet", "solve", "cholesky", "qr", "eigh", "eigvalsh", "svd",
           "svdvals", "pinv", "matrix_rank", "matrix_power", "cross", "vander"]
__all__ += ["solve_triangular", "lu", "lu_factor", "lu_factor_ex", "lu_solve", "cholesky_ex",
            "inv_ex", "solve_ex", "matrix_exp"]
__all__ += ["cond", "lstsq", "eig", "eigvals", "multi_dot", "householder_product", "tensorinv",
            "tensorsolve"]

#: the functions of PyTorch 2.x's torch.linalg (a missing one's error says PyTorch has it)
PYTORCH_LINALG_NAMES = frozenset("""
cholesky cholesky_ex cond cross det diagonal eig eigh eigvals eigvalsh householder_product inv
inv_ex ldl_factor ldl_factor_ex ldl_solve lstsq lu lu_factor lu_factor_ex lu_solve matmul
matrix_exp matrix_norm matrix_power matrix_rank multi_dot norm pinv qr slogdet solve solve_ex
solve_triangular svd svdvals tensorinv tensorsolve vander vecdot vector_norm
""".split())


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim: bool = False, *, dtype=None):
    """The `ord` matrix norm over the two dims `dim`: 'fro' (√Σ a²), 'nuc' (Σ singular
    values), 2 / -2 (largest / smallest singular value), 1 / -1 (max / min column sum of
    |a|), inf / -inf (max / min row sum of |a|)."""
    if A.ndim < 2:
        raise RuntimeError(f"linalg.matrix_norm: The input tensor A must have at least 2 "
                           f"dimensions, got {A.ndim}")
    if dtype is not None:
        A = A.to(dtype)
    rows, cols = (normalize_dim(d, A.ndim, "matrix_norm") for d in dim)
    if rows == cols:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different, got {tuple(dim)}")
    if ord == "fro":
        return vector_norm(A, 2, (rows, cols), keepdim)
    if ord in ("nuc", 2, -2):
        values = svdvals(A.movedim((rows, cols), (-2, -1)))
        result = _sum(values, -1) if ord == "nuc" else (amax if ord == 2 else amin)(values, -1)
        return result.unsqueeze(-1).unsqueeze(-1).movedim((-2, -1), (rows, cols)) \
            if keepdim else result
    if ord not in (1, -1, math.inf, -math.inf):
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    summed, kept = (cols, rows) if ord in (math.inf, -math.inf) else (rows, cols)
    sums = _sum(_abs(A), summed, keepdim=True)
    extreme = amax if ord > 0 else amin
    result = extreme(sums, kept, keepdim=True)
    return result if keepdim else result.squeeze((rows, cols))


def norm(A, ord=None, dim=None, keepdim: bool = False, *, dtype=None):
    """A vector norm (1-D input, or an int dim), a matrix norm (2-D input, or two dims), or
    with ord and dim None the 2-norm of all elements."""
    if isinstance(dim, int):
        dim = (dim,)
    if ord is None:
        return vector_norm(A, 2, dim, keepdim, dtype=dtype)
    dims = dim if dim is not None else tuple(range(A.ndim))
    if len(dims) == 2:
        return matrix_norm(A, ord, dims, keepdim, dtype=dtype)
    if len(dims) == 1:
        return vector_norm(A, ord, dims, keepdim, dtype=dtype)
    raise RuntimeError(f"linalg.norm: If dim is specified, it must be of length 1 or 2. Got "
                       f"{list(dims)}; with ord given and dim None, the input must be 1-D or "
                       "2-D")


def cond(A, p=None):
    """The condition number of each matrix of A (*, m, n) in the norm `p`: σ_max / σ_min for
    p None or 2 (σ_min / σ_max for -2; any shape), else ‖A‖_p ‖A⁻¹‖_p ('fro', 'nuc', 1, -1,
    inf, -inf; square A), inf for a singular A. An empty A gives zeros (as NumPy's)."""
    if p not in (None, 2, -2, "fro", "nuc", 1, -1, math.inf, -math.inf):
        raise RuntimeError(f"linalg.cond got an invalid norm type: {p}")
    if A.ndim < 2:
        raise RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.")
    if p not in (None, 2, -2) and A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"linalg.cond(ord={p}): A must be batches of square matrices, but "
                           f"they are {A.shape[-2]} by {A.shape[-1]} matrices")
    if A.numel() == 0:
        return Tensor._make(np.zeros(A.shape[:-2], A.dtype))
    if p in (None, 2, -2):
        values = svdvals(A)
        largest, smallest = values[..., 0], values[..., -1]
        return smallest / largest if p == -2 else largest / smallest
    inverse, info = inv_ex(A)
    singular = Tensor._make(info.numpy()[..., None, None] > 0)
    inverse = where(singular, Tensor._make(np.array(np.inf, A.dtype)), inverse)
    result = matrix_norm(A, p) * matrix_norm(inverse, p)
    return where(Tensor._make(np.isnan(result.numpy(force=True))),
                 Tensor._make(np.array(np.inf, A.dtype)), result)


def vecdot(x, y, *, dim: int = -1):
    """Σ x*y along dim (the two broadcast)."""
    return _sum(x * y, dim)


def diagonal(A, *, offset: int = 0, dim1: int = -2, dim2: int = -1):
    """The diagonal of the last two dims (as torch.linalg.diagonal)."""
    return _diagonal(A, offset, dim1, dim2)


def __getattr__(name: str):
    """A torch.linalg name we lack: an error that says PyTorch has it, and what is near."""
    if name.startswith("_"):
        raise AttributeError(f"module 'autograd.linalg' has no attribute '{name}'")
    raise AttributeError(missing_message("module 'torch.linalg'", name, __all__,
                                         PYTORCH_LINALG_NAMES, "PyTorch", "torch.linalg."))

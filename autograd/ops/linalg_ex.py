"""The `_ex` forms of torch.linalg's solvers: cholesky_ex, inv_ex, solve_ex. Each returns its
result and `info` (*) int32, 0 for a matrix that went well, instead of raising (unless
check_errors). A failed matrix's result holds what the factorization left (inf, NaN,
a partial factor), as PyTorch's: use it only where info is 0. Gradients come from the ops
the results are composed of."""
from __future__ import annotations

import numpy as np

from autograd import return_types
from autograd.ops.decompositions import _has_cholesky, _not_positive_definite, cholesky
from autograd.ops.elementwise import where
from autograd.ops.lu import lu_factor_ex, lu_solve
from autograd.ops.solve import LinAlgError, _is_vector_case, check_matrices, inv, solve
from autograd.tensor import Tensor

__all__ = ["cholesky_ex", "inv_ex", "solve_ex"]


def _no_failures(batch: tuple) -> Tensor:
    return Tensor._make(np.zeros(batch, np.int32))


def _partial_cholesky(matrix: np.ndarray) -> tuple:
    """(L, info) for one matrix, as LAPACK's potf2 leaves them: column j of L is
    (a_j - L_j L[j, :j]ᵀ) / l_jj with l_jj = √(a_jj - |L[j, :j]|²); at the first column whose
    square is not positive, that value is stored as l_jj, the columns after it are left as
    they were, and info is j + 1 (0 when every column was factored)."""
    lower = np.tril(matrix)
    for j in range(matrix.shape[-1]):
        square = lower[j, j] - lower[j, :j] @ lower[j, :j]
        if not square > 0:
            lower[j, j] = square
            return lower, j + 1
        lower[j, j] = np.sqrt(square)
        lower[j + 1:, j] = (lower[j + 1:, j] - lower[j + 1:, :j] @ lower[j, :j]) / lower[j, j]
    return lower, 0


def cholesky_ex(A, *, upper: bool = False,
                check_errors: bool = False) -> return_types.linalg_cholesky_ex:
    """(L, info): linalg.cholesky's L for each matrix of A (*, n, n); info (*) int32, 0 when
    the matrix is positive-definite, else the order of its first leading minor that is not
    (its L is then LAPACK's partial factor, without gradient)."""
    check_matrices("linalg.cholesky_ex", A)
    a = A.numpy(force=True)
    if _has_cholesky(a) or a.size == 0:
        return return_types.linalg_cholesky_ex((cholesky(A, upper=upper),
                                                _no_failures(a.shape[:-2])))
    if check_errors:
        message = str(_not_positive_definite(a)).replace("linalg.cholesky:",
                                                         "linalg.cholesky_ex:")
        raise LinAlgError(message)
    read = np.swapaxes(a, -1, -2) if upper else a
    parts = [_partial_cholesky(m) for m in read.reshape((-1,) + a.shape[-2:])]
    info = np.array([code for _, code in parts], np.int32).reshape(a.shape[:-2])
    partial = np.stack([lower for lower, _ in parts]).reshape(a.shape)
    failed = Tensor._make((info > 0)[..., None, None])
    identity = Tensor._make(np.eye(a.shape[-1], dtype=a.dtype))
    factored = cholesky(where(failed, identity, A), upper=upper)
    partial = Tensor._make(np.swapaxes(partial, -1, -2) if upper else partial)
    return return_types.linalg_cholesky_ex((where(failed, partial, factored),
                                            Tensor._make(info)))


def inv_ex(A, *, check_errors: bool = False) -> return_types.linalg_inv_ex:
    """(inverse, info): linalg.inv's A⁻¹ for each matrix of A (*, n, n); info (*) int32, 0
    when the matrix is invertible, else the 1-based index of the first zero pivot of its LU
    factorization (its "inverse" is then inf and NaN)."""
    check_matrices("linalg.inv_ex", A)
    try:
        return return_types.linalg_inv_ex((inv(A), _no_failures(A.shape[:-2])))
    except LinAlgError as error:
        if check_errors:
            raise LinAlgError(str(error).replace("linalg.inv:", "linalg.inv_ex:")) from None
    lu_, pivots, info = lu_factor_ex(A)
    identity = Tensor._make(np.eye(A.shape[-1], dtype=A.dtype))
    return return_types.linalg_inv_ex((lu_solve(lu_, pivots, identity), info))


def solve_ex(A, B, *, left: bool = True,
             check_errors: bool = False) -> return_types.linalg_solve_ex:
    """(result, info): linalg.solve's X for each system; info (*) int32, 0 when the matrix of
    A is invertible, else the 1-based index of the first zero pivot of its LU factorization
    (its X is then inf and NaN)."""
    check_matrices("linalg.solve_ex", A)
    try:
        return return_types.linalg_solve_ex((solve(A, B, left=left),
                                             _no_failures(A.shape[:-2])))
    except LinAlgError as error:
        if check_errors:
            raise LinAlgError(str(error).replace("linalg.solve:", "linalg.solve_ex:")) from None
    lu_, pivots, info = lu_factor_ex(A)
    vector = _is_vector_case(A, B)
    matrix_b = B.unsqueeze(-1) if vector else B
    result = lu_solve(lu_, pivots, matrix_b, left=left)
    return return_types.linalg_solve_ex((result.squeeze(-1) if vector else result, info))

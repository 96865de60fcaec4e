"""The LU decomposition with partial pivoting, A = P L U: linalg.lu_factor (the compact form
LAPACK's getrf gives: L's strict lower triangle and U in one matrix, and the row swaps as
1-based int32 pivots), lu_factor_ex (and info), lu, lu_solve and torch.lu_unpack. Only
LuFactor is an op; the others are composed of it, of triangular solves and of matmuls.

Gradient (as PyTorch's; k = min(m, n), g_L = tril(g, -1) and g_U = triu(g) for the compact
form), for a square A:
    grad_A = P L⁻ᵀ (tril(Lᵀ g_L, -1) + triu(g_U Uᵀ)) U⁻ᵀ
a wide A = P L [U₁ U₂] (U₁ its first m columns):
    grad_A = P L⁻ᵀ [tril(Lᵀ g_L - triu(g_U) Uᵀ, -1) U₁⁻ᵀ + triu(g_U₁), g_U₂]
a tall A = P [L₁; L₂] U (L₁ its first n rows):
    grad_A = P [L₁⁻ᵀ triu(g_U Uᵀ - Lᵀ tril(g_L, -1)) + tril(g_L₁, -1); g_L₂] U⁻ᵀ
"""
from __future__ import annotations

import numpy as np

from autograd import return_types
from autograd.function import NumpyFunction
from autograd.ops.linalg import matmul
from autograd.ops.solve import _mT, check_matrices
from autograd.ops.triangular import SolveTriangular, _check_b, _check_batches
from autograd.tensor import Tensor

__all__ = ["LuFactor", "lu_factored", "permutation_matrices", "lu_factor", "lu_factor_ex",
           "lu", "lu_unpack", "lu_solve"]


def lu_factored(a: np.ndarray) -> tuple:
    """(LU, pivots, info) of each matrix of a (*, m, n), as LAPACK's getrf: column by column,
    the row with the largest |entry| at or below the diagonal is swapped up (pivots[j] = its
    1-based row), then eliminated from the rows below. info is the 1-based column of the
    first zero pivot (0: none), whose column is left as it is."""
    m, n = a.shape[-2:]
    k = min(m, n)
    count = int(np.prod(a.shape[:-2]))
    lu = np.array(a, copy=True).reshape((count, m, n))
    pivots = np.zeros((lu.shape[0], k), np.int32)
    info = np.zeros(lu.shape[0], np.int32)
    rows = np.arange(lu.shape[0])
    for j in range(k):
        p = j + np.argmax(np.abs(lu[:, j:, j]), axis=1)
        pivots[:, j] = p + 1
        lu[rows, j], lu[rows, p] = lu[rows, p], lu[rows, j].copy()
        pivot = lu[:, j, j]
        info[(info == 0) & (pivot == 0)] = j + 1
        lu[:, j + 1:, j] /= np.where(pivot == 0, 1, pivot)[:, None]
        lu[:, j + 1:, j + 1:] -= lu[:, j + 1:, j:j + 1] * lu[:, j:j + 1, j + 1:]
    batch = a.shape[:-2]
    return lu.reshape(a.shape), pivots.reshape(batch + (k,)), info.reshape(batch)


def permutation_matrices(pivots: np.ndarray, m: int, dtype) -> np.ndarray:
    """P (*, m, m) with A = P L U from getrf's 1-based row swaps (*, k): row j was swapped
    with row pivots[j] - 1, in order, so A's rows in the order `order` are L U."""
    order = np.broadcast_to(np.arange(m), pivots.shape[:-1] + (m,)).copy()
    count = int(np.prod(pivots.shape[:-1]))
    flat, swaps = order.reshape(count, m), pivots.reshape(count, pivots.shape[-1]) - 1
    rows = np.arange(flat.shape[0])
    for j in range(min(swaps.shape[1], m)):
        p = swaps[:, j]
        flat[rows, j], flat[rows, p] = flat[rows, p], flat[rows, j].copy()
    eye = np.eye(m, dtype=dtype)
    return _mT(eye[order])


def _right_solved(g, u):
    """g U⁻ᵀ (X with X Uᵀ = g, U upper triangular)."""
    return _mT(SolveTriangular.compute(u, _mT(g), True, False))


def _unit_lower_t_solved(lower, g):
    """L⁻ᵀ g for L unit lower triangular (Lᵀ is unit upper)."""
    return SolveTriangular.compute(_mT(lower), g, True, True)


class LuFactor(NumpyFunction):
    """(LU, pivots, info) with A = P L U (L unit lower, U upper, both in LU). The gradient of
    L = tril(LU, -1) + I and U = triu(LU): see the module docstring."""

    node_name = "LinalgLuFactorExBackward0"

    formula = "lu_factor(a)"
    derivatives = ("lu_vjp(out, permutation, tril(g, -1), triu(g))",)

    @staticmethod
    def forward(ctx, a):
        lu, pivots, info = lu_factored(a)
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(lu)
            ctx.permutation = permutation_matrices(pivots, a.shape[-2], a.dtype)
        return lu, pivots, info

    @staticmethod
    def backward(ctx, grad, grad_pivots, grad_info):
        (lu,) = ctx.saved_tensors
        m, n = lu.shape[-2:]
        k = min(m, n)
        lower = np.tril(lu[..., :k], -1) + np.eye(m, k, dtype=lu.dtype)
        upper = np.triu(lu[..., :k, :])
        g_lower, g_upper = np.tril(grad[..., :k], -1), np.triu(grad[..., :k, :])
        if m == n:
            inner = np.tril(np.matmul(_mT(lower), g_lower), -1) + \
                np.triu(np.matmul(g_upper, _mT(upper)))
            grad_a = _unit_lower_t_solved(lower, _right_solved(inner, upper))
        elif m < n:
            inner = np.matmul(_mT(lower), g_lower) - np.matmul(g_upper, _mT(upper))
            left = _right_solved(np.tril(inner, -1), upper[..., :m]) + g_upper[..., :m]
            grad_a = _unit_lower_t_solved(lower, np.concatenate([left, g_upper[..., m:]], -1))
        else:
            inner = np.matmul(g_upper, _mT(upper)) - np.matmul(_mT(lower), g_lower)
            top = _unit_lower_t_solved(lower[..., :n, :], np.triu(inner)) + g_lower[..., :n, :]
            grad_a = _right_solved(np.concatenate([top, g_lower[..., n:, :]], -2), upper)
        return np.matmul(ctx.permutation, grad_a)


def _check_pivot(op: str, pivot: bool) -> None:
    if not pivot:
        raise RuntimeError(f"{op}: LU without pivoting is not implemented on the CPU")


def lu_factor_ex(A, *, pivot: bool = True, check_errors: bool = False):
    """(LU, pivots, info) of each matrix of A (*, m, n): LU (*, m, n) holds L's strict lower
    triangle and U; pivots (*, min(m, n)) int32, 1-based; info (*) int32, the 1-based index of
    U's first zero diagonal entry (0: none). check_errors raises when some info > 0."""
    check_matrices("torch.linalg.lu_factor_ex", A, square=False)
    _check_pivot("linalg.lu_factor", pivot)
    result = return_types.linalg_lu_factor_ex(LuFactor.apply(A))
    if check_errors:
        _raise_for_zero_pivot("torch.linalg.lu_factor_ex", result.info)
    return result


def _raise_for_zero_pivot(op: str, info: Tensor) -> None:
    codes = info.numpy().reshape(-1)
    failed = np.flatnonzero(codes)
    if failed.size:
        batch = f"(Batch element {failed[0]}): " if info.ndim else ""
        code = codes[failed[0]]  # PyTorch names U's entry by the 1-based info
        raise RuntimeError(f"{op}: {batch}U[{code},{code}] is zero and using it on lu_solve "
                          "would result in a division by zero. If you still want to perform "
                          "the factorization, consider calling linalg.lu(A, pivot) or "
                          "linalg.lu_factor_ex(A, pivot)")


def lu_factor(A, *, pivot: bool = True) -> return_types.linalg_lu_factor:
    """(LU, pivots) of each matrix of A (*, m, n), as lu_factor_ex; RuntimeError when U has a
    zero on its diagonal (a singular square A)."""
    check_matrices("torch.linalg.lu_factor", A, square=False)
    _check_pivot("linalg.lu_factor", pivot)
    lu_, pivots, info = LuFactor.apply(A)
    _raise_for_zero_pivot("torch.linalg.lu_factor", info)
    return return_types.linalg_lu_factor((lu_, pivots))


def _unpacked(LU_data, LU_pivots) -> tuple:
    """(P, L, U) from the compact form: L (*, m, k) unit lower, U (*, k, n) upper."""
    m, n = LU_data.shape[-2:]
    k = min(m, n)
    eye = Tensor._make(np.eye(m, k, dtype=LU_data.dtype))
    lower = LU_data[..., :k].tril(-1) + eye
    upper = LU_data[..., :k, :].triu()
    permutation = permutation_matrices(LU_pivots.numpy(force=True), m, LU_data.dtype)
    return Tensor._make(permutation), lower, upper


def lu_unpack(LU_data, LU_pivots, unpack_data: bool = True,
              unpack_pivots: bool = True) -> return_types.lu_unpack:
    """torch.lu_unpack: (P, L, U) from lu_factor's (LU, pivots), of LU's dtype (any); a part
    not unpacked is an empty tensor."""
    for name, x in (("LU_data", LU_data), ("LU_pivots", LU_pivots)):
        if not isinstance(x, Tensor):
            raise TypeError(f"lu_unpack(): argument '{name}' must be Tensor, not "
                            f"{type(x).__name__}")
    if LU_data.ndim < 2:
        raise RuntimeError("torch.lu_unpack: Expected tensor with 2 or more dimensions. Got "
                           f"size: {list(LU_data.shape)} instead")
    if LU_pivots.dtype != np.int32:
        raise RuntimeError(f"torch.lu_unpack: LU_pivots is expected to be a contiguous tensor of "
                           f"torch.int32 dtype. Note: this function is intended to be used with "
                           f"the output produced by torch.linalg.lu_factor")
    p, lower, upper = _unpacked(LU_data, LU_pivots)
    empty = Tensor._make(np.zeros((0,), LU_data.dtype))
    return return_types.lu_unpack((p if unpack_pivots else empty,
                                   lower if unpack_data else empty,
                                   upper if unpack_data else empty))


def lu(A, *, pivot: bool = True) -> return_types.linalg_lu:
    """(P, L, U) with A = P L U for A (*, m, n), k = min(m, n): P (*, m, m) a permutation, L
    (*, m, k) unit lower triangular, U (*, k, n) upper triangular. Singular A allowed."""
    check_matrices("linalg.lu", A, square=False)
    _check_pivot("linalg.lu", pivot)
    lu_, pivots, _ = LuFactor.apply(A)
    return return_types.linalg_lu(_unpacked(lu_, pivots))


def lu_solve(LU, pivots, B, *, left: bool = True, adjoint: bool = False) -> Tensor:
    """X with A X = B (left=False: X A = B; adjoint: with Aᵀ), A = P L U given by lu_factor's
    (LU, pivots); LU (*, n, n), B (*, n, k) (or (*, k, n)). Solves L and U by substitution."""
    op = "linalg.lu_solve"
    check_matrices(op, LU, name="LU")
    _check_b(op, B)
    n, (rows, cols) = LU.shape[-1], B.shape[-2:]
    if (rows if left else cols) != n:
        raise RuntimeError(f"{op}: Incompatible shapes of A and B for the equation "
                           f"{'AX = B' if left else 'XA = B'} ({n}x{n} and {rows}x{cols})")
    _check_batches(op, LU, B)
    if not left:
        return lu_solve(LU, pivots, B.mT, adjoint=not adjoint).mT
    p = Tensor._make(permutation_matrices(pivots.numpy(force=True), n, LU.dtype))
    if adjoint:  # Aᵀ X = Uᵀ Lᵀ Pᵀ X = B
        y = SolveTriangular.apply(LU.mT, B, False, False)
        return matmul(p, SolveTriangular.apply(LU.mT, y, True, True))
    y = SolveTriangular.apply(LU, matmul(p.mT, B), False, True)
    return SolveTriangular.apply(LU, y, True, False)

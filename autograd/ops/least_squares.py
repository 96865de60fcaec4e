"""Least squares, torch.linalg.lstsq: X minimising ‖A X - B‖ for A (*, m, n), B (*, m, k).

The solution is the minimum-norm one, X = A⁺ B, with A⁺ the pseudo-inverse whose singular
values at or below rcond · s_max count as zero (for a full-rank A, what every LAPACK driver
computes). PyTorch writes lstsq's gradient through pinv, so composing pinv and matmul gives
the same gradient, to any order. The residuals are Σ_rows (A X - B)², also differentiable.

What each driver fills, as PyTorch's CPU drivers do (an unfilled field is an empty tensor):
    gelsy (default)   solution, rank
    gelsd, gelss      solution, rank, singular_values; residuals when m > n and every A is
                      full rank
    gels              solution; residuals when m > n (gels assumes a full-rank A)
"""
from __future__ import annotations

import numpy as np

from autograd import return_types
from autograd.ops.decompositions import pinv, singular_values
from autograd.ops.linalg import MatMul, matmul
from autograd.ops.reduce import _torch_name
from autograd.ops.reduce import sum as _sum
from autograd.tensor import Tensor

__all__ = ["LinalgLstsq", "lstsq", "LSTSQ_DRIVERS"]

LSTSQ_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


def _check_lstsq(A, B, driver) -> None:
    """PyTorch's checks of lstsq's arguments."""
    for name, x in (("self", A), ("b", B)):
        if not isinstance(x, Tensor):
            raise TypeError(f"linalg_lstsq(): argument '{name}' must be Tensor, not "
                            f"{type(x).__name__}")
    if A.ndim < 2:
        raise RuntimeError("torch.linalg.lstsq: input must have at least 2 dimensions.")
    if B.ndim < 1:
        raise RuntimeError("torch.linalg.lstsq: other must have at least 1 dimension.")
    if A.dtype != B.dtype:
        raise RuntimeError(f"torch.linalg.lstsq: Expected input and other to have the same "
                           f"dtype, but got input's dtype {_torch_name(A.dtype)} and other's "
                           f"dtype {_torch_name(B.dtype)}")
    if A.dtype not in (np.float32, np.float64):
        raise RuntimeError("This function doesn't handle types other than float and double "
                           f"(torch.linalg.lstsq got {_torch_name(A.dtype)})")
    if driver is not None and driver not in LSTSQ_DRIVERS:
        raise RuntimeError("torch.linalg.lstsq: parameter `driver` should be one of "
                           "(gels, gelsy, gelsd, gelss)")


def _empty(dtype) -> Tensor:
    return Tensor._make(np.zeros(0, dtype))


class LinalgLstsq(MatMul):
    """lstsq's solution pinv(A) @ B, a MatMul (PyTorch's LinalgLstsqBackward0)."""

    op_name = "MatMul"


def lstsq(A, B, rcond=None, *, driver=None) -> return_types.linalg_lstsq:
    """(solution, residuals, rank, singular_values) of the least-squares problem A X ≈ B.

    Args:
        A: (*, m, n) float32 or float64.
        B: (*, m, k), or (*, m) for a batch of vectors (then X is (*, n)); batch dims
            broadcast with A's.
        rcond: singular values <= rcond · s_max count as zero (default: eps · max(m, n)).
        driver: 'gelsy' (default), 'gelsd', 'gelss' or 'gels': which fields are filled
            (see the module docstring).
    Returns:
        solution (*, n, k); residuals (*, k) or empty; rank (*) int64 or empty;
        singular_values (*, min(m, n)) or empty (never differentiable).
    """
    _check_lstsq(A, B, driver)
    driver = driver or "gelsy"
    vector = B.ndim == A.ndim - 1
    matrix_b = B.unsqueeze(-1) if vector else B
    m, n = A.shape[-2:]
    if matrix_b.shape[-2] != m:
        raise RuntimeError("torch.linalg.lstsq: input.size(-2) should match other.size(-2)")
    if rcond is None:
        rcond = float(np.finfo(A.dtype).eps) * max(m, n)
    solution = LinalgLstsq.apply(pinv(A, rtol=rcond), matrix_b)
    values = singular_values(A.numpy(force=True), "torch.linalg.lstsq", compute_uv=False)
    largest = np.max(values, axis=-1, initial=0.0)[..., None]
    rank = np.sum(values > rcond * largest, axis=-1).astype(np.int64)
    full_rank = driver == "gels" or bool(np.all(rank == n))
    residuals = _empty(A.dtype)
    if m > n and full_rank and driver != "gelsy":
        residuals = _sum((matmul(A, solution) - matrix_b) ** 2, -2)
    return return_types.linalg_lstsq((
        solution.squeeze(-1) if vector else solution,
        residuals,
        _empty(np.int64) if driver == "gels" else Tensor._make(rank),
        Tensor._make(values) if driver in ("gelsd", "gelss") else _empty(A.dtype)))

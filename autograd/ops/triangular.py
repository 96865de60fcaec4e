"""Triangular systems: linalg.solve_triangular, the older torch.triangular_solve, and the
solvers that use a Cholesky factor (torch.cholesky_solve, cholesky_inverse). Each works on the
last two dims and broadcasts the batch dims.

Gradients (Aᵀ: each matrix transposed; g: the gradient of X):
    solve_triangular  X = A⁻¹ B, A triangular:  grad_B = A⁻ᵀ g (a solve with Aᵀ),
                      grad_A = -grad_B Xᵀ, kept on A's triangle (the only entries read)
    cholesky_solve    X = (L Lᵀ)⁻¹ B:  grad_B = (L Lᵀ)⁻¹ g,  grad_L = -(grad_B Xᵀ + X grad_Bᵀ) L
                      (as PyTorch: L taken whole, grad_L not masked to its triangle)
"""
from __future__ import annotations

import warnings

import numpy as np

from autograd import return_types
from autograd.function import NumpyFunction
from autograd.ops.dtypes import promote
from autograd.ops.reduce import _torch_name
from autograd.ops.solve import _mT, check_matrices
from autograd.tensor import Tensor

__all__ = ["SolveTriangular", "CholeskySolve", "substituted", "solve_triangular",
           "triangular_solve", "cholesky_solve", "cholesky_inverse"]


def substituted(a: np.ndarray, b: np.ndarray, upper: bool, unitriangular: bool) -> np.ndarray:
    """X with A X = B, reading only A's upper (or lower) triangle: back (forward) substitution,
    one row of X at a time, x_i = (b_i - Σ_{j after i} a_ij x_j) / a_ii (a_ii = 1 when
    unitriangular). A zero on the diagonal gives inf or NaN, as LAPACK's trsm."""
    n = a.shape[-1]
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    x = np.zeros(batch + b.shape[-2:], np.result_type(a, b))
    with np.errstate(divide="ignore", invalid="ignore"):
        for i in (range(n - 1, -1, -1) if upper else range(n)):
            known = slice(i + 1, n) if upper else slice(0, i)
            row = b[..., i, :] - np.matmul(a[..., i:i + 1, known], x[..., known, :])[..., 0, :]
            x[..., i, :] = row if unitriangular else row / a[..., i, i:i + 1]
    return x


def _kept_triangle(x, upper: bool, unitriangular: bool):
    """x on the triangle a triangular solve reads (without the diagonal when unitriangular)."""
    if upper:
        return np.triu(x, 1 if unitriangular else 0)
    return np.tril(x, -1 if unitriangular else 0)


class SolveTriangular(NumpyFunction):
    """X = A⁻¹ B for triangular A (*, n, n), B (*, n, k).  grad_B = A⁻ᵀ g,
    grad_A = -grad_B Xᵀ on A's triangle (strict when unitriangular)."""

    node_name = "LinalgSolveTriangularBackward0"

    formula = "solve_triangular(a, b, upper=c, unitriangular=d)"
    derivatives = ("-triangle(solve_triangular(mT(a), g, not upper, unitriangular) @ mT(out), "
                   "upper, unitriangular)",
                   "solve_triangular(mT(a), g, not upper, unitriangular)", None, None)

    @staticmethod
    def forward(ctx, a, b, upper, unitriangular):
        a, b = promote(a, b)
        ctx.upper, ctx.unitriangular = upper, unitriangular
        out = substituted(a, b, upper, unitriangular)
        if True in ctx.needs_input_grad:
            ctx.save_for_backward(a, out if ctx.needs_input_grad[0] else None)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        grad_b = SolveTriangular.compute(_mT(a), grad, not ctx.upper, ctx.unitriangular)
        grad_a = None
        if out is not None:
            grad_a = -_kept_triangle(np.matmul(grad_b, _mT(out)), ctx.upper, ctx.unitriangular)
        return grad_a, grad_b if ctx.needs_input_grad[1] else None, None, None


class CholeskySolve(NumpyFunction):
    """X = A⁻¹ B with A = L Lᵀ (U ᵀU when upper), from the factor's triangle.
    grad_B = A⁻¹ g,  C = grad_B Xᵀ + X grad_Bᵀ,  grad_L = -C L (-U C when upper)."""

    node_name = "CholeskySolveBackward0"

    formula = "cholesky_solve(a, b, upper=c)"
    derivatives = ("cholesky_solve(g, b, upper)",
                   "-(b @ (cholesky_solve(g, b, upper) @ mT(out) + "
                   "mT(cholesky_solve(g, b, upper) @ mT(out))) if upper else "
                   "(cholesky_solve(g, b, upper) @ mT(out) + "
                   "mT(cholesky_solve(g, b, upper) @ mT(out))) @ b)", None)

    @staticmethod
    def forward(ctx, b, factor, upper):
        b, factor = promote(b, factor)
        ctx.upper = upper
        lower = _mT(factor) if upper else factor
        y = substituted(lower, b, False, False)
        out = substituted(_mT(lower), y, True, False)
        if True in ctx.needs_input_grad:
            ctx.save_for_backward(factor, out if ctx.needs_input_grad[1] else None)
        return out

    @staticmethod
    def backward(ctx, grad):
        factor, out = ctx.saved_tensors
        grad_b = CholeskySolve.compute(grad, factor, ctx.upper)
        grad_factor = None
        if out is not None:
            common = np.matmul(grad_b, _mT(out))
            common = common + _mT(common)
            grad_factor = -(np.matmul(factor, common) if ctx.upper else
                            np.matmul(common, factor))
        return grad_b if ctx.needs_input_grad[0] else None, grad_factor, None


def _check_b(op: str, B, name: str = "B") -> None:
    if not isinstance(B, Tensor):
        raise TypeError(f"{op}(): argument '{name}' must be Tensor, not {type(B).__name__}")
    if B.ndim < 2:
        raise RuntimeError(f"{op}: The input tensor {name} must have at least 2 dimensions.")


def _check_same_dtype(b, A) -> None:
    if b.dtype != A.dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but found b of type "
                           f"{_torch_name(b.dtype)} and A of type {_torch_name(A.dtype)} "
                           "instead.")


def _check_batches(op: str, A, B) -> None:
    try:
        np.broadcast_shapes(A.shape[:-2], B.shape[:-2])
    except ValueError:
        raise RuntimeError(f"{op}: the batch dims of A {tuple(A.shape[:-2])} and B "
                           f"{tuple(B.shape[:-2])} cannot be broadcast together") from None


def solve_triangular(A, B, *, upper: bool, left: bool = True,
                     unitriangular: bool = False) -> Tensor:
    """X with A X = B (left=True) or X A = B (left=False) for A (*, n, n) upper (or lower)
    triangular, B (*, n, k) (or (*, k, n)); only A's triangle is read, and its diagonal is
    taken as ones when unitriangular. Batch dims broadcast."""
    op = "linalg.solve_triangular"
    check_matrices(op, A)
    _check_b(op, B)
    n, (rows, cols) = A.shape[-1], B.shape[-2:]
    if (rows if left else cols) != n:
        raise RuntimeError(f"{op}: Incompatible shapes of A and B for the equation "
                           f"{'AX = B' if left else 'XA = B'} ({n}x{n} and {rows}x{cols})")
    _check_batches(op, A, B)
    if left:
        return SolveTriangular.apply(A, B, bool(upper), bool(unitriangular))
    return SolveTriangular.apply(A.mT, B.mT, not upper, bool(unitriangular)).mT


def triangular_solve(b, A, upper: bool = True, transpose: bool = False,
                     unitriangular: bool = False) -> return_types.triangular_solve:
    """torch.triangular_solve (deprecated in PyTorch, with its warning): (solution, a copy of
    A) with A X = b, or Aᵀ X = b when transpose; note the arguments' order, b first."""
    warnings.warn("torch.triangular_solve is deprecated in favor of "
                  "torch.linalg.solve_triangular and will be removed in a future PyTorch "
                  "release.\ntorch.linalg.solve_triangular has its arguments reversed and does "
                  "not return a copy of one of the inputs.\nX = torch.triangular_solve(B, "
                  "A).solution\nshould be replaced with\nX = torch.linalg.solve_triangular(A, "
                  "B).", UserWarning, stacklevel=2)
    check_matrices("triangular_solve", A, name="A")
    _check_b("triangular_solve", b, "b")
    _check_same_dtype(b, A)
    coefficient = A.mT if transpose else A
    solution = solve_triangular(coefficient, b, upper=bool(upper) != bool(transpose),
                                unitriangular=unitriangular)
    return return_types.triangular_solve((solution, A.clone()))


def cholesky_solve(input, input2, upper: bool = False) -> Tensor:
    """torch.cholesky_solve: X with A X = B for B = input (*, n, k) and A = L Lᵀ given by its
    Cholesky factor L = input2 (*, n, n) (A = Uᵀ U with U = input2 when upper)."""
    check_matrices("cholesky_solve", input2, name="input2")
    _check_b("cholesky_solve", input, "input")
    _check_same_dtype(input, input2)
    n, (rows, cols) = input2.shape[-1], input.shape[-2:]
    if rows != n:
        raise RuntimeError(f"Incompatible matrix sizes for cholesky_solve: each A matrix is "
                           f"{n} by {n} but each b matrix is {rows} by {cols}")
    _check_batches("cholesky_solve", input2, input)
    return CholeskySolve.apply(input, input2, bool(upper))


def cholesky_inverse(input, upper: bool = False) -> Tensor:
    """torch.cholesky_inverse: A⁻¹ of A = L Lᵀ (Uᵀ U when upper) from its factor (*, n, n)."""
    check_matrices("cholesky_inverse", input, name="input")
    identity = Tensor._make(np.eye(input.shape[-1], dtype=input.dtype))
    return CholeskySolve.apply(identity, input, bool(upper))

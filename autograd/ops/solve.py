"""Inverses, determinants and linear systems of (batches of) square matrices: linalg.inv, det,
slogdet, solve. Every function works on the last two dims and batches over the others.

Gradients (Aᵀ: each matrix transposed; g: the gradient of the output):
    inv:      X = A⁻¹        grad_A = -Xᵀ g Xᵀ
    det:      d = det A      grad_A = g d A⁻ᵀ        (the cofactor matrix: also for singular A)
    slogdet:  log|det A|     grad_A = g A⁻ᵀ
    solve:    X = A⁻¹ B      grad_B = A⁻ᵀ g (a solve with Aᵀ),  grad_A = -grad_B Xᵀ
"""
from __future__ import annotations

import numpy as np

from autograd import return_types
from autograd.function import NumpyFunction
from autograd.ops.reduce import _torch_name
from autograd.tensor import Tensor

__all__ = ["LinAlgError", "Inv", "Det", "Slogdet", "Solve", "SolveVectors", "inv", "inverse", "det",
           "slogdet", "solve", "check_matrices", "inverted"]


class LinAlgError(RuntimeError):
    """A matrix the computation cannot handle: singular, or not positive-definite (PyTorch's
    torch.linalg.LinAlgError, also a RuntimeError)."""


def _mT(x):
    """Each matrix transposed (the last two dims swapped)."""
    return np.swapaxes(x, -1, -2)


def check_matrices(op: str, A, *, square: bool = True, name: str = "A") -> None:
    """PyTorch's checks of a linalg input (the argument `name`): a float Tensor of at least
    2 dims, square when the op needs it."""
    if not isinstance(A, Tensor):
        raise TypeError(f"{op}(): argument '{name}' must be Tensor, not {type(A).__name__}")
    if A.ndim < 2:
        raise RuntimeError(f"{op}: The input tensor A must have at least 2 dimensions.")
    if A.dtype.kind != "f":
        raise RuntimeError(f"{op}: Expected a floating point or complex tensor as input. Got "
                           f"{_torch_name(A.dtype)}")
    if A.dtype == np.float16:
        raise RuntimeError(f"{op}: Low precision dtypes not supported. Got Half")
    if square and A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"{op}: A must be batches of square matrices, but they are "
                           f"{A.shape[-2]} by {A.shape[-1]} matrices")


def _first_failure(compute, a: np.ndarray) -> str:
    """'(Batch element k): ' for the first matrix of a batch that `compute` refuses."""
    if a.ndim == 2:
        return ""
    for k, matrix in enumerate(a.reshape((-1,) + a.shape[-2:])):
        try:
            compute(matrix)
        except np.linalg.LinAlgError:
            return f"(Batch element {k}): "
    return ""


def inverted(a: np.ndarray, op: str = "linalg.inv") -> np.ndarray:
    """A⁻¹ of each matrix of `a`, or LinAlgError naming the first singular one."""
    try:
        return np.linalg.inv(a)
    except np.linalg.LinAlgError:
        raise LinAlgError(f"{op}: {_first_failure(np.linalg.inv, a)}The input matrix is "
                          "singular (a zero pivot in its LU factorization), so the inversion "
                          "could not be completed.") from None


class Inv(NumpyFunction):
    """X = A⁻¹.  grad_A = -Xᵀ g Xᵀ (from dX = -X dA X)."""

    node_name = "LinalgInvExBackward0"

    formula = "inv(a)"
    derivatives = ("-mT(out) @ g @ mT(out)",)

    @staticmethod
    def forward(ctx, a):
        out = inverted(a)
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        out_t = _mT(out)
        return -np.matmul(np.matmul(out_t, grad), out_t)


def _products_of_the_others(s):
    """p_i = Π_{j≠i} s_j along the last dim (no division: exact when some s_j is 0)."""
    ones = np.ones_like(s[..., :1])
    before = np.cumprod(np.concatenate([ones, s[..., :-1]], axis=-1), axis=-1)
    reversed_after = np.cumprod(np.flip(np.concatenate([s[..., 1:], ones], axis=-1), -1), -1)
    return before * np.flip(reversed_after, -1)


def cofactors(a, det):
    """The cofactor matrix det(A) A⁻ᵀ, d det(A) / dA. For a singular A (no inverse), from the
    SVD A = U S Vᵀ: det(U) det(Vᵀ) U diag(Π_{j≠i} s_j) Vᵀ."""
    if bool(np.all(np.not_equal(det, 0))):
        return det[..., None, None] * _mT(Inv.compute(a))
    from autograd.ops.decompositions import Svd
    u, s, vh = Svd.compute(a, False)
    sign = Det.compute(u) * Det.compute(vh)
    return sign[..., None, None] * np.matmul(u * _products_of_the_others(s)[..., None, :], vh)


class Det(NumpyFunction):
    """d = det A.  grad_A = g d A⁻ᵀ (g times the cofactor matrix)."""

    node_name = "LinalgDetBackward0"

    formula = "det(a)"
    derivatives = ("(g * out)[..., None, None] * mT(inv(a))",)

    @staticmethod
    def forward(ctx, a):
        out = np.asarray(np.linalg.det(a), a.dtype)
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        return grad[..., None, None] * cofactors(a, out)


class Slogdet(NumpyFunction):
    """(sign, log|det A|).  grad_A = g_logabsdet A⁻ᵀ (the sign is piecewise constant)."""

    node_name = "LinalgSlogdetBackward0"

    formula = "slogdet(a)"
    derivatives = ("g1[..., None, None] * mT(inv(a))",)

    @staticmethod
    def forward(ctx, a):
        sign, logabsdet = np.linalg.slogdet(a)
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(a)
        return np.asarray(sign, a.dtype), np.asarray(logabsdet, a.dtype)

    @staticmethod
    def backward(ctx, grad_sign, grad_logabsdet):
        (a,) = ctx.saved_tensors
        return grad_logabsdet[..., None, None] * _mT(Inv.compute(a))


class Solve(NumpyFunction):
    """X = A⁻¹ B for A (*, n, n) and B (*, n, k), batch dims broadcast.
    grad_B = A⁻ᵀ g (solving with Aᵀ),  grad_A = -grad_B Xᵀ."""

    node_name = "LinalgSolveExBackward0"

    formula = "solve(a, b)"
    derivatives = ("-solve(mT(a), g) @ mT(out)", "solve(mT(a), g)")

    @staticmethod
    def forward(ctx, a, b):
        try:
            out = np.linalg.solve(a, b)
        except np.linalg.LinAlgError:
            raise LinAlgError("torch.linalg.solve: The solver failed because the input matrix "
                              "is singular.") from None
        if True in ctx.needs_input_grad:
            ctx.save_for_backward(a, out if ctx.needs_input_grad[0] else None)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        grad_b = Solve.compute(_mT(a), grad)
        grad_a = -np.matmul(grad_b, _mT(out)) if out is not None else None
        return grad_a, grad_b if ctx.needs_input_grad[1] else None


class SolveVectors(Solve):
    """x = A⁻¹ b for b a batch of vectors (*, n): Solve on b as one-column matrices."""

    node_name = "LinalgSolveExBackward0"

    formula = "solve(a, b[..., None])[..., 0]"
    derivatives = ("-solve(mT(a), g[..., None]) @ out[..., None, :]",
                   "solve(mT(a), g[..., None])[..., 0]")

    @staticmethod
    def forward(ctx, a, b):
        out = Solve.forward(ctx, a, np.expand_dims(b, -1))
        out = out.reshape(out.shape[:-1])
        if ctx.needs_input_grad[0]:  # the returned vector, so a double backward sees its graph
            ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        grad_b = Solve.compute(_mT(a), np.expand_dims(grad, -1))
        grad_a = -np.matmul(grad_b, np.expand_dims(out, -2)) if out is not None else None
        return grad_a, grad_b.reshape(grad_b.shape[:-1]) if ctx.needs_input_grad[1] else None


def inv(A) -> Tensor:
    """The inverse of each square matrix of A (*, n, n); LinAlgError when one is singular."""
    check_matrices("linalg.inv", A)
    return Inv.apply(A)


def inverse(input) -> Tensor:
    """torch.inverse: linalg.inv."""
    check_matrices("linalg.inv", input, name="input")
    return Inv.apply(input)


def det(A) -> Tensor:
    """The determinant of each square matrix of A (*, n, n): a tensor of shape (*)."""
    check_matrices("linalg.det", A)
    return Det.apply(A)


def slogdet(A) -> return_types.linalg_slogdet:
    """(sign, logabsdet) of each square matrix of A: det A = sign · exp(logabsdet), the log
    computed without overflow (sign 0 and logabsdet -inf for a singular matrix)."""
    check_matrices("linalg.slogdet", A)
    return return_types.linalg_slogdet(Slogdet.apply(A))


def _is_vector_case(A, B) -> bool:
    """PyTorch's rule: B holds vectors when it is 1-D, or A's shape without its last dim."""
    return B.ndim == 1 or (B.ndim == A.ndim - 1 and tuple(B.shape) == tuple(A.shape[:-1]))


def solve(A, B, *, left: bool = True) -> Tensor:
    """X with A X = B (left=True) or X A = B (left=False), A (*, n, n), B (*, n, k) or a batch
    of vectors (*, n); batch dims broadcast. LinAlgError when A is singular."""
    check_matrices("linalg.solve", A)
    if not isinstance(B, Tensor):
        raise TypeError(f"linalg.solve(): argument 'B' must be Tensor, not {type(B).__name__}")
    if A.dtype != B.dtype:
        raise RuntimeError(f"linalg.solve: Expected A and B to have the same dtype, but found "
                           f"A of type {_torch_name(A.dtype)} and B of type "
                           f"{_torch_name(B.dtype)} instead")
    vector = _is_vector_case(A, B)
    matrix_b = B.unsqueeze(-1) if vector else B
    n = A.shape[-1]
    rows, cols = matrix_b.shape[-2:]
    if vector and not left or (rows if left else cols) != n:
        raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation "
                           f"{'AX = B' if left else 'XA = B'} ({n}x{n} and {rows}x{cols})")
    if not left:
        A, matrix_b = A.mT, matrix_b.mT
    try:
        np.broadcast_shapes(A.shape[:-2], matrix_b.shape[:-2])
    except ValueError:
        raise RuntimeError(f"linalg.solve: the batch dims of A {tuple(A.shape[:-2])} and B "
                           f"{tuple(matrix_b.shape[:-2])} cannot be broadcast together") from None
    if vector:
        return SolveVectors.apply(A, B)
    out = Solve.apply(A, matrix_b)
    return out.mT if not left else out

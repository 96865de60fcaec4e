"""The matrix exponential, linalg.matrix_exp: exp(A) = Σ_k A^k / k! of each square matrix.

Computed by scaling and squaring (Higham 2005): exp(A) = exp(A / 2^s)^(2^s), with s chosen so
that ‖A / 2^s‖₁ <= θ₁₃, where the degree-13 Padé approximant r(X) = q(X)⁻¹ p(X) equals exp(X)
to double precision.

Gradient (as PyTorch's): the derivative of exp at A in the direction E is the top-right block
of exp([[A, E], [0, A]]), so grad_A = exp([[Aᵀ, g], [0, Aᵀ]])[:n, n:] (an n x n block of a
2n x 2n exponential).
"""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.solve import _mT, check_matrices
from autograd.tensor import Tensor

__all__ = ["MatrixExp", "matrix_exp", "pade_exp"]

_PADE_13 = (64764752532480000.0, 32382376266240000.0, 7771770303897600.0,
            1187353796428800.0, 129060195264000.0, 10559470521600.0, 670442572800.0,
            33522128640.0, 1323241920.0, 40840800.0, 960960.0, 16380.0, 182.0, 1.0)
_THETA_13 = 5.371920351148152


def pade_exp(a: np.ndarray) -> np.ndarray:
    """exp of each matrix of a (*, n, n): r₁₃(A / 2^s) squared s times, s per matrix."""
    if a.size == 0:
        return np.array(a, copy=True)
    norms = np.max(np.sum(np.abs(a), axis=-2), axis=-1)
    with np.errstate(divide="ignore"):
        scalings = np.maximum(0, np.ceil(np.log2(norms / _THETA_13))).astype(np.int64)
    x = a / (2.0 ** scalings)[..., None, None]
    b = _PADE_13
    eye = np.eye(a.shape[-1], dtype=a.dtype)
    x2 = x @ x
    x4 = x2 @ x2
    x6 = x4 @ x2
    u = x @ (x6 @ (b[13] * x6 + b[11] * x4 + b[9] * x2) +
             b[7] * x6 + b[5] * x4 + b[3] * x2 + b[1] * eye)
    v = x6 @ (b[12] * x6 + b[10] * x4 + b[8] * x2) + b[6] * x6 + b[4] * x4 + b[2] * x2 + \
        b[0] * eye
    result = np.linalg.solve(v - u, v + u).astype(a.dtype)
    for step in range(int(np.max(scalings, initial=0))):
        result = np.where((step < scalings)[..., None, None], result @ result, result)
    return result


class MatrixExp(NumpyFunction):
    """exp(A) of each square matrix.  grad_A = exp([[Aᵀ, g], [0, Aᵀ]])[:n, n:]."""

    node_name = "LinalgMatrixExpBackward0"

    formula = "matrix_exp(a)"
    derivatives = ("matrix_exp_vjp(a, g)",)

    @staticmethod
    def forward(ctx, a):
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(a)
        return pade_exp(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        n = a.shape[-1]
        a_t = _mT(a)
        top = np.concatenate([a_t, grad], axis=-1)
        bottom = np.concatenate([np.zeros_like(a_t), a_t], axis=-1)
        return MatrixExp.compute(np.concatenate([top, bottom], axis=-2))[..., :n, n:]


def matrix_exp(A) -> Tensor:
    """exp(A) = I + A + A²/2! + ... of each square matrix of A (*, n, n)."""
    check_matrices("linalg.matrix_exp", A)
    return MatrixExp.apply(A)

"""Matrix decompositions: linalg.cholesky, qr, eigh (eigvalsh), svd (svdvals), and pinv and
matrix_rank built on them. Each works on the last two dims and batches over the others.

Gradients (real matrices; Xᵀ: each matrix transposed; g_X: the gradient of output X), as
PyTorch derives them:
    cholesky  A = L Lᵀ:   P = Φ(Lᵀ g_L) (lower triangle, diagonal halved, mirrored up),
                          grad_A = L⁻ᵀ P L⁻¹
    qr        A = Q R:    M = g_R Rᵀ - Qᵀ g_Q;  tall (m >= n): grad_A = (g_Q + Q sym(M)) R⁻ᵀ,
                          sym(M) = triu(M) + triu(M, 1)ᵀ; wide: see Qr
    eigh      A = V Λ Vᵀ: grad_A = V (diag(g_Λ) + F ∘ ½(Vᵀg_V - g_VᵀV)) Vᵀ, F_ij = 1/(λ_j - λ_i)
    svd       A = U S Vᵀ: grad_A = U (diag(g_S) + (J S + S K) / E) Vᵀ (+ the parts outside the
                          spans of U, V), J = Uᵀg_U - g_UᵀU, K = Vᵀg_V - g_VᵀV, E_ij = s_j² - s_i²
    pinv      X = A⁺:     grad_A = -Xᵀ g Xᵀ + (I - A X) gᵀ X Xᵀ + Xᵀ X gᵀ (I - X A)
Eigenvectors and singular vectors are defined up to sign, so only functions of them that do
not depend on the signs (|U|, U S Vᵀ, ...) have a meaningful gradient; repeated eigenvalues
or singular values make F and E infinite, as in PyTorch.
"""
from __future__ import annotations

import numpy as np

from autograd import return_types
from autograd.function import NumpyFunction
from autograd.ops.solve import LinAlgError, Solve, _mT, check_matrices
from autograd.tensor import Tensor

__all__ = ["Cholesky", "Qr", "Eigh", "Eigvalsh", "Svd", "Svdvals", "Pinv", "cholesky", "qr",
           "eigh", "eigvalsh", "svd", "svdvals", "pinv", "matrix_rank"]


def _has_cholesky(matrix: np.ndarray) -> bool:
    try:
        np.linalg.cholesky(matrix)
    except np.linalg.LinAlgError:
        return False
    return True


def _not_positive_definite(a: np.ndarray) -> LinAlgError:
    """PyTorch's error for the first matrix of `a` without a Cholesky factor: its batch
    element and the order of its first leading minor that is not positive-definite."""
    matrices = a.reshape((-1,) + a.shape[-2:])
    k, failed = next((k, m) for k, m in enumerate(matrices) if not _has_cholesky(m))
    order = next(n for n in range(1, a.shape[-1] + 1) if not _has_cholesky(failed[:n, :n]))
    batch = f"(Batch element {k}): " if a.ndim > 2 else ""
    return LinAlgError(f"linalg.cholesky: {batch}The factorization could not be completed "
                       "because the input is not positive-definite (the leading minor of "
                       f"order {order} is not positive-definite).")


class Cholesky(NumpyFunction):
    """L lower triangular with A = L Lᵀ (from A's lower triangle; U = Lᵀ when upper).
    grad_A = L⁻ᵀ Φ(Lᵀ g_L) L⁻¹, Φ(X) = tril(X) with its diagonal halved, made symmetric."""

    node_name = "LinalgCholeskyExBackward0"

    formula = "cholesky(a, upper=b)"
    derivatives = ("cholesky_vjp(mT(out), mT(g)) if upper else cholesky_vjp(out, g)", None)

    @staticmethod
    def forward(ctx, a, upper):
        try:
            lower = np.linalg.cholesky(a)
        except np.linalg.LinAlgError:
            raise _not_positive_definite(a) from None
        ctx.upper = upper
        out = _mT(lower) if upper else lower
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        lower, grad = (_mT(out), _mT(grad)) if ctx.upper else (out, grad)
        lower_t = _mT(lower)
        p = np.tril(np.matmul(lower_t, grad))
        p = (p + _mT(np.tril(p, -1))) * 0.5
        return Solve.compute(lower_t, _mT(Solve.compute(lower_t, p))), None


class Qr(NumpyFunction):
    """A = Q R, Q with orthonormal columns, R upper triangular (mode 'reduced', 'complete',
    or 'r': R only). With M = g_R Rᵀ - Qᵀ g_Q: tall A (m >= n): grad_A = (g_Q + Q (triu(M) +
    triu(M, 1)ᵀ)) R⁻ᵀ; wide A: grad_A = [Q tril(Mᵀ - M) R₁⁻ᵀ, 0] + Q g_R, R₁ = R[:, :m]."""

    node_name = "LinalgQrBackward0"

    formula = "qr(a, mode=b)"
    derivatives = ("qr_vjp(a, out, g, g1)", None)

    @staticmethod
    def forward(ctx, a, mode):
        ctx.mode = mode
        if mode == "r":
            return np.zeros((0,), a.dtype), np.linalg.qr(a, mode="r")
        q, r = np.linalg.qr(a, mode=mode)
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(q, r)
        return q, r

    @staticmethod
    def backward(ctx, grad_q, grad_r):
        if ctx.mode == "r":
            raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed "
                               "when mode='r'. Please use linalg.qr(A, mode='reduced') if you "
                               "are going to differentiate through linalg.qr.")
        q, r = ctx.saved_tensors
        m, n = q.shape[-2], r.shape[-1]
        if ctx.mode == "complete" and m > n:
            raise RuntimeError("The QR decomposition is not differentiable when mode='complete' "
                               "and nrows > ncols.")
        m_sym = np.matmul(grad_r, _mT(r)) - np.matmul(_mT(q), grad_q)
        if m >= n:
            upper = np.triu(m_sym)
            b = grad_q + np.matmul(q, upper + _mT(np.triu(m_sym, 1)))
            return _mT(Solve.compute(r, _mT(b))), None
        b = np.matmul(q, np.tril(_mT(m_sym) - m_sym))
        left = _mT(Solve.compute(r[..., :m], _mT(b)))
        return np.concatenate([left, np.zeros_like(grad_r[..., m:])], axis=-1) + \
            np.matmul(q, grad_r), None


class Eigh(NumpyFunction):
    """A = V diag(λ) Vᵀ of a symmetric A (from its UPLO triangle), λ ascending.
    grad_A = V (diag(g_λ) + F ∘ ½(Vᵀ g_V - g_Vᵀ V)) Vᵀ, F_ij = 1/(λ_j - λ_i) off the diagonal."""

    node_name = "LinalgEighBackward0"

    formula = "eigh(a, UPLO=b)"
    derivatives = ("eigh_vjp(a, g, g1, uplo)", None)

    @staticmethod
    def forward(ctx, a, uplo):
        ctx.uplo = uplo
        values, vectors = np.linalg.eigh(a, UPLO=uplo)
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(values, vectors)
        return values, vectors

    @staticmethod
    def backward(ctx, grad_values, grad_vectors):
        values, vectors = ctx.saved_tensors
        eye = np.eye(values.shape[-1], dtype=values.dtype)
        gaps = values[..., None, :] - values[..., :, None] + eye
        projected = np.matmul(_mT(vectors), grad_vectors)
        inner = (projected - _mT(projected)) * 0.5 / gaps + grad_values[..., None, :] * eye
        return np.matmul(np.matmul(vectors, inner), _mT(vectors)), None


def singular_values(a: np.ndarray, op: str, **options):
    """np.linalg.svd(a, **options), its failure (NaN or inf in a) as PyTorch words it."""
    try:
        return np.linalg.svd(a, **options)
    except np.linalg.LinAlgError:
        raise LinAlgError(f"{op}: The algorithm failed to converge because the input matrix "
                          "contained non-finite values.") from None


class Svd(NumpyFunction):
    """A = U diag(S) Vh, S descending (k = min(m, n) of them). With J = Uᵀg_U - g_UᵀU,
    K = Vᵀg_V - g_VᵀV (V = Vhᵀ), E_ij = s_j² - s_i²: grad_A = U (diag(g_S) + (J S + S K) / E) Vh,
    plus (I - UUᵀ) g_U S⁻¹ Vh for a tall A, U S⁻¹ g_Vh (I - VVᵀ) for a wide one."""

    node_name = "LinalgSvdBackward0"

    formula = "svd(a, full_matrices=b)"
    derivatives = ("svd_vjp(a, g, g1, g2)", None)

    @staticmethod
    def forward(ctx, a, full_matrices):
        u, s, vh = singular_values(a, "linalg.svd", full_matrices=full_matrices)
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(u, s, vh)
        return u, s, vh

    @staticmethod
    def backward(ctx, grad_u, grad_s, grad_vh):
        u, s, vh = ctx.saved_tensors
        m, n, k = u.shape[-2], vh.shape[-1], s.shape[-1]
        u, grad_u, vh, grad_vh = u[..., :k], grad_u[..., :k], vh[..., :k, :], grad_vh[..., :k, :]
        v, grad_v = _mT(vh), _mT(grad_vh)
        u_skew = np.matmul(_mT(u), grad_u)
        v_skew = np.matmul(vh, grad_v)
        u_skew, v_skew = u_skew - _mT(u_skew), v_skew - _mT(v_skew)
        squares = s * s
        eye = np.eye(k, dtype=s.dtype)
        gaps = squares[..., None, :] - squares[..., :, None] + eye
        inner = (u_skew * s[..., None, :] + s[..., :, None] * v_skew) / gaps + \
            grad_s[..., None, :] * eye
        if m > k:
            outside = grad_u / s[..., None, :]
            outside = outside - np.matmul(u, np.matmul(_mT(u), outside))
            return np.matmul(np.matmul(u, inner) + outside, vh), None
        if n > k:
            outside = grad_vh / s[..., :, None]
            outside = outside - np.matmul(np.matmul(outside, v), vh)
            return np.matmul(u, np.matmul(inner, vh) + outside), None
        return np.matmul(u, np.matmul(inner, vh)), None


class Eigvalsh(NumpyFunction):
    """λ, the eigenvalues of a symmetric A (ascending), without V: grad_A = V diag(g_λ) Vᵀ (no
    1/(λ_j - λ_i) terms, so repeated eigenvalues are fine). V is recomputed from A in backward,
    so that with create_graph it depends on A (second order)."""

    node_name = "LinalgEighBackward0"
    formula = "eigvalsh(a, UPLO=b)"
    derivatives = ("eigenvalue_vjp(a, g, uplo)", None)

    @staticmethod
    def forward(ctx, a, uplo):
        ctx.uplo = uplo
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(a)
        return np.linalg.eigvalsh(a, UPLO=uplo)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        vectors = Eigh.compute(a, ctx.uplo)[1]
        return np.matmul(vectors * np.expand_dims(grad, -2), _mT(vectors)), None


class Svdvals(NumpyFunction):
    """s, the singular values of A (descending), without U and V: grad_A = U diag(g_s) Vh (no
    1/(s_j² - s_i²) terms, so repeated or zero singular values are fine). U and Vh are
    recomputed from A in backward, so that with create_graph they depend on A (second order)."""

    node_name = "LinalgSvdBackward0"
    formula = "svdvals(a)"
    derivatives = ("singular_value_vjp(a, g)",)

    @staticmethod
    def forward(ctx, a):
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(a)
        return singular_values(a, "linalg.svdvals", compute_uv=False)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        u, _, vh = Svd.compute(a, False)
        return np.matmul(u * np.expand_dims(grad, -2), vh)


def _kept_reciprocals(values: np.ndarray, magnitudes: np.ndarray, atol, rtol) -> np.ndarray:
    """1/value where |value| > max(atol, rtol · the largest |value|), else 0."""
    largest = np.max(magnitudes, axis=-1, initial=0.0)
    tolerance = np.maximum(atol, rtol * largest)[..., None]
    kept = magnitudes > tolerance
    return np.where(kept, 1 / np.where(kept, values, 1), 0).astype(values.dtype)


class Pinv(NumpyFunction):
    """X = A⁺, the pseudo-inverse: V S⁺ Uᵀ from the SVD, singular values at or below
    max(atol, rtol · s_max) dropped (from eigh when hermitian).
    grad_A = -Xᵀ g Xᵀ + (I - A X) gᵀ X Xᵀ + Xᵀ X gᵀ (I - X A)."""

    node_name = "LinalgPinvBackward0"

    formula = "pinv(a, atol=b, rtol=c, hermitian=d)"
    derivatives = ("-mT(out) @ g @ mT(out) + (mT(g) - a @ out @ mT(g)) @ out @ mT(out) + "
                   "mT(out) @ out @ (mT(g) - mT(g) @ out @ a)", None, None, None)

    @staticmethod
    def forward(ctx, a, atol, rtol, hermitian):
        if hermitian:
            values, vectors = np.linalg.eigh(a)
            reciprocals = _kept_reciprocals(values, np.abs(values), atol, rtol)
            out = np.matmul(vectors * reciprocals[..., None, :], _mT(vectors))
        else:
            u, s, vh = singular_values(a, "linalg.pinv", full_matrices=False)
            out = np.matmul(_mT(vh) * _kept_reciprocals(s, s, atol, rtol)[..., None, :], _mT(u))
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        out_t, grad_t = _mT(out), _mT(grad)
        first = -np.matmul(np.matmul(out_t, grad), out_t)
        second = np.matmul(np.matmul(grad_t - np.matmul(a, np.matmul(out, grad_t)), out), out_t)
        third = np.matmul(np.matmul(out_t, out),
                          grad_t - np.matmul(np.matmul(grad_t, out), a))
        return first + second + third, None, None, None


def cholesky(A, *, upper: bool = False) -> Tensor:
    """L (lower triangular, positive diagonal) with A = L Lᵀ for each symmetric
    positive-definite matrix of A (*, n, n), read from its lower triangle; upper=True gives
    U = Lᵀ. LinAlgError when a matrix is not positive-definite."""
    check_matrices("linalg.cholesky", A)
    return Cholesky.apply(A, bool(upper))


def qr(A, mode: str = "reduced") -> return_types.linalg_qr:
    """(Q, R) with A = Q R for A (*, m, n), k = min(m, n): 'reduced' Q (*, m, k), R (*, k, n);
    'complete' Q (*, m, m), R (*, m, n); 'r' R only (Q empty)."""
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of "
                           "'reduced' (default), 'r', or 'complete'")
    check_matrices("linalg.qr", A, square=False)
    return return_types.linalg_qr(Qr.apply(A, mode))


def _check_uplo(UPLO: str) -> str:
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    return UPLO


def eigh(A, UPLO: str = "L") -> return_types.linalg_eigh:
    """(eigenvalues (*, n) ascending, eigenvectors (*, n, n) as columns) of each symmetric
    matrix of A, read from its lower (UPLO='L') or upper ('U') triangle."""
    check_matrices("linalg.eigh", A)
    return return_types.linalg_eigh(Eigh.apply(A, _check_uplo(UPLO)))


def eigvalsh(A, UPLO: str = "L") -> Tensor:
    """The eigenvalues (*, n), ascending, of each symmetric matrix of A."""
    check_matrices("linalg.eigvalsh", A)
    return Eigvalsh.apply(A, _check_uplo(UPLO))


def svd(A, full_matrices: bool = True, *, driver=None) -> return_types.linalg_svd:
    """(U, S, Vh) with A = U diag(S) Vh for A (*, m, n), k = min(m, n): S (*, k) descending;
    U (*, m, m) and Vh (*, n, n) with full_matrices, else U (*, m, k) and Vh (*, k, n)."""
    check_matrices("linalg.svd", A, square=False)
    if driver is not None:
        raise RuntimeError("linalg.svd: keyword argument `driver=` is only supported on CUDA "
                           "inputs with cuSOLVER backend.")
    return return_types.linalg_svd(Svd.apply(A, bool(full_matrices)))


def svdvals(A, *, driver=None) -> Tensor:
    """The singular values (*, min(m, n)) of each matrix of A, descending."""
    check_matrices("linalg.svdvals", A, square=False)
    return Svdvals.apply(A)


def _tolerances(A, atol, rtol) -> tuple:
    """PyTorch's defaults: rtol = eps · max(m, n) unless atol > 0 is given; atol = 0."""
    def value(x):
        return x.numpy(force=True) if isinstance(x, Tensor) else x
    atol, rtol = value(atol), value(rtol)
    if rtol is None:
        given = atol is not None and bool(np.any(np.asarray(atol) > 0))
        rtol = 0.0 if given else np.finfo(A.dtype).eps * max(A.shape[-2:])
    return (0.0 if atol is None else atol), rtol


def pinv(A, *, atol=None, rtol=None, hermitian: bool = False) -> Tensor:
    """The pseudo-inverse (*, n, m) of each matrix of A (*, m, n): singular values at or
    below max(atol, rtol · the largest) count as zero."""
    check_matrices("linalg.pinv", A, square=bool(hermitian))
    atol, rtol = _tolerances(A, atol, rtol)
    return Pinv.apply(A, atol, rtol, bool(hermitian))


def matrix_rank(A, *, atol=None, rtol=None, hermitian: bool = False) -> Tensor:
    """The number of singular values (|eigenvalues| when hermitian) of each matrix of A
    above max(atol, rtol · the largest); int64, never differentiable."""
    check_matrices("linalg.matrix_rank", A, square=bool(hermitian))
    atol, rtol = _tolerances(A, atol, rtol)
    a = A.numpy(force=True)
    values = np.abs(np.linalg.eigvalsh(a)) if hermitian else \
        singular_values(a, "linalg.matrix_rank", compute_uv=False)
    tolerance = np.maximum(atol, rtol * np.max(values, axis=-1, initial=0.0))[..., None]
    return Tensor._make(np.sum(values > tolerance, axis=-1).astype(np.int64))

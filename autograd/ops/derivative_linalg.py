"""The linear-algebra helpers that derivative texts call (see derivative_text.py): the
vector-Jacobian products of the matrix decompositions, each written in NumPy from the maths in
its docstring (none calls an op's forward or backward), and the small functions they use.

Notation: Xᵀ is each matrix of X transposed (the last two dims swapped); g_X is the gradient
of output X; a decomposition's other outputs are recomputed from its input `a`.
"""
from __future__ import annotations

import numpy as np

__all__ = ["mT", "inv", "solve", "triangle", "solve_triangular", "cholesky_solve", "cholesky_vjp",
           "lu_vjp", "matrix_exp_vjp", "qr_vjp", "eigh_vjp", "eigenvalue_vjp", "svd_vjp",
           "singular_value_vjp"]


def mT(x):
    """Each matrix of x transposed."""
    return np.swapaxes(x, -1, -2)


def inv(x):
    """A⁻¹ of each matrix."""
    return np.linalg.inv(x)


def solve(a, b):
    """A⁻¹ B of each pair of matrices."""
    return np.linalg.solve(a, b)


def triangle(x, upper, unitriangular=False):
    """x's upper (or lower) triangle, without the diagonal when unitriangular."""
    if upper:
        return np.triu(x, 1 if unitriangular else 0)
    return np.tril(x, -1 if unitriangular else 0)


def solve_triangular(a, b, upper, unitriangular=False):
    """A⁻¹ B with A its upper (or lower) triangle (ones on the diagonal when unitriangular)."""
    eye = np.eye(a.shape[-1])
    a = triangle(a, upper, unitriangular) + (eye if unitriangular else 0)
    return np.linalg.solve(a, b)


def cholesky_solve(b, factor, upper):
    """(L Lᵀ)⁻¹ B, L the lower triangle of factor (Uᵀ U, U its upper triangle, when upper)."""
    factor = triangle(factor, upper)
    return solve(factor @ mT(factor) if not upper else mT(factor) @ factor, b)


def _off_diagonal(x):
    """x with its diagonal (the last two dims') set to 0."""
    return np.where(np.eye(x.shape[-1], dtype=bool), 0, x)


def cholesky_vjp(lower, g_lower):
    """A = L Lᵀ:  grad_A = L⁻ᵀ Φ L⁻¹, Φ the symmetric matrix whose lower triangle is that of
    Lᵀ g_L with its diagonal halved, and whose upper triangle mirrors it, halved again."""
    x = np.tril(mT(lower) @ g_lower)
    x = x - np.eye(x.shape[-1]) * x / 2
    phi = (x + mT(x)) / 2
    return mT(inv(lower)) @ phi @ inv(lower)


def lu_vjp(lu, p, g_l, g_u):
    """A = P L U, L (m, k) and U (k, n) packed in lu, k = min(m, n):
    square: grad_A = P L⁻ᵀ (tril(Lᵀ g_L, -1) + triu(g_U Uᵀ)) U⁻ᵀ;
    wide:   grad_A = P L⁻ᵀ [tril(Lᵀ g_L - g_U Uᵀ, -1) U₁⁻ᵀ + g_U₁, g_U₂];
    tall:   grad_A = P [L₁⁻ᵀ triu(g_U Uᵀ - Lᵀ g_L) + g_L₁; g_L₂] U⁻ᵀ."""
    m, n = lu.shape[-2:]
    k = min(m, n)
    l, u = np.tril(lu[..., :k], -1) + np.eye(m, k), np.triu(lu[..., :k, :])
    g_l, g_u = g_l[..., :k], g_u[..., :k, :]
    if m == n:
        inner = np.tril(mT(l) @ g_l, -1) + np.triu(g_u @ mT(u))
        return p @ solve(mT(l), mT(solve(u, mT(inner))))
    if m < n:
        inner = np.tril(mT(l) @ g_l - g_u @ mT(u), -1)
        left = mT(solve(u[..., :m], mT(inner))) + g_u[..., :m]
        return p @ solve(mT(l), np.concatenate([left, g_u[..., m:]], -1))
    top = solve(mT(l[..., :n, :]), np.triu(g_u @ mT(u) - mT(l) @ g_l)) + g_l[..., :n, :]
    return p @ mT(solve(u, mT(np.concatenate([top, g_l[..., n:, :]], -2))))


def _taylor_exp(x):
    """exp of each matrix of x: 30 Taylor terms of x / 2^s, squared s times (‖x / 2^s‖ <= 1/2)."""
    s = int(max(0, np.ceil(np.log2(np.max(np.abs(x), initial=1e-300) * x.shape[-1] * 2))))
    x = x / 2.0 ** s
    term = result = np.broadcast_to(np.eye(x.shape[-1]), x.shape)
    for k in range(1, 30):
        term = term @ x / k
        result = result + term
    for _ in range(s):
        result = result @ result
    return result


def matrix_exp_vjp(a, g):
    """grad_A = exp([[Aᵀ, g], [0, Aᵀ]]) read at its top-right n x n block."""
    n = a.shape[-1]
    block = np.concatenate([np.concatenate([mT(a), g], -1),
                            np.concatenate([np.zeros_like(a), mT(a)], -1)], -2)
    return _taylor_exp(block)[..., :n, n:]


def qr_vjp(a, q, g_q, g_r):
    """A = Q R (reduced), M = g_R Rᵀ - Qᵀ g_Q with R = Qᵀ A.
    m >= n:  grad_A = (g_Q + Q (triu(M) + triu(M, 1)ᵀ)) R⁻ᵀ
    m < n:   grad_A = [Q tril(Mᵀ - M) R₁⁻ᵀ, 0] + Q g_R, R₁ the first m columns of R."""
    r = mT(q) @ a
    m, n = a.shape[-2:]
    g_q, g_r = g_q[..., :r.shape[-2]], g_r[..., :r.shape[-2], :]
    big_m = g_r @ mT(r) - mT(q) @ g_q
    if m >= n:
        return (g_q + q @ (np.triu(big_m) + mT(np.triu(big_m, 1)))) @ mT(inv(r))
    left = q @ np.tril(mT(big_m) - big_m) @ mT(inv(r[..., :m]))
    return np.concatenate([left, np.zeros(left.shape[:-1] + (n - m,))], axis=-1) + q @ g_r


def eigh_vjp(a, g_values, g_vectors, uplo):
    """A = V diag(λ) Vᵀ:  grad_A = V (diag(g_λ) + F ∘ ½(Vᵀ g_V - g_Vᵀ V)) Vᵀ, with
    F_ij = 1 / (λ_j - λ_i) off the diagonal, 0 on it."""
    values, vectors = np.linalg.eigh(a, UPLO=uplo)
    with np.errstate(divide="ignore"):
        f = _off_diagonal(1 / (values[..., None, :] - values[..., :, None]))
    skew = (mT(vectors) @ g_vectors - mT(g_vectors) @ vectors) / 2
    return vectors @ (np.eye(values.shape[-1]) * g_values[..., None, :] + f * skew) @ \
        mT(vectors)


def svd_vjp(a, g_u, g_s, g_vh):
    """A = U diag(s) Vᵀ (k = min(m, n) columns), J = Uᵀ g_U - g_Uᵀ U, K = Vᵀ g_V - g_Vᵀ V,
    F_ij = 1 / (s_j² - s_i²) off the diagonal, 0 on it:
    grad_A = U (diag(g_s) + F ∘ (J S + S K)) Vᵀ + (I - U Uᵀ) g_U S⁻¹ Vᵀ
             + U S⁻¹ g_Vᵀ (I - V Vᵀ)."""
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    k = s.shape[-1]
    g_u, g_v, v = g_u[..., :k], mT(g_vh[..., :k, :]), mT(vh)
    with np.errstate(divide="ignore"):
        f = _off_diagonal(1 / (s[..., None, :] ** 2 - s[..., :, None] ** 2))
    j = mT(u) @ g_u - mT(g_u) @ u
    k_v = mT(v) @ g_v - mT(g_v) @ v
    inner = np.eye(k) * g_s[..., None, :] + f * (j * s[..., None, :] + s[..., :, None] * k_v)
    left = (g_u - u @ mT(u) @ g_u) / s[..., None, :] @ vh
    right = u @ ((mT(g_v) - mT(g_v) @ v @ vh) / s[..., :, None])
    return u @ inner @ vh + left + right


def eigenvalue_vjp(a, g_values, uplo):
    """λ = eigvalsh(A):  grad_A = V diag(g_λ) Vᵀ."""
    vectors = np.linalg.eigh(a, UPLO=uplo)[1]
    return np.matmul(vectors * g_values[..., None, :], mT(vectors))


def singular_value_vjp(a, g_s):
    """s = svdvals(A):  grad_A = U diag(g_s) Vᵀ."""
    u, _, vh = np.linalg.svd(a, full_matrices=False)
    return np.matmul(u * g_s[..., None, :], vh)

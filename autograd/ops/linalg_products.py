"""torch.linalg functions composed of products, inverses and solves (their gradients come from
those ops): multi_dot, householder_product, tensorinv, tensorsolve."""
from __future__ import annotations

import math

import numpy as np

from autograd.ops.linalg import matmul
from autograd.ops.reduce import _torch_name
from autograd.ops.rearrange import tril
from autograd.ops.solve import inv, solve
from autograd.tensor import Tensor

__all__ = ["multi_dot", "householder_product", "tensorinv", "tensorsolve", "chain_order"]


def _check_multi_dot(tensors) -> None:
    """PyTorch's checks: at least 2 tensors, 1-D or 2-D at the ends, 2-D inside, one dtype,
    neighbours that can be multiplied."""
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)) or \
            not all(isinstance(t, Tensor) for t in tensors):
        raise TypeError(f"linalg_multi_dot(): argument 'tensors' (position 1) must be tuple of "
                        f"Tensors, not {type(tensors).__name__}")
    if len(tensors) < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {len(tensors)}")
    for i, t in enumerate(tensors):
        where = "the first tensor" if i == 0 else "the last tensor" \
            if i == len(tensors) - 1 else f"tensor {i}"
        allowed = (1, 2) if where != f"tensor {i}" else (2,)
        if t.ndim not in allowed:
            raise RuntimeError(f"multi_dot(): {where} must be {'1D or ' * (len(allowed) > 1)}2D "
                               f"but got {t.ndim}D")
        if t.dtype != tensors[0].dtype:
            raise RuntimeError(f"multi_dot(): all tensors must have be the same dtype but tensor "
                               f"0 is {_torch_name(tensors[0].dtype).lower()} and tensor {i} "
                               f"{_torch_name(t.dtype).lower()}")


def chain_order(sizes: list) -> dict:
    """The cheapest order of a matrix chain whose i-th matrix is sizes[i] x sizes[i + 1]:
    split[i, j] = k when (M_i..M_k)(M_k+1..M_j) is best (dynamic programming over the number
    of scalar multiplications, the first best k kept, as PyTorch's matrix_chain_order)."""
    n = len(sizes) - 1
    cost = {(i, i): 0 for i in range(n)}
    split = {}
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i, j] = math.inf
            for k in range(i, j):
                q = cost[i, k] + cost[k + 1, j] + sizes[i] * sizes[k + 1] * sizes[j + 1]
                if q < cost[i, j]:
                    cost[i, j], split[i, j] = q, k
    return split


def _chain_product(matrices: list, split: dict, i: int, j: int) -> Tensor:
    """M_i ... M_j in the order `split` gives."""
    if i == j:
        return matrices[i]
    k = split[i, j]
    return matmul(_chain_product(matrices, split, i, k),
                  _chain_product(matrices, split, k + 1, j))


def multi_dot(tensors) -> Tensor:
    """The product of a chain of matrices, in the order that needs the fewest scalar
    multiplications. The first may be a 1-D row vector and the last a 1-D column vector (their
    dims are removed from the result); the others are 2-D."""
    _check_multi_dot(tensors)
    first, last = tensors[0].ndim == 1, tensors[-1].ndim == 1
    matrices = list(tensors)
    if first:
        matrices[0] = matrices[0].unsqueeze(0)
    if last:
        matrices[-1] = matrices[-1].unsqueeze(-1)
    for i in range(len(matrices) - 1):
        if matrices[i].shape[1] != matrices[i + 1].shape[0]:
            raise RuntimeError(f"multi_dot(): tensors {i} and {i + 1} with shapes "
                               f"{list(tensors[i].shape)} and {list(tensors[i + 1].shape)} "
                               "cannot be multiplied")
    sizes = [m.shape[0] for m in matrices] + [matrices[-1].shape[1]]
    result = _chain_product(matrices, chain_order(sizes), 0, len(matrices) - 1)
    if last:
        result = result.squeeze(-1)
    return result.squeeze(0) if first else result


def _check_householder(A, tau) -> None:
    """PyTorch's checks of householder_product's arguments."""
    for name, x in (("input", A), ("tau", tau)):
        if not isinstance(x, Tensor):
            raise TypeError(f"linalg_householder_product(): argument '{name}' must be Tensor, "
                            f"not {type(x).__name__}")
    op = "torch.linalg.householder_product"
    if A.ndim < 2:
        raise RuntimeError(f"{op}: input must have at least 2 dimensions.")
    if A.shape[-2] < A.shape[-1]:
        raise RuntimeError(f"{op}: input.shape[-2] must be greater than or equal to "
                           "input.shape[-1]")
    if tau.ndim and A.shape[-1] < tau.shape[-1]:
        raise RuntimeError(f"{op}: input.shape[-1] must be greater than or equal to "
                           "tau.shape[-1]")
    if tau.ndim != A.ndim - 1:
        raise RuntimeError(f"{op}: Expected tau to have one dimension less than input, but got "
                           f"tau.ndim equal to {tau.ndim} and input.ndim is equal to {A.ndim}")
    if tuple(tau.shape[:-1]) != tuple(A.shape[:-2]):
        raise RuntimeError(f"{op}: Expected batch dimensions of tau to be equal to "
                           f"input.shape[:-2], but got {list(tau.shape[:-1])}")
    if tau.dtype != A.dtype:
        raise RuntimeError(f"{op}: tau dtype {_torch_name(tau.dtype)} does not match input "
                           f"dtype {_torch_name(A.dtype)}")
    if A.dtype.kind != "f":
        raise RuntimeError(f"{op}: \"orgqr_cpu\" not implemented for "
                           f"'{_torch_name(A.dtype)}'")


def householder_product(A, tau) -> Tensor:
    """The first n columns of Q = H_1 ... H_k, H_i = I - τ_i v_i v_iᵀ, for A (*, m, n), m >= n,
    and tau (*, k), k <= n: v_i is column i of A below the diagonal, with 1 on the diagonal
    and 0 above it (as geqrf stores Q; LAPACK's orgqr). Applied from the right: X = I[:, :n],
    then X = X - τ_i v_i (v_iᵀ X) for i = k, ..., 1."""
    _check_householder(A, tau)
    m, n = A.shape[-2:]
    reflectors = tril(A, -1) + Tensor._make(np.eye(m, n, dtype=A.dtype))
    result = Tensor._make(np.broadcast_to(np.eye(m, n, dtype=A.dtype), A.shape).copy())
    for i in reversed(range(tau.shape[-1])):
        v = reflectors[..., i:i + 1]
        result = result - tau[..., i, None, None] * matmul(v, matmul(v.mT, result))
    return result


def tensorinv(A, ind: int = 2) -> Tensor:
    """The tensor X of shape A.shape[ind:] + A.shape[:ind] with tensordot(A, X, ind) the
    identity: inv of A seen as a (Π A.shape[:ind]) x (Π A.shape[ind:]) matrix, reshaped."""
    if not isinstance(A, Tensor):
        raise TypeError(f"linalg_tensorinv(): argument 'input' must be Tensor, not "
                        f"{type(A).__name__}")
    if not isinstance(ind, int) or ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    rows, cols = A.shape[:ind], A.shape[ind:]
    if math.prod(cols) != math.prod(rows):
        raise RuntimeError(f"Expected self to satisfy the requirement prod(self.shape[ind:]) == "
                           f"prod(self.shape[:ind]), but got {math.prod(cols)} != "
                           f"{math.prod(rows)}")
    matrix = A.reshape(math.prod(rows), math.prod(cols))
    return inv(matrix).reshape(*cols, *rows)


def tensorsolve(A, B, dims=None) -> Tensor:
    """X of shape A.shape[B.ndim:] with tensordot(A, X, X.ndim) = B (after moving the dims
    `dims` of A to its end): solve with A seen as a (Π B.shape) x (Π X.shape) matrix."""
    for name, x in (("input", A), ("other", B)):
        if not isinstance(x, Tensor):
            raise TypeError(f"linalg_tensorsolve(): argument '{name}' must be Tensor, not "
                            f"{type(x).__name__}")
    if dims is not None:
        dims = tuple(dims) if isinstance(dims, (list, tuple)) else (dims,)
        A = A.movedim(dims, tuple(range(A.ndim - len(dims), A.ndim)))
    result_shape = A.shape[B.ndim:]
    if math.prod(result_shape) != math.prod(B.shape):
        raise RuntimeError(f"Expected self to satisfy the requirement prod(self.shape[other.ndim"
                           f":]) == prod(self.shape[:other.ndim]), but got "
                           f"{math.prod(result_shape)} != {math.prod(B.shape)}")
    matrix = A.reshape(math.prod(B.shape), math.prod(result_shape))
    return solve(matrix, B.reshape(-1)).reshape(*result_shape)

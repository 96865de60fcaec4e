"""Linear-algebra functions composed of other ops (their gradients come from those ops):
logdet, matrix_power, cross products, Vandermonde matrices, and the torch.* forms of the
decompositions that PyTorch keeps beside torch.linalg's (torch.svd, torch.qr, torch.cholesky,
torch.pinverse)."""
from __future__ import annotations

import warnings

import numpy as np

from autograd.ops.arithmetic import Sub
from autograd.ops.cumulative import cumprod
from autograd.ops.decompositions import cholesky as _cholesky
from autograd import return_types
from autograd.ops.decompositions import pinv
from autograd.ops.decompositions import qr as _qr
from autograd.ops.decompositions import svd as _svd
from autograd.ops.elementwise import Where
from autograd.ops.exp_log import log
from autograd.ops.join import cat
from autograd.ops.linalg import matmul
from autograd.ops.rearrange import roll
from autograd.ops.reduce import _torch_name, normalize_dim
from autograd.ops.solve import Det, check_matrices, inv
from autograd.ops.solve import slogdet as _slogdet
from autograd.tensor import Tensor

__all__ = ["LinalgCross", "logdet", "linalg_matrix_power", "cross", "linalg_cross", "vander",
           "linalg_vander", "det", "slogdet", "matrix_power", "svd", "qr", "cholesky", "pinverse"]


def _square(input, op: str):
    """torch.*'s form of a linalg check: the argument is called `input`."""
    check_matrices(op, input, name="input")
    return input


def det(input) -> Tensor:
    """torch.det: linalg.det."""
    return Det.apply(_square(input, "linalg.det"))


def slogdet(input):
    """torch.slogdet: linalg.slogdet, as PyTorch's torch.return_types.slogdet."""
    return return_types.slogdet(_slogdet(_square(input, "linalg.slogdet")))


def logdet(input) -> Tensor:
    """log det A of each square matrix: -inf when singular, NaN when det A < 0."""
    sign, logabsdet = _slogdet(_square(input, "logdet"))
    return logabsdet + log(sign)


def matrix_power(input, n: int) -> Tensor:
    """torch.matrix_power: linalg.matrix_power."""
    if not isinstance(input, Tensor):
        raise TypeError(f"matrix_power(): argument 'input' must be Tensor, not "
                        f"{type(input).__name__}")
    return linalg_matrix_power(input, n)


def linalg_matrix_power(A, n: int) -> Tensor:
    """A multiplied by itself n times (by repeated squaring): the identity for n = 0, the
    inverse's power for n < 0. Integer matrices allowed for n >= 0."""
    if not isinstance(A, Tensor):
        raise TypeError(f"linalg.matrix_power(): argument 'A' must be Tensor, not "
                        f"{type(A).__name__}")
    if A.ndim < 2 or A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"linalg.matrix_power: A must be batches of square matrices, but "
                           f"they are {A.shape[-2] if A.ndim > 1 else 1} by "
                           f"{A.shape[-1] if A.ndim else 1} matrices")
    if n < 0:
        A, n = inv(A), -n
    if n == 0:
        identity = np.broadcast_to(np.eye(A.shape[-1], dtype=A.dtype), A.shape)
        return Where.apply(np.ones(A.shape, bool), identity.copy(), A)  # grad_A = 0
    result, square = None, A
    while n:
        if n & 1:
            result = square if result is None else matmul(result, square)
        n >>= 1
        if n:
            square = matmul(square, square)
    return result


class LinalgCross(Sub):
    """The cross product's last step, a difference of products (PyTorch's
    LinalgCrossBackward0)."""

    op_name = "Sub"


def _cross_along(input, other, dim: int) -> Tensor:
    """a × b along dim (size 3): (a₁b₂ - a₂b₁, a₂b₀ - a₀b₂, a₀b₁ - a₁b₀)."""
    if input.dtype != other.dtype:
        raise RuntimeError(f"expected scalar type {_torch_name(input.dtype)} but found "
                           f"{_torch_name(other.dtype)}")
    return LinalgCross.apply(roll(input, -1, dim) * roll(other, -2, dim),
                             roll(input, -2, dim) * roll(other, -1, dim))


def _broadcast_shape(input, other) -> tuple:
    """The shape input and other broadcast to; PyTorch's error when they do not."""
    if input.ndim != other.ndim:
        raise RuntimeError(f"linalg.cross: inputs must have the same number of dimensions. "
                           f"Got {input.ndim} and {other.ndim}")
    for d, (a, b) in enumerate(zip(input.shape, other.shape)):
        if a != b and 1 not in (a, b):
            raise RuntimeError(f"The size of tensor a ({a}) must match the size of tensor b "
                               f"({b}) at non-singleton dimension {d}")
    return tuple(max(a, b) for a, b in zip(input.shape, other.shape))


def linalg_cross(input, other, *, dim: int = -1) -> Tensor:
    """torch.linalg.cross: the cross product of 3-vectors along dim, other dims broadcast."""
    for name, x in (("input", input), ("other", other)):
        if not isinstance(x, Tensor):
            raise TypeError(f"linalg.cross(): argument '{name}' must be Tensor, not "
                            f"{type(x).__name__}")
    _broadcast_shape(input, other)
    dim = normalize_dim(dim, input.ndim, "linalg.cross")
    if input.shape[dim] != 3 or other.shape[dim] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim - input.ndim} must have "
                           f"length 3. Got {input.shape[dim]} and {other.shape[dim]}")
    return _cross_along(input, other, dim)


def cross(input, other, dim=None) -> Tensor:
    """torch.cross: linalg.cross along dim; without dim, along the first dim of size 3
    (deprecated in PyTorch, with its warning)."""
    for name, x in (("input", input), ("other", other)):
        if not isinstance(x, Tensor):
            raise TypeError(f"cross(): argument '{name}' must be Tensor, not "
                            f"{type(x).__name__}")
    if dim is None:
        warnings.warn("Using torch.cross without specifying the dim arg is deprecated.\n"
                      "Please either pass the dim explicitly or simply use torch.linalg.cross."
                      "\nThe default value of dim will change to agree with that of "
                      "linalg.cross in a future release.", UserWarning, stacklevel=2)
        shape = _broadcast_shape(input, other)
        dim = next((d for d, size in enumerate(shape) if size == 3), None)
        if dim is None:
            raise RuntimeError("no dimension of size 3 in input")
    return linalg_cross(input, other, dim=dim)


def linalg_vander(x, *, N=None) -> Tensor:
    """torch.linalg.vander: the powers x⁰, x¹, ..., x^(N-1) of each element of x (*, n) along
    a new last dim: (*, n, N), N = n by default (a running product, as PyTorch's)."""
    if not isinstance(x, Tensor):
        raise TypeError(f"linalg.vander(): argument 'x' must be Tensor, not {type(x).__name__}")
    if x.ndim == 0:
        raise RuntimeError("N must be greater than 1.")
    N = x.shape[-1] if N is None else N
    if N <= 1:
        raise RuntimeError("N must be greater than 1.")
    if x.dtype.kind in "biu":
        x = x.to(np.int64)
    column = x.unsqueeze(-1)
    ones = Tensor._make(np.ones(column.shape, x.dtype))
    return cumprod(cat([ones, column.expand(*column.shape[:-1], N - 1)], -1), -1)


def vander(x, N=None, increasing: bool = False) -> Tensor:
    """torch.vander: the Vandermonde matrix of a 1-D x, powers decreasing unless increasing."""
    if not isinstance(x, Tensor):
        raise TypeError(f"vander(): argument 'x' must be Tensor, not {type(x).__name__}")
    if x.ndim != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    N = x.shape[0] if N is None else N
    if N < 0:
        raise RuntimeError("N must be non-negative.")
    if N <= 1:
        dtype = np.int64 if x.dtype.kind in "biu" else x.dtype
        return Tensor._make(np.ones((x.shape[0], N), dtype))
    powers = linalg_vander(x, N=N)
    return powers if increasing else powers.flip(-1)


def svd(input, some: bool = True, compute_uv: bool = True):
    """torch.svd: (U, S, V) with input = U diag(S) Vᵀ (V, not Vh), reduced unless some=False;
    compute_uv=False gives zero U (m, m) and V (n, n)."""
    check_matrices("linalg.svd", input, square=False, name="input")
    if not compute_uv:
        m, n = input.shape[-2:]
        s = _svd(input, False).S
        batch = tuple(input.shape[:-2])
        return return_types.svd((Tensor._make(np.zeros(batch + (m, m), input.dtype)), s,
                                 Tensor._make(np.zeros(batch + (n, n), input.dtype))))
    u, s, vh = _svd(input, full_matrices=not some)
    return return_types.svd((u, s, vh.mT))


def qr(input, some: bool = True):
    """torch.qr: linalg.qr, mode 'reduced' (some=True) or 'complete' (deprecated in
    PyTorch, with its warning)."""
    warnings.warn("torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a "
                  "future PyTorch release.\nThe boolean parameter 'some' has been replaced "
                  "with a string parameter 'mode'.\nQ, R = torch.qr(A, some)\nshould be "
                  "replaced with\nQ, R = torch.linalg.qr(A, 'reduced' if some else "
                  "'complete')", UserWarning, stacklevel=2)
    check_matrices("linalg.qr", input, square=False, name="input")
    return return_types.qr(_qr(input, "reduced" if some else "complete"))


def cholesky(input, upper: bool = False) -> Tensor:
    """torch.cholesky: linalg.cholesky (deprecated in PyTorch, with its warning)."""
    warnings.warn("torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be "
                  "removed in a future PyTorch release.\nL = torch.cholesky(A)\nshould be "
                  "replaced with\nL = torch.linalg.cholesky(A)\nand\nU = torch.cholesky(A, "
                  "upper=True)\nshould be replaced with\nU = torch.linalg.cholesky(A).mH",
                  UserWarning, stacklevel=2)
    if isinstance(input, Tensor) and input.ndim >= 2 and input.numel() == 0:
        return input.clone()  # PyTorch's torch.cholesky returns an empty input as it is
    check_matrices("linalg.cholesky", input, name="input")
    return _cholesky(input, upper=upper)


def pinverse(input, rcond: float = 1e-15) -> Tensor:
    """torch.pinverse: linalg.pinv with rtol=rcond."""
    check_matrices("linalg.pinv", input, square=False, name="input")
    return pinv(input, rtol=rcond)


"""Eigenvalues and eigenvectors of general (non-symmetric) square matrices: torch.linalg.eig
and eigvals. A real matrix can have complex eigenvalues, so both give complex tensors
(complex64 for float32, complex128 for float64), computed as LAPACK's geev does, as PyTorch's:
each eigenvector has norm 1 and its largest component real. Forward only: autograd here
differentiates real tensors only, so an input that requires grad is refused (call them on
A.detach()); for symmetric matrices, eigh and eigvalsh are real and differentiable.
"""
from __future__ import annotations

import numpy as np

from autograd import return_types
from autograd.grad_mode import is_grad_enabled
from autograd.ops.reduce import _torch_name
from autograd.tensor import Tensor

__all__ = ["eig", "eigvals"]

_COMPLEX = {np.dtype(np.float32): np.complex64, np.dtype(np.float64): np.complex128,
            np.dtype(np.complex64): np.complex64, np.dtype(np.complex128): np.complex128}


def _checked(op: str, A) -> np.ndarray:
    """A's array, after PyTorch's checks (and ours: no input that requires grad)."""
    if not isinstance(A, Tensor):
        raise TypeError(f"linalg_{op}(): argument 'input' must be Tensor, not "
                        f"{type(A).__name__}")
    if A.ndim < 2:
        raise RuntimeError(f"linalg.{op}: The input tensor A must have at least 2 dimensions.")
    if A.dtype not in _COMPLEX:
        raise RuntimeError(f"linalg.{op}: Expected a float or complex tensor as input, but "
                           f"got {_torch_name(A.dtype)} (Unknown Complex ScalarType for "
                           f"{_torch_name(A.dtype)})")
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"linalg.{op}: A must be batches of square matrices, but they are "
                           f"{A.shape[-2]} by {A.shape[-1]} matrices")
    if A.requires_grad and is_grad_enabled():
        raise RuntimeError(f"linalg.{op}: A requires grad, but its results are complex and "
                           "complex autograd is not supported (only real tensors take part "
                           f"in autograd); call linalg.{op}(A.detach()), or linalg.eigh for "
                           "a symmetric A")
    a = A.numpy(force=True)
    if not np.all(np.isfinite(a)):
        raise RuntimeError(f"torch.linalg.{op}: input tensor should not contain infs or NaNs.")
    return a


def _geev(a: np.ndarray, vectors: bool) -> tuple:
    """(eigenvalues, eigenvectors or None) of each matrix of a, as complex arrays."""
    dtype = _COMPLEX[a.dtype]
    if a.size == 0:
        return np.zeros(a.shape[:-1], dtype), np.zeros(a.shape, dtype) if vectors else None
    if not vectors:
        return np.linalg.eigvals(a).astype(dtype, copy=False), None
    values, eigenvectors = np.linalg.eig(a)
    return values.astype(dtype, copy=False), eigenvectors.astype(dtype, copy=False)


def eig(A) -> return_types.linalg_eig:
    """(eigenvalues (*, n), eigenvectors (*, n, n)) of each square matrix of A (*, n, n):
    A V = V diag(λ), both complex; column j of V has norm 1 and its largest entry real."""
    values, vectors = _geev(_checked("eig", A), vectors=True)
    return return_types.linalg_eig((Tensor._make(values), Tensor._make(vectors)))


def eigvals(A) -> Tensor:
    """The eigenvalues (*, n), complex, of each square matrix of A (*, n, n), in eig's
    order."""
    return Tensor._make(_geev(_checked("eigvals", A), vectors=False)[0])

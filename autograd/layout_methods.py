"""Tensor methods about shape and memory, as PyTorch names them: `size` (a `Size`), `dim`
`ndimension`, `numel` `nelement`, `t`, `contiguous` `is_contiguous`, `storage_offset`."""
from __future__ import annotations

from autograd import ops
from autograd.size import Size
from autograd.tensor import Tensor

__all__ = []


def _size(self, dim: int | None = None):
    """The shape as a `Size`, or the length of dimension `dim`."""
    shape = self.shape
    if dim is None:
        return Size(shape)
    return shape[ops.normalize_dim(dim, len(shape))]


def _numel(self) -> int:
    """The number of elements."""
    return self.numpy(force=True).size


def _dim(self) -> int:
    """The number of dimensions."""
    return self.ndim


def _t(self) -> Tensor:
    """The transpose of a matrix; a tensor of fewer than 2 dimensions is returned as is."""
    return ops.t(self)


def _is_contiguous(self, memory_format=None) -> bool:
    """True when the elements lie in memory in row-major order without gaps."""
    return self.numpy(force=True).flags.c_contiguous


def _contiguous(self, memory_format=None) -> Tensor:
    """The tensor itself if contiguous, else a row-major copy (recorded like `clone`)."""
    return self if _is_contiguous(self) else ops.clone(self)


def _storage_offset(self) -> int:
    """How many elements into the memory it views this tensor starts (0 unless it is a view
    made by slicing, e.g. `x[1:]`)."""
    array = owner = self.numpy(force=True)
    while owner.base is not None and hasattr(owner.base, "__array_interface__"):
        owner = owner.base
    start = array.__array_interface__["data"][0] - owner.__array_interface__["data"][0]
    return start // array.itemsize


Tensor.size = _size
Tensor.numel = Tensor.nelement = _numel
Tensor.dim = Tensor.ndimension = _dim
Tensor.t = _t
Tensor.is_contiguous = _is_contiguous
Tensor.contiguous = _contiguous
Tensor.storage_offset = _storage_offset

"""Tensors over NumPy arrays without a copy: `from_numpy` and `as_tensor`.

A tensor made by `from_numpy(a)` and the array `a` are the same memory: writing one changes
the other (as `t.numpy()` gives the tensor's array back, also without a copy).
"""
from __future__ import annotations

import warnings

import numpy as np

from autograd.devices import check_device
from autograd.dtype_names import check_dtype
from autograd.tensor import Tensor

__all__ = ["from_numpy", "as_tensor"]


def from_numpy(ndarray: np.ndarray) -> Tensor:
    """A tensor sharing `ndarray`'s memory, with its dtype and shape.

    Example:
        >>> a = np.zeros(3); t = from_numpy(a); t[0] = 5.0; a[0]
        5.0
    """
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    check_dtype(ndarray.dtype, "from_numpy")
    if not ndarray.dtype.isnative:
        raise ValueError("given numpy array has byte order different from the native byte "
                         "order. Conversion between byte orders is currently not supported.")
    if not ndarray.flags.writeable:
        warnings.warn("The given NumPy array is not writable: the tensor shares its memory, so "
                      "writing to the tensor will fail. Copy the array first (np.array(a)) to "
                      "write to the tensor.", UserWarning, stacklevel=2)
    return Tensor._make(ndarray)


def as_tensor(data, dtype=None, device=None) -> Tensor:
    """`data` as a tensor, without a copy when it can: a Tensor of the asked dtype is
    returned itself, a NumPy array of the asked dtype is shared (as `from_numpy`); anything
    else (lists, numbers, other dtypes) is copied as by `tensor`."""
    check_device(device, "as_tensor")
    dtype = None if dtype is None else check_dtype(dtype, "as_tensor")
    if isinstance(data, Tensor):
        return data if dtype is None or dtype == data.dtype else data.to(dtype)
    if isinstance(data, np.ndarray) and (dtype is None or dtype == data.dtype):
        return from_numpy(data)
    return Tensor(data, dtype=dtype)

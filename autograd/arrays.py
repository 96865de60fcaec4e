"""How user data becomes a Tensor's array, with PyTorch's dtypes: Python floats (and lists of
them) become float32, Python ints int64, bools bool; NumPy arrays keep their dtype."""
from __future__ import annotations

import numpy as np

__all__ = ["as_array", "DEFAULT_DTYPE"]

DEFAULT_DTYPE = np.dtype(np.float32)


def as_array(data, dtype=None) -> np.ndarray:
    """User data as an array, with PyTorch's dtypes: Python floats and lists of them become
    float32, Python ints int64, bools bool; NumPy arrays keep their dtype."""
    if dtype is not None:
        dtype = np.dtype(dtype)
        _check_dtype(dtype)
        if isinstance(data, np.ndarray):
            return data.astype(dtype)
        return np.array(_unwrap_nested(data), dtype=dtype)
    if isinstance(data, np.ndarray):
        array = data.copy()
    else:
        array = np.array(_unwrap_nested(data))
        if array.dtype == np.float64 and not isinstance(data, np.floating):
            array = array.astype(DEFAULT_DTYPE)
        elif array.dtype == np.complex128 and not isinstance(data, np.complexfloating):
            array = array.astype(np.complex64)
    _check_dtype(array.dtype)
    return array


def _unwrap_nested(data):
    """Lists and tuples may hold Tensors (torch.tensor([t1, t2]) works): use their arrays."""
    if isinstance(data, (list, tuple)) and any(hasattr(x, "_data") or isinstance(x, (list, tuple))
                                               for x in data):
        return [_unwrap_nested(getattr(x, "_data", x)) for x in data]
    return data


def _check_dtype(dtype: np.dtype) -> None:
    if dtype.kind not in "biufc":
        raise TypeError(f"a Tensor holds numbers or bools; got data of dtype {dtype}")
    if dtype == np.float16:
        raise TypeError("float16 (half) tensors are not supported: NumPy has no fast half "
                        "arithmetic on the CPU. Use float32.")

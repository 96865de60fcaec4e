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
        return _array(data, dtype)
    if isinstance(data, np.ndarray):
        array = data.copy()
    else:
        array = _array(data)
        if array.dtype == np.float64 and not isinstance(data, np.floating):
            array = array.astype(DEFAULT_DTYPE)
        elif array.dtype == np.complex128 and not isinstance(data, np.complexfloating):
            array = array.astype(np.complex64)
    _check_dtype(array.dtype)
    return array


def _array(data, dtype=None) -> np.ndarray:
    """np.array of (nested) data, with PyTorch's errors for ragged lists and for values that
    are not numbers."""
    try:
        return np.array(_unwrap_nested(data), dtype=dtype)
    except ValueError as error:
        ragged = _ragged(data, 0)
        if ragged:
            raise ValueError(ragged) from None
        raise TypeError(f"a Tensor holds numbers or bools; could not convert "
                        f"{type(data).__name__} data to {dtype}: {error}") from None


def _ragged(data, dim: int) -> str:
    """What makes nested lists ragged ('' if nothing): the first list of another length."""
    if not isinstance(data, (list, tuple)):
        return ""
    lengths = [len(x) if isinstance(x, (list, tuple)) else None for x in data]
    for got in lengths[1:]:
        if got != lengths[0] and None in (got, lengths[0]):
            return f"nested lists mix numbers and sequences at dim {dim}"
        if got != lengths[0]:
            return (f"expected sequence of length {lengths[0]} at dim {dim + 1} (got {got}): "
                    "nested lists must be rectangular")
    return next(filter(None, (_ragged(x, dim + 1) for x in data)), "")


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

"""Comparisons (no gradient): == != < <= > >= (computed in the promoted dtype, as PyTorch),
isclose, allclose, equal; and any, all, argmax, argmin."""
from __future__ import annotations

import numpy as np

from autograd.ops.arguments import TENSOR_LIKE, broadcast_error, not_a_tensor
from autograd.ops.dtypes import promote
from autograd.ops.logic import operand
from autograd.ops.dims import normalize_dim, normalize_dims
from autograd.tensor import Tensor

__all__ = ["eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less",
           "less_equal", "not_equal", "isclose", "allclose", "equal", "any", "all", "argmax",
           "argmin"]


def _compare(ufunc, input, other) -> Tensor:
    a, b = promote(operand(input), operand(other))
    try:
        return Tensor._make(np.asarray(ufunc(a, b)))
    except ValueError as error:
        raise broadcast_error(ufunc.__name__, a, b, error) from None


def eq(input, other) -> Tensor:
    """input == other elementwise, a bool tensor."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("eq", input=input, other=other)
    return _compare(np.equal, input, other)


def ne(input, other) -> Tensor:
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("ne", input=input, other=other)
    return _compare(np.not_equal, input, other)


def lt(input, other) -> Tensor:
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("lt", input=input, other=other)
    return _compare(np.less, input, other)


def le(input, other) -> Tensor:
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("le", input=input, other=other)
    return _compare(np.less_equal, input, other)


def gt(input, other) -> Tensor:
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("gt", input=input, other=other)
    return _compare(np.greater, input, other)


def ge(input, other) -> Tensor:
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("ge", input=input, other=other)
    return _compare(np.greater_equal, input, other)


greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne


def isclose(input, other, rtol: float = 1e-05, atol: float = 1e-08,
            equal_nan: bool = False) -> Tensor:
    """|input - other| <= atol + rtol*|other| elementwise (equal infinities are close; NaNs
    only with equal_nan). Both tensors must have the same dtype, as in PyTorch."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("isclose", input=input, other=other)
    a, b = _same_dtype(input, other, "isclose")
    if rtol < 0 or atol < 0:
        raise RuntimeError(f"isclose: rtol and atol must be greater than or equal to zero, "
                           f"but got rtol={rtol}, atol={atol}")
    if a.dtype == bool:
        return _compare(np.equal, a, b)
    try:
        with np.errstate(invalid="ignore", over="ignore"):
            close = np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)
    except ValueError as error:
        raise broadcast_error("isclose", a, b, error) from None
    return Tensor._make(np.asarray(close))


def allclose(input, other, rtol: float = 1e-05, atol: float = 1e-08,
             equal_nan: bool = False) -> bool:
    """True when isclose holds everywhere."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("allclose", input=input, other=other)
    return bool(np.all(isclose(input, other, rtol, atol, equal_nan)._data))


def _same_dtype(input, other, name: str):
    a, b = operand(input), operand(other)
    if not isinstance(a, np.ndarray) or not isinstance(b, np.ndarray):
        raise TypeError(f"{name}: input and other must be tensors")
    if a.dtype != b.dtype:
        raise RuntimeError(f"{name}: {a.dtype} did not match {b.dtype} (convert one first)")
    return a, b


def equal(input, other) -> bool:
    """True when both have the same shape and the same values (compared after promotion)."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("equal", input=input, other=other)
    a, b = operand(input), operand(other)
    if np.shape(a) != np.shape(b):
        return False
    a, b = promote(a, b)
    return bool(np.array_equal(a, b))


def any(input: Tensor, dim=None, keepdim: bool = False) -> Tensor:
    """True where any element (along dim) is nonzero."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("any", input=input)
    dims = normalize_dims(dim, input.ndim, "any")
    return Tensor._make(np.asarray(np.any(input._data, axis=dims, keepdims=keepdim)))


def all(input: Tensor, dim=None, keepdim: bool = False) -> Tensor:
    """True where every element (along dim) is nonzero."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("all", input=input)
    dims = normalize_dims(dim, input.ndim, "all")
    return Tensor._make(np.asarray(np.all(input._data, axis=dims, keepdims=keepdim)))


def argmax(input: Tensor, dim=None, keepdim: bool = False) -> Tensor:
    """Index of the largest element (of the flattened tensor when dim is None)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("argmax", input=input)
    return _arg_extreme(np.argmax, input, dim, keepdim)


def argmin(input: Tensor, dim=None, keepdim: bool = False) -> Tensor:
    """Index of the smallest element (of the flattened tensor when dim is None)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("argmin", input=input)
    return _arg_extreme(np.argmin, input, dim, keepdim)


def _arg_extreme(arg_reduce, input: Tensor, dim, keepdim: bool) -> Tensor:
    data = input._data
    if data.dtype == bool:
        raise RuntimeError(f"{arg_reduce.__name__}(): does not support bool input")
    if data.size == 0 and dim is None:
        raise IndexError(f"{arg_reduce.__name__}(): Expected reduction dim to be specified "
                         "for input.numel() == 0.")
    if dim is None:
        index = arg_reduce(data)
        return Tensor._make(np.asarray(
            index if not keepdim else np.reshape(index, (1,) * data.ndim), dtype=np.int64))
    dim = normalize_dim(dim, data.ndim, arg_reduce.__name__)
    if data.ndim == 0:
        return Tensor._make(np.zeros((), np.int64))
    if data.shape[dim] == 0:
        raise IndexError(f"{arg_reduce.__name__}(): Expected reduction dim {dim} to have "
                         "non-zero size.")
    return Tensor._make(np.asarray(arg_reduce(data, axis=dim, keepdims=keepdim), dtype=np.int64))

"""The check every function form runs first: each tensor argument is a Tensor (or a number
or NumPy value, which ops take as a constant), else PyTorch's TypeError naming it:

    >>> autograd.exp(None)
    TypeError: exp(): argument 'input' must be Tensor, not NoneType

An elementwise op's function form checks with one isinstance per argument and builds the
message only when one fails:

    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("exp", input=input)

The ops of layers call `check_tensors` (and `check_optional_tensors` for a bias that may
be None) instead: one line, and a call costs nothing there that matters. The ops that call
NumPy directly, outside `Function.apply`, turn its broadcasting error into PyTorch's with
`broadcast_error`.
"""
from __future__ import annotations

import numpy as np

from autograd.tensor import Tensor

__all__ = ["TENSOR_LIKE", "not_a_tensor", "check_tensors", "check_optional_tensors",
           "check_tensor_list", "check_is_tensor", "broadcast_error", "unary_function"]

TENSOR_LIKE = (Tensor, int, float, complex, np.ndarray, np.generic)  # bool is an int


def not_a_tensor(function: str, **arguments) -> TypeError:
    """The TypeError for the first of `arguments` (name=value) that is not TENSOR_LIKE."""
    name, value = next((n, v) for n, v in arguments.items() if not isinstance(v, TENSOR_LIKE))
    return _must_be_tensor(function, name, value)


def _must_be_tensor(function: str, name: str, value) -> TypeError:
    hint = " (make one with tensor(...))" if isinstance(value, (list, tuple)) else ""
    return TypeError(f"{function}(): argument '{name}' must be Tensor, not "
                     f"{type(value).__name__}{hint}")


def check_is_tensor(function: str, **arguments) -> None:
    """PyTorch's TypeError for the first of `arguments` that is not a Tensor, for the ops
    that take no number in its place (quantile, unique, cdist, ...)."""
    for name, value in arguments.items():
        if not isinstance(value, Tensor):
            raise _must_be_tensor(function, name, value)


def check_tensors(function: str, **arguments) -> None:
    """Raise not_a_tensor for the first of `arguments` that is not TENSOR_LIKE (the ops of
    layers check this way, where a call costs nothing that matters)."""
    for value in arguments.values():
        if not isinstance(value, TENSOR_LIKE):
            raise not_a_tensor(function, **arguments)


def check_optional_tensors(function: str, **arguments) -> None:
    """check_tensors for arguments that may also be None (no bias, no weight)."""
    check_tensors(function, **{n: v for n, v in arguments.items() if v is not None})


def broadcast_error(op: str, a, b, error: Exception) -> Exception:
    """For an `error` NumPy raised on a and b: PyTorch's RuntimeError naming the first dim
    (from the right) where their shapes cannot broadcast; `error` itself when they can."""
    shape_a, shape_b = np.shape(a), np.shape(b)
    for k in range(1, min(len(shape_a), len(shape_b)) + 1):
        if shape_a[-k] != shape_b[-k] and 1 not in (shape_a[-k], shape_b[-k]):
            return RuntimeError(
                f"{op}: the size of tensor a ({shape_a[-k]}) must match the size of tensor b "
                f"({shape_b[-k]}) at non-singleton dimension "
                f"{max(len(shape_a), len(shape_b)) - k} (shapes {shape_a} and {shape_b})")
    return error


def check_tensor_list(function: str, name: str, values) -> None:
    """check_tensors for each element of a sequence, named `name[i]` in the error."""
    for i, value in enumerate(values):
        if not isinstance(value, TENSOR_LIKE):
            raise not_a_tensor(function, **{f"{name}[{i}]": value})


def unary_function(op, name: str, doc: str):
    """The function form `name(input)` of a one-argument op: `op` on a tensor or number,
    PyTorch's TypeError for anything else."""
    def function(input):
        if not isinstance(input, TENSOR_LIKE):
            raise not_a_tensor(name, input=input)
        return op.compute(input)
    function.__name__, function.__qualname__, function.__doc__ = name, name, doc
    return function

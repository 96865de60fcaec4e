"""`out=`: function forms that write their result into a tensor the caller gives, as PyTorch's.

`mul(a, b, out=c)` computes `a * b`, writes it into `c` and returns `c`, with PyTorch's rules:

- the result's dtype must cast to `out`'s (`can_cast`: not floating into integral);
- an `out` of another shape is resized, with PyTorch's deprecation warning when it held
  elements (an empty `out` is resized silently);
- ops that give (values, indices) take a pair of tensors, `out=(values, indices)`;
- with gradients recorded (grad mode on) no argument, `out` included, may require grad:
  a result written into a given tensor has no graph to differentiate through.

`with_out(function, name)` adds the keyword to a function form; autograd's namespace applies
it to the names in `OUT_FUNCTIONS` (the elementwise ops, reductions, joins, indexing and
products that take `out=` in PyTorch). The methods (`t.mul(u)`) take no `out=`, as PyTorch's.
"""
from __future__ import annotations

import functools
import warnings

from autograd import return_types
from autograd.factories import zeros
from autograd.grad_mode import is_grad_enabled, no_grad
from autograd.ops.dtypes import can_cast
from autograd.dtype_names import scalar_type_name
from autograd.tensor import Tensor

__all__ = ["OUT_FUNCTIONS", "with_out"]

OUT_FUNCTIONS = (
    # elementwise maths, comparisons and logic
    "abs", "absolute", "acos", "acosh", "add", "arccos", "arccosh", "arcsin", "arcsinh",
    "arctan", "arctan2", "arctanh", "asin", "asinh", "atan", "atan2", "atanh", "bitwise_and",
    "bitwise_not", "bitwise_or", "bitwise_xor", "ceil", "clamp", "clamp_max", "clamp_min",
    "clip", "cos", "cosh", "div", "divide", "eq", "erf", "erfc", "exp", "exp2", "expm1", "fix",
    "float_power", "floor", "floor_divide", "fmod", "frac", "ge", "greater", "greater_equal",
    "gt", "isneginf", "isposinf", "le", "lerp", "less", "less_equal", "log", "log10", "log1p",
    "log2", "logaddexp", "logaddexp2", "logical_and", "logical_not", "logical_or",
    "logical_xor", "lt", "maximum", "minimum", "mul", "multiply", "ne", "neg", "negative",
    "not_equal", "pow", "reciprocal", "remainder", "round", "rsqrt", "sgn", "sigmoid", "sign",
    "signbit", "sin", "sinh", "sqrt", "square", "sub", "subtract", "tan", "tanh",
    "true_divide", "trunc", "where",
    # reductions, scans and sorting
    "all", "amax", "amin", "aminmax", "any", "argmax", "argmin", "argsort", "cummax", "cummin",
    "cumprod", "cumsum", "kthvalue", "log_softmax", "logcumsumexp", "logsumexp", "max", "mean",
    "median", "min", "msort", "nanmean", "nanmedian", "nansum", "norm", "prod", "softmax",
    "sort", "std", "sum", "topk", "var",
    # joins, indexing and products
    "addbmm", "addmm", "addmv", "addr", "baddbmm", "bmm", "cat", "column_stack", "concat",
    "concatenate", "diag", "dot", "dstack", "gather", "ger", "hstack", "index_add",
    "index_copy", "index_select", "inner", "masked_select", "matmul", "mm", "mv", "nonzero",
    "outer", "row_stack", "scatter", "scatter_add", "scatter_reduce", "stack", "take",
    "take_along_dim", "tensordot", "tril", "triu", "vdot", "vstack",
    # more maths, statistics, searching and products
    "bucketize", "copysign", "diff", "heaviside", "histc", "hypot", "isin", "kron", "ldexp",
    "mode", "nanquantile", "nextafter", "quantile", "searchsorted", "xlogy",
)


def with_out(function, name: str):
    """`function` that also takes `out=`: a Tensor (or a pair, for ops that give values and
    indices) to write the result into and return."""
    @functools.wraps(function)
    def function_with_out(*args, out=None, **kwargs):
        if out is None:
            return function(*args, **kwargs)
        if is_grad_enabled() and _any_requires_grad((args, kwargs, out)):
            raise RuntimeError(f"{name}(): functions with out=... arguments don't support "
                               "automatic differentiation, but one of the arguments requires "
                               "grad.")
        result = function(*args, **kwargs)
        with no_grad():
            if isinstance(result, Tensor):
                return _write(name, result, out)
            return _write_all(name, result, out)
    return function_with_out


def _any_requires_grad(value) -> bool:
    if isinstance(value, Tensor):
        return value.requires_grad
    if isinstance(value, (tuple, list)):
        return any(_any_requires_grad(v) for v in value)
    if isinstance(value, dict):
        return any(_any_requires_grad(v) for v in value.values())
    return False


def _write_all(name: str, results: tuple, out) -> tuple:
    """Write each of several results ((values, indices)) into the matching `out` tensor; they
    come back as the function's `_out` type (max -> return_types.max_out), as PyTorch's."""
    if not isinstance(out, (tuple, list)) or len(out) != len(results):
        raise TypeError(f"{name}(): out must be a tuple of {len(results)} Tensors (one for "
                        f"each of {', '.join(results.__match_args__)}), got "
                        f"{type(out).__name__}")
    written = [_write(name, result, target) for result, target in zip(results, out)]
    return return_types.out_type(results)(written)


def _write(name: str, result: Tensor, out) -> Tensor:
    """Copy `result` into `out` (resized to its shape if need be) and return `out`."""
    if not isinstance(out, Tensor):
        raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}")
    if not can_cast(result.dtype, out.dtype):
        raise RuntimeError(f"result type {scalar_type_name(result.dtype)} can't be cast to the "
                           f"desired output type {scalar_type_name(out.dtype)}")
    if out.shape != result.shape:
        if out.numel() != 0:
            warnings.warn(
                f"An output with one or more elements was resized since it had shape "
                f"{list(out.shape)}, which does not match the required output shape "
                f"{list(result.shape)}. This behavior is deprecated, and in a future PyTorch "
                "release outputs will not be resized unless they have zero elements. You can "
                "explicitly reuse an out tensor t by resizing it, inplace, to zero elements "
                "with t.resize_(0).", UserWarning, stacklevel=3)
        out.data = zeros(result.shape, dtype=out.dtype)
    return out.copy_(result)

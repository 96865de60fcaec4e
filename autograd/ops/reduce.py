"""Reductions: sum, mean, prod, var, std (and var_mean, std_mean), nansum, nanmean.

The dim helpers every op uses (`normalize_dim`, `normalize_dims`, `expand_back`, ...) are in
dims.py; they are importable from here too.
"""
from __future__ import annotations

import builtins
import warnings

import numpy as np

from autograd.dtype_names import scalar_type_name
from autograd.function import NumpyFunction
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.dims import (
    aliases, count, expand_back, expand_to, kept_shape, normalize_dim, normalize_dims,
)
from autograd.tensor import Tensor

__all__ = ["Sum", "SumDim", "NanSum", "Mean", "MeanDim", "Prod", "ProdDim", "Var", "Std",
           "normalize_dims", "normalize_dim", "kept_shape", "count", "expand_to", "expand_back",
           "aliases", "sum", "mean", "prod", "var", "std", "var_mean", "std_mean", "nansum",
           "nanmean"]

_torch_name = scalar_type_name  # the name cumulative.py still imports it by


class Sum(NumpyFunction):
    """Σ a over dims (all when dims is None); bool and integer sums are int64, as PyTorch.
    grad_a = g broadcast back over the summed dims."""

    formula = "sum(a, dim=b, keepdim=c)"
    derivatives = ("1", None, None)

    @staticmethod
    def forward(ctx, a, dims, keepdim):
        ctx.shape, ctx.dims, ctx.keepdim = a.shape, dims, keepdim
        dtype = np.int64 if a.dtype.kind in "biu" else None
        return np.add.reduce(a, axis=dims, keepdims=keepdim, dtype=dtype)

    @staticmethod
    def backward(ctx, grad):
        return expand_back(grad, ctx.shape, ctx.dims, ctx.keepdim), None, None


class SumDim(Sum):
    """sum(dim): Σ a over the given dims (PyTorch names its node SumBackward1)."""

    node_name = "SumBackward1"
    op_name = "Sum"


class Mean(NumpyFunction):
    """Σ a / n over dims; the mean of no elements is nan, as PyTorch.  grad_a = g / n."""

    formula = "mean(a, dim=b, keepdim=c)"
    derivatives = ("1/n", None, None)

    @staticmethod
    def forward(ctx, a, dims, keepdim):
        ctx.shape, ctx.dims, ctx.keepdim = a.shape, dims, keepdim
        ctx.n = n = count(a.shape, dims)
        total = np.add.reduce(a, axis=dims, keepdims=keepdim)
        if n == 0:
            return np.full(np.shape(total), np.nan, a.dtype)
        return np.true_divide(total, n, dtype=a.dtype)

    @staticmethod
    def backward(ctx, grad):
        return expand_back(grad / builtins.max(ctx.n, 1), ctx.shape, ctx.dims, ctx.keepdim), \
            None, None


class MeanDim(Mean):
    """mean(dim): Σ a / n over the given dims (PyTorch names its node MeanBackward1)."""

    node_name = "MeanBackward1"
    op_name = "Mean"


class Prod(NumpyFunction):
    """Π a along dim (all elements when dim is None).  grad_a_k = g Π_{i≠k} a_i: g*out/a in
    a product without zeros; in one with zeros only the first zero gets g times the product
    of the others (which is 0 if there is a second zero)."""

    formula = "prod(a, dim=b, keepdim=c)"
    derivatives = ("out/a if first_zero is None else where(has_zero, where(first_zero, "
                   "prod(where(first_zero, 1, a)), 0), out/where(has_zero, 1, a))", None, None)

    @staticmethod
    def forward(ctx, a, dim, keepdim):
        ctx.shape, ctx.dim, ctx.keepdim = a.shape, dim, keepdim
        ctx.dims = None if dim is None else (dim,)
        flat = a.reshape(-1) if dim is None else a
        axis = 0 if dim is None else dim
        out = np.multiply.reduce(flat, axis=axis, keepdims=keepdim and dim is not None,
                                 dtype=np.int64 if a.dtype.kind in "biu" else None)
        if dim is None and keepdim:
            out = out.reshape((1,) * a.ndim)
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(a, out)
            zero = flat == 0
            ctx.first_zero = None
            if zero.any():
                ctx.first_zero = _first_zero(zero, axis).reshape(a.shape)
                ctx.has_zero = np.any(zero, axis=axis, keepdims=True)
                ctx.has_zero = np.broadcast_to(ctx.has_zero, flat.shape).reshape(a.shape)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        first = ctx.first_zero
        shape, dims, keepdim = ctx.shape, ctx.dims, ctx.keepdim
        if first is None:
            return expand_back(grad * out, shape, dims, keepdim) / a, None, None
        no_zero = expand_back(grad * out, shape, dims, keepdim) / np.where(ctx.has_zero, 1, a)
        others = Prod.compute(np.where(first, 1, a), ctx.dim, keepdim)
        at_zero = np.where(first, expand_back(grad * others, shape, dims, keepdim), 0)
        return np.where(ctx.has_zero, at_zero, no_zero), None, None


class ProdDim(Prod):
    """prod(dim): Π a along one dim (PyTorch names its node ProdBackward1)."""

    node_name = "ProdBackward1"
    op_name = "Prod"


def _first_zero(zero: np.ndarray, axis: int) -> np.ndarray:
    """True at the first True of `zero` along `axis`."""
    return zero & (np.cumsum(zero, axis=axis) == 1)


class Var(NumpyFunction):
    """Σ (a - mean)² / max(0, n - correction).  grad_a = 2 g (a - mean) / (n - correction);
    with dof = n - correction <= 0 over all dims, PyTorch's g * (nan where a == mean else inf)."""

    formula = "var(a, dim=b, correction=c, keepdim=d)"
    derivatives = ("2*(a - mean(a))/dof", None, None, None)

    @staticmethod
    def forward(ctx, a, dims, correction, keepdim):
        if a.dtype.kind not in "fc":
            raise RuntimeError(f"std and var only support floating point and complex dtypes, "
                               f"got {a.dtype}")
        ctx.shape, ctx.dims, ctx.keepdim = a.shape, dims, keepdim
        ctx.dof = count(a.shape, dims) - correction
        if ctx.dof <= 0 and a.size:
            warnings.warn(f"{ctx.op_name.lower()}(): degrees of freedom is <= 0. Correction should "
                          "be strictly less than the reduction factor (input numel divided by "
                          "output numel).", UserWarning, stacklevel=4)
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(a)
        mean = np.add.reduce(a, axis=dims, keepdims=True) / a.dtype.type(builtins.max(
            count(a.shape, dims), 1))
        centered = a - mean
        squares = np.add.reduce(centered * centered, axis=dims, keepdims=keepdim)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.true_divide(squares, builtins.max(0, ctx.dof), dtype=a.dtype)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return _var_backward(ctx, grad, a), None, None, None


def _var_backward(ctx, grad, a):
    """PyTorch's var_backward, including its conventions for dof <= 0."""
    grad = expand_back(grad, ctx.shape, ctx.dims, ctx.keepdim)
    centered = a - np.sum(a, axis=ctx.dims, keepdims=True) / builtins.max(
        count(ctx.shape, ctx.dims), 1)
    with np.errstate(invalid="ignore"):
        if ctx.dof <= 0 and (ctx.dims is None or len(ctx.shape) == 0):
            return grad * np.where(np.equal(centered, 0), np.nan, np.inf)
        scale = 2.0 / ctx.dof if ctx.dof else float("inf")
        return grad * (centered * scale)


class Std(NumpyFunction):
    """sqrt(var).  grad_a = var's gradient with g / (2 std), taken as 0 where std is 0."""

    formula = "std(a, dim=b, correction=c, keepdim=d)"
    derivatives = ("where(out == 0, 0, (a - mean(a))/(dof*out))", None, None, None)

    @staticmethod
    def forward(ctx, a, dims, correction, keepdim):
        out = np.sqrt(Var.forward(ctx, a, dims, correction, keepdim))
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        zero = np.equal(out, 0)
        grad_var = np.where(zero, 0, grad / (2 * np.where(zero, 1, out)))
        return _var_backward(ctx, grad_var, a), None, None, None


def sum(input, dim=None, keepdim: bool = False, *, dtype=None, axis=None, keepdims=None):
    """Σ over `dim` (an int, a tuple, or None/() for all dims); ints and bools give int64.
    NumPy's names axis= and keepdims= are accepted too, as PyTorch accepts them."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("sum", input=input)
    if axis is not None or keepdims is not None:
        dim, keepdim = aliases(dim, keepdim, axis, keepdims)
    if dtype is not None:
        input = input.to(dtype)
    if dim is None:
        return Sum.apply(input, None, keepdim)
    return SumDim.apply(input, normalize_dims(dim, input.ndim, "sum"), keepdim)


def mean(input, dim=None, keepdim: bool = False, *, dtype=None, axis=None, keepdims=None):
    """Mean over `dim` (an int, a tuple, or None/() for all dims); floating inputs only."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("mean", input=input)
    if axis is not None or keepdims is not None:
        dim, keepdim = aliases(dim, keepdim, axis, keepdims)
    if dtype is not None:
        input = input.to(dtype)
    if input.dtype.kind not in "fc":
        raise RuntimeError(
            "mean(): could not infer output dtype. Input dtype must be either a floating "
            f"point or complex dtype. Got: {scalar_type_name(input.dtype)}")
    if dim is None:
        return Mean.apply(input, None, keepdim)
    return MeanDim.apply(input, normalize_dims(dim, input.ndim, "mean"), keepdim)


class NanSum(NumpyFunction):
    """Σ a over dims, NaNs counted as 0.  grad_a = g * (a is not NaN), as PyTorch (so a
    NaN's gradient is 0 * g)."""

    node_name = "NansumBackward0"
    formula = "nansum(a, dim=b, keepdim=c)"
    derivatives = ("where(a != a, 0, 1)", None, None)

    @staticmethod
    def forward(ctx, a, dims, keepdim):
        ctx.shape, ctx.dims, ctx.keepdim = a.shape, dims, keepdim
        present = ~np.isnan(a)
        ctx.present = present.astype(a.dtype)
        return np.add.reduce(np.where(present, a, 0), axis=dims, keepdims=keepdim)

    @staticmethod
    def backward(ctx, grad):
        with np.errstate(invalid="ignore"):  # inf * 0 is NaN, as PyTorch, without a warning
            return expand_back(grad, ctx.shape, ctx.dims, ctx.keepdim) * ctx.present, None, None


def nansum(input, dim=None, keepdim: bool = False, *, dtype=None, axis=None, keepdims=None):
    """Σ over `dim` with NaNs counted as zero."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("nansum", input=input)
    dim, keepdim = aliases(dim, keepdim, axis, keepdims)
    if input.dtype.kind != "f":
        return sum(input, dim, keepdim, dtype=dtype)
    if dtype is not None:
        input = input.to(dtype)
    return NanSum.apply(input, normalize_dims(dim, input.ndim, "nansum"), keepdim)


def nanmean(input, dim=None, keepdim: bool = False, *, dtype=None, axis=None, keepdims=None):
    """Mean over `dim` of the elements that are not NaN."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("nanmean", input=input)
    dim, keepdim = aliases(dim, keepdim, axis, keepdims)
    if input.dtype.kind not in "fc" and dtype is None:
        raise RuntimeError(f"nanmean(): expected input to have floating point or complex "
                           f"dtype but got {scalar_type_name(input.dtype)}")
    present = Tensor._make(~np.isnan(input.numpy(force=True)))
    return nansum(input, dim, keepdim, dtype=dtype) / sum(present, dim, keepdim)


def prod(input, dim=None, keepdim: bool = False, *, dtype=None, axis=None, keepdims=None):
    """Π over one `dim` (an int), or over all elements when dim is None."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("prod", input=input)
    dim, keepdim = aliases(dim, keepdim, axis, keepdims)
    if dtype is not None:
        input = input.to(dtype)
    if dim is None:
        return Prod.apply(input, None, keepdim)
    dim = normalize_dim(dim, input.ndim, "prod")
    return ProdDim.apply(input, dim if input.ndim else None, keepdim)


def _correction(unbiased, correction, op: str):
    if unbiased is not None and correction is not None:
        raise RuntimeError(f"{op}(): cannot specify both unbiased and correction")
    if correction is not None:
        return correction
    return 1 if unbiased is None or unbiased else 0


def _var_args(op: str, input, dim, unbiased, correction):
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor(op, input=input)
    if input.dtype.kind not in "fc":
        raise RuntimeError(f"std and var only support floating point dtypes, got "
                           f"{scalar_type_name(input.dtype)}")
    if isinstance(dim, bool):  # var(True): the old positional `unbiased`
        dim, unbiased = None, dim
    if unbiased is not None and not isinstance(unbiased, (bool, np.bool_)):
        raise TypeError(f"{op}(): unbiased must be a bool; pass dims as dim=")
    return normalize_dims(dim, input.ndim, op), _correction(unbiased, correction, op)


def var(input, dim=None, unbiased=None, keepdim: bool = False, *, correction=None,
        axis=None, keepdims=None):
    """Variance over `dim`, dividing by max(0, n - correction) (default correction 1)."""
    dim, keepdim = aliases(dim, keepdim, axis, keepdims)
    dims, correction = _var_args("var", input, dim, unbiased, correction)
    return Var.apply(input, dims, correction, keepdim)


def std(input, dim=None, unbiased=None, keepdim: bool = False, *, correction=None,
        axis=None, keepdims=None):
    """Standard deviation over `dim`, dividing by max(0, n - correction) (default 1)."""
    dim, keepdim = aliases(dim, keepdim, axis, keepdims)
    dims, correction = _var_args("std", input, dim, unbiased, correction)
    return Std.apply(input, dims, correction, keepdim)


def var_mean(input, dim=None, unbiased=None, keepdim: bool = False, *, correction=None,
             axis=None, keepdims=None):
    """(var, mean) over `dim`, as torch.var_mean."""
    dim, keepdim = aliases(dim, keepdim, axis, keepdims)
    dims, correction = _var_args("var_mean", input, dim, unbiased, correction)
    return Var.apply(input, dims, correction, keepdim), Mean.apply(input, dims, keepdim)


def std_mean(input, dim=None, unbiased=None, keepdim: bool = False, *, correction=None,
             axis=None, keepdims=None):
    """(std, mean) over `dim`, as torch.std_mean."""
    dim, keepdim = aliases(dim, keepdim, axis, keepdims)
    dims, correction = _var_args("std_mean", input, dim, unbiased, correction)
    return Std.apply(input, dims, correction, keepdim), Mean.apply(input, dims, keepdim)

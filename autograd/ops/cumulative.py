"""Running reductions along a dim: cumsum, cumprod, cummax, cummin, logcumsumexp."""
from __future__ import annotations

import numpy as np

from autograd import return_types
from autograd.function import NumpyFunction
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.gather import PickedValues
from autograd.ops.rearrange import Flip
from autograd.ops.reduce import _torch_name, normalize_dim
from autograd.tensor import Tensor

__all__ = ["Cumsum", "Cumprod", "Logcumsumexp", "Cummax", "Cummin", "cumsum", "cumprod",
           "cummax", "cummin", "logcumsumexp", "reverse_cumsum"]


def _flip(x, dim: int):
    """x reversed along dim (a view for arrays, a Flip op for Tensors)."""
    if isinstance(x, Tensor):
        return Flip.apply(x, (dim,))
    return x[(slice(None),) * dim + (slice(None, None, -1),)]


def reverse_cumsum(x, dim: int):
    """Σ_{j >= i} x_j along dim."""
    return _flip(Cumsum.compute(_flip(x, dim), dim), dim)


class Cumsum(NumpyFunction):
    """out_i = Σ_{j <= i} a_j along dim (ints and bools give int64).
    grad_a_i = Σ_{j >= i} g_j (a reversed cumulative sum)."""

    formula = "cumsum(a, dim=b)"
    derivatives = ("flip(cumsum(flip(g, b), b), b)", None)

    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim = dim
        dtype = np.int64 if a.dtype.kind in "biu" else None
        return np.cumsum(a, axis=dim, dtype=dtype) if a.ndim else a.astype(dtype or a.dtype)

    @staticmethod
    def backward(ctx, grad):
        return reverse_cumsum(grad, ctx.dim) if np.ndim(grad) else grad, None


class Cumprod(NumpyFunction):
    """out_i = Π_{j <= i} a_j along dim.  grad_a_k = Σ_{j >= k} g_j Π_{i <= j, i != k} a_i:
    reverse_cumsum(g*out)/a before the first zero, Σ_{j >= z} g_j cumprod(a with a_z = 1)_j
    at the first zero z, and 0 after it."""

    formula = "cumprod(a, dim=b)"
    derivatives = ("flip(cumsum(flip(g*out, b), b), b)/a if first_zero is None else "
                   "where(after, where(first_zero, sum(where(after, g*cumprod(where(first_zero, "
                   "1, a), b), 0)), 0), flip(cumsum(flip(g*out, b), b), b)/where(after, 1, a))",
                   None)

    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim = dim
        dtype = np.int64 if a.dtype.kind in "biu" else None
        out = np.cumprod(a, axis=dim, dtype=dtype) if a.ndim else a.astype(dtype or a.dtype)
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(a, out)
            zero = a == 0
            ctx.first_zero = None
            if a.ndim and zero.any():
                seen = np.cumsum(zero, axis=dim)
                ctx.first_zero, ctx.after = zero & (seen == 1), seen > 0
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        if np.ndim(grad) == 0:
            return grad, None
        if ctx.first_zero is None:
            return reverse_cumsum(grad * out, ctx.dim) / a, None
        first, after, dim = ctx.first_zero, ctx.after, ctx.dim
        before = ~after
        grad_before = reverse_cumsum(grad * out, dim) / np.where(before, a, 1)
        skipping_zero = Cumprod.compute(np.where(first, 1, a), dim)
        at_zero = np.sum(np.where(after, grad * skipping_zero, 0), axis=dim, keepdims=True)
        return np.where(before, grad_before, np.where(first, at_zero, 0)), None


class Logcumsumexp(NumpyFunction):
    """out_i = log Σ_{j <= i} e**a_j along dim, accumulated stably (logaddexp).
    grad_a_k = Σ_{j >= k} g_j e**(a_k - out_j), summed in log space for positive and negative
    g separately, as PyTorch."""

    formula = "logcumsumexp(a, dim=b)"
    derivatives = ("exp(a)*flip(cumsum(flip(g*exp(-out), b), b), b)", None)

    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim = dim
        out = np.logaddexp.accumulate(a, axis=dim) if a.ndim else a.copy()
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        if np.ndim(grad) == 0:
            return grad, None
        dim = ctx.dim
        lowest = np.finfo(grad.dtype).min
        with np.errstate(divide="ignore"):
            log_abs = np.log(np.abs(grad))
        positive = np.where(grad > 0, log_abs, lowest)
        negative = np.where(grad < 0, log_abs, lowest)

        def reverse_logcumsumexp(x):
            return _flip(Logcumsumexp.compute(_flip(x, dim), dim), dim)

        with np.errstate(over="ignore", invalid="ignore"):
            return (np.exp(reverse_logcumsumexp(positive - out) + a)
                    - np.exp(reverse_logcumsumexp(negative - out) + a)), None


def _dim(input, dim, op: str) -> int:
    return normalize_dim(dim, input.ndim, op)


def cumsum(input, dim: int, *, dtype=None) -> Tensor:
    """Running sum along dim."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("cumsum", input=input)
    if dtype is not None:
        input = input.to(dtype)
    return Cumsum.apply(input, _dim(input, dim, "cumsum"))


def cumprod(input, dim: int, *, dtype=None) -> Tensor:
    """Running product along dim."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("cumprod", input=input)
    if dtype is not None:
        input = input.to(dtype)
    return Cumprod.apply(input, _dim(input, dim, "cumprod"))


def logcumsumexp(input, dim: int) -> Tensor:
    """log of the running sum of exp along dim (floating inputs only)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("logcumsumexp", input=input)
    dim = _dim(input, dim, "logcumsumexp")
    if input.dtype.kind != "f":
        raise NotImplementedError(f"\"logcumsumexp_out_cpu\" not implemented for "
                                  f"'{_torch_name(input.dtype)}'")
    return Logcumsumexp.apply(input, dim)


class Cummax(PickedValues):
    """The values of cummax: the running maximum along dim, at the indices where it was
    reached."""


class Cummin(PickedValues):
    """The values of cummin: the running minimum along dim, at the indices where it was
    reached."""


def _running_extreme(input, dim, op: str, pick, accumulate, new_best):
    """(values, indices) of the running extreme; `pick` (Cummax or Cummin) takes the values."""
    result_type = getattr(return_types, op)  # return_types.cummax or .cummin
    dim = _dim(input, dim, op)
    data = input._data
    if data.ndim == 0:
        return result_type((pick.apply(input.reshape(1), 0, np.zeros(1, np.int64), False),
                            Tensor._make(np.zeros((), np.int64))))
    best = accumulate(data, axis=dim)
    positions = np.arange(data.shape[dim]).reshape((-1,) + (1,) * (data.ndim - dim - 1))
    nan = np.isnan(data) if data.dtype.kind == "f" else np.zeros(data.shape, bool)
    first_nan = nan & (np.cumsum(nan, axis=dim) == 1)
    hits = (new_best(data, best) & ~nan) | first_nan
    index = np.maximum.accumulate(np.where(hits, positions, 0), axis=dim).astype(np.int64)
    return result_type((pick.apply(input, dim, index, True), Tensor._make(index)))


def cummax(input, dim: int):
    """(values, indices) of the running maximum along dim; a tie takes the later index and
    NaN, once seen, stays (with the index of the first NaN)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("cummax", input=input)
    return _running_extreme(input, dim, "cummax", Cummax, np.maximum.accumulate, np.greater_equal)


def cummin(input, dim: int):
    """(values, indices) of the running minimum along dim (ties: the later index)."""
    if not isinstance(input, TENSOR_LIKE):
        raise not_a_tensor("cummin", input=input)
    return _running_extreme(input, dim, "cummin", Cummin, np.minimum.accumulate, np.less_equal)

"""Statistics of a sample: quantile and nanquantile, mode, histc, count_nonzero, cov and
corrcoef. No new gradient rules: each is composed of ops that have theirs (quantile and mode
gather the chosen elements, cov is a centred matrix product), so every differentiable one
also differentiates twice. histc and count_nonzero count (no gradient).
"""
from __future__ import annotations

import warnings

import numpy as np

from autograd import return_types
from autograd.ops.arguments import check_is_tensor
from autograd.ops.elementwise import Lerp, clip, sqrt
from autograd.ops.gather import Gather, PickedValues
from autograd.ops.linalg import matmul
from autograd.ops.reduce import normalize_dim, normalize_dims
from autograd.ops.transposes import movedim
from autograd.ops.shape import SqueezeInPlace
from autograd.tensor import Tensor

__all__ = ["Mode", "quantile", "nanquantile", "mode", "histc", "count_nonzero", "cov", "corrcoef"]

_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile_ranks(q, data: np.ndarray, ignore_nan: bool, interpolation: str):
    """The (fractional) positions in the sorted last dim of `data` that the quantiles q
    (k,) fall on: shape data.shape[:-1] + (k,). As PyTorch: a slice with a NaN (quantile)
    points at its last position, where the sort puts NaN; one of NaNs only (nanquantile)
    at its first."""
    size = data.shape[-1]
    nan = np.isnan(data)
    if ignore_nan:
        count = size - nan.sum(-1, keepdims=True)
        ranks = np.maximum(q * (count - 1), 0).astype(q.dtype, copy=False)
    else:
        ranks = np.where(nan.any(-1, keepdims=True), size - 1, q * (size - 1))
    if interpolation == "lower":
        return np.floor(ranks)
    if interpolation == "higher":
        return np.ceil(ranks)
    if interpolation == "nearest":
        return np.round(ranks)  # half to even, as PyTorch's round
    return ranks


def _check_quantile(input, q, interpolation: str, op: str) -> np.ndarray:
    """q as a float array of the input's dtype (1-D), after PyTorch's checks."""
    check_is_tensor(op, input=input)
    if input.dtype not in (np.float32, np.float64):
        raise RuntimeError(f"{op}() input tensor must be either float or double dtype")
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError(f"{op}() interpolation must be one of linear, lower, higher, midpoint "
                           f"or nearest, but got {interpolation}")
    if input.numel() == 0:
        raise RuntimeError(f"{op}() input tensor must be non-empty")
    if isinstance(q, Tensor):
        if q.ndim > 1:
            raise RuntimeError(f"{op}() q must be a scalar or 1D tensor")
        if q.dtype != input.dtype:
            raise RuntimeError(f"{op}() q tensor must be same dtype as the input tensor")
        values = q.numpy(force=True).reshape(-1)
        if not np.all((values >= 0) & (values <= 1)):
            raise RuntimeError(f"{op}() q values must be in the range [0, 1]")
        return values
    if not 0 <= q <= 1:
        raise RuntimeError(f"{op}() q must be in the range [0, 1] but got {q}")
    return np.array([q], input.dtype)


def _quantile(op: str, input, q, dim, keepdim: bool, interpolation: str, ignore_nan: bool):
    """The q-quantiles of input along dim (all of it when None), found by sorting and
    interpolating between the two neighbouring order statistics.

    Shape: input's without dim (size 1 with keepdim; every dim when dim is None), with one
    leading dim of size k for a 1-D q of k values."""
    levels = _check_quantile(input, q, interpolation, op)
    ndim = input.ndim
    if dim is None:
        x = input.reshape(-1)
    else:
        dim = normalize_dim(dim, ndim, op)
        x = movedim(input, dim, -1) if ndim else input.reshape(1)
    data = x.numpy(force=True)
    order = np.argsort(data, axis=-1, kind="stable")  # NaN last, as PyTorch's sort
    ranks = _quantile_ranks(levels, data, ignore_nan, interpolation)
    below = np.floor(ranks).astype(np.int64)
    last = x.ndim - 1
    out = Gather.apply(x, last, np.take_along_axis(order, below, -1))
    if interpolation in ("linear", "midpoint"):
        above = Gather.apply(x, last, np.take_along_axis(order, np.ceil(ranks).astype(np.int64),
                                                         -1))
        weight = np.full(ranks.shape, 0.5) if interpolation == "midpoint" else ranks - below
        out = Lerp.apply(out, above, weight.astype(data.dtype))
    if keepdim:
        shape = [1] * ndim if dim is None else [
            1 if d == dim else size for d, size in enumerate(input.shape)]
    else:
        shape = list(out.shape[:-1])
    if isinstance(q, Tensor):
        out, shape = movedim(out, -1, 0), [len(levels)] + shape
    # PyTorch's last step is squeeze_(dim), whatever the shape: its node is SqueezeBackward4
    return SqueezeInPlace.apply(out, tuple(shape))


def quantile(input, q, dim=None, keepdim: bool = False, *, interpolation: str = "linear"):
    """The q-th quantiles of input along dim (of all elements when dim is None); q a number
    or 1-D tensor in [0, 1]. Between two data points, `interpolation` takes: 'linear'
    (weighted by the fraction), 'lower', 'higher', 'midpoint', 'nearest'. A NaN in a slice
    makes its quantiles NaN."""
    return _quantile("quantile", input, q, dim, keepdim, interpolation, ignore_nan=False)


def nanquantile(input, q, dim=None, keepdim: bool = False, *, interpolation: str = "linear"):
    """quantile that ignores NaNs (NaN only where a slice holds nothing else)."""
    return _quantile("nanquantile", input, q, dim, keepdim, interpolation, ignore_nan=True)


class Mode(PickedValues):
    """The values of mode: the most frequent value along dim, where it last occurs."""

    node_name = "ModeBackward0"


def _mode_index(row: np.ndarray) -> int:
    """The position of the most frequent value of a 1-D row: the smallest such value, at its
    last occurrence (as PyTorch's CPU kernel); a row with a NaN gives its first NaN (where
    PyTorch's sort-based kernel gives no consistent answer)."""
    nan = np.flatnonzero(np.isnan(row)) if row.dtype.kind == "f" else ()
    if len(nan):
        return int(nan[0])
    values, counts = np.unique(row, return_counts=True)
    return int(np.flatnonzero(row == values[np.argmax(counts)])[-1])


def mode(input, dim: int = -1, keepdim: bool = False):
    """(values, indices): the most frequent value along dim and where it last occurs."""
    check_is_tensor("mode", input=input)
    if input.ndim == 0:
        normalize_dim(dim, 0, "mode")
        return return_types.mode((input.clone(), Tensor._make(np.zeros((), np.int64))))
    dim = normalize_dim(dim, input.ndim, "mode")
    if input.shape[dim] == 0:
        raise IndexError(f"mode(): Expected reduction dim {dim} to have non-zero size.")
    x = movedim(input, dim, -1)
    rows = x.numpy(force=True).reshape(-1, x.shape[-1])
    index = np.array([_mode_index(row) for row in rows], np.int64).reshape(x.shape[:-1] + (1,))
    index = np.moveaxis(index, -1, dim)
    values = Mode.apply(input, dim, index, keepdim)
    return return_types.mode((values, Tensor._make(index if keepdim else np.squeeze(index, dim))))


def histc(input, bins: int = 100, min: float = 0, max: float = 0) -> Tensor:
    """Counts of input's elements in `bins` equal bins over [min, max] (over the data's own
    range when min == max); elements outside are not counted. Floating point, no gradient."""
    check_is_tensor("histc", input=input)
    data = input.numpy(force=True)
    if data.dtype.kind != "f":
        raise NotImplementedError(f"\"histogram_cpu\" not implemented for '{data.dtype}'")
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
    low, high = float(min), float(max)
    if low == high and data.size:
        low, high = float(data.min()), float(data.max())
    if low == high:
        low, high = low - 1, high + 1
    if low > high:
        raise RuntimeError("torch.histc: max must be larger than min")
    if not (np.isfinite(low) and np.isfinite(high)):
        raise RuntimeError(f"torch.histc: range of [{low}, {high}] is not finite")
    low, high = data.dtype.type(low), data.dtype.type(high)  # computed in input's dtype
    values = data.reshape(-1)
    values = values[(values >= low) & (values <= high)]
    position = ((values - low) * bins / (high - low)).astype(np.int64)
    position = np.minimum(position, bins - 1)  # `max` itself counts in the last bin
    return Tensor._make(np.bincount(position, minlength=bins).astype(data.dtype))


def count_nonzero(input, dim=None) -> Tensor:
    """How many elements are not zero, in all of input or along dim (an int or a tuple)."""
    check_is_tensor("count_nonzero", input=input)
    data = input.numpy(force=True)
    axes = None if dim is None else normalize_dims(dim, data.ndim, "count_nonzero")
    return Tensor._make(np.asarray(np.count_nonzero(data, axis=axes), np.int64))


def _observation_weights(fweights, aweights, observations: int):
    """fweights * aweights (either may be None; None when both are), checked as PyTorch."""
    weights = None
    for name, w, integral in (("fweights", fweights, True), ("aweights", aweights, False)):
        if w is None:
            continue
        check_is_tensor("cov", **{name: w})
        if w.ndim > 1:
            raise RuntimeError(f"cov(): expected {name} to have one or fewer dimensions but got "
                               f"{name} with {w.ndim} dimensions")
        if (w.dtype.kind in "iu") != integral:
            kind = "integral" if integral else "floating point"
            raise RuntimeError(f"cov(): expected {name} to have {kind} dtype but got {name} "
                               f"with {w.dtype} dtype")
        if w.numel() != observations:
            raise RuntimeError(f"cov(): expected {name} to have the same numel as there are "
                               f"observations in the input but got {w.numel()} != {observations}")
        if w.numel() and w.numpy(force=True).min() < 0:
            raise RuntimeError(f"cov(): {name} cannot be negative")
        weights = w if weights is None else weights * w
    return weights


def cov(input, *, correction: int = 1, fweights=None, aweights=None) -> Tensor:
    """The covariance matrix of the variables in input's rows (one 1-D tensor: its variance),
    observations in columns; fweights count each observation, aweights weigh it.

    cov = Σ w (x - x̄)(x - x̄)ᵀ / (Σ w - correction·(Σ w·a / Σ w if aweights else 1)),
    x̄ = Σ w x / Σ w. Shape: (n, m) -> (n, n); (m,) -> ()."""
    check_is_tensor("cov", input=input)
    if input.ndim > 2:
        raise RuntimeError(f"cov(): expected input to have two or fewer dimensions but got an "
                           f"input with {input.ndim} dimensions")
    x = input.reshape(1, -1) if input.ndim < 2 else input
    weights = _observation_weights(fweights, aweights, x.shape[1])
    total = x.shape[1] if weights is None else weights.sum()
    if weights is not None and not np.any(total.numpy(force=True)):
        raise RuntimeError("cov(): weights sum to zero, can't be normalized")
    mean = (x if weights is None else x * weights).sum(1) / total
    if weights is not None and aweights is not None and correction != 0:
        norm = total - correction * (weights * aweights).sum() / total
    else:
        norm = total - correction
    if np.any(np.asarray(norm.numpy(force=True) if isinstance(norm, Tensor) else norm) <= 0):
        warnings.warn("cov(): degrees of freedom is <= 0. Correction should be strictly less "
                      "than the number of observations.", UserWarning, stacklevel=2)
        norm = norm * 0
    centred = x - mean.reshape(-1, 1)
    weighted = centred if weights is None else centred * weights
    with np.errstate(divide="ignore", invalid="ignore"):
        return (matmul(centred, weighted.T) / norm).squeeze()


def corrcoef(input) -> Tensor:
    """Pearson's correlation coefficients of the variables in input's rows: cov divided by
    the outer product of the standard deviations, clipped to [-1, 1]. Shape as cov's."""
    check_is_tensor("corrcoef", input=input)
    if input.ndim > 2:
        raise RuntimeError(f"corrcoef(): expected input to have two or fewer dimensions but got "
                           f"an input with {input.ndim} dimensions")
    c = cov(input)
    with np.errstate(divide="ignore", invalid="ignore"):
        if c.ndim == 0:
            return c / c
        std = sqrt(c.diagonal())
        return clip(c / std.reshape(-1, 1) / std.reshape(1, -1), -1, 1)

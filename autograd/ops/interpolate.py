"""Resizing (F.interpolate, nn.Upsample): nearest, linear/bilinear/trilinear, bicubic, area.

Every mode is separable: along each spatial dim, each output position is a weighted sum of
a few input positions (1 for nearest, 2 for linear, 4 for bicubic), so resizing is a
`Resample` along one dim after another. Source positions and weights are PyTorch's
(align_corners, scale_factor, the bicubic kernel with A = -0.75); 'area' is adaptive
average pooling.
"""
from __future__ import annotations

import math

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.adaptive_pooling import adaptive_avg
from autograd.ops.arguments import check_tensors
from autograd.tensor import Tensor

__all__ = ["Resample", "interpolate"]

_DIMS = {"linear": 1, "bilinear": 2, "bicubic": 2, "trilinear": 3}
MODES = ("nearest", "nearest-exact", "linear", "bilinear", "bicubic", "trilinear", "area")


class Resample(NumpyFunction):
    """y = A·x along `axis`, A (out, in) a sparse matrix given by its taps: row j holds
    weight[j, t] at column index[j, t]. Computed by gathering the taps (so an inf stays
    where it is); grad_x = Aᵀ·g along `axis` (one matrix product)."""

    formula = "matmul_along(interp_matrix(index, weight, size), a, axis)"
    derivatives = ("matmul_along(interp_matrix(index, weight, size).T, g, axis)", None, None, None)

    @staticmethod
    def forward(ctx, x, axis, index, weight):
        ctx.axis, ctx.index, ctx.weight, ctx.size = axis, index, weight, x.shape[axis]
        shape = (-1,) + (1,) * (x.ndim - 1 - axis)
        out = None
        for tap in range(index.shape[1]):
            part = np.take(x, index[:, tap], axis=axis)
            if weight is not None:
                part = part * weight[:, tap].reshape(shape)
            out = part if out is None else out + part
        return out

    @staticmethod
    def backward(ctx, grad):
        index, weight, axis = ctx.index, ctx.weight, ctx.axis
        matrix = np.zeros((index.shape[0], ctx.size), grad.dtype)
        rows = np.broadcast_to(np.arange(index.shape[0])[:, None], index.shape)
        np.add.at(matrix, (rows, index), 1 if weight is None else weight)
        moved = np.swapaxes(grad, axis, -1)
        return np.swapaxes(np.matmul(moved, matrix), axis, -1), None, None, None


# --- PyTorch's source positions, per dim ----------------------------------------------------

def _scale(size: int, out: int, align_corners: bool, scale_factor, dtype):
    """How far apart (in input positions) consecutive outputs are."""
    if align_corners:
        return dtype.type(size - 1) / dtype.type(out - 1) if out > 1 else dtype.type(0)
    if scale_factor is not None and scale_factor > 0:
        return dtype.type(1.0 / scale_factor)
    return dtype.type(size) / dtype.type(out)


def _nearest_taps(size: int, out: int, scale_factor, exact: bool):
    """Index of the input each output copies (computed in float32, as PyTorch)."""
    j = np.arange(out)
    if not exact and out == size:
        return j[:, None], None
    if not exact and out == 2 * size:
        return (j // 2)[:, None], None
    scale = _scale(size, out, False, scale_factor, np.dtype(np.float32))
    source = np.floor(((j + 0.5) if exact else j).astype(np.float32) * scale)
    return np.minimum(source.astype(np.int64), size - 1)[:, None], None


def _linear_taps(size: int, out: int, align_corners: bool, scale_factor, dtype):
    """The two inputs each output interpolates between, and their weights 1 - λ, λ."""
    scale = _scale(size, out, align_corners, scale_factor, dtype)
    j = np.arange(out).astype(dtype)
    source = scale * j if align_corners else np.maximum(scale * (j + dtype.type(0.5))
                                                        - dtype.type(0.5), 0)
    low = np.minimum(np.floor(source).astype(np.int64), size - 1)
    lam = np.clip(source - low, 0, 1).astype(dtype)
    high = low + (low < size - 1)
    return np.stack([low, high], 1), np.stack([1 - lam, lam], 1)


def _cubic_taps(size: int, out: int, align_corners: bool, scale_factor, dtype):
    """The four inputs around each output (clamped at the borders) and the cubic
    convolution weights with A = -0.75, as PyTorch's bicubic."""
    scale = _scale(size, out, align_corners, scale_factor, dtype)
    j = np.arange(out).astype(dtype)
    source = scale * j if align_corners else scale * (j + dtype.type(0.5)) - dtype.type(0.5)
    start = np.floor(source)
    t = (source - start).astype(dtype)
    a = dtype.type(-0.75)

    def near(x):  # |x| <= 1
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def far(x):  # 1 < |x| < 2
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a

    weight = np.stack([far(t + 1), near(t), near(1 - t), far(2 - t)], 1)
    index = np.clip(start.astype(np.int64)[:, None] + np.arange(-1, 3), 0, size - 1)
    return index, weight


# --- the function form ----------------------------------------------------------------------

def _output_sizes(input: Tensor, size, scale_factor, dims: int) -> tuple:
    """(output sizes, scale factors to compute positions with (None: from the sizes))."""
    spatial = input.shape[2:]
    if size is None and scale_factor is None:
        raise ValueError("either size or scale_factor should be defined")
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        sizes = tuple(size) if isinstance(size, (tuple, list)) else (size,) * dims
        if len(sizes) != dims:
            raise ValueError(f"Input and output must have the same number of spatial "
                             f"dimensions, but got input with spatial dimensions of "
                             f"{list(spatial)} and output size of {list(sizes)}. Please "
                             f"provide input tensor in (N, C, d1, d2, ...,dK) format and "
                             f"output size in (o1, o2, ...,oK) format.")
        if any(isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 1 for s in sizes):
            raise ValueError(f"interpolate: size must be positive ints, got {size!r}")
        return tuple(int(s) for s in sizes), (None,) * dims
    factors = (tuple(scale_factor) if isinstance(scale_factor, (tuple, list))
               else (scale_factor,) * dims)
    if len(factors) != dims:
        raise ValueError(f"Input and scale_factor must have the same number of spatial "
                         f"dimensions, but got input with spatial dimensions of "
                         f"{list(spatial)} and scale_factor of shape {list(factors)}. Please "
                         f"provide input tensor in (N, C, d1, d2, ...,dK) format and "
                         f"scale_factor in (s1, s2, ...,sK) format.")
    sizes = tuple(math.floor(float(n) * float(f)) for n, f in zip(spatial, factors))
    if min(sizes) < 1:
        raise ValueError(f"interpolate: scale_factor {scale_factor} makes an empty output "
                         f"from input size {list(spatial)}")
    return sizes, tuple(float(f) for f in factors)


def interpolate(input: Tensor, size=None, scale_factor=None, mode: str = "nearest",
                align_corners: bool | None = None, recompute_scale_factor: bool | None = None,
                antialias: bool = False) -> Tensor:
    """Resize the spatial dims of input (N, C, *spatial), 1 to 3 of them, as PyTorch's
    F.interpolate.

    Args:
        size: output spatial size (an int or one per dim), or
        scale_factor: multiplier(s) of the input size (output = floor(size·scale_factor)).
        mode: 'nearest', 'nearest-exact', 'linear' (3-D input), 'bilinear', 'bicubic'
            (4-D), 'trilinear' (5-D) or 'area' (adaptive average pooling).
        align_corners: for the interpolating modes, map the corner pixels' centres onto
            each other (True) or their edges (False, the default).
        recompute_scale_factor: compute positions from the sizes rather than scale_factor.
    Each output is a weighted sum of its 1, 2 or 4 nearest inputs along each dim.
    """
    check_tensors("interpolate", input=input)
    if mode not in MODES:
        raise NotImplementedError(f"Input Error: Only 3D, 4D and 5D input Tensors supported "
                                  f"(got {input.ndim}D) for the modes: {' | '.join(MODES)} "
                                  f"(got {mode})")
    if align_corners is not None and mode not in _DIMS:
        raise ValueError("align_corners option can only be set with the interpolating modes: "
                         "linear | bilinear | bicubic | trilinear")
    if antialias:
        raise NotImplementedError("interpolate: antialias=True is not supported")
    if input.ndim not in (3, 4, 5):
        raise NotImplementedError(f"Input Error: Only 3D, 4D and 5D input Tensors supported "
                                  f"(got {input.ndim}D) for the modes: {' | '.join(MODES)} "
                                  f"(got {mode})")
    dims = input.ndim - 2
    if mode in _DIMS and _DIMS[mode] != dims:
        raise NotImplementedError(f"Got {input.ndim}D input, but {mode} mode needs "
                                  f"{_DIMS[mode] + 2}D input")
    sizes, factors = _output_sizes(input, size, scale_factor, dims)
    if recompute_scale_factor:
        factors = (None,) * dims
    if mode == "area":
        return adaptive_avg(input, sizes, dims, f"adaptive_avg_pool{dims}d")
    if mode.startswith("nearest"):
        if input.dtype.kind not in "fiu":
            raise RuntimeError(f"interpolate: \"{input.dtype}\" input is not supported")
    elif input.dtype.kind != "f":
        raise RuntimeError(f"\"upsample_{mode}\" not implemented for '{input.dtype}' (use a "
                           "floating point input)")
    out = input
    for axis, (n, o, f) in enumerate(zip(input.shape[2:], sizes, factors), start=2):
        if mode.startswith("nearest"):
            index, weight = _nearest_taps(n, o, f, exact=mode == "nearest-exact")
        elif mode == "bicubic":
            index, weight = _cubic_taps(n, o, bool(align_corners), f, input.dtype)
        else:
            index, weight = _linear_taps(n, o, bool(align_corners), f, input.dtype)
        out = Resample.apply(out, axis, index, weight)
    return out

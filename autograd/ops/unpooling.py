"""Max unpooling: the partial inverse of max pooling, from its values and indices.

max_unpool puts each pooled value back at the flat position max pooling found it (its
`return_indices`), in a plane of the input's size, zeros elsewhere. Its gradient reads the
incoming gradient at those positions (`PlaneGather`), whose own gradient adds back.
"""
from __future__ import annotations

import numpy as np

from autograd.dtype_names import scalar_type_name
from autograd.function import NumpyFunction
from autograd.ops.arguments import check_is_tensor
from autograd.ops.pooling import PlaneGather, pool_tuple, whole_positions
from autograd.tensor import Tensor

__all__ = ["MaxUnpool", "max_unpool1d", "max_unpool2d", "max_unpool3d"]


class MaxUnpool(NumpyFunction):
    """Zeros of `shape` (N, C, *size) with x[n, c, j] written at flat position
    index[n, c, j] of plane (n, c) (a repeated position keeps one of its equal values).

    y.flat[index[j]] = x[j];  grad_x[j] = g.flat[index[j]] (as PyTorch, for every j).
    """

    formula, derivatives = "scatter_flat(a, index, c)", ("gather_flat(g, index)", None, None)

    @staticmethod
    def forward(ctx, x, index, shape):
        ctx.index = index
        out = np.zeros(int(np.prod(shape)), dtype=x.dtype)
        out[whole_positions(index, shape)] = x
        return out.reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        return PlaneGather.compute(grad, ctx.index), None, None


class MaxUnpool2D(MaxUnpool):
    node_name, op_name = "MaxUnpool2DBackward0", "MaxUnpool"  # PyTorch's names


class MaxUnpool3D(MaxUnpool):
    node_name, op_name = "MaxUnpool3DBackward0", "MaxUnpool"


_MAX_UNPOOLS = {1: MaxUnpool, 2: MaxUnpool2D, 3: MaxUnpool3D}


def _output_size(input: Tensor, kernel: tuple, stride: tuple, padding: tuple,
                 output_size) -> tuple:
    """PyTorch's unpooled size: (n - 1)·stride + kernel - 2·padding per dim, or output_size
    (the last `dims` of it) when it is within stride of that."""
    dims = len(kernel)
    default = tuple((n - 1) * s + k - 2 * p for n, s, k, p in
                    zip(input.shape[-dims:], stride, kernel, padding))
    if output_size is None:
        size = default
    else:
        size = tuple(int(n) for n in output_size)
        size = size[2:] if len(size) == dims + 2 else size
        if len(size) != dims:
            raise ValueError(f"output_size should be a sequence containing {dims} or {dims + 2} "
                             f"elements, but it has a length of '{len(output_size)}'")
        for d, (n, m, s) in enumerate(zip(size, default, stride)):
            if not m - s < n < m + s:
                raise ValueError(f'invalid output_size "{output_size}" (dim {d} must be between '
                                 f"{m - s} and {m + s})")
    for d, n in enumerate(size):
        if n < 0:
            raise ValueError("max_unpooling: output_size must contain non-negative spatial "
                             f"dimensions, but got output_size[{d}]={n}")
    return size


def _max_unpool(input, indices, kernel_size, stride, padding, output_size, dims: int,
                op: str) -> Tensor:
    check_is_tensor(op, input=input, indices=indices)
    kernel = pool_tuple(kernel_size, dims, "kernel_size", op)
    stride = kernel if stride is None else pool_tuple(stride, dims, "stride", op)
    padding = pool_tuple(padding, dims, "padding", op)
    size = _output_size(input, kernel, stride, padding, output_size)
    if input.ndim not in (dims + 1, dims + 2):
        raise RuntimeError(f"{op}: Input to max_unpooling should be a {dims + 1}d or "
                           f"{dims + 2}d Tensor, but got a tensor with {input.ndim} dimensions.")
    if indices.dtype != np.int64:
        raise RuntimeError(f"{op}: elements in indices should be type int64 but got: "
                           f"{scalar_type_name(indices.dtype)}")
    if indices.shape != input.shape:
        raise RuntimeError(f"{op}: Expected shape of indices to be same as that of the input "
                           f"tensor ({list(input.shape)}) but got indices tensor with shape: "
                           f"{list(indices.shape)}")
    if input.dtype.kind != "f":
        raise NotImplementedError(f"\"{op}\" not implemented for '{input.dtype}' (use a "
                                  "floating point input)")
    positions = indices.numpy(force=True)
    outside = positions[(positions < 0) | (positions >= int(np.prod(size)))]
    if outside.size:
        raise RuntimeError(f"{op}: Found an invalid max index: {outside[0]} (output volumes are "
                           f"of size {'x'.join(map(str, size))})")
    batched = input.ndim == dims + 2
    x = input if batched else input.unsqueeze(0)
    out = _MAX_UNPOOLS[dims].apply(x, positions.reshape(x.shape), x.shape[:2] + size)
    return out if batched else out.squeeze(0)


def max_unpool1d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0,
                 output_size=None) -> Tensor:
    """The values of max_pool1d(..., return_indices=True) put back where they were found:
    (N, C, L) or (C, L) -> (..., L_out), zeros elsewhere, with
    L_out = (L - 1)·stride - 2·padding + kernel_size, or output_size (within stride of it)."""
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 1,
                       "max_unpool1d")


def max_unpool2d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0,
                 output_size=None) -> Tensor:
    """The values of max_pool2d(..., return_indices=True) put back at their flat positions
    h·W_out + w: (N, C, H, W) or (C, H, W) -> (..., H_out, W_out), zeros elsewhere.

    Shape: H_out = (H - 1)·stride - 2·padding + kH, or output_size (within stride of it;
    a pooled odd size needs it to come back).
    """
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 2,
                       "max_unpool2d")


def max_unpool3d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0,
                 output_size=None) -> Tensor:
    """The values of max_pool3d(..., return_indices=True) put back at their flat positions:
    (N, C, D, H, W) or (C, D, H, W) -> (..., D_out, H_out, W_out), as max_unpool2d."""
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 3,
                       "max_unpool3d")

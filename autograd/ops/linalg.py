"""Matrix products: matmul (@), with batch broadcasting and PyTorch's 1-D rules."""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.dtypes import promote

__all__ = ["MatMul", "matmul"]


def _mT(x):
    return np.swapaxes(x, -1, -2)


class MatMul(NumpyFunction):
    """a @ b;  grad_a = g @ bᵀ,  grad_b = aᵀ @ g (a 1-D a is a row, a 1-D b a column)."""

    formula, derivatives = "a @ b", ("g @ b.T", "a.T @ g")

    @staticmethod
    def forward(ctx, a, b):
        a, b = promote(a, b)
        need_a, need_b = ctx.needs_input_grad
        ctx.save_for_backward(a if need_b else None, b if need_a else None)
        ctx.ndims = a.ndim, b.ndim
        return np.matmul(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        a_ndim, b_ndim = ctx.ndims
        if a_ndim == 1 and b_ndim == 1:
            return (grad * b if b is not None else None), (grad * a if a is not None else None)
        if a_ndim == 1:
            grad = np.expand_dims(grad, -2)
            a = np.expand_dims(a, 0) if a is not None else None
        if b_ndim == 1:
            grad = np.expand_dims(grad, -1)
            b = np.expand_dims(b, -1) if b is not None else None
        grad_a = np.matmul(grad, _mT(b)) if b is not None else None
        grad_b = np.matmul(_mT(a), grad) if a is not None else None
        if a_ndim == 1 and grad_a is not None:
            grad_a = np.squeeze(grad_a, -2)
        if b_ndim == 1 and grad_b is not None:
            grad_b = np.squeeze(grad_b, -1)
        return grad_a, grad_b


def matmul(input, other):
    """Matrix product with batch broadcasting (see MatMul)."""
    a_shape, b_shape = np.shape(getattr(input, "_data", input)), np.shape(getattr(other, "_data", other))
    if len(a_shape) == 0 or len(b_shape) == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are "
                           f"{len(a_shape)}D and {len(b_shape)}D")
    inner = b_shape[0] if len(b_shape) == 1 else b_shape[-2]
    if a_shape[-1] != inner:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a_shape} and "
                           f"{b_shape}): the last dim of the first ({a_shape[-1]}) must equal "
                           f"the {'only' if len(b_shape) == 1 else 'second-to-last'} dim of "
                           f"the second ({inner})")
    return MatMul.apply(input, other)

"""Matrix product."""
from __future__ import annotations

import numpy as np

from autograd.function import Function

__all__ = ["MatMul"]


class MatMul(Function):
    """Matrix product with batch broadcasting. f(a, b) = a @ b;  df/da = g @ bᵀ,  df/db = aᵀ @ g.

    1-D operands follow NumPy: a vector on the left is a row, on the right a column.
    """

    formula, derivatives = "a @ b", ("g @ bᵀ", "aᵀ @ g")

    @staticmethod
    def forward(ctx, a, b):
        a_shape, b_shape = np.shape(a), np.shape(b)
        if len(a_shape) == 0 or len(b_shape) == 0:
            raise ValueError(f"matmul: both operands need at least 1 dim, got shapes {a_shape} and {b_shape}")
        inner_b = b_shape[0] if len(b_shape) == 1 else b_shape[-2]
        if a_shape[-1] != inner_b:
            raise ValueError(
                f"matmul: shapes {a_shape} and {b_shape} do not align: {a_shape[-1]} (last dim of a) "
                f"!= {inner_b} ({'only' if len(b_shape) == 1 else 'second-to-last'} dim of b)")
        ctx.save_for_backward(a, b)
        return np.matmul(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        if a.ndim == 1 and b.ndim == 1:
            return (grad * b if need_a else None), (grad * a if need_b else None)
        if a.ndim == 1:
            grad_a = (grad.unsqueeze(-2) @ b.mT).squeeze(-2) if need_a else None
            grad_b = a.unsqueeze(-1) @ grad.unsqueeze(-2) if need_b else None
            return grad_a, grad_b
        if b.ndim == 1:
            grad_a = grad.unsqueeze(-1) @ b.unsqueeze(-2) if need_a else None
            grad_b = (a.mT @ grad.unsqueeze(-1)).squeeze(-1) if need_b else None
            return grad_a, grad_b
        return (grad @ b.mT if need_a else None), (a.mT @ grad if need_b else None)

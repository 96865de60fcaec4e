"""Affine maps: linear (x @ Wᵀ + b, one node) and bilinear (x1ᵀ A_k x2 + b_k)."""
from __future__ import annotations

import numpy as np

from autograd.dtype_names import DTYPES
from autograd.function import NumpyFunction
from autograd.ops.arguments import (
    TENSOR_LIKE, check_optional_tensors, check_tensors, not_a_tensor,
)
from autograd.tensor import Tensor

__all__ = ["Linear", "LinearAddmm", "LinearMm", "Bilinear", "linear", "bilinear"]


class Linear(NumpyFunction):
    """y = x @ Wᵀ + b;  grad_x = g @ W,  grad_W = gᵀ @ x,  grad_b = Σ g over the batch.

    x (*, in), W (out, in), b (out,) or None -> y (*, out). The batch dims are flattened
    into rows, so each product is one matrix multiplication and a whole layer one node.
    """

    formula, derivatives = "a @ b.T + c", ("g @ b", "g.T @ a", "sum(g, 0)")

    @staticmethod
    def forward(ctx, x, weight, bias):
        if x.dtype != weight.dtype or x.ndim == 0 or x.shape[-1] != weight.shape[1] or (
                bias is not None and (bias.dtype != weight.dtype or
                                      bias.shape not in ((), (1,), weight.shape[:1]))):
            _check_linear(x, weight, bias)
        need_x, need_weight, _ = ctx.needs_input_grad
        ctx.save_for_backward(x if need_weight else None, weight if need_x else None)
        ctx.x_shape = x.shape
        out = np.matmul(_rows(x), weight.T)
        if bias is not None:
            out += bias
        return out if x.ndim == 2 else out.reshape(x.shape[:-1] + (weight.shape[0],))

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        need_x, need_weight, need_bias = ctx.needs_input_grad
        rows = _rows(grad)
        grad_x = grad_weight = grad_bias = None
        if need_x:
            grad_x = rows @ weight
            grad_x = grad_x if len(ctx.x_shape) == 2 else np.reshape(grad_x, ctx.x_shape)
        if need_weight:
            grad_weight = rows.T @ _rows(x)
        if need_bias:
            grad_bias = np.add.reduce(rows, axis=0)  # np.sum's wrapper costs a microsecond
        return grad_x, grad_weight, grad_bias


def _rows(x):
    """x as a matrix of rows (*, n) -> (prod(*), n): arrays or Tensors."""
    return x if x.ndim == 2 else np.reshape(x, (-1, x.shape[-1]))


class LinearAddmm(Linear):
    """Linear of a matrix of rows with a bias, b + x @ Wᵀ (PyTorch's addmm)."""

    node_name = "AddmmBackward0"
    op_name = "Linear"


class LinearMm(Linear):
    """Linear of a matrix of rows without a bias, x @ Wᵀ (PyTorch's mm)."""

    node_name = "MmBackward0"
    op_name = "Linear"


class Bilinear(NumpyFunction):
    """y_k = x1ᵀ A_k x2 + b_k;  grad_x1 = Σ_k g_k A_k x2,  grad_x2 = Σ_k g_k A_kᵀ x1,
    grad_A_k = Σ_n g_nk x1_n x2_nᵀ,  grad_b = Σ_n g_n.

    x1 (N, in1), x2 (N, in2), A (out, in1, in2), b (out,) or None -> y (N, out).
    """

    formula = "sum(a[:, None, :, None]*c*b[:, None, None, :], (2, 3)) + d"
    derivatives = (
        "reshape(sum(transpose(c @ b.T, (2, 1, 0))*g[:, None, :], 2), a.shape)",
        "reshape(sum(transpose(a @ c, (1, 0, 2))*g[:, :, None], 1), b.shape)",
        "reshape(g.T @ reshape(a[:, :, None]*b[:, None, :], (a.shape[0], -1)), c.shape)",
        "sum(g, 0)")

    @staticmethod
    def forward(ctx, x1, x2, weight, bias):
        need_x1, need_x2, need_weight, _ = ctx.needs_input_grad
        ctx.save_for_backward(x1 if need_x2 or need_weight else None,
                              x2 if need_x1 or need_weight else None,
                              weight if need_x1 or need_x2 else None)
        out = _bilinear_form(x1, weight, x2)
        if bias is not None:
            out += bias
        return out

    @staticmethod
    def backward(ctx, grad):
        x1, x2, weight = ctx.saved_tensors
        need_x1, need_x2, need_weight, need_bias = ctx.needs_input_grad
        out_features = grad.shape[-1]
        grad_x1 = grad_x2 = grad_weight = grad_bias = None
        if need_x1:  # Σ_k g_nk (A_k x2_n): (N, out·in1) from A x2, then summed over k
            in1 = weight.shape[1]
            mixed = x2 @ np.reshape(np.swapaxes(weight, 0, 2), (weight.shape[2], -1))
            grad_x1 = np.sum(np.reshape(mixed, (-1, in1, out_features)) *
                             np.expand_dims(grad, 1), axis=2)
        if need_x2:
            in2 = weight.shape[2]
            mixed = x1 @ np.reshape(np.transpose(weight, (1, 2, 0)), (weight.shape[1], -1))
            grad_x2 = np.sum(np.reshape(mixed, (-1, in2, out_features)) *
                             np.expand_dims(grad, 1), axis=2)
        if need_weight:  # Σ_n g_nk x1_ni x2_nj = (gᵀ @ (x1 ⊗ x2)) reshaped
            outer = np.expand_dims(x1, 2) * np.expand_dims(x2, 1)
            grad_weight = np.reshape(grad.T @ np.reshape(outer, (outer.shape[0], -1)),
                                     (out_features, x1.shape[1], x2.shape[1]))
        if need_bias:
            grad_bias = np.sum(grad, axis=0)
        return grad_x1, grad_x2, grad_weight, grad_bias


def _bilinear_form(x1, weight, x2):
    """x1ᵀ A_k x2 for each row and k: (N, in1) @ (in1, out·in2), then Σ over in2 with x2."""
    out_features, in1, in2 = weight.shape
    mixed = x1 @ np.reshape(np.transpose(weight, (1, 0, 2)), (in1, out_features * in2))
    return np.sum(np.reshape(mixed, (-1, out_features, in2)) * np.expand_dims(x2, 1), axis=2)


def _dtype_check(op: str, **tensors) -> None:
    """PyTorch refuses mixed dtypes in a matrix product: every tensor given must agree."""
    dtypes = {name: t.dtype for name, t in tensors.items() if t is not None}
    if len(set(dtypes.values())) > 1:
        listed = ", ".join(f"{name} {DTYPES.get(dtype, dtype)}" for name, dtype in dtypes.items())
        raise RuntimeError(f"{op}: expected all tensors to have the same dtype, but got {listed}")


def _check_linear(x, weight, bias) -> None:
    """Raise PyTorch's error for arrays that `Linear` cannot take (weight is 2-D)."""
    _dtype_check("linear", input=x, weight=weight, bias=bias)
    if x.ndim == 0 or x.shape[-1] != weight.shape[-1]:
        raise RuntimeError(f"linear: mat1 and mat2 shapes cannot be multiplied: input of shape "
                           f"{tuple(x.shape)} needs {weight.shape[-1]} features in its last "
                           f"dim to match weight of shape {tuple(weight.shape)}")
    raise RuntimeError(f"linear: bias of shape {tuple(bias.shape)} does not match "
                       f"out_features={weight.shape[0]}")


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """y = input @ weightᵀ + bias, as `torch.nn.functional.linear`.

    Shape: input (*, in), weight (out, in) or (in,), bias (out,) or () -> (*, out)
    (no out dim for a 1-D weight).
    """
    if not (isinstance(input, TENSOR_LIKE) and isinstance(weight, TENSOR_LIKE)):
        raise not_a_tensor("linear", input=input, weight=weight)
    if bias is not None and not isinstance(bias, TENSOR_LIKE):
        raise not_a_tensor("linear", bias=bias)
    if weight.ndim == 2:  # the op's forward checks shapes and dtypes
        if input.ndim == 2:
            return (LinearMm if bias is None else LinearAddmm).apply(input, weight, bias)
        return Linear.apply(input, weight, bias)
    if weight.ndim != 1:
        raise RuntimeError(f"linear: weight must be 1-D or 2-D (out_features, in_features), "
                           f"got shape {tuple(weight.shape)}")
    _dtype_check("linear", input=input, weight=weight, bias=bias)
    out = Linear.apply(input, weight.reshape(1, -1), None).squeeze(-1)
    return out if bias is None else out + bias


def bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """y_k = input1ᵀ A_k input2 + b_k, as `torch.nn.functional.bilinear`.

    Shape: input1 (*, in1), input2 (*, in2), weight (out, in1, in2), bias (out,) -> (*, out).
    """
    check_tensors("bilinear", input1=input1, input2=input2, weight=weight)
    check_optional_tensors("bilinear", bias=bias)
    _dtype_check("bilinear", input1=input1, input2=input2, weight=weight, bias=bias)
    if weight.ndim != 3:
        raise RuntimeError(f"bilinear: weight must be 3-D (out, in1, in2), got shape "
                           f"{tuple(weight.shape)}")
    out_features, in1, in2 = weight.shape
    if (input1.ndim == 0 or input1.shape[-1] != in1 or input2.ndim == 0 or
            input2.shape[-1] != in2 or input1.shape[:-1] != input2.shape[:-1]):
        raise RuntimeError(f"bilinear: inputs of shapes {tuple(input1.shape)} and "
                           f"{tuple(input2.shape)} do not fit weight of shape "
                           f"{tuple(weight.shape)} (out, in1, in2): they need equal leading "
                           f"dims and last dims {in1} and {in2}")
    if bias is not None and bias.shape != (out_features,):
        raise RuntimeError(f"bilinear: bias of shape {tuple(bias.shape)} does not match "
                           f"out_features={out_features}")
    batch = input1.shape[:-1]
    out = Bilinear.apply(input1.reshape(-1, in1), input2.reshape(-1, in2), weight, bias)
    return out.reshape(*batch, out_features)

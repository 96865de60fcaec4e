"""Binary cross-entropy, each one node with its reduction inside: binary_cross_entropy on
probabilities and binary_cross_entropy_with_logits on raw scores (sigmoid fused in, stable)."""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import check_optional_tensors, check_tensors
from autograd.ops.loss_reduction import (
    as_target, loss_scale, optional_tensor, reduce_array, reduction_mode, scaled,
)
from autograd.tensor import Tensor

__all__ = ["BinaryCrossEntropy", "BinaryCrossEntropyWithLogits", "binary_cross_entropy",
           "binary_cross_entropy_with_logits"]


class BinaryCrossEntropy(NumpyFunction):
    """-w·(b·log a + (1 - b)·log(1 - a)) on probabilities a, each log clamped at -100;
    d/da = w·(a - b)/max(a(1 - a), 1e-12),  d/db = w·(log(1 - a) - log a). The derivative
    texts leave the clamps out: they only matter within about 1e-12 of 0 and 1."""

    formula = "-(b*log(a) + (1 - b)*log(1 - a))*(1 if c is None else c)"
    derivatives = ("(a - b)/(a*(1 - a))*(1 if c is None else c)*scale",
                   "(log(1 - a) - log(a))*(1 if c is None else c)*scale", None, None)

    @staticmethod
    def forward(ctx, p, y, weight, reduction):
        ctx.save_for_backward(p, y, weight)
        with np.errstate(divide="ignore"):
            losses = -(y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log1p(-p), -100))
        losses = losses if weight is None else losses * weight
        ctx.reduction, ctx.scale = reduction, loss_scale(reduction, losses.size)
        return reduce_array(losses, reduction)

    @staticmethod
    def backward(ctx, grad):
        p, y, weight = ctx.saved_tensors
        need_p, need_y = ctx.needs_input_grad[:2]
        g = scaled(grad, ctx) if weight is None else scaled(grad, ctx) * weight
        grad_p = grad_y = None
        if need_p:
            grad_p = g * (p - y) / np.maximum(p * (1 - p), 1e-12)
        if need_y:
            with np.errstate(divide="ignore"):
                grad_y = g * (np.maximum(np.log(1 - p), -100) - np.maximum(np.log(p), -100))
        return grad_p, grad_y, None, None


def _softplus(z):
    """log(1 + e**z) without overflow: max(z, 0) + log(1 + e**-|z|)."""
    return np.maximum(z, 0) + np.log(1 + np.exp(-np.abs(z)))


class BinaryCrossEntropyWithLogits(NumpyFunction):
    """(1 - b)·a + (1 + (p⁺ - 1)·b)·softplus(-a), times w: sigmoid and BCE as one stable node;
    d/da = w·((1 - b) - (1 + (p⁺ - 1)·b)·σ(-a))  (= σ(a) - b without p⁺),
    d/db = w·((p⁺ - 1)·softplus(-a) - a)."""

    _weights = "(1 if d is None else d)*scale"
    _softplus = "(where(a < 0, -a, 0) + log(1 + exp(-abs(a))))"  # softplus(-a)
    formula = ("((1 - b)*a + softplus(-a) if c is None else "
               "(1 - b)*a + (1 + (c - 1)*b)*softplus(-a))*(1 if d is None else d)")
    derivatives = (f"(sigmoid(a) - b if c is None else 1 - b - (1 + (c - 1)*b)*sigmoid(-a))"
                   f"*{_weights}",
                   f"(-a if c is None else (c - 1)*{_softplus} - a)*{_weights}",
                   None, None, None)

    @staticmethod
    def forward(ctx, x, y, pos_weight, weight, reduction):
        ctx.save_for_backward(x, y, pos_weight, weight)
        softplus = np.logaddexp(0, -x)
        losses = (1 - y) * x + (softplus if pos_weight is None else
                                (1 + (pos_weight - 1) * y) * softplus)
        losses = losses if weight is None else losses * weight
        ctx.reduction, ctx.scale = reduction, loss_scale(reduction, losses.size)
        return reduce_array(losses, reduction)

    @staticmethod
    def backward(ctx, grad):
        x, y, pos_weight, weight = ctx.saved_tensors
        need_x, need_y = ctx.needs_input_grad[:2]
        g = scaled(grad, ctx) if weight is None else scaled(grad, ctx) * weight
        grad_x = grad_y = None
        if need_x:
            with np.errstate(over="ignore"):  # e**x is inf past x ~ 88 (float32): sigmoid 0
                sigmoid = 1 / (np.exp(x) + 1)  # sigmoid(-x), computed as Sigmoid computes it
            grad_x = g * ((1 - y) - (sigmoid if pos_weight is None else
                                     (1 + (pos_weight - 1) * y) * sigmoid))
        if need_y:
            grad_y = g * (-x if pos_weight is None else (pos_weight - 1) * _softplus(-x) - x)
        return grad_x, grad_y, None, None, None


# --- function forms ---------------------------------------------------------------------------
def _not_differentiable(name: str, **tensors) -> None:
    for argument, value in tensors.items():
        if isinstance(value, Tensor) and value.requires_grad:
            raise RuntimeError(f"The function '{name}' is not differentiable with respect to "
                               f"argument '{argument}'. This input cannot have requires_grad "
                               "True.")


def _same_size(input: Tensor, target: Tensor) -> None:
    if input.shape != target.shape:
        raise ValueError(f"Using a target size ({target.shape}) that is different to the input "
                         f"size ({input.shape}) is deprecated. Please ensure they have the same "
                         "size.")


def binary_cross_entropy(input: Tensor, target, weight: Tensor | None = None, size_average=None,
                         reduce=None, reduction: str = "mean") -> Tensor:
    """Binary cross-entropy between probabilities `input` in [0, 1] and targets in [0, 1].

    l_i = -w_i·(y_i·ln p_i + (1 - y_i)·ln(1 - p_i)), each log clamped at -100 as PyTorch
    (so p = 0 or 1 gives a finite loss). Prefer `binary_cross_entropy_with_logits` on raw
    scores: it is stable without the clamp.

    Shape: input and target of the same shape; `weight` broadcastable to it; output scalar,
    or that shape for 'none'.
    """
    check_tensors("binary_cross_entropy", input=input, target=target)
    check_optional_tensors("binary_cross_entropy", weight=weight)
    reduction = reduction_mode(size_average, reduce, reduction)
    target = as_target(target, input, "binary_cross_entropy")
    weight = optional_tensor(weight)
    _same_size(input, target)
    _not_differentiable("binary_cross_entropy", weight=weight)
    for name, value in (("target", target), ("weight", weight)):
        if value is not None and value.dtype != input.dtype:
            raise RuntimeError(f"binary_cross_entropy: found dtype {value.dtype} for {name} but "
                               f"expected {input.dtype} (the input's dtype)")
    values = input.numpy(force=True)
    if values.size and not ((values >= 0) & (values <= 1)).all():
        raise RuntimeError("all elements of input should be between 0 and 1 (probabilities; "
                           "apply sigmoid first, or use binary_cross_entropy_with_logits)")
    return BinaryCrossEntropy.apply(input, target, weight, reduction)


def binary_cross_entropy_with_logits(input: Tensor, target, weight: Tensor | None = None,
                                     size_average=None, reduce=None, reduction: str = "mean",
                                     pos_weight: Tensor | None = None) -> Tensor:
    """Sigmoid and binary cross-entropy in one stable node, on raw scores (logits).

    l_i = -w_i·(p⁺·y_i·ln σ(x_i) + (1 - y_i)·ln(1 - σ(x_i))), computed with softplus so
    large |x| never overflows; `pos_weight` p⁺ (per class, broadcast over the last dim)
    weights the positive examples.

    Shape: input and target of the same shape (N, *); `weight` and `pos_weight`
    broadcastable to it (pos_weight usually (C,)); output scalar, or (N, *) for 'none'.
    """
    check_tensors("binary_cross_entropy_with_logits", input=input, target=target)
    check_optional_tensors("binary_cross_entropy_with_logits",
                           weight=weight, pos_weight=pos_weight)
    name = "binary_cross_entropy_with_logits"
    reduction = reduction_mode(size_average, reduce, reduction)
    target = as_target(target, input, name)
    if weight is not None or pos_weight is not None:
        weight, pos_weight = optional_tensor(weight), optional_tensor(pos_weight)
        _not_differentiable(name, weight=weight, pos_weight=pos_weight)
    _same_size(input, target)
    if input.dtype == target.dtype and input.dtype.kind == "f":
        return BinaryCrossEntropyWithLogits.apply(input, target, pos_weight, weight, reduction)
    if input.dtype.kind != "f":
        raise NotImplementedError(f'"{name}" not implemented for {input.dtype} input: logits '
                                  "must be floating point")
    if target.dtype.kind != "f":
        raise RuntimeError(f"{name}: result type {input.dtype} can't be cast to the desired "
                           f"output type {target.dtype} (use a floating-point target)")
    dtype = np.promote_types(input.dtype, target.dtype)
    input, target = input.to(dtype), target.to(dtype)
    return BinaryCrossEntropyWithLogits.apply(input, target, pos_weight, weight, reduction)

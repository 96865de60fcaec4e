"""Regression and binary losses, each one node with its reduction inside: mse_loss, l1_loss,
huber_loss, smooth_l1_loss, binary_cross_entropy, binary_cross_entropy_with_logits.

`reduction` is 'mean' (default), 'sum' or 'none' (the loss of every element). A reduced loss
is a 0-d tensor; its gradient is the elementwise one times `scale` (1/n for the mean).
"""
from __future__ import annotations

import warnings

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.activations import Sigmoid
from autograd.ops.arguments import check_optional_tensors, check_tensors
from autograd.ops.dtypes import promote
from autograd.tensor import Tensor

__all__ = ["MseLoss", "L1Loss", "HuberLoss", "SmoothL1Loss", "BinaryCrossEntropy",
           "BinaryCrossEntropyWithLogits", "mse_loss", "l1_loss", "huber_loss",
           "smooth_l1_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits",
           "reduction_mode", "reduce_array", "scaled"]


# --- reductions ---------------------------------------------------------------------------
def reduction_mode(size_average=None, reduce=None, reduction: str = "mean") -> str:
    """`reduction` checked, or PyTorch's reading of the deprecated size_average/reduce."""
    if size_average is not None or reduce is not None:
        size_average = True if size_average is None else size_average
        reduce = True if reduce is None else reduce
        reduction = "none" if not reduce else "mean" if size_average else "sum"
        warnings.warn(f"size_average and reduce args will be deprecated, please use "
                      f"reduction='{reduction}' instead.", UserWarning, stacklevel=3)
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction (use 'mean', 'sum' "
                         "or 'none')")
    return reduction


def reduce_array(losses: np.ndarray, reduction: str, divisor=None) -> np.ndarray:
    """The per-element losses summed, averaged (over `divisor`, default their count; nan
    when it is 0, as 0/0) or kept."""
    if reduction == "none":
        return losses
    total = losses.sum()
    if reduction == "sum":
        return np.asarray(total)
    divisor = losses.size if divisor is None else divisor
    return np.asarray(total / divisor if divisor else np.nan, losses.dtype)


def scaled(grad, ctx):
    """The incoming gradient times the reduction's factor (1/n for the mean)."""
    return grad if ctx.scale == 1 else grad * ctx.scale


def _scale(reduction: str, count: int) -> float:
    """What the mean multiplies by (nan for no elements, as 0/0); 1 for 'sum' and 'none'."""
    if reduction != "mean":
        return 1.0
    return 1.0 / count if count else float("nan")


# --- elementwise regression losses ----------------------------------------------------------
class _PointwiseLoss(NumpyFunction):
    """Base of the losses of d = input - target: a subclass gives `pointwise(d, param)` and
    `slope(d, param)`, both written for arrays and Tensors alike."""

    @staticmethod
    def forward(ctx, x, y, reduction, param):
        x, y = promote(x, y)
        if x.dtype.kind != "f":
            raise NotImplementedError(f'"{ctx.fn.__name__}" not implemented for {x.dtype}: '
                                      "the input or the target must be floating point")
        ctx.save_for_backward(x, y)
        ctx.reduction, ctx.param = reduction, param
        losses = ctx.fn.pointwise(x - y, param)
        ctx.scale = _scale(reduction, losses.size)
        return reduce_array(losses, reduction)

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        need_x, need_y = ctx.needs_input_grad[:2]
        slope = ctx.fn.slope(x - y, ctx.param) * scaled(grad, ctx)
        return (slope if need_x else None), (-slope if need_y else None), None, None


class MseLoss(_PointwiseLoss):
    """Squared error (a - b)²;  d/da = 2(a - b),  d/db = -2(a - b)."""

    formula, derivatives = "(a - b)**2", ("2*(a - b)*scale", "-2*(a - b)*scale", None, None)

    @staticmethod
    def pointwise(d, param):
        return d * d

    @staticmethod
    def slope(d, param):
        return 2 * d


class L1Loss(_PointwiseLoss):
    """Absolute error |a - b|;  d/da = sign(a - b) (0 where a = b),  d/db = -sign(a - b)."""

    formula, derivatives = "abs(a - b)", ("sign(a - b)*scale", "-sign(a - b)*scale", None, None)

    @staticmethod
    def pointwise(d, param):
        return np.abs(d)

    @staticmethod
    def slope(d, param):
        return np.sign(d)


class HuberLoss(_PointwiseLoss):
    """½d² where |d| < δ, else δ(|d| - ½δ), d = a - b;  d/da = clamp(d, -δ, δ)."""

    formula = "where(abs(a - b) < param, (a - b)**2/2, param*(abs(a - b) - param/2))"
    derivatives = ("where(abs(a - b) < param, a - b, param*sign(a - b))*scale",
                   "-where(abs(a - b) < param, a - b, param*sign(a - b))*scale", None, None)

    @staticmethod
    def pointwise(d, delta):
        size = np.abs(d)
        return np.where(size < delta, 0.5 * d * d, delta * (size - 0.5 * delta))

    @staticmethod
    def slope(d, delta):
        return np.where(np.abs(d) < delta, d, delta * np.sign(d))


class SmoothL1Loss(_PointwiseLoss):
    """½d²/β where |d| < β, else |d| - ½β, d = a - b;  d/da = clamp(d/β, -1, 1)."""

    formula = "where(abs(a - b) < param, (a - b)**2/(2*param), abs(a - b) - param/2)"
    derivatives = ("where(abs(a - b) < param, (a - b)/param, sign(a - b))*scale",
                   "-where(abs(a - b) < param, (a - b)/param, sign(a - b))*scale", None, None)

    @staticmethod
    def pointwise(d, beta):
        size = np.abs(d)
        return np.where(size < beta, (0.5 / beta) * d * d, size - 0.5 * beta)

    @staticmethod
    def slope(d, beta):
        return np.where(np.abs(d) < beta, d * (1 / beta), np.sign(d))


# --- binary cross-entropy -------------------------------------------------------------------
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
        ctx.reduction, ctx.scale = reduction, _scale(reduction, losses.size)
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
        ctx.reduction, ctx.scale = reduction, _scale(reduction, losses.size)
        return reduce_array(losses, reduction)

    @staticmethod
    def backward(ctx, grad):
        x, y, pos_weight, weight = ctx.saved_tensors
        need_x, need_y = ctx.needs_input_grad[:2]
        g = scaled(grad, ctx) if weight is None else scaled(grad, ctx) * weight
        grad_x = grad_y = None
        if need_x:
            sigmoid = Sigmoid.compute(-x)
            grad_x = g * ((1 - y) - (sigmoid if pos_weight is None else
                                     (1 + (pos_weight - 1) * y) * sigmoid))
        if need_y:
            grad_y = g * (-x if pos_weight is None else (pos_weight - 1) * _softplus(-x) - x)
        return grad_x, grad_y, None, None, None


# --- function forms ---------------------------------------------------------------------------
def _as_target(target, input: Tensor, name: str) -> Tensor:
    """The target as a Tensor (arrays and numbers take input's dtype when they are floats)."""
    if isinstance(target, Tensor):
        return target
    array = np.asarray(target)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name}: target must be a Tensor or a numeric array, got {array.dtype}")
    keep_input_dtype = array.dtype.kind == "f" and input.dtype.kind == "f"
    return Tensor(array, dtype=input.dtype if keep_input_dtype else None)


def _optional_tensor(value) -> Tensor | None:
    """None, or `value` as a Tensor (arrays and lists are accepted for weights)."""
    return value if value is None or isinstance(value, Tensor) else Tensor(np.asarray(value))


def _broadcast_warning(input: Tensor, target: Tensor) -> None:
    if input.shape != target.shape:
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input size "
                      f"({input.shape}). This will likely lead to incorrect results due to "
                      "broadcasting. Please ensure they have the same size.", UserWarning,
                      stacklevel=3)


def _pointwise(op, input: Tensor, target, reduction: str, param, weight, name: str,
               weighted_mean_over_weights: bool) -> Tensor:
    target = _as_target(target, input, name)
    _broadcast_warning(input, target)
    weight = _optional_tensor(weight)
    if weight is None:
        return op.apply(input, target, reduction, param)
    if weight.shape != input.shape:
        raise ValueError(f"{name}: weights and input must have the same size, got weight of "
                         f"shape {tuple(weight.shape)} and input of shape {tuple(input.shape)}")
    losses = op.apply(input, target, "none", param) * weight
    if reduction == "none":
        return losses
    if reduction == "sum" or not weighted_mean_over_weights:
        return losses.sum() if reduction == "sum" else losses.mean()
    return losses.sum() / weight.sum()


def mse_loss(input: Tensor, target, size_average=None, reduce=None, reduction: str = "mean",
             weight: Tensor | None = None) -> Tensor:
    """Mean squared error. l_i = (x_i - y_i)²;  dl/dx = 2(x - y) (over n for the mean).

    Shape: input and target of the same shape (they broadcast, with a warning); output
    scalar, or the broadcast shape for 'none'. With `weight` (input's shape) the mean is
    Σ w·l / Σ w.
    """
    check_tensors("mse_loss", input=input, target=target)
    check_optional_tensors("mse_loss", weight=weight)
    reduction = reduction_mode(size_average, reduce, reduction)
    return _pointwise(MseLoss, input, target, reduction, None, weight, "mse_loss", True)


def l1_loss(input: Tensor, target, size_average=None, reduce=None, reduction: str = "mean",
            weight: Tensor | None = None) -> Tensor:
    """Mean absolute error. l_i = |x_i - y_i|;  dl/dx = sign(x - y) (over n for the mean)."""
    check_tensors("l1_loss", input=input, target=target)
    check_optional_tensors("l1_loss", weight=weight)
    reduction = reduction_mode(size_average, reduce, reduction)
    target = _as_target(target, input, "l1_loss")
    if input.dtype == np.bool_ or target.dtype == np.bool_:
        raise RuntimeError("l1_loss: Subtraction, the `-` operator, with a bool tensor is not "
                           "supported; convert it first, e.g. x.float()")
    if np.result_type(input.dtype, target.dtype).kind != "f":  # integers: computed, no gradient
        if reduction == "mean":
            raise RuntimeError(f"mean(): could not infer output dtype. Input dtype must be "
                               f"either a floating point or complex dtype. Got: {input.dtype}")
        _broadcast_warning(input, target)
        losses = (input - target).abs()
        return losses.sum() if reduction == "sum" else losses
    return _pointwise(L1Loss, input, target, reduction, None, weight, "l1_loss", True)


def huber_loss(input: Tensor, target, reduction: str = "mean", delta: float = 1.0,
               weight: Tensor | None = None) -> Tensor:
    """Huber loss. l_i = ½d² if |d| < δ else δ(|d| - ½δ), d = x_i - y_i;
    dl/dx = clamp(d, -δ, δ). With `weight` the mean is the mean of w·l."""
    check_tensors("huber_loss", input=input, target=target)
    check_optional_tensors("huber_loss", weight=weight)
    reduction = reduction_mode(None, None, reduction)
    target = _as_target(target, input, "huber_loss")
    if input.dtype.kind != "f" and target.dtype.kind == "f":
        raise RuntimeError(f"huber_loss: result type Float can't be cast to the desired output "
                           f"type {input.dtype} (input must be floating point)")
    if not delta > 0:
        raise RuntimeError(f"huber_loss does not support non-positive values for delta, got "
                           f"{delta!r}")
    return _pointwise(HuberLoss, input, target, reduction, float(delta), weight, "huber_loss",
                      False)


def smooth_l1_loss(input: Tensor, target, size_average=None, reduce=None,
                   reduction: str = "mean", beta: float = 1.0) -> Tensor:
    """Smooth L1. l_i = ½d²/β if |d| < β else |d| - ½β, d = x_i - y_i (β = 0: the L1 loss);
    dl/dx = clamp(d/β, -1, 1)."""
    check_tensors("smooth_l1_loss", input=input, target=target)
    reduction = reduction_mode(size_average, reduce, reduction)
    if beta < 0:
        raise RuntimeError(f"smooth_l1_loss does not support negative values for beta, got "
                           f"{beta!r}")
    if beta == 0:
        return l1_loss(input, target, reduction=reduction)
    return _pointwise(SmoothL1Loss, input, target, reduction, float(beta), None,
                      "smooth_l1_loss", False)


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
    target = _as_target(target, input, "binary_cross_entropy")
    weight = _optional_tensor(weight)
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
    target = _as_target(target, input, name)
    if weight is not None or pos_weight is not None:
        weight, pos_weight = _optional_tensor(weight), _optional_tensor(pos_weight)
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

"""Regression losses, each one node with its reduction inside: mse_loss, l1_loss, huber_loss,
smooth_l1_loss. (Binary cross-entropy is in binary_cross_entropy.py, the reductions they share
in loss_reduction.py.)
"""
from __future__ import annotations

import warnings

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import check_optional_tensors, check_tensors
from autograd.ops.dtypes import promote
from autograd.ops.loss_reduction import (
    as_target, loss_scale, optional_tensor, reduce_array, reduction_mode, scaled,
)
from autograd.tensor import Tensor

__all__ = ["MseLoss", "L1Loss", "HuberLoss", "SmoothL1Loss", "mse_loss", "l1_loss",
           "huber_loss", "smooth_l1_loss"]


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
        ctx.scale = loss_scale(reduction, losses.size)
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


# --- function forms ---------------------------------------------------------------------------
def _broadcast_warning(input: Tensor, target: Tensor) -> None:
    if input.shape != target.shape:
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input size "
                      f"({input.shape}). This will likely lead to incorrect results due to "
                      "broadcasting. Please ensure they have the same size.", UserWarning,
                      stacklevel=3)


def _pointwise(op, input: Tensor, target, reduction: str, param, weight, name: str,
               weighted_mean_over_weights: bool) -> Tensor:
    target = as_target(target, input, name)
    _broadcast_warning(input, target)
    weight = optional_tensor(weight)
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
    target = as_target(target, input, "l1_loss")
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
    target = as_target(target, input, "huber_loss")
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

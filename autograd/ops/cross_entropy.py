"""Classification losses over a class dim (dim 1): nll_loss, and cross_entropy fused with
log-softmax into one node whose gradient is the course's p - y.

Both read the target through q, the per-class coefficient of -log p:
l_i = -Σ_c q_ic·log p_ic. For a class-index target, q_i is the one-hot row of y_i times its
class weight w_{y_i} (zero where y_i = ignore_index), and the mean divides by Σ_i w_{y_i};
for class probabilities, q = w·y and the mean divides by the number of rows.
`label_smoothing` ε mixes ε/C into every class, as PyTorch.
"""
from __future__ import annotations

import numbers

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import check_optional_tensors, check_tensors
from autograd.ops.loss_reduction import reduce_array, reduction_mode
from autograd.ops.softmax import LogSoftmax, Softmax, _finite_max
from autograd.tensor import Tensor

__all__ = ["NllLoss", "NllLoss2d", "CrossEntropy", "CrossEntropy2d", "nll_loss", "cross_entropy"]


def _index_coefficients(target: np.ndarray, shape: tuple, dtype, weight, ignore_index: int,
                        smoothing: float) -> tuple:
    """q (input's shape) and the mean's divisor for class-index targets:
    q_ic = m_i·((1 - ε)·w_{y_i}·1[c = y_i] + ε/C·w_c), m_i = 0 where y_i = ignore_index."""
    n_classes = shape[1]
    target = target.astype(np.int64, copy=False)
    keep = target != ignore_index
    every = keep.all()
    labels = target if every else np.where(keep, target, 0)
    if labels.size and labels.view(np.uint64).max() >= n_classes:  # negatives are huge
        bad = labels[(labels < 0) | (labels >= n_classes)][0]
        raise IndexError(f"Target {bad} is out of bounds (class indices must be in [0, "
                         f"{n_classes}) for an input with {n_classes} classes).")
    class_shape = (1, n_classes) + (1,) * (len(shape) - 2)
    q = (labels.reshape(labels.shape[:1] + (1,) + labels.shape[1:]) ==
         np.arange(n_classes).reshape(class_shape)).astype(dtype)
    if weight is None and not smoothing and every:
        return q, labels.size  # one-hot rows
    picked = keep.astype(dtype) if weight is None else weight[labels] * keep
    q *= np.expand_dims(picked, 1) * (1 - smoothing)
    if smoothing:
        spread = np.full(class_shape, smoothing / n_classes, dtype)
        q += (spread if weight is None else spread * weight.reshape(class_shape)) * \
            np.expand_dims(keep, 1)
    return q, picked.sum()


def _probability_coefficients(target, smoothing: float, class_weight):
    """q = w·((1 - ε)·y + ε/C) for class-probability targets (arrays or Tensors)."""
    n_classes = target.shape[1]
    q = target * (1 - smoothing) + smoothing / n_classes if smoothing else target
    return q if class_weight is None else q * class_weight


def _per_row(grad, ctx):
    """The incoming gradient shaped to broadcast against (N, C, ...): per row for 'none',
    else the scalar times the reduction's factor."""
    if ctx.reduction == "none":
        return np.expand_dims(grad, 1)
    return grad * ctx.scale


class NllLoss(NumpyFunction):
    """-Σ_c q_ic·a_ic (= -w_{y_i}·a[i, y_i]) on log-probabilities a;  d/da = -q·scale."""

    formula = "-sum(q*a, 1)"
    derivatives = ("-q*(g[:, None] if reduction == 'none' else g*scale)", None, None, None, None)

    @staticmethod
    def forward(ctx, log_probs, target, weight, ignore_index, reduction):
        q, total_weight = _index_coefficients(target, log_probs.shape, log_probs.dtype, weight,
                                              ignore_index, 0.0)
        ctx.q, ctx.reduction = q, reduction
        ctx.scale = (1 / total_weight if total_weight else np.nan) if reduction == "mean" else 1
        losses = -np.sum(q * log_probs, axis=1)
        return reduce_array(losses, reduction, total_weight)

    @staticmethod
    def backward(ctx, grad):
        return _per_row(grad, ctx) * -ctx.q, None, None, None, None


class NllLoss2d(NllLoss):
    """NllLoss of an input with dims after the classes, (N, C, d1, ...) (PyTorch's
    NllLoss2DBackward0)."""

    node_name = "NllLoss2DBackward0"
    op_name = "NllLoss"


class CrossEntropy(NumpyFunction):
    """-Σ_c q_ic·log softmax(a_i)_c in one node (log-softmax over dim 1, then NLL);
    d/da_i = (softmax(a_i)·Σ_c q_ic - q_i)·scale (= p - y for one-hot rows),
    d/dy = -(1 - ε)·w·log softmax(a)·scale for class-probability targets. Named as the last
    node of PyTorch's cross_entropy for class indices: NllLossBackward0."""

    node_name = "NllLossBackward0"
    _g = "(g[:, None] if reduction == 'none' else g*scale)"
    formula = "-sum(q*log(softmax(a, 1)), 1)"
    derivatives = (f"(softmax(a, 1)*q_total - q)*{_g}",
                   f"-(1 - label_smoothing)*log(softmax(a, 1))"
                   f"*(1 if class_weight is None else class_weight)*{_g}", None, None, None, None)

    @staticmethod
    def forward(ctx, logits, target, weight, ignore_index, label_smoothing, reduction):
        shifted = logits - _finite_max(logits, (1,))
        exp = np.exp(shifted)
        total = exp.sum(axis=1, keepdims=True)
        log_probs = shifted - np.log(total)
        need_target = ctx.needs_input_grad[1]
        if target.dtype.kind == "f":
            class_weight = None if weight is None else \
                weight.reshape((1, -1) + (1,) * (logits.ndim - 2))
            q = _probability_coefficients(target, label_smoothing, class_weight)
            divisor = logits.size // logits.shape[1]
            ctx.q_total = q.sum(axis=1, keepdims=True)
            ctx.class_weight = class_weight
        else:
            q, divisor = _index_coefficients(target, logits.shape, logits.dtype, weight,
                                             ignore_index, label_smoothing)
            ctx.class_weight = None
            one_hot_rows = weight is None and not label_smoothing and \
                divisor == q.size // q.shape[1]
            ctx.q_total = 1 if one_hot_rows else q.sum(axis=1, keepdims=True)
        ctx.save_for_backward(logits, target if need_target else None, exp / total,
                              log_probs if need_target else None)
        ctx.q, ctx.reduction, ctx.label_smoothing = q, reduction, label_smoothing
        ctx.scale = (1 / divisor if divisor else np.nan) if reduction == "mean" else 1
        losses = q * log_probs
        np.negative(losses, out=losses)
        return reduce_array(losses.sum(axis=1) if reduction == "none" else losses, reduction,
                            divisor)

    @staticmethod
    def backward(ctx, grad):
        logits, target, probs, log_probs = ctx.saved_tensors
        need_logits, need_target = ctx.needs_input_grad[:2]
        q, q_total = ctx.q, ctx.q_total
        if isinstance(logits, Tensor):  # create_graph: p and q as functions of the inputs
            probs = Softmax.compute(logits, 1)
            log_probs = LogSoftmax.compute(logits, 1) if need_target else None
            if isinstance(target, Tensor):
                q = _probability_coefficients(target, ctx.label_smoothing, ctx.class_weight)
                q_total = np.sum(q, axis=1, keepdims=True)
        g = _per_row(grad, ctx)
        grad_logits = g * (probs * q_total - q) if need_logits else None
        grad_target = None
        if need_target:
            weight = 1 if ctx.class_weight is None else ctx.class_weight
            grad_target = g * log_probs * (-(1 - ctx.label_smoothing) * weight)
        return grad_logits, grad_target, None, None, None, None


class CrossEntropy2d(CrossEntropy):
    """CrossEntropy of an input with dims after the classes, (N, C, d1, ...) (named as
    PyTorch's NllLoss2DBackward0)."""

    node_name = "NllLoss2DBackward0"
    op_name = "CrossEntropy"


# --- function forms ---------------------------------------------------------------------------
def _check_input(input: Tensor, name: str) -> np.ndarray:
    """The input's array, checked: floating point, at least 1-D."""
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}: input must be a Tensor, got {type(input).__name__}")
    scores = input.numpy(force=True)
    if scores.dtype.kind != "f":
        raise NotImplementedError(f'"{name}" not implemented for {input.dtype} input: scores '
                                  "must be floating point")
    if scores.ndim == 0:
        raise ValueError(f"{name}: input must have shape (C,), (N, C) or (N, C, d1, ...), got "
                         "a 0-d tensor")
    return scores


def _as_target(target) -> Tensor:
    return target if isinstance(target, Tensor) else Tensor(np.asarray(target))


def _check_index_target(scores: np.ndarray, target: Tensor, name: str) -> None:
    labels = target.numpy(force=True)
    if labels.dtype != np.int64 and labels.dtype != np.uint8:
        raise RuntimeError(f"{name}: expected target dtype to be Long or Byte (int64 or uint8 "
                           f"class indices), but got {target.dtype}")
    if scores.ndim == 1:
        if labels.ndim != 0:
            raise RuntimeError(f"{name}: for an unbatched input of shape {scores.shape} "
                               f"the target must be 0-d, got shape {labels.shape}")
        return
    if labels.ndim == 0 or labels.shape[0] != scores.shape[0]:
        raise ValueError(f"Expected input batch_size ({scores.shape[0]}) to match target "
                         f"batch_size ({labels.shape[0] if labels.ndim else 0}).")
    if labels.shape[1:] != scores.shape[2:]:
        raise RuntimeError(f"{name}: input and target batch or spatial sizes don't match: "
                           f"target {list(labels.shape)}, input {list(scores.shape)}")


def _check_weight(weight, input: Tensor, name: str):
    if weight is None:
        return None
    weight = weight if isinstance(weight, Tensor) else Tensor(np.asarray(weight))
    n_classes = input.shape[0 if input.ndim == 1 else 1]
    if weight.shape != (n_classes,):
        raise RuntimeError(f"weight tensor should be defined either for all {n_classes} classes "
                           f"or no classes but got weight tensor of shape: "
                           f"{list(weight.shape)}")
    if weight.requires_grad:
        raise RuntimeError(f"The function '{name}' is not differentiable with respect to "
                           "argument 'weight'. This input cannot have requires_grad True.")
    if weight.dtype != input.dtype:
        raise RuntimeError(f"{name}: expected weight of dtype {input.dtype} (the input's), but "
                           f"found {weight.dtype}")
    return weight


def _batched(input: Tensor, target: Tensor) -> tuple:
    """An unbatched (C,) input and its target as a batch of one."""
    if input.ndim != 1:
        return input, target, False
    return input.unsqueeze(0), target.unsqueeze(0), True


def nll_loss(input: Tensor, target, weight: Tensor | None = None, size_average=None,
             ignore_index: int = -100, reduce=None, reduction: str = "mean") -> Tensor:
    """Negative log-likelihood: l_i = -w_{y_i}·input[i, y_i] on log-probabilities.

    Use after `log_softmax(dim=1)`; `cross_entropy` does both in one node. The mean
    divides by Σ_i w_{y_i} over the targets that are not `ignore_index`, as PyTorch.

    Shape: input (N, C) or (N, C, d1, ...) (or (C,)); target (N,) or (N, d1, ...) of class
    indices in [0, C) (int64 or uint8); weight (C,); output scalar, or (N, d1, ...) for 'none'.
    """
    check_tensors("nll_loss", input=input, target=target)
    check_optional_tensors("nll_loss", weight=weight)
    reduction = reduction_mode(size_average, reduce, reduction)
    scores = _check_input(input, "nll_loss")
    target = _as_target(target)
    _check_index_target(scores, target, "nll_loss")
    weight = _check_weight(weight, input, "nll_loss")
    input, target, unbatched = _batched(input, target)
    op = NllLoss2d if input.ndim > 2 else NllLoss
    out = op.apply(input, target, weight, int(ignore_index), reduction)
    return out.squeeze(0) if unbatched and reduction == "none" else out


def cross_entropy(input: Tensor, target, weight: Tensor | None = None, size_average=None,
                  ignore_index: int = -100, reduce=None, reduction: str = "mean",
                  label_smoothing: float = 0.0) -> Tensor:
    """Cross-entropy of raw scores (logits) against class indices or class probabilities.

    One fused node: log-softmax over dim 1, then the negative log-likelihood; its gradient
    is (softmax(x) - y)/N for the mean (the course's p - y). With `label_smoothing` ε the
    target becomes (1 - ε)·y + ε/C. Class-index targets may use `weight` (C,) (the mean then
    divides by Σ w_{y_i}) and `ignore_index`; probability targets divide the mean by N.

    Shape: input (N, C) or (N, C, d1, ...) (or (C,)); target (N,) or (N, d1, ...) of class
    indices (int64), or input's shape with class probabilities (float); output scalar, or
    (N, d1, ...) for 'none'.

    Example:
        >>> logits = randn(4, 3, requires_grad=True)
        >>> cross_entropy(logits, tensor([0, 2, 1, 2])).backward()
    """
    check_tensors("cross_entropy", input=input, target=target)
    check_optional_tensors("cross_entropy", weight=weight)
    name = "cross_entropy"
    reduction = reduction_mode(size_average, reduce, reduction)
    scores = _check_input(input, name)
    if not isinstance(label_smoothing, numbers.Real) or not 0 <= label_smoothing <= 1:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    target = _as_target(target)
    if target.numpy(force=True).shape == scores.shape:
        if target.dtype.kind != "f":
            raise RuntimeError(f"Expected floating point type for target with class "
                               f"probabilities, got {target.dtype}")
        if ignore_index != -100:
            raise RuntimeError("ignore_index is not supported for floating point target")
        dtype = np.promote_types(input.dtype, target.dtype)
        input, target = input.to(dtype), target.to(dtype)
    else:
        _check_index_target(scores, target, name)
    weight = _check_weight(weight, input, name)
    input, target, unbatched = _batched(input, target)
    op = CrossEntropy2d if input.ndim > 2 else CrossEntropy
    out = op.apply(input, target, weight, int(ignore_index), float(label_smoothing), reduction)
    return out.squeeze(0) if unbatched and reduction == "none" else out

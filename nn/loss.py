"""Loss modules: MSELoss, L1Loss, HuberLoss, SmoothL1Loss, BCELoss, BCEWithLogitsLoss,
NLLLoss, CrossEntropyLoss.

Each wraps its function form (autograd/ops/loss.py, binary_cross_entropy.py and
cross_entropy.py, also in `nn.functional`), as in PyTorch: `CrossEntropyLoss()(input,
target)` is `cross_entropy(input, target)`. `reduction` is 'mean' (default), 'sum' or
'none'; class weights are buffers, so they are in the state dict.
"""
from __future__ import annotations

import numpy as np

from autograd import Tensor
from autograd.ops import (
    binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy, huber_loss, l1_loss,
    mse_loss, nll_loss, smooth_l1_loss,
)
from autograd.ops.loss_reduction import reduction_mode
from nn.checks import check_int, check_number
from nn.module import Module

__all__ = ["MSELoss", "L1Loss", "HuberLoss", "SmoothL1Loss", "BCELoss", "BCEWithLogitsLoss",
           "NLLLoss", "CrossEntropyLoss"]


class _Loss(Module):
    """Base of the loss modules: holds `reduction` (size_average/reduce read as PyTorch)."""

    def __init__(self, size_average=None, reduce=None, reduction: str = "mean") -> None:
        super().__init__()
        self.reduction = reduction_mode(size_average, reduce, reduction)

    def _register_weight(self, name: str, value) -> None:
        """Keep `value` (None, a Tensor or array-like) as a buffer, so it is in state_dict."""
        if value is not None and not isinstance(value, Tensor):
            try:
                value = Tensor(np.asarray(value, dtype=np.float32))
            except (TypeError, ValueError):
                raise TypeError(f"{type(self).__name__}: {name} must be a Tensor (or an array "
                                f"of numbers) or None, got {value!r}") from None
        self.register_buffer(name, value)


class MSELoss(_Loss):
    """Mean squared error, `mse_loss`. Shape: input and target (*), output () or (*)."""

    def forward(self, input: Tensor, target) -> Tensor:
        return mse_loss(input, target, reduction=self.reduction)


class L1Loss(_Loss):
    """Mean absolute error, `l1_loss`. Shape: input and target (*), output () or (*)."""

    def forward(self, input: Tensor, target) -> Tensor:
        return l1_loss(input, target, reduction=self.reduction)


class HuberLoss(_Loss):
    """Huber loss with threshold `delta`, `huber_loss`. Shape: input and target (*)."""

    def __init__(self, reduction: str = "mean", delta: float = 1.0) -> None:
        super().__init__(reduction=reduction)
        self.delta = check_number("HuberLoss", "delta", delta, 0.0, open_low=True)

    def forward(self, input: Tensor, target) -> Tensor:
        return huber_loss(input, target, self.reduction, self.delta)


class SmoothL1Loss(_Loss):
    """Smooth L1 loss with threshold `beta`, `smooth_l1_loss` (Huber divided by beta)."""

    def __init__(self, size_average=None, reduce=None, reduction: str = "mean",
                 beta: float = 1.0) -> None:
        super().__init__(size_average, reduce, reduction)
        self.beta = check_number("SmoothL1Loss", "beta", beta, 0.0)

    def forward(self, input: Tensor, target) -> Tensor:
        return smooth_l1_loss(input, target, reduction=self.reduction, beta=self.beta)


class BCELoss(_Loss):
    """Binary cross-entropy on probabilities, `binary_cross_entropy`. Shape: (*) and (*)."""

    def __init__(self, weight=None, size_average=None, reduce=None,
                 reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self._register_weight("weight", weight)

    def forward(self, input: Tensor, target) -> Tensor:
        return binary_cross_entropy(input, target, self.weight, reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy on logits (stable), `binary_cross_entropy_with_logits`.

    Shape: input and target (N, *); `pos_weight` broadcastable to them, e.g. (C,).
    """

    def __init__(self, weight=None, size_average=None, reduce=None, reduction: str = "mean",
                 pos_weight=None) -> None:
        super().__init__(size_average, reduce, reduction)
        self._register_weight("weight", weight)
        self._register_weight("pos_weight", pos_weight)

    def forward(self, input: Tensor, target) -> Tensor:
        return binary_cross_entropy_with_logits(input, target, self.weight,
                                                reduction=self.reduction,
                                                pos_weight=self.pos_weight)


class NLLLoss(_Loss):
    """Negative log-likelihood on log-probabilities, `nll_loss`.

    Shape: input (N, C) or (N, C, d1, ...); target (N,) or (N, d1, ...) class indices.
    """

    def __init__(self, weight=None, size_average=None, ignore_index: int = -100, reduce=None,
                 reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self._register_weight("weight", weight)
        self.ignore_index = check_int("NLLLoss", "ignore_index", ignore_index, low=None)

    def forward(self, input: Tensor, target) -> Tensor:
        return nll_loss(input, target, self.weight, ignore_index=self.ignore_index,
                        reduction=self.reduction)


class CrossEntropyLoss(_Loss):
    """Softmax cross-entropy on logits in one fused node, `cross_entropy` (gradient p - y).

    Shape: input (N, C) or (N, C, d1, ...); target (N,) or (N, d1, ...) class indices, or
    class probabilities of input's shape.

    Example:
        >>> loss_fn = CrossEntropyLoss(label_smoothing=0.1)
        >>> loss = loss_fn(model(x), y); loss.backward()
    """

    def __init__(self, weight=None, size_average=None, ignore_index: int = -100, reduce=None,
                 reduction: str = "mean", label_smoothing: float = 0.0) -> None:
        super().__init__(size_average, reduce, reduction)
        self._register_weight("weight", weight)
        self.ignore_index = check_int("CrossEntropyLoss", "ignore_index", ignore_index, low=None)
        self.label_smoothing = check_number("CrossEntropyLoss", "label_smoothing",
                                            label_smoothing)  # its range: at forward, as torch

    def forward(self, input: Tensor, target) -> Tensor:
        return cross_entropy(input, target, self.weight, ignore_index=self.ignore_index,
                             reduction=self.reduction, label_smoothing=self.label_smoothing)

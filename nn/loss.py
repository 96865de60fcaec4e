"""Losses: MSE, L1, Huber, binary cross-entropy (probabilities, logits), NLL, cross-entropy.

Each loss exists twice, as in PyTorch: a function (`cross_entropy(input, target)`, also in
`nn.functional`) and a module (`CrossEntropyLoss()(input, target)`). `reduction` is
'mean' (default), 'sum' or 'none' (the per-element losses). Cross-entropy is one fused node
whose backward is the course's `p - y`; the binary cross-entropies are fused elementwise
nodes, numerically stable as PyTorch's.
"""
from __future__ import annotations

import numpy as np

from autograd import Function, Tensor, is_grad_enabled, where
from nn.module import Module

__all__ = [
    "mse_loss", "l1_loss", "huber_loss", "binary_cross_entropy",
    "binary_cross_entropy_with_logits", "nll_loss", "cross_entropy",
    "MSELoss", "L1Loss", "HuberLoss", "BCELoss", "BCEWithLogitsLoss", "NLLLoss",
    "CrossEntropyLoss", "CrossEntropy", "NLL", "BinaryCrossEntropy",
    "BinaryCrossEntropyWithLogits",
]

_REDUCTIONS = ("mean", "sum", "none")


# --- helpers -----------------------------------------------------------------------------
def _check_reduction(reduction: str, name: str) -> None:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{name}: reduction must be 'mean', 'sum' or 'none', got {reduction!r}")


def _reduce(loss: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def _as_tensor(value, name: str, like: Tensor) -> Tensor:
    """A Tensor for `value` (arrays and numbers take `like`'s float dtype)."""
    if isinstance(value, Tensor):
        return value
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a Tensor or numeric array, got dtype {array.dtype}")
    return Tensor(array, dtype=like.dtype)


def _check_input(input, name: str) -> None:
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}: input must be a Tensor, got {type(input).__name__}")


def _check_same_shape(input: Tensor, target: Tensor, name: str) -> None:
    if input.shape != target.shape:
        raise ValueError(f"{name}: input of shape {input.shape} and target of shape "
                         f"{target.shape} must have the same shape (reshape one of them; "
                         "e.g. an (N, 1) output against an (N,) target would broadcast to (N, N))")


# --- regression losses (composed from Tensor ops) ----------------------------------------
def mse_loss(input: Tensor, target, reduction: str = "mean") -> Tensor:
    """Mean squared error. l_i = (x_i - y_i)²;  dl/dx = 2(x - y).

    Shape: input and target of the same shape; output scalar, or that shape for 'none'.
    """
    _check_input(input, "mse_loss")
    _check_reduction(reduction, "mse_loss")
    target = _as_tensor(target, "mse_loss: target", input)
    _check_same_shape(input, target, "mse_loss")
    diff = input - target
    return _reduce(diff * diff, reduction)


def l1_loss(input: Tensor, target, reduction: str = "mean") -> Tensor:
    """Mean absolute error. l_i = |x_i - y_i|;  dl/dx = sign(x - y).

    Shape: input and target of the same shape; output scalar, or that shape for 'none'.
    """
    _check_input(input, "l1_loss")
    _check_reduction(reduction, "l1_loss")
    target = _as_tensor(target, "l1_loss: target", input)
    _check_same_shape(input, target, "l1_loss")
    return _reduce((input - target).abs(), reduction)


def huber_loss(input: Tensor, target, reduction: str = "mean", delta: float = 1.0) -> Tensor:
    """Huber loss. l_i = ½d² if |d| < δ else δ(|d| - ½δ), d = x_i - y_i;  dl/dx = clamp(d, -δ, δ).

    Shape: input and target of the same shape; output scalar, or that shape for 'none'.
    """
    _check_input(input, "huber_loss")
    _check_reduction(reduction, "huber_loss")
    if not delta > 0:
        raise ValueError(f"huber_loss: delta must be positive, got {delta!r}")
    target = _as_tensor(target, "huber_loss: target", input)
    _check_same_shape(input, target, "huber_loss")
    diff = input - target
    size = diff.abs()
    loss = where(size.data < delta, diff * diff * 0.5, (size - 0.5 * delta) * delta)
    return _reduce(loss, reduction)


# --- binary cross-entropy ----------------------------------------------------------------
class BinaryCrossEntropy(Function):
    """BCE on probabilities. l = -(y·max(ln p, -100) + (1-y)·max(ln(1-p), -100));
    dl/dp = (p - y) / max(p(1-p), 1e-12),  dl/dy = max(ln(1-p), -100) - max(ln p, -100)."""

    formula = "-(y·ln(p) + (1-y)·ln(1-p))"
    derivatives = ("(p - y) / (p(1-p))", "ln(1-p) - ln(p)")

    @staticmethod
    def forward(ctx, p, y):
        ctx.save_for_backward(p, y)
        with np.errstate(divide="ignore"):
            log_p = np.maximum(np.log(p), -100.0)
            log_q = np.maximum(np.log1p(-p), -100.0)
        ctx.log_ratio = log_q - log_p
        return -(y * log_p + (1.0 - y) * log_q)

    @staticmethod
    def backward(ctx, grad):
        p, y = ctx.saved_tensors
        need_p, need_y = ctx.needs_input_grad
        grad_p = grad * (p - y) / (p * (1.0 - p)).clamp(min=1e-12) if need_p else None
        grad_y = grad * ctx.log_ratio if need_y else None
        return grad_p, grad_y


def binary_cross_entropy(input: Tensor, target, weight=None, reduction: str = "mean") -> Tensor:
    """Binary cross-entropy between probabilities `input` in [0, 1] and targets in [0, 1].

    l_i = -w_i·(y_i·ln p_i + (1 - y_i)·ln(1 - p_i)), each log clamped at -100 as PyTorch
    (so p = 0 or 1 gives a finite loss). Prefer `binary_cross_entropy_with_logits` on raw
    scores: it is stable without the clamp.

    Shape: input and target of the same shape; `weight` broadcastable to it; output scalar,
    or that shape for 'none'.
    """
    _check_input(input, "binary_cross_entropy")
    _check_reduction(reduction, "binary_cross_entropy")
    target = _as_tensor(target, "binary_cross_entropy: target", input)
    _check_same_shape(input, target, "binary_cross_entropy")
    values = input.data
    if values.size and (np.min(values) < 0 or np.max(values) > 1 or np.isnan(values).any()):
        raise ValueError("binary_cross_entropy: input must hold probabilities in [0, 1], got "
                         f"values in [{np.nanmin(values):.4g}, {np.nanmax(values):.4g}]; "
                         "apply sigmoid first or use binary_cross_entropy_with_logits")
    loss = BinaryCrossEntropy.apply(input, target)
    if weight is not None:
        loss = loss * _as_tensor(weight, "binary_cross_entropy: weight", input)
    return _reduce(loss, reduction)


class BinaryCrossEntropyWithLogits(Function):
    """BCE on logits, stable. l = (1-y)·x + (1 + (w⁺-1)·y)·softplus(-x);
    dl/dx = (1-y) - (1 + (w⁺-1)·y)·σ(-x)  (= σ(x) - y when w⁺ = 1),
    dl/dy = (w⁺-1)·softplus(-x) - x,  dl/dw⁺ = y·softplus(-x)."""

    formula = "(1-y)·x + (1+(w⁺-1)y)·softplus(-x)"
    derivatives = ("σ(x) - y", "-x + (w⁺-1)·softplus(-x)", "y·softplus(-x)")

    @staticmethod
    def forward(ctx, x, y, pos_weight):
        softplus = np.logaddexp(0.0, -x)  # ln(1 + e^-x) without overflow
        ctx.save_for_backward(x, y, pos_weight)
        ctx.softplus = softplus
        scale = 1.0 if pos_weight is None else 1.0 + (pos_weight - 1.0) * y
        return (1.0 - y) * x + scale * softplus

    @staticmethod
    def backward(ctx, grad):
        x, y, pos_weight = ctx.saved_tensors
        need_x, need_y, need_w = ctx.needs_input_grad
        scale = 1.0 if pos_weight is None else (pos_weight - 1.0) * y + 1.0
        grad_x = grad * ((1.0 - y) - scale * (-x).sigmoid()) if need_x else None
        grad_y = grad_w = None
        if need_y:
            grad_y = grad * (-x if pos_weight is None else (pos_weight - 1.0) * ctx.softplus - x)
        if need_w:
            grad_w = grad * y * ctx.softplus
        return grad_x, grad_y, grad_w


def binary_cross_entropy_with_logits(input: Tensor, target, weight=None,
                                     reduction: str = "mean", pos_weight=None) -> Tensor:
    """Sigmoid + binary cross-entropy in one stable node, on raw scores (logits).

    l_i = -w_i·(w⁺·y_i·ln σ(x_i) + (1 - y_i)·ln(1 - σ(x_i))), computed with softplus so
    large |x| never overflows; `pos_weight` w⁺ (per class, broadcast over the last dim)
    weights the positive examples.

    Shape: input and target of the same shape (N, *); `weight` broadcastable to it,
    `pos_weight` broadcastable to it (usually (C,)); output scalar, or (N, *) for 'none'.
    """
    name = "binary_cross_entropy_with_logits"
    _check_input(input, name)
    _check_reduction(reduction, name)
    target = _as_tensor(target, f"{name}: target", input)
    _check_same_shape(input, target, name)
    if pos_weight is not None:
        pos_weight = _as_tensor(pos_weight, f"{name}: pos_weight", input)
    loss = BinaryCrossEntropyWithLogits.apply(input, target, pos_weight)
    if weight is not None:
        loss = loss * _as_tensor(weight, f"{name}: weight", input)
    return _reduce(loss, reduction)


# --- classification: NLL and cross-entropy ------------------------------------------------
def _class_input(input: Tensor, target, name: str) -> tuple:
    """(input, target array, squeeze) with input at least (N, C); a (C,) input becomes (1, C)."""
    _check_input(input, name)
    target = target.data if isinstance(target, Tensor) else np.asarray(target)
    if input.ndim == 0:
        raise ValueError(f"{name}: input must have shape (C,), (N, C) or (N, C, d1, ...), "
                         "got a 0-d tensor")
    if input.ndim == 1:
        return input.unsqueeze(0), target[None], True
    return input, target, False


def _index_shape_error(name: str, input_shape: tuple, target_shape: tuple, probabilities: bool):
    expected = (input_shape[0],) + input_shape[2:]
    probs = f", or {input_shape} with class probabilities" if probabilities else ""
    return ValueError(
        f"{name}: input of shape {input_shape} (N, C{', d1, ...' if len(input_shape) > 2 else ''}) "
        f"needs a target of shape {expected} with class indices{probs}; got a target of "
        f"shape {target_shape}")


def _class_coefficients(target: np.ndarray, shape: tuple, dtype, weight, ignore_index: int,
                        label_smoothing: float, name: str) -> tuple:
    """For class-index targets: q (shape of input) and the 'mean' divisor, so that
    l_i = -Σ_c q_ic·logp_ic with q_ic = m_i·((1-ε)·w_{y_i}·1[c = y_i] + ε/C·w_c)
    (m_i = 0 where y_i = ignore_index) and the mean is Σ_i l_i / Σ_i m_i·w_{y_i}."""
    n_classes = shape[1]
    keep = target != ignore_index
    labels = np.where(keep, target, 0)
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        bad = labels[(labels < 0) | (labels >= n_classes)][0]
        raise IndexError(f"{name}: target holds class index {bad}, outside [0, {n_classes}) "
                         f"for an input with C = {n_classes} classes")
    w_shape = (1, n_classes) + (1,) * (len(shape) - 2)
    q = (np.expand_dims(labels, 1) == np.arange(n_classes).reshape(w_shape)).astype(dtype)
    if weight is None:
        picked = keep.astype(dtype)
        w = None
    else:
        w = np.asarray(weight, dtype=dtype).reshape(w_shape)
        picked = np.take(np.asarray(weight, dtype=dtype), labels) * keep
    if weight is not None or label_smoothing or not keep.all():
        q *= np.expand_dims(picked, 1) * (1.0 - label_smoothing)
    if label_smoothing:
        smooth = np.full(w_shape, label_smoothing / n_classes, dtype=dtype)
        if w is not None:
            smooth = smooth * w
        q += smooth * np.expand_dims(keep, 1)
    return q, picked.sum()


def _check_weight(weight, n_classes: int, name: str):
    if weight is None:
        return None
    array = weight.data if isinstance(weight, Tensor) else np.asarray(weight)
    if array.shape != (n_classes,):
        raise ValueError(f"{name}: weight must have shape (C,) = ({n_classes},), got {array.shape}")
    return array


class NLL(Function):
    """Negative log-likelihood of log-probabilities. l_i = -w_{y_i}·a[i, y_i];
    dl/da = -w_{y_i}·onehot(y_i)  (divided by Σ w_{y_i} for the mean)."""

    formula, derivatives = "-a[y]", ("-onehot(y)",)

    @staticmethod
    def forward(ctx, log_probs, target, weight, ignore_index, reduction):
        q, total_weight = _class_coefficients(target, log_probs.shape, log_probs.dtype, weight,
                                              ignore_index, 0.0, "nll_loss")
        ctx.q, ctx.reduction = q, reduction
        ctx.scale = 1.0 / total_weight if reduction == "mean" else 1.0
        losses = -np.sum(q * log_probs, axis=1)
        return _reduce_array(losses, reduction, ctx.scale, log_probs.dtype)

    @staticmethod
    def backward(ctx, grad):
        return _expand_grad(grad, ctx) * -ctx.q, None, None, None, None


def _reduce_array(losses: np.ndarray, reduction: str, scale: float, dtype) -> np.ndarray:
    if reduction == "none":
        return losses.astype(dtype, copy=False)
    return np.asarray(losses.sum() * scale, dtype=dtype)


def _expand_grad(grad, ctx):
    """The incoming gradient (Tensor or array) shaped to broadcast against (N, C, ...): per
    element for 'none', else the scalar times the reduction's scale."""
    if ctx.reduction == "none":
        return grad.unsqueeze(1) if isinstance(grad, Tensor) else np.expand_dims(grad, 1)
    return grad * ctx.scale


def nll_loss(input: Tensor, target, weight=None, ignore_index: int = -100,
             reduction: str = "mean") -> Tensor:
    """Negative log-likelihood: l_i = -w_{y_i}·input[i, y_i] on log-probabilities.

    Use after `log_softmax(dim=1)`; `cross_entropy` does both in one node. The mean
    divides by Σ_i w_{y_i} over targets that are not `ignore_index`, as PyTorch.

    Shape: input (N, C) or (N, C, d1, ...) (or (C,)); target (N,) or (N, d1, ...) of class
    indices in [0, C); weight (C,); output scalar, or (N, d1, ...) for 'none'.
    """
    _check_reduction(reduction, "nll_loss")
    input, labels, squeeze = _class_input(input, target, "nll_loss")
    if labels.dtype.kind not in "iu":
        raise TypeError(f"nll_loss: target must hold integer class indices, got dtype "
                        f"{labels.dtype}")
    if labels.shape != (input.shape[0],) + input.shape[2:]:
        raise _index_shape_error("nll_loss", input.shape, labels.shape, False)
    weight = _check_weight(weight, input.shape[1], "nll_loss")
    out = NLL.apply(input, labels, weight, ignore_index, reduction)
    return out.squeeze(0) if squeeze and reduction == "none" else out


class CrossEntropy(Function):
    """Log-softmax + NLL in one node. l_i = -Σ_c q_ic·log softmax(a_i)_c with q the (weighted,
    smoothed) one-hot or probability target;  dl/da_i = softmax(a_i)·Σ_c q_ic - q_i  (= p - y)."""

    formula, derivatives = "-Σ y·log softmax(a)", ("softmax(a) - y", "-log softmax(a)")

    @staticmethod
    def forward(ctx, logits, target, weight, ignore_index, label_smoothing, reduction):
        shifted = logits - np.max(logits, axis=1, keepdims=True)
        exp = np.exp(shifted)
        total = np.sum(exp, axis=1, keepdims=True)
        log_probs = shifted - np.log(total)
        n_classes = logits.shape[1]
        if target.dtype.kind in "iu":
            q, total_weight = _class_coefficients(target, logits.shape, logits.dtype, weight,
                                                  ignore_index, label_smoothing, "cross_entropy")
            ctx.probabilities = False
            ctx.unit_rows = weight is None and total_weight == logits.size // n_classes
        else:
            w = 1.0 if weight is None else weight.reshape((1, n_classes) + (1,) * (logits.ndim - 2))
            ctx.class_weight = w
            q = (target * (1.0 - label_smoothing) + label_smoothing / n_classes) * w
            total_weight = logits.size // n_classes
            ctx.probabilities, ctx.unit_rows = True, False
        ctx.save_for_backward(logits, target)
        ctx.q, ctx.reduction, ctx.label_smoothing = q, reduction, label_smoothing
        ctx.probs, ctx.log_probs = exp / total, log_probs
        ctx.scale = 1.0 / total_weight if reduction == "mean" else 1.0
        losses = -np.sum(q * log_probs, axis=1)
        return _reduce_array(losses, reduction, ctx.scale, logits.dtype)

    @staticmethod
    def backward(ctx, grad):
        need_logits, need_target = ctx.needs_input_grad[:2]
        if is_grad_enabled():  # create_graph: recompute from the inputs so this is differentiable
            logits, target = ctx.saved_tensors
            probs, log_probs = logits.softmax(1), logits.log_softmax(1)
            q = ctx.q if not ctx.probabilities else (
                (target * (1.0 - ctx.label_smoothing) + ctx.label_smoothing / logits.shape[1])
                * ctx.class_weight)
        else:
            grad, probs, log_probs, q = grad.data, ctx.probs, ctx.log_probs, ctx.q
        g = _expand_grad(grad, ctx)
        grad_logits = grad_target = None
        if need_logits:
            if ctx.unit_rows:  # one-hot rows (no weight, nothing ignored): Σ_c q_ic = 1
                q_total = 1.0
            else:
                q_total = (q.sum(1, keepdim=True) if isinstance(q, Tensor)
                           else q.sum(1, keepdims=True))
            grad_logits = g * (probs * q_total - q)
        if need_target:
            grad_target = g * (log_probs * (-(1.0 - ctx.label_smoothing) * ctx.class_weight))
        return grad_logits, grad_target, None, None, None, None


def cross_entropy(input: Tensor, target, weight=None, ignore_index: int = -100,
                  reduction: str = "mean", label_smoothing: float = 0.0) -> Tensor:
    """Cross-entropy of raw scores (logits) against class indices or class probabilities.

    One fused node: log-softmax over dim 1, then the negative log-likelihood; its gradient
    is `(softmax(x) - y) / N` for the mean (the course's `p - y`). With `label_smoothing` ε
    the target becomes (1 - ε)·y + ε/C. Class-index targets may use `weight` (C,) (the mean
    then divides by Σ w_{y_i}) and `ignore_index`; probability targets divide the mean by N.

    Shape: input (N, C) or (N, C, d1, ...) (or (C,)); target (N,) or (N, d1, ...) of class
    indices (int), or input's shape with class probabilities (float); output scalar, or
    (N, d1, ...) for 'none'.

    Example:
        >>> logits = randn(4, 3, requires_grad=True)
        >>> cross_entropy(logits, tensor([0, 2, 1, 2])).backward()
    """
    name = "cross_entropy"
    _check_reduction(reduction, name)
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"{name}: label_smoothing must be in [0, 1], got {label_smoothing!r}")
    prob_target = isinstance(target, Tensor) and target.dtype.kind == "f"
    target_tensor = target if prob_target else None
    input, labels, squeeze = _class_input(input, target, name)
    if labels.dtype.kind in "iu":
        if labels.shape != (input.shape[0],) + input.shape[2:]:
            raise _index_shape_error(name, input.shape, labels.shape, True)
    elif labels.dtype.kind == "f":
        if labels.shape != input.shape:
            if labels.shape == (input.shape[0],) + input.shape[2:]:
                raise TypeError(f"{name}: target of shape {labels.shape} looks like class "
                                f"indices but has dtype {labels.dtype}; indices must be "
                                "integers (use target.long())")
            raise _index_shape_error(name, input.shape, labels.shape, True)
        labels = labels.astype(input.dtype, copy=False)
    else:
        raise TypeError(f"{name}: target must hold integer class indices or float class "
                        f"probabilities, got dtype {labels.dtype}")
    weight = _check_weight(weight, input.shape[1], name)
    if target_tensor is not None and target_tensor.requires_grad:
        labels = target_tensor.unsqueeze(0) if squeeze else target_tensor
    out = CrossEntropy.apply(input, labels, weight, ignore_index, label_smoothing, reduction)
    return out.squeeze(0) if squeeze and reduction == "none" else out


# --- modules -----------------------------------------------------------------------------
class _Loss(Module):
    """Base of the loss modules: holds `reduction`; class weights are buffers, as PyTorch's."""

    def __init__(self, reduction: str = "mean") -> None:
        super().__init__()
        _check_reduction(reduction, type(self).__name__)
        self.reduction = reduction

    def _register_weight(self, name: str, value) -> None:
        """Keep `value` (None, a Tensor or array-like) as a buffer, so it is in state_dict."""
        if value is not None and not isinstance(value, Tensor):
            value = Tensor(np.asarray(value, dtype=np.float32))
        self.register_buffer(name, value)


class MSELoss(_Loss):
    """Mean squared error, `mse_loss`. Shape: input and target (*), output () or (*)."""

    def forward(self, input: Tensor, target) -> Tensor:
        return mse_loss(input, target, self.reduction)


class L1Loss(_Loss):
    """Mean absolute error, `l1_loss`. Shape: input and target (*), output () or (*)."""

    def forward(self, input: Tensor, target) -> Tensor:
        return l1_loss(input, target, self.reduction)


class HuberLoss(_Loss):
    """Huber loss with threshold `delta`, `huber_loss`. Shape: input and target (*)."""

    def __init__(self, reduction: str = "mean", delta: float = 1.0) -> None:
        super().__init__(reduction)
        if not delta > 0:
            raise ValueError(f"HuberLoss: delta must be positive, got {delta!r}")
        self.delta = float(delta)

    def forward(self, input: Tensor, target) -> Tensor:
        return huber_loss(input, target, self.reduction, self.delta)


class BCELoss(_Loss):
    """Binary cross-entropy on probabilities, `binary_cross_entropy`. Shape: (*) and (*)."""

    def __init__(self, weight=None, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self._register_weight("weight", weight)

    def forward(self, input: Tensor, target) -> Tensor:
        return binary_cross_entropy(input, target, self.weight, self.reduction)


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy on logits (stable), `binary_cross_entropy_with_logits`.

    Shape: input and target (N, *); `pos_weight` broadcastable to them, e.g. (C,).
    """

    def __init__(self, weight=None, reduction: str = "mean", pos_weight=None) -> None:
        super().__init__(reduction)
        self._register_weight("weight", weight)
        self._register_weight("pos_weight", pos_weight)

    def forward(self, input: Tensor, target) -> Tensor:
        return binary_cross_entropy_with_logits(input, target, self.weight, self.reduction,
                                                self.pos_weight)


class NLLLoss(_Loss):
    """Negative log-likelihood on log-probabilities, `nll_loss`.

    Shape: input (N, C) or (N, C, d1, ...); target (N,) or (N, d1, ...) class indices.
    """

    def __init__(self, weight=None, ignore_index: int = -100, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self._register_weight("weight", weight)
        self.ignore_index = ignore_index

    def forward(self, input: Tensor, target) -> Tensor:
        return nll_loss(input, target, self.weight, self.ignore_index, self.reduction)


class CrossEntropyLoss(_Loss):
    """Softmax cross-entropy on logits in one fused node, `cross_entropy` (gradient p - y).

    Shape: input (N, C) or (N, C, d1, ...); target (N,) or (N, d1, ...) class indices, or
    class probabilities of input's shape.

    Example:
        >>> loss_fn = CrossEntropyLoss(label_smoothing=0.1)
        >>> loss = loss_fn(model(x), y); loss.backward()
    """

    def __init__(self, weight=None, ignore_index: int = -100, reduction: str = "mean",
                 label_smoothing: float = 0.0) -> None:
        super().__init__(reduction)
        if not 0.0 <= label_smoothing <= 1.0:
            raise ValueError(f"CrossEntropyLoss: label_smoothing must be in [0, 1], "
                             f"got {label_smoothing!r}")
        self._register_weight("weight", weight)
        self.ignore_index, self.label_smoothing = ignore_index, float(label_smoothing)

    def forward(self, input: Tensor, target) -> Tensor:
        return cross_entropy(input, target, self.weight, self.ignore_index, self.reduction,
                             self.label_smoothing)

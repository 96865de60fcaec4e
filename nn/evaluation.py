"""`evaluate` (a model's mean loss and metric over data, without a graph), `accuracy`, and how
`fit` and `evaluate` read data: `(X, y)` arrays, a DataLoader or an iterable of batches."""
from __future__ import annotations

from typing import Any, Callable, Iterable

import numpy as np

from autograd import Tensor, no_grad
from nn.data import DataLoader, TensorDataset
from nn.loss import BCELoss
from nn.module import Module

__all__ = ["evaluate", "accuracy", "as_loader", "split_batch", "samples_in", "metric_function"]


def evaluate(model: Module, loss_fn: Callable, data: Any, metric: str | Callable | None = None,
             batch_size: int = 256) -> tuple[float, float | None]:
    """Mean loss (and metric) of `model` over `data` in eval mode, without recording a graph.

    `data` is a DataLoader, an iterable of batches, or `(X, y)`. The model's mode is
    restored afterwards. Returns `(loss, metric)`, metric None when not asked for.
    """
    loader = as_loader(data, batch_size, False, None, "data")
    metric_fn = metric if metric is None or callable(metric) else metric_function(metric, loss_fn)
    was_training = model.training
    model.eval()
    total_loss = total_metric = 0.0
    count = 0
    try:
        with no_grad():
            for batch in loader:
                inputs, target = split_batch(batch)
                output = model(*inputs)
                size = samples_in(target)
                total_loss += float(loss_fn(output, target).item()) * size
                if metric_fn is not None:
                    total_metric += metric_fn(output, target) * size
                count += size
    finally:
        model.train(was_training)
    if count == 0:
        raise ValueError("evaluate: the data yielded no batches")
    return total_loss / count, (total_metric / count if metric_fn is not None else None)


def accuracy(output: Tensor, target: Tensor, threshold: float = 0.0) -> float:
    """Fraction of correct predictions: argmax over dim 1 for (N, C) scores with C > 1,
    else `output > threshold` against 0/1 targets (threshold 0 for logits, 0.5 for
    probabilities)."""
    scores = output.numpy(force=True)
    labels = target.numpy(force=True) if isinstance(target, Tensor) else np.asarray(target)
    if scores.ndim >= 2 and scores.shape[1] > 1:
        if labels.shape == scores.shape:  # class probabilities
            labels = labels.argmax(1)
        predicted = scores.argmax(1)
    else:
        predicted = (scores.reshape(labels.shape) > threshold).astype(labels.dtype)
    return float(np.mean(predicted == labels)) if labels.size else float("nan")


# --- reading data ------------------------------------------------------------------------
def as_loader(data: Any, batch_size: int, shuffle: bool, seed: int | None, name: str):
    """A DataLoader (or re-iterable of batches) for `data`; `(X, y)` arrays are wrapped."""
    if not isinstance(data, Iterable):
        raise TypeError(f"{name} must be a DataLoader, an iterable of batches or (X, y) "
                        f"arrays, got {type(data).__name__}")
    if isinstance(data, tuple) and len(data) >= 2 and all(
            isinstance(a, (np.ndarray, Tensor, list)) for a in data):
        return DataLoader(TensorDataset(*data), batch_size=batch_size, shuffle=shuffle, seed=seed)
    if iter(data) is data:
        raise TypeError(f"fit: {name} is a one-shot iterator; pass a DataLoader, a list of "
                        "batches or (X, y) arrays so it can be iterated once per epoch")
    return data


def split_batch(batch: Any) -> tuple[tuple, Any]:
    """`(inputs..., target)` -> (the inputs as Tensors, the target)."""
    if not isinstance(batch, (tuple, list)) or len(batch) < 2:
        raise TypeError(f"fit: each batch must be (inputs..., target), got "
                        f"{type(batch).__name__}")
    inputs = tuple(x if isinstance(x, Tensor) else Tensor(x) for x in batch[:-1])
    return inputs, batch[-1]


def samples_in(target: Any) -> int:
    """How many samples a batch holds: the target's first dimension (1 for a scalar)."""
    shape = target.shape if isinstance(target, Tensor) else np.shape(target)
    return int(shape[0]) if shape else 1


def metric_function(metric: str | Callable | None, loss_fn: Callable) -> Callable | None:
    """`metric(output, target) -> float` for fit's `metric` argument ("accuracy" thresholds
    probabilities at 0.5 after a BCELoss, logits at 0)."""
    if metric is None or callable(metric):
        return metric
    if metric == "accuracy":
        threshold = 0.5 if isinstance(loss_fn, BCELoss) else 0.0
        return lambda output, target: accuracy(output, target, threshold)
    raise ValueError(f"fit: metric must be None, 'accuracy' or a callable, got {metric!r}")

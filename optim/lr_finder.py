"""`lr_finder`: the learning-rate range test (Smith, 2017), which leaves the model as it found it."""
from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import numpy as np

from autograd import Tensor
from optim.optimizer import Optimizer

__all__ = ["lr_finder", "LRFinderResult", "suggest_lr"]


class LRFinderResult(NamedTuple):
    """What the range test saw: the lrs tried, the smoothed losses, and a suggested lr."""

    lrs: list[float]
    losses: list[float]
    suggested_lr: float | None


def suggest_lr(lrs: list[float], losses: list[float]) -> float | None:
    """The lr where the smoothed loss falls fastest against log10(lr).

    argmin_i d loss / d log10(lr), by central differences (``np.gradient``); None when
    fewer than 3 points were recorded.
    """
    if len(lrs) < 3:
        return None
    slopes = np.gradient(np.asarray(losses, dtype=float), np.log10(np.asarray(lrs, dtype=float)))
    return float(lrs[int(np.argmin(slopes))])


def _batches(data: Iterable) -> Iterable:
    """Yield batches forever, restarting `data` when it runs out (empty data: stop)."""
    while True:
        empty = True
        for batch in data:
            empty = False
            yield batch
        if empty:
            return


def lr_finder(model: Any, optimizer: Optimizer, loss_fn: Callable, data: Iterable,
              start_lr: float = 1e-7, end_lr: float = 10.0, num_iter: int = 100,
              smooth: float = 0.98, diverge_threshold: float = 4.0) -> LRFinderResult:
    """Train with an lr growing exponentially from `start_lr` to `end_lr`; record the loss.

    At iteration i (0-based) every group's lr is start_lr · (end_lr/start_lr)^(i/(n-1));
    one optimizer step is taken on the next batch (the data restarts when exhausted).
    The loss is smoothed by a bias-corrected exponential average,
    a_i = β a_{i-1} + (1-β) L_i,  L̂_i = a_i / (1 - β^(i+1)), and the sweep stops early
    when L̂_i > diverge_threshold · min L̂ (or the loss is not finite). Afterwards the
    parameters (and buffers, if the model has ``buffers()``), their gradients and the
    optimizer state (lrs included) are restored exactly.

    Args:
        model: anything with ``parameters()``, called as ``model(x)``.
        optimizer: an optimizer over (some of) the model's parameters.
        loss_fn: ``loss_fn(model(x), y)`` returns a scalar Tensor.
        data: iterable of (x, y) batches.
        start_lr, end_lr: the sweep's ends (start_lr > 0, end_lr > start_lr).
        num_iter: number of lrs tried (at least 2).
        smooth: β of the exponential average, in [0, 1).
        diverge_threshold: stop when the smoothed loss exceeds this multiple of its best.

    Returns:
        ``LRFinderResult(lrs, losses, suggested_lr)``: unpack as
        ``lrs, losses, suggested = lr_finder(...)``; losses are the smoothed ones.
    """
    if not start_lr > 0:
        raise ValueError(f"invalid start_lr: {start_lr} (must be > 0)")
    if not end_lr > start_lr:
        raise ValueError(f"invalid end_lr: {end_lr} (must be > start_lr={start_lr})")
    if int(num_iter) != num_iter or num_iter < 2:
        raise ValueError(f"invalid num_iter: {num_iter} (must be an integer >= 2)")
    if not 0 <= smooth < 1:
        raise ValueError(f"invalid smooth: {smooth} (must be in [0, 1))")
    if not diverge_threshold > 1:
        raise ValueError(f"invalid diverge_threshold: {diverge_threshold} (must be > 1)")

    params = list(model.parameters())
    buffers = list(model.buffers()) if hasattr(model, "buffers") else []
    saved_params = [p.data.copy() for p in params]
    saved_grads = [None if p.grad is None else Tensor(p.grad.data.copy()) for p in params]
    saved_buffers = [b.data.copy() for b in buffers]
    saved_optimizer = copy.deepcopy(optimizer.state_dict())

    ratio = (end_lr / start_lr) ** (1.0 / (num_iter - 1))
    lrs: list[float] = []
    losses: list[float] = []
    average, best = 0.0, math.inf
    try:
        for i, (x, y) in zip(range(num_iter), _batches(data)):
            lr = start_lr * ratio ** i
            for group in optimizer.param_groups:
                group["lr"] = lr
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            value = float(loss)
            average = smooth * average + (1 - smooth) * value
            smoothed = average / (1 - smooth ** (i + 1))
            if not math.isfinite(smoothed):
                break
            lrs.append(lr)
            losses.append(smoothed)
            best = min(best, smoothed)
            if smoothed > diverge_threshold * best:
                break
    finally:
        for p, data_, grad in zip(params, saved_params, saved_grads):
            p.data[...] = data_
            p.grad = grad
        for b, data_ in zip(buffers, saved_buffers):
            b.data[...] = data_
        optimizer.load_state_dict(saved_optimizer)
    return LRFinderResult(lrs, losses, suggest_lr(lrs, losses))

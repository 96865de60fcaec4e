"""`lr_finder`: the learning-rate range test (Smith, 2017), leaving the model as it found it."""
from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import numpy as np

from autograd import Tensor
from optim._checks import check_callable, check_number
from optim.optimizer import Optimizer

__all__ = ["lr_finder", "LRFinderResult", "suggest_lr", "smooth_losses"]


class LRFinderResult(NamedTuple):
    """What the range test saw: the lrs tried, the smoothed losses, and a suggested lr."""

    lrs: list[float]
    losses: list[float]
    suggested_lr: float | None


def _centred(values: np.ndarray, half_width: int, reduce: Callable) -> np.ndarray:
    """`reduce` (np.nanmedian, np.nanmean) of each point's window of ±half_width points."""
    padded = np.pad(values, half_width, constant_values=np.nan)
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half_width + 1)
    return reduce(windows, axis=1)


def smooth_losses(losses) -> list[float]:
    """The raw losses of a sweep smoothed without lag: a centred running median (robust to
    a single wild batch), then a centred running mean, each over ±k points, k = max(2, n//25).

    A running average that only looks back (an exponential one) shifts the curve towards
    larger lrs, so its steepest point and its minimum come late, near where the loss
    already blows up; a centred window keeps each loss at its own lr.
    """
    values = np.asarray(losses, dtype=np.float64)
    if values.size == 0:
        return []
    values = np.where(np.isfinite(values), values, np.nan)
    half_width = max(2, len(values) // 25)
    smoothed = _centred(_centred(values, half_width, np.nanmedian), half_width, np.nanmean)
    return [float(v) for v in smoothed]


def suggest_lr(lrs: list[float], losses: list[float]) -> float | None:
    """The lr where the smoothed loss falls fastest, before its minimum.

    argmin_i d loss / d log10(lr) (central differences, ``np.gradient``) over the points
    from the start to the minimum of `losses`, the usual rule (as fastai's "steep" and
    pytorch-lr-finder's suggestion); past the minimum the loss rises, so no lr there is
    suggested. None when fewer than 3 points precede the minimum (the loss never fell).
    """
    for name, value in (("lrs", lrs), ("losses", losses)):
        if not isinstance(value, (list, tuple, np.ndarray)):
            raise TypeError(f"suggest_lr: {name} must be a list of numbers, got "
                            f"{type(value).__name__}")
    if len(lrs) != len(losses):
        raise ValueError(f"suggest_lr: lrs and losses must have one value each per point, got "
                         f"{len(lrs)} lrs and {len(losses)} losses")
    values = np.asarray(losses, dtype=np.float64)
    if values.size < 3 or not np.isfinite(values).any():
        return None
    lowest = int(np.nanargmin(values))
    if lowest < 2:
        return None
    falling = values[:lowest + 1]
    slopes = np.gradient(falling, np.log10(np.asarray(lrs[:lowest + 1], dtype=np.float64)))
    return float(lrs[int(np.nanargmin(slopes))])


def _blow_up(raw: list[float], smoothed: list[float], threshold: float) -> int:
    """Index of the first raw loss that is not finite or above threshold x the best smoothed
    loss so far (len(raw) if none): where the loss blows up."""
    best = math.inf
    for i, (value, level) in enumerate(zip(raw, smoothed)):
        if math.isfinite(level):
            best = min(best, level)
        if not math.isfinite(value) or value > threshold * best:
            return i
    return len(raw)


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
    The sweep stops early when the loss is not finite or its bias-corrected exponential
    average, a_i = β a_{i-1} + (1-β) L_i,  L̂_i = a_i / (1 - β^(i+1)), exceeds
    diverge_threshold · min L̂. The losses returned are smoothed without lag
    (`smooth_losses`); the suggestion is their steepest descent before their minimum
    (`suggest_lr`), among the lrs before the first raw loss above diverge_threshold times
    the best smoothed loss. Afterwards the parameters (and buffers, if the model has
    ``buffers()``), their gradients and the optimizer state (lrs included) are restored.

    Args:
        model: anything with ``parameters()``, called as ``model(x)``.
        optimizer: an optimizer over (some of) the model's parameters.
        loss_fn: ``loss_fn(model(x), y)`` returns a scalar Tensor.
        data: iterable of (x, y) batches.
        start_lr, end_lr: the sweep's ends (start_lr > 0, end_lr > start_lr).
        num_iter: number of lrs tried (at least 2).
        smooth: β of the exponential average that decides when to stop, in [0, 1).
        diverge_threshold: the loss has blown up past this multiple of its best (> 1).

    Returns:
        ``LRFinderResult(lrs, losses, suggested_lr)``: unpack as
        ``lrs, losses, suggested = lr_finder(...)``; losses are the smoothed ones, and
        suggested_lr is None when the loss never fell.

    Example:
        >>> lrs, losses, suggested = optim.lr_finder(model, opt, loss_fn, loader)
        >>> plt.semilogx(lrs, losses); plt.axvline(suggested)
    """
    for name, value in (("start_lr", start_lr), ("end_lr", end_lr), ("num_iter", num_iter),
                        ("smooth", smooth), ("diverge_threshold", diverge_threshold)):
        check_number(name, value)
    if not (callable(getattr(model, "parameters", None)) and callable(model)):
        raise TypeError(f"lr_finder: model must be an nn.Module, got {type(model).__name__}")
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"lr_finder: optimizer must be an optim optimizer, got "
                        f"{type(optimizer).__name__}")
    check_callable("loss_fn", loss_fn)
    if not isinstance(data, Iterable):
        raise TypeError(f"lr_finder: data must be an iterable of (x, y) batches, got "
                        f"{type(data).__name__}")
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
    saved_params = [p.numpy(force=True).copy() for p in params]
    saved_grads = [None if p.grad is None else Tensor(p.grad.numpy(force=True).copy())
                   for p in params]
    saved_buffers = [b.numpy(force=True).copy() for b in buffers]
    saved_optimizer = copy.deepcopy(optimizer.state_dict())

    ratio = (end_lr / start_lr) ** (1.0 / (num_iter - 1))
    lrs: list[float] = []
    raw: list[float] = []
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
            running = average / (1 - smooth ** (i + 1))
            if not math.isfinite(running):
                break
            lrs.append(lr)
            raw.append(value)
            best = min(best, running)
            if running > diverge_threshold * best:
                break
    finally:
        for p, saved, grad in zip(params, saved_params, saved_grads):
            p.numpy(force=True)[...] = saved
            p.grad = grad
        for b, saved in zip(buffers, saved_buffers):
            b.numpy(force=True)[...] = saved
        optimizer.load_state_dict(saved_optimizer)
    losses = smooth_losses(raw)
    stable = _blow_up(raw, losses, diverge_threshold)
    return LRFinderResult(lrs, losses, suggest_lr(lrs[:stable], losses[:stable]))

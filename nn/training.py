"""`fit`: the training loop people write every time, with a progress bar, validation and a history.

    >>> history = nn.fit(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters()),
    ...                  (X_train, y_train), epochs=20, val_data=(X_val, y_val),
    ...                  metric="accuracy", early_stopping_patience=3)
    >>> history["val_loss"][-1], history.best_epoch

Callbacks are plain objects with any of these methods (`Callback` has them all, doing
nothing); `fit` calls the ones that exist:

    on_train_begin(state)        before the first epoch; `state` is the `FitState`
                                 (model, optimizer, loss_fn, scheduler, history, ...);
                                 set `state.stop_training = True` to stop after this epoch
    on_epoch_begin(epoch, logs)  epoch counts from 0; logs {"epoch", "lr"}
    on_batch_end(step, logs)     after every batch; step counts batches over the whole run;
                                 logs {"epoch", "batch", "loss", "lr", "stepped"} and, on
                                 batches that ended with an optimizer step, "grad_norm" (the
                                 global L2 norm before clipping) and "grad_norms"
                                 ({parameter name: L2 norm of its gradient})
    on_epoch_end(epoch, logs)    after validation; logs {"epoch", "loss", "metric",
                                 "val_loss", "val_metric", "lr", "grad_norm",
                                 "grad_norms" (each parameter's mean gradient norm over
                                 the epoch's steps), "epoch_time"}; absent values are None
    on_train_end(state)          after the last epoch (best weights already restored)
"""
from __future__ import annotations

import inspect
import math
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np
from tqdm.auto import tqdm

from autograd import Tensor, no_grad
from nn.data import DataLoader, TensorDataset
from nn.loss import BCELoss
from nn.module import Module
from nn.utils import clip_grad_norm_

__all__ = ["fit", "evaluate", "History", "FitState", "Callback", "accuracy"]

_HOOKS = ("on_train_begin", "on_epoch_begin", "on_batch_end", "on_epoch_end", "on_train_end")


class History(dict):
    """What `fit` returns: a dict of per-epoch lists, plus where the best epoch was.

    Keys: "loss" (mean training loss over the epoch's samples), "val_loss", "metric"
    (training metric), "val_metric", "lr" (of the first parameter group, at the end of the
    epoch's batches), "grad_norm" (mean global gradient norm over the epoch's optimizer
    steps, before clipping), "epoch_time" (seconds). Lists for values that were not
    computed (no validation data, no metric) stay empty.

    Attributes:
        best_epoch: the epoch with the lowest monitored loss (val_loss, else loss).
        stopped_epoch: the epoch after which early stopping ended training, else None.
    """

    KEYS = ("loss", "val_loss", "metric", "val_metric", "lr", "grad_norm", "epoch_time")

    def __init__(self) -> None:
        super().__init__({key: [] for key in self.KEYS})
        self.best_epoch: int | None = None
        self.stopped_epoch: int | None = None

    @property
    def epochs(self) -> int:
        """Number of epochs run."""
        return len(self["loss"])

    def __repr__(self) -> str:
        last = ", ".join(f"{k}={v[-1]:.4g}" for k, v in self.items() if v and k != "epoch_time")
        return f"History(epochs={self.epochs}{', ' + last if last else ''})"


@dataclass
class FitState:
    """The running state of `fit`, handed to `on_train_begin` / `on_train_end`.

    Attributes: the `model`, `loss_fn`, `optimizer`, `scheduler` and `history` of the run,
    `epochs` asked for, the current `epoch`, `step` (optimizer steps so far), `logs` (the
    last epoch's logs) and `stop_training` (a callback sets it to end after this epoch).
    """

    model: Module
    loss_fn: Callable
    optimizer: Any
    scheduler: Any
    history: History
    epochs: int
    epoch: int = 0
    step: int = 0
    stop_training: bool = False
    logs: dict = field(default_factory=dict)


class Callback:
    """Base class for `fit` callbacks: every hook exists and does nothing (see the module
    docstring for what each receives)."""

    def on_train_begin(self, state: FitState) -> None:
        """Before the first epoch."""

    def on_epoch_begin(self, epoch: int, logs: dict) -> None:
        """At the start of each epoch."""

    def on_batch_end(self, step: int, logs: dict) -> None:
        """After each batch."""

    def on_epoch_end(self, epoch: int, logs: dict) -> None:
        """After each epoch's validation."""

    def on_train_end(self, state: FitState) -> None:
        """After training."""


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


def fit(model: Module, loss_fn: Callable, optimizer: Any, train_data: Any, epochs: int = 1,
        val_data: Any = None, metric: str | Callable | None = None, scheduler: Any = None,
        scheduler_step: str = "epoch", clip_grad_norm: float | None = None,
        accumulate_steps: int = 1, early_stopping_patience: int | None = None,
        restore_best: bool = True, callbacks: Iterable = (), verbose: bool = True,
        batch_size: int = 32, shuffle: bool = True, seed: int | None = None) -> History:
    """Train `model` for `epochs` epochs and return the `History`.

    Each batch `(x, y)` (or `(x1, ..., y)`): `loss = loss_fn(model(x), y)`, backward of
    `loss / accumulate_steps`; every `accumulate_steps` batches (and at the end of an
    epoch) the gradients are clipped, the optimizer steps and the gradients are reset.
    After each epoch the model is evaluated on `val_data` (in eval mode, without a graph).

    Args:
        model: the Module to train (put in train mode; its mode is restored at the end).
        loss_fn: `loss_fn(output, target)` returning a scalar Tensor, e.g. `CrossEntropyLoss()`.
        optimizer: an `optim` optimizer over the model's parameters.
        train_data: a DataLoader (or any re-iterable of batches), or `(X, y)` arrays or
            Tensors, batched with `batch_size`, shuffled each epoch when `shuffle`
            (reproducibly with `seed`).
        epochs: number of passes over `train_data`.
        val_data: like `train_data` (never shuffled), or None.
        metric: None, "accuracy" (see `accuracy`; probabilities from `BCELoss` are
            thresholded at 0.5, logits at 0), or `metric(output, target) -> float`;
            averaged over samples, weighted by batch size.
        scheduler: an lr scheduler, stepped after every optimizer step
            (`scheduler_step="batch"`) or after every epoch ("epoch"). One whose `step`
            needs an argument (ReduceLROnPlateau) gets the monitored loss: val_loss (or
            the training loss without val_data) per epoch, the batch loss per batch.
        clip_grad_norm: clip the global gradient L2 norm to this value before each step
            (`nn.utils.clip_grad_norm_`).
        accumulate_steps: batches whose gradients are summed (each loss scaled by
            1/accumulate_steps) before one optimizer step: k batches of B act as one of k·B.
        early_stopping_patience: stop after this many epochs without a lower monitored
            loss (val_loss, else loss); None trains all epochs.
        restore_best: with early stopping, load the best epoch's weights and buffers back
            into the model at the end.
        callbacks: objects with optional hooks (see the module docstring).
        verbose: show a tqdm progress bar (loss, metric, lr, gradient norm); False is silent.
        batch_size, shuffle, seed: how `(X, y)` arrays are batched.

    Returns:
        a `History`: per-epoch lists (loss, val_loss, metric, val_metric, lr, grad_norm,
        epoch_time), `best_epoch` and `stopped_epoch`.
    """
    _check_arguments(model, epochs, scheduler_step, accumulate_steps, early_stopping_patience,
                     clip_grad_norm)
    train_loader = _as_loader(train_data, batch_size, shuffle, seed, "train_data")
    val_loader = None if val_data is None else _as_loader(val_data, batch_size, False, None,
                                                          "val_data")
    metric_fn = _metric_function(metric, loss_fn)
    metric_name = metric if isinstance(metric, str) else "metric"
    callbacks = list(callbacks)
    history = History()
    state = FitState(model, loss_fn, optimizer, scheduler, history, epochs)
    named = [(name, p) for name, p in model.named_parameters() if p.requires_grad]
    wants_value = scheduler is not None and _step_needs_value(scheduler)

    def optimizer_step(totals: _EpochTotals, loss_value: float) -> dict:
        """Clip, step, reset the gradients and (per batch) the scheduler; batch-log entries."""
        norms = _gradient_norms(named)
        total = math.sqrt(sum(n * n for n in norms.values()))
        if clip_grad_norm is not None:
            clip_grad_norm_([p for _, p in named], clip_grad_norm)
        optimizer.step()
        optimizer.zero_grad()
        state.step += 1
        totals.add_step(total, norms)
        if scheduler is not None and scheduler_step == "batch":
            _scheduler_step(scheduler, wants_value, loss_value)
        return {"stepped": True, "grad_norm": total, "grad_norms": norms}

    was_training = model.training
    best_loss, best_state, bad_epochs = math.inf, None, 0
    n_batches = _length(train_loader)
    bar = tqdm(total=epochs * n_batches if n_batches else None, disable=not verbose,
               dynamic_ncols=True, leave=True, unit="batch")
    _call(callbacks, "on_train_begin", state)
    try:
        optimizer.zero_grad()
        for epoch in range(epochs):
            state.epoch, start = epoch, time.perf_counter()
            model.train()
            bar.set_description(f"epoch {epoch + 1}/{epochs}")
            _call(callbacks, "on_epoch_begin", epoch, {"epoch": epoch, "lr": _lr(optimizer)})
            totals, pending = _EpochTotals([name for name, _ in named]), 0
            for batch_index, batch in enumerate(train_loader):
                inputs, target = _split_batch(batch)
                output = model(*inputs)
                loss = loss_fn(output, target)
                (loss / accumulate_steps if accumulate_steps > 1 else loss).backward()
                pending += 1
                loss_value = float(loss.item())
                totals.add_batch(loss_value, metric_fn and metric_fn(output, target),
                                 _batch_size(target))
                logs = {"epoch": epoch, "batch": batch_index, "loss": loss_value,
                        "lr": _lr(optimizer), "stepped": False}
                if pending == accumulate_steps or batch_index + 1 == n_batches:
                    logs.update(optimizer_step(totals, loss_value))
                    pending = 0
                    bar.set_postfix(_postfix(totals.loss(), totals.metric(), None, None,
                                             logs["lr"], logs["grad_norm"], metric_name),
                                    refresh=False)
                bar.update(1)
                _call(callbacks, "on_batch_end", state.step, logs)
            if pending:  # an iterable without len(): step on what is left
                optimizer_step(totals, loss_value)
            if totals.count == 0:
                raise ValueError("fit: train_data yielded no batches")
            logs = totals.logs(epoch, _lr(optimizer))
            if val_loader is not None:
                logs["val_loss"], logs["val_metric"] = evaluate(model, loss_fn, val_loader,
                                                                metric_fn)
            monitored = logs["val_loss"] if val_loader is not None else logs["loss"]
            if scheduler is not None and scheduler_step == "epoch":
                _scheduler_step(scheduler, wants_value, monitored)
            logs["epoch_time"] = time.perf_counter() - start
            _record(history, logs)
            bar.set_postfix(_postfix(logs["loss"], logs["metric"], logs["val_loss"],
                                     logs["val_metric"], logs["lr"], logs["grad_norm"],
                                     metric_name), refresh=True)
            state.logs = logs
            _call(callbacks, "on_epoch_end", epoch, logs)
            if monitored < best_loss:
                best_loss, bad_epochs, history.best_epoch = monitored, 0, epoch
                if early_stopping_patience is not None and restore_best:
                    best_state = {k: v.numpy(force=True).copy()
                                  for k, v in model.state_dict().items()}
            else:
                bad_epochs += 1
            if state.stop_training or (early_stopping_patience is not None
                                       and bad_epochs >= early_stopping_patience):
                history.stopped_epoch = epoch
                break
    finally:
        bar.close()
    if best_state is not None:
        model.load_state_dict(best_state)
    model.train(was_training)
    _call(callbacks, "on_train_end", state)
    return history


class _EpochTotals:
    """Running sums over one epoch: sample-weighted loss and metric, per-step gradient norms."""

    def __init__(self, names: list) -> None:
        self.loss_sum = self.metric_sum = self.norm_sum = 0.0
        self.count = self.steps = 0
        self.has_metric = False
        self.layer_sums = dict.fromkeys(names, 0.0)

    def add_batch(self, loss: float, metric: float | None, size: int) -> None:
        self.loss_sum += loss * size
        self.count += size
        if metric is not None:
            self.has_metric = True
            self.metric_sum += metric * size

    def add_step(self, total: float, norms: dict) -> None:
        self.norm_sum += total
        self.steps += 1
        for name, value in norms.items():
            self.layer_sums[name] += value

    def loss(self) -> float:
        return self.loss_sum / self.count

    def metric(self) -> float | None:
        return self.metric_sum / self.count if self.has_metric else None

    def logs(self, epoch: int, lr: float | None) -> dict:
        steps = max(self.steps, 1)
        return {"epoch": epoch, "loss": self.loss(), "metric": self.metric(),
                "val_loss": None, "val_metric": None, "lr": lr,
                "grad_norm": self.norm_sum / self.steps if self.steps else None,
                "grad_norms": {k: v / steps for k, v in self.layer_sums.items()}}


def evaluate(model: Module, loss_fn: Callable, data: Any, metric: str | Callable | None = None,
             batch_size: int = 256) -> tuple[float, float | None]:
    """Mean loss (and metric) of `model` over `data` in eval mode, without recording a graph.

    `data` is a DataLoader, an iterable of batches, or `(X, y)`. The model's mode is
    restored afterwards. Returns `(loss, metric)`, metric None when not asked for.
    """
    loader = _as_loader(data, batch_size, False, None, "data")
    metric_fn = metric if metric is None or callable(metric) else _metric_function(metric, loss_fn)
    was_training = model.training
    model.eval()
    total_loss = total_metric = 0.0
    count = 0
    try:
        with no_grad():
            for batch in loader:
                inputs, target = _split_batch(batch)
                output = model(*inputs)
                size = _batch_size(target)
                total_loss += float(loss_fn(output, target).item()) * size
                if metric_fn is not None:
                    total_metric += metric_fn(output, target) * size
                count += size
    finally:
        model.train(was_training)
    if count == 0:
        raise ValueError("evaluate: the data yielded no batches")
    return total_loss / count, (total_metric / count if metric_fn is not None else None)



# --- helpers -----------------------------------------------------------------------------
def _check_arguments(model, epochs, scheduler_step, accumulate_steps, patience, clip) -> None:
    if not isinstance(model, Module):
        raise TypeError(f"fit: model must be an nn.Module, got {type(model).__name__}")
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"fit: epochs must be a positive int, got {epochs!r}")
    if scheduler_step not in ("epoch", "batch"):
        raise ValueError(f"fit: scheduler_step must be 'epoch' or 'batch', got {scheduler_step!r}")
    if isinstance(accumulate_steps, bool) or not isinstance(accumulate_steps, int) \
            or accumulate_steps < 1:
        raise ValueError(f"fit: accumulate_steps must be a positive int, got {accumulate_steps!r}")
    if patience is not None and (not isinstance(patience, int) or patience < 1):
        raise ValueError(f"fit: early_stopping_patience must be a positive int or None, "
                         f"got {patience!r}")
    if clip is not None and not clip > 0:
        raise ValueError(f"fit: clip_grad_norm must be positive or None, got {clip!r}")


def _as_loader(data: Any, batch_size: int, shuffle: bool, seed: int | None, name: str):
    """A DataLoader (or re-iterable of batches) for `data`; `(X, y)` arrays are wrapped."""
    if isinstance(data, tuple) and len(data) >= 2 and all(
            isinstance(a, (np.ndarray, Tensor, list)) for a in data):
        return DataLoader(TensorDataset(*data), batch_size=batch_size, shuffle=shuffle, seed=seed)
    if iter(data) is data:
        raise TypeError(f"fit: {name} is a one-shot iterator; pass a DataLoader, a list of "
                        "batches or (X, y) arrays so it can be iterated once per epoch")
    return data


def _length(loader: Any) -> int | None:
    try:
        return len(loader)
    except TypeError:
        return None


def _split_batch(batch: Any) -> tuple[tuple, Any]:
    if not isinstance(batch, (tuple, list)) or len(batch) < 2:
        raise TypeError(f"fit: each batch must be (inputs..., target), got "
                        f"{type(batch).__name__}")
    inputs = tuple(x if isinstance(x, Tensor) else Tensor(x) for x in batch[:-1])
    return inputs, batch[-1]


def _batch_size(target: Any) -> int:
    shape = target.shape if isinstance(target, Tensor) else np.shape(target)
    return int(shape[0]) if shape else 1


def _metric_function(metric: str | Callable | None, loss_fn: Callable) -> Callable | None:
    if metric is None or callable(metric):
        return metric
    if metric == "accuracy":
        threshold = 0.5 if isinstance(loss_fn, BCELoss) else 0.0
        return lambda output, target: accuracy(output, target, threshold)
    raise ValueError(f"fit: metric must be None, 'accuracy' or a callable, got {metric!r}")


def _step_needs_value(scheduler: Any) -> bool:
    """True when `scheduler.step` requires an argument (ReduceLROnPlateau's metric)."""
    try:
        parameters = inspect.signature(scheduler.step).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.default is inspect.Parameter.empty and
               p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in parameters)


def _lr(optimizer: Any) -> float | None:
    groups = getattr(optimizer, "param_groups", None)
    return float(groups[0]["lr"]) if groups else None


def _gradient_norms(named: list) -> dict:
    """{parameter name: L2 norm of its gradient} (0 for parameters without a gradient)."""
    return {name: float(np.linalg.norm(p.grad.numpy(force=True).ravel()))
            if p.grad is not None else 0.0 for name, p in named}


def _scheduler_step(scheduler: Any, wants_value: bool, value: float) -> None:
    if wants_value:
        scheduler.step(value)
    else:
        scheduler.step()


def _postfix(loss, metric, val_loss, val_metric, lr, grad_norm, metric_name: str) -> dict:
    """The progress bar's figures (absent ones left out)."""
    figures = {"loss": loss, metric_name: metric, "val_loss": val_loss,
               "val_" + metric_name: val_metric}
    postfix = {key: f"{value:.4f}" for key, value in figures.items() if value is not None}
    if lr is not None:
        postfix["lr"] = f"{lr:.3g}"
    if grad_norm is not None:
        postfix["grad_norm"] = f"{grad_norm:.3g}"
    return postfix


def _record(history: History, logs: dict) -> None:
    for key in History.KEYS:
        if logs.get(key) is not None:
            history[key].append(logs[key])


def _call(callbacks: list, hook: str, *args) -> None:
    for callback in callbacks:
        method = getattr(callback, hook, None)
        if method is not None:
            method(*args)


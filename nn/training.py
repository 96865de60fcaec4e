"""`fit`: the training loop people write every time, with a progress bar, validation and a history.

    >>> history = nn.fit(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters()),
    ...                  (X_train, y_train), epochs=20, val_data=(X_val, y_val),
    ...                  metric="accuracy", early_stopping_patience=3)
    >>> history["val_loss"][-1], history.best_epoch

The loop reads top-down in `_Training`: `run` (the epochs), `train_epoch` (the batches),
`optimizer_step` (clip, step, reset), `end_epoch` (validation, scheduler, history); early
stopping is `_EarlyStopping`. Callbacks and the History are in nn/callbacks.py; `evaluate`,
`accuracy` and the reading of `(X, y)` or a DataLoader are in nn/evaluation.py.
"""
from __future__ import annotations

import inspect
import math
import time
from typing import Any, Callable, Iterable

import numpy as np
from tqdm.auto import tqdm

from nn.callbacks import Callback, FitState, History, call_hooks
from nn.evaluation import accuracy, as_loader, evaluate, metric_function, samples_in, split_batch
from nn.module import Module
from nn.utils import clip_grad_norm_

__all__ = ["fit", "evaluate", "accuracy", "History", "FitState", "Callback"]


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
        callbacks: objects with optional hooks (see nn/callbacks.py).
        verbose: show a tqdm progress bar (loss, metric, lr, gradient norm); False is silent.
        batch_size, shuffle, seed: how `(X, y)` arrays are batched.

    Returns:
        a `History`: per-epoch lists (loss, val_loss, metric, val_metric, lr, grad_norm,
        epoch_time), `best_epoch` and `stopped_epoch`.
    """
    _check_arguments(model, epochs, scheduler_step, accumulate_steps, early_stopping_patience,
                     clip_grad_norm)
    _check_parts(loss_fn, optimizer, callbacks)
    train_loader = as_loader(train_data, batch_size, shuffle, seed, "train_data")
    val_loader = None if val_data is None else as_loader(val_data, batch_size, False, None,
                                                          "val_data")
    training = _Training(FitState(model, loss_fn, optimizer, scheduler, History(), epochs),
                         metric, scheduler_step, clip_grad_norm, accumulate_steps,
                         list(callbacks))
    stopping = _EarlyStopping(early_stopping_patience, restore_best)
    return training.run(train_loader, val_loader, stopping, verbose)


class _Training:
    """One run of `fit`: its settings, and one method per stage of the loop."""

    def __init__(self, state: FitState, metric, scheduler_step: str, clip: float | None,
                 accumulate_steps: int, callbacks: list) -> None:
        self.state, self.model, self.optimizer = state, state.model, state.optimizer
        self.loss_fn, self.scheduler = state.loss_fn, state.scheduler
        self.metric_fn = metric_function(metric, state.loss_fn)
        self.metric_name = metric if isinstance(metric, str) else "metric"
        self.scheduler_per_batch = scheduler_step == "batch"
        self.scheduler_wants_value = state.scheduler is not None and \
            _step_needs_value(state.scheduler)
        self.clip, self.accumulate_steps, self.callbacks = clip, accumulate_steps, callbacks
        self.named = [(name, p) for name, p in self.model.named_parameters() if p.requires_grad]

    def run(self, train_loader, val_loader, stopping: "_EarlyStopping",
            verbose: bool) -> History:
        state, history = self.state, self.state.history
        was_training = self.model.training
        n_batches = _length(train_loader)
        bar = tqdm(total=state.epochs * n_batches if n_batches else None, disable=not verbose,
                   dynamic_ncols=True, leave=True, unit="batch")
        call_hooks(self.callbacks, "on_train_begin", state)
        try:
            self.optimizer.zero_grad()
            for epoch in range(state.epochs):
                start = time.perf_counter()
                totals = self.train_epoch(epoch, train_loader, n_batches, bar)
                logs, monitored = self.end_epoch(epoch, totals, val_loader, start, bar)
                stop = stopping.update(monitored, epoch, self.model, history)
                if state.stop_training or stop:
                    history.stopped_epoch = epoch
                    break
        finally:
            bar.close()
        stopping.restore(self.model)
        self.model.train(was_training)
        call_hooks(self.callbacks, "on_train_end", state)
        return history

    def train_epoch(self, epoch: int, loader, n_batches: int | None, bar) -> "_EpochTotals":
        """One pass over the batches: forward, backward, and a step every accumulate_steps."""
        self.state.epoch = epoch
        self.model.train()
        bar.set_description(f"epoch {epoch + 1}/{self.state.epochs}")
        call_hooks(self.callbacks, "on_epoch_begin", epoch,
                   {"epoch": epoch, "lr": _lr(self.optimizer)})
        totals, pending, loss_value = _EpochTotals([name for name, _ in self.named]), 0, 0.0
        for batch_index, batch in enumerate(loader):
            loss_value, output, target = self.train_batch(batch)
            pending += 1
            totals.add_batch(loss_value, self.metric_fn and self.metric_fn(output, target),
                             samples_in(target))
            logs = {"epoch": epoch, "batch": batch_index, "loss": loss_value,
                    "lr": _lr(self.optimizer), "stepped": False}
            if pending == self.accumulate_steps or batch_index + 1 == n_batches:
                logs.update(self.optimizer_step(totals, loss_value))
                pending = 0
                bar.set_postfix(_postfix(totals.loss(), totals.metric(), None, None, logs["lr"],
                                         logs["grad_norm"], self.metric_name), refresh=False)
            bar.update(1)
            call_hooks(self.callbacks, "on_batch_end", self.state.step, logs)
        if pending:  # an iterable without len(): step on what is left
            self.optimizer_step(totals, loss_value)
        if totals.count == 0:
            raise ValueError("fit: train_data yielded no batches")
        return totals

    def train_batch(self, batch) -> tuple:
        """Forward and backward of one batch; returns (loss value, output, target)."""
        inputs, target = split_batch(batch)
        output = self.model(*inputs)
        loss = self.loss_fn(output, target)
        (loss / self.accumulate_steps if self.accumulate_steps > 1 else loss).backward()
        return float(loss.item()), output, target

    def optimizer_step(self, totals: "_EpochTotals", loss_value: float) -> dict:
        """Clip, step, reset the gradients and (per batch) the scheduler; batch-log entries."""
        norms = _gradient_norms(self.named)
        total = math.sqrt(sum(n * n for n in norms.values()))
        if self.clip is not None:
            clip_grad_norm_([p for _, p in self.named], self.clip)
        self.optimizer.step()
        self.optimizer.zero_grad()
        self.state.step += 1
        totals.add_step(total, norms)
        if self.scheduler is not None and self.scheduler_per_batch:
            self.step_scheduler(loss_value)
        return {"stepped": True, "grad_norm": total, "grad_norms": norms}

    def step_scheduler(self, value: float) -> None:
        if self.scheduler_wants_value:
            self.scheduler.step(value)
        else:
            self.scheduler.step()

    def end_epoch(self, epoch: int, totals: "_EpochTotals", val_loader, start: float,
                  bar) -> tuple:
        """Validation, the per-epoch scheduler step, the history and the callbacks; returns
        (logs, the monitored loss)."""
        logs = totals.logs(epoch, _lr(self.optimizer))
        if val_loader is not None:
            logs["val_loss"], logs["val_metric"] = evaluate(self.model, self.loss_fn, val_loader,
                                                            self.metric_fn)
        monitored = logs["val_loss"] if val_loader is not None else logs["loss"]
        if self.scheduler is not None and not self.scheduler_per_batch:
            self.step_scheduler(monitored)
        logs["epoch_time"] = time.perf_counter() - start
        self.state.history.record(logs)
        bar.set_postfix(_postfix(logs["loss"], logs["metric"], logs["val_loss"],
                                 logs["val_metric"], logs["lr"], logs["grad_norm"],
                                 self.metric_name), refresh=True)
        self.state.logs = logs
        call_hooks(self.callbacks, "on_epoch_end", epoch, logs)
        return logs, monitored


class _EarlyStopping:
    """Tracks the best monitored loss: the best epoch, its weights (with patience and
    restore_best), and whether `patience` epochs passed without improvement."""

    def __init__(self, patience: int | None, restore_best: bool) -> None:
        self.patience, self.restore_best = patience, restore_best
        self.best_loss, self.best_state, self.bad_epochs = math.inf, None, 0

    def update(self, monitored: float, epoch: int, model: Module, history: History) -> bool:
        """Record this epoch's loss; True when training should stop."""
        if monitored < self.best_loss:
            self.best_loss, self.bad_epochs, history.best_epoch = monitored, 0, epoch
            if self.patience is not None and self.restore_best:
                self.best_state = {k: v.numpy(force=True).copy()
                                   for k, v in model.state_dict().items()}
        else:
            self.bad_epochs += 1
        return self.patience is not None and self.bad_epochs >= self.patience

    def restore(self, model: Module) -> None:
        if self.best_state is not None:
            model.load_state_dict(self.best_state)


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


def _check_parts(loss_fn, optimizer, callbacks) -> None:
    """fit's loss function, optimizer and callbacks are what fit will call."""
    if not callable(loss_fn):
        raise TypeError(f"fit: loss_fn must be callable (e.g. nn.MSELoss()), got "
                        f"{type(loss_fn).__name__}")
    if not (callable(getattr(optimizer, "step", None)) and
            callable(getattr(optimizer, "zero_grad", None))):
        raise TypeError(f"fit: optimizer must have step() and zero_grad() (an optim "
                        f"optimizer), got {type(optimizer).__name__}")
    hooks = [name for name in vars(Callback) if name.startswith("on_")]
    for callback in callbacks:
        if not any(callable(getattr(callback, hook, None)) for hook in hooks):
            raise TypeError(f"fit: each callback needs at least one of {', '.join(hooks)}; "
                            f"got {type(callback).__name__}")


def _length(loader: Any) -> int | None:
    try:
        return len(loader)
    except TypeError:
        return None


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

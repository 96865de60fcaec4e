"""What `fit` reports: the `History` it returns, the `FitState` it runs on, and `Callback`.

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

from dataclasses import dataclass, field
from typing import Any, Callable

from nn.module import Module

__all__ = ["History", "FitState", "Callback", "call_hooks"]


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

    def record(self, logs: dict) -> None:
        """Append an epoch's logged values (those that were computed)."""
        for key in self.KEYS:
            if logs.get(key) is not None:
                self[key].append(logs[key])

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


def call_hooks(callbacks: list, hook: str, *args) -> None:
    """Call `hook(*args)` on every callback that has it."""
    for callback in callbacks:
        method = getattr(callback, hook, None)
        if method is not None:
            method(*args)

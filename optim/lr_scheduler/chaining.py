"""Schedulers made of schedulers: `SequentialLR` (one after another) and `ChainedScheduler`
(all at once, their factors multiplying)."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from optim._checks import check_int
from optim.lr_scheduler.base import LRScheduler, _group_lrs, _int_list
from optim.lr_scheduler.plateau import ReduceLROnPlateau
from optim.optimizer import Optimizer

__all__ = ["SequentialLR", "ChainedScheduler"]


def _check_schedulers(kind: str, schedulers: Sequence[LRScheduler], optimizer: Optimizer,
                      empty_message: str) -> None:
    """Every scheduler drives `optimizer` and needs no metric, as PyTorch checks."""
    if len(schedulers) < 1:
        raise ValueError(f"{kind} expects at least one scheduler{empty_message}")
    for index, scheduler in enumerate(schedulers):
        if not hasattr(scheduler, "optimizer"):
            raise TypeError(f"{kind} at index {index} should have `optimizer` as its attribute.")
        if isinstance(scheduler, ReduceLROnPlateau):
            raise ValueError(f"{kind} does not support `ReduceLROnPlateau` scheduler as it "
                             f"requires additional kwargs to be specified when calling `step`, "
                             f"but got one at index {index} in the given schedulers sequence.")
        if scheduler.optimizer is not optimizer:
            raise ValueError(f"{kind} expects all schedulers to belong to the same optimizer, "
                             f"but got scheduler {type(scheduler).__name__} at index {index} "
                             f"whose optimizer is another {type(scheduler.optimizer).__name__}.")


class _SchedulerGroup(LRScheduler):
    """A scheduler made of other schedulers (`_schedulers`): its state holds theirs."""

    def state_dict(self) -> dict[str, Any]:
        state = {k: v for k, v in super().state_dict().items() if k != "_schedulers"}
        state["_schedulers"] = [s.state_dict() for s in self._schedulers]
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        state = self._checked_state(state_dict)
        schedulers = state.pop("_schedulers")
        self.__dict__.update(state)
        for scheduler, saved in zip(self._schedulers, schedulers):
            scheduler.load_state_dict(saved)


class SequentialLR(_SchedulerGroup):
    """Run schedulers one after another, switching at the given milestones.

    Scheduler i is active for epochs in [milestones[i-1], milestones[i]); at a milestone the
    next scheduler restarts from its epoch 0 (closed form). Example: linear warmup for 5
    epochs, then cosine::

        SequentialLR(opt, [LinearLR(opt, 0.1, total_iters=5), CosineAnnealingLR(opt, 95)], [5])
    """

    def __init__(self, optimizer: Optimizer, schedulers: Sequence[LRScheduler],
                 milestones: Sequence[int], last_epoch: int = -1) -> None:
        _check_schedulers("SequentialLR", schedulers, optimizer, ", but got no scheduler.")
        milestones = _int_list("milestones", milestones)
        if len(milestones) != len(schedulers) - 1:
            raise ValueError(f"Sequential Schedulers expects number of schedulers provided to "
                             f"be one more than the number of milestone points, but got number "
                             f"of schedulers {len(schedulers)} and the number of milestones to "
                             f"be equal to {len(milestones)}")
        check_int("last_epoch", last_epoch, -1)
        self._schedulers = list(schedulers)
        self._milestones = milestones
        self.last_epoch = last_epoch + 1
        self.optimizer = optimizer
        # undo the steps the schedulers took when they were built, then start the first one
        for group in optimizer.param_groups:
            group["lr"] = group["initial_lr"]
        for scheduler in self._schedulers:
            self._recursive_undo(scheduler)
        index = bisect_right(self._milestones, 0)
        self._schedulers[index]._initial_step()
        self._last_lr = self._schedulers[index].get_last_lr()

    def _recursive_undo(self, scheduler) -> None:
        if hasattr(scheduler, "_schedulers"):
            for inner in scheduler._schedulers:
                self._recursive_undo(inner)
        elif hasattr(scheduler, "last_epoch"):
            scheduler.last_epoch -= 1

    def step(self) -> None:
        self.last_epoch += 1
        index = bisect_right(self._milestones, self.last_epoch)
        scheduler = self._schedulers[index]
        if index > 0 and self._milestones[index - 1] == self.last_epoch:
            scheduler._update_lr_closed_form(0)
        else:
            scheduler.step()
        self._last_lr = scheduler.get_last_lr()


class ChainedScheduler(_SchedulerGroup):
    """Step several chainable schedulers together with one ``step()``.

    Their factors multiply, e.g. a warmup ``LinearLR`` and an ``ExponentialLR`` decay.
    """

    def __init__(self, schedulers: Sequence[LRScheduler],
                 optimizer: Optimizer | None = None) -> None:
        if len(schedulers) < 1:
            raise ValueError("ChainedScheduler expects at least one scheduler to be chained, "
                             "but got no scheduler.")
        optimizer = optimizer or getattr(schedulers[0], "optimizer", None)
        _check_schedulers("ChainedScheduler", schedulers, optimizer, " to be chained.")
        self._schedulers = list(schedulers)
        self.optimizer = optimizer
        self._last_lr = _group_lrs(optimizer)

    def step(self) -> None:
        for scheduler in self._schedulers:
            scheduler.step()
        self._last_lr = _group_lrs(self.optimizer)

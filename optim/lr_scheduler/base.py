"""`LRScheduler`, the base of every scheduler: base lrs, one step per epoch, PyTorch's checks."""
from __future__ import annotations

import warnings
from collections.abc import Iterable
from contextlib import contextmanager
from typing import Any

from optim._checks import check_int, is_number
from optim.optimizer import Optimizer

__all__ = ["LRScheduler"]

#: PyTorch's warning, word for word, when a scheduler steps before its optimizer ever has
ORDER_WARNING = (
    "Detected call of `lr_scheduler.step()` before `optimizer.step()`. "
    "In PyTorch 1.1.0 and later, you should call them in the opposite order: "
    "`optimizer.step()` before `lr_scheduler.step()`.  Failure to do this "
    "will result in PyTorch skipping the first value of the learning rate schedule. "
    "See more details at "
    "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate"
)

#: PyTorch's warning when ``get_lr()`` is called by hand (chainable ones would apply twice)
GET_LR_WARNING = ("To get the last learning rate computed by the scheduler, "
                  "please use `get_last_lr()`.")


def _group_lrs(optimizer: Optimizer) -> list[float]:
    return [group["lr"] for group in optimizer.param_groups]


def _per_group(name: str, optimizer: Optimizer, value) -> list:
    """One value per parameter group: a list of that length, or one value repeated."""
    if isinstance(value, (list, tuple)):
        if len(value) != len(optimizer.param_groups):
            raise ValueError(f"{name} must have the same length as optimizer.param_groups. "
                             f"{name} has {len(value)} values, param_groups has "
                             f"{len(optimizer.param_groups)}.")
        return list(value)
    return [value] * len(optimizer.param_groups)


def _check_optimizer(optimizer) -> None:
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"{type(optimizer).__name__} is not an Optimizer")


def _int_list(name: str, values) -> list[int]:
    """`values` as a list of ints; TypeError naming `name` for anything else."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a list of integers, got {values!r}")
    values = list(values)
    if not all(is_number(v) and float(v) == int(v) for v in values):
        raise TypeError(f"{name} must be a list of integers, got {values!r}")
    return [int(v) for v in values]


def _length(value) -> int | None:
    """len(value), or None for something that has no length."""
    return len(value) if hasattr(value, "__len__") else None


def _warn_if_get_lr_called_outside_step(scheduler: LRScheduler) -> None:
    """Every built-in ``get_lr`` starts with this, as PyTorch's do."""
    if not getattr(scheduler, "_get_lr_called_within_step", False):
        warnings.warn(GET_LR_WARNING, UserWarning, stacklevel=3)


class LRScheduler:
    """Base class: sets every group's ``lr`` at each ``step()``, as PyTorch's `LRScheduler`.

    Construction records each group's ``initial_lr`` (the base lr) and takes the first step,
    so ``last_epoch`` becomes 0 and the groups hold the lr of epoch 0. Call
    ``optimizer.step()`` then ``scheduler.step()`` once per epoch (or iteration); the other
    order skips the schedule's first value, and the first ``scheduler.step()`` warns, as
    PyTorch's does. ``get_last_lr()`` returns the lrs set by the last step.

    Most schedulers here are *chainable*, as in PyTorch: ``get_lr`` multiplies the lr the
    group holds now by a factor, so several schedulers can act on one optimizer and their
    factors compose. A subclass writes ``get_lr`` (the lrs for ``last_epoch``) and may
    write ``_get_closed_form_lr`` (the same lrs as a function of ``last_epoch`` alone).

    Args:
        optimizer: the optimizer whose learning rates are scheduled.
        last_epoch: index of the last epoch when resuming (default -1: start afresh).
    """

    #: attributes that are not part of the saved state (the optimizer, flags used in a step)
    _not_state = ("optimizer", "_is_initial", "_get_lr_called_within_step")
    #: saved lists that hold one entry per parameter group
    _per_group_state = ("base_lrs", "_last_lr", "min_lrs", "lr_lambdas")

    def __init__(self, optimizer: Optimizer, last_epoch: int = -1) -> None:
        _check_optimizer(optimizer)
        check_int("last_epoch", last_epoch, -1)
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in optimizer.param_groups:
                group.setdefault("initial_lr", group["lr"])
        else:
            for index, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise KeyError(f"param 'initial_lr' is not specified in param_groups[{index}]"
                                   f" when resuming scheduler with last_epoch >= 0; load the "
                                   f"optimizer's state dict first")
        self.base_lrs: list[float] = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        self._initial_step()

    def _initial_step(self) -> None:
        """Take the step that makes ``last_epoch`` 0 at construction."""
        self._step_count = 0
        self._is_initial = True
        try:
            self.step()
        finally:
            self._is_initial = False

    def get_lr(self) -> list[float]:
        """The lrs for the current ``last_epoch`` (called by ``step``; use ``get_last_lr``)."""
        raise NotImplementedError

    def get_last_lr(self) -> list[float]:
        """The lrs this scheduler set last, one per parameter group."""
        return self._last_lr

    def step(self) -> None:
        """Advance one epoch and set each group's lr."""
        if self._step_count == 1 and not getattr(self.optimizer, "_step_called", False):
            warnings.warn(ORDER_WARNING, UserWarning, stacklevel=2)
        self._step_count += 1
        self.last_epoch += 1
        with self._computing_lrs():
            lrs = self.get_lr()
        self._set_lrs(lrs)

    @contextmanager
    def _computing_lrs(self):
        """Mark calls of ``get_lr`` made by the scheduler itself (they must not warn)."""
        self._get_lr_called_within_step = True
        try:
            yield
        finally:
            self._get_lr_called_within_step = False

    def _set_lrs(self, lrs: Iterable[float]) -> None:
        for group, lr in zip(self.optimizer.param_groups, lrs):
            group["lr"] = lr
        self._last_lr = _group_lrs(self.optimizer)

    def _update_lr_closed_form(self, epoch: int) -> None:
        """Jump to `epoch` (used by SequentialLR at a milestone), closed form if there is one."""
        self.last_epoch = epoch
        with self._computing_lrs():
            closed_form = getattr(self, "_get_closed_form_lr", self.get_lr)
            self._set_lrs(closed_form())

    def state_dict(self) -> dict[str, Any]:
        """Every attribute except the optimizer (plain numbers and lists)."""
        return {key: value for key, value in self.__dict__.items() if key not in self._not_state}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore the attributes saved by ``state_dict()``, refusing another kind's state."""
        self.__dict__.update(self._checked_state(state_dict))

    def _checked_state(self, state_dict) -> dict[str, Any]:
        """`state_dict` less transient flags, if it has exactly this scheduler's entries."""
        name = type(self).__name__
        if not isinstance(state_dict, dict):
            raise TypeError(f"state_dict must be a dict, got {type(state_dict).__name__}")
        saved = {k: v for k, v in state_dict.items() if k not in self._not_state}
        own = self.state_dict()
        for key in saved:
            if key not in own:
                raise ValueError(f"{name} state dict has {key!r}, which {name} does not have "
                                 f"(is it another scheduler's state?)")
        for key, value in own.items():
            if key not in saved:
                raise ValueError(f"{name} state dict lacks {key!r}")
            if saved[key] is None and value is not None:
                raise ValueError(f"{name} state dict: {key!r} is None")
            if (key in self._per_group_state or key == "_schedulers") \
                    and isinstance(value, list) and _length(saved[key]) != len(value):
                raise ValueError(f"{name} state dict: {key!r} has {_length(saved[key])} values, "
                                 f"this scheduler has {len(value)}")
        return saved

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(last_epoch={self.last_epoch}, last_lr={self._last_lr})"

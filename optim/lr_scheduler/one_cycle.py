"""`OneCycleLR`: the 1cycle policy, lr up then down (and momentum the other way), per batch."""
from __future__ import annotations

import math
from typing import Any

from optim._checks import check_range
from optim.lr_scheduler.base import (
    LRScheduler, _check_optimizer, _per_group, _warn_if_get_lr_called_outside_step,
)
from optim.optimizer import Optimizer

__all__ = ["OneCycleLR"]


def _total_steps(total_steps: int | None, epochs: int | None,
                 steps_per_epoch: int | None) -> int:
    """The cycle's length: `total_steps`, or `epochs` × `steps_per_epoch`."""
    if total_steps is not None:
        if not isinstance(total_steps, int) or total_steps <= 0:
            raise ValueError(f"Expected positive integer total_steps, but got {total_steps}")
        return total_steps
    if epochs is None or steps_per_epoch is None:
        raise ValueError("You must define either total_steps OR (epochs AND steps_per_epoch)")
    if not isinstance(epochs, int) or epochs <= 0:
        raise ValueError(f"Expected positive integer epochs, but got {epochs}")
    if not isinstance(steps_per_epoch, int) or steps_per_epoch <= 0:
        raise ValueError(f"Expected positive integer steps_per_epoch, but got "
                         f"{steps_per_epoch}")
    return epochs * steps_per_epoch


def _phases(pct_start: float, total_steps: int, three_phase: bool) -> list[dict[str, Any]]:
    """Each phase's last step and the group entries its lr and momentum go between."""
    warmup = {"end_step": float(pct_start * total_steps) - 1, "start_lr": "initial_lr",
              "end_lr": "max_lr", "start_momentum": "max_momentum",
              "end_momentum": "base_momentum"}
    if not three_phase:
        return [warmup, {"end_step": total_steps - 1, "start_lr": "max_lr", "end_lr": "min_lr",
                         "start_momentum": "base_momentum", "end_momentum": "max_momentum"}]
    return [warmup,
            {"end_step": float(2 * pct_start * total_steps) - 2, "start_lr": "max_lr",
             "end_lr": "initial_lr", "start_momentum": "base_momentum",
             "end_momentum": "max_momentum"},
            {"end_step": total_steps - 1, "start_lr": "initial_lr", "end_lr": "min_lr",
             "start_momentum": "max_momentum", "end_momentum": "max_momentum"}]


class OneCycleLR(LRScheduler):
    """The 1cycle policy (Smith & Topin, 2018), per batch, as PyTorch's `OneCycleLR`.

    lr rises from max_lr/div_factor to max_lr over the first pct_start of total_steps, then
    anneals to max_lr/(div_factor · final_div_factor) (cosine or linear); momentum (or β1)
    moves the opposite way between max_momentum and base_momentum. With three_phase, the
    lr comes back down symmetrically before a final annihilation phase. Stepping more than
    total_steps times is an error, as in PyTorch.
    """

    def __init__(self, optimizer: Optimizer, max_lr: float | list[float],
                 total_steps: int | None = None, epochs: int | None = None,
                 steps_per_epoch: int | None = None, pct_start: float = 0.3,
                 anneal_strategy: str = "cos", cycle_momentum: bool = True,
                 base_momentum: float | list[float] = 0.85,
                 max_momentum: float | list[float] = 0.95, div_factor: float = 25.0,
                 final_div_factor: float = 1e4, three_phase: bool = False,
                 last_epoch: int = -1) -> None:
        _check_optimizer(optimizer)
        self.optimizer = optimizer
        self.total_steps = _total_steps(total_steps, epochs, steps_per_epoch)
        if not isinstance(pct_start, float) or not 0 <= pct_start <= 1:
            raise ValueError(f"Expected float between 0 and 1 pct_start, but got {pct_start}")
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(f"anneal_strategy must be one of 'cos' or 'linear', instead got "
                             f"{anneal_strategy}")
        check_range("div_factor", div_factor, 0.0, low_inclusive=False)
        check_range("final_div_factor", final_div_factor, 0.0, low_inclusive=False)
        self.anneal_strategy = anneal_strategy
        self._schedule_phases = _phases(pct_start, self.total_steps, three_phase)
        max_lrs = _per_group("max_lr", optimizer, max_lr)
        for value in max_lrs:
            check_range("max_lr", value, 0.0)
        if last_epoch == -1:
            for group, group_max_lr in zip(optimizer.param_groups, max_lrs):
                group["initial_lr"] = group_max_lr / div_factor
                group["max_lr"] = group_max_lr
                group["min_lr"] = group["initial_lr"] / final_div_factor
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            self._init_momentum(base_momentum, max_momentum, last_epoch)
        super().__init__(optimizer, last_epoch)

    def _init_momentum(self, base_momentum, max_momentum, last_epoch: int) -> None:
        """Momentum (SGD, RMSprop) or β1 (Adam's family) starts at max_momentum."""
        optimizer = self.optimizer
        if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
            raise ValueError("optimizer must support momentum or beta1 with `cycle_momentum` "
                             "option enabled")
        self.use_beta1 = "betas" in optimizer.defaults
        max_momentums = _per_group("max_momentum", optimizer, max_momentum)
        base_momentums = _per_group("base_momentum", optimizer, base_momentum)
        for m_max, m_base in zip(max_momentums, base_momentums):
            check_range("max_momentum", m_max, 0.0)
            check_range("base_momentum", m_base, 0.0)
        if last_epoch == -1:
            for group, m_max, m_base in zip(optimizer.param_groups, max_momentums,
                                            base_momentums):
                self._set_momentum(group, m_max)
                group["max_momentum"] = m_max
                group["base_momentum"] = m_base

    def _set_momentum(self, group: dict[str, Any], momentum: float) -> None:
        if self.use_beta1:
            group["betas"] = (momentum, *group["betas"][1:])
        else:
            group["momentum"] = momentum

    def _anneal(self, start: float, end: float, pct: float) -> float:
        if self.anneal_strategy == "cos":
            return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def get_lr(self) -> list[float]:
        _warn_if_get_lr_called_outside_step(self)
        step_num = self.last_epoch
        if step_num > self.total_steps:
            raise ValueError(f"Tried to step {step_num} times. The specified number of total "
                             f"steps is {self.total_steps}")
        lrs = []
        for group in self.optimizer.param_groups:
            start_step = 0.0
            for index, phase in enumerate(self._schedule_phases):
                end_step = phase["end_step"]
                if step_num <= end_step or index == len(self._schedule_phases) - 1:
                    pct = (step_num - start_step) / (end_step - start_step)
                    lr = self._anneal(group[phase["start_lr"]], group[phase["end_lr"]], pct)
                    if self.cycle_momentum:
                        momentum = self._anneal(group[phase["start_momentum"]],
                                                group[phase["end_momentum"]], pct)
                    break
                start_step = phase["end_step"]
            lrs.append(lr)
            if self.cycle_momentum:
                self._set_momentum(group, momentum)
        return lrs

"""Schedules that decay by a factor: `StepLR`, `MultiStepLR`, `ExponentialLR`, `InverseTimeLR`,
the linear ramp `LinearLR` (warmup) and the free-form `LambdaLR`."""
from __future__ import annotations

import types
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from optim._checks import check_callable, check_int, check_number, check_range, is_number
from optim.lr_scheduler.base import (
    LRScheduler, _group_lrs, _int_list, _warn_if_get_lr_called_outside_step,
)
from optim.optimizer import Optimizer

__all__ = ["LambdaLR", "StepLR", "MultiStepLR", "ExponentialLR", "InverseTimeLR", "LinearLR"]


def _check_gamma(gamma) -> None:
    """A decay factor γ ≥ 0 (PyTorch accepts γ < 0, which makes the learning rate negative)."""
    check_range("gamma", gamma, 0.0)


class LambdaLR(LRScheduler):
    """lr = base_lr · λ(epoch), with one function λ (or one per group).

    Not chainable: it ignores the lr a group holds. State dicts keep the functions' own
    attributes (for callable objects), not the functions.
    """

    def __init__(self, optimizer: Optimizer,
                 lr_lambda: Callable[[int], float] | Sequence[Callable[[int], float]],
                 last_epoch: int = -1) -> None:
        if isinstance(lr_lambda, (list, tuple)):
            if len(lr_lambda) != len(optimizer.param_groups):
                raise ValueError(f"Expected {len(optimizer.param_groups)} lr_lambdas, "
                                 f"but got {len(lr_lambda)}")
            self.lr_lambdas = list(lr_lambda)
        else:
            self.lr_lambdas = [lr_lambda] * len(optimizer.param_groups)
        for fn in self.lr_lambdas:
            check_callable("lr_lambda", fn)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        _warn_if_get_lr_called_outside_step(self)
        return [base_lr * self._factor(fn) for fn, base_lr in zip(self.lr_lambdas, self.base_lrs)]

    def _factor(self, fn: Callable[[int], float]) -> float:
        factor = fn(self.last_epoch)
        if not is_number(factor):
            raise TypeError(f"lr_lambda must return a number, got {factor!r} for epoch "
                            f"{self.last_epoch}")
        return factor

    def state_dict(self) -> dict[str, Any]:
        state = super().state_dict()
        state["lr_lambdas"] = [None if isinstance(fn, types.FunctionType) else dict(fn.__dict__)
                               for fn in self.lr_lambdas]
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        state = self._checked_state(state_dict)
        lambdas = state.pop("lr_lambdas")
        self.__dict__.update(state)
        for fn, saved in zip(self.lr_lambdas, lambdas):
            if saved is not None:
                fn.__dict__.update(saved)


class StepLR(LRScheduler):
    """Step decay: lr = base_lr · γ^⌊epoch / step_size⌋ (chainable: × γ every step_size)."""

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1,
                 last_epoch: int = -1) -> None:
        check_int("step_size", step_size, 1)
        _check_gamma(gamma)
        self.step_size = step_size
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        _warn_if_get_lr_called_outside_step(self)
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return _group_lrs(self.optimizer)
        return [group["lr"] * self.gamma for group in self.optimizer.param_groups]

    def _get_closed_form_lr(self) -> list[float]:
        return [base_lr * self.gamma ** (self.last_epoch // self.step_size)
                for base_lr in self.base_lrs]


class MultiStepLR(LRScheduler):
    """lr = base_lr · γ^(number of milestones ≤ epoch) (chainable: × γ at each milestone)."""

    def __init__(self, optimizer: Optimizer, milestones: Iterable[int], gamma: float = 0.1,
                 last_epoch: int = -1) -> None:
        self.milestones = sorted(_int_list("milestones", milestones))
        _check_gamma(gamma)
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        _warn_if_get_lr_called_outside_step(self)
        hits = Counter(self.milestones)[self.last_epoch]
        if hits == 0:
            return _group_lrs(self.optimizer)
        return [group["lr"] * self.gamma ** hits for group in self.optimizer.param_groups]

    def _get_closed_form_lr(self) -> list[float]:
        return [base_lr * self.gamma ** bisect_right(self.milestones, self.last_epoch)
                for base_lr in self.base_lrs]


class ExponentialLR(LRScheduler):
    """Exponential decay: lr = base_lr · γ^epoch (the course's α0 e^(−k t) with γ = e^(−k))."""

    def __init__(self, optimizer: Optimizer, gamma: float, last_epoch: int = -1) -> None:
        _check_gamma(gamma)
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        _warn_if_get_lr_called_outside_step(self)
        if self._is_initial:
            return _group_lrs(self.optimizer)
        return [group["lr"] * self.gamma for group in self.optimizer.param_groups]

    def _get_closed_form_lr(self) -> list[float]:
        return [base_lr * self.gamma ** self.last_epoch for base_lr in self.base_lrs]


class InverseTimeLR(LRScheduler):
    """Inverse-time decay: lr = base_lr / (1 + k · epoch).

    Chainable: each step multiplies the group's lr by (1 + k (t - 1)) / (1 + k t).

    Args:
        decay_rate: k ≥ 0.
    """

    def __init__(self, optimizer: Optimizer, decay_rate: float, last_epoch: int = -1) -> None:
        check_range("decay_rate", decay_rate, 0.0)
        self.decay_rate = decay_rate
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        _warn_if_get_lr_called_outside_step(self)
        if self.last_epoch == 0:
            return _group_lrs(self.optimizer)
        k, t = self.decay_rate, self.last_epoch
        factor = (1 + k * (t - 1)) / (1 + k * t)
        return [group["lr"] * factor for group in self.optimizer.param_groups]

    def _get_closed_form_lr(self) -> list[float]:
        return [base_lr / (1 + self.decay_rate * self.last_epoch) for base_lr in self.base_lrs]


class LinearLR(LRScheduler):
    """lr = base_lr · factor, factor going linearly from start_factor to end_factor.

    factor_t = start + (end - start) · min(t, total_iters) / total_iters. Used for warmup.
    """

    def __init__(self, optimizer: Optimizer, start_factor: float = 1.0 / 3,
                 end_factor: float = 1.0, total_iters: int = 5, last_epoch: int = -1) -> None:
        if check_number("start_factor", start_factor) > 1.0 or start_factor <= 0:
            raise ValueError(f"Starting multiplicative factor expected to be greater than 0 "
                             f"and less or equal to 1. Got start_factor={start_factor}.")
        if check_number("end_factor", end_factor) > 1.0 or end_factor < 0:
            raise ValueError(f"Ending multiplicative factor expected to be between 0 and 1. "
                             f"Got end_factor={end_factor}.")
        check_int("total_iters", total_iters, 1)
        self.start_factor = start_factor
        self.end_factor = end_factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        _warn_if_get_lr_called_outside_step(self)
        if self.last_epoch == 0:
            return [group["lr"] * self.start_factor for group in self.optimizer.param_groups]
        if self._is_initial or self.last_epoch > self.total_iters:
            return _group_lrs(self.optimizer)
        delta = self.end_factor - self.start_factor
        factor = 1.0 + delta / (self.total_iters * self.start_factor
                                + (self.last_epoch - 1) * delta)
        return [group["lr"] * factor for group in self.optimizer.param_groups]

    def _get_closed_form_lr(self) -> list[float]:
        return [base_lr * (self.start_factor + (self.end_factor - self.start_factor)
                           * min(self.total_iters, self.last_epoch) / self.total_iters)
                for base_lr in self.base_lrs]

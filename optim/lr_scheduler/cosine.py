"""Cosine schedules: `CosineAnnealingLR`, SGDR's `CosineAnnealingWarmRestarts`, and the
course's linear warmup then cosine decay (`WarmupCosineLR`, `warmup_cosine`)."""
from __future__ import annotations

import math

from optim._checks import check_int, check_number, check_range
from optim.lr_scheduler.base import (
    LRScheduler, _group_lrs, _warn_if_get_lr_called_outside_step,
)
from optim.optimizer import Optimizer

__all__ = ["CosineAnnealingLR", "CosineAnnealingWarmRestarts", "WarmupCosineLR",
           "warmup_cosine"]


class CosineAnnealingLR(LRScheduler):
    """Cosine annealing: lr = η_min + ½(base_lr − η_min)(1 + cos(π t / T_max)).

    Chainable, as PyTorch's: past T_max the lr climbs back, a cosine of period 2 T_max.
    """

    def __init__(self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0,
                 last_epoch: int = -1) -> None:
        check_range("T_max", T_max, 0.0, low_inclusive=False)
        check_number("eta_min", eta_min)
        self.T_max = T_max
        self.eta_min = eta_min
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        _warn_if_get_lr_called_outside_step(self)
        t, T, eta_min = self.last_epoch, self.T_max, self.eta_min
        if self._is_initial:
            return _group_lrs(self.optimizer)
        if self._step_count == 1 and t > 0:
            return [eta_min + (base_lr - eta_min) * (1 + math.cos(t * math.pi / T)) / 2
                    for base_lr in self.base_lrs]
        if (t - 1 - T) % (2 * T) == 0:
            return [group["lr"] + (base_lr - eta_min) * (1 - math.cos(math.pi / T)) / 2
                    for base_lr, group in zip(self.base_lrs, self.optimizer.param_groups)]
        return [(1 + math.cos(math.pi * t / T)) / (1 + math.cos(math.pi * (t - 1) / T))
                * (group["lr"] - eta_min) + eta_min for group in self.optimizer.param_groups]

    def _get_closed_form_lr(self) -> list[float]:
        return [self.eta_min + (base_lr - self.eta_min)
                * (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / 2
                for base_lr in self.base_lrs]


class CosineAnnealingWarmRestarts(LRScheduler):
    """SGDR (Loshchilov & Hutter, 2017): cosine annealing restarted every T_i epochs.

    lr = η_min + ½(base_lr − η_min)(1 + cos(π T_cur / T_i)), T_cur epochs since the last
    restart; T_0 is the first period and each period is T_mult times the previous one.
    ``step(epoch)`` accepts fractional epochs (e.g. ``epoch + i / iters``).
    """

    def __init__(self, optimizer: Optimizer, T_0: int, T_mult: int = 1, eta_min: float = 0.0,
                 last_epoch: int = -1) -> None:
        if not isinstance(T_0, int) or T_0 <= 0:
            raise ValueError(f"Expected positive integer T_0, but got {T_0}")
        if not isinstance(T_mult, int) or T_mult < 1:
            raise ValueError(f"Expected integer T_mult >= 1, but got {T_mult}")
        if not isinstance(eta_min, (float, int)):
            raise ValueError(f"Expected float or int eta_min, but got {eta_min} of type "
                             f"{type(eta_min)}")
        self.T_0 = T_0
        self.T_i = T_0
        self.T_mult = T_mult
        self.eta_min = eta_min
        self.T_cur = last_epoch
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        _warn_if_get_lr_called_outside_step(self)
        return [self.eta_min + (base_lr - self.eta_min)
                * (1 + math.cos(math.pi * self.T_cur / self.T_i)) / 2
                for base_lr in self.base_lrs]

    def step(self, epoch: float | None = None) -> None:
        """Advance one epoch, or jump to `epoch` (may be fractional)."""
        self._step_count += 1
        if epoch is None and self.last_epoch < 0:
            epoch = 0
        if epoch is None:
            epoch = self.last_epoch + 1
            self.T_cur = self.T_cur + 1
            if self.T_cur >= self.T_i:
                self.T_cur = self.T_cur % self.T_i
                self.T_i = self.T_i * self.T_mult
        else:
            if check_number("epoch", epoch) < 0:
                raise ValueError(f"Expected non-negative epoch, but got {epoch}")
            if epoch >= self.T_0:
                if self.T_mult == 1:
                    self.T_cur = epoch % self.T_0
                else:
                    n = int(math.log(epoch / self.T_0 * (self.T_mult - 1) + 1, self.T_mult))
                    self.T_cur = epoch - self.T_0 * (self.T_mult ** n - 1) / (self.T_mult - 1)
                    self.T_i = self.T_0 * self.T_mult ** n
            else:
                self.T_i = self.T_0
                self.T_cur = epoch
        self.last_epoch = math.floor(epoch)
        with self._computing_lrs():
            self._set_lrs(self.get_lr())


class WarmupCosineLR(LRScheduler):
    """Linear warmup then cosine decay (the course's schedule), closed form.

    lr_t = base_lr · t / t_w                                          for t < t_w
    lr_t = min_lr + ½(base_lr − min_lr)(1 + cos(π (t − t_w) / (T − t_w)))   for t_w ≤ t ≤ T
    lr_t = min_lr                                                      for t > T
    """

    def __init__(self, optimizer: Optimizer, warmup_steps: int, total_steps: int,
                 min_lr: float = 0.0, last_epoch: int = -1) -> None:
        check_int("warmup_steps", warmup_steps, 0)
        check_int("total_steps", total_steps, 1)
        if total_steps <= warmup_steps:
            raise ValueError(f"Invalid total_steps: {total_steps} (must be > warmup_steps="
                             f"{warmup_steps})")
        check_range("min_lr", min_lr, 0.0)
        self.warmup_steps = warmup_steps
        self.total_steps = total_steps
        self.min_lr = min_lr
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        _warn_if_get_lr_called_outside_step(self)
        return self._get_closed_form_lr()

    def _get_closed_form_lr(self) -> list[float]:
        t, t_w, T = self.last_epoch, self.warmup_steps, self.total_steps
        if t < t_w:
            return [base_lr * t / t_w for base_lr in self.base_lrs]
        if t > T:
            return [self.min_lr for _ in self.base_lrs]
        cosine = (1 + math.cos(math.pi * (t - t_w) / (T - t_w))) / 2
        return [self.min_lr + (base_lr - self.min_lr) * cosine for base_lr in self.base_lrs]


def warmup_cosine(optimizer: Optimizer, warmup_steps: int, total_steps: int,
                  min_lr: float = 0.0) -> WarmupCosineLR:
    """Linear warmup over `warmup_steps`, then cosine decay to `min_lr` at `total_steps`.

    Example:
        >>> scheduler = warmup_cosine(optimizer, warmup_steps=100, total_steps=1000)
    """
    return WarmupCosineLR(optimizer, warmup_steps, total_steps, min_lr)

"""Per-coordinate adaptive step sizes from squared gradients: `Adagrad`, `RMSprop`, `Adadelta`."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from autograd import Tensor
from optim._checks import check_hyper_parameter
from optim.optimizer import Optimizer, _lerp_

__all__ = ["Adagrad", "RMSprop", "Adadelta"]


def _adagrad_update(param: np.ndarray, grad: np.ndarray, state_sum: np.ndarray, step: int, *,
                    lr: float, lr_decay: float, weight_decay: float, eps: float,
                    maximize: bool) -> None:
    """One Adagrad step in place (`step` counts from 1).

    γ̃ = γ / (1 + (t - 1) η);  g += λ θ;  s += g²;  θ -= γ̃ g / (√s + ε).
    """
    if maximize:
        grad = -grad
    if weight_decay != 0:
        grad = grad + weight_decay * param
    clr = lr / (1 + (step - 1) * lr_decay)
    state_sum += grad * grad
    std = np.sqrt(state_sum)
    std += eps
    param -= clr * (grad / std)


class Adagrad(Optimizer):
    r"""Adagrad (Duchi et al., 2011), as PyTorch's `Adagrad`.

    Algorithm (γ lr, λ weight decay, η lr decay, ε eps, s_0 = initial_accumulator_value)::

        for t = 1, 2, ...:
            g_t = ∇θ f_t(θ_{t-1});  if maximize: g_t = -g_t
            γ̃ = γ / (1 + (t - 1) η)
            if λ ≠ 0:  g_t = g_t + λ θ_{t-1}
            s_t = s_{t-1} + g_t²
            θ_t = θ_{t-1} - γ̃ g_t / (√s_t + ε)

    Args:
        lr: learning rate (default 1e-2). lr_decay: η (default 0).
        weight_decay: λ (default 0). initial_accumulator_value: s_0 (default 0).
        eps: ε added to the denominator (default 1e-10). maximize: ascend instead.
        foreach, fused: accepted (one implementation here). differentiable: False.

    State per parameter: ``step``, ``sum``, made at construction (as PyTorch's).
    """

    def __init__(self, params: Iterable[Tensor] | Iterable[dict], lr: float = 1e-2,
                 lr_decay: float = 0, weight_decay: float = 0,
                 initial_accumulator_value: float = 0, eps: float = 1e-10,
                 foreach: bool | None = None, *, maximize: bool = False,
                 differentiable: bool = False, fused: bool | None = None) -> None:
        defaults = dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, foreach=foreach,
                        maximize=maximize, differentiable=differentiable, fused=fused)
        super().__init__(params, defaults)
        for group in self.param_groups:  # PyTorch makes Adagrad's state at once
            for p in group["params"]:
                self.state[p].update(self._initial_state(p, group))

    _elementwise = True

    def _init_state(self, param, group):
        return {"step": 0, "sum": np.full_like(param, group["initial_accumulator_value"])}

    def _update(self, param, grad, state, group):
        state["step"] += 1
        _adagrad_update(param, grad, state["sum"], state["step"], lr=group["lr"],
                        lr_decay=group["lr_decay"], weight_decay=group["weight_decay"],
                        eps=group["eps"], maximize=group["maximize"])


def _rmsprop_update(param: np.ndarray, grad: np.ndarray, square_avg: np.ndarray,
                    grad_avg: np.ndarray | None, momentum_buffer: np.ndarray | None, *,
                    lr: float, alpha: float, eps: float, weight_decay: float, momentum: float,
                    centered: bool, maximize: bool) -> None:
    """One RMSprop step in place.

    g += λ θ;  v = α v + (1 - α) g²;  centered: ḡ = α ḡ + (1 - α) g, ṽ = v - ḡ²;
    d = √ṽ + ε;  momentum: b = μ b + g / d, θ -= γ b;  else θ -= γ g / d.
    """
    if maximize:
        grad = -grad
    if weight_decay != 0:
        grad = grad + weight_decay * param
    square_avg *= alpha
    square_avg += (1 - alpha) * (grad * grad)
    if centered:
        _lerp_(grad_avg, grad, 1 - alpha)
        avg = np.sqrt(square_avg - grad_avg * grad_avg)
    else:
        avg = np.sqrt(square_avg)
    avg += eps
    if momentum > 0:
        momentum_buffer *= momentum
        momentum_buffer += grad / avg
        param -= lr * momentum_buffer
    else:
        param -= lr * (grad / avg)


class RMSprop(Optimizer):
    r"""RMSprop (Hinton's lecture 6e), as PyTorch's `RMSprop`.

    Algorithm (γ lr, α smoothing, ε eps, λ weight decay, μ momentum)::

        for t = 1, 2, ...:
            g_t = ∇θ f_t(θ_{t-1});  if maximize: g_t = -g_t
            if λ ≠ 0:  g_t = g_t + λ θ_{t-1}
            v_t = α v_{t-1} + (1 - α) g_t²
            ṽ_t = v_t
            if centered:  ḡ_t = α ḡ_{t-1} + (1 - α) g_t;  ṽ_t = v_t - ḡ_t²
            if μ > 0:  b_t = μ b_{t-1} + g_t / (√ṽ_t + ε);  θ_t = θ_{t-1} - γ b_t
            else:      θ_t = θ_{t-1} - γ g_t / (√ṽ_t + ε)

    The course's form ``s = β s + (1-β) g²; θ -= α g / (√s + ε)`` is ``alpha=β``.

    Args:
        lr: default 1e-2. alpha: default 0.99. eps: default 1e-8. weight_decay: default 0.
        momentum: default 0. centered: normalise by the estimated variance. maximize.
        foreach: accepted (one implementation here). capturable, differentiable: False.

    State per parameter: ``step``, ``square_avg``, ``momentum_buffer`` (μ > 0),
    ``grad_avg`` (centered).
    """

    def __init__(self, params: Iterable[Tensor] | Iterable[dict], lr: float = 1e-2,
                 alpha: float = 0.99, eps: float = 1e-8, weight_decay: float = 0,
                 momentum: float = 0, centered: bool = False, capturable: bool = False,
                 foreach: bool | None = None, maximize: bool = False,
                 differentiable: bool = False) -> None:
        defaults = dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps, centered=centered,
                        weight_decay=weight_decay, capturable=capturable, foreach=foreach,
                        maximize=maximize, differentiable=differentiable)
        super().__init__(params, defaults)

    def _check_group(self, group):
        super()._check_group(group)
        check_hyper_parameter("alpha", group["alpha"])

    _elementwise = True

    def _init_state(self, param, group):
        state = {"step": 0, "square_avg": np.zeros_like(param)}
        if group["momentum"] > 0:
            state["momentum_buffer"] = np.zeros_like(param)
        if group["centered"]:
            state["grad_avg"] = np.zeros_like(param)
        return state

    def _update(self, param, grad, state, group):
        state["step"] += 1
        _rmsprop_update(param, grad, state["square_avg"], state.get("grad_avg"),
                        state.get("momentum_buffer"), lr=group["lr"], alpha=group["alpha"],
                        eps=group["eps"], weight_decay=group["weight_decay"],
                        momentum=group["momentum"], centered=group["centered"],
                        maximize=group["maximize"])


def _adadelta_update(param: np.ndarray, grad: np.ndarray, square_avg: np.ndarray,
                     acc_delta: np.ndarray, *, lr: float, rho: float, eps: float,
                     weight_decay: float, maximize: bool) -> None:
    """One Adadelta step in place.

    g += λ θ;  v = ρ v + (1 - ρ) g²;  Δ = √(u + ε) / √(v + ε) · g;  u = ρ u + (1 - ρ) Δ²;
    θ -= γ Δ.
    """
    if maximize:
        grad = -grad
    if weight_decay != 0:
        grad = grad + weight_decay * param
    square_avg *= rho
    square_avg += (1 - rho) * (grad * grad)
    std = np.sqrt(square_avg + eps)
    delta = np.sqrt(acc_delta + eps)
    delta /= std
    delta *= grad
    acc_delta *= rho
    acc_delta += (1 - rho) * (delta * delta)
    param -= lr * delta


class Adadelta(Optimizer):
    r"""Adadelta (Zeiler, 2012), as PyTorch's `Adadelta`.

    Algorithm (γ lr, ρ decay, ε eps, λ weight decay, v_0 = u_0 = 0)::

        for t = 1, 2, ...:
            g_t = ∇θ f_t(θ_{t-1});  if maximize: g_t = -g_t
            if λ ≠ 0:  g_t = g_t + λ θ_{t-1}
            v_t = ρ v_{t-1} + (1 - ρ) g_t²
            Δx_t = √(u_{t-1} + ε) / √(v_t + ε) · g_t
            u_t = ρ u_{t-1} + (1 - ρ) Δx_t²
            θ_t = θ_{t-1} - γ Δx_t

    Args:
        lr: scale of the delta (default 1.0). rho: ρ in [0, 1] (default 0.9).
        eps: default 1e-6. weight_decay: default 0. maximize.
        foreach: accepted (one implementation here). capturable, differentiable: False.

    State per parameter: ``step``, ``square_avg``, ``acc_delta``.
    """

    def __init__(self, params: Iterable[Tensor] | Iterable[dict], lr: float = 1.0,
                 rho: float = 0.9, eps: float = 1e-6, weight_decay: float = 0,
                 foreach: bool | None = None, *, capturable: bool = False,
                 maximize: bool = False, differentiable: bool = False) -> None:
        defaults = dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize,
                        capturable=capturable, foreach=foreach, differentiable=differentiable)
        super().__init__(params, defaults)

    def _check_group(self, group):
        super()._check_group(group)
        check_hyper_parameter("rho", group["rho"], 0.0, 1.0, high_inclusive=True)

    _elementwise = True

    def _init_state(self, param, group):
        return {"step": 0, "square_avg": np.zeros_like(param), "acc_delta": np.zeros_like(param)}

    def _update(self, param, grad, state, group):
        state["step"] += 1
        _adadelta_update(param, grad, state["square_avg"], state["acc_delta"], lr=group["lr"],
                         rho=group["rho"], eps=group["eps"],
                         weight_decay=group["weight_decay"], maximize=group["maximize"])

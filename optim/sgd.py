"""Gradient descent: `SGD` (PyTorch's, with heavy-ball/Nesterov momentum) and the course's
`Momentum`."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from autograd import Tensor
from optim._checks import check_hyper_parameter
from optim.optimizer import Optimizer

__all__ = ["SGD", "Momentum"]


def _sgd_update(param: np.ndarray, grad: np.ndarray, momentum_buffer: np.ndarray | None, *,
                lr: float, momentum: float, dampening: float, weight_decay: float,
                nesterov: bool, maximize: bool) -> np.ndarray | None:
    """One SGD step on `param` in place; returns the (new or updated) momentum buffer.

    g = -g if maximize;  g += λ θ;  b = g (first step) or μ b + (1 - τ) g;
    g = g + μ b (Nesterov) or b;  θ -= γ g.
    """
    if maximize:
        grad = -grad
    if weight_decay != 0:
        grad = grad + weight_decay * param
    if momentum != 0:
        if momentum_buffer is None:
            momentum_buffer = np.array(grad, dtype=param.dtype)
        else:
            momentum_buffer *= momentum
            momentum_buffer += (1 - dampening) * grad
        grad = grad + momentum * momentum_buffer if nesterov else momentum_buffer
    param -= lr * grad
    return momentum_buffer


class SGD(Optimizer):
    r"""Stochastic gradient descent, optionally with momentum (PyTorch's `SGD`).

    Algorithm (γ lr, λ weight decay, μ momentum, τ dampening)::

        for t = 1, 2, ...:
            g_t = ∇θ f_t(θ_{t-1});  if maximize: g_t = -g_t
            if λ ≠ 0:  g_t = g_t + λ θ_{t-1}
            if μ ≠ 0:
                b_t = g_t                        if t = 1
                b_t = μ b_{t-1} + (1 - τ) g_t    otherwise
                g_t = g_t + μ b_t  if nesterov else  b_t
            θ_t = θ_{t-1} - γ g_t

    Args:
        params: parameters or parameter groups.
        lr: learning rate γ (default 1e-3).
        momentum: momentum factor μ (default 0).
        dampening: dampening τ of the momentum (default 0).
        weight_decay: L2 penalty λ (default 0).
        nesterov: use Nesterov momentum (needs μ > 0 and τ = 0).
        maximize: maximize the objective instead of minimizing.
        foreach, fused: PyTorch's choice among its kernels; accepted (one implementation
            here). differentiable: must be False.

    State per parameter: ``momentum_buffer`` (only when μ ≠ 0).

    Example:
        >>> opt = SGD(model.parameters(), lr=0.1, momentum=0.9)
        >>> opt.zero_grad(); loss_fn(model(x), y).backward(); opt.step()
    """

    def __init__(self, params: Iterable[Tensor] | Iterable[dict], lr: float = 1e-3,
                 momentum: float = 0, dampening: float = 0, weight_decay: float = 0,
                 nesterov: bool = False, *, maximize: bool = False,
                 foreach: bool | None = None, differentiable: bool = False,
                 fused: bool | None = None) -> None:
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening,
                        weight_decay=weight_decay, nesterov=nesterov, maximize=maximize,
                        foreach=foreach, differentiable=differentiable, fused=fused)
        super().__init__(params, defaults)

    def _check_group(self, group: dict[str, Any]) -> None:
        super()._check_group(group)
        if group["nesterov"] and (group["momentum"] <= 0 or group["dampening"] != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")

    _lazy_state = ("momentum_buffer",)  # made from the first gradient, when momentum != 0
    _elementwise = True

    def _init_state(self, param, group):
        return {}

    def _update(self, param, grad, state, group):
        buffer = _sgd_update(
            param, grad, state.get("momentum_buffer"), lr=group["lr"],
            momentum=group["momentum"], dampening=group["dampening"],
            weight_decay=group["weight_decay"], nesterov=group["nesterov"],
            maximize=group["maximize"])
        if group["momentum"] != 0:
            state["momentum_buffer"] = buffer


def _momentum_update(param: np.ndarray, grad: np.ndarray, velocity: np.ndarray, step: int, *,
                     lr: float, beta: float, bias_correction: bool, weight_decay: float) -> None:
    """One step of momentum as an exponentially weighted average, in place.

    g += λ θ;  v = β v + (1 - β) g;  v̂ = v / (1 - β^t) if bias_correction else v;  θ -= α v̂.
    """
    if weight_decay != 0:
        grad = grad + weight_decay * param
    velocity *= beta
    velocity += (1 - beta) * grad
    if bias_correction:
        param -= (lr / (1 - beta ** step)) * velocity
    else:
        param -= lr * velocity


class Momentum(Optimizer):
    r"""Gradient descent with momentum in the course's form (an EWA of the gradients).

    Algorithm (α lr, β beta, v_0 = 0)::

        for t = 1, 2, ...:
            g_t = ∇θ f_t(θ_{t-1}) + λ θ_{t-1}
            v_t = β v_{t-1} + (1 - β) g_t
            v̂_t = v_t / (1 - β^t)       if bias_correction, else v_t
            θ_t = θ_{t-1} - α v̂_t

    It is close to ``SGD(lr=α, momentum=β, dampening=β)``, which starts its buffer at g_1
    rather than (1 - β) g_1, so the two differ by a term that decays as β^t; with
    ``bias_correction`` the early steps are not shrunk towards 0.

    Args:
        params: parameters or parameter groups.
        lr: learning rate α (default 1e-3).
        beta: averaging factor β in [0, 1) (default 0.9).
        bias_correction: divide by 1 - β^t so early averages are not biased to 0.
        weight_decay: L2 penalty λ (default 0).

    State per parameter: ``step``, ``velocity``.
    """

    def __init__(self, params: Iterable[Tensor] | Iterable[dict], lr: float = 1e-3,
                 beta: float = 0.9, bias_correction: bool = False,
                 weight_decay: float = 0.0) -> None:
        defaults = dict(lr=lr, beta=beta, bias_correction=bias_correction,
                        weight_decay=weight_decay)
        super().__init__(params, defaults)

    def _check_group(self, group):
        super()._check_group(group)
        check_hyper_parameter("beta", group["beta"], 0.0, 1.0)

    _elementwise = True

    def _init_state(self, param, group):
        return {"step": 0, "velocity": np.zeros_like(param)}

    def _update(self, param, grad, state, group):
        state["step"] += 1
        _momentum_update(param, grad, state["velocity"], state["step"], lr=group["lr"],
                         beta=group["beta"], bias_correction=group["bias_correction"],
                         weight_decay=group["weight_decay"])

"""Adam's variants: `Adamax` (infinity norm), `NAdam` (Nesterov momentum), `RAdam` (rectified)."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from autograd import Tensor
from optim.adam import _weight_decay
from optim._state_checks import scalar_type
from optim.optimizer import Optimizer, _lerp_

__all__ = ["Adamax", "NAdam", "RAdam"]


def _adamax_update(param: np.ndarray, grad: np.ndarray, exp_avg: np.ndarray,
                   exp_inf: np.ndarray, step: int, *, lr: float, beta1: float, beta2: float,
                   eps: float, weight_decay: float, maximize: bool) -> None:
    """One Adamax step in place.

    g += λ θ;  m = β1 m + (1 - β1) g;  u = max(β2 u, |g| + ε);  θ -= γ/(1 - β1^t) · m / u.
    """
    if maximize:
        grad = -grad
    if weight_decay != 0:
        grad = grad + weight_decay * param
    _lerp_(exp_avg, grad, 1 - beta1)
    exp_inf *= beta2
    np.maximum(exp_inf, np.abs(grad) + eps, out=exp_inf)
    param -= (lr / (1 - beta1 ** step)) * (exp_avg / exp_inf)


class Adamax(Optimizer):
    r"""Adamax, Adam with the infinity norm (Kingma & Ba, 2014), as PyTorch's `Adamax`.

    Algorithm (γ lr, β1 β2 betas, ε eps, λ weight decay, m_0 = u_0 = 0)::

        for t = 1, 2, ...:
            g_t = ∇θ f_t(θ_{t-1});  if maximize: g_t = -g_t
            if λ ≠ 0:  g_t = g_t + λ θ_{t-1}
            m_t = β1 m_{t-1} + (1 - β1) g_t
            u_t = max(β2 u_{t-1}, |g_t| + ε)
            θ_t = θ_{t-1} - γ m_t / ((1 - β1^t) u_t)

    Args:
        lr: default 2e-3. betas: default (0.9, 0.999). eps: default 1e-8.
        weight_decay: default 0. maximize.
        foreach: accepted (one implementation here). capturable, differentiable: False.

    State per parameter: ``step``, ``exp_avg``, ``exp_inf``.
    """

    def __init__(self, params: Iterable[Tensor] | Iterable[dict], lr: float = 2e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, foreach: bool | None = None, *,
                 maximize: bool = False, differentiable: bool = False,
                 capturable: bool = False) -> None:
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                        foreach=foreach, maximize=maximize, differentiable=differentiable,
                        capturable=capturable)
        super().__init__(params, defaults)

    _elementwise = True

    def _init_state(self, param, group):
        return {"step": 0, "exp_avg": np.zeros_like(param), "exp_inf": np.zeros_like(param)}

    def _update(self, param, grad, state, group):
        state["step"] += 1
        beta1, beta2 = group["betas"]
        _adamax_update(param, grad, state["exp_avg"], state["exp_inf"], state["step"],
                       lr=group["lr"], beta1=beta1, beta2=beta2, eps=group["eps"],
                       weight_decay=group["weight_decay"], maximize=group["maximize"])


def _nadam_update(param: np.ndarray, grad: np.ndarray, exp_avg: np.ndarray,
                  exp_avg_sq: np.ndarray, mu_product: float, step: int, *, lr: float,
                  beta1: float, beta2: float, eps: float, weight_decay: float,
                  momentum_decay: float, decoupled_weight_decay: bool,
                  maximize: bool) -> float:
    """One NAdam step in place; returns the new product of the momentum coefficients.

    μ_t = β1 (1 - ½ 0.96^(t ψ));  m = β1 m + (1 - β1) g;  v = β2 v + (1 - β2) g²;
    θ -= γ [(1 - μ_t) / (1 - Πμ_{≤t}) g + μ_{t+1} / (1 - Πμ_{≤t+1}) m] / (√(v / (1 - β2^t)) + ε).
    """
    if maximize:
        grad = -grad
    bias_correction2 = 1 - beta2 ** step
    grad = _weight_decay(param, grad, lr=lr, weight_decay=weight_decay,
                         decoupled=decoupled_weight_decay)
    mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * momentum_decay)))
    mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * momentum_decay)))
    scalar = scalar_type()  # PyTorch keeps the product in a 0-d float32 tensor
    mu_product = float(scalar(mu_product) * scalar(mu))
    _lerp_(exp_avg, grad, 1 - beta1)
    exp_avg_sq *= beta2
    exp_avg_sq += (1 - beta2) * (grad * grad)
    denom = np.sqrt(exp_avg_sq / bias_correction2)
    denom += eps
    mu_product_next = mu_product * mu_next
    param -= (lr * (1.0 - mu) / (1.0 - mu_product)) * (grad / denom)
    param -= (lr * mu_next / (1.0 - mu_product_next)) * (exp_avg / denom)
    return mu_product


class NAdam(Optimizer):
    r"""Adam with Nesterov momentum (Dozat, 2016), as PyTorch's `NAdam`.

    Algorithm (γ lr, β1 β2 betas, ε eps, λ weight decay, ψ momentum decay)::

        for t = 1, 2, ...:
            g_t = ∇θ f_t(θ_{t-1});  if maximize: g_t = -g_t
            if λ ≠ 0:  decoupled: θ_{t-1} = θ_{t-1} (1 - γλ);  else g_t = g_t + λ θ_{t-1}
            μ_t = β1 (1 - ½ · 0.96^(t ψ));  μ_{t+1} = β1 (1 - ½ · 0.96^((t+1) ψ))
            m_t = β1 m_{t-1} + (1 - β1) g_t
            v_t = β2 v_{t-1} + (1 - β2) g_t²
            m̂_t = μ_{t+1} m_t / (1 - Π_{i≤t+1} μ_i) + (1 - μ_t) g_t / (1 - Π_{i≤t} μ_i)
            v̂_t = v_t / (1 - β2^t)
            θ_t = θ_{t-1} - γ m̂_t / (√v̂_t + ε)

    Args:
        lr: default 2e-3. betas: default (0.9, 0.999). eps: default 1e-8.
        weight_decay: default 0. momentum_decay: ψ (default 4e-3).
        decoupled_weight_decay: AdamW-style decay (NAdamW). maximize.
        foreach: accepted (one implementation here). capturable, differentiable: False.

    State per parameter: ``step``, ``mu_product`` (a number rounded to float32 at every
    step, as PyTorch keeps it in a float32 tensor), ``exp_avg``, ``exp_avg_sq``.
    """


    def __init__(self, params: Iterable[Tensor] | Iterable[dict], lr: float = 2e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, momentum_decay: float = 4e-3,
                 decoupled_weight_decay: bool = False, *, foreach: bool | None = None,
                 maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False) -> None:
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                        momentum_decay=momentum_decay,
                        decoupled_weight_decay=decoupled_weight_decay, maximize=maximize,
                        foreach=foreach, capturable=capturable, differentiable=differentiable)
        super().__init__(params, defaults)

    _elementwise = True
    _tensor_numbers = ("step", "mu_product")

    def _init_state(self, param, group):
        return {"step": 0, "mu_product": 1.0, "exp_avg": np.zeros_like(param),
                "exp_avg_sq": np.zeros_like(param)}

    def _update(self, param, grad, state, group):
        state["step"] += 1
        beta1, beta2 = group["betas"]
        state["mu_product"] = _nadam_update(
            param, grad, state["exp_avg"], state["exp_avg_sq"], state["mu_product"],
            state["step"], lr=group["lr"], beta1=beta1, beta2=beta2, eps=group["eps"],
            weight_decay=group["weight_decay"], momentum_decay=group["momentum_decay"],
            decoupled_weight_decay=group["decoupled_weight_decay"],
            maximize=group["maximize"])


def _radam_update(param: np.ndarray, grad: np.ndarray, exp_avg: np.ndarray,
                  exp_avg_sq: np.ndarray, step: int, *, lr: float, beta1: float, beta2: float,
                  eps: float, weight_decay: float, decoupled_weight_decay: bool,
                  maximize: bool) -> None:
    """One RAdam step in place.

    ρ∞ = 2/(1 - β2) - 1;  ρ_t = ρ∞ - 2 t β2^t / (1 - β2^t);  m̂ = m / (1 - β1^t);
    if ρ_t > 5:  θ -= γ m̂ r_t √(1 - β2^t) / (√v + ε),
                 r_t = √((ρ_t - 4)(ρ_t - 2) ρ∞ / ((ρ∞ - 4)(ρ∞ - 2) ρ_t));
    else:        θ -= γ m̂.
    """
    if maximize:
        grad = -grad
    grad = _weight_decay(param, grad, lr=lr, weight_decay=weight_decay,
                         decoupled=decoupled_weight_decay)
    _lerp_(exp_avg, grad, 1 - beta1)
    exp_avg_sq *= beta2
    exp_avg_sq += (1 - beta2) * (grad * grad)
    bias_correction1 = 1 - beta1 ** step
    bias_correction2 = 1 - beta2 ** step
    bias_corrected_exp_avg = exp_avg / bias_correction1
    rho_inf = 2 / (1 - beta2) - 1
    rho_t = rho_inf - 2 * step * (beta2 ** step) / bias_correction2
    if rho_t > 5.0:
        rect = ((rho_t - 4) * (rho_t - 2) * rho_inf
                / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
        adaptive_lr = np.sqrt(exp_avg_sq)
        adaptive_lr += eps
        adaptive_lr = (bias_correction2 ** 0.5) / adaptive_lr
        param -= bias_corrected_exp_avg * lr * adaptive_lr * rect
    else:
        param -= bias_corrected_exp_avg * lr


class RAdam(Optimizer):
    r"""Rectified Adam (Liu et al., 2019), as PyTorch's `RAdam`.

    Algorithm (γ lr, β1 β2 betas, ε eps, λ weight decay)::

        ρ∞ = 2 / (1 - β2) - 1
        for t = 1, 2, ...:
            g_t = ∇θ f_t(θ_{t-1});  if maximize: g_t = -g_t
            if λ ≠ 0:  decoupled: θ_{t-1} = θ_{t-1} (1 - γλ);  else g_t = g_t + λ θ_{t-1}
            m_t = β1 m_{t-1} + (1 - β1) g_t;   v_t = β2 v_{t-1} + (1 - β2) g_t²
            m̂_t = m_t / (1 - β1^t)
            ρ_t = ρ∞ - 2 t β2^t / (1 - β2^t)
            if ρ_t > 5:
                l_t = √(1 - β2^t) / (√v_t + ε)
                r_t = √((ρ_t - 4)(ρ_t - 2) ρ∞ / ((ρ∞ - 4)(ρ∞ - 2) ρ_t))
                θ_t = θ_{t-1} - γ m̂_t r_t l_t
            else:
                θ_t = θ_{t-1} - γ m̂_t

    Args:
        lr: default 1e-3. betas: default (0.9, 0.999). eps: default 1e-8.
        weight_decay: default 0. decoupled_weight_decay: AdamW-style decay. maximize.
        foreach: accepted (one implementation here). capturable, differentiable: False.

    State per parameter: ``step``, ``exp_avg``, ``exp_avg_sq``.
    """

    def __init__(self, params: Iterable[Tensor] | Iterable[dict], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, decoupled_weight_decay: bool = False, *,
                 foreach: bool | None = None, maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False) -> None:
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                        maximize=maximize, foreach=foreach, capturable=capturable,
                        decoupled_weight_decay=decoupled_weight_decay,
                        differentiable=differentiable)
        super().__init__(params, defaults)

    _elementwise = True

    def _init_state(self, param, group):
        return {"step": 0, "exp_avg": np.zeros_like(param), "exp_avg_sq": np.zeros_like(param)}

    def _update(self, param, grad, state, group):
        state["step"] += 1
        beta1, beta2 = group["betas"]
        _radam_update(param, grad, state["exp_avg"], state["exp_avg_sq"], state["step"],
                      lr=group["lr"], beta1=beta1, beta2=beta2, eps=group["eps"],
                      weight_decay=group["weight_decay"],
                      decoupled_weight_decay=group["decoupled_weight_decay"],
                      maximize=group["maximize"])

"""Adam (Kingma & Ba, 2014) and AdamW: adaptive moments, with L2 or decoupled weight decay."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from autograd import Tensor
from optim.optimizer import Optimizer, _lerp_

__all__ = ["Adam", "AdamW"]


def _weight_decay(param: np.ndarray, grad: np.ndarray, *, lr: float, weight_decay: float,
                  decoupled: bool) -> np.ndarray:
    """L2 penalty (g + λθ) or decoupled decay (θ *= 1 - γλ, in place); returns the gradient."""
    if weight_decay != 0:
        if decoupled:
            param *= 1 - lr * weight_decay
        else:
            grad = grad + weight_decay * param
    return grad


def _adam_update(param: np.ndarray, grad: np.ndarray, exp_avg: np.ndarray,
                 exp_avg_sq: np.ndarray, max_exp_avg_sq: np.ndarray | None, step: int, *,
                 lr: float, beta1: float, beta2: float, eps: float, weight_decay: float,
                 amsgrad: bool, maximize: bool, decoupled_weight_decay: bool) -> None:
    """One Adam step in place (`step` counts from 1).

    m = β1 m + (1 - β1) g;  v = β2 v + (1 - β2) g²;  v_max = max(v_max, v) (AMSGrad);
    θ -= γ/(1 - β1^t) · m / (√v / √(1 - β2^t) + ε).
    """
    if maximize:
        grad = -grad
    grad = _weight_decay(param, grad, lr=lr, weight_decay=weight_decay,
                         decoupled=decoupled_weight_decay)
    _lerp_(exp_avg, grad, 1 - beta1)
    scratch = np.multiply(grad, grad, out=np.empty_like(exp_avg_sq))  # the one temporary
    scratch *= 1 - beta2
    exp_avg_sq *= beta2
    exp_avg_sq += scratch
    bias_correction1 = 1 - beta1 ** step
    bias_correction2_sqrt = (1 - beta2 ** step) ** 0.5
    if amsgrad:
        np.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq)
    # √v̂ + ε = (√v + ε √(1 - β2^t)) / √(1 - β2^t): the correction joins the step size
    denom = np.sqrt(max_exp_avg_sq if amsgrad else exp_avg_sq, out=scratch)
    denom += eps * bias_correction2_sqrt
    step_size = np.divide(exp_avg, denom, out=denom)
    step_size *= lr * bias_correction2_sqrt / bias_correction1
    param -= step_size


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2014), with AMSGrad, as PyTorch's `Adam`.

    Algorithm (γ lr, β1 β2 betas, ε eps, λ weight decay, m_0 = v_0 = v_0^max = 0)::

        for t = 1, 2, ...:
            g_t = ∇θ f_t(θ_{t-1});  if maximize: g_t = -g_t
            if λ ≠ 0:  decoupled: θ_{t-1} = θ_{t-1} (1 - γλ);  else g_t = g_t + λ θ_{t-1}
            m_t = β1 m_{t-1} + (1 - β1) g_t
            v_t = β2 v_{t-1} + (1 - β2) g_t²
            m̂_t = m_t / (1 - β1^t)
            if amsgrad:  v_t^max = max(v_{t-1}^max, v_t);  v̂_t = v_t^max / (1 - β2^t)
            else:        v̂_t = v_t / (1 - β2^t)
            θ_t = θ_{t-1} - γ m̂_t / (√v̂_t + ε)

    Args:
        lr: learning rate γ (default 1e-3). betas: (β1, β2) (default (0.9, 0.999)).
        eps: ε (default 1e-8). weight_decay: λ (default 0). amsgrad: use v^max.
        maximize: ascend instead. decoupled_weight_decay: AdamW's decay.
        foreach, fused: PyTorch's choice among its kernels; accepted (one implementation
        here). capturable, differentiable: must be False.

    State per parameter: ``step``, ``exp_avg``, ``exp_avg_sq``, ``max_exp_avg_sq`` (amsgrad).
    """

    def __init__(self, params: Iterable[Tensor] | Iterable[dict], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, amsgrad: bool = False, *,
                 foreach: bool | None = None, maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False, fused: bool | None = None,
                 decoupled_weight_decay: bool = False) -> None:
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                        amsgrad=amsgrad, maximize=maximize, foreach=foreach,
                        capturable=capturable, differentiable=differentiable, fused=fused,
                        decoupled_weight_decay=decoupled_weight_decay)
        super().__init__(params, defaults)

    _elementwise = True

    def _init_state(self, param, group):
        state = {"step": 0, "exp_avg": np.zeros_like(param), "exp_avg_sq": np.zeros_like(param)}
        if group["amsgrad"]:
            state["max_exp_avg_sq"] = np.zeros_like(param)
        return state

    def _update(self, param, grad, state, group):
        state["step"] += 1
        beta1, beta2 = group["betas"]
        _adam_update(param, grad, state["exp_avg"], state["exp_avg_sq"],
                     state.get("max_exp_avg_sq"), state["step"], lr=group["lr"], beta1=beta1,
                     beta2=beta2, eps=group["eps"], weight_decay=group["weight_decay"],
                     amsgrad=group["amsgrad"], maximize=group["maximize"],
                     decoupled_weight_decay=group["decoupled_weight_decay"])


class AdamW(Adam):
    r"""Adam with decoupled weight decay (Loshchilov & Hutter, 2019), as PyTorch's `AdamW`.

    The same algorithm as `Adam` with ``decoupled_weight_decay=True``: each step first
    shrinks the weights, θ ← θ (1 - γλ), and the gradient is left alone, so the decay is
    not rescaled by the adaptive denominator. Default ``weight_decay`` is 1e-2.
    """

    def __init__(self, params: Iterable[Tensor] | Iterable[dict], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2, amsgrad: bool = False, *,
                 maximize: bool = False, foreach: bool | None = None, capturable: bool = False,
                 differentiable: bool = False, fused: bool | None = None) -> None:
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                         amsgrad=amsgrad, foreach=foreach, maximize=maximize,
                         capturable=capturable, differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)

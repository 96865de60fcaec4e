"""`LAMB`: Adam's moments with a layer-wise trust ratio, for large batches (You et al., 2019)."""
from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from autograd import Tensor
from optim._checks import check_hyper_parameter
from optim.optimizer import Optimizer

__all__ = ["LAMB"]


def _lamb_update(param: np.ndarray, grad: np.ndarray, exp_avg: np.ndarray,
                 exp_avg_sq: np.ndarray, step: int, *, lr: float, beta1: float, beta2: float,
                 eps: float, weight_decay: float, bias_correction: bool,
                 trust_clip: float | None) -> float:
    """One LAMB step in place; returns the trust ratio used.

    m = β1 m + (1 - β1) g;  v = β2 v + (1 - β2) g²;  r = m̂ / (√v̂ + ε);  u = r + λ θ;
    θ -= γ · (‖θ‖ / ‖u‖) · u   (ratio 1 when either norm is 0).
    """
    exp_avg *= beta1
    exp_avg += (1 - beta1) * grad
    exp_avg_sq *= beta2
    exp_avg_sq += (1 - beta2) * (grad * grad)
    if bias_correction:
        m_hat = exp_avg / (1 - beta1 ** step)
        v_hat = exp_avg_sq / (1 - beta2 ** step)
    else:
        m_hat, v_hat = exp_avg, exp_avg_sq
    update = m_hat / (np.sqrt(v_hat) + eps)
    if weight_decay != 0:
        update += weight_decay * param
    weight_norm = math.sqrt(float(np.vdot(param, param)))
    update_norm = math.sqrt(float(np.vdot(update, update)))
    trust_ratio = weight_norm / update_norm if weight_norm > 0 and update_norm > 0 else 1.0
    if trust_clip is not None:
        trust_ratio = min(trust_ratio, trust_clip)
    param -= (lr * trust_ratio) * update
    return trust_ratio


class LAMB(Optimizer):
    r"""LAMB, layer-wise adaptive moments for large batches (You et al., 2019, Algorithm 2).

    Algorithm (η lr, β1 β2 betas, ε eps, λ weight decay), for each parameter tensor θ::

        for t = 1, 2, ...:
            g_t = ∇θ f_t(θ_{t-1})
            m_t = β1 m_{t-1} + (1 - β1) g_t;   v_t = β2 v_{t-1} + (1 - β2) g_t²
            m̂_t = m_t / (1 - β1^t);   v̂_t = v_t / (1 - β2^t)      (if bias_correction)
            u_t = m̂_t / (√v̂_t + ε) + λ θ_{t-1}
            r_t = ‖θ_{t-1}‖ / ‖u_t‖      (1 if either norm is 0; at most trust_clip)
            θ_t = θ_{t-1} - η r_t u_t

    The trust ratio r_t is computed per parameter tensor (a "layer"), so every layer moves
    by about η times its own norm whatever the scale of its gradients.

    Args:
        lr: default 1e-3. betas: default (0.9, 0.999). eps: default 1e-6.
        weight_decay: λ (default 0). bias_correction: default True.
        trust_clip: upper bound on the trust ratio (default None: no bound).

    State per parameter: ``step``, ``exp_avg``, ``exp_avg_sq``, ``trust_ratio`` (last used).
    """


    def __init__(self, params: Iterable[Tensor] | Iterable[dict], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-6,
                 weight_decay: float = 0.0, bias_correction: bool = True,
                 trust_clip: float | None = None) -> None:
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                        bias_correction=bias_correction, trust_clip=trust_clip)
        super().__init__(params, defaults)

    def _check_group(self, group):
        super()._check_group(group)
        if group["trust_clip"] is not None:
            check_hyper_parameter("trust_clip", group["trust_clip"])

    def _init_state(self, param, group):
        return {"step": 0, "exp_avg": np.zeros_like(param), "exp_avg_sq": np.zeros_like(param),
                "trust_ratio": 1.0}

    def _update(self, param, grad, state, group):
        state["step"] += 1
        beta1, beta2 = group["betas"]
        state["trust_ratio"] = _lamb_update(
            param, grad, state["exp_avg"], state["exp_avg_sq"], state["step"], lr=group["lr"],
            beta1=beta1, beta2=beta2, eps=group["eps"], weight_decay=group["weight_decay"],
            bias_correction=group["bias_correction"], trust_clip=group["trust_clip"])

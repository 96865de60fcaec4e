"""Gradient clipping and flattening parameters to one vector (PyTorch's `nn.utils`)."""
from __future__ import annotations

import math
from typing import Iterable

import numpy as np

from autograd import Tensor, cat, no_grad

__all__ = ["clip_grad_norm_", "clip_grad_value_", "parameters_to_vector", "vector_to_parameters"]


def _as_list(parameters: Tensor | Iterable[Tensor], function: str) -> list[Tensor]:
    """A Tensor or an iterable of Tensors as a list; TypeError naming what is not one."""
    if isinstance(parameters, Tensor):
        return [parameters]
    if not isinstance(parameters, Iterable) or isinstance(parameters, str):
        raise TypeError(f"{function}: parameters must be a Tensor or an iterable of Tensors, "
                        f"not {type(parameters).__name__}")
    params = list(parameters)
    for i, p in enumerate(params):
        if not isinstance(p, Tensor):
            raise TypeError(f"{function}: parameters[{i}] must be a Tensor, not "
                            f"{type(p).__name__}")
    return params


def _number(function: str, name: str, value) -> float:
    """value as a float; TypeError naming the argument unless it is a real number."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise TypeError(f"{function}: {name} must be a number, got {value!r}")
    return float(value)


def _grad(param: Tensor) -> np.ndarray:
    """The array of param's gradient (shared)."""
    return param.grad.numpy(force=True)


def _scale_grad(param: Tensor, new_grad: np.ndarray) -> None:
    """Write `new_grad` into param.grad, in place when its array allows."""
    grad = param.grad
    if grad.grad_fn is None and grad.numpy(force=True).flags.writeable:
        grad.numpy(force=True)[...] = new_grad
    else:
        param.grad = Tensor(new_grad.astype(grad.dtype, copy=False))


def clip_grad_norm_(parameters: Tensor | Iterable[Tensor], max_norm: float,
                    norm_type: float = 2.0, error_if_nonfinite: bool = False) -> Tensor:
    """Rescale gradients in place so that their joint norm is at most `max_norm`.

    The total norm is the `norm_type`-norm of all gradients taken as one vector (inf for
    the max-abs norm). When it exceeds max_norm, every gradient is multiplied by
    max_norm / (total_norm + 1e-6), as PyTorch.

    Returns:
        the total norm before clipping, as a 0-d Tensor.
    """
    grads = [p for p in _as_list(parameters, "clip_grad_norm_") if p.grad is not None]
    max_norm = _number("clip_grad_norm_", "max_norm", max_norm)
    norm_type = _number("clip_grad_norm_", "norm_type",
                        float("inf") if norm_type in ("inf", "-inf") else norm_type)
    if not grads:
        return Tensor(0.0)
    if math.isinf(norm_type):
        total = max(float(np.max(np.abs(_grad(p)))) if _grad(p).size else 0.0 for p in grads)
    else:
        norms = np.array([np.linalg.norm(_grad(p).ravel(), ord=norm_type) for p in grads])
        total = float(np.linalg.norm(norms, ord=norm_type))
    if error_if_nonfinite and not math.isfinite(total):
        raise RuntimeError(f"The total norm of order {norm_type} for gradients from `parameters` "
                           "is non-finite, so it cannot be clipped. Set error_if_nonfinite=False "
                           "to clip anyway.")
    coef = max_norm / (total + 1e-6)
    if coef < 1.0:
        for p in grads:
            _scale_grad(p, _grad(p) * coef)
    return Tensor(np.asarray(total, dtype=grads[0].grad.dtype))


def clip_grad_value_(parameters: Tensor | Iterable[Tensor], clip_value: float) -> None:
    """Clamp every gradient element in place to [-clip_value, clip_value]."""
    clip_value = _number("clip_grad_value_", "clip_value", clip_value)
    if clip_value < 0:
        raise ValueError(f"clip_grad_value_: clip_value must be non-negative, got {clip_value}")
    for p in _as_list(parameters, "clip_grad_value_"):
        if p.grad is not None:
            _scale_grad(p, np.clip(_grad(p), -clip_value, clip_value))


def parameters_to_vector(parameters: Iterable[Tensor]) -> Tensor:
    """All parameters flattened and concatenated into one 1-D Tensor (differentiable)."""
    params = _as_list(parameters, "parameters_to_vector")
    if not params:
        raise ValueError("parameters_to_vector got no parameters")
    return cat([p.reshape(-1) for p in params])


def vector_to_parameters(vec: Tensor, parameters: Iterable[Tensor]) -> None:
    """Copy consecutive slices of the 1-D `vec` into the parameters, in place."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected vec to be an autograd.Tensor, got {type(vec).__name__}")
    if vec.ndim != 1:
        raise ValueError(f"expected vec to be 1-D, got shape {vec.shape}")
    params = _as_list(parameters, "vector_to_parameters")
    total = sum(p.numel() for p in params)
    if vec.shape[0] != total:
        raise ValueError(f"vec has {vec.shape[0]} elements, the parameters have {total}")
    offset = 0
    with no_grad():
        for p in params:
            size = p.numel()
            p.copy_(vec[offset:offset + size].reshape(p.shape))
            offset += size

"""Argument checks shared by optimizers and schedulers: errors that name the argument.

Messages start as PyTorch's do for the same mistake ("Invalid learning rate: -1") and add
the rule that was broken.
"""
from __future__ import annotations

import math
from numbers import Real

import numpy as np

__all__ = ["is_number", "check_number", "check_range", "check_hyper_parameter",
           "check_betas", "check_int", "check_callable", "check_implementation_flags"]

#: how PyTorch's optimizers word a hyper-parameter in "Invalid ...: value" messages
_PYTORCH_LABELS = {"lr": "learning rate", "eps": "epsilon value"}


def is_number(value) -> bool:
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    return isinstance(value, (Real, np.number)) and not isinstance(value, (bool, np.bool_))


def check_number(name: str, value) -> float:
    """Return `value` as a float; TypeError naming `name` unless it is a real number."""
    if not is_number(value):
        raise TypeError(f"{name} must be a number, got {value!r}")
    return float(value)


def check_range(name: str, value, low: float | None = 0.0, high: float | None = None, *,
                low_inclusive: bool = True, high_inclusive: bool = False,
                label: str | None = None) -> None:
    """Raise unless `value` lies between `low` and `high`; NaN never does.

    The message reads "Invalid <label>: <value> (must be ...)", `label` defaulting to `name`.
    """
    number = check_number(name, value)
    label = label or name
    if math.isnan(number):
        raise ValueError(f"Invalid {label}: {value} (must not be NaN)")
    if low is not None and (number < low or (number == low and not low_inclusive)):
        raise ValueError(f"Invalid {label}: {value} (must be {'>=' if low_inclusive else '>'} "
                         f"{low})")
    if high is not None and (number > high or (number == high and not high_inclusive)):
        raise ValueError(f"Invalid {label}: {value} (must be {'<=' if high_inclusive else '<'} "
                         f"{high})")


def check_hyper_parameter(name: str, value, low: float | None = 0.0,
                          high: float | None = None, *, high_inclusive: bool = False) -> None:
    """`check_range` worded as PyTorch's optimizers: "Invalid momentum value: -1"."""
    check_range(name, value, low, high, high_inclusive=high_inclusive,
                label=_PYTORCH_LABELS.get(name, f"{name} value"))


def check_betas(betas, name: str = "betas") -> None:
    """Both betas must be numbers in [0, 1), worded as PyTorch's Adam words it."""
    if not isinstance(betas, (tuple, list)):
        raise TypeError(f"{name} must be a pair (beta1, beta2), got {betas!r}")
    if len(betas) != 2:
        raise ValueError(f"{name} must be a pair (beta1, beta2), got {betas!r}")
    for index, beta in enumerate(betas):
        check_range(f"{name}[{index}]", beta, 0.0, 1.0,
                    label=f"beta parameter at index {index}")


def check_int(name: str, value, low: int = 1, *, label: str | None = None) -> None:
    """`value` must be a whole number >= `low` (TypeError if it is not a number at all)."""
    if not is_number(value):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    number = float(value)
    if not (math.isfinite(number) and number == int(number) and number >= low):
        raise ValueError(f"Invalid {label or name}: {value} (must be an integer >= {low})")


def check_callable(name: str, value) -> None:
    """TypeError naming `name` unless `value` can be called."""
    if not callable(value):
        raise TypeError(f"{name} must be callable, got {type(value).__name__}")


def check_implementation_flags(group: dict) -> None:
    """PyTorch's switches between implementations of the same update, as a group holds them.

    ``foreach`` and ``fused`` (None or a bool) choose among PyTorch's kernels for the same
    maths: here there is one implementation, so they are accepted and change nothing.
    ``capturable`` (steps captured in CUDA graphs) and ``differentiable`` (autograd through
    the step) change what a step is; they must be False.
    """
    for name in ("foreach", "fused"):
        if name in group and group[name] not in (None, True, False):
            raise TypeError(f"{name} must be None or a bool, got {group[name]!r}")
    if group.get("foreach") and group.get("fused"):
        raise RuntimeError("`fused` and `foreach` cannot be `True` together.")
    for name in ("capturable", "differentiable"):
        if name in group and group[name] not in (True, False):
            raise TypeError(f"{name} must be a bool, got {group[name]!r}")
    if group.get("capturable"):
        raise ValueError("capturable=True makes steps capturable in CUDA graphs; backproplab "
                         "runs on the CPU (NumPy) only: use capturable=False")
    if group.get("differentiable"):
        raise ValueError("differentiable=True (autograd through the optimizer's step) is not "
                         "supported: the step updates the parameters' arrays in place outside "
                         "the graph; use differentiable=False")

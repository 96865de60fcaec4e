"""Checks of viz's arguments: an error naming the function, the argument and the value,
before any drawing starts (viz draws graphs without nn, so these do not use nn's checks)."""
from __future__ import annotations

import math
import os
from numbers import Integral, Real

__all__ = ["check_int", "check_number", "check_choice", "check_model", "check_path",
           "RANKDIRS"]

RANKDIRS = ("TB", "LR", "BT", "RL")


def check_int(function: str, name: str, value, low: int, allow_none: bool = False):
    """value, an int >= low (or None when allow_none)."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{function}: {name} must be an int, got {value!r}")
    if value < low:
        raise ValueError(f"{function}: {name} must be >= {low}, got {value!r}")
    return int(value)


def check_number(function: str, name: str, value, positive: bool = False,
                 allow_none: bool = False):
    """value, a real number that is not NaN (> 0 when positive, else >= 0), or None."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{function}: {name} must be a number, got {value!r}")
    if math.isnan(value) or value < 0 or (positive and value == 0):
        raise ValueError(f"{function}: {name} must be {'> 0' if positive else '>= 0'}, got "
                         f"{value!r}")
    return value


def check_choice(function: str, name: str, value, choices: tuple):
    if value not in choices:
        raise ValueError(f"{function}: {name} must be one of {', '.join(map(repr, choices))}, "
                         f"got {value!r}")
    return value


def check_model(function: str, model, allow_none: bool = False):
    """model, something with named_parameters() and named_modules() (an nn.Module)."""
    if model is None and allow_none:
        return None
    if not (callable(getattr(model, "named_parameters", None)) and
            callable(getattr(model, "named_modules", None))):
        raise TypeError(f"{function}: model must be an nn.Module, got {type(model).__name__}")
    return model


def check_path(function: str, name: str, value):
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{function}: {name} must be a path (a str or os.PathLike), got "
                        f"{type(value).__name__}")
    return value

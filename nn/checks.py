"""Checks of layer arguments, run by the constructors: an error that names the layer, the
argument and the value, before any parameter is made.

    >>> nn.Linear(2.5, 3)
    TypeError: Linear: in_features must be a non-negative integer, got 2.5
    >>> nn.Conv2d(3, 8, kernel_size=-1)
    ValueError: Conv2d: kernel_size must be a positive int or a tuple of 2, got -1

A wrong type is a TypeError, a value out of range a ValueError.
"""
from __future__ import annotations

import math
from numbers import Real

import numpy as np

__all__ = ["check_int", "check_ints", "check_number", "check_probability", "check_choice",
           "check_sizes"]


def _is_int(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def check_int(layer: str, name: str, value, low: int | None = 0) -> int:
    """value as an int, which must be >= low (0: "non-negative", 1: "positive", None: any)."""
    kind = {None: "", 0: "non-negative ", 1: "positive "}.get(low, f">= {low} ")
    if not _is_int(value):
        raise TypeError(f"{layer}: {name} must be a {kind}integer, got {value!r}")
    if low is not None and value < low:
        raise ValueError(f"{layer}: {name} must be a {kind}integer, got {value!r}")
    return int(value)


def check_sizes(layer: str, **sizes) -> None:
    """check_int(..., low=0) for each size given by name (in_features=3, ...)."""
    for name, size in sizes.items():
        check_int(layer, name, size)


def check_ints(layer: str, name: str, value, dims: int, low: int = 0) -> tuple:
    """An int, or a tuple/list of `dims` ints, each >= low, as a tuple of `dims` ints."""
    values = (value,) * dims if _is_int(value) else value
    kind = "positive" if low == 1 else "non-negative" if low == 0 else f">= {low}"
    message = f"{layer}: {name} must be a {kind} int or a tuple of {dims}, got {value!r}"
    if not isinstance(values, (tuple, list)) or not all(_is_int(v) for v in values):
        raise TypeError(message)
    if len(values) != dims or min(values) < low:
        raise ValueError(message)
    return tuple(int(v) for v in values)


def check_number(layer: str, name: str, value, low: float | None = None,
                 high: float | None = None, *, open_low: bool = False) -> float:
    """value as a float: a real number, not NaN, within [low, high] ((low, high] when
    open_low); None means no bound."""
    if isinstance(value, bool) or not isinstance(value, (Real, np.number)):
        raise TypeError(f"{layer}: {name} must be a number, got {value!r}")
    number = float(value)
    too_low = low is not None and (number < low or (open_low and number == low))
    if math.isnan(number) or too_low or (high is not None and number > high):
        bounds = f"{'(' if open_low else '['}{low if low is not None else '-inf'}, " \
                 f"{high if high is not None else 'inf'}]"
        raise ValueError(f"{layer}: {name} must be in {bounds}, got {value!r}")
    return number


def check_probability(layer: str, name: str, value) -> float:
    """A probability in [0, 1] (dropout rates)."""
    return check_number(layer, name, value, 0.0, 1.0)


def check_choice(layer: str, name: str, value, choices: tuple):
    """value, which must be one of `choices`."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{layer}: {name} must be one of {', '.join(map(repr, choices))}, "
                         f"got {value!r}")
    return value

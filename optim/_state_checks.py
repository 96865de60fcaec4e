"""An optimizer's state as PyTorch's state dicts hold it, and checks on a loaded one.

``exported_state`` gives a copy of one parameter's state in PyTorch's layout: Tensors, and
the step count as a 0-d float tensor. A saved state may have been through a file (numbers come
back as 0-d arrays or tensors, tuples as lists) or written by hand. Each ``loaded_*`` helper
returns a clean copy of one entry or raises an error naming the parameter, the entry and the
problem, so that a bad checkpoint fails at ``load_state_dict`` instead of turning the
weights into NaN a few steps later.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from autograd import Tensor, get_default_dtype, tensor
from optim._checks import is_number

__all__ = ["exported_state", "scalar_type", "loaded_array", "loaded_number", "loaded_step",
           "check_state_keys", "parameter_index", "split_state_dict", "plain_value"]


def scalar_type() -> type:
    """The NumPy type of PyTorch's optimizer scalars (step counts, NAdam's mu product):
    float64 when the default dtype is float64, else float32 (PyTorch's _get_scalar_dtype)."""
    return np.float64 if np.dtype(get_default_dtype()) == np.float64 else np.float32


def exported_state(entry: dict, tensor_numbers: Iterable[str]) -> dict:
    """One parameter's state as a copy in PyTorch's layout: each Tensor copied, each array a
    Tensor, each NumPy scalar a 0-d Tensor of its dtype, a plain number named in
    `tensor_numbers` a 0-d Tensor of the scalar dtype (PyTorch's ``tensor(1500.)`` step),
    lists entry by entry."""
    return {name: tensor(value, dtype=scalar_type()) if name in tensor_numbers and
            not isinstance(value, Tensor) else _exported(value) for name, value in entry.items()}


def _exported(value):
    if isinstance(value, Tensor):
        return value.clone()
    if isinstance(value, (np.ndarray, np.generic)):
        return tensor(value)
    if isinstance(value, list):
        return [_exported(v) for v in value]
    return value


def parameter_index(key) -> int:
    """The parameter index a ``state`` key stands for (keys may come back as strings)."""
    if isinstance(key, (bool, np.bool_)):
        raise ValueError(f"state keys must be parameter indices, got {key!r}")
    try:
        return int(key)
    except (TypeError, ValueError):
        raise ValueError(f"state keys must be parameter indices, got {key!r}") from None


def loaded_step(where: str, value) -> int:
    """A saved step count (an int, or PyTorch's float tensor) as a Python int >= 0."""
    step = loaded_number(where, "step", value, low=0)
    if not float(step).is_integer():
        raise ValueError(f"{where}: 'step' must be a whole number, got {step}")
    return int(step)


def check_state_keys(where: str, entry: dict, required: Iterable[str],
                     allowed: Iterable[str], owner: str) -> None:
    """Every required entry is present and not None, and nothing unknown is."""
    allowed = set(allowed) | set(required)
    for name in entry:
        if name not in allowed:
            raise ValueError(f"{where} has {name!r}, which {owner} does not keep (is this "
                             f"another optimizer's state?)")
        if entry[name] is None:
            raise ValueError(f"{where}: {name!r} is None")
    for name in required:
        if name not in entry:
            raise ValueError(f"{where} lacks {name!r}")


def loaded_array(where: str, name: str, value, shape: tuple[int, ...],
                 dtype: np.dtype) -> np.ndarray:
    """A copy of a saved array, cast to `dtype`; it must have `shape` and hold no NaN."""
    if isinstance(value, Tensor):
        value = value.numpy(force=True)
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "biuf":
        raise TypeError(f"{where}: {name!r} must be an array, got {type(value).__name__}")
    if value.shape != tuple(shape):
        raise ValueError(f"{where}: {name!r} has shape {value.shape}, expected {tuple(shape)}")
    if np.isnan(value).any():
        raise ValueError(f"{where}: {name!r} holds NaN; continuing from it would make the "
                         f"parameters NaN")
    return np.array(value, dtype=dtype)


def loaded_number(where: str, name: str, value, low: float | None = None):
    """A saved number (or one-element tensor) as a Python int or float; not NaN, and at least
    `low` if given."""
    if isinstance(value, Tensor) and value.numel() == 1:
        value = value.item()
    if not is_number(value):
        raise TypeError(f"{where}: {name!r} must be a number, got {value!r}")
    if isinstance(value, np.ndarray):
        value = value[()]
    value = value.item() if isinstance(value, np.generic) else value
    if value != value:
        raise ValueError(f"{where}: {name!r} is NaN")
    if low is not None and value < low:
        raise ValueError(f"{where}: {name!r} must be >= {low}, got {value}")
    return value


def split_state_dict(state_dict) -> tuple[list, dict]:
    """The ``param_groups`` list and ``state`` dict of a saved optimizer state, type-checked."""
    if not isinstance(state_dict, dict):
        raise TypeError(f"state_dict must be a dict, got {type(state_dict).__name__}")
    for key in ("state", "param_groups"):
        if key not in state_dict:
            raise ValueError(f"the optimizer state dict lacks the key {key!r}")
    if not isinstance(state_dict["state"], dict):
        raise TypeError(f"the optimizer state dict's 'state' must be a dict, got "
                        f"{type(state_dict['state']).__name__}")
    if not isinstance(state_dict["param_groups"], (list, tuple)):
        raise TypeError(f"the optimizer state dict's 'param_groups' must be a list, got "
                        f"{type(state_dict['param_groups']).__name__}")
    return list(state_dict["param_groups"]), state_dict["state"]


def plain_value(value, like=None):
    """A loaded hyper-parameter as a plain value again: what a file does to numbers and tuples
    (0-d arrays, NumPy scalars, lists) undone, shaped like the current value `like`."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(like, tuple) and isinstance(value, (np.ndarray, list, tuple)):
        return tuple(plain_value(v) for v in value)
    if isinstance(value, np.ndarray) and (like is None or isinstance(like, (int, float, bool))):
        return value.tolist()
    return value

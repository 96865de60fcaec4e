"""What `Module.state_dict` saves and how `Module.load_state_dict` checks and copies it back."""
from __future__ import annotations

from collections import OrderedDict
from typing import Iterator

import numpy as np

from autograd import Tensor, no_grad
from autograd.size import Size
from nn.hooks import IncompatibleKeys

__all__ = ["state_items", "load_state"]


def state_items(module, prefix: str = "") -> Iterator[tuple[str, Tensor]]:
    """(key, tensor) of everything state_dict saves: parameters, then persistent buffers, then
    each child's under "child.", shared modules under every name."""
    for name, param in module._parameters.items():
        if param is not None:
            yield prefix + name, param
    for name, buffer in module._buffers.items():
        if buffer is not None and name not in module._non_persistent_buffers:
            yield prefix + name, buffer
    for name, child in module._modules.items():
        if child is not None:
            yield from state_items(child, prefix + name + ".")


def load_state(module, state_dict: dict, strict: bool) -> IncompatibleKeys:
    """Copy `state_dict` into `module` all or nothing (see `Module.load_state_dict`)."""
    if not hasattr(state_dict, "items"):
        raise TypeError(f"expected a dict-like state_dict, got {type(state_dict).__name__}")
    own = OrderedDict(state_items(module))
    missing = [key for key in own if key not in state_dict]
    unexpected = [key for key in state_dict if key not in own]
    copies, mismatches = [], []
    for key, target in own.items():
        if key not in state_dict:
            continue
        value = state_dict[key]
        array = value.numpy(force=True) if isinstance(value, Tensor) else np.asarray(value)
        if array.dtype.kind not in "biuf":
            raise TypeError(f"load_state_dict: {key} must be a tensor or an array of numbers, "
                            f"got {type(value).__name__}")
        if array.shape != target.shape:
            mismatches.append(f"size mismatch for {key}: copying a param with shape "
                              f"{Size(array.shape)} from checkpoint, the shape in current "
                              f"model is {target.shape}.")
        else:
            copies.append((target, array))
    errors = []
    if strict and missing:
        errors.append("Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in missing) + ".")
    if strict and unexpected:
        errors.append("Unexpected key(s) in state_dict: "
                      + ", ".join(f'"{k}"' for k in unexpected) + ".")
    errors.extend(mismatches)
    if errors:
        raise RuntimeError(f"Error(s) in loading state_dict for {type(module).__name__}:\n\t"
                           + "\n\t".join(errors))
    with no_grad():
        for target, array in copies:
            target.copy_(Tensor(array.astype(target.dtype, copy=False)))
    return IncompatibleKeys(missing, unexpected)

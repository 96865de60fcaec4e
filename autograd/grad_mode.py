"""Grad mode, per thread: `no_grad`, `enable_grad`, `set_grad_enabled`, `inference_mode`.

Every op reads `state.enabled` to decide whether to record a node; the engine turns it off
while it runs a plain backward (and on for `create_graph=True`). As in PyTorch, the mode
belongs to the thread: a `no_grad` block in one thread never changes another thread's.
"""
from __future__ import annotations

import functools
import threading

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "inference_mode", "is_grad_enabled",
           "is_inference_mode_enabled"]


class _State(threading.local):
    """This thread's switches: record ops (`enabled`), inference mode, anomaly detection."""

    enabled = True
    inference = False
    anomaly = False


state = _State()


def is_grad_enabled() -> bool:
    """True when ops record the graph for backward."""
    return state.enabled


def is_inference_mode_enabled() -> bool:
    return state.inference


class _ModeContext:
    """A context manager that is also a decorator, setting grad mode to `self.mode`."""

    mode = True
    inference = False

    def __enter__(self) -> None:
        self.previous = state.enabled, state.inference
        state.enabled = self.mode
        state.inference = self.inference

    def __exit__(self, *exc) -> None:
        state.enabled, state.inference = self.previous

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.clone():
                return fn(*args, **kwargs)

        return wrapper

    def clone(self) -> "_ModeContext":
        return self.__class__()


class no_grad(_ModeContext):
    """Ops inside do not record the graph (evaluation, parameter updates).

    Example:
        >>> with no_grad():
        ...     y = x * 2          # y.requires_grad is False
    """

    mode = False


class enable_grad(_ModeContext):
    """Ops inside record the graph, even within `no_grad`."""

    mode = True


class set_grad_enabled(_ModeContext):
    """Turn recording on or off: as a call (`set_grad_enabled(False)`), a context manager or
    a decorator, as in PyTorch."""

    def __init__(self, mode: bool) -> None:
        if not isinstance(mode, bool):
            raise TypeError(f"set_grad_enabled(): argument 'mode' must be bool, not "
                            f"{type(mode).__name__}")
        self.mode = bool(mode)
        self.previous = state.enabled, state.inference
        state.enabled = self.mode

    def __enter__(self) -> None:
        pass

    def clone(self) -> "set_grad_enabled":
        return set_grad_enabled(self.mode)


class inference_mode(_ModeContext):
    """Like `no_grad`, for code that only evaluates (`inference_mode(False)` leaves it)."""

    def __init__(self, mode: bool = True) -> None:
        self.inference = bool(mode)

    def __enter__(self) -> None:
        self.previous = state.enabled, state.inference
        if self.inference:
            state.enabled = False
        state.inference = self.inference

    def clone(self) -> "inference_mode":
        return inference_mode(self.inference)

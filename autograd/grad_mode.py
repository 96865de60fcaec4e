"""Gradient recording switches: `no_grad`, `enable_grad`, `set_grad_enabled`, `is_grad_enabled`."""
from __future__ import annotations

import functools

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled"]


class _State:
    """Process-wide switches read by every op (`enabled`) and by the engine (`anomaly`)."""

    enabled = True
    anomaly = False


state = _State()


def is_grad_enabled() -> bool:
    """True when ops record the graph for backward."""
    return state.enabled


class set_grad_enabled:
    """Context manager and decorator that turns graph recording on or off."""

    def __init__(self, mode: bool) -> None:
        self.mode = bool(mode)
        self.previous = state.enabled
        state.enabled = self.mode

    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc) -> None:
        state.enabled = self.previous


class _GradModeContext:
    """Shared body of `no_grad` and `enable_grad`: a context manager that is also a decorator."""

    mode = True

    def __enter__(self) -> None:
        self.previous = state.enabled
        state.enabled = self.mode

    def __exit__(self, *exc) -> None:
        state.enabled = self.previous

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.__class__():
                return fn(*args, **kwargs)

        return wrapper


class no_grad(_GradModeContext):
    """Ops inside do not record the graph (use it for evaluation and parameter updates)."""

    mode = False


class enable_grad(_GradModeContext):
    """Ops inside record the graph, even within `no_grad`."""

    mode = True

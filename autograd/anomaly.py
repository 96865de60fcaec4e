"""`detect_anomaly`: find the forward op whose backward produced NaN or Inf."""
from __future__ import annotations

from autograd.grad_mode import state

__all__ = ["detect_anomaly"]


class detect_anomaly:
    """Context manager: ops record where they were created, and backward raises
    FloatingPointError naming the op (and that place) as soon as a gradient has NaN/Inf.

    Example:
        >>> with detect_anomaly():
        ...     y = (x.sqrt() * 0).sum()   # sqrt(0) has an infinite slope
        ...     y.backward()                # FloatingPointError: SqrtBackward produced NaN/Inf ...
    """

    def __enter__(self) -> "detect_anomaly":
        self.previous = state.anomaly
        state.anomaly = True
        return self

    def __exit__(self, *exc) -> None:
        state.anomaly = self.previous

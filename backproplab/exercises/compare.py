"""What the exercise checks share: gradients compared with the engine's through
`viz.check_grads`, numbers compared with a tolerance, answers that must be there."""
from __future__ import annotations

import numpy as np

from autograd import Tensor
from backproplab.exercises.grading import NotDone, Wrong
from viz import GradReport, check_grads
from viz.text import format_array

__all__ = ["require_grads", "require_close", "require_answer", "as_array"]


def require_grads(loss: Tensor, grads: dict, names: dict, context: str = "") -> GradReport:
    """Compare `grads` (name -> your gradient) with the engine's gradients of `loss`.

    Returns the report when every one is right; raises `NotDone` when some are None and the
    rest right, `Wrong` with the first wrong gradient's chain-rule hint otherwise.
    """
    report = check_grads(loss, grads, names=names, quiet=True)
    if report.first_wrong is not None:
        result = report[report.first_wrong]
        prefix = f"{context}: " if context else ""
        raise Wrong(f"{prefix}the gradient of {report.first_wrong} is wrong (max abs diff "
                    f"{_diff(result)}).\n{report.hint}")
    missing = [result.name for result in report if result.status == "not done"]
    if missing:
        raise NotDone(f"no gradient yet for {', '.join(missing)}")
    return report


def require_close(what: str, yours, expected, rtol: float = 1e-6, atol: float = 1e-9,
                  explain: str = "") -> None:
    """Raise `Wrong` unless `yours` has `expected`'s shape and values (within tolerance)."""
    given = as_array(what, yours)
    expected = np.asarray(expected, dtype=np.float64)
    if given.shape != expected.shape:
        raise Wrong(f"{what} has shape {given.shape}, expected {expected.shape}"
                    + (f". {explain}" if explain else ""))
    if not np.allclose(given, expected, rtol=rtol, atol=atol, equal_nan=False):
        diff = float(np.max(np.abs(given - expected))) if given.size else 0.0
        raise Wrong(f"{what}: yours {format_array(given)}, expected {format_array(expected)} "
                    f"(max abs diff {diff:.3g})" + (f". {explain}" if explain else ""))


def require_answer(what: str, value):
    """`value`, or `NotDone` when it is still None."""
    if value is None:
        raise NotDone(f"{what} is still None")
    return value


def as_array(what: str, value) -> np.ndarray:
    """`value` (a Tensor, an array, a number or a list of numbers) as a float64 array."""
    if value is None:
        raise NotDone(f"{what} is still None")
    if isinstance(value, Tensor):
        value = value.numpy(force=True)
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise Wrong(f"{what} should be numbers, not {type(value).__name__}") from None


def _diff(result) -> str:
    return "-" if result.max_abs_diff is None else f"{result.max_abs_diff:.3g}"

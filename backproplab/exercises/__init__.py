"""Graders of the exercise notebooks (`notebooks/exercises/`): one module per notebook, each
with a `check` that grades one exercise and shows PASS / FAIL with a hint / NOT DONE.

    from backproplab.exercises.scalar_engine import check
    check("value_mul", Value)

`backproplab check NOTEBOOK` runs a notebook on a fresh kernel and collects these grades.
"""
import importlib

from backproplab.exercises.grading import GRADE_MIME, GRADE_PREFIX, Checker, Grade, NotDone, Wrong

__all__ = ["Checker", "Grade", "Wrong", "NotDone", "GRADE_MIME", "GRADE_PREFIX", "NOTEBOOKS",
           "exercises_of"]

NOTEBOOKS = {
    "01_scalar_engine": "backproplab.exercises.scalar_engine",
    "02_function_backward": "backproplab.exercises.function_backward",
    "03_backprop_ninja": "backproplab.exercises.backprop_ninja",
    "04_optimizer_steps": "backproplab.exercises.optimizer_steps",
    "05_gradient_checking": "backproplab.exercises.gradient_checking",
}
"""Exercise notebook name -> the module holding its checks (`EXERCISES`: names in order)."""


def exercises_of(notebook: str) -> list[str]:
    """The exercise names of a notebook, in order ([] for a notebook we do not know)."""
    module = NOTEBOOKS.get(notebook)
    return [] if module is None else list(importlib.import_module(module).EXERCISES)

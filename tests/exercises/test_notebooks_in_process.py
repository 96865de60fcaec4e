"""Every solution notebook passes all its exercises; every exercise notebook runs as given
and grades every exercise "not done" (cells run in this process: no kernel, fast)."""
from __future__ import annotations

import pytest

from backproplab.exercises import NOTEBOOKS, exercises_of
from tests.exercises.runner import EXERCISES, SOLUTIONS, code_cells, run_cells


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_the_solutions_pass(notebook):
    path = SOLUTIONS / f"{notebook}.ipynb"
    grades = run_cells(path, code_cells(path))
    assert list(grades) == exercises_of(notebook)
    assert {name: g["status"] for name, g in grades.items() if g["status"] != "pass"} == {}


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_the_blank_exercises_run_and_are_not_done(notebook):
    path = EXERCISES / f"{notebook}.ipynb"
    grades = run_cells(path, code_cells(path))
    assert list(grades) == exercises_of(notebook)
    assert {g["status"] for g in grades.values()} == {"not done"}

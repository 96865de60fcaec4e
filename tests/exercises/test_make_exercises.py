"""Exercise notebooks are made from the solution notebooks: answers become blanks that run
and grade as "not done", and the committed exercise notebooks are up to date."""
from __future__ import annotations

import importlib.util

import nbformat
import pytest

from backproplab.exercises import NOTEBOOKS, exercises_of
from tests.exercises.runner import EXERCISES, ROOT, SOLUTIONS

_spec = importlib.util.spec_from_file_location("make_exercises",
                                               ROOT / "notebooks" / "make_exercises.py")
make_exercises = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_exercises)


def test_an_answer_in_a_function_becomes_a_raise():
    source = ("def f(x):\n    y = 2\n    ### BEGIN SOLUTION\n    return x * y\n"
              "    ### END SOLUTION\n\nF = f")
    assert make_exercises.blank_cell(source) == (
        "def f(x):\n    y = 2\n    # YOUR CODE HERE\n"
        '    raise NotImplementedError("YOUR CODE HERE")\n\nF = f')


def test_a_top_level_answer_becomes_none_for_each_name_it_assigns():
    source = ("### BEGIN SOLUTION\ndx = x * 2\ndx[0] = 1\ndy: float = 3\ndx += 1\n"
              "for k in range(3):\n    dz = k\n### END SOLUTION\ncheck('x', dx)")
    assert make_exercises.blank_cell(source) == (
        "# YOUR CODE HERE\ndx = None\ndy = None\ncheck('x', dx)")


@pytest.mark.parametrize("source, error", [
    ("### BEGIN SOLUTION\nx = 1", "without"),
    ("x = 1\n### END SOLUTION", "without"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "inside"),
])
def test_unbalanced_markers_are_errors(source, error):
    with pytest.raises(ValueError, match=error):
        make_exercises.blank_cell(source)


def test_the_committed_exercise_notebooks_are_up_to_date(capsys):
    assert make_exercises.main(["--check"]) == 0, capsys.readouterr().out
    assert sorted(p.name for p in EXERCISES.glob("*.ipynb")) == \
        sorted(p.name for p in SOLUTIONS.glob("*.ipynb")) == \
        sorted(f"{name}.ipynb" for name in NOTEBOOKS)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_a_solution_notebook_reads_well_and_checks_every_exercise(notebook):
    nb = nbformat.read(SOLUTIONS / f"{notebook}.ipynb", as_version=4)
    intro = nb.cells[0]
    assert intro.cell_type == "markdown"
    for words in ("What the course teaches", "PyTorch", "x @ W.T + b", "W·A + b"):
        assert words in intro.source, f"the introduction should mention {words!r}"
    code = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code"), \
        "commit the notebooks without outputs (the grader runs them)"
    for exercise in exercises_of(notebook):
        assert f'check("{exercise}"' in code, f"no check cell for {exercise}"
    blank = nbformat.read(EXERCISES / f"{notebook}.ipynb", as_version=4)
    blank_code = "\n".join(cell.source for cell in blank.cells if cell.cell_type == "code")
    assert "BEGIN SOLUTION" not in blank_code and "YOUR CODE HERE" in blank_code

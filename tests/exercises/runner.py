"""Run an exercise notebook's code cells in this process (no kernel: fast), optionally with
a line of an answer replaced, and collect the grades its `check` cells print."""
from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import nbformat

from backproplab.exercises.grading import parse_grade_line

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "notebooks" / "solutions"
EXERCISES = ROOT / "notebooks" / "exercises"


def code_cells(path: Path) -> list[str]:
    notebook = nbformat.read(path, as_version=4)
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def replace_once(cells: list[str], old: str, new: str) -> list[str]:
    """The cells with the one occurrence of `old` replaced by `new` (an error otherwise)."""
    hits = [k for k, source in enumerate(cells) if old in source]
    count = sum(source.count(old) for source in cells)
    assert count == 1, f"{old!r} occurs {count} times in the notebook, expected once"
    cells = list(cells)
    cells[hits[0]] = cells[hits[0]].replace(old, new)
    return cells


def run_cells(path: Path, cells: list[str], until: str | None = None) -> dict[str, dict]:
    """Execute `cells` in a fresh namespace in the notebook's folder; return exercise ->
    grade record. With `until`, stop after the cell that graded that exercise."""
    namespace = {"__name__": "__main__"}
    grades: dict[str, dict] = {}
    previous = os.getcwd()
    os.chdir(path.parent)
    try:
        for number, source in enumerate(cells, start=1):
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                exec(compile(source, f"<{path.name} cell {number}>", "exec"), namespace)
            for line in printed.getvalue().splitlines():
                record = parse_grade_line(line)
                if record is not None:
                    grades[record["exercise"]] = record
            if until is not None and until in grades:
                break
    finally:
        os.chdir(previous)
    return grades

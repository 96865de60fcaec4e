"""`backproplab check NOTEBOOK [NOTEBOOK|FOLDER ...]`: grade exercise notebooks.

Each notebook runs top to bottom on a fresh kernel (offline, a timeout per cell, its own
folder as working directory, this installation's packages importable). Every `check(...)`
cell leaves a grade in the notebook's outputs (see `backproplab.exercises.grading`); the
command collects them and prints, per notebook, each exercise with PASS / FAIL and the hint /
NOT DONE, then, for several notebooks (a folder of submissions), a summary table. A cell
that raises is reported and the run goes on. The exit status is 0 when every exercise of
every notebook passed, 1 otherwise, 2 when a path is not a notebook or a folder of them.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from backproplab.exercises import GRADE_MIME, exercises_of
from backproplab.exercises.grading import parse_grade_line

__all__ = ["main", "NotebookGrades", "grade_notebook", "collect_grades", "notebook_paths",
           "report_text", "summary_text"]

ROOT = Path(__file__).resolve().parents[1]
"""The folder holding the packages, put on the kernel's PYTHONPATH."""

_WORDS = {"pass": "PASS", "fail": "FAIL", "not done": "NOT DONE", "missing": "MISSING"}


@dataclass
class NotebookGrades:
    """The grades of one notebook run: one record per exercise (notebook order), the errors
    of cells that raised, the exercises its grader has that no cell graded, and seconds."""

    path: Path
    grades: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for grade in self.grades if grade["status"] == status)

    @property
    def total(self) -> int:
        return len(self.grades) + len(self.missing)

    @property
    def passed(self) -> bool:
        """Every exercise passed, none missing, no cell raised, and at least one graded."""
        return (bool(self.grades) and self.count("pass") == len(self.grades)
                and not self.missing and not self.errors)


def notebook_paths(paths: list[str]) -> list[Path]:
    """The notebooks named, folders expanded to the notebooks in them (sorted, recursively,
    checkpoints skipped). Raises FileNotFoundError / ValueError for anything else."""
    found = []
    for text in paths:
        path = Path(text)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*.ipynb")
                            if ".ipynb_checkpoints" not in p.parts)
            if not inside:
                raise ValueError(f"{text}: no notebooks (.ipynb) in this folder")
            found.extend(inside)
        elif path.is_file():
            if path.suffix != ".ipynb":
                raise ValueError(f"{text}: not a notebook (expected a .ipynb file)")
            found.append(path)
        else:
            raise FileNotFoundError(f"{text}: no such file or folder")
    return found


def grade_notebook(path: Path, timeout: float = 120, kernel: str = "python3") -> NotebookGrades:
    """Run the notebook at `path` on a fresh kernel and collect its grades (it is not saved)."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT)] + paths))
    client = NotebookClient(notebook, timeout=timeout, kernel_name=kernel, allow_errors=True,
                            resources={"metadata": {"path": str(path.parent.resolve())}})
    start = time.perf_counter()
    result = NotebookGrades(path)
    try:
        client.execute(env=env, stderr=subprocess.DEVNULL)  # the kernel's log, not the cells'
    except Exception as error:  # a cell that timed out, or a kernel that died
        result.errors.append(f"the run stopped: {type(error).__name__}: {_first_line(error)}")
    result.seconds = time.perf_counter() - start
    grades, cell_errors = collect_grades(notebook)
    result.grades, result.errors = grades, cell_errors + result.errors
    names = {grade["notebook"] for grade in result.grades if grade.get("notebook")}
    graded = {grade["exercise"] for grade in result.grades}
    for name in sorted(names):
        result.missing += [e for e in exercises_of(name) if e not in graded]
    return result


def collect_grades(notebook) -> tuple[list[dict], list[str]]:
    """(grades, errors) from an executed notebook's outputs: the `GRADE_MIME` records (or
    printed `GRADE_PREFIX` lines), the last one per exercise; and one line per cell error."""
    grades: dict[str, dict] = {}
    errors = []
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for number, cell in enumerate(code_cells, start=1):
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind in ("display_data", "execute_result") and GRADE_MIME in output.get("data", {}):
                _keep(grades, output["data"][GRADE_MIME])
            elif kind == "stream":
                for line in output.get("text", "").splitlines():
                    record = parse_grade_line(line)
                    if record is not None:
                        _keep(grades, record)
            elif kind == "error":
                errors.append(f"code cell {number} raised {output.get('ename')}: "
                              f"{output.get('evalue')}")
    return list(grades.values()), errors


def _keep(grades: dict, record) -> None:
    if isinstance(record, dict) and isinstance(record.get("exercise"), str) \
            and record.get("status") in ("pass", "fail", "not done"):
        grades.pop(record["exercise"], None)  # a later grade replaces an earlier one
        grades[record["exercise"]] = record


def report_text(result: NotebookGrades) -> str:
    """The notebook's grades, one exercise per line, hints indented under their line."""
    lines = [f"{result.path}  ({result.seconds:.1f} s)"]
    width = max([len(g["exercise"]) for g in result.grades] + [len(m) for m in result.missing]
                + [8])
    rows = [(g["status"], g["exercise"], g.get("message", "")) for g in result.grades]
    rows += [("missing", name, "no cell graded it (the check cell was deleted or did not run)")
             for name in result.missing]
    for status, exercise, message in rows:
        message_lines = str(message).split("\n") if message else [""]
        lines.append(f"  {_WORDS[status]:<8}  {exercise:<{width}}  {message_lines[0]}".rstrip())
        lines.extend(" " * (14 + width) + more for more in message_lines[1:])
    for error in result.errors:
        lines.append(f"  ERROR     {error}")
    if not result.grades:
        lines.append("  no exercise was graded: is this an exercise notebook?")
    lines.append(f"  {_counts(result)}")
    return "\n".join(lines)


def _counts(result: NotebookGrades) -> str:
    parts = [f"{result.count('pass')} passed", f"{result.count('fail')} failed",
             f"{result.count('not done')} not done"]
    if result.missing:
        parts.append(f"{len(result.missing)} missing")
    if result.errors:
        parts.append(f"{len(result.errors)} cell errors")
    return ", ".join(parts) + f" (of {result.total})"


def summary_text(results: list[NotebookGrades]) -> str:
    """One row per notebook (passed of total, failed, not done, errors); when the notebooks
    share their exercises (a folder of submissions), how many passed each exercise."""
    header = ("notebook", "passed", "failed", "not done", "errors")
    rows = [header] + [(str(r.path), f"{r.count('pass')}/{r.total}", str(r.count("fail")),
                        str(r.count("not done") + len(r.missing)), str(len(r.errors)))
                       for r in results]
    text = _table(rows)
    lists = {tuple(g["exercise"] for g in r.grades) + tuple(r.missing) for r in results}
    if len(lists) == 1 and len(results) > 1:
        exercises = next(iter(lists))
        per = [("exercise", "passed by")]
        for exercise in exercises:
            passed = sum(1 for r in results for g in r.grades
                         if g["exercise"] == exercise and g["status"] == "pass")
            per.append((exercise, f"{passed}/{len(results)}"))
        text += "\n\n" + _table(per)
    return text


def _table(rows: list[tuple]) -> str:
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(widths[k]) for k, cell in enumerate(row)).rstrip()
                     for row in rows)


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[-1] if text else ""


def main(args: argparse.Namespace) -> int:
    try:
        paths = notebook_paths(args.notebooks)
    except (FileNotFoundError, ValueError) as error:
        print(f"backproplab check: {error}", file=sys.stderr)
        return 2
    missing = [name for name in ("nbclient", "nbformat", "ipykernel")
               if importlib.util.find_spec(name) is None]
    if missing:
        print(f"backproplab check: needs {', '.join(missing)} to run notebooks: "
              "pip install 'backproplab[notebooks]'", file=sys.stderr)
        return 2
    results = []
    for path in paths:
        result = grade_notebook(path, timeout=args.timeout, kernel=args.kernel)
        results.append(result)
        if not args.quiet:
            print(report_text(result), flush=True)
            print(flush=True)
    if len(results) > 1 or args.quiet:
        print(summary_text(results))
    if args.json:
        records = [{"notebook_path": str(r.path), "seconds": round(r.seconds, 3),
                    "grades": r.grades, "missing": r.missing, "errors": r.errors}
                   for r in results]
        Path(args.json).write_text(json.dumps(records, indent=1, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
    return 0 if all(result.passed for result in results) else 1

"""Grading one exercise: run its check, turn the outcome into a `Grade`, and show it.

An exercise check is a function that returns a short note when the learner's answer is
right and raises `Wrong(hint)` when it is not. `Checker` runs it and decides:

    pass       the check returned
    fail       it raised `Wrong` (its hint says what is wrong), or the learner's code raised
    not done   the learner's code raised NotImplementedError (a blank `# YOUR CODE HERE`)
               or the answer is still None

In a notebook the grade shows as a coloured line and carries a machine-readable copy (the
`GRADE_MIME` type of a display output) that `backproplab check` collects; outside a kernel
the same JSON record is printed on a line of its own after `GRADE_PREFIX`.
"""
from __future__ import annotations

import html
import json
import os
import sys
import traceback
from dataclasses import asdict, dataclass
from typing import Callable

__all__ = ["Grade", "Wrong", "NotDone", "Checker", "GRADE_MIME", "GRADE_PREFIX", "STATUSES",
           "parse_grade_line"]

GRADE_MIME = "application/vnd.backproplab.grade+json"
"""MIME type of the machine-readable grade in a notebook's display output."""
GRADE_PREFIX = "backproplab-grade: "
"""Outside a kernel, the JSON grade is printed on a line starting with this."""
STATUSES = ("pass", "fail", "not done")

_COLOURS = {"pass": "#15803d", "fail": "#b91c1c", "not done": "#b45309"}
_WORDS = {"pass": "PASS", "fail": "FAIL", "not done": "NOT DONE"}


class Wrong(Exception):
    """Raised by a check: the answer is wrong; the message is the hint."""


class NotDone(Exception):
    """Raised by a check: the answer is not there yet (e.g. still None)."""


@dataclass
class Grade:
    """The outcome of one exercise: `status` in STATUSES and a message (the hint on failure)."""

    notebook: str
    exercise: str
    status: str
    message: str = ""

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    def record(self) -> dict:
        """JSON-ready: notebook, exercise, status, message."""
        return asdict(self)

    def __str__(self) -> str:
        text = f"{_WORDS[self.status]} {self.exercise}"
        return f"{text}: {self.message}" if self.message else text

    def _repr_html_(self) -> str:
        colour = _COLOURS[self.status]
        message = html.escape(self.message).replace("\n", "<br>")
        return (f'<div style="font-family:monospace"><b style="color:{colour}">'
                f"{_WORDS[self.status]}</b> {html.escape(self.exercise)}"
                + (f"<br>{message}" if message else "") + "</div>")

    def _repr_mimebundle_(self, include=None, exclude=None, **_) -> dict:
        return {"text/plain": str(self), "text/html": self._repr_html_(),
                GRADE_MIME: self.record()}


class Checker:
    """`check(exercise, *answer)`: grade one exercise of a notebook and show the grade.

    Args:
        notebook: the notebook's short name (recorded in each grade).
        checks: exercise name -> check function taking the learner's answer.
    """

    def __init__(self, notebook: str, checks: dict[str, Callable]) -> None:
        self.notebook = notebook
        self.checks = dict(checks)

    @property
    def exercises(self) -> list[str]:
        """The exercise names, in the notebook's order."""
        return list(self.checks)

    def grade(self, exercise: str, *answer, **options) -> Grade:
        """The grade of one exercise, without showing it."""
        if exercise not in self.checks:
            raise KeyError(f"check: no exercise {exercise!r} in {self.notebook}; the "
                           f"exercises are {', '.join(self.checks)}")
        try:
            note = self.checks[exercise](*answer, **options)
        except Wrong as wrong:
            return Grade(self.notebook, exercise, "fail", str(wrong))
        except (NotDone, NotImplementedError) as blank:
            return Grade(self.notebook, exercise, "not done", _not_done_message(blank))
        except Exception as error:  # the learner's code raised: a failure, with where
            return Grade(self.notebook, exercise, "fail", _error_message(error))
        return Grade(self.notebook, exercise, "pass", note or "")

    def __call__(self, exercise: str, *answer, **options) -> Grade:
        """Grade one exercise and show the grade (returned too)."""
        grade = self.grade(exercise, *answer, **options)
        show(grade)
        return grade


def show(grade: Grade) -> None:
    """In a kernel: display the grade (text, HTML and the machine-readable record).
    Elsewhere: print the text and a `GRADE_PREFIX` line with the JSON record."""
    shell = sys.modules.get("IPython")
    ipython = shell.get_ipython() if shell is not None else None
    if ipython is not None and getattr(ipython, "kernel", None) is not None:
        from IPython.display import display

        display(grade)
        return
    print(grade)
    print(GRADE_PREFIX + json.dumps(grade.record(), ensure_ascii=False))


def parse_grade_line(line: str) -> dict | None:
    """The record in a `GRADE_PREFIX` line, or None for any other line."""
    if not line.startswith(GRADE_PREFIX):
        return None
    try:
        record = json.loads(line[len(GRADE_PREFIX):])
    except json.JSONDecodeError:
        return None
    return record if isinstance(record, dict) else None


def _not_done_message(blank: Exception) -> str:
    where = _learner_frame(blank)
    text = str(blank)
    if isinstance(blank, NotImplementedError):
        text = "not written yet" + (f" (NotImplementedError in {where})" if where else "")
    return text


def _error_message(error: Exception) -> str:
    where = _learner_frame(error)
    at = f" in {where}" if where else ""
    return f"your code raised {type(error).__name__}{at}: {error}"


def _learner_frame(error: Exception) -> str:
    """The innermost frame of the traceback outside the library's packages: where in the
    learner's code the error came from ('value_mul, line 4')."""
    found, library = "", _package_dirs()
    for frame in traceback.extract_tb(error.__traceback__):
        if not frame.filename.startswith(library):
            found = f"{frame.name}, line {frame.lineno}"
    return found


def _package_dirs() -> tuple[str, ...]:
    dirs = []
    for name in ("autograd", "nn", "optim", "viz", "backproplab"):
        module = sys.modules.get(name)
        if module is not None and getattr(module, "__file__", None):
            dirs.append(os.path.dirname(os.path.abspath(module.__file__)) + os.sep)
    return tuple(dirs)

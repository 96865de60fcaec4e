"""The grader: statuses, the learner's frame in error messages, how grades are shown and
read back."""
from __future__ import annotations

import json

import pytest

from backproplab.exercises import NOTEBOOKS, exercises_of
from backproplab.exercises.grading import (
    GRADE_MIME, GRADE_PREFIX, Checker, Grade, NotDone, Wrong, parse_grade_line,
)


def right(answer):
    return f"got {answer}"


def wrong(answer):
    raise Wrong(f"{answer} is not it")


def still_none(answer):
    raise NotDone("answer is still None")


def learner_blank(answer):
    def learners_function():
        raise NotImplementedError("YOUR CODE HERE")
    learners_function()


def learner_bug(answer):
    def learners_function():
        return [][answer]
    return learners_function()


CHECKER = Checker("00_test", {"right": right, "wrong": wrong, "none": still_none,
                               "blank": learner_blank, "bug": learner_bug})


@pytest.mark.parametrize("exercise, status, message", [
    ("right", "pass", "got 3"),
    ("wrong", "fail", "3 is not it"),
    ("none", "not done", "answer is still None"),
    ("blank", "not done", "not written yet (NotImplementedError in learners_function, line"),
    ("bug", "fail", "your code raised IndexError in learners_function, line"),
])
def test_statuses(exercise, status, message):
    grade = CHECKER.grade(exercise, 3)
    assert grade.status == status
    assert grade.message.startswith(message)
    assert grade.passed == (status == "pass")


def test_an_unknown_exercise_names_the_known_ones():
    with pytest.raises(KeyError, match="the exercises are right, wrong, none, blank, bug"):
        CHECKER.grade("wrnog", 3)


def test_outside_a_kernel_the_grade_is_printed_with_a_json_line(capsys):
    grade = CHECKER("wrong", 3)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "FAIL wrong: 3 is not it"
    assert lines[1].startswith(GRADE_PREFIX)
    assert parse_grade_line(lines[1]) == grade.record() == {
        "notebook": "00_test", "exercise": "wrong", "status": "fail", "message": "3 is not it"}


def test_in_a_notebook_the_grade_carries_its_record():
    grade = Grade("00_test", "right", "pass", "got <3>")
    bundle = grade._repr_mimebundle_()
    assert bundle[GRADE_MIME] == grade.record()
    assert bundle["text/plain"] == "PASS right: got <3>"
    assert "got &lt;3&gt;" in bundle["text/html"] and "PASS" in bundle["text/html"]
    json.dumps(bundle)


@pytest.mark.parametrize("line", ["PASS right", GRADE_PREFIX + "{not json", GRADE_PREFIX + "[1]"])
def test_other_lines_are_not_grades(line):
    assert parse_grade_line(line) is None


def test_every_notebook_has_its_exercises_and_there_are_at_least_30():
    counts = {notebook: len(exercises_of(notebook)) for notebook in NOTEBOOKS}
    assert all(counts.values())
    assert sum(counts.values()) >= 30
    assert exercises_of("99_unknown") == []

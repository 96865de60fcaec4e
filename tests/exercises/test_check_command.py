"""`backproplab check`: notebooks run on a fresh kernel, every exercise reported, a summary
table for a folder of submissions, the exit status."""
from __future__ import annotations

import json
import shutil

import nbformat
import pytest

from backproplab.check import collect_grades, notebook_paths, summary_text
from backproplab.cli import main
from backproplab.exercises import NOTEBOOKS, exercises_of
from tests.exercises.runner import EXERCISES, SOLUTIONS

pytest.importorskip("nbclient")


def test_every_solution_notebook_passes(capsys):
    status = main(["check", *(str(SOLUTIONS / f"{name}.ipynb") for name in NOTEBOOKS)])
    out = capsys.readouterr().out
    assert status == 0, out
    for name in NOTEBOOKS:
        total = len(exercises_of(name))
        assert f"{total} passed, 0 failed, 0 not done (of {total})" in out
    assert out.count("  PASS  ") == sum(len(exercises_of(name)) for name in NOTEBOOKS)
    assert "FAIL" not in out and "ERROR" not in out
    assert "notebook" in out.splitlines()[-len(NOTEBOOKS) - 1]  # the summary table


def test_the_blank_exercise_folder_is_all_not_done(capsys):
    status = main(["check", str(EXERCISES)])
    out = capsys.readouterr().out
    assert status == 1
    assert out.count("  NOT DONE  ") == sum(len(exercises_of(name)) for name in NOTEBOOKS)
    assert "PASS" not in out and "FAIL" not in out and "ERROR" not in out
    for name in NOTEBOOKS:
        assert f"0/{len(exercises_of(name))}" in out


def _submission(source, replacements=(), drop_check=None, extra_cell=None):
    notebook = nbformat.read(source, as_version=4)
    for cell in notebook.cells:
        for old, new in replacements:
            cell.source = cell.source.replace(old, new)
    if drop_check:
        notebook.cells = [c for c in notebook.cells if f'check("{drop_check}"' not in c.source]
    if extra_cell:
        notebook.cells.insert(3, nbformat.v4.new_code_cell(extra_cell))
    return notebook


def test_a_folder_of_submissions(tmp_path, capsys):
    name = "05_gradient_checking.ipynb"
    folder = tmp_path / "submissions"
    for student in ("alice", "bob", "carol"):
        (folder / student).mkdir(parents=True)
    shutil.copy(SOLUTIONS / name, folder / "alice" / name)
    shutil.copy(EXERCISES / name, folder / "bob" / name)
    carol = _submission(SOLUTIONS / name,
                        [("return np.linalg.norm(grad - grad_approx) / (np.linalg.norm(grad) + "
                          "np.linalg.norm(grad_approx))",
                          "return np.linalg.norm(grad - grad_approx)")],
                        drop_check="fixed_backward", extra_cell="undefined_name")
    nbformat.write(carol, folder / "carol" / name)
    report = tmp_path / "grades.json"
    status = main(["check", str(folder), "--json", str(report)])
    out = capsys.readouterr().out
    assert status == 1
    assert "  FAIL      difference" in out
    assert "‖g_a − g_n‖ / (‖g_a‖ + ‖g_n‖)" in out  # the hint
    assert "  MISSING   fixed_backward" in out
    assert "  ERROR     code cell 2 raised NameError: name 'undefined_name' is not defined" in out
    table = out[out.index("notebook  "):]
    rows = {line.split()[0].split("/")[-2]: line.split()[1:] for line in table.splitlines()[1:4]}
    assert rows == {"alice": ["5/5", "0", "0", "0"], "bob": ["0/5", "0", "5", "0"],
                    "carol": ["2/5", "2", "1", "1"]}  # gradient_check uses difference
    assert "difference           1/3" in out and "numeric_gradient     2/3" in out
    assert "gradient_check       1/3" in out
    records = json.loads(report.read_text(encoding="utf-8"))
    assert [len(r["grades"]) for r in records] == [5, 5, 4]
    assert records[2]["missing"] == ["fixed_backward"]


def test_quiet_prints_only_the_summary(tmp_path, capsys):
    shutil.copy(SOLUTIONS / "05_gradient_checking.ipynb", tmp_path / "a.ipynb")
    assert main(["check", "--quiet", str(tmp_path / "a.ipynb")]) == 0
    out = capsys.readouterr().out
    assert "PASS" not in out and out.splitlines()[1].split()[1] == "5/5"


def test_a_notebook_without_exercises_does_not_pass(tmp_path, capsys):
    path = tmp_path / "plain.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]), path)
    assert main(["check", str(path)]) == 1
    assert "no exercise was graded" in capsys.readouterr().out


@pytest.mark.parametrize("make, words", [
    (lambda tmp: tmp / "missing.ipynb", "no such file or folder"),
    (lambda tmp: (tmp / "notes.txt").write_text("x") and tmp / "notes.txt", "not a notebook"),
    (lambda tmp: tmp, "no notebooks"),
])
def test_bad_paths_exit_2(tmp_path, capsys, make, words):
    assert main(["check", str(make(tmp_path))]) == 2
    assert words in capsys.readouterr().err


def test_without_the_notebook_extra_it_says_what_to_install(tmp_path, capsys, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "nbclient" else real(name, *a))
    assert main(["check", str(SOLUTIONS / "05_gradient_checking.ipynb")]) == 2
    assert "pip install 'backproplab[notebooks]'" in capsys.readouterr().err


def test_folders_are_searched_in_order_without_checkpoints(tmp_path):
    for relative in ("b/x.ipynb", "a/y.ipynb", "a/.ipynb_checkpoints/y-checkpoint.ipynb"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("{}")
    assert [p.relative_to(tmp_path).as_posix() for p in notebook_paths([str(tmp_path)])] == \
        ["a/y.ipynb", "b/x.ipynb"]


def test_grades_are_read_from_display_outputs_and_printed_lines():
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={
            "text/plain": "PASS a", "application/vnd.backproplab.grade+json":
                {"notebook": "n", "exercise": "a", "status": "fail", "message": "first"}}),
        nbformat.v4.new_output("stream", name="stdout", text=(
            'backproplab-grade: {"notebook": "n", "exercise": "b", "status": "pass"}\n'
            "other text\n")),
        nbformat.v4.new_output("display_data", data={
            "application/vnd.backproplab.grade+json":
                {"notebook": "n", "exercise": "a", "status": "pass", "message": "again"}}),
        nbformat.v4.new_output("error", ename="ValueError", evalue="bad", traceback=[]),
    ]
    grades, errors = collect_grades(nbformat.v4.new_notebook(cells=[cell]))
    assert [(g["exercise"], g["status"]) for g in grades] == [("b", "pass"), ("a", "pass")]
    assert errors == ["code cell 1 raised ValueError: bad"]


def test_the_summary_lists_exercises_only_when_the_notebooks_share_them(tmp_path):
    from backproplab.check import NotebookGrades

    one = NotebookGrades(tmp_path / "1.ipynb", [{"exercise": "a", "status": "pass"}])
    two = NotebookGrades(tmp_path / "2.ipynb", [{"exercise": "b", "status": "fail"}])
    assert "passed by" not in summary_text([one, two])
    assert "a         1/2" in summary_text([one, NotebookGrades(
        tmp_path / "3.ipynb", [{"exercise": "a", "status": "not done"}])])

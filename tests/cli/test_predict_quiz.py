"""`backproplab graph ... --predict`: the terminal quiz (answers typed on standard input)."""
import io

import pytest

from backproplab.cli import main
from backproplab.predict_quiz import forward_lines, play
from viz import BackpropStepper

COMMAND = ["graph", "J = 3*(a + b*c)", "--values", "a=5", "b=3", "c=2", "--predict"]


def _run(monkeypatch, tmp_path, typed: str) -> int:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    return main(COMMAND)


def test_right_wrong_and_revealed_answers_are_scored(monkeypatch, tmp_path, capsys):
    assert _run(monkeypatch, tmp_path, "3\n3\n4\n\n") == 0
    out = capsys.readouterr().out
    assert out.startswith("forward: b * c = 6;  a + b * c = 11;  J = 3 * (a + b * c) = 33\n")
    for line in ("step 1/3: backward of J (Mul)", "J.grad = 1. What does J send to each input?",
                 "✓ (a + b*c).grad += 3", "score 1/1",
                 "(a + b*c).grad = 3. What does (a + b*c) send to each input?",
                 "✓ a.grad += 3", "✗ (b*c).grad += 3, not 4", "score 2/3",
                 "· b.grad += 6 (revealed)", "· c.grad += 9 (revealed)",
                 "∂(b*c)/∂b = c:  b.grad += (b*c).grad · c = 3 · 2 = 6", "Done: 2/5 right."):
        assert line in out, line
    assert not list(tmp_path.iterdir())  # a quiz draws nothing


def test_an_unreadable_answer_is_asked_again_and_the_end_of_input_stops(monkeypatch, tmp_path,
                                                                        capsys):
    assert _run(monkeypatch, tmp_path, "3\nthree\n3\n") == 0
    out = capsys.readouterr().out
    assert "a.grad +=: 'three' is not a number" in out
    assert out.rstrip().endswith("stopped at step 2/3: 1/1 right")


def test_a_bad_expression_is_refused_before_the_quiz(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["graph", "__import__('os')", "--predict"]) == 2
    assert "backproplab graph:" in capsys.readouterr().err


def test_play_reads_from_any_source_and_names_the_forward_values(scalar_graph):
    stepper = BackpropStepper(scalar_graph["J"], names=scalar_graph)
    assert forward_lines(stepper) == ["u = b*c = 6", "v = a + u = 11", "J = 3*v = 33"]
    answers, said = iter(["3", "3", "3", "6", "9"]), []
    quiz = play(stepper, ask=lambda prompt: next(answers), say=said.append)
    assert quiz.score == "5/5 right" and said[-1] == "Done: 5/5 right."


@pytest.fixture
def scalar_graph():
    from autograd import tensor

    a, b, c = (tensor(v, requires_grad=True) for v in (5.0, 3.0, 2.0))
    u = b * c
    v = a + u
    J = 3 * v
    return {"a": a, "b": b, "c": c, "u": u, "v": v, "J": J}

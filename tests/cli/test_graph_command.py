"""`backproplab graph`: safe evaluation, gradients, the picture, and refused expressions."""

import math
import xml.etree.ElementTree as ET

import pytest

from backproplab.cli import main
from backproplab.graph_command import (
    MAX_LENGTH, UnsafeExpressionError, evaluate_expression, parse_values,
)


def test_course_scalar_graph_values_and_gradients():
    J, leaves = evaluate_expression("J = 3*(a + b*c)", {"a": 5, "b": 3, "c": 2})
    assert J.name == "J" and J.item() == 33.0
    assert {name: leaf.grad.item() for name, leaf in leaves.items()} == {"a": 3, "b": 6, "c": 9}


def test_functions_follow_the_chain_rule():
    f, leaves = evaluate_expression("sin(x**2 + 3*x)", {"x": 0.5})
    assert f.name is None
    assert f.item() == pytest.approx(math.sin(1.75))
    assert leaves["x"].grad.item() == pytest.approx(math.cos(1.75) * (2 * 0.5 + 3))


def test_constants_fold_and_unary_minus():
    y, leaves = evaluate_expression("-(2**3) * t / 4 + exp(0) * tanh(t)", {"t": 1.0})
    assert y.item() == pytest.approx(-2 + math.tanh(1.0))
    assert leaves["t"].grad.item() == pytest.approx(-2 + 1 - math.tanh(1.0) ** 2)


@pytest.mark.parametrize("expression", [
    "__import__('os')", "__import__('os').system('true')", "open('x')", "a.__class__",
    "().__class__.__bases__[0]", "a[0]", "lambda: a", "a if a else a", "(b := a)",
    "[a for a in ()]", "'text' * a", "a // 2", "a @ a", "a < 1", "sin", "sin(a, a)",
    "sin(x=a)", "eval('1')", "exp.__call__(a)", "a; a", "import os", "del a",
])
def test_unsafe_or_unsupported_expressions_are_refused(expression):
    with pytest.raises(UnsafeExpressionError):
        evaluate_expression(expression, {"a": 1.0})


def test_long_expressions_are_refused():
    with pytest.raises(UnsafeExpressionError, match="longer than"):
        evaluate_expression("+".join(["a"] * MAX_LENGTH), {"a": 1.0})


@pytest.mark.parametrize("expression, values, message", [
    ("a + z", {"a": 1.0}, "no value for z"),
    ("2 * 3", {}, "no variables"),
    ("10**400 * a", {"a": 1.0}, "arithmetic error"),
])
def test_value_errors(expression, values, message):
    with pytest.raises(ValueError, match=message):
        evaluate_expression(expression, values)


def test_parse_values():
    assert parse_values(["a=5", " b = -1.5e1"]) == {"a": 5.0, "b": -15.0}
    for bad in (["a"], ["1a=2"], ["a=x"], ["sin=1"]):
        with pytest.raises(ValueError):
            parse_values(bad)


def test_command_writes_an_svg_with_values_and_gradients(tmp_path, capsys):
    out = tmp_path / "pictures" / "j.svg"
    assert main(["graph", "J = 3*(a + b*c)", "--values", "a=5", "b=3", "c=2",
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "J = 33" in printed and "dJ/dc = 9" in printed
    text = " ".join(t for t in ET.parse(out).getroot().itertext())
    for label in ("a", "b", "c", "J", "33", "grad 9"):
        assert label in text


def test_command_refuses_unsafe_code_without_running_it(tmp_path, capsys):
    marker = tmp_path / "ran"
    expression = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    assert main(["graph", expression, "--out", str(tmp_path / "x.svg")]) == 2
    assert "not allowed" in capsys.readouterr().err
    assert not marker.exists() and not (tmp_path / "x.svg").exists()


def test_command_rejects_unknown_picture_formats(tmp_path, capsys):
    assert main(["graph", "a*a", "--values", "a=2", "--out", str(tmp_path / "x.txt")]) == 2
    assert ".svg, .png or .pdf" in capsys.readouterr().err


def test_steps_print_the_chain_rule_and_write_one_frame_per_step(tmp_path, capsys):
    steps = tmp_path / "steps"
    assert main(["graph", "J = 3*(a + b*c)", "--values", "a=5", "b=3", "c=2",
                 "--out", str(tmp_path / "j.svg"), "--steps", str(steps)]) == 0
    printed = capsys.readouterr().out
    assert "step 3/3" in printed and "= 3.0 · 2.0 = 6.0" in printed
    assert "dJ/db = 6" in printed  # gradients are those of one backward, not two
    frames = sorted(p.name for p in steps.iterdir())
    assert frames == [f"step_{k}.svg" for k in range(4)]
    for name in frames:
        assert ET.parse(steps / name).getroot().tag.endswith("svg")

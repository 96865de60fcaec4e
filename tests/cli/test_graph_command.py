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
    ("10**400 * a", {"a": 1.0}, "10 \\*\\* 400 overflows"),
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
    assert "step 3/3" in printed and "b.grad += (b*c).grad · c = 3 · 2 = 6" in printed
    assert "dJ/db = 6" in printed  # gradients are those of one backward, not two
    frames = sorted(p.name for p in steps.iterdir())
    assert frames == [f"step_{k}.svg" for k in range(4)]
    for name in frames:
        assert ET.parse(steps / name).getroot().tag.endswith("svg")


@pytest.mark.parametrize("expression, values, message", [
    ("1/a", ["a=0"], "1 / a divides by zero (a = 0)"),
    ("1/0", [], "1 / 0 divides by zero"),
    ("log(a)", ["a=0"], "log(a) is -infinity: log needs a number above 0 (here a = 0)"),
    ("log(0) * a", ["a=1"], "log(0) is -infinity"),
    ("log(a)", ["a=-1"], "log of a negative number has no real value (here a = -1)"),
    ("a**0.5", ["a=-8"], "a negative number (a = -8) to a fractional power has no real value"),
    ("0**a", ["a=-1"], "0 to a negative power divides by zero"),
    ("exp(1000*b)", ["b=2"], "exp(1000 * b) overflows"),
    ("1e999 * a", ["a=1"], "too large a number"),
    ("J = sqrt(a)", ["a=0"], "J = 0, but dJ/da = inf: the slope of sqrt(a) is not finite at a = 0"),
])
def test_inf_and_nan_are_named_in_words_and_fail(expression, values, message, tmp_path, capsys):
    import warnings

    out = tmp_path / "x.svg"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no NumPy RuntimeWarning may escape
        status = main(["graph", expression, "--values", *values, "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 2 and message in err
    assert ".py" not in err and "Warning" not in err and not out.exists()


@pytest.mark.parametrize("expression, message", [
    ("3(a+b*c)", "3(a + b * c) calls the number 3 as if it were a function; for a product "
                 "write 3*(a + b * c)"),
    ("a(b+c)", "calls the variable a as if it were a function; for a product write a*(b + c)"),
    ("(a+b)(c)", "for a product write (a + b)*(c)"),
    ("2a + b + c", "to multiply, write * between the factors"),
    ("a^2 + b + c", "for a power write **"),
])
def test_mistyped_products_and_powers_are_explained(expression, message, tmp_path, capsys):
    status = main(["graph", expression, "--values", "a=1", "b=2", "c=3",
                   "--out", str(tmp_path / "x.svg")])
    assert status == 2 and message in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["graph", "-a*b", "--values", "a=2", "b=3"],
    ["graph", "--values", "a=2", "b=3", "--", "-a*b"],
    ["graph", "--values", "a=2", "b=3", "-o", "{out}", "-a*b"],
])
def test_an_expression_may_start_with_a_minus(argv, tmp_path, capsys):
    out = str(tmp_path / "x.svg")
    argv = [word.replace("{out}", out) for word in argv]
    if "-o" not in argv:
        argv = argv[:1] + ["-o", out] + argv[1:]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "result = -6" in printed and "dresult/da = -3" in printed


@pytest.mark.parametrize("values, message", [
    (["a=1", "b=2", "c=3"], "--values gives c, which the expression does not use (it uses a, b)"),
    (["a=1", "a=2", "b=1"], "a is given twice"),
    (["a=1"], "no value for b"),
    (["a=1", "b=2", "a*b"], "put the expression before --values"),
])
def test_values_must_match_the_names(values, message, tmp_path, capsys):
    assert main(["graph", "a*b", "-o", str(tmp_path / "x.svg"), "--values", *values]) == 2
    assert message in capsys.readouterr().err


def test_a_long_sum_is_drawn_in_part(tmp_path, capsys):
    out = tmp_path / "sum.svg"
    assert main(["graph", "+".join(["a"] * 200), "--values", "a=1", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "result = 200" in printed and "dresult/da = 200" in printed
    assert "the graph has 200 nodes; the picture shows the 39 nearest the result" in printed
    root = ET.parse(out).getroot()
    assert "161 more nodes" in " ".join(root.itertext())
    boxes = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "node"]
    assert len(boxes) <= 2 * 40 + 1  # 40 nodes (a dashed copy of `a` at each use), the legend


def test_steps_are_refused_for_a_large_graph(tmp_path, capsys):
    status = main(["graph", "+".join(["a"] * 50), "--values", "a=1",
                   "--out", str(tmp_path / "x.svg"), "--steps", str(tmp_path / "steps")])
    assert status == 2 and "--steps draws the whole graph" in capsys.readouterr().err
    assert not (tmp_path / "steps").exists()


def test_the_time_limit_stops_the_work(tmp_path, capsys):
    status = main(["graph", "+".join(["a"] * 200), "--values", "a=1", "--time-limit", "0.001",
                   "--out", str(tmp_path / "x.svg")])
    assert status == 1 and "time limit" in capsys.readouterr().err


@pytest.mark.parametrize("option, message", [
    (["--max-nodes", "1"], "--max-nodes must be at least 2"),
    (["--time-limit", "0"], "--time-limit must be a positive number"),
])
def test_bad_limits_are_named(option, message, tmp_path, capsys):
    assert main(["graph", "a", "--values", "a=1", *option,
                 "--out", str(tmp_path / "x.svg")]) == 2
    assert message in capsys.readouterr().err

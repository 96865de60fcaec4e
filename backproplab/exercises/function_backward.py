"""Checks of exercise notebook 02: the backward of ten ops written as `autograd.Function`s.

Each op is checked with `gradcheck` (central differences, float64) and against the engine's
own op on the same inputs and the same incoming gradient; a wrong gradient is named by
argument and explained with the engine's derivative text for it (`Mul.derivatives` is
("b", "a"): ∂(a*b)/∂a = b), read from the graph the engine's op records.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

import autograd
from autograd.ops.derivative_text import ARGUMENTS, uses_gradient
from backproplab.exercises.compare import as_array
from backproplab.exercises.grading import Checker, Wrong
from viz.check_hints import differences
from viz.formulas import substitute
from viz.text import format_number

__all__ = ["check", "CHECKS", "EXERCISES", "OpSpec", "SPECS"]


@dataclass(frozen=True)
class OpSpec:
    """How to check one op: tensor input shapes, how each input is drawn ('any', 'positive'
    or 'away_from_0'), the number arguments after them, and the engine's version."""

    shapes: tuple
    draws: tuple
    numbers: tuple
    engine: Callable


SPECS = {
    "mul": OpSpec(((3, 4), (3, 4)), ("any", "any"), (), lambda a, b: a * b),
    "div": OpSpec(((3, 4), (3, 4)), ("any", "away_from_0"), (), lambda a, b: a / b),
    "pow": OpSpec(((3, 4),), ("positive",), (3.0,), lambda a, n: a ** n),
    "exp": OpSpec(((3, 4),), ("any",), (), autograd.exp),
    "log": OpSpec(((3, 4),), ("positive",), (), autograd.log),
    "tanh": OpSpec(((3, 4),), ("any",), (), autograd.tanh),
    "sigmoid": OpSpec(((3, 4),), ("any",), (), autograd.sigmoid),
    "relu": OpSpec(((3, 4),), ("away_from_0",), (), autograd.relu),
    "matmul": OpSpec(((3, 4), (4, 2)), ("any", "any"), (), autograd.matmul),
    "softmax": OpSpec(((3, 5),), ("any",), (-1,), autograd.softmax),
}


def _inputs(spec: OpSpec, seed: int) -> list:
    rng = np.random.default_rng(seed)
    tensors = []
    for shape, draw in zip(spec.shapes, spec.draws):
        x = rng.standard_normal(shape)
        if draw == "positive":
            x = rng.uniform(0.5, 2.0, shape)
        elif draw == "away_from_0":
            x = np.sign(x + (x == 0)) * rng.uniform(0.2, 1.5, shape)
        tensors.append(autograd.tensor(x, dtype=autograd.float64, requires_grad=True))
    return tensors


def _check_op(name: str, op) -> str:
    spec = SPECS[name]
    if not (isinstance(op, type) and issubclass(op, autograd.Function)):
        raise Wrong(f"pass your {name} class (a subclass of autograd.Function), not "
                    f"{type(op).__name__}")
    for seed in (0, 1):
        tensors = _inputs(spec, seed)
        args = [*tensors, *spec.numbers]
        out = op.apply(*args)
        expected_out = spec.engine(*args)
        if not isinstance(out, autograd.Tensor) or tuple(out.shape) != tuple(expected_out.shape):
            raise Wrong(f"forward of {name} should return a tensor of shape "
                        f"{tuple(expected_out.shape)}")
        if not np.allclose(out.numpy(force=True), expected_out.numpy(force=True)):
            raise Wrong(f"the forward of {name} changed: it no longer computes {name}")
        _compare_backward(name, op, out, expected_out, tensors, seed)
    _gradcheck(name, op, spec)
    return "gradcheck passes; the gradients equal the engine's"


def _compare_backward(name: str, op, out, expected_out, tensors: list, seed: int) -> None:
    g = autograd.tensor(np.random.default_rng(100 + seed).standard_normal(tuple(out.shape)),
                        dtype=autograd.float64)
    try:
        yours = autograd.grad(out, tensors, g, allow_unused=True)
    except NotImplementedError:
        raise
    except RuntimeError as error:
        rules = [_rule_text(expected_out.grad_fn, k) for k in range(len(tensors))]
        raise Wrong("\n".join([f"backward of {name}: {error}", *rules])) from None
    expected = autograd.grad(expected_out, tensors, g)
    node = expected_out.grad_fn
    for position, (mine, right) in enumerate(zip(yours, expected)):
        letter = ARGUMENTS[position]
        right = right.numpy(force=True)
        if mine is None:
            raise Wrong(f"backward of {name} returned None for input {letter}, which needs a "
                        f"gradient.\n{_rule_text(node, position)}")
        mine = as_array(f"the gradient for {letter}", mine)
        if mine.shape != right.shape or not np.allclose(mine, right, rtol=1e-7, atol=1e-10):
            lines = [f"backward of {name}: the gradient for input {letter} is wrong.",
                     _rule_text(node, position)]
            lines += differences(letter, mine, right)
            raise Wrong("\n".join(lines))


def _rule_text(node, position: int) -> str:
    """The engine's derivative of its op for one argument, as the gradient backward returns."""
    rules = node.fn.derivatives
    rule = rules[position] if position < len(rules) else None
    letters = {ARGUMENTS[i]: format_number(value)
               for i, value in (node.constants or {}).items()
               if isinstance(value, (int, float)) and not isinstance(value, bool)}
    letter = ARGUMENTS[position]
    if rule is None:
        return f"(the engine's {node.op_name} has no derivative text for {letter})"
    formula = f"out = {substitute(node.fn.formula, letters)}; " if node.fn.formula else ""
    shown = substitute(rule, {**letters, "g": "grad_output"})
    if uses_gradient(rule):
        return (f"the engine's {node.op_name}: {formula}its backward returns {shown} for "
                f"{letter} (out is the forward's output)")
    return (f"the engine's {node.op_name}: {formula}∂out/∂{letter} = {shown}, so backward "
            f"returns grad_output * ({shown}) for {letter}")


def _gradcheck(name: str, op, spec: OpSpec) -> None:
    tensors = _inputs(spec, 2)
    try:
        autograd.gradcheck(lambda *xs: op.apply(*xs, *spec.numbers), tuple(tensors))
    except autograd.GradcheckError as error:
        raise Wrong(f"gradcheck of {name}: {error}") from None


def _checker(name: str) -> Callable:
    def check_one(op) -> str:
        return _check_op(name, op)

    check_one.__name__ = f"check_{name}"
    return check_one


CHECKS = {name: _checker(name) for name in SPECS}

EXERCISES = list(CHECKS)

check = Checker("02_function_backward", CHECKS)
"""`check("mul", Mul)`: grade one op's backward and show the grade."""

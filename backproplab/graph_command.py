"""`backproplab graph`: evaluate a small expression over named scalars safely and draw its graph."""

from __future__ import annotations

import argparse
import ast
import operator
import re
import sys
from pathlib import Path
from typing import Callable, Mapping, Sequence

import numpy as np

from autograd import Tensor, tensor
from backproplab.info import dot_found

__all__ = ["FUNCTIONS", "MAX_LENGTH", "UnsafeExpressionError", "parse_values",
           "evaluate_expression", "main"]

FUNCTIONS: dict[str, Callable[[Tensor], Tensor]] = {
    name: getattr(Tensor, name)
    for name in ("sin", "cos", "exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu", "gelu")
}
"""The functions an expression may call, each with one argument."""

MAX_LENGTH = 500
"""Longest expression accepted, in characters."""

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.Div: operator.truediv, ast.Pow: operator.pow}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}
_ALLOWED = (ast.BinOp, ast.UnaryOp, ast.Constant, ast.Name, ast.Load, *_BINARY, *_UNARY)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class UnsafeExpressionError(ValueError):
    """The expression uses something other than arithmetic, its names and `FUNCTIONS`."""


def parse_values(items: Sequence[str]) -> dict[str, float]:
    """Turn `["a=5", "b=3"]` into `{"a": 5.0, "b": 3.0}`; raises ValueError on bad items."""
    values = {}
    for item in items:
        name, sep, number = item.partition("=")
        name = name.strip()
        if not sep or not _NAME.match(name):
            raise ValueError(f"expected NAME=NUMBER, got {item!r}")
        if name in FUNCTIONS:
            raise ValueError(f"{name!r} is a function name; choose another variable name")
        try:
            values[name] = float(number)
        except ValueError:
            raise ValueError(f"{item!r}: {number.strip()!r} is not a number") from None
    return values


def evaluate_expression(expression: str, values: Mapping[str, float], backward: bool = True
                        ) -> tuple[Tensor, dict[str, Tensor]]:
    """Evaluate `expression` on float64 scalar tensors named by `values`, then backward
    (unless `backward` is False).

    Only numbers, the names in `values`, `+ - * / **`, unary minus and calls of `FUNCTIONS`
    are allowed; the expression is parsed with `ast` and never passed to `eval`. It may
    start with `NAME =` to name the result (`J = 3*(a + b*c)`).

    Returns:
        the result (its name set) and `{name: tensor}` for the leaves.

    Raises:
        UnsafeExpressionError: anything else in the expression, or a syntax error.
        ValueError: a name without a value, or no variable at all.
    """
    if len(expression) > MAX_LENGTH:
        raise UnsafeExpressionError(f"expression longer than {MAX_LENGTH} characters")
    try:
        module = ast.parse(expression.strip(), mode="exec")
    except SyntaxError as exc:
        raise UnsafeExpressionError(f"not a valid expression: {exc.msg}") from None
    if len(module.body) != 1:
        raise UnsafeExpressionError("expected one expression")
    statement, result_name = module.body[0], None
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1 \
            and isinstance(statement.targets[0], ast.Name):
        result_name, node = statement.targets[0].id, statement.value
    elif isinstance(statement, ast.Expr):
        node = statement.value
    else:
        raise UnsafeExpressionError("expected an expression, optionally as NAME = expression")

    _check(node)
    used = sorted({n.id for n in ast.walk(node) if isinstance(n, ast.Name)} - set(FUNCTIONS))
    missing = [name for name in used if name not in values]
    if missing:
        example = " ".join(f"{name}=1.0" for name in missing)
        raise ValueError(f"no value for {', '.join(missing)} (give e.g. --values {example})")
    leaves = {name: tensor(values[name], dtype=np.float64, requires_grad=True)
              for name in used}
    for name, leaf in leaves.items():
        leaf.name = name
    try:
        result = _evaluate(node, leaves)
    except (OverflowError, ZeroDivisionError) as exc:
        raise ValueError(f"arithmetic error: {exc}") from None
    if not isinstance(result, Tensor):
        raise ValueError("the expression uses no variables: nothing to differentiate")
    result.name = result_name
    if backward:
        result.backward()
    return result, leaves


def _check(tree: ast.AST) -> None:
    """Raise UnsafeExpressionError unless every node of `tree` is in the allowed subset."""
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and type(node.value) not in (int, float):
            raise UnsafeExpressionError(f"only numbers are allowed, not {node.value!r}")
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                raise UnsafeExpressionError(
                    f"{ast.unparse(node.func)!r} is not allowed: only these functions may be "
                    f"called: {', '.join(FUNCTIONS)}")
            if len(node.args) != 1 or node.keywords:
                raise UnsafeExpressionError(f"{node.func.id}() takes exactly one argument")
        elif isinstance(node, ast.Name) and node.id in FUNCTIONS and id(node) not in called:
            raise UnsafeExpressionError(f"{node.id} is a function: call it, e.g. {node.id}(x)")
        elif not isinstance(node, _ALLOWED):
            raise UnsafeExpressionError(
                f"{type(node).__name__} is not allowed in an expression (use numbers, names, "
                f"+ - * / **, and calls of {', '.join(FUNCTIONS)})")


def _evaluate(node: ast.AST, leaves: Mapping[str, Tensor]):
    """Evaluate a checked node; numbers stay Python floats until they meet a tensor."""
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return leaves[node.id]
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)](_evaluate(node.left, leaves), _evaluate(node.right, leaves))
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_evaluate(node.operand, leaves))
    argument = _evaluate(node.args[0], leaves)  # a call of one of FUNCTIONS
    if not isinstance(argument, Tensor):
        argument = tensor(argument, dtype=np.float64)
    return FUNCTIONS[node.func.id](argument)


def main(args: argparse.Namespace) -> int:
    """Run `backproplab graph`: print the value and gradients, write the picture."""
    from viz import BackpropStepper, draw_graph  # imported here: only needed for pictures

    out = Path(args.out)
    fmt = out.suffix.lstrip(".").lower()
    if fmt not in ("svg", "png", "pdf"):
        print(f"backproplab graph: --out must end in .svg, .png or .pdf, not {out.name!r}",
              file=sys.stderr)
        return 2
    try:
        values = parse_values(args.values)
        result, leaves = evaluate_expression(args.expression, values, backward=False)
    except ValueError as exc:  # UnsafeExpressionError is one
        print(f"backproplab graph: {exc}", file=sys.stderr)
        return 2
    if not dot_found("graph"):
        return 1
    label = result.name or "result"
    names = {**leaves, label: result}
    if args.steps:
        _write_steps(BackpropStepper(result, names=names), Path(args.steps))
    result.backward()
    print(f"{label} = {result.item():.6g}")
    for name, leaf in leaves.items():
        print(f"  d{label}/d{name} = {leaf.grad.item():.6g}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(draw_graph(result, names=names, legend=args.legend).pipe(format=fmt))
    print(f"wrote {out}")
    return 0


def _write_steps(stepper, folder: Path) -> None:
    """Print each backward step's chain-rule lines and write its frame as step_<k>.svg."""
    from viz import save_svg

    folder.mkdir(parents=True, exist_ok=True)
    save_svg(stepper.frame(0), folder / "step_0.svg")
    for k, frame in enumerate(stepper, start=1):
        print(frame.caption)
        save_svg(frame, folder / f"step_{k}.svg")
    print(f"wrote {len(stepper) + 1} frames to {folder}/")

"""Safe arithmetic over named scalars, for `backproplab graph`: parse, check, evaluate, explain.

An expression is parsed with `ast` and never passed to `eval`: only numbers, names, `+ - * /
**`, unary signs and calls of `FUNCTIONS` are allowed. Evaluation runs with NumPy's warnings
silenced; instead, the first operation whose result is not a finite number is named, with
its inputs (`1/a divides by zero (a = 0)`, `log(0) is -infinity`), and so is the first
operation whose slope is not finite when the gradients are not.
"""
from __future__ import annotations

import ast
import math
import operator
import re
from typing import Callable, Mapping, Sequence

import numpy as np

from autograd import Tensor, tensor

__all__ = ["FUNCTIONS", "MAX_LENGTH", "UnsafeExpressionError", "NonFiniteError", "Evaluation",
           "parse_values", "evaluate", "evaluate_expression"]

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
_OTHER_OPERATORS = {ast.BitXor: "^ (for a power write **, e.g. a**2)", ast.FloorDiv: "//",
                    ast.Mod: "%", ast.MatMult: "@", ast.BitAnd: "&", ast.BitOr: "|",
                    ast.LShift: "<<", ast.RShift: ">>", ast.Invert: "~"}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_IMPLICIT_PRODUCT = re.compile(r"(\d|\))\s*[A-Za-z_(]|[A-Za-z_0-9]\s+[A-Za-z_(\d]")


class UnsafeExpressionError(ValueError):
    """The expression uses something other than arithmetic, its names and `FUNCTIONS`."""


class NonFiniteError(ValueError):
    """The value or a gradient is infinite or not a number; the message says where and why."""


def parse_values(items: Sequence[str]) -> dict[str, float]:
    """Turn `["a=5", "b=3"]` into `{"a": 5.0, "b": 3.0}`; raises ValueError on bad items."""
    values = {}
    for item in items:
        name, sep, number = item.partition("=")
        name = name.strip()
        if not sep or not _NAME.match(name):
            hint = " (put the expression before --values)" if not sep else ""
            raise ValueError(f"--values: expected NAME=NUMBER, got {item!r}{hint}")
        if name in FUNCTIONS:
            raise ValueError(f"--values: {name!r} is a function name; choose another variable name")
        if name in values:
            raise ValueError(f"--values: {name} is given twice")
        try:
            values[name] = float(number)
        except ValueError:
            raise ValueError(f"--values: {item!r}: {number.strip()!r} is not a number") from None
    return values


class Evaluation:
    """An evaluated expression: `result`, the `leaves` {name: tensor}, and each operation's
    (ast node, value) in evaluation order, to explain a non-finite gradient."""

    def __init__(self, result: Tensor, leaves: dict, operations: list) -> None:
        self.result, self.leaves, self.operations = result, leaves, operations

    def backward(self) -> None:
        """Backpropagate; raise NonFiniteError naming the operation whose slope is not finite."""
        with np.errstate(all="ignore"):
            self.result.backward()
        bad = {name: leaf.grad.item() for name, leaf in self.leaves.items()
               if not math.isfinite(leaf.grad.item())}
        if not bad:
            return
        label = self.result.name or "result"
        grads = ", ".join(f"d{label}/d{name} = {value}" for name, value in bad.items())
        message = f"{label} = {self.result.item():.6g}, but {grads}"
        culprit = self._steepest_operation()
        if culprit is not None:
            node, operand = culprit
            message += (f": the slope of {ast.unparse(node)} is not finite at "
                        f"{_shown(operand[0], operand[1])}")
        raise NonFiniteError(message)

    def _steepest_operation(self):
        """(node, (operand node, value)) of the outermost operation whose gradient is finite
        but that hands a non-finite gradient to one of its inputs; None if none is seen."""
        for node, value in reversed(self.operations):
            if not isinstance(value, Tensor) or value.grad is None:
                continue
            if not math.isfinite(value.grad.item()):
                continue
            for operand in _operands(node):
                operand_value = self._value_of(operand)
                if isinstance(operand_value, Tensor) and operand_value.grad is not None \
                        and not math.isfinite(operand_value.grad.item()):
                    return node, (operand, operand_value)
        return None

    def _value_of(self, node):
        if isinstance(node, ast.Name):
            return self.leaves[node.id]
        return next((v for n, v in self.operations if n is node), None)


def evaluate(expression: str, values: Mapping[str, float]) -> Evaluation:
    """Parse, check and evaluate `expression` on float64 scalar tensors named by `values`.

    It may start with `NAME =` to name the result (`J = 3*(a + b*c)`).

    Raises:
        UnsafeExpressionError: anything but the allowed arithmetic, or a syntax error.
        NonFiniteError: an operation gives inf or NaN (the message names it).
        ValueError: a name without a value, a value for no name, or no variable at all.
    """
    node, result_name = _parse(expression)
    _check(node)
    used = sorted({n.id for n in ast.walk(node) if isinstance(n, ast.Name)} - set(FUNCTIONS))
    _check_names(used, values)
    leaves = {name: tensor(values[name], dtype=np.float64, requires_grad=True) for name in used}
    for name, leaf in leaves.items():
        leaf.name = name
    operations: list = []
    with np.errstate(all="ignore"):
        result = _evaluate(node, leaves, operations)
    if not isinstance(result, Tensor):
        raise ValueError("the expression uses no variables: nothing to differentiate")
    result.name = result_name
    return Evaluation(result, leaves, operations)


def evaluate_expression(expression: str, values: Mapping[str, float], backward: bool = True
                        ) -> tuple[Tensor, dict[str, Tensor]]:
    """`evaluate`, then backward unless `backward` is False; returns (result, leaves)."""
    run = evaluate(expression, values)
    if backward:
        run.backward()
    return run.result, run.leaves


def _parse(expression: str) -> tuple[ast.AST, str | None]:
    if len(expression) > MAX_LENGTH:
        raise UnsafeExpressionError(f"expression longer than {MAX_LENGTH} characters")
    text = expression.strip()
    try:
        module = ast.parse(text, mode="exec")
    except SyntaxError as exc:
        raise UnsafeExpressionError(_syntax_message(text, exc)) from None
    if len(module.body) != 1:
        raise UnsafeExpressionError("expected one expression")
    statement = module.body[0]
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1 \
            and isinstance(statement.targets[0], ast.Name):
        return statement.value, statement.targets[0].id
    if isinstance(statement, ast.Expr):
        return statement.value, None
    raise UnsafeExpressionError("expected an expression, optionally as NAME = expression")


def _syntax_message(text: str, exc: SyntaxError) -> str:
    """Python's complaint, the text with a caret under the place, and a hint for `2a`."""
    message = f"not a valid expression ({exc.msg.rstrip('.').split('. Perhaps')[0]}):\n  {text}"
    if exc.offset and "\n" not in text:
        message += "\n  " + " " * (exc.offset - 1) + "^"
    if _IMPLICIT_PRODUCT.search(text):
        message += "\n  to multiply, write * between the factors, e.g. 2*a or a*(b + c)"
    return message


def _check(tree: ast.AST) -> None:
    """Raise UnsafeExpressionError unless every node of `tree` is in the allowed subset."""
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and type(node.value) not in (int, float):
            raise UnsafeExpressionError(f"only numbers are allowed, not {node.value!r}")
        if isinstance(node, ast.Call):
            _check_call(node)
        elif isinstance(node, ast.Name) and node.id in FUNCTIONS and id(node) not in called:
            raise UnsafeExpressionError(f"{node.id} is a function: call it, e.g. {node.id}(x)")
        elif type(node) in _OTHER_OPERATORS:
            raise UnsafeExpressionError(
                f"the operator {_OTHER_OPERATORS[type(node)]} is not allowed: use + - * / **")
        elif not isinstance(node, _ALLOWED):
            raise UnsafeExpressionError(
                f"{type(node).__name__} is not allowed in an expression (use numbers, names, "
                f"+ - * / **, and calls of {', '.join(FUNCTIONS)})")


def _check_call(node: ast.Call) -> None:
    func = node.func
    if isinstance(func, ast.Name) and func.id in FUNCTIONS:
        if len(node.args) != 1 or node.keywords:
            raise UnsafeExpressionError(f"{func.id}() takes exactly one argument")
        return
    product = f"{_factor(func)}*({', '.join(ast.unparse(a) for a in node.args)})"
    if isinstance(func, ast.Constant) and type(func.value) in (int, float):
        what = f"the number {ast.unparse(func)}"
    elif isinstance(func, ast.Name):
        what = f"the variable {func.id}"
    elif isinstance(func, (ast.BinOp, ast.UnaryOp, ast.Call)):
        what = f"the value of {_factor(func)}"
    else:
        raise UnsafeExpressionError(
            f"{ast.unparse(func)!r} is not allowed: only these functions may be called: "
            f"{', '.join(FUNCTIONS)}")
    raise UnsafeExpressionError(
        f"{ast.unparse(node)} calls {what} as if it were a function; for a product write "
        f"{product}")


def _factor(node: ast.AST) -> str:
    text = ast.unparse(node)
    return text if isinstance(node, (ast.Name, ast.Constant, ast.Call)) else f"({text})"


def _check_names(used: list[str], values: Mapping[str, float]) -> None:
    missing = [name for name in used if name not in values]
    unused = [name for name in values if name not in used]
    problems = []
    if missing:
        example = " ".join(f"{name}=1.0" for name in missing)
        problems.append(f"no value for {', '.join(missing)} (give e.g. --values {example})")
    if unused:
        uses = f"it uses {', '.join(used)}" if used else "it uses no names"
        problems.append(f"--values gives {', '.join(unused)}, which the expression does not "
                        f"use ({uses}): a typo?")
    if problems:
        raise ValueError("; ".join(problems))


def _operands(node: ast.AST) -> list:
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    return list(node.args)  # a call of one of FUNCTIONS


def _evaluate(node: ast.AST, leaves: Mapping[str, Tensor], operations: list):
    """Evaluate a checked node; numbers stay Python floats until they meet a tensor. Each
    operation's value is kept in `operations`; the first that is not finite is explained."""
    if isinstance(node, ast.Constant):
        value = float(node.value)
        if not math.isfinite(value):
            raise NonFiniteError(f"{ast.unparse(node)} is too large a number (beyond ±1.8e308)")
        return value
    if isinstance(node, ast.Name):
        return leaves[node.id]
    args = [_evaluate(operand, leaves, operations) for operand in _operands(node)]
    try:
        if isinstance(node, ast.BinOp):
            value = _BINARY[type(node.op)](*args)
        elif isinstance(node, ast.UnaryOp):
            value = _UNARY[type(node.op)](*args)
        else:
            argument = args[0] if isinstance(args[0], Tensor) else tensor(args[0], dtype=np.float64)
            value = FUNCTIONS[node.func.id](argument)
    except (ZeroDivisionError, OverflowError):  # Python floats: 1/0, 10.0**400
        value = math.inf
    number = value.item() if isinstance(value, Tensor) else value
    if isinstance(number, complex) or not math.isfinite(number):
        raise NonFiniteError(_explain(node, args, number))
    if isinstance(value, Tensor) and value.requires_grad:
        value.retain_grad()
    operations.append((node, value))
    return value


def _number(value) -> float:
    return value.item() if isinstance(value, Tensor) else value


def _shown(node: ast.AST, value) -> str:
    text = ast.unparse(node)
    number = f"{_number(value):g}"
    return number if text == number else f"{text} = {number}"


def _explain(node: ast.AST, args: list, value) -> str:
    """Why `node` (whose inputs `args` are finite) is not a finite number, in words."""
    text, numbers = ast.unparse(node), [_number(a) for a in args]
    operands = _operands(node)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and numbers[1] == 0:
        if isinstance(operands[1], ast.Constant):
            return f"{text} divides by zero"
        return f"{text} divides by zero ({_shown(operands[1], args[1])})"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        base, exponent = numbers
        if base == 0 and exponent < 0:
            return f"{text}: 0 to a negative power divides by zero"
        if base < 0 and exponent != int(exponent):
            return (f"{text}: a negative number ({_shown(operands[0], args[0])}) to a fractional "
                    f"power has no real value")
    if isinstance(node, ast.Call) and node.func.id in ("log", "sqrt") and numbers[0] <= 0:
        where = "" if isinstance(operands[0], ast.Constant) else \
            f" (here {_shown(operands[0], args[0])})"
        if numbers[0] == 0 and node.func.id == "log":
            return f"{text} is -infinity: log needs a number above 0{where}"
        if numbers[0] < 0:
            return f"{text}: {node.func.id} of a negative number has no real value{where}"
    if not isinstance(value, complex) and math.isinf(value):
        inputs = ", ".join(_shown(o, a) for o, a in zip(operands, args) if not
                           isinstance(o, ast.Constant))
        return f"{text} overflows: it is beyond ±1.8e308" + (f" ({inputs})" if inputs else "")
    return f"{text} is not a number"

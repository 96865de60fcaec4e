"""An op's formula or derivative text specialised to one node, for display: the node's plain
values put in (its non-tensor arguments and its own facts: dims, a slope, the reduction), the
choices made on them decided, and the factors and terms that became 1 or 0 dropped.

BinaryCrossEntropy's text `(a - b)/(a*(1 - a))*(1 if c is None else c)*scale` reads
`(a - b)/(a*(1 - a))` for an unweighted loss with reduction 'sum', and `(a - b)/(a*(1 - a))/4`
for the mean of four; Sum's formula `sum(a, dim=b, keepdim=c)` reads `sum(a)` over all dims
and `sum(a, dim=1)` over one (`dim=None` and `keepdim=False`, the defaults, are left out).
The shown text is the same maths as the op's own text, which the engine's test evaluates:
numbers are written exactly (0.044715 stays 0.044715; a product is worked out only when its
result has a short exact form). A text that cannot be read back unchanged is shown as it is.
"""
from __future__ import annotations

import ast
import math
import warnings

__all__ = ["TENSOR", "node_values", "specialise", "show_value"]

TENSOR = type("Tensor argument", (), {"__repr__": lambda self: "TENSOR"})()
"""Stands for an argument that is a tensor: a value not known here, but not None."""

_PLAIN = (type(None), bool, int, float, str)
_PRECEDENCE = {ast.IfExp: 1, ast.BoolOp: 3, ast.Compare: 5, ast.BitOr: 6, ast.BitXor: 7,
               ast.BitAnd: 8, ast.Add: 10, ast.Sub: 10, ast.Mult: 11, ast.Div: 11,
               ast.FloorDiv: 11, ast.Mod: 11, ast.MatMult: 11, ast.Pow: 14}
_UNARY, _ATOM = 12, 16
_SYMBOLS = {ast.Add: " + ", ast.Sub: " - ", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
            ast.Mod: " % ", ast.MatMult: " @ ", ast.Pow: "**", ast.BitOr: " | ",
            ast.BitXor: " ^ ", ast.BitAnd: " & ", ast.Eq: " == ", ast.NotEq: " != ",
            ast.Lt: " < ", ast.LtE: " <= ", ast.Gt: " > ", ast.GtE: " >= ", ast.Is: " is ",
            ast.IsNot: " is not ", ast.In: " in ", ast.NotIn: " not in ", ast.USub: "-",
            ast.UAdd: "+", ast.Not: "not ", ast.Invert: "~", ast.And: " and ", ast.Or: " or "}
_FOLDABLE = {"abs": abs, "inf": math.inf}
_DEFAULTS = {"dim": None, "keepdim": False}  # keywords left out at these values


def _plain(value) -> bool:
    """A value a text can show: None, a bool, a number, a string, or a tuple of ints."""
    if isinstance(value, tuple):
        return all(type(v) is int for v in value)
    return type(value) in _PLAIN


def node_values(node) -> dict:
    """What `node`'s texts are specialised with: each non-tensor argument by its letter, TENSOR
    for each tensor argument, and the node's facts (the attributes its forward set) that are
    plain values."""
    from autograd.ops.derivative_text import ARGUMENTS

    values = {key: value for key, value in vars(node).items()
              if not key.startswith("_") and _plain(value)}
    constants = node.constants or {}
    for position, edge in enumerate(node.next_functions[:len(ARGUMENTS)]):
        value = constants.get(position, TENSOR) if edge is None else TENSOR
        values[ARGUMENTS[position]] = value if _plain(value) else TENSOR
    return values


def specialise(text: str, values: dict) -> str:
    """`text` with `values` (name -> plain value, or TENSOR) put in and simplified; the text
    itself when nothing changes or it is not one Python expression."""
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError:
        return text
    folder = _Folder(values)
    try:
        result = folder.visit(tree)
        return _show(result) if folder.changed else text
    except _Unshowable:
        return text


class _Unshowable(Exception):
    """A piece of a text that `_show` does not write (the text is then shown as it is)."""


def _constant(node) -> bool:
    return isinstance(node, ast.Constant)


def _is(node, number) -> bool:
    return _constant(node) and type(node.value) in (int, float) and node.value == number


class _Folder(ast.NodeTransformer):
    """Puts the known values in, decides what they decide, drops factors of 1 and terms of 0."""

    def __init__(self, values: dict) -> None:
        self.values, self.changed = values, False

    def _new(self, node):
        self.changed = True
        return node

    def visit_Name(self, node):
        value = self.values.get(node.id, TENSOR)
        if value is not TENSOR:
            return self._new(ast.Constant(value))
        return ast.Constant(math.inf) if node.id == "inf" else node

    def visit_Call(self, node):
        if isinstance(node.func, ast.Name):  # a function's name is not a value
            node.args = [self.visit(arg) for arg in node.args]
            node.keywords = [self.visit(keyword) for keyword in node.keywords]
        else:
            self.generic_visit(node)
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name == "where" and len(node.args) == 3 and _constant(node.args[0]):
            return self._new(node.args[1] if node.args[0].value else node.args[2])
        if name in _FOLDABLE and all(_constant(arg) for arg in node.args) and not node.keywords:
            return self._fold(node)
        return node

    def visit_IfExp(self, node):
        test = self.visit(node.test)
        if _constant(test):
            return self._new(self.visit(node.body if test.value else node.orelse))
        node.test, node.body, node.orelse = test, self.visit(node.body), self.visit(node.orelse)
        return node

    def visit_Compare(self, node):
        self.generic_visit(node)
        operands = [node.left, *node.comparators]
        if all(_constant(o) for o in operands):
            return self._fold(node)
        if len(node.ops) == 1 and isinstance(node.ops[0], (ast.Is, ast.IsNot)) and \
                _is_none(node.comparators[0]) and self._is_tensor(node.left):
            return self._new(ast.Constant(isinstance(node.ops[0], ast.IsNot)))
        return node

    def visit_BoolOp(self, node):
        self.generic_visit(node)
        return self._fold(node) if all(_constant(v) for v in node.values) else node

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if _constant(node.operand) and isinstance(node.op, ast.USub) and \
                type(node.operand.value) in (int, float):
            return ast.Constant(-node.operand.value)  # a negative number, as written
        return self._fold(node) if _constant(node.operand) else node

    def visit_Subscript(self, node):
        self.generic_visit(node)
        return self._fold(node) if _constant(node.value) and _constant(node.slice) else node

    def visit_BinOp(self, node):
        self.generic_visit(node)
        left, op, right = node.left, node.op, node.right
        if _constant(left) and _constant(right):
            if isinstance(op, ast.Div) and type(left.value) is type(right.value) is int and \
                    right.value and left.value % right.value:
                return node  # 1/3 reads better than 0.3333
            return self._fold(node)
        if isinstance(op, ast.Mult) and _is(left, 1) or \
                isinstance(op, ast.Add) and _is(left, 0):
            return self._new(right)
        if isinstance(op, (ast.Mult, ast.Div, ast.Pow)) and _is(right, 1) or \
                isinstance(op, (ast.Add, ast.Sub)) and _is(right, 0):
            return self._new(left)
        if isinstance(op, ast.Pow) and _is(right, 0):
            return self._new(ast.Constant(1))
        if isinstance(op, ast.Mult) and _is(left, -1):
            return self._new(ast.UnaryOp(ast.USub(), right))
        if isinstance(op, ast.Mult) and _reciprocal(right):  # x*(1/4) -> x/4
            return self._new(ast.BinOp(left, ast.Div(), ast.Constant(_reciprocal(right))))
        return node

    def _is_tensor(self, node) -> bool:
        return isinstance(node, ast.Name) and self.values.get(node.id) is TENSOR

    def _fold(self, node):
        """The value of a piece made of known values only, when it is a plain one."""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                expression = ast.fix_missing_locations(ast.Expression(node))
                value = eval(compile(expression, "<text>", "eval"),  # noqa: S307
                             {"__builtins__": {}}, dict(_FOLDABLE))
        except Exception:  # e.g. 1/0: shown as written
            return node
        if not _plain(value) or isinstance(value, float) and not _exact(value):
            return node  # e.g. 1.67*1.05 stays: its value has no short exact form
        return self._new(ast.Constant(value))


def _is_none(node) -> bool:
    return _constant(node) and node.value is None


def _reciprocal(node) -> int | None:
    """k when the node is the number 1/k (k an integer > 1), else None."""
    if not (_constant(node) and type(node.value) is float and 0 < node.value < 1):
        return None
    k = round(1 / node.value)
    return k if 1 < k < 1e6 and math.isclose(k * node.value, 1, rel_tol=1e-9) else None


def _short(value: float) -> str | None:
    """A float's short exact text ('3', '0.25', '1e-12', '1/6', 'inf'), or None."""
    if math.isinf(value) or math.isnan(value):
        return "-inf" if value < 0 else str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.4g}"
    if float(text) == value:
        return text
    k = _reciprocal(ast.Constant(value))
    return f"1/{k}" if k else None


def _exact(value: float) -> bool:
    return _short(value) is not None


def show_value(value) -> str:
    """A plain value as a text shows it, exactly: 3.0 -> '3', 1/6 -> '1/6', 0.044715 ->
    '0.044715', (1,) -> '(1,)'."""
    if isinstance(value, float):
        return _short(value) or repr(value)
    if value is Ellipsis:
        return "..."
    return repr(value)


def _precedence(node) -> int:
    if isinstance(node, ast.BinOp):
        return _PRECEDENCE[type(node.op)]
    if isinstance(node, ast.UnaryOp):
        return 4 if isinstance(node.op, ast.Not) else _UNARY
    if isinstance(node, ast.Constant):
        text = show_value(node.value)
        return 11 if "/" in text else _UNARY if text.startswith("-") else _ATOM
    return _PRECEDENCE.get(type(node), _ATOM)


def _wrapped(node, least: int) -> str:
    """The node shown, in parentheses when it binds less tightly than `least`."""
    text = _show(node)
    return f"({text})" if _precedence(node) < least else text


def _show(node) -> str:
    """The expression written as the op texts are: spaces around + - @ and comparisons, none
    around * / **; parentheses only where needed."""
    if isinstance(node, ast.Constant):
        return show_value(node.value)
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.BinOp):
        mine = _precedence(node)
        right = mine + (0 if isinstance(node.op, ast.Pow) else 1)
        left = mine + (1 if isinstance(node.op, ast.Pow) else 0)
        return _wrapped(node.left, left) + _SYMBOLS[type(node.op)] + _wrapped(node.right, right)
    if isinstance(node, ast.UnaryOp):
        return _SYMBOLS[type(node.op)] + _wrapped(node.operand, _precedence(node))
    if isinstance(node, ast.BoolOp):
        return _SYMBOLS[type(node.op)].join(_wrapped(v, _precedence(node) + 1)
                                            for v in node.values)
    if isinstance(node, ast.Compare):
        parts = [_wrapped(node.left, 6)]
        for op, comparator in zip(node.ops, node.comparators):
            parts += [_SYMBOLS[type(op)], _wrapped(comparator, 6)]
        return "".join(parts)
    if isinstance(node, ast.IfExp):
        return (f"{_wrapped(node.body, 2)} if {_wrapped(node.test, 2)} else "
                f"{_wrapped(node.orelse, 1)}")
    if isinstance(node, ast.Call):
        args = [_show(arg) for arg in node.args]
        args += [f"{k.arg}={_keyword_value(k)}" for k in node.keywords
                 if not (k.arg in _DEFAULTS and _constant(k.value)
                         and k.value.value is _DEFAULTS[k.arg])]
        return f"{_wrapped(node.func, _ATOM)}({', '.join(args)})"
    if isinstance(node, ast.Attribute):
        return f"{_wrapped(node.value, _ATOM)}.{node.attr}"
    if isinstance(node, ast.Subscript):
        return f"{_wrapped(node.value, _ATOM)}[{_index(node.slice)}]"
    if isinstance(node, (ast.Tuple, ast.List)):
        items = ", ".join(_show(e) for e in node.elts)
        if isinstance(node, ast.List):
            return f"[{items}]"
        return f"({items},)" if len(node.elts) == 1 else f"({items})"
    raise _Unshowable(type(node).__name__)


def _keyword_value(keyword) -> str:
    """A keyword's value; `dim` given as a one-element tuple reads as that dim."""
    value = keyword.value
    if keyword.arg == "dim" and _constant(value) and isinstance(value.value, tuple) \
            and len(value.value) == 1:
        return show_value(value.value[0])
    return _show(value)


def _index(node) -> str:
    if isinstance(node, ast.Slice):
        parts = ["" if p is None else _show(p) for p in (node.lower, node.upper)]
        return ":".join(parts) + ("" if node.step is None else f":{_show(node.step)}")
    if isinstance(node, ast.Tuple):
        return ", ".join(_index(e) for e in node.elts)
    return _show(node)

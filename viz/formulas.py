"""Formulas and derivative texts in the names of an op's inputs ('b*c' for u = b*c, and
'∂u/∂b = c = 2' on an edge), with parentheses only where the operators need them, and with
the op's plain values put in first (viz/specialise.py: `sum(x, dim=1)`, not `sum(x, b)`)."""
from __future__ import annotations

import re
import warnings

import numpy as np

from autograd.ops.derivative_text import ARGUMENTS, UNKNOWN, namespace, uses_gradient
from viz.specialise import node_values, specialise

__all__ = ["LETTER", "FORMULA_LIMIT", "substitute", "operand", "top_level", "add_formulas",
           "formula_text", "rule_text", "derivative_texts"]

FORMULA_LIMIT = 24
"""A formula in its inputs' names is shown when at most this long."""

LETTER = re.compile(r"(?<![A-Za-z0-9_.])(?:[a-z]|g[0-9]+|out)(?![A-Za-z0-9_])")
"""A one-letter name in a formula (an argument a, b, ..., or the gradient g), the gradient
of a later output (g1, g2, ...), or the output `out`."""


def substitute(text: str, names: dict) -> str:
    """The one-letter names in a formula or derivative text replaced by `names`, an
    expression in parentheses where the operators around it need them:
    substitute('a*b', {'a': 'b', 'b': 'c'}) -> 'b*c'; substitute('3*a', {'a': 'x + y'}) ->
    '3*(x + y)'; substitute('a + b', {'a': 'x**2', 'b': '3*x'}) -> 'x**2 + 3*x'. One pass,
    so names never clash."""
    def replace(match) -> str:
        name = names.get(match.group(0))
        if name is None:
            return match.group(0)
        before = text[:match.start()].rstrip()
        after = text[match.end():].lstrip()
        return f"({name})" if _needs_parentheses(name, before, after) else name

    return LETTER.sub(replace, text)


def formula_text(node) -> str:
    """The op's formula specialised to `node`; a loss reduced by a mean or a sum reads
    `mean(...)` or `sum(...)` around its elementwise formula. '' for an op without one."""
    if not node.fn.formula:
        return ""
    values = node_values(node)
    text = specialise(node.fn.formula, values)
    reduction = values.get("reduction")
    return f"{reduction}({text})" if reduction in ("mean", "sum") else text


def rule_text(node, position: int) -> str | None:
    """The op's derivative text for argument `position`, specialised to `node` (None when
    the argument has none)."""
    rules = node.fn.derivatives
    rule = rules[position] if position < len(rules) else None
    return None if rule is None else specialise(rule, node_values(node))


def derivative_texts(node) -> tuple:
    """The node's local derivatives as `Node.derivatives` writes them ('d(a*b)/da = b'),
    specialised to it: 'd(mean(a, dim=1))/da = 1/4'."""
    count = len(node.next_functions)
    formula = formula_text(node) or f"{node.op_name}({', '.join(ARGUMENTS[:count])})"
    return tuple(f"d({formula})/d{ARGUMENTS[i]} = {rule_text(node, i)}"
                 for i, rule in enumerate(node.fn.derivatives[:count]) if rule is not None)


def operand(name: str) -> str:
    """A name in parentheses when it is an expression, so that `(a + u).grad` reads right."""
    return f"({name})" if any(ch in top_level(name) for ch in " +-*/@") else name


def top_level(name: str) -> str:
    """The name with everything inside parentheses left out: 'log(1 - p)*q' -> 'log()*q'."""
    depth, kept = 0, []
    for ch in name:
        if ch == ")":
            depth -= 1
        if depth == 0:
            kept.append(ch)
        if ch == "(":
            depth += 1
    return "".join(kept)


def _needs_parentheses(name: str, before: str, after: str) -> bool:
    """Whether `name` must be bracketed between the text `before` and `after` it."""
    top = top_level(name)
    left, right = before[-1:], after[:1]
    if left in ("(", ",", "") and right in (")", ",", ""):
        return False  # alone, or a function's argument
    if " + " in top or " - " in top or top.startswith("-"):
        return True
    if not any(op in top for op in "*/@"):
        return False  # a name, a number or a call
    if before.endswith(("**", "/")) or after.startswith(("**", ".", "[")):
        return True
    return "@" in top and left not in ("+", "-", "") and right not in ("+", "-", "")


def add_formulas(nodes: list, edges: list, ops: list, ids: dict) -> None:
    """Each op's formula in its inputs' names, where every argument it uses has a short one."""
    by_id = {n.id: n for n in nodes}
    inputs: dict[str, dict] = {}
    for edge in edges:
        if edge.position < len(ARGUMENTS) and not edge.label.startswith("["):
            name = _short_name(by_id[edge.src])
            if name:
                inputs.setdefault(edge.dst, {})[ARGUMENTS[edge.position]] = name
    for obj in ops:
        node = by_id[ids[id(obj)]]
        names = inputs.get(node.id, {})
        text = formula_text(obj)
        if text and set(LETTER.findall(text)) & set(ARGUMENTS) <= set(names):
            text = substitute(text, names)
            if len(text) <= FORMULA_LIMIT:
                node.formula = text
        if node.name:
            _add_derivatives(obj, node, [e for e in edges if e.dst == node.id], by_id, names)


def _add_derivatives(obj, node, edges: list, by_id: dict, names: dict) -> None:
    """'∂u/∂b = c = 2' on each edge from a named tensor into the named op `node`."""
    constants = obj.constants or {}
    values = [constants.get(i, UNKNOWN) for i in range(len(obj.next_functions))]
    for edge in edges:
        if edge.position < len(values) and by_id[edge.src].value is not None:
            values[edge.position] = by_id[edge.src].value
    for edge in edges:
        source = by_id[edge.src]
        rules = obj.fn.derivatives
        rule = rules[edge.position] if edge.position < len(rules) else None
        if source.kind in ("constant", "input") or not source.name or not rule or \
                uses_gradient(rule):
            continue
        shown = substitute(rule_text(obj, edge.position), {**names, "out": node.name})
        text = f"∂{node.name}/∂{source.name} = {shown}"
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                value = np.asarray(eval(rule, {"__builtins__": {}},  # noqa: S307 (op's text)
                                        namespace(obj, values, node.value, None)))
            if value.size == 1 and value.dtype.kind in "biuf" and not text.endswith(
                    f"= {_number(value.item())}"):
                text += f" = {_number(value.item())}"
        except Exception:  # a value the text needs is not known: the text alone
            pass
        if len(text) <= 2 * FORMULA_LIMIT:
            edge.derivative = text


def _short_name(node) -> str:
    if node.kind == "constant":
        return node.label if node.label != "constant" else ""
    return node.name or ""


def _number(x) -> str:
    return f"{float(x):.6g}"

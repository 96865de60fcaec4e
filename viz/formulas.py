"""Formulas and derivative texts written in the names of an op's inputs: 'b*c' for u = b*c,
with parentheses only where the operators around a name need them."""
from __future__ import annotations

import re

__all__ = ["LETTER", "substitute", "operand", "top_level"]

LETTER = re.compile(r"(?<![A-Za-z0-9_.])[a-z](?![A-Za-z0-9_])")
"""A one-letter name in a formula (an argument a, b, ..., or the gradient g)."""


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

"""einsum (Einstein summation) and tensordot, which is an einsum.

The gradient of one operand is itself an einsum: g (subscripts of the output) with the other
operands, producing the operand's subscripts. Two extra kinds of constant operands make that
work in every case: an identity matrix for a letter repeated in the operand (a diagonal,
'ii->i'), and a vector of ones for a letter that only this operand has (summed away in
forward, so the gradient is constant along it).
"""
from __future__ import annotations

import string

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arguments import TENSOR_LIKE, check_tensor_list, not_a_tensor
from autograd.ops.dims import normalize_dim
from autograd.tensor import Tensor

__all__ = ["Einsum", "einsum", "tensordot", "operand_grad"]

LETTERS = string.ascii_letters


class Einsum(NumpyFunction):
    """np.einsum(equation, *operands) on an explicit equation ('ij,jk->ik').
    grad of operand k = einsum('<output>,<others>-><operand k>', g, *others)."""

    formula = "einsum(a, b, c, ...)"
    derivatives = (None,) + tuple(f"einsum_grad(a, {k}, g, args[1:])" for k in range(63))

    @staticmethod
    def forward(ctx, equation, *operands):
        ctx.equation = equation
        needed = ctx.needs_input_grad[1:]
        ctx.save_for_backward(*[x if any(needed[:k] + needed[k + 1:]) else None
                                for k, x in enumerate(operands)])
        ctx.shapes = [x.shape for x in operands]
        return np.einsum(equation, *operands)

    @staticmethod
    def backward(ctx, grad):
        operands = ctx.saved_tensors
        return (None,) + tuple(operand_grad(ctx.equation, k, grad, operands, ctx.shapes)
                               if need else None
                               for k, need in enumerate(ctx.needs_input_grad[1:]))


def operand_grad(equation: str, k: int, grad, operands, shapes=None):
    """The gradient of operand k of einsum(equation, *operands), given the output's, g."""
    inputs, output = equation.split("->")
    subscripts = inputs.split(",")
    sizes = _letter_sizes(subscripts, shapes or [np.shape(x) for x in operands])
    others = [(s, x) for i, (s, x) in enumerate(zip(subscripts, operands)) if i != k]
    return _operand_grad(grad, output, subscripts[k], others, sizes)


def _letter_sizes(subscripts: list, shapes: list) -> dict:
    sizes = {}
    for letters, shape in zip(subscripts, shapes):
        for letter, n in zip(letters, shape):
            sizes[letter] = max(sizes.get(letter, 1), n)
    return sizes


def _operand_grad(grad, output: str, target: str, others: list, sizes: dict):
    """einsum of g with the other operands into `target`'s subscripts (see module doc)."""
    used = set(output + target + "".join(s for s, _ in others))
    fresh = (c for c in LETTERS if c not in used)
    parts, values = [output], [grad]
    for letters, value in others:
        parts.append(letters)
        values.append(value)
    produced, seen = "", set()
    for letter in target:
        if letter in seen:  # a repeated letter: a diagonal, joined by an identity matrix
            twin = next(fresh)
            parts.append(letter + twin)
            values.append(np.eye(sizes[letter], dtype=grad.dtype))
            produced += twin
        else:
            seen.add(letter)
            produced += letter
    available = set("".join(parts))
    for letter in seen - available:
        parts.append(letter)
        values.append(np.ones(sizes[letter], grad.dtype))
    grad = Einsum.compute(",".join(parts) + "->" + produced, *values)
    shape = tuple(sizes[letter] for letter in target)
    return grad if np.shape(grad) == shape else np.broadcast_to(grad, shape)


def _parse(equation: str, shapes: list) -> str:
    """An explicit equation with letters only: '...' replaced, the output written out."""
    equation = equation.replace(" ", "")
    inputs, arrow, output = equation.partition("->")
    subscripts = inputs.split(",")
    if len(subscripts) != len(shapes):
        raise ValueError(f"einsum(): {len(subscripts)} operands in the equation but "
                         f"{len(shapes)} were given")
    used = set(c for c in equation if c in LETTERS)
    for c in equation:
        if c not in LETTERS and c not in ",.->":
            raise ValueError(f"einsum(): invalid subscript {c!r} in the equation; subscripts "
                             "must be letters in [a-zA-Z]")
    fresh = [c for c in LETTERS if c not in used]
    ellipsis_dims = 0
    for letters, shape in zip(subscripts, shapes):
        named = len(letters.replace("...", ""))
        if "..." in letters:
            ellipsis_dims = max(ellipsis_dims, len(shape) - named)
        elif named != len(shape):
            raise RuntimeError(f"einsum(): the number of subscripts in the equation "
                               f"({named}) does not match the number of dimensions "
                               f"({len(shape)}) for operand {subscripts.index(letters)}"
                               f"{'' if arrow else ' and no ellipsis was given'}")
    broadcast = "".join(fresh[:ellipsis_dims])
    explicit = []
    for letters, shape in zip(subscripts, shapes):
        if "..." in letters:
            count = len(shape) - len(letters.replace("...", ""))
            letters = letters.replace("...", broadcast[ellipsis_dims - count:])
        explicit.append(letters)
    if arrow:
        output = output.replace("...", broadcast)
    else:
        joined = "".join(explicit)
        output = broadcast + "".join(sorted(c for c in set(joined) - set(broadcast)
                                            if joined.count(c) == 1))
    for c in output:
        if output.count(c) > 1 or c not in "".join(explicit):
            raise RuntimeError(f"einsum(): output subscript {c} appears more than once or "
                               "not in any input")
    return ",".join(explicit) + "->" + output


def _sublist_equation(args: tuple) -> tuple:
    """einsum(op1, [0, 1], op2, [1, 2], [0, 2]) -> ('ab,bc->ac', (op1, op2))."""
    def letters(sublist):
        return "".join("..." if s is Ellipsis else LETTERS[s] for s in sublist)

    operands = args[0::2][:len(args) // 2]
    inputs = [letters(s) for s in args[1::2][:len(operands)]]
    equation = ",".join(inputs)
    if len(args) % 2:
        equation += "->" + letters(args[-1])
    return equation, operands


def einsum(equation, *operands) -> Tensor:
    """Einstein summation, e.g. einsum('bij,bjk->bik', a, b); operands may also be given as
    one list, or in the sublist form einsum(a, [0, 1], b, [1, 2], [0, 2])."""
    if not isinstance(equation, str):
        equation, operands = _sublist_equation((equation,) + operands)
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    if not operands:
        raise RuntimeError("einsum(): must provide at least one operand")
    check_tensor_list("einsum", "operands", operands)
    dtypes = {x.dtype for x in operands}
    if len(dtypes) > 1:
        raise RuntimeError(f"einsum(): expected all operands to have the same dtype, got "
                           f"{sorted(str(d) for d in dtypes)}")
    explicit = _parse(equation, [x.shape for x in operands])
    try:
        return Einsum.apply(explicit, *operands)
    except ValueError as error:
        raise RuntimeError(f"einsum(): operands do not broadcast with the equation "
                           f"'{equation}' (shapes {[tuple(x.shape) for x in operands]}): "
                           f"{error}") from None


def tensordot(a, b, dims=2) -> Tensor:
    """Σ over the last `dims` dims of a and the first `dims` of b; or over the dims listed in
    dims = (dims_a, dims_b)."""
    if not (isinstance(a, TENSOR_LIKE) and isinstance(b, TENSOR_LIKE)):
        raise not_a_tensor("tensordot", a=a, b=b)
    if a.dtype != b.dtype:
        raise RuntimeError(f"both inputs should have same dtype, got {a.dtype} and {b.dtype}")
    if isinstance(dims, (int, np.integer)):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > min(a.ndim, b.ndim):
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
        dims_a, dims_b = list(range(a.ndim - dims, a.ndim)), list(range(dims))
    else:
        dims_a, dims_b = ([int(d) for d in (x.tolist() if isinstance(x, Tensor) else
                                            ([x] if isinstance(x, int) else x))]
                          for x in dims)
    if len(dims_a) != len(dims_b):
        raise RuntimeError(f"both dimension lists should have same length, got {dims_a} and "
                           f"{dims_b}")
    dims_a = [normalize_dim(d, a.ndim, "tensordot") for d in dims_a]
    dims_b = [normalize_dim(d, b.ndim, "tensordot") for d in dims_b]
    letters_a = list(LETTERS[:a.ndim])
    letters_b = list(LETTERS[a.ndim:a.ndim + b.ndim])
    for da, db in zip(dims_a, dims_b):
        if a.shape[da] != b.shape[db]:
            raise RuntimeError(f"contracted dimensions need to match, but first has size "
                               f"{a.shape[da]} in dim {da} and second has size "
                               f"{b.shape[db]} in dim {db}")
        letters_b[db] = letters_a[da]
    kept_a = [c for i, c in enumerate(letters_a) if i not in dims_a]
    kept_b = [c for i, c in enumerate(letters_b) if i not in dims_b]
    equation = f"{''.join(letters_a)},{''.join(letters_b)}->{''.join(kept_a + kept_b)}"
    return Einsum.apply(equation, a, b)

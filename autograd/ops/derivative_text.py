"""Evaluate an op's derivative text: the formulas viz shows are the ones a test checks.

Each op class carries its local derivatives as text (`Mul.derivatives == ("b", "a")`), one
per argument, over these names:

    a, b, c, ...   the arguments, in order (arrays; numbers stay numbers; no `g`)
    out            the output (the first one, for ops with several)
    g              the gradient that reached the output (the first one)
    g1, g2, ...    for ops with several outputs, the gradients of the later ones
    grads          the gradients of all the outputs, as a tuple (g, g1, g2, ...)
    ctx names      the op's own facts, by the names forward gave them (`slope`, `dims`, `n`);
                   a fact hides a function of the same name
    args           all the arguments, as a tuple
    functions      exp log sqrt sin cos tan sinh cosh tanh sigmoid erf sign abs floor trunc
                   negative where sum mean max min prod softmax reshape transpose argsort
                   take arange zeros_like add_at put_at get_at between concatenate stack
                   Phi phi log1p erfcx digamma polygamma i0 i0e i1 i1e, and pi, inf, nan;
                   for the shape ops flip roll rot90 cumsum cumprod tril triu diagonal diag_embed
                   gather scatter scatter_add index_add index_fill einsum_grad (as the ops of
                   those names)
    helpers        the mathematical helpers of derivative_maths.py (conv, fold, lstm_delta,
                   ...) and derivative_linalg.py (mT, inv, solve, svd_vjp, ...), and `bptt`,
                   backpropagation through time with a cell's own texts

A text without `g` is the elementwise local derivative: the gradient is `g * text`. A text
with `g` is the whole vector-Jacobian product (MatMul: "g @ b.T"). Either way the result is
summed back to the argument's shape, as the engine does for broadcasting.

For reductions (ops with `dims` or `dim`), `g` and `out` keep the reduced dims (size 1), and
sum, mean, max, min and softmax inside the text reduce over the op's own dims, keeping them:
so Sum's derivative reads "1" and Var's "2*(a - mean(a))/divisor". Likewise, for ops over
sliding windows (with a `windows` fact), unfold, fold, conv, conv_transpose, correlate and
spread work on the op's own windows (and `groups`): so Conv's derivatives read
"conv_transpose(g, b)" and "correlate(a, g)".
"""
from __future__ import annotations

import math
import re
import warnings

import numpy as np

from autograd.node import Node
from autograd.ops import derivative_linalg
from autograd.ops import derivative_maths as maths
from autograd.ops.bessel import i0_array, i0e_array, i1_array, i1e_array
from autograd.ops.einsum import operand_grad
from autograd.ops.gamma import digamma_array, polygamma_array
from autograd.ops.gather import Gather, Scatter, ScatterAdd
from autograd.ops.indexing import get_at, set_at
from autograd.ops.normal_distribution import erfcx_array
from autograd.ops.rearrange import DiagEmbed
from autograd.ops.rnn import GRUCell, LSTMCell, RNNCell
from autograd.ops.select import IndexAdd

__all__ = ["ARGUMENTS", "UNKNOWN", "uses_gradient", "namespace", "evaluate"]

ARGUMENTS = "abcdefhijk"
"""The names of the arguments, in order (no `g`: that is the gradient)."""

UNKNOWN = type("Unknown", (), {"__repr__": lambda self: "UNKNOWN"})()
"""Stands for an argument whose value is not known (a text that needs it cannot be evaluated)."""

_G = re.compile(r"(?<![A-Za-z0-9_.])(?:g[0-9]*|grads)(?![A-Za-z0-9_])")


def uses_gradient(text: str) -> bool:
    """True when the text is a whole vector-Jacobian product (it mentions `g`, `g1`, ...,
    or `grads`)."""
    return bool(_G.search(text))


def _erf(x):
    x = np.asarray(x, dtype=np.float64)
    return np.vectorize(math.erf, otypes=[np.float64])(x) if x.ndim else math.erf(float(x))


def _axes(ctx):
    """The dims a reduction op works along (`dims`, or `dim`); None: all of them."""
    if hasattr(ctx, "dims"):
        return ctx.dims
    dim = getattr(ctx, "dim", None)
    return (int(dim),) if isinstance(dim, (int, np.integer)) else None


def _kept(value, ctx, shape):
    """A reduction's output or gradient with the reduced dims put back as size 1 (a value
    with fewer dims than the op's first argument, from an op with `dims` or `dim`)."""
    if value is None or np.ndim(value) >= len(shape):
        return value
    if not (hasattr(ctx, "dims") or hasattr(ctx, "dim")):
        return value
    axes = _axes(ctx)
    if axes is None:
        return np.reshape(value, (1,) * len(shape))
    return np.expand_dims(value, tuple(axes))


def _is_key(index) -> bool:
    """True for the (basic, advanced) pair that indexing ops keep as their index."""
    return (isinstance(index, tuple) and len(index) == 2 and isinstance(index[0], tuple)
            and (index[1] is None or isinstance(index[1], tuple)))


def _add_at(x, index, values):
    """A copy of x with `values` added at `index` (repeated indices add up)."""
    out = np.array(x, copy=True)
    if _is_key(index):
        set_at(out, index, values, accumulate=True)
    else:
        np.add.at(out, index, values)
    return out


def _put_at(x, index, value):
    """A copy of x with x[index] = value."""
    out = np.array(x, copy=True)
    if _is_key(index):
        set_at(out, index, value, accumulate=False)
    else:
        out[index] = value
    return out


def _index_fill(x, dim, index, value):
    """A copy of x with the slices at `index` along dim set to value."""
    out = np.array(x, copy=True)
    out[(slice(None),) * dim + (index,)] = value
    return out


def _shape_functions() -> dict:
    """The ops the shape, indexing and scatter texts name, on arrays."""
    return {
        "flip": lambda x, axis: np.flip(x, axis), "roll": np.roll, "negative": np.negative,
        "rot90": np.rot90,
        "cumsum": lambda x, axis: np.cumsum(x, axis=axis),
        "cumprod": lambda x, axis: np.cumprod(x, axis=axis),
        "tril": np.tril, "triu": np.triu, "diagonal": np.diagonal,
        "diag_embed": DiagEmbed.compute, "gather": Gather.compute, "scatter": Scatter.compute,
        "scatter_add": ScatterAdd.compute,
        "index_add": lambda x, dim, index, src: IndexAdd.compute(x, dim, index, src, 1),
        "index_fill": _index_fill,
        "get_at": lambda x, key: get_at(x, key) if _is_key(key) else x[key],
        "einsum_grad": operand_grad, "inf": math.inf, "nan": math.nan,
    }


def _between(x, low, high):
    """low <= x <= high, a missing (None) bound being no bound."""
    inside = np.ones(np.shape(x), dtype=bool)
    if low is not None:
        inside &= np.asarray(x) >= low
    if high is not None:
        inside &= np.asarray(x) <= high
    return inside


def _functions(axes) -> dict:
    """NumPy-style functions; reductions go over `axes` (kept) when the op is a reduction."""
    def over(reduce):
        return lambda x, axis=axes, keepdims=True: reduce(x, axis=axis, keepdims=keepdims)

    def softmax(x, axis=axes):
        shifted = np.exp(x - np.max(x, axis=axis, keepdims=True))
        return shifted / np.sum(shifted, axis=axis, keepdims=True)

    return {
        "exp": np.exp, "log": np.log, "sqrt": np.sqrt, "sin": np.sin, "cos": np.cos,
        "tanh": np.tanh, "sign": np.sign, "abs": np.abs, "where": np.where, "pi": math.pi,
        "tan": np.tan, "sinh": np.sinh, "cosh": np.cosh, "floor": np.floor, "trunc": np.trunc,
        "sigmoid": maths.sigmoid, "erf": _erf,
        "Phi": lambda x: 0.5 * (1 + _erf(np.asarray(x) / math.sqrt(2))),
        "phi": lambda x: np.exp(-np.square(x) / 2) / math.sqrt(2 * math.pi),
        "log1p": np.log1p, "erfcx": erfcx_array, "digamma": digamma_array,
        "polygamma": lambda n, x: digamma_array(x) if n == 0 else polygamma_array(n, x),
        "i0": i0_array, "i0e": i0e_array, "i1": i1_array, "i1e": i1e_array,
        "sum": over(np.sum), "mean": over(np.mean), "max": over(np.max), "min": over(np.min),
        "prod": over(np.prod),
        "softmax": softmax, "reshape": np.reshape, "transpose": np.transpose,
        "argsort": np.argsort, "take": np.take, "arange": np.arange,
        "zeros_like": np.zeros_like, "concatenate": np.concatenate, "stack": np.stack,
        "add_at": _add_at, "put_at": _put_at, "between": _between, **_shape_functions(),
        **{name: getattr(maths, name) for name in _HELPERS},
        **{name: getattr(derivative_linalg, name) for name in derivative_linalg.__all__},
    }


_HELPERS = ("sum_per_channel", "gather_flat", "scatter_flat", "interp_matrix", "matmul_along",
            "lstm_delta", "lstm_dc", "gru_z", "gru_delta_x", "gru_delta_h")
_WINDOWED = ("unfold", "fold", "spread")
_GROUPED = ("conv", "conv_transpose", "correlate")


def _on_windows(windows, groups: int) -> dict:
    """The sliding-window helpers, on the op's own windows (and groups)."""
    def bound(helper, *more):
        return lambda *args: helper(*args, windows, *more)

    return {**{name: bound(getattr(maths, name)) for name in _WINDOWED},
            **{name: bound(getattr(maths, name), groups) for name in _GROUPED}}


def namespace(ctx, args, out, g, later_grads: tuple = ()) -> dict:
    """The names a derivative text of the op recorded as `ctx` may use (see the module doc);
    an argument given as `UNKNOWN` is left out, so a text that needs it raises NameError.
    `later_grads` are the gradients of the outputs after the first (`g1`, `g2`, ...)."""
    shape = np.shape(args[0]) if args and args[0] is not None else np.shape(out)
    names = _functions(_axes(ctx))
    if hasattr(ctx, "windows"):
        names.update(_on_windows(ctx.windows, getattr(ctx, "groups", 1)))
    names.update({key: value for key, value in vars(ctx).items() if not key.startswith("_")})
    names.update({letter: value for letter, value in zip(ARGUMENTS, args) if value is not UNKNOWN})
    names["args"] = tuple(args)
    names["out"] = _kept(out, ctx, shape)
    names["g"] = _kept(g, ctx, shape)
    names.update({f"g{k}": grad for k, grad in enumerate(later_grads, start=1)})
    names["grads"] = (names["g"], *later_grads)
    names.update(RNNCell=RNNCell, LSTMCell=LSTMCell, GRUCell=GRUCell,
                 bptt=lambda cell, argument, steps, last: _bptt(
                     cell, ARGUMENTS.index(argument), steps, last, args,
                     getattr(ctx, "reverse", False)))
    return names


def evaluate(ctx, position: int, args, out, g, text: str | None = None,
             later_grads: tuple = ()):
    """The gradient for argument `position` that the op's derivative text gives, summed back
    to that argument's shape. `args` are the forward arguments (arrays or numbers), `out`
    the (first) output, `g` the gradient of the (first) output, `later_grads` those of the
    other outputs."""
    text = text if text is not None else ctx.fn.derivatives[position]
    names = namespace(ctx, args, out, g, later_grads)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = eval(text, {"__builtins__": {}}, names)  # noqa: S307  (the op's own text)
        gradient = value if uses_gradient(text) else names["g"] * value
    return _summed_to(np.asarray(gradient), np.shape(args[position]))


def _bptt(cell, position: int, steps: tuple, last: tuple, args, reverse: bool):
    """Backpropagation through time, with the cell's own derivative texts.

    A recurrent layer runs `cell` over x (T, ...) from the initial states (args 1 to S,
    S = len(last)); the layer's other arguments (weights, biases, a nonlinearity; then
    `reverse`, dropped) go to every step. Walking the steps back from the last one run, the
    gradient of each step's outputs is its part of `steps` (one array per cell output:
    steps[0] in time order, the others in the order the steps ran, as the layers return
    them) plus, for the new states, what the step after it sent to its states (`last`, the
    final states' gradients, after the last step). The cell's texts give each step's
    gradients. Result for argument `position`: per step for x (stacked in time order), what
    the first step sent to the states for the initial states, the sum over the steps for
    the weights and biases. The text names the argument by its letter: "bptt(RNNCell, 'c',
    (g,), (g1,))" is W_ih's gradient of an RNN layer."""
    x, count = args[0], len(last)
    order = range(len(x) - 1, -1, -1) if reverse else range(len(x))
    states, shared = list(args[1:1 + count]), list(args[1 + count:-1])
    runs = []
    for t in order:
        step_args = [x[t], *states, *shared]
        record = Node(cell, (True,) * len(step_args))
        outputs = cell.forward(record, *step_args)
        outputs = outputs if isinstance(outputs, tuple) else (outputs,)
        runs.append((t, record, step_args, outputs))
        states = list(outputs[:count])
    carried, per_step, total = list(last), [None] * len(x), 0
    for k, (t, record, step_args, outputs) in reversed(list(enumerate(runs))):
        grads = [steps[0][t]] + [later[k] for later in steps[1:]]
        grads = [grad + carry for grad, carry in zip(grads, carried)] + grads[count:]

        def text_of(p):
            return evaluate(record, p, step_args, outputs[0], grads[0],
                            later_grads=tuple(grads[1:]))

        if position == 0:
            per_step[t] = text_of(0)
        elif position > count:
            total = total + text_of(position)
        carried = [text_of(p) for p in range(1, 1 + count)]
    if position == 0:
        return np.stack(per_step)
    return carried[position - 1] if position <= count else total


def _summed_to(gradient: np.ndarray, shape: tuple) -> np.ndarray:
    """The gradient at the argument's shape: spread over it when smaller (the "1" of a sum),
    summed over the dims broadcasting added or stretched when larger (as the engine)."""
    shape = tuple(shape)
    if gradient.shape == shape:
        return gradient
    try:
        if np.broadcast_shapes(gradient.shape, shape) == shape:
            return np.broadcast_to(gradient, shape)
    except ValueError:
        pass
    lead = gradient.ndim - len(shape)
    dims = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape)
                                      if n == 1 and gradient.shape[lead + i] != 1)
    return np.sum(gradient, axis=dims, keepdims=True).reshape(shape)

"""`Function`, the way every differentiable op is written, and `Node`, its record in the graph.

An op is a `Function` subclass with two static methods side by side:

    class Mul(Function):
        \"\"\"Elementwise product. f(a, b) = a*b;  df/da = b,  df/db = a.\"\"\"
        formula, derivatives = "a*b", ("b", "a")

        @staticmethod
        def forward(ctx, a, b):                # NumPy arrays (or Python numbers) in,
            ctx.save_for_backward(a, b)        # a NumPy array out
            return a * b

        @staticmethod
        def backward(ctx, grad_output):        # Tensors in, Tensors out
            a, b = ctx.saved_tensors
            return grad_output * b, grad_output * a

`forward` computes the value with NumPy. `backward` composes Tensor ops, so with
`create_graph=True` the backward pass is itself recorded and can be differentiated again.
`backward` may return NumPy arrays too (then that gradient is not differentiable again).
Gradients are written for the broadcast shape; the engine sums them back to each input's
shape. `MyOp.apply(*args)` runs the op and, when an input requires grad, records a `Node`.
"""
from __future__ import annotations

import itertools
import os
import traceback
import weakref

import numpy as np

from autograd.grad_mode import state
from autograd.tensor import Tensor

__all__ = ["Function", "Node", "SMALL_VALUE_SIZE"]

SMALL_VALUE_SIZE = 256
"""Outputs and gradients with at most this many elements are kept on their node for viz."""


class Node:
    """One op application in the graph; it is also the `ctx` its Function's methods receive.

    Public, read-only facts for tools (viz reads only these):
        name              op name, e.g. "Mul"
        next_functions    one entry per forward argument: None where no gradient flows,
                          else (target, output_nr) where target is the Node that made the
                          input, or the leaf Tensor itself (output_nr 0)
        input_shapes      shape of each argument (None for non-tensors)
        output_shapes     shape of each output
        derivatives       human-readable local derivatives, e.g. ("d(a*b)/da = b", ...)
        value             the output array when it is small, else None
        grad              the gradient(s) that reached this node in the last backward,
                          when small, else None
        sequence_nr       creation order (later ops have larger numbers)
    """

    __slots__ = ("fn", "next_functions", "needs_input_grad", "_saved", "_outputs_meta",
                 "sequence_nr", "value", "_grads", "_saved_entries", "_released", "__dict__",
                 "__weakref__")

    _hooks = None          # {output_nr: [fn, ...]} from Tensor.register_hook on outputs
    _retained = None       # {output_nr: weakref to Tensor} from Tensor.retain_grad
    creation_stack = None  # forward-pass traceback, recorded under detect_anomaly

    def __init__(self, fn: type) -> None:
        self.fn = fn
        self._saved = None
        self.value = None
        self._grads = None
        self._saved_entries = None
        self._released = False
        self.sequence_nr = next(_sequence)

    # --- ctx interface used inside Function.forward / Function.backward -----------------
    def save_for_backward(self, *values) -> None:
        """Keep inputs/outputs (arrays or Tensors) for backward; read with `saved_tensors`."""
        self._saved = values

    @property
    def saved_tensors(self) -> tuple:
        """The saved values as Tensors (scalars stay Python numbers), checked for in-place edits."""
        if self._released:
            raise RuntimeError(_SECOND_BACKWARD.format(op=self.name))
        entries = self._saved_entries
        if entries is None:
            return ()
        out = []
        for position, entry in enumerate(entries):
            kind = entry[0]
            if kind == "input":
                tensor, version = entry[1], entry[2]
                if tensor._version != version:
                    raise RuntimeError(_modified_message(tensor, self, position, version))
                out.append(tensor)
            elif kind == "output":
                _, nr, array, ref, version = entry
                owner = ref()
                if owner is not None and owner._version != version:
                    raise RuntimeError(_modified_message(owner, self, position, version))
                out.append(Tensor._make(array, True, self, nr))
            else:
                out.append(entry[1])
        return tuple(out)

    # --- facts for tools ----------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.fn.__name__

    @property
    def grad(self):
        """The gradient(s) that reached this node in the last backward, when small (detached)."""
        grads = self._grads
        if grads is None:
            return None
        if grads.__class__ is tuple:
            return tuple([_make(g, False, None, 0) for g in grads])
        return _make(grads, False, None, 0)

    @property
    def input_shapes(self) -> tuple:
        shapes = []
        for edge in self.next_functions:
            if edge is None:
                shapes.append(None)
            else:
                target, nr = edge
                shapes.append(target.output_shapes[nr] if type(target) is Node else target.shape)
        return tuple(shapes)

    @property
    def output_shapes(self) -> tuple:
        return tuple(meta[0] for meta in self._outputs_meta)

    @property
    def output_dtypes(self) -> tuple:
        return tuple(meta[1] for meta in self._outputs_meta)

    @property
    def saved_shapes(self) -> tuple:
        """Shapes of what the op saved for backward (empty after the graph is freed)."""
        if self._saved_entries is None:
            return ()
        shapes = []
        for entry in self._saved_entries:
            value = entry[1] if entry[0] == "input" else entry[2] if entry[0] == "output" else entry[1]
            shapes.append(getattr(value, "shape", ()))
        return tuple(shapes)

    @property
    def derivatives(self) -> tuple:
        """One line per differentiable argument, e.g. 'd(a*b)/da = b'."""
        return self.fn.describe_derivatives(len(self.next_functions))

    @property
    def is_freed(self) -> bool:
        """True once a backward without retain_graph has released the saved tensors."""
        return self._released

    def release(self) -> None:
        """Drop the saved tensors (the engine calls this after backward)."""
        self._saved_entries = None
        self._released = True

    def register_hook(self, output_nr: int, fn) -> None:
        if self._hooks is None:
            self._hooks = {}
        self._hooks.setdefault(output_nr, []).append(fn)

    def retain(self, output_nr: int, tensor: Tensor) -> None:
        if self._retained is None:
            self._retained = {}
        self._retained[output_nr] = weakref.ref(tensor)

    def __repr__(self) -> str:
        return f"<{self.name}Backward #{getattr(self, 'sequence_nr', '-')}>"


class Function:
    """Base class of every differentiable op; subclass it and call `YourOp.apply(...)`.

    Class attributes used by viz (optional for your own ops):
        formula      the forward as text in terms of a, b, c, ... e.g. "a*b"
        derivatives  one text per argument, e.g. ("b", "a")
    """

    formula: str | None = None
    derivatives: tuple = ()

    @staticmethod
    def forward(ctx: Node, *args):
        raise NotImplementedError("a Function subclass must define forward(ctx, *args)")

    @staticmethod
    def backward(ctx: Node, *grad_outputs):
        raise NotImplementedError("a Function subclass must define backward(ctx, *grad_outputs)")

    @classmethod
    def describe_derivatives(cls, n_args: int) -> tuple:
        names = "abcdefgh"
        formula = cls.formula or f"{cls.__name__}({', '.join(names[:n_args])})"
        lines = []
        for i, rule in enumerate(cls.derivatives[:n_args]):
            if rule is not None:
                lines.append(f"d({formula})/d{names[i]} = {rule}")
        return tuple(lines)

    @classmethod
    def apply(cls, *args):
        """Run forward on the arguments' arrays; record a Node when a gradient is needed."""
        ctx = _new_node(Node)
        ctx.fn = cls
        ctx._saved = None
        arrays = []
        if state.enabled:
            for arg in args:
                if isinstance(arg, Tensor):
                    if arg.requires_grad:
                        return _record(cls, ctx, args)
                    arrays.append(arg.data)
                else:
                    arrays.append(arg)
        else:
            for arg in args:
                arrays.append(arg.data if isinstance(arg, Tensor) else arg)
        ctx.needs_input_grad = _NO_GRADS[len(args)] if len(args) < 16 else (False,) * len(args)
        try:
            result = cls.forward(ctx, *arrays)
        except ValueError as error:
            raise _shape_error(cls, arrays, error) from None
        if result.__class__ is tuple:
            return tuple([_make(r, False, None, 0) for r in result])
        return _make(result, False, None, 0)


_new_node = object.__new__
_make = Tensor._make
_NO_GRADS = [(False,) * n for n in range(16)]
_sequence = itertools.count(1)


def _record(cls, ctx: Node, args: tuple):
    """Forward with graph recording: link the node to its inputs and outputs."""
    arrays = []
    edges = []
    needs = []
    for arg in args:
        if isinstance(arg, Tensor):
            arrays.append(arg.data)
            if arg.requires_grad:
                edges.append((arg.grad_fn or arg, arg._output_nr))
                needs.append(True)
                continue
        else:
            arrays.append(arg)
        edges.append(None)
        needs.append(False)
    ctx.next_functions = tuple(edges)
    ctx.needs_input_grad = tuple(needs)
    ctx.sequence_nr = next(_sequence)
    ctx._grads = None
    ctx._released = False
    try:
        result = cls.forward(ctx, *arrays)
    except ValueError as error:
        raise _shape_error(cls, arrays, error) from None
    if result.__class__ is tuple:
        outputs = tuple([_make(r, True, ctx, i) for i, r in enumerate(result)])
        ctx._outputs_meta = tuple([(o.data.shape, o.data.dtype) for o in outputs])
        ctx.value = None
    else:
        outputs = _make(result, True, ctx, 0)
        data = outputs.data
        ctx._outputs_meta = ((data.shape, data.dtype),)
        ctx.value = data if data.size <= SMALL_VALUE_SIZE else None
    saved = ctx._saved
    if saved is not None:
        ctx._saved_entries = _resolve_saved(
            saved, args, arrays, outputs if outputs.__class__ is tuple else (outputs,),
            result if result.__class__ is tuple else (result,))
        ctx._saved = None
    else:
        ctx._saved_entries = None
    if state.anomaly:
        ctx.creation_stack = _user_stack()
    return outputs


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _user_stack(depth: int = 6) -> str:
    """The forward-pass call site: the innermost frames outside the autograd package."""
    frames = [f for f in traceback.extract_stack(limit=depth + 12)
              if not os.path.abspath(f.filename).startswith(_PACKAGE_DIR)]
    return "".join(traceback.format_list(frames[-depth:]))


def _resolve_saved(saved, args, arrays, outputs, raw_results) -> tuple:
    """Map each saved value to an input Tensor, one of the op's outputs, or a constant.

    Outputs are recognised by identity with what forward returned (`raw_results`), since
    NumPy returns scalars for 0-d results and the output Tensor holds them as 0-d arrays.
    """
    entries = []
    for value in saved:
        entry = None
        if isinstance(value, Tensor):
            entry = ("input", value, value._version)
        else:
            for arg, array in zip(args, arrays):
                if value is array and isinstance(arg, Tensor):
                    entry = ("input", arg, arg._version)
                    break
            else:
                for nr, (out, raw) in enumerate(zip(outputs, raw_results)):
                    if value is raw or value is out.data:
                        entry = ("output", nr, out.data, weakref.ref(out), out._version)
                        break
        if entry is None:
            if isinstance(value, np.ndarray):
                value = Tensor._make(value, False, None, 0)
            entry = ("constant", value)
        entries.append(entry)
    return tuple(entries)


def _shape_error(cls, arrays, error: ValueError) -> ValueError:
    """NumPy's broadcasting errors, restated with the op's name and its inputs' shapes."""
    message = str(error)
    if "broadcast" not in message:
        return error
    shapes = " and ".join(str(np.shape(a)) for a in arrays if isinstance(a, np.ndarray))
    return ValueError(f"{cls.__name__}: shapes {shapes} cannot be broadcast together "
                      "(dims must be equal or 1, compared from the right)")


_SECOND_BACKWARD = (
    "Trying to backward through the graph a second time (op {op}): its saved tensors were "
    "freed by the first backward. Pass retain_graph=True to the first backward() if you "
    "need to backward through the same graph again, or recompute the forward pass."
)


def _modified_message(tensor: Tensor, node: Node, position: int, version: int) -> str:
    label = f"'{tensor.name}'" if tensor.name else "a tensor"
    return (
        f"{label} of shape {tensor.shape} saved by {node.name} (saved value {position}) was "
        f"modified by an in-place operation: it is at version {tensor._version}, expected "
        f"version {version}. Backward of {node.name} needs the value it saw in the forward "
        "pass; use the out-of-place form (e.g. x = x + y instead of x += y) or .clone() first."
    )

"""`Function`: how every differentiable op is written; `Node`: its record in the graph.

An op is a class with two static methods side by side, as in PyTorch:

    class Mul(NumpyFunction):
        \"\"\"Elementwise product.\"\"\"
        formula, derivatives = "a*b", ("b", "a")

        @staticmethod
        def forward(ctx, a, b):
            need_a, need_b = ctx.needs_input_grad
            ctx.save_for_backward(b if need_a else None, a if need_b else None)
            return a * b

        @staticmethod
        def backward(ctx, grad):
            b, a = ctx.saved_tensors
            need_a, need_b = ctx.needs_input_grad
            return grad * b if need_a else None, grad * a if need_b else None

`MyOp.apply(*args)` runs `forward` and, when grad mode is on and an input requires grad,
records a `Node` (the `ctx` both methods receive) linking the output to the inputs. Later
the engine calls `backward` with the gradient of the output and expects one gradient per
argument (None where there is none), written for the broadcast shape: the engine sums each
back to its input's shape.

Two bases:
- `Function`, PyTorch's: `forward` and `backward` receive and return Tensors.
- `NumpyFunction`, for the built-in ops in autograd/ops/: `forward` receives NumPy arrays and
  returns one; `backward` runs on NumPy arrays in a plain backward, and on Tensors when
  `create_graph=True` records the backward pass. The same formula serves both because it is
  written with operators and NumPy functions (`grad * np.cos(a)`), and NumPy hands
  `np.cos(tensor)` to the Tensor, which records a Cos node (see autograd/ops/numpy_api.py).

The class attributes `formula` and `derivatives` are the op's local derivatives as text, in
terms of its arguments a, b, c, ... and its output `out` (e.g. "a*b" and ("b", "a") read
d(a*b)/da = b, d(a*b)/db = a). viz shows them; a test evaluates each one and checks that it
equals what `backward` computes.
"""
from __future__ import annotations

import numpy as np

from autograd.grad_mode import state
from autograd.tensor import Tensor

__all__ = ["Function", "NumpyFunction", "Node", "once_differentiable"]

SMALL_CONSTANT = 256
"""Constant arrays with at most this many elements are kept on their node for viz."""

_FREED = "freed"  # Node.saved after a backward without retain_graph


class Node:
    """One op application in the graph; also the `ctx` its Function's methods receive.

    Public, read-only facts for tools (viz reads only these):
        name              the op's name, e.g. "Mul"
        fn                the Function class (its `formula`, `derivatives`, docstring)
        next_functions    one entry per argument, as PyTorch: None where no gradient flows,
                          else (target, output_nr): the Node that made the input, or the
                          leaf Tensor itself (output_nr 0)
        edges             the same, compactly (what the engine walks): None, the target for
                          output 0, or (target, output_nr) for a later output
        constants         {argument position: value} of the non-tensor arguments (the 3 in
                          3*v), arrays only when small
        output_shapes     shape of each output
        output_dtypes     dtype of each output
        grad              the gradient(s) that reached this node's output(s) in the last
                          backward (a Tensor, or a tuple for several outputs), else None
        is_freed          True once a backward without retain_graph freed the saved values
    """

    saved = None
    saved_sources = None      # per saved value: the input Tensor, the output number, or None
    _received = None          # the gradients that reached the outputs in the last backward
    hooks = None              # {output_nr: [fn, ...]}, from Tensor.register_hook on outputs
    modified_outputs = None   # output numbers changed in place after the op saved them
    constants = None
    creation_stack = None     # where the op ran, recorded under detect_anomaly

    def __init__(self, fn: type, needs_input_grad: tuple) -> None:
        self.fn = fn
        self.needs_input_grad = needs_input_grad

    # --- what forward and backward use --------------------------------------------------
    def save_for_backward(self, *values) -> None:
        """Keep inputs or outputs for backward; read them back with `saved_tensors`."""
        self.saved = values

    @property
    def saved_tensors(self) -> tuple:
        """The saved values, checked for in-place changes since they were saved.

        NumPy arrays in a plain backward of a NumpyFunction; Tensors otherwise.
        """
        saved = self.saved
        if saved is None:
            return ()
        if saved is _FREED:
            raise RuntimeError(SECOND_BACKWARD.format(op=self.name))
        sources = self.saved_sources
        if sources is not None:
            for position, (source, version) in enumerate(zip(sources, self.saved_versions)):
                if version is not None and source._version != version:
                    raise RuntimeError(_modified_message(source, self, position))
            if self.modified_outputs is not None:
                for position, source in enumerate(sources):
                    if source.__class__ is int and source in self.modified_outputs:
                        raise RuntimeError(_modified_output_message(self, position))
        if self.fn.takes_arrays and not state.enabled:
            return saved
        return tuple([self._saved_tensor(value, source) for value, source in
                      zip(saved, sources or (None,) * len(saved))])

    def _saved_tensor(self, value, source):
        if source is None:
            return value
        if source.__class__ is int:  # this node's own output, reattached to the node
            array = value._data if isinstance(value, Tensor) else value
            return Tensor._make(array, True, self, source)
        return source

    def mark_non_differentiable(self, *outputs) -> None:
        """Outputs that never get a gradient (e.g. indices), as in PyTorch."""
        self.non_differentiable = outputs

    # --- facts for tools ----------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.fn.__name__

    @property
    def grad(self):
        """The gradient that reached this node's output in the last backward (a Tensor; a
        tuple of them for several outputs), or None before any backward."""
        if self._received is None:
            return None
        grads = tuple([g if isinstance(g, Tensor) else Tensor._make(g) for g in self._received])
        return grads[0] if len(grads) == 1 else grads

    @property
    def next_functions(self) -> tuple:
        """PyTorch's form of `edges`: (target, output_nr) per argument, None where none."""
        return tuple(edge if edge is None or edge.__class__ is tuple else (edge, 0)
                     for edge in self.edges)

    @property
    def input_shapes(self) -> tuple:
        """The shape of each argument that is a tensor requiring grad (None for the others)."""
        shapes = []
        for edge in self.next_functions:
            if edge is None:
                shapes.append(None)
            else:
                target, nr = edge
                shapes.append(target.output_shapes[nr] if isinstance(target, Node) else target.shape)
        return tuple(shapes)

    @property
    def saved_shapes(self) -> tuple:
        """Shapes of the values the op saved for backward (empty once freed)."""
        if self.saved is None or self.saved is _FREED:
            return ()
        return tuple(np.shape(v._data if isinstance(v, Tensor) else v) for v in self.saved)

    @property
    def derivatives(self) -> tuple:
        """The local derivatives as text, one per differentiable argument: 'd(a*b)/da = b'."""
        names = "abcdefghijklmnopqrstuvwxyz"
        formula = self.fn.formula or f"{self.name}({', '.join(names[:len(self.edges)])})"
        return tuple(f"d({formula})/d{names[i]} = {rule}"
                     for i, rule in enumerate(self.fn.derivatives[:len(self.edges)])
                     if rule is not None)

    @property
    def is_freed(self) -> bool:
        return self.saved is _FREED

    def register_hook(self, output_nr: int, fn) -> None:
        """Call `fn(grad)` with the gradient of output `output_nr` before backward uses it."""
        if self.hooks is None:
            self.hooks = {}
        self.hooks.setdefault(output_nr, []).append(fn)

    def __repr__(self) -> str:
        return f"<{self.name}Backward>"


class Function:
    """Base class of a differentiable op, as PyTorch's `torch.autograd.Function`.

    Subclass it with static `forward(ctx, *args)` and `backward(ctx, *grad_outputs)`, then
    call `YourOp.apply(*args)`. `forward` runs without recording and receives the arguments
    as given (Tensors stay Tensors); `backward` receives one gradient Tensor per output and
    returns one gradient (or None) per argument of forward.

    Example:
        >>> class Cube(Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         ctx.save_for_backward(x)
        ...         return x ** 3
        ...     @staticmethod
        ...     def backward(ctx, grad_output):
        ...         (x,) = ctx.saved_tensors
        ...         return grad_output * 3 * x ** 2
    """

    takes_arrays = False
    formula: str | None = None
    derivatives: tuple = ()

    @staticmethod
    def forward(ctx: Node, *args):
        raise NotImplementedError("a Function subclass must define forward(ctx, *args)")

    @staticmethod
    def backward(ctx: Node, *grad_outputs):
        raise NotImplementedError("a Function subclass must define backward(ctx, *grad_outputs)")

    @classmethod
    def apply(cls, *args):
        """Run forward on the arguments; record a Node when a gradient is needed."""
        inputs = []
        edges = []
        needs = []
        recording = state.enabled
        has_constants = False
        for arg in args:
            if isinstance(arg, Tensor):
                inputs.append(arg._data)
                if recording and arg.requires_grad:
                    nr = arg._output_nr
                    edges.append((arg.grad_fn or arg) if nr == 0 else (arg.grad_fn, nr))
                    needs.append(True)
                    continue
            else:
                inputs.append(arg.item() if isinstance(arg, np.generic) else arg)
                has_constants = True
            edges.append(None)
            needs.append(False)
        ctx = Node(cls, _interned(tuple(needs)))
        if cls.takes_arrays:
            try:
                result = cls.forward(ctx, *inputs)
            except ValueError as error:
                raise _broadcast_error(cls, inputs, error) from None
        else:
            result = _forward_on_tensors(cls, ctx, args)
        if True not in ctx.needs_input_grad:
            return _wrap(result, None)
        ctx.edges = tuple(edges)
        if cls.takes_arrays and result.__class__ is not tuple and result.dtype.kind in "fc":
            output = _make(result, True, ctx, 0)
            ctx.output_shapes, ctx.output_dtypes = (result.shape,), (result.dtype,)
        else:
            output = _wrap(result, ctx)
        if ctx.saved is not None:
            _resolve_saved(ctx, args, inputs, result)
        if has_constants:
            _keep_constants(ctx, args)
        if state.anomaly:
            ctx.creation_stack = _user_stack()
        return output


class NumpyFunction(Function):
    """Base of the built-in ops: `forward` gets NumPy arrays; `backward` gets arrays in a
    plain backward and Tensors when `create_graph=True` (so write it with operators and
    NumPy functions, which work on both, or with `compute`)."""

    takes_arrays = True

    @classmethod
    def compute(cls, *args):
        """This op on `args`: its forward on plain arrays (nothing recorded), or `apply` when
        an argument is a Tensor. Backward formulas use it for ops NumPy has no function for."""
        if any(isinstance(arg, Tensor) for arg in args):
            return cls.apply(*args)
        return cls.forward(Node(cls, (False,) * len(args)), *args)


def once_differentiable(backward):
    """Decorator for a `backward` written in NumPy only: it runs as usual, and a second
    derivative through it raises a clear error instead of silently being zero."""

    def wrapper(ctx, *grads):
        if not state.enabled:
            return backward(ctx, *grads)
        arrays = [g._data if isinstance(g, Tensor) else g for g in grads]
        with _no_grad():
            result = backward(ctx, *arrays)
        single = not isinstance(result, tuple)
        result = (result,) if single else result
        sources = [g for g in grads if isinstance(g, Tensor) and g.requires_grad]
        wrapped = tuple(None if r is None else _OnceDifferentiable.apply(r, ctx.name, *sources)
                        for r in result)
        return wrapped[0] if single else wrapped

    wrapper.__wrapped__ = backward
    wrapper.__doc__ = backward.__doc__
    return staticmethod(wrapper) if isinstance(backward, staticmethod) else wrapper


_make = Tensor._make
_INTERNED = {}


def _interned(needs: tuple) -> tuple:
    """One shared copy of each `needs_input_grad` tuple, so that a graph of a million nodes
    holds fewer objects for the cyclic garbage collector to count."""
    return _INTERNED.setdefault(needs, needs)


def _forward_on_tensors(cls, ctx: Node, args: tuple):
    """A PyTorch-style forward: it gets the Tensors themselves and runs without recording."""
    previous = state.enabled
    state.enabled = False
    try:
        return cls.forward(ctx, *args)
    finally:
        state.enabled = previous


def _broadcast_error(cls, inputs, error: ValueError) -> Exception:
    """NumPy's broadcasting error in PyTorch's words, naming the op and the shapes."""
    if "broadcast" not in str(error):
        return error
    shapes = [np.shape(x) for x in inputs if isinstance(x, np.ndarray)]
    if len(shapes) == 2:
        a, b = shapes
        for dim in range(1, min(len(a), len(b)) + 1):
            if a[-dim] != b[-dim] and 1 not in (a[-dim], b[-dim]):
                return RuntimeError(
                    f"{cls.__name__}: the size of tensor a ({a[-dim]}) must match the size of "
                    f"tensor b ({b[-dim]}) at non-singleton dimension "
                    f"{max(len(a), len(b)) - dim} (shapes {a} and {b})")
    return RuntimeError(f"{cls.__name__}: shapes {' and '.join(map(str, shapes))} cannot be "
                        "broadcast together (sizes must be equal or 1, compared from the right)")


def _wrap(result, ctx):
    """The output Tensor(s) of an op; they require grad and point to `ctx` when recorded."""
    if result.__class__ is tuple:
        outputs = tuple([_output(r, ctx, nr) for nr, r in enumerate(result)])
        if ctx is not None:
            ctx.output_shapes = tuple([o._data.shape for o in outputs])
            ctx.output_dtypes = tuple([o._data.dtype for o in outputs])
            skip = getattr(ctx, "non_differentiable", ())
            for o, r in zip(outputs, result):
                if any(r is s for s in skip):
                    o.requires_grad, o.grad_fn = False, None
        return outputs
    output = _output(result, ctx, 0)
    if ctx is not None:
        data = output._data
        ctx.output_shapes = (data.shape,)
        ctx.output_dtypes = (data.dtype,)
    return output


def _output(result, ctx, nr: int) -> Tensor:
    if isinstance(result, Tensor):
        result = result._data
    elif result.__class__ is not np.ndarray:
        if result is None:
            raise TypeError("forward returned None; it must return an array or a Tensor")
        result = np.asarray(result)
    if ctx is None or result.dtype.kind not in "fc":
        return Tensor._make(result, False, None, 0)
    return Tensor._make(result, True, ctx, nr)


def _resolve_saved(ctx: Node, args: tuple, inputs: list, result) -> None:
    """Note where each saved value came from: an input Tensor (and its version), one of the
    op's outputs (its number), or neither (a constant, never checked)."""
    sources = []
    versions = []
    checked = False
    for value in ctx.saved:
        source = version = None
        if value is result:
            source = 0
        elif value is not None:
            for position, given in enumerate(inputs):
                if value is given:
                    arg = args[position]
                    if isinstance(arg, Tensor):
                        source, version = arg, arg._version
                    break
            else:
                if result.__class__ is tuple:
                    for nr, out in enumerate(result):
                        if value is out:
                            source = nr
        checked = checked or source is not None
        sources.append(source)
        versions.append(version)
    if checked:
        ctx.saved_sources = tuple(sources)
        ctx.saved_versions = tuple(versions)


def _keep_constants(ctx: Node, args: tuple) -> None:
    """The non-tensor arguments (the 3 in 3*v), for viz; large arrays are not kept."""
    constants = {}
    for position, arg in enumerate(args):
        if not isinstance(arg, Tensor) and (
                not isinstance(arg, np.ndarray) or arg.size <= SMALL_CONSTANT):
            constants[position] = arg
    if constants:
        ctx.constants = constants


def _user_stack(depth: int = 6) -> str:
    """The forward-pass call site: the innermost frames outside the autograd package."""
    import os
    import traceback

    package = os.path.dirname(os.path.abspath(__file__))
    frames = [f for f in traceback.extract_stack(limit=depth + 12)
              if not os.path.abspath(f.filename).startswith(package)]
    return "".join(traceback.format_list(frames[-depth:]))


class _no_grad:
    def __enter__(self):
        self.previous = state.enabled
        state.enabled = False

    def __exit__(self, *exc):
        state.enabled = self.previous


class _OnceDifferentiable(NumpyFunction):
    """Identity on a gradient computed in NumPy; differentiating it again raises."""

    @staticmethod
    def forward(ctx, value, op, *sources):
        ctx.op = op
        return value

    @staticmethod
    def backward(ctx, grad):
        raise RuntimeError(
            f"{ctx.op} computes its backward in NumPy only, so its gradient cannot be "
            "differentiated again (create_graph=True needs a twice-differentiable backward).")


SECOND_BACKWARD = (
    "Trying to backward through the graph a second time (op {op}): its saved values were "
    "freed by the first backward. Pass retain_graph=True to the first backward() if you "
    "need to backward through the same graph again, or recompute the forward pass."
)


def _modified_message(tensor: Tensor, node: Node, position: int) -> str:
    label = f"'{tensor.name}'" if tensor.name else "a tensor"
    return (
        f"one of the variables needed for gradient computation has been modified by an "
        f"inplace operation: {label} of shape {tensor.shape}, saved by {node.name} (saved "
        f"value {position}), is at version {tensor._version}; expected version "
        f"{node.saved_versions[position]}. Backward of {node.name} needs the value it saw in "
        "the forward pass: use the out-of-place form (x = x + y instead of x += y) or .clone().")


def _modified_output_message(node: Node, position: int) -> str:
    return (
        f"one of the variables needed for gradient computation has been modified by an "
        f"inplace operation: the output of {node.name} (saved value {position}) was changed "
        f"in place after {node.name} saved it. Use the out-of-place form or .clone() first.")

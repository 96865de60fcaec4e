"""`Function`: how every differentiable op is written (its record in the graph: autograd/node.py).

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
from autograd.ops.arguments import broadcast_error
from autograd.node import Node
from autograd.tensor import Tensor

__all__ = ["Function", "NumpyFunction", "Node", "once_differentiable"]

SMALL_CONSTANT = 256
"""Constant arrays with at most this many elements are kept on their node for viz."""

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
    node_name: str | None = None
    op_name = "Function"
    node_class = Node

    def __init_subclass__(cls, **kwargs) -> None:
        """Each op records its nodes as its own Node class, named as PyTorch names them
        (`MulBackward0` for the built-in Mul, `MyOpBackward` for a Function of yours; a
        built-in op whose PyTorch name differs says so in `node_name`, e.g. CrossEntropy's
        nodes are "NllLossBackward0"). `op_name`, what viz labels the nodes with, is the
        class's name unless it gives another (SumDim, a sum over dims, is labelled "Sum")."""
        super().__init_subclass__(**kwargs)
        if "op_name" not in cls.__dict__:
            cls.op_name = cls.__name__
        name = cls.__dict__.get("node_name")
        if name is None:
            name = cls.__name__ + ("Backward0" if cls.takes_arrays else "Backward")
        cls.node_class = type(name, (Node,), {"__module__": cls.__module__, "fn": cls})

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
        constants = None  # {position: value} of the non-tensor arguments, for viz
        for arg in args:
            if isinstance(arg, Tensor):
                inputs.append(arg._data)
                if recording and arg.requires_grad:
                    nr = arg._output_nr
                    edges.append((arg.grad_fn or arg) if nr == 0 else (arg.grad_fn, nr))
                    needs.append(True)
                    continue
            else:
                if not isinstance(arg, np.ndarray) or arg.size <= SMALL_CONSTANT:
                    if constants is None:
                        constants = {}
                    constants[len(inputs)] = arg
                inputs.append(arg.item() if isinstance(arg, np.generic) else arg)
            edges.append(None)
            needs.append(False)
        needs = tuple(needs)
        ctx = _new(cls.node_class)  # its class knows the op (`fn`): no __init__ to run
        ctx.needs_input_grad = _SHARED.setdefault(needs, needs)
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
        if cls.takes_arrays and result.__class__ is not tuple and result.dtype.kind == "f":
            output = _make(result, True, ctx, 0)
            dtypes = (result.dtype,)
            ctx.output_shapes = (result.shape,)
            ctx.output_dtypes = _SHARED.setdefault(dtypes, dtypes)
        else:
            output = _wrap(result, ctx)
        if ctx.saved is not None:
            _resolve_saved(ctx, args, inputs, result)
        if constants is not None:
            ctx.constants = constants
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
        wrapped = tuple(None if r is None else _OnceDifferentiable.apply(r, ctx.op_name, *sources)
                        for r in result)
        return wrapped[0] if single else wrapped

    wrapper.__wrapped__ = backward
    wrapper.__doc__ = backward.__doc__
    return staticmethod(wrapper) if isinstance(backward, staticmethod) else wrapper


_make = Tensor._make
_new = object.__new__
# One shared copy of each `needs_input_grad` tuple and of each tuple of output dtypes (there
# are few of them), so that the nodes of a large graph do not each hold their own: every
# object a node holds is one more for the cyclic garbage collector to visit, again and again.
_SHARED = {}


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
    arrays = [x for x in inputs if isinstance(x, np.ndarray)]
    if "broadcast" not in str(error):
        return error
    if len(arrays) == 2:
        named = broadcast_error(cls.__name__, *arrays, error)
        if named is not error:
            return named
    return RuntimeError(f"{cls.__name__}: shapes {' and '.join(str(a.shape) for a in arrays)} "
                        "cannot be broadcast together (sizes must be equal or 1, compared from "
                        "the right)")


def _wrap(result, ctx):
    """The output Tensor(s) of an op; they require grad and point to `ctx` when recorded."""
    if result.__class__ is tuple:
        outputs = tuple([_output(r, ctx, nr) for nr, r in enumerate(result)])
        if ctx is not None:
            ctx.output_shapes = tuple([o._data.shape for o in outputs])
            dtypes = tuple([o._data.dtype for o in outputs])
            ctx.output_dtypes = _SHARED.setdefault(dtypes, dtypes)
            skip = getattr(ctx, "non_differentiable", ())
            for o, r in zip(outputs, result):
                if any(r is s for s in skip):
                    o.requires_grad, o.grad_fn = False, None
        return outputs
    output = _output(result, ctx, 0)
    if ctx is not None:
        data = output._data
        ctx.output_shapes = (data.shape,)
        dtypes = (data.dtype,)
        ctx.output_dtypes = _SHARED.setdefault(dtypes, dtypes)
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
    if result.dtype.kind == "c":
        raise TypeError(f"{ctx.op_name}: a complex result would require grad, but gradients of "
                        "complex values are not supported (only real floating-point tensors "
                        "take part in autograd); detach() the real inputs first")
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

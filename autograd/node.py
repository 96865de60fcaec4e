"""`Node`: one op application in the graph, and the `ctx` its Function's methods receive.

A node keeps what backward needs (the saved values, the edges to its inputs) and a few
public facts that tools such as viz read (its name, constants, shapes, the gradient that
reached it). It never keeps a reference to its output, so a graph is a tree of references
from the output tensors down to the leaves and is freed by reference counting alone.
"""
from __future__ import annotations

import numpy as np

from autograd.grad_mode import state
from autograd.hooks import RemovableHandle
from autograd.tensor import Tensor

__all__ = ["Node", "FREED", "SECOND_BACKWARD"]

FREED = "freed"  # Node.saved after a backward without retain_graph


class Node:
    """One op application in the graph; also the `ctx` its Function's methods receive.

    Public, read-only facts for tools (viz reads only these):
        op_name           the op's name, e.g. "Mul" (`name()` is PyTorch's: "MulBackward0")
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
    hooks = None              # {output_nr: {handle id: fn}}, from Tensor.register_hook
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
        if saved is FREED:
            raise RuntimeError(SECOND_BACKWARD.format(op=self.op_name))
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
    def op_name(self) -> str:
        """The op's name, e.g. "Mul" (what viz labels the node with)."""
        return self.fn.op_name

    def name(self) -> str:
        """PyTorch's name of this node: its class name, e.g. "MulBackward0"."""
        return type(self).__name__

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
                shapes.append(target.output_shapes[nr] if isinstance(target, Node)
                              else target.shape)
        return tuple(shapes)

    @property
    def saved_shapes(self) -> tuple:
        """Shapes of the values the op saved for backward (empty once freed)."""
        if self.saved is None or self.saved is FREED:
            return ()
        return tuple(np.shape(v._data if isinstance(v, Tensor) else v) for v in self.saved)

    @property
    def derivatives(self) -> tuple:
        """The local derivatives as text, one per differentiable argument: 'd(a*b)/da = b'."""
        from autograd.ops.derivative_text import ARGUMENTS as names  # a, b, ... (g: gradient)
        formula = self.fn.formula or f"{self.name}({', '.join(names[:len(self.edges)])})"
        return tuple(f"d({formula})/d{names[i]} = {rule}"
                     for i, rule in enumerate(self.fn.derivatives[:len(self.edges)])
                     if rule is not None)

    @property
    def is_freed(self) -> bool:
        return self.saved is FREED

    def register_hook(self, output_nr: int, fn) -> RemovableHandle:
        """Call `fn(grad)` with the gradient of output `output_nr` before backward uses it."""
        if self.hooks is None:
            self.hooks = {}
        hooks = self.hooks.setdefault(output_nr, {})
        handle = RemovableHandle(hooks)
        hooks[handle.id] = fn
        return handle

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object at {id(self):#x}>"


SECOND_BACKWARD = (
    "Trying to backward through the graph a second time (op {op}): its saved values were "
    "freed by the first backward. Pass retain_graph=True to the first backward() if you "
    "need to backward through the same graph again, or recompute the forward pass."
)


def _modified_message(tensor: Tensor, node: Node, position: int) -> str:
    label = f"'{tensor.name}'" if tensor.name else "a tensor"
    return (
        f"one of the variables needed for gradient computation has been modified by an "
        f"inplace operation: {label} of shape {tensor.shape}, saved by {node.op_name} (saved "
        f"value {position}), is at version {tensor._version}; expected version "
        f"{node.saved_versions[position]}. Backward of {node.op_name} needs the value it saw in "
        "the forward pass: use the out-of-place form (x = x + y instead of x += y) or .clone().")


def _modified_output_message(node: Node, position: int) -> str:
    return (
        f"one of the variables needed for gradient computation has been modified by an "
        f"inplace operation: the output of {node.op_name} (saved value {position}) was changed "
        f"in place after {node.op_name} saved it. Use the out-of-place form or .clone() first.")

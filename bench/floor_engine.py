"""The floor: the leanest reverse-mode engine on NumPy, for the engine benchmarks to measure
against. Not part of the library.

Each op returns a Tensor holding its parents and a closure that maps the output's gradient
to the parents' gradients; `backward` orders the graph (iterative depth-first search) and
calls the closures from the output down, summing what each tensor receives. That is all: no
grad mode, dtype promotion, broadcasting, saved-value checks, hooks, node facts for tools
or second derivatives. Whatever an engine adds to this costs time on small work; the
difference between this and backproplab is the price of PyTorch's semantics.

Only what bench_engine.py runs is here: + and * (of tensors and Python numbers, same
shapes), tanh, sum.
"""
from __future__ import annotations

import numpy as np

__all__ = ["Tensor", "tensor"]


class Tensor:
    __slots__ = ("data", "grad", "parents", "local_backward")

    def __init__(self, data, parents: tuple = (), local_backward=None) -> None:
        self.data = data
        self.grad = None
        self.parents = parents
        self.local_backward = local_backward  # gradient of output -> gradients of parents

    def __add__(self, other):
        if isinstance(other, Tensor):
            return Tensor(self.data + other.data, (self, other), lambda g: (g, g))
        return Tensor(self.data + other, (self,), lambda g: (g,))

    def __mul__(self, other):
        a = self.data
        if isinstance(other, Tensor):
            b = other.data
            return Tensor(a * b, (self, other), lambda g: (g * b, g * a))
        return Tensor(a * other, (self,), lambda g: (g * other,))

    def tanh(self):
        out = np.tanh(self.data)
        return Tensor(out, (self,), lambda g: (g * (1 - out * out),))

    def sum(self):
        shape = self.data.shape
        return Tensor(np.sum(self.data), (self,), lambda g: (np.broadcast_to(g, shape),))

    def item(self) -> float:
        return float(self.data)

    def backward(self) -> None:
        """Accumulate d(self)/d(leaf) into the `.grad` (an array) of every leaf."""
        order, seen, stack = [], set(), [(self, False)]
        while stack:  # post-order depth-first search: parents before children
            tensor, expanded = stack.pop()
            if expanded:
                order.append(tensor)
            elif tensor not in seen:
                seen.add(tensor)
                stack.append((tensor, True))
                stack.extend((parent, False) for parent in tensor.parents)
        received = {self: np.ones_like(self.data)}
        for tensor in reversed(order):
            g = received.pop(tensor, None)
            if tensor.local_backward is None:  # a leaf
                tensor.grad = g if tensor.grad is None else tensor.grad + g
                continue
            for parent, parent_grad in zip(tensor.parents, tensor.local_backward(g)):
                received[parent] = received[parent] + parent_grad if parent in received \
                    else parent_grad


def tensor(data, requires_grad: bool = False) -> Tensor:
    """A leaf (every leaf gets a gradient here; `requires_grad` is accepted for the bench's
    shared code). Python numbers become float32 0-d arrays, as PyTorch's default dtype."""
    return Tensor(np.asarray(data, np.float32 if isinstance(data, float) else None))

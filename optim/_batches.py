"""How a step visits a group's parameters: one at a time, or many small ones as one flat array.

An elementwise update (SGD, Adam, RMSprop, ...) applies the same formula to every element, so
running it once on the concatenation of several parameters computes exactly what running it on
each of them does, in a dozen NumPy calls instead of a dozen per parameter: on a small network
that is most of a step's time. A `FlatBatch` joins the small parameters that share a dtype and a
state layout (the same entries, the same step count). It copies their values and gradients
into flat arrays before the update and the new values back after it, and it keeps their state
flat: each parameter's state entries are views of its slice of the flat ones, so
`optimizer.state[p]` reads and writes the same numbers as ever. Large parameters (where the
copies cost more than the calls they save) and updates that are not elementwise (LAMB's
per-parameter norms) go one at a time, as a `SingleParameter`.
"""
from __future__ import annotations

from numbers import Number

import numpy as np

from autograd import Tensor

__all__ = ["FLAT_BELOW", "FlatBatch", "SingleParameter", "make_batches"]

FLAT_BELOW = 8192
"""Parameters with fewer elements than this are joined into flat batches."""


def make_batches(params: list[Tensor], states: dict, elementwise: bool) -> list:
    """The batches that update `params` (each with its state initialised in `states`)."""
    alone, joined, arrays = [], {}, set()
    for p in params:
        array = p.numpy(force=True)
        shared = id(array) in arrays  # two parameters on one array: one after the other
        arrays.add(id(array))
        layout = _layout(array, states[p]) if elementwise and not shared else None
        if layout is None:
            alone.append(SingleParameter(p))
        else:
            joined.setdefault(layout, []).append(p)
    return [FlatBatch(ps, states) if len(ps) > 1 else SingleParameter(ps[0])
            for ps in joined.values()] + alone


def _layout(array: np.ndarray, state: dict):
    """What parameters must share to be joined: dtype, state entries and their numbers (None
    for a parameter updated alone: a large one, a view into other memory, or one with state
    of another shape)."""
    if array.size >= FLAT_BELOW or array.base is not None:
        return None
    arrays, numbers = [], []
    for name, value in state.items():
        if isinstance(value, np.ndarray) and value.shape == array.shape and \
                value.dtype == array.dtype:
            arrays.append(name)
        elif isinstance(value, Number):
            numbers.append((name, value))
        else:
            return None
    return array.dtype, tuple(arrays), tuple(numbers)


class SingleParameter:
    """One parameter, updated on its own arrays and its own state dict."""

    def __init__(self, param: Tensor) -> None:
        self.params = (param,)

    def is_current(self, states: dict) -> bool:
        return True

    def gather(self, states: dict) -> tuple:
        """(values, gradient, state) for the update, in place."""
        param = self.params[0]
        return param.numpy(force=True), param.grad.numpy(force=True), states[param]

    def scatter(self, states: dict) -> None:
        """Nothing to do: the update ran on the parameter's own arrays."""


class FlatBatch:
    """Small parameters updated as one flat array; their state entries are views of it."""

    def __init__(self, params: list[Tensor], states: dict) -> None:
        self.params = tuple(params)
        arrays = [p.numpy(force=True) for p in params]
        ends = np.cumsum([a.size for a in arrays]).tolist()
        self._places = [(slice(end - a.size, end), a.shape) for a, end in zip(arrays, ends)]
        self.param = np.empty(ends[-1], arrays[0].dtype)
        self.grad = np.empty_like(self.param)
        self._param_views = [self.param[where].reshape(shape) for where, shape in self._places]
        self._targets = arrays  # the parameters' arrays, fetched again by every gather
        self._states = [states[p] for p in params]
        self.state = {name: value for name, value in self._states[0].items()
                      if not isinstance(value, np.ndarray)}
        self._flat, self._views = {}, [{} for _ in params]
        for name, value in self._states[0].items():
            if isinstance(value, np.ndarray):
                self._share(name, np.concatenate([state[name] for state in self._states],
                                                 axis=None))

    def _share(self, name: str, flat: np.ndarray) -> None:
        """Make `flat` the batch's state `name`; each parameter's entry a view of its slice."""
        self.state[name] = self._flat[name] = flat
        for state, views, (where, shape) in zip(self._states, self._views, self._places):
            views[name] = state[name] = flat[where].reshape(shape)

    def is_current(self, states: dict) -> bool:
        """True while every parameter's state holds the batch's views and numbers and nothing
        else (a loaded or edited state makes new batches)."""
        held = list(map(states.get, self.params))
        numbers = [(name, value) for name, value in self.state.items() if name not in self._flat]
        for state, views in zip(held, self._views):
            if state is None or len(state) != len(self.state):
                return False
            for name, view in views.items():
                if state.get(name) is not view:
                    return False
            for name, value in numbers:
                number = state.get(name)
                if number is not value and (number.__class__ is not value.__class__ or
                                            number != value):
                    return False
        self._states = held
        return True

    def gather(self, states: dict) -> tuple:
        """(values, gradients, state), flat, for the update."""
        self._targets = [p.numpy(force=True) for p in self.params]
        np.concatenate(self._targets, axis=None, out=self.param)
        np.concatenate([p.grad.numpy(force=True) for p in self.params], axis=None,
                       out=self.grad)
        return self.param, self.grad, self.state

    def scatter(self, states: dict) -> None:
        """Copy the new values into the parameters; share the state the update changed."""
        for target, view in zip(self._targets, self._param_views):
            target[...] = view
        for name, value in self.state.items():
            if not isinstance(value, np.ndarray):
                for state in self._states:
                    state[name] = value
            elif value is not self._flat.get(name):  # made (a lazy buffer) or replaced
                self._share(name, value)

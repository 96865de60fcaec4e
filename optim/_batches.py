"""How a step visits a group's parameters: one at a time, or many small ones as one flat array.

`optimizer.state[p]` holds what PyTorch's holds: Tensors (``exp_avg``, ``momentum_buffer``)
and the step count as a 0-d float Tensor (``tensor(3.)``). The update functions compute on
NumPy arrays and Python numbers. A batch gives the update its parameters' state in that
form (the arrays the state's Tensors wrap, so the update writes into them in place, and the
numbers those 0-d Tensors hold) and writes the new numbers back into the 0-d Tensors after it.

An elementwise update (SGD, Adam, RMSprop, ...) applies the same formula to every element, so
running it once on the concatenation of several parameters computes exactly what running it on
each of them does, in a dozen NumPy calls instead of a dozen per parameter: on a small network
that is most of a step's time. A `FlatBatch` joins the small parameters that share a dtype and a
state layout (the same entries, the same step count). It copies their values and gradients
into flat arrays before the update and the new values back after it, and it keeps their state
flat: each parameter's state Tensors are views of its slice of the flat arrays (its step a view
of its element of a flat array of step counts), so `optimizer.state[p]` reads and writes the
numbers the update computes. Large parameters (where the copies cost more than the calls they
save) and updates that are not elementwise (LAMB's per-parameter norms) go one at a time, as a
`SingleParameter`.
"""
from __future__ import annotations

from collections.abc import Collection

import numpy as np

from autograd import Tensor, from_numpy, tensor
from optim._state_checks import scalar_type

__all__ = ["FLAT_BELOW", "FlatBatch", "SingleParameter", "live_state", "make_batches"]

FLAT_BELOW = 8192
"""Parameters with fewer elements than this are joined into flat batches."""


def live_state(work: dict, tensor_numbers: Collection[str]) -> dict:
    """State as the update computes on it (arrays, numbers) as `optimizer.state` holds it:
    each array a Tensor sharing its memory, each number named in `tensor_numbers` a 0-d
    Tensor of PyTorch's scalar dtype (float32, or float64 if that is the default dtype)."""
    return {name: _live(name, value, tensor_numbers) for name, value in work.items()}


def _live(name: str, value, tensor_numbers: Collection[str]):
    if isinstance(value, np.ndarray):
        return from_numpy(value)
    if name in tensor_numbers:
        return tensor(value, dtype=scalar_type())
    return value


def _work(name: str, value, tensor_numbers: Collection[str]):
    """One live state entry as the update computes on it (see `live_state`)."""
    if isinstance(value, Tensor):
        return value.item() if name in tensor_numbers else value.numpy(force=True)
    return value


def make_batches(params: list[Tensor], states: dict, elementwise: bool,
                 tensor_numbers: Collection[str]) -> list:
    """The batches that update `params` (each with its state initialised in `states`)."""
    alone, joined, arrays = [], {}, set()
    for p in params:
        array = p.numpy(force=True)
        shared = id(array) in arrays  # two parameters on one array: one after the other
        arrays.add(id(array))
        layout = None
        if elementwise and not shared:
            layout = _layout(array, states[p], tensor_numbers)
        if layout is None:
            alone.append(SingleParameter(p, tensor_numbers))
        else:
            joined.setdefault(layout, []).append(p)
    return [FlatBatch(ps, states, tensor_numbers) if len(ps) > 1
            else SingleParameter(ps[0], tensor_numbers) for ps in joined.values()] + alone


def _layout(array: np.ndarray, state: dict, tensor_numbers: Collection[str]):
    """What parameters must share to be joined: dtype, state entries and their numbers (None
    for a parameter updated alone: a large one, a view into other memory, or one whose state
    holds something else than Tensors shaped like it and its numbers)."""
    if array.size >= FLAT_BELOW or array.base is not None:
        return None
    arrays, numbers = [], []
    for name, value in state.items():
        if not isinstance(value, Tensor):
            return None
        data = value.numpy(force=True)
        if name in tensor_numbers and data.ndim == 0:
            numbers.append((name, data.dtype, data.item()))
        elif data.shape == array.shape and data.dtype == array.dtype:
            arrays.append(name)
        else:
            return None
    return array.dtype, tuple(arrays), tuple(numbers)


class SingleParameter:
    """One parameter, updated on its own arrays and the arrays of its state's Tensors."""

    def __init__(self, param: Tensor, tensor_numbers: Collection[str]) -> None:
        self.params = (param,)
        self._tensor_numbers = tensor_numbers
        self.state: dict = {}

    def is_current(self, states: dict) -> bool:
        return True

    def gather(self, states: dict) -> tuple:
        """(values, gradient, state) for the update, in place."""
        param = self.params[0]
        self.state = {name: _work(name, value, self._tensor_numbers)
                      for name, value in states[param].items()}
        return param.numpy(force=True), param.grad.numpy(force=True), self.state

    def scatter(self, states: dict) -> None:
        """Write the new numbers into the state's 0-d Tensors; wrap arrays the update made."""
        state = states[self.params[0]]
        for name, value in self.state.items():
            held = state.get(name)
            if isinstance(held, Tensor) and name in self._tensor_numbers:
                held.numpy(force=True)[...] = value
            elif not (isinstance(held, Tensor) and held.numpy(force=True) is value):
                state[name] = _live(name, value, self._tensor_numbers)


class FlatBatch:
    """Small parameters updated as one flat array; their state Tensors are views of it."""

    def __init__(self, params: list[Tensor], states: dict,
                 tensor_numbers: Collection[str]) -> None:
        self.params = tuple(params)
        arrays = [p.numpy(force=True) for p in params]
        ends = np.cumsum([a.size for a in arrays]).tolist()
        self._places = [(slice(end - a.size, end), a.shape) for a, end in zip(arrays, ends)]
        self.param = np.empty(ends[-1], arrays[0].dtype)
        self.grad = np.empty_like(self.param)
        self._param_views = [self.param[where].reshape(shape) for where, shape in self._places]
        self._targets = arrays  # the parameters' arrays, fetched again by every gather
        self._states = [states[p] for p in params]
        self.state, self._flat, self._views = {}, {}, [{} for _ in params]
        self._number_names = [name for name in self._states[0] if name in tensor_numbers]
        self._written = {}  # name -> the numbers last written into its flat array, as a list
        for name, value in self._states[0].items():
            if name in self._number_names:  # one per parameter, all equal (see _layout)
                self.state[name] = value.item()
                self._share(name, np.full(len(params), value.item(), value.numpy(force=True).dtype),
                            [(slice(i, i + 1), ()) for i in range(len(params))])
                self._written[name] = self._flat[name].tolist()
            else:
                self.state[name] = np.concatenate(
                    [state[name].numpy(force=True) for state in self._states], axis=None)
                self._share(name, self.state[name], self._places)

    def _share(self, name: str, flat: np.ndarray, places: list) -> None:
        """Make each parameter's state `name` a Tensor viewing its place in `flat`."""
        self._flat[name] = flat
        for state, views, (where, shape) in zip(self._states, self._views, places):
            views[name] = state[name] = from_numpy(flat[where].reshape(shape))

    def is_current(self, states: dict) -> bool:
        """True while every parameter's state holds the batch's Tensors and nothing else, and
        its step counts are the batch's (a loaded or edited state makes new batches)."""
        held = list(map(states.get, self.params))
        for state, views in zip(held, self._views):
            if state is None or len(state) != len(self.state):
                return False
            for name, view in views.items():
                if state.get(name) is not view:
                    return False
        for name in self._number_names:
            if self._flat[name].tolist() != self._written[name]:  # a count set in place
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
        """Copy the new values into the parameters and the new numbers into their states'
        0-d Tensors; share any array the update made (a lazy buffer) or replaced."""
        for target, view in zip(self._targets, self._param_views):
            target[...] = view
        for name, value in self.state.items():
            if name in self._number_names:
                flat = self._flat[name]
                flat[...] = value
                self._written[name] = flat.tolist()
            elif value is not self._flat.get(name):
                self._share(name, value, self._places)

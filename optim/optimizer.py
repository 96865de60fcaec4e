"""`Optimizer`: parameter groups, lazily created per-parameter state, and state dicts."""
from __future__ import annotations

import copy
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from autograd import Tensor, enable_grad, no_grad
from optim._batches import live_state, make_batches
from optim._checks import (check_betas, check_callable, check_hyper_parameter,
                           check_implementation_flags)
from optim._state_checks import (check_state_keys, exported_state, loaded_array, loaded_number,
                                  loaded_step, parameter_index, plain_value, split_state_dict)

__all__ = ["Optimizer", "required"]


class _RequiredParameter:
    """Marks a hyper-parameter that has no default and must be given per group."""

    def __repr__(self) -> str:
        return "<required parameter>"


required = _RequiredParameter()


def _lerp_(start: np.ndarray, end: np.ndarray, weight: float) -> np.ndarray:
    """In place `start += weight * (end - start)`, with PyTorch's two-sided formula for accuracy."""
    if weight < 0.5:
        start += weight * (end - start)
    else:
        start[...] = end - (end - start) * (1.0 - weight)
    return start


def _bump_version(param: Tensor) -> None:
    """Record an in-place change of `param`, so graphs that saved it refuse to backward.

    The one place optim touches the engine's private version counter (PyTorch's in-place
    ops bump it; ours write into the array directly).
    """
    param._version += 1


def _typename(value) -> str:
    """`autograd.Tensor`, `numpy.ndarray`, `float`: the type as PyTorch's messages name it."""
    if isinstance(value, Tensor):
        return "autograd.Tensor"
    kind = type(value)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"


def _records_step(step: Callable) -> Callable:
    """Wrap a ``step`` so that schedulers can tell it was called (PyTorch's order check)."""
    @functools.wraps(step)
    def recorded_step(self, *args, **kwargs):
        self._step_called = True
        return step(self, *args, **kwargs)
    recorded_step.records_step = True
    return recorded_step


class Optimizer:
    """Base class of all optimizers, with PyTorch's semantics.

    Args:
        params: an iterable of Tensors (or of ``(name, tensor)`` pairs, as
            ``named_parameters()`` yields: the names are kept in ``param_names``), or of dicts
            (parameter groups) each holding a ``"params"`` entry and any hyper-parameters
            that override ``defaults``.
        defaults: default hyper-parameters of every group.

    Attributes:
        param_groups: list of dicts, one per group: ``{"params": [...], "lr": ..., ...}``.
        state: per-parameter state, keyed by the parameter tensor and created lazily on the
            first ``step()`` that sees its gradient. It holds what PyTorch's holds: Tensors
            (moment estimates) and the step count as a 0-d float Tensor (``tensor(3.)``).

    Subclasses write the maths as a small pure function on NumPy arrays (updating the
    parameter and the state arrays in place) and implement ``_init_state`` (the initial
    state of one parameter, as arrays and numbers: ``state`` wraps them in Tensors) and
    ``_update`` (call the pure function with the group's hyper-parameters). ``_check_group``
    validates hyper-parameters, naming the argument. An elementwise update (``_elementwise``)
    may get several small parameters joined into one flat array (optim/_batches.py).
    """

    #: state entries a subclass adds after ``_init_state`` (Tensors shaped like the parameter)
    _lazy_state: tuple[str, ...] = ()
    #: numbers that PyTorch's state holds as 0-d float tensors (``tensor(1500.)``)
    _tensor_numbers: tuple[str, ...] = ("step",)
    #: the update treats every element alike, so small parameters can be updated as one array
    _elementwise: bool = False

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        step = cls.__dict__.get("step")
        if step is not None and not getattr(step, "records_step", False):
            cls.step = _records_step(step)

    def __init__(self, params: Iterable[Tensor] | Iterable[dict], defaults: dict[str, Any]) -> None:
        if isinstance(params, Tensor) or not isinstance(params, Iterable):
            raise TypeError("params argument given to the optimizer should be an iterable of "
                            f"Tensors or dicts, but got {_typename(params)}"
                            + ("; wrap it in a list: [tensor]" if isinstance(params, Tensor)
                               else ""))
        if isinstance(params, dict):
            raise TypeError("params argument given to the optimizer should be an iterable of "
                            "Tensors or dicts, but got a single dict; wrap it in a list: [dict]")
        self.defaults: dict[str, Any] = dict(defaults)
        self.state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        self.param_groups: list[dict[str, Any]] = []
        self._step_called = False
        self._kept_batches: dict[int, tuple] = {}
        groups = list(params)
        if len(groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    # --- groups ---------------------------------------------------------------------------
    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group of parameters (and its own hyper-parameters) to ``param_groups``.

        Missing hyper-parameters are taken from ``defaults``. A parameter may appear only
        once in the whole optimizer.
        """
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group).__name__}")
        if "params" not in param_group:
            raise KeyError("param_group must have a 'params' entry (the Tensors to optimize)")
        group = dict(param_group)
        group["params"] = self._group_params(group)
        for name, default in self.defaults.items():
            if default is required and name not in group:
                raise ValueError(f"parameter group didn't specify a value of required "
                                 f"optimization parameter {name}")
            group.setdefault(name, default)
        self._check_group(group)
        if "betas" in group:
            group["betas"] = tuple(group["betas"])  # a list (say from a config file) works too
        self.param_groups.append(group)

    def _group_params(self, group: dict[str, Any]) -> list[Tensor]:
        """The group's parameters as a checked list; ``param_names`` set if they came named."""
        params = group["params"]
        if isinstance(params, Tensor):
            return [params]
        if isinstance(params, (set, frozenset)):
            raise TypeError("optimizer parameters need to be organized in ordered collections, "
                            "but the ordering of tensors in sets will change between runs. "
                            "Please use a list instead.")
        if not isinstance(params, Iterable):
            raise TypeError(f"param_group['params'] must be a Tensor or an iterable of Tensors, "
                            f"got {_typename(params)}")
        params = list(params)
        named = [isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], str) for p in params]
        if any(named):
            if not all(named):
                raise ValueError("all optimizer params should be with/without names. Some param "
                                 "names are missing")
            group["param_names"] = [name for name, _ in params]  # from named_parameters()
            params = [param for _, param in params]
        for other in self.param_groups:
            if ("param_names" in group) != ("param_names" in other):
                raise ValueError("all optimizer param groups should be with/without names. cannot "
                                 "add param group " + ("with" if "param_names" in group else
                                                       "without") + " names to the optimizer")
        for index, param in enumerate(params):
            if not isinstance(param, Tensor):
                raise TypeError(f"optimizer can only optimize Tensors, but one of the params is "
                                f"{_typename(param)} (params[{index}])")
            if not param.is_leaf:
                raise ValueError(f"can't optimize a non-leaf Tensor (params[{index}] was made "
                                 f"by {getattr(param.grad_fn, 'name', param.grad_fn)})")
        first_index: dict[int, int] = {}
        for index, param in enumerate(params):
            if id(param) in first_index:
                raise ValueError(f"optimizer contains a parameter group with duplicate "
                                 f"parameters: params[{first_index[id(param)]}] and "
                                 f"params[{index}] are the same Tensor, which would be updated "
                                 f"twice per step")
            first_index[id(param)] = index
        existing = {id(p) for g in self.param_groups for p in g["params"]}
        if existing.intersection(first_index):
            raise ValueError("some parameters appear in more than one parameter group")
        return params

    def _check_group(self, group: dict[str, Any]) -> None:
        """Validate a group's hyper-parameters; raise an error naming the bad argument."""
        for name in ("lr", "eps", "weight_decay", "momentum", "dampening", "lr_decay",
                     "momentum_decay", "initial_accumulator_value"):
            if name in group:
                check_hyper_parameter(name, group[name])
        if "betas" in group:
            check_betas(group["betas"])
        check_implementation_flags(group)

    # --- the step -------------------------------------------------------------------------
    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients of all parameters: to None (default) or to zeros in place."""
        for group in self.param_groups:
            for p in group["params"]:
                grad = p.grad
                if grad is None:
                    continue
                if set_to_none:
                    p.grad = None
                elif grad.grad_fn is not None:  # made by a create_graph backward: keep its graph
                    p.grad = Tensor(np.zeros_like(grad.numpy(force=True)))
                else:
                    grad.requires_grad_(False)
                    with no_grad():
                        grad.zero_()

    @_records_step
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient; return the closure's loss, if given.

        Args:
            closure: optional callable that re-evaluates the model (zero grads, forward,
                backward) and returns the loss; it runs with gradients enabled.
        """
        loss = None
        if closure is not None:
            check_callable("closure", closure)
            with enable_grad():
                loss = closure()
        for group in self.param_groups:
            for batch in self._batches(group):
                param, grad, state = batch.gather(self.state)
                if not state:  # a parameter whose state was cleared since the last step
                    state.update(self._init_state(param, group))
                self._update(param, grad, state, group)
                batch.scatter(self.state)
                for p in batch.params:
                    _bump_version(p)
        return loss

    def _batches(self, group: dict[str, Any]) -> list:
        """The batches that update the group's parameters that have a gradient; kept while
        the same parameters have gradients and their state is untouched."""
        params = [p for p in group["params"] if p.grad is not None]
        ids = list(map(id, params))
        kept = self._kept_batches.get(id(group))
        if kept is not None and kept[0] is group and kept[1] == ids and \
                all(batch.is_current(self.state) for batch in kept[2]):
            return kept[2]
        for p in params:
            state = self.state[p]
            if len(state) == 0:
                state.update(self._initial_state(p, group))
        batches = make_batches(params, self.state, self._elementwise, self._tensor_numbers)
        self._kept_batches[id(group)] = (group, ids, batches)
        return batches

    def _init_state(self, param: np.ndarray, group: dict[str, Any]) -> dict[str, Any]:
        """The state of one parameter before its first update, as arrays and numbers."""
        raise NotImplementedError

    def _initial_state(self, param: Tensor, group: dict[str, Any]) -> dict[str, Any]:
        """``_init_state`` as ``state`` holds it: Tensors, 0-d Tensors for the numbers."""
        return live_state(self._init_state(param.numpy(force=True), group), self._tensor_numbers)

    def _update(self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any],
                group: dict[str, Any]) -> None:
        """Apply one update to `param` (in place) from `grad`, `state` and the group."""
        raise NotImplementedError

    # --- state dicts ----------------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        """The optimizer's state in PyTorch's layout, as copies.

        Returns:
            ``{"state": {index: {name: Tensor or number}}, "param_groups": [{..., "params":
            [indices]}]}``; parameters are numbered in group order, starting at 0. The
            state's Tensors are copied (PyTorch's are the live ones: here a later step
            never changes a saved state dict).
        """
        index_of: dict[int, int] = {}
        groups = []
        for group in self.param_groups:
            packed = {k: copy.deepcopy(v) for k, v in group.items() if k != "params"}
            for p in group["params"]:
                index_of.setdefault(id(p), len(index_of))
            packed["params"] = [index_of[id(p)] for p in group["params"]]
            groups.append(packed)
        state = {}
        for p, entry in self.state.items():
            if isinstance(p, Tensor) and entry:
                state[index_of[id(p)]] = exported_state(entry, self._tensor_numbers)
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Load a state made by ``state_dict()`` (possibly after a save/load round trip).

        The saved groups are matched to this optimizer's groups in order; each must hold
        as many parameters. Everything is checked before anything is replaced: a group
        lacking a hyper-parameter, a state entry that is None, missing, unknown, of the
        wrong shape or NaN is refused with an error naming it. Tensors are copied (never
        shared with `state_dict`) and cast to their parameter's dtype.
        """
        saved_groups, saved_state = split_state_dict(state_dict)
        if len(saved_groups) != len(self.param_groups):
            raise ValueError(f"loaded state dict has a different number of parameter groups "
                             f"({len(saved_groups)}; this optimizer has "
                             f"{len(self.param_groups)})")
        new_groups = []
        owner: dict[int, tuple[Tensor, dict[str, Any]]] = {}  # saved index -> (param, group)
        for index, (group, saved) in enumerate(zip(self.param_groups, saved_groups)):
            new_group = self._loaded_group(index, group, saved)
            saved_ids = [parameter_index(i) for i in np.asarray(saved["params"]).reshape(-1)]
            if len(saved_ids) != len(group["params"]):
                raise ValueError(f"loaded state dict contains a parameter group that doesn't "
                                 f"match the size of optimizer's group (param_groups[{index}] "
                                 f"holds {len(saved_ids)} parameters, this optimizer's holds "
                                 f"{len(group['params'])})")
            owner.update((i, (p, new_group)) for i, p in zip(saved_ids, group["params"]))
            new_groups.append(new_group)

        state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        for key, entry in saved_state.items():
            index = parameter_index(key)
            if index not in owner:
                raise ValueError(f"loaded state dict has state for parameter {index}, which "
                                 f"no parameter group lists")
            param, group = owner[index]
            where = f"state of parameter {index}"
            if not isinstance(entry, dict):
                raise TypeError(f"{where} must be a dict, got {type(entry).__name__}")
            state[param] = self._loaded_state(where, param.numpy(force=True), entry, group)
        self.state = state
        self.param_groups = new_groups
        self._kept_batches.clear()

    def _loaded_group(self, index: int, group: dict[str, Any], saved) -> dict[str, Any]:
        """A saved group's hyper-parameters, checked as at construction, with our params."""
        where = f"loaded param_groups[{index}]"
        if not isinstance(saved, dict):
            raise TypeError(f"{where} must be a dict, got {type(saved).__name__}")
        for name in ["params", *self.defaults]:
            if name not in saved:
                raise ValueError(f"{where} lacks {name!r}")
        new_group = {name: plain_value(copy.deepcopy(value), group.get(name))
                     for name, value in saved.items() if name != "params"}
        try:
            self._check_group(new_group)
        except (TypeError, ValueError) as error:
            raise type(error)(f"{where}: {error}") from None
        new_group["params"] = group["params"]
        return new_group

    def _loaded_state(self, where: str, param: np.ndarray, entry: dict[str, Any],
                      group: dict[str, Any]) -> dict[str, Any]:
        """A checked copy of one parameter's saved state, laid out as ``_initial_state``'s."""
        layout = self._init_state(np.zeros_like(param), group)
        check_state_keys(where, entry, required=layout, allowed=self._lazy_state,
                         owner=type(self).__name__)
        loaded = {}
        for name, value in entry.items():
            if isinstance(layout.get(name), np.ndarray) or name in self._lazy_state:
                loaded[name] = loaded_array(where, name, value, param.shape, param.dtype)
            elif name == "step":
                loaded[name] = loaded_step(where, value)
            else:
                loaded[name] = loaded_number(where, name, value)
        return live_state(loaded, self._tensor_numbers)

    def __getstate__(self) -> dict[str, Any]:
        """For copy and pickle: without the batches, whose flat state a copy would not share
        with the copied parameters' state (the copy makes its own on its first step)."""
        return {**self.__dict__, "_kept_batches": {}}

    def __repr__(self) -> str:
        lines = [self.__class__.__name__ + " ("]
        for index, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {index}")
            for key in sorted(group):
                if key != "params":
                    lines.append(f"    {key}: {group[key]}")
        lines.append(")")
        return "\n".join(lines)


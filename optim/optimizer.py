"""`Optimizer`: parameter groups, lazily created per-parameter state, and state dicts."""
from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from autograd import Tensor, enable_grad

__all__ = ["Optimizer", "required"]


class _RequiredParameter:
    """Marks a hyper-parameter that has no default and must be given per group."""

    def __repr__(self) -> str:
        return "<required parameter>"


required = _RequiredParameter()


def _check_range(name: str, value, low: float | None = 0.0, high: float | None = None,
                 high_inclusive: bool = False) -> None:
    """Raise `ValueError` naming `name` unless `low <= value` (and `value < high` or `<= high`)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number, got {value!r}") from None
    if np.isnan(number):
        raise ValueError(f"invalid {name}: {value} (must not be NaN)")
    if low is not None and number < low:
        raise ValueError(f"invalid {name}: {value} (must be >= {low})")
    if high is not None:
        if high_inclusive and number > high:
            raise ValueError(f"invalid {name}: {value} (must be <= {high})")
        if not high_inclusive and number >= high:
            raise ValueError(f"invalid {name}: {value} (must be < {high})")


def _check_betas(betas, name: str = "betas") -> None:
    """Both betas must lie in [0, 1)."""
    if not isinstance(betas, (tuple, list)) or len(betas) != 2:
        raise ValueError(f"{name} must be a pair (beta1, beta2), got {betas!r}")
    for index, beta in enumerate(betas):
        _check_range(f"{name}[{index}]", beta, 0.0, 1.0)


def _lerp_(start: np.ndarray, end: np.ndarray, weight: float) -> np.ndarray:
    """In place `start += weight * (end - start)`, with PyTorch's two-sided formula for accuracy."""
    if weight < 0.5:
        start += weight * (end - start)
    else:
        start[...] = end - (end - start) * (1.0 - weight)
    return start


def _to_python(value, like=None):
    """Undo what array-based storage does to plain values (0-d arrays, NumPy scalars, tuples)."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(like, tuple) and isinstance(value, (np.ndarray, list, tuple)):
        return tuple(_to_python(v) for v in value)
    if isinstance(value, np.ndarray) and (like is None or isinstance(like, (int, float, bool))):
        return value.tolist()
    return value


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
        state: per-parameter state (moment estimates, step counts), keyed by the parameter
            tensor and created lazily on the first ``step()`` that sees its gradient.

    Subclasses write the maths as a small pure function on NumPy arrays (updating the
    parameter and the state arrays in place) and implement ``_init_state`` (the initial
    state of one parameter) and ``_update`` (call the pure function with the group's
    hyper-parameters). ``_check_group`` validates hyper-parameters, naming the argument.
    """

    #: state entries that are Python numbers (not arrays), restored as such by load_state_dict
    _scalar_state: tuple[str, ...] = ("step",)

    def __init__(self, params: Iterable[Tensor] | Iterable[dict], defaults: dict[str, Any]) -> None:
        if isinstance(params, Tensor):
            raise TypeError("params must be an iterable of Tensors or dicts, got a Tensor; "
                            "wrap it in a list: [tensor]")
        if isinstance(params, dict):
            raise TypeError("params must be an iterable of Tensors or of dicts (param groups), "
                            "got a single dict; wrap it in a list: [dict]")
        self.defaults: dict[str, Any] = dict(defaults)
        self.state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        self.param_groups: list[dict[str, Any]] = []
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
            raise TypeError(f"param_group must be a dict, got {type(param_group).__name__}")
        if "params" not in param_group:
            raise ValueError("param_group must have a 'params' entry")
        group = dict(param_group)
        params = group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, (set, frozenset)):
            raise TypeError("optimizer parameters must be an ordered collection (a list), "
                            "not a set: the order of a set changes between runs")
        else:
            params = list(params)
        if params and all(isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], str)
                          for p in params):
            group["param_names"] = [name for name, _ in params]  # from named_parameters()
            params = [param for _, param in params]
        for index, param in enumerate(params):
            if not isinstance(param, Tensor):
                raise TypeError(f"optimizer can only optimize Tensors, but params[{index}] "
                                f"is a {type(param).__name__}")
            if not param.is_leaf:
                raise ValueError(f"can't optimize a non-leaf Tensor (params[{index}] was made "
                                 f"by {getattr(param.grad_fn, 'name', param.grad_fn)})")
        ids = [id(p) for p in params]
        if len(ids) != len(set(ids)):
            raise ValueError("a parameter appears more than once in this parameter group")
        existing = {id(p) for g in self.param_groups for p in g["params"]}
        if existing.intersection(ids):
            raise ValueError("some parameters appear in more than one parameter group")
        if len(params) == 0:
            raise ValueError("a parameter group must hold at least one parameter")
        for name, default in self.defaults.items():
            if default is required and name not in group:
                raise ValueError(f"parameter group didn't specify a value of required "
                                 f"optimization parameter {name}")
            group.setdefault(name, default)
        self._check_group(group)
        group["params"] = params
        self.param_groups.append(group)

    def _check_group(self, group: dict[str, Any]) -> None:
        """Validate a group's hyper-parameters; raise ValueError naming the bad argument."""
        if "lr" in group:
            _check_range("lr", group["lr"])
        for name in ("eps", "weight_decay", "momentum", "lr_decay", "momentum_decay",
                     "initial_accumulator_value", "dampening"):
            if name in group:
                _check_range(name, group[name])
        if "betas" in group:
            _check_betas(group["betas"])

    # --- the step -------------------------------------------------------------------------
    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients of all parameters: to None (default) or to zeros."""
        for group in self.param_groups:
            for p in group["params"]:
                grad = p.grad
                if grad is None:
                    continue
                if set_to_none:
                    p.grad = None
                elif grad.grad_fn is not None:
                    p.grad = Tensor(np.zeros_like(grad.data))
                else:
                    grad.requires_grad = False
                    grad.data[...] = 0

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient; return the closure's loss, if given.

        Args:
            closure: optional callable that re-evaluates the model (zero grads, forward,
                backward) and returns the loss; it runs with gradients enabled.
        """
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state.update(self._init_state(p.data, group))
                self._update(p.data, p.grad.data, state, group)
                p._version += 1  # an in-place change: graphs that saved p refuse to backward
        return loss

    def _init_state(self, param: np.ndarray, group: dict[str, Any]) -> dict[str, Any]:
        """The state of one parameter before its first update."""
        raise NotImplementedError

    def _update(self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any],
                group: dict[str, Any]) -> None:
        """Apply one update to `param` (in place) from `grad`, `state` and the group."""
        raise NotImplementedError

    # --- state dicts ----------------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        """The optimizer's state in PyTorch's layout, as copies.

        Returns:
            ``{"state": {index: {name: array or number}}, "param_groups": [{..., "params":
            [indices]}]}``; parameters are numbered in group order, starting at 0.
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
                state[index_of[id(p)]] = copy.deepcopy(entry)
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Load a state made by ``state_dict()`` (possibly after a save/load round trip).

        The saved groups are matched to this optimizer's groups in order; each must hold
        as many parameters. Arrays are copied and cast to their parameter's dtype.
        """
        if not isinstance(state_dict, dict) or "state" not in state_dict \
                or "param_groups" not in state_dict:
            raise ValueError("an optimizer state dict must be a dict with the keys 'state' "
                             "and 'param_groups'")
        saved_groups = list(state_dict["param_groups"])
        if len(saved_groups) != len(self.param_groups):
            raise ValueError(f"loaded state dict has {len(saved_groups)} parameter groups, "
                             f"this optimizer has {len(self.param_groups)}")
        id_map: dict[int, Tensor] = {}
        for index, (group, saved) in enumerate(zip(self.param_groups, saved_groups)):
            saved_ids = [int(i) for i in np.asarray(saved["params"]).reshape(-1)]
            if len(saved_ids) != len(group["params"]):
                raise ValueError(f"loaded state dict's parameter group {index} holds "
                                 f"{len(saved_ids)} parameters, this optimizer's holds "
                                 f"{len(group['params'])}")
            id_map.update(zip(saved_ids, group["params"]))

        state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        for key, entry in dict(state_dict["state"]).items():
            key = int(key)
            if key not in id_map:
                raise ValueError(f"loaded state dict has state for parameter {key}, which "
                                 f"no parameter group lists")
            param = id_map[key]
            state[param] = {name: self._cast_state(name, value, param.data)
                            for name, value in dict(entry).items()}

        new_groups = []
        for group, saved in zip(self.param_groups, saved_groups):
            new_group = {}
            for name, value in saved.items():
                if name == "params":
                    continue
                new_group[name] = _to_python(copy.deepcopy(value), group.get(name))
            new_group["params"] = group["params"]
            new_groups.append(new_group)
        self.state = state
        self.param_groups = new_groups

    def _cast_state(self, name: str, value, param: np.ndarray):
        """A copy of one saved state value: numbers stay numbers, arrays take param's dtype."""
        if name in self._scalar_state:
            return _to_python(value)
        if isinstance(value, (np.ndarray, Tensor)):
            array = value.data if isinstance(value, Tensor) else value
            if array.dtype.kind == "f":
                return np.array(array, dtype=param.dtype)
            return np.array(array)
        if isinstance(value, (list, tuple)):
            return type(value)(self._cast_state("", v, param) for v in value)
        return _to_python(copy.deepcopy(value))

    def __repr__(self) -> str:
        lines = [self.__class__.__name__ + " ("]
        for index, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {index}")
            for key in sorted(group):
                if key != "params":
                    lines.append(f"    {key}: {group[key]}")
        lines.append(")")
        return "\n".join(lines)

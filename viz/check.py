"""`check_grads`: compare gradients a learner wrote by hand with the engine's, name by name,
and show on the graph where the first wrong one is, with the chain-rule line that is right.

    >>> dlogits = ...                                  # your gradient of the loss w.r.t. logits
    >>> viz.check_grads(loss, {"logits": dlogits, "h": dh, "W2": dW2}, names=locals())
    name    shape     status  max abs diff  rel diff
    logits  (32, 27)  exact   0             0
    h       (32, 64)  wrong   0.0191        0.0987
    ...
"""
from __future__ import annotations

import difflib
import inspect
from dataclasses import dataclass, field

import graphviz
import numpy as np

from autograd import Tensor, grad, relative_difference
from viz.check_hints import hints_for
from viz.dot import to_digraph
from viz.graph import build_graph, format_shape
from viz.render import mimebundle
from viz.text import escape, format_array

__all__ = ["check_grads", "GradReport", "GradComparison", "STATUSES", "TOLERANCES"]

STATUSES = ("exact", "close", "wrong", "not done")
"""`exact`: equal to the last bit; `close`: within the tolerance; `not done`: given as None."""

TOLERANCES = {"float64": (1e-7, 1e-12), "float32": (1e-4, 1e-7), "float16": (1e-2, 1e-4)}
"""dtype of the engine's gradient -> (rtol, atol): a gradient is `close` when
max |yours - engine's| <= atol + rtol * max |engine's|."""

_COLOURS = {"exact": "#16a34a", "close": "#16a34a", "wrong": "#dc2626", "not done": "#d97706"}
LEGEND = "border: green = your gradient is right, red = wrong, amber = not done yet"


@dataclass
class GradComparison:
    """Your gradient of one named tensor against the engine's.

    `shape` is the tensor's, `given_shape` yours; `max_abs_diff` and `rel_diff` (the course's
    ‖yours − engine's‖ / (‖yours‖ + ‖engine's‖)) are None when the shapes differ or nothing
    was given; `hint` says what the right gradient is made of (wrong gradients only).
    """

    name: str
    status: str
    shape: tuple
    given_shape: tuple | None
    max_abs_diff: float | None
    rel_diff: float | None
    expected: np.ndarray = field(repr=False)
    given: np.ndarray | None = field(repr=False)
    note: str = ""
    hint: str = ""

    @property
    def ok(self) -> bool:
        """True for `exact` and `close`."""
        return self.status in ("exact", "close")

    def record(self) -> dict:
        """The comparison as plain JSON-ready values (no arrays)."""
        return {"name": self.name, "status": self.status, "shape": list(self.shape),
                "given_shape": None if self.given_shape is None else list(self.given_shape),
                "max_abs_diff": self.max_abs_diff, "rel_diff": self.rel_diff,
                "note": self.note, "hint": self.hint}


class GradReport:
    """What `check_grads` found: one `GradComparison` per name, in the order given.

    `report["h"].status`, `report.ok`, `report.first_wrong` (the wrong gradient closest to the
    loss whose checked downstream gradients are right: where the mistake was made) and
    `report.hint` (its chain-rule line). `print(report)` gives the table; in a notebook the
    report shows as the graph with right (green) and wrong (red) gradients marked.
    """

    def __init__(self, loss: Tensor, results: dict, first_wrong: str | None, names: dict,
                 tensors: dict) -> None:
        self.loss = loss
        self.results: dict[str, GradComparison] = results
        self.first_wrong = first_wrong
        self._names = names
        self._tensors = tensors

    def __getitem__(self, name: str) -> GradComparison:
        return self.results[name]

    def __iter__(self):
        return iter(self.results.values())

    def __len__(self) -> int:
        return len(self.results)

    @property
    def ok(self) -> bool:
        """True when every gradient given is exact or close (and none is missing)."""
        return all(result.ok for result in self.results.values())

    @property
    def hint(self) -> str:
        """The first wrong gradient's hint ('' when none is wrong)."""
        return self.results[self.first_wrong].hint if self.first_wrong else ""

    def counts(self) -> dict:
        """{status: how many}."""
        found = {status: 0 for status in STATUSES}
        for result in self.results.values():
            found[result.status] += 1
        return found

    def records(self) -> list[dict]:
        """One JSON-ready record per name (see `GradComparison.record`)."""
        return [result.record() for result in self.results.values()]

    def table(self) -> str:
        """One line per name: name, shape, status, max abs diff, relative difference."""
        header = ("name", "shape", "status", "max abs diff", "rel diff")
        rows = [header] + [(r.name, format_shape(r.shape), r.status,
                            _number(r.max_abs_diff), _number(r.rel_diff))
                           + ((r.note,) if r.note else ()) for r in self.results.values()]
        widths = [max(len(row[k]) for row in rows if k < len(row)) for k in range(len(header))]
        return "\n".join("  ".join(cell.ljust(widths[k]) if k < len(header) else cell
                                   for k, cell in enumerate(row)).rstrip() for row in rows)

    def __str__(self) -> str:
        counts = ", ".join(f"{n} {status}" for status, n in self.counts().items() if n)
        text = f"{self.table()}\n{counts}"
        if self.first_wrong:
            text += f"\n\nfirst wrong going back from the loss: {self.first_wrong}\n{self.hint}"
        return text

    def __repr__(self) -> str:
        return f"<GradReport: {', '.join(f'{n} {s}' for s, n in self.counts().items() if n)}>"

    def picture(self, show_values: bool = True, rankdir: str = "TB") -> graphviz.Digraph:
        """The loss's graph with each checked gradient marked: green border right, red wrong,
        amber not done; the first wrong one thicker, with its hint under the picture."""
        graph = build_graph(self.loss, names=self._names)
        node_attrs, rows = {}, {}
        for name, result in self.results.items():
            node_id = graph.sources.get(id(_target(self._tensors[name])))
            if node_id is None:  # left out of a very large picture
                continue
            width = "5" if name == self.first_wrong else "3"
            node_attrs[node_id] = {"color": _COLOURS[result.status], "penwidth": width}
            rows[node_id] = (f'<FONT COLOR="{_COLOURS[result.status]}">'
                             f"{escape(_mark(result))}</FONT>")
        caption = LEGEND
        if self.first_wrong:
            caption += f"\nfirst wrong going back from the loss: {self.first_wrong}\n{self.hint}"
        return to_digraph(graph, show_values=show_values, show_grads=False, legend=False,
                          rankdir=rankdir, node_attrs=node_attrs, extra_rows=rows,
                          caption=caption)

    def _repr_mimebundle_(self, include=None, exclude=None, **_) -> dict:
        bundle = mimebundle(self.picture().source, str(self))
        bundle["text/plain"] = str(self)
        return bundle


def check_grads(loss: Tensor, grads: dict, names=None, *, model=None, rtol: float | None = None,
                atol: float | None = None, quiet: bool = False) -> GradReport:
    """Compare your gradients of named tensors with the engine's, and say where the first
    wrong one is.

    The engine's gradients come from `autograd.grad(loss, tensors, retain_graph=True)`: no
    `.grad` is touched and the graph stays usable (`loss.backward()` still works after).

    Args:
        loss: a one-element Tensor made by ops (its graph not freed by a backward).
        grads: name -> your gradient (a Tensor, NumPy array or number; None for "not done
            yet"), e.g. {"logits": dlogits, "W2": dW2}. Each name is a tensor's name in
            `names` (or a parameter's dotted name in `model`).
        names: name -> Tensor, e.g. `locals()`; default: the caller's variables.
        model: a Module whose `named_parameters()` also name tensors ('fc1.weight').
        rtol, atol: the tolerance for `close` (default: `TOLERANCES` for the engine's dtype).
        quiet: do not print the table.

    Returns:
        A `GradReport`: per name the status (exact / close / wrong / not done), the largest
        absolute difference and the relative difference; the first wrong gradient going back
        from the loss gets a hint made of the stepper's chain-rule lines for it, e.g.
        `∂u/∂b = c:  b.grad += u.grad · c = 3 · 2 = 6`, and what differs in yours.

    Raises:
        TypeError / ValueError: a name that is no tensor (with the nearest names), a tensor
            that does not require grad, a gradient that is not numbers, a loss with more than
            one element, or a loss whose graph was freed.
    """
    if names is None:
        caller = inspect.currentframe().f_back
        names = {**caller.f_globals, **caller.f_locals}
    lookup = _tensor_names(names, model)
    _check_loss(loss)
    if not isinstance(grads, dict):
        raise TypeError("check_grads: grads must be a dict name -> your gradient, e.g. "
                        f"{{'logits': dlogits}}, not {type(grads).__name__}")
    tensors = {name: _find(name, lookup) for name in grads}
    expected = _engine_grads(loss, tensors)
    results = {name: _compare(name, tensors[name], expected[name], given, rtol, atol)
               for name, given in grads.items()}
    first_wrong = hints_for(loss, tensors, results, lookup)
    report = GradReport(loss, results, first_wrong, lookup, tensors)
    if not quiet:
        print(report)
    return report


def _tensor_names(names, model) -> dict:
    """name -> Tensor from `names` (a dict such as locals()) and the model's parameters."""
    if names is not None and not hasattr(names, "items"):
        raise TypeError("check_grads: names must be a dict name -> Tensor, e.g. locals(), "
                        f"not {type(names).__name__}")
    lookup = {name: value for name, value in (names or {}).items()
              if isinstance(name, str) and isinstance(value, Tensor)}
    if model is not None:
        lookup.update(model.named_parameters())
    return lookup


def _check_loss(loss) -> None:
    if not isinstance(loss, Tensor):
        raise TypeError(f"check_grads: loss must be a Tensor, not {type(loss).__name__}")
    if loss.grad_fn is None:
        raise ValueError("check_grads: loss was not made by ops that need gradients (its "
                         "grad_fn is None); make the leaves with requires_grad=True")
    if loss.numel() != 1:
        raise ValueError(f"check_grads: loss must have one element, not shape "
                         f"{tuple(loss.shape)} (reduce it, e.g. with .mean())")
    if loss.grad_fn.is_freed:
        raise RuntimeError("check_grads: the graph of this loss was freed by a backward(); "
                           "check before calling loss.backward(), or call "
                           "loss.backward(retain_graph=True)")


def _find(name, lookup: dict) -> Tensor:
    if not isinstance(name, str):
        raise TypeError(f"check_grads: the keys of grads are tensor names (str), not "
                        f"{type(name).__name__} {name!r}")
    if name not in lookup:
        close = difflib.get_close_matches(name, list(lookup), n=3)
        if name.startswith("d") and name[1:] in lookup:
            close = [name[1:]]
        nearest = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise ValueError(f"check_grads: no tensor named {name!r} in names= (a key names the "
                         f"tensor, the value is your gradient of it){nearest}")
    tensor = lookup[name]
    if not tensor.requires_grad:
        raise ValueError(f"check_grads: {name} does not require grad, so it has no gradient "
                         "to check")
    return tensor


def _engine_grads(loss: Tensor, tensors: dict) -> dict:
    """name -> the engine's gradient as a float64 array (zeros where loss does not use it)."""
    unique = list({id(t): t for t in tensors.values()}.values())
    found = grad(loss, unique, retain_graph=True, allow_unused=True) if unique else ()
    by_id = {id(t): g for t, g in zip(unique, found)}
    expected = {}
    for name, tensor in tensors.items():
        g = by_id[id(tensor)]
        expected[name] = (np.zeros(tuple(tensor.shape)) if g is None
                          else np.asarray(g.numpy(force=True), dtype=np.float64))
    return expected


def _compare(name: str, tensor: Tensor, expected: np.ndarray, given, rtol, atol) -> GradComparison:
    shape = tuple(tensor.shape)
    if given is None:
        return GradComparison(name, "not done", shape, None, None, None, expected, None)
    array = _as_array(name, given)
    if array.shape != shape:
        note = f"your gradient has shape {format_shape(array.shape)}, {name} {format_shape(shape)}"
        return GradComparison(name, "wrong", shape, array.shape, None, None, expected, array, note)
    dtype = np.dtype(tensor.dtype).name
    default_rtol, default_atol = TOLERANCES.get(dtype, TOLERANCES["float32"])
    rtol = default_rtol if rtol is None else rtol
    atol = default_atol if atol is None else atol
    diff = np.abs(array - expected)
    max_diff = float(np.max(diff)) if diff.size else 0.0
    rel = relative_difference(array, expected)
    scale = float(np.max(np.abs(expected))) if expected.size else 0.0
    if not np.all(np.isfinite(array)):
        status = "wrong"
    elif np.array_equal(array, expected):
        status = "exact"
    else:
        status = "close" if max_diff <= atol + rtol * scale else "wrong"
    return GradComparison(name, status, shape, array.shape, max_diff, rel, expected, array)


def _as_array(name: str, given) -> np.ndarray:
    if isinstance(given, Tensor):
        given = given.numpy(force=True)
    try:
        array = np.asarray(given, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"check_grads: your gradient for {name!r} must be numbers (a Tensor, "
                        f"an array or a number), not {type(given).__name__}") from None
    return array


def _target(tensor: Tensor):
    """What the graph records for a tensor: its node, or the leaf itself."""
    return tensor if tensor.grad_fn is None else tensor.grad_fn


def _mark(result: GradComparison) -> str:
    """The line added to a checked node: status and, when few, your numbers."""
    if result.status == "not done":
        return "… not done"
    if result.ok:
        return "✓ " + result.status + ("" if result.status == "exact"
                                       else f" (diff {result.max_abs_diff:.1g})")
    if result.given_shape is not None and tuple(result.given_shape) != tuple(result.shape):
        return f"✗ shape {format_shape(result.given_shape)}"
    if result.given.size <= 6:
        return f"✗ yours {format_array(result.given)}"
    return f"✗ wrong (max diff {result.max_abs_diff:.2g})"


def _number(x) -> str:
    return "-" if x is None else ("0" if x == 0 else f"{x:.3g}")

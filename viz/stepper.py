"""`BackpropStepper`: walk through backward one node at a time, with the chain rule in numbers."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import graphviz
import numpy as np

from autograd import Tensor, no_grad, relative_difference
from viz.dot import escape, format_array, scrolling_html, to_digraph
from viz.graph import (
    BackwardEvent, Graph, build_graph, format_shape, record_backward, reduction_label, with_grads,
)

__all__ = ["BackpropStepper", "Frame", "GradCheck"]

HIGHLIGHT = "#dc2626"
_LETTERS = "abcdefgh"


@dataclass
class GradCheck:
    """Numeric against analytic gradient of one leaf: `rel_diff` = ‖a − n‖ / (‖a‖ + ‖n‖)."""

    name: str
    analytic: np.ndarray
    numeric: np.ndarray
    rel_diff: float

    @property
    def ok(self) -> bool:
        return self.rel_diff < 1e-3

    def __str__(self) -> str:
        verdict = "ok" if self.ok else "MISMATCH"
        return (f"check {self.name}: analytic {format_array(self.analytic)}, numeric "
                f"{format_array(self.numeric)}, rel diff {self.rel_diff:.1e} {verdict}")


@dataclass
class Frame:
    """The picture after `index` backward steps (0: before the first step).

    `lines` are the chain-rule lines of the step just taken; `grads` maps node id to the
    gradient known so far; `partial` holds ids whose gradient is still being summed.
    """

    index: int
    total: int
    graph: Graph = field(repr=False)
    current: str | None
    lines: list[str]
    grads: dict = field(repr=False)
    partial: set = field(repr=False)
    sent_edges: dict = field(repr=False)
    rankdir: str = "TB"

    @property
    def title(self) -> str:
        if self.current is None:
            return f"step 0/{self.total}: before backward, d(output)/d(output) = 1"
        node = self.graph.node(self.current)
        return f"step {self.index}/{self.total}: backward of {node.label}" + (
            f" ({node.op})" if node.op and node.op != node.label else "")

    @property
    def caption(self) -> str:
        return "\n".join([self.title, *self.lines])

    @property
    def digraph(self) -> graphviz.Digraph:
        """This frame drawn: current node outlined in red, edges it just sent gradients along."""
        node_attrs = {node_id: {"color": HIGHLIGHT, "penwidth": "3"} for node_id in [self.current] if node_id}
        extra = {node_id: '<FONT COLOR="#b91c1c"><I>(partial sum)</I></FONT>' for node_id in self.partial}
        edge_attrs = {}
        for key, g in self.sent_edges.items():
            attrs = {"color": HIGHLIGHT, "penwidth": "2", "fontcolor": HIGHLIGHT}
            attrs["xlabel"] = "<" + escape("grad " + format_array(g)) + ">"
            edge_attrs[key] = attrs
        return to_digraph(with_grads(self.graph, self.grads), show_values=True, show_grads=True,
                          legend=False, rankdir=self.rankdir, node_attrs=node_attrs,
                          edge_attrs=edge_attrs, extra_rows=extra, caption=self.caption)

    def svg(self) -> str:
        """The frame as SVG text."""
        return self.digraph.pipe(format="svg").decode("utf-8")

    def _repr_html_(self) -> str:
        return scrolling_html(self.svg())


class BackpropStepper:
    """Step through backward of `loss` one node at a time, in the engine's own order.

    Construction replays backward once (`retain_graph=True`) and records every step; frame k
    is drawn from the first k steps. `.grad` of every tensor is left exactly as it was:
    neither building the stepper nor stepping changes it, and the graph is kept, so
    `loss.backward()` still works afterwards. (Tensor hooks do run during the replay.)

    Args:
        loss: the output to differentiate (a scalar, or pass `gradient`).
        names: name -> Tensor mapping such as `locals()`, for readable chain-rule lines.
        model: names parameters from `model.named_parameters()`.
        gradient: d(final)/d(loss) for a non-scalar loss.
        check: optional zero-argument function recomputing the loss from the same leaves
            (e.g. `lambda: 3 * (a + b * c)`); each leaf's analytic gradient is then checked
            against central differences (step `eps`, leaves in float64 meanwhile) in the
            frame where its gradient is complete.
        eps: step for the numeric check.

    Example:
        >>> stepper = viz.BackpropStepper(J, names=locals())
        >>> len(stepper)                 # nodes backward visits
        3
        >>> stepper.step().lines[0]
        'v.grad += J.grad · ∂J/∂v = 1.0 · 3.0 = 3.0   (∂J/∂v = const)'
        >>> stepper                      # in Jupyter: a player with slider and buttons
    """

    def __init__(self, loss: Tensor, names=None, model=None, gradient=None, check=None,
                 eps: float = 1e-6, rankdir: str = "TB") -> None:
        if loss.grad_fn is None:
            raise ValueError("BackpropStepper needs a result of ops (its grad_fn is None)")
        if loss.grad_fn.is_freed:
            raise RuntimeError(
                "the graph of this loss was freed by an earlier backward(); build the stepper "
                "before calling backward(), or call backward(retain_graph=True)")
        self.graph = build_graph(loss, model=model, names=names, max_nodes=None)
        self.events: list[BackwardEvent] = record_backward(loss, gradient)
        self.rankdir = rankdir
        seed = np.ones(loss.shape, dtype=loss.dtype) if gradient is None else np.asarray(
            gradient.data if isinstance(gradient, Tensor) else gradient)
        self._seed = (self.graph.sources[id(loss.grad_fn)], seed)
        self._names = self._expression_names()
        self.checks: dict[str, GradCheck] = self._grad_checks(check, eps) if check else {}
        self.position = 0
        self._frames: dict[int, Frame] = {}

    # --- navigation -----------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.events)

    def step(self) -> Frame:
        """Take the next backward step (stays on the last one at the end) and return its frame."""
        self.position = min(self.position + 1, len(self.events))
        return self.frame(self.position)

    def back(self) -> Frame:
        """Undo one step and return the frame."""
        self.position = max(self.position - 1, 0)
        return self.frame(self.position)

    def reset(self) -> Frame:
        """Go back to before the first step."""
        self.position = 0
        return self.frame(0)

    def __iter__(self):
        """Frames 1..len(self), from the start (does not move `position`)."""
        return (self.frame(k) for k in range(1, len(self.events) + 1))

    @property
    def current(self) -> Frame:
        return self.frame(self.position)

    # --- frames ---------------------------------------------------------------------------
    def frame(self, k: int) -> Frame:
        """The picture after k steps (0 <= k <= len(self))."""
        if not 0 <= k <= len(self.events):
            raise IndexError(f"frame {k} out of range 0..{len(self.events)}")
        if k not in self._frames:
            self._frames[k] = self._build_frame(k)
        return self._frames[k]

    def _build_frame(self, k: int) -> Frame:
        sources = self.graph.sources
        root_id, seed = self._seed
        grads = {root_id: seed}
        partial = set()
        remaining = {}
        for event in self.events:
            for edge, g in zip(event.node.next_functions, event.grad_inputs):
                if edge is not None and g is not None:
                    target = sources.get(id(edge[0]))
                    remaining[target] = remaining.get(target, 0) + 1
        sent_edges = {}
        for j, event in enumerate(self.events[:k]):
            node_id = sources.get(id(event.node))
            grads[node_id] = event.grad_outputs[0]
            partial.discard(node_id)
            for edge, g in zip(event.node.next_functions, event.grad_inputs):
                if edge is None or g is None:
                    continue
                target = sources.get(id(edge[0]))
                grads[target] = g if target not in grads else grads[target] + g
                remaining[target] -= 1
                if remaining[target] > 0:
                    partial.add(target)
                else:
                    partial.discard(target)
                if j == k - 1:
                    sent_edges[(target, node_id)] = g
        current = sources.get(id(self.events[k - 1].node)) if k else None
        lines = self._chain_rule_lines(self.events[k - 1]) if k else []
        if k:
            for target, _ in sent_edges:
                if target in self.checks and remaining.get(target) == 0:
                    lines.append(str(self.checks[target]))
        return Frame(k, len(self.events), self.graph, current, lines, grads, partial, sent_edges,
                     self.rankdir)

    def _expression_names(self) -> dict:
        """A name for every node: its own, else its formula in its inputs' names when short."""
        names = {n.id: n.name for n in self.graph.nodes if n.name}
        for event in reversed(self.events):  # inputs before the ops that use them
            node_id = self.graph.sources.get(id(event.node))
            if node_id in names:
                continue
            formula = event.node.fn.formula
            letters = {_LETTERS[i]: _operand(self._label(None if e is None else self.graph.sources.get(id(e[0])), names))
                       for i, e in enumerate(event.node.next_functions[:len(_LETTERS)])}
            text = _substitute(formula, letters) if formula else ""
            node = self.graph.node(node_id)
            names[node_id] = text if text and len(text) <= 20 else f"{node.label}#{node_id[1:]}"
        return names

    def _label(self, node_id: str | None, names: dict | None = None) -> str:
        if node_id is None:
            return "const"
        names = self._names if names is None else names
        if node_id in names:
            return names[node_id]
        node = self.graph.node(node_id)
        return node.name or f"{node.label}#{node_id[1:]}"

    def _chain_rule_lines(self, event: BackwardEvent) -> list[str]:
        """`in.grad += out.grad · ∂out/∂in = g · local = result` per input (shapes for tensors)."""
        node = event.node
        sources = self.graph.sources
        out = _operand(self._label(sources.get(id(node))))
        inputs = [None if e is None else sources.get(id(e[0])) for e in node.next_functions]
        letters = {_LETTERS[i]: _operand(self._label(nid)) for i, nid in enumerate(inputs)
                   if i < len(_LETTERS)}
        g_out = event.grad_outputs[0]
        lines = []
        rules = node.fn.derivatives
        for i, (nid, g_in) in enumerate(zip(inputs, event.grad_inputs)):
            if nid is None or g_in is None:
                continue
            name = _operand(self._label(nid))
            rule = rules[i] if i < len(rules) and rules[i] else None
            local = f"∂{out}/∂{name}"
            where = f"   ({local} = {_substitute(rule, letters)})" if rule else ""
            if g_out.size == 1 and g_in.size == 1:
                go, gi = float(g_out.reshape(-1)[0]), float(g_in.reshape(-1)[0])
                factor = _number(gi / go) if go != 0 else "?"
                lines.append(f"{name}.grad += {out}.grad · {local} = {_number(go)} · {factor} = "
                             f"{_number(gi)}{where}")
            else:
                reduced = reduction_label(node.input_shapes[i], node.output_shapes[0])
                lines.append(
                    f"{name}.grad += {out}.grad {format_shape(g_out.shape)} (‖·‖ {_norm(g_out):.4g}) · "
                    f"{local} → {format_shape(g_in.shape)} (‖·‖ {_norm(g_in):.4g})"
                    + (f" [{reduced}]" if reduced else "") + where)
        return lines

    # --- numeric check --------------------------------------------------------------------
    def _grad_checks(self, fn, eps: float) -> dict:
        totals, leaves = {}, {}
        for event in self.events:
            for edge, g in zip(event.node.next_functions, event.grad_inputs):
                if edge is not None and g is not None and isinstance(edge[0], Tensor):
                    nid = self.graph.sources[id(edge[0])]
                    leaves[nid] = edge[0]
                    totals[nid] = totals.get(nid, 0) + g
        originals = {nid: leaf.data for nid, leaf in leaves.items()}
        checks = {}
        try:
            for leaf in leaves.values():  # float64 while checking, as gradcheck does
                leaf.data = leaf.data.astype(np.float64)
            for nid, leaf in leaves.items():
                numeric = _numeric_grad(fn, leaf, eps, self._seed[1])
                analytic = np.asarray(totals[nid], dtype=np.float64)
                checks[nid] = GradCheck(self._label(nid), analytic, numeric,
                                        relative_difference(analytic, numeric))
        finally:
            for nid, leaf in leaves.items():
                leaf.data = originals[nid]
        return checks

    # --- notebook display -----------------------------------------------------------------
    def widget(self):
        """An ipywidgets player: play button, slider, previous/next; the picture below."""
        import ipywidgets as widgets

        n = len(self.events)
        picture = widgets.HTML(value=self._frame_html(self.position))
        slider = widgets.IntSlider(value=self.position, min=0, max=n, description="step")
        play = widgets.Play(value=self.position, min=0, max=n, interval=1200)
        previous = widgets.Button(description="◀ back", layout=widgets.Layout(width="80px"))
        following = widgets.Button(description="step ▶", layout=widgets.Layout(width="80px"))
        widgets.jslink((play, "value"), (slider, "value"))

        def show(change) -> None:
            self.position = change["new"]
            picture.value = self._frame_html(self.position)

        slider.observe(show, names="value")
        previous.on_click(lambda _: setattr(slider, "value", max(slider.value - 1, 0)))
        following.on_click(lambda _: setattr(slider, "value", min(slider.value + 1, n)))
        return widgets.VBox([widgets.HBox([play, previous, following, slider]), picture])

    def _frame_html(self, k: int) -> str:
        frame = self.frame(k)
        return (scrolling_html(frame.svg()) +
                f'<pre style="white-space:pre-wrap">{html.escape(frame.caption)}</pre>')

    def to_html(self) -> str:
        """Every frame as static HTML (no JavaScript): one foldable section per step."""
        parts = []
        for k in range(len(self.events) + 1):
            frame = self.frame(k)
            is_open = " open" if k == 0 else ""
            parts.append(f"<details{is_open}><summary>{html.escape(frame.title)}</summary>"
                         f"{self._frame_html(k)}</details>")
        return "<div>" + "".join(parts) + "</div>"

    def _repr_mimebundle_(self, include=None, exclude=None, **_) -> dict:
        """The widget player where widgets run; static HTML of every frame elsewhere."""
        bundle = {"text/plain": repr(self), "text/html": self.to_html()}
        try:
            bundle.update(self.widget()._repr_mimebundle_())
        except ImportError:
            pass
        bundle["text/plain"] = repr(self)
        return bundle

    def __repr__(self) -> str:
        return f"<BackpropStepper: {len(self.events)} steps, at step {self.position}>"


def _substitute(rule: str, letters: dict) -> str:
    """'a' in 'd(a*b)/db = a' style rules replaced by the argument names."""
    return re.sub(r"(?<![A-Za-z0-9_])[a-h](?![A-Za-z0-9_])",
                  lambda m: letters.get(m.group(0), m.group(0)), rule)


def _operand(name: str) -> str:
    """A name in parentheses when it is an expression (so `(a + b).grad` reads right)."""
    return f"({name})" if any(ch in name for ch in " +-*/@") else name


def _number(x: float) -> str:
    return f"{x:.1f}" if float(x).is_integer() and abs(x) < 1e15 else f"{x:.4g}"


def _norm(array: np.ndarray) -> float:
    return float(np.sqrt(np.sum(np.square(np.asarray(array, dtype=np.float64)))))


def _numeric_grad(fn, leaf: Tensor, eps: float, seed: np.ndarray) -> np.ndarray:
    """Central differences of sum(seed · fn()) for every element of `leaf` (restored after)."""
    data = leaf.data
    numeric = np.zeros(data.shape, dtype=np.float64)
    weights = np.asarray(seed, dtype=np.float64)
    with no_grad():
        for index in np.ndindex(*data.shape):
            original = data[index]
            data[index] = original + eps
            plus = float(np.sum(np.asarray(fn().data, dtype=np.float64) * weights))
            data[index] = original - eps
            minus = float(np.sum(np.asarray(fn().data, dtype=np.float64) * weights))
            data[index] = original
            numeric[index] = (plus - minus) / (2 * eps)
    return numeric

"""`BackpropStepper`: walk through backward one node at a time, with the chain rule in numbers."""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

from autograd import Tensor, relative_difference
from autograd.ops.derivative_text import ARGUMENTS, UNKNOWN, namespace, uses_gradient
from viz.arguments import RANKDIRS, check_choice, check_int, check_number
from viz.checks import GradCheck, numeric_grad
from viz.frame import HIGHLIGHT, Frame
from viz.formulas import formula_text, operand, rule_text, substitute, top_level
from viz.graph import build_graph, format_shape, reduction_label
from viz.player import notebook_bundle, player_html, widget_player
from viz.predict import ATOL, MAX_ASKED, RTOL, Quiz
from viz.predict_player import PredictWidget, predict_html
from viz.replay import BackwardEvent, record_backward
from viz.text import clean_text, escape, format_array

__all__ = ["BackpropStepper", "Frame", "GradCheck", "HIGHLIGHT"]

NAME_LIMIT = 40
"""Expressions used as names in the chain-rule lines are at most this long."""


class BackpropStepper:
    """Step through backward of `loss` one node at a time, in the engine's own order.

    Construction replays backward once (`retain_graph=True`) and records every step; frame k
    is drawn from the first k steps. `.grad` of every tensor is left exactly as it was:
    neither building the stepper nor stepping changes it, and the graph is kept, so
    `loss.backward()` still works afterwards. (Tensor hooks do run during the replay.)

    Each step's lines read as the course writes the chain rule, with the op's own derivative
    text (from its class) in the names of its inputs and then in numbers:

        ∂u/∂b = c:  b.grad += u.grad · c = 3 · 2 = 6

    Args:
        loss: the output to differentiate (a scalar, or pass `gradient`).
        names: name -> Tensor mapping such as `locals()`: names intermediate results (u, v)
            and lets the lines and pictures show their values.
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
        '∂J/∂v = 3:  v.grad += J.grad · 3 = 1 · 3 = 3'
        >>> stepper                      # in Jupyter: a player with slider and buttons
    """

    def __init__(self, loss: Tensor, names=None, model=None, gradient=None, check=None,
                 eps: float = 1e-6, rankdir: str = "TB") -> None:
        if not isinstance(loss, Tensor):
            build_graph(loss)  # raises the clear error (e.g. for a Module)
        if loss.grad_fn is None:
            raise ValueError("BackpropStepper needs a result of ops (its grad_fn is None)")
        if loss.grad_fn.is_freed:
            raise RuntimeError(
                "the graph of this loss was freed by an earlier backward(); build the stepper "
                "before calling backward(), or call backward(retain_graph=True)")
        if check is not None and not callable(check):
            raise TypeError(f"BackpropStepper: check must be a function of the leaves (the "
                            f"loss computed again), got {type(check).__name__}")
        check_number("BackpropStepper", "eps", eps, positive=True)
        check_choice("BackpropStepper", "rankdir", rankdir, RANKDIRS)
        self.graph = build_graph(loss, model=model, names=names, max_nodes=None)
        self.events: list[BackwardEvent] = record_backward(loss, gradient)
        self.rankdir = rankdir
        seed = np.ones(loss.shape, dtype=loss.dtype) if gradient is None else np.asarray(
            gradient.numpy(force=True) if isinstance(gradient, Tensor) else gradient)
        self._seed = (self.graph.sources[id(loss.grad_fn)], seed)
        kinds = {n.id: n.kind for n in self.graph.nodes}
        self._operands = {(e.dst, e.position): e.src for e in self.graph.edges
                          if kinds[e.src] in ("constant", "input")}
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
        check_int("frame", "k", k, 0)
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
        lines = self.chain_rule_lines(self.events[k - 1]) if k else []
        if k:
            for target, _ in sent_edges:
                if target in self.checks and remaining.get(target) == 0:
                    lines.append(str(self.checks[target]))
        return Frame(k, len(self.events), self.graph, current, lines, grads, partial, sent_edges,
                     self.rankdir, self._label(root_id))

    def name(self, node_id: str) -> str:
        """A node's name as the chain-rule lines write it: `u`, or `(a + b*c)` when unnamed."""
        return operand(self._label(node_id))

    def sends(self, k: int) -> list[tuple[str, np.ndarray]]:
        """What step k (1 <= k <= len(self)) sends: per input that gets a gradient, its name
        as the chain-rule lines write it and the gradient, shaped as that input."""
        if not 1 <= k <= len(self.events):
            raise IndexError(f"step {k} out of range 1..{len(self.events)}")
        event = self.events[k - 1]
        return [(self.name(self.graph.sources[id(edge[0])]), g)
                for edge, g in zip(event.node.next_functions, event.grad_inputs)
                if edge is not None and g is not None]

    # --- names and chain-rule lines -------------------------------------------------------
    def _expression_names(self) -> dict:
        """A name for every node: its own, else its formula in its inputs' names when short."""
        names = {n.id: clean_text(n.name, NAME_LIMIT) for n in self.graph.nodes if n.name}
        names.update({n.id: n.label for n in self.graph.nodes if n.kind == "constant"})
        for event in reversed(self.events):  # inputs before the ops that use them
            node_id = self.graph.sources.get(id(event.node))
            if node_id in names:
                continue
            formula = formula_text(event.node)
            letters = self._argument_names(event.node, names)
            text = substitute(formula, letters) if formula else ""
            node = self.graph.node(node_id)
            names[node_id] = (text if text and len(text) <= NAME_LIMIT
                              else f"{node.label}#{node_id[1:]}")
        return names

    def _label(self, node_id: str, names: dict | None = None) -> str:
        names = self._names if names is None else names
        if node_id in names:
            return names[node_id]
        node = self.graph.node(node_id)
        return clean_text(node.name, NAME_LIMIT) if node.name else f"{node.label}#{node_id[1:]}"

    def _argument_names(self, node, names: dict | None = None) -> dict:
        """{'a': name of argument 0, ...} for its tensor arguments: by their names (a tensor
        that needs no gradient by the name the caller gave it), else 'const'. Plain values
        (numbers, dims, None) are put in by `viz.specialise`."""
        letters = {}
        node_id = self.graph.sources.get(id(node))
        constants = node.constants or {}
        for i, edge in enumerate(node.next_functions[:len(ARGUMENTS)]):
            if edge is not None:
                letters[ARGUMENTS[i]] = self._label(self.graph.sources.get(id(edge[0])), names)
            elif (node_id, i) in self._operands:
                other = self.graph.node(self._operands[node_id, i])
                letters[ARGUMENTS[i]] = other.name or (
                    "const" if other.label == "constant" else other.label)
            elif i not in constants:
                letters[ARGUMENTS[i]] = "const"
        return letters

    def _argument_values(self, node) -> list:
        """The forward arguments as far as they are known (leaves, constants, named tensors);
        `UNKNOWN` for the others."""
        values = []
        node_id = self.graph.sources.get(id(node))
        constants = node.constants or {}
        for i, edge in enumerate(node.next_functions):
            if edge is not None:
                value = self.graph.node(self.graph.sources[id(edge[0])]).value
            elif i in constants:
                value = constants[i]
            elif (node_id, i) in self._operands:
                value = self.graph.node(self._operands[node_id, i]).value
            else:
                value = None
            values.append(UNKNOWN if value is None and i not in constants else value)
        return values

    def chain_rule_lines(self, event: BackwardEvent) -> list[str]:
        """Per input that got a gradient (in argument order): its local derivative (the op's
        text in the inputs' names) and `in.grad += out.grad · local = numbers`. The frames
        show them; `viz.check_grads` quotes them in its hints."""
        node = event.node
        sources = self.graph.sources
        node_id = sources.get(id(node))
        out = operand(self._label(node_id))
        letters = {**self._argument_names(node), "out": self._label(node_id)}
        g_out = event.grad_outputs[0]
        lines = []
        for i, (edge, g_in) in enumerate(zip(node.next_functions, event.grad_inputs)):
            if edge is None or g_in is None:
                continue
            name = operand(self._label(sources.get(id(edge[0]))))
            rule = rule_text(node, i)
            if rule is not None and uses_gradient(rule):
                grads = {f"g{k}" if k else "g": f"{out}[{k}].grad" if k else f"{out}.grad"
                         for k in range(len(event.grad_outputs))}
                shown = substitute(rule, {**letters, **grads})
                lines.append(f"{name}.grad += {shown} = {_array_text(g_in)}")
                continue
            partial = f"∂{out}/∂{name}"
            local_text = substitute(rule, letters) if rule is not None else partial
            head = f"{partial} = {local_text}:  " if rule is not None else ""
            local = self._local_value(node, i, g_out, g_in)
            numbers = (f"{_array_text(g_out)} · {_array_text(local)} = {_array_text(g_in)}"
                       if local is not None else _array_text(g_in))
            reduced = reduction_label(node.input_shapes[i], node.output_shapes[0])
            factor = f"({local_text})" if _is_sum(local_text) else local_text
            lines.append(f"{head}{name}.grad += {out}.grad · {factor} = {numbers}"
                         + (f"   [{reduced}]" if reduced else ""))
        return lines

    def _local_value(self, node, position: int, g_out, g_in):
        """The local derivative in numbers: the op's text evaluated on the known values, or
        for one-element tensors the ratio of the gradients; None when neither is possible."""
        rules = node.fn.derivatives
        rule = rules[position] if position < len(rules) else None
        if rule is not None:
            try:
                args = self._argument_values(node)
                names = namespace(node, args, self._output_value(node, args), g_out)
                with np.errstate(all="ignore"), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    value = eval(rule, {"__builtins__": {}}, names)  # noqa: S307  (op's text)
                return np.broadcast_to(np.asarray(value, dtype=np.float64), np.shape(g_out)) \
                    if np.size(value) == 1 else np.asarray(value)
            except Exception:  # a value the text needs is not known: fall back below
                pass
        if g_out.size == 1 and g_in.size == 1 and float(g_out.reshape(-1)[0]) != 0:
            return np.asarray(float(g_in.reshape(-1)[0]) / float(g_out.reshape(-1)[0]))
        return None

    def _output_value(self, node, args: list):
        """The node's (first) output: recorded when the tensor was named, else recomputed
        from the arguments when they are all known (the op's forward on arrays); None when
        neither."""
        value = self.graph.node(self.graph.sources[id(node)]).value
        if value is not None or any(a is UNKNOWN for a in args) or \
                not getattr(node.fn, "takes_arrays", False):
            return value
        with np.errstate(all="ignore"):
            out = node.fn.compute(*args)
        return out[0] if isinstance(out, tuple) else out

    # --- numeric check --------------------------------------------------------------------
    def _grad_checks(self, fn, eps: float) -> dict:
        totals, leaves = {}, {}
        for event in self.events:
            for edge, g in zip(event.node.next_functions, event.grad_inputs):
                if edge is not None and g is not None and isinstance(edge[0], Tensor):
                    nid = self.graph.sources[id(edge[0])]
                    leaves[nid] = edge[0]
                    totals[nid] = totals.get(nid, 0) + g
        originals = {nid: leaf.numpy(force=True) for nid, leaf in leaves.items()}
        checks = {}
        try:
            for nid, leaf in leaves.items():  # float64 while checking, as gradcheck does
                leaf.data = originals[nid].astype(np.float64)
            for nid, leaf in leaves.items():
                numeric = numeric_grad(fn, leaf, eps, self._seed[1])
                analytic = np.asarray(totals[nid], dtype=np.float64)
                checks[nid] = GradCheck(self._label(nid), analytic, numeric,
                                        relative_difference(analytic, numeric))
        finally:
            for nid, leaf in leaves.items():
                leaf.data = originals[nid]
        return checks

    # --- display --------------------------------------------------------------------------
    def to_html(self, image_format: str = "svg", mode: str = "step", **quiz_options) -> str:
        """A player that needs no kernel: one self-contained HTML fragment with every frame
        (inline SVG, or PNG data URIs with `image_format='png'`), buttons and a slider in
        plain JavaScript, no network. Without JavaScript every frame shows, one after another.
        Works in saved notebooks (`IPython.display.HTML`), nbconvert HTML and web pages.
        `mode='predict'`: the learner types each step's gradients before seeing them, graded
        in the page and scored (`quiz_options`: rtol, atol, max_size; see `quiz`)."""
        if mode == "predict":
            return predict_html(self, image_format, **quiz_options)
        if mode != "step" or quiz_options:
            raise ValueError(f"mode must be 'step' or 'predict' (options only with 'predict'), "
                             f"got mode={mode!r} and {sorted(quiz_options)}")
        return player_html(self, image_format=image_format)

    def page_html(self, title: str, image_format: str = "svg", mode: str = "step",
                  **quiz_options) -> str:
        """A whole web page: `title` as its heading, then the player (see `to_html`)."""
        heading = escape(title, limit=None)
        return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                f"<title>{heading}</title></head>\n<body style=\"font-family:sans-serif\">"
                f"<h1>{heading}</h1>\n{self.to_html(image_format, mode, **quiz_options)}\n"
                "</body></html>\n")

    def save_html(self, path, title: str | None = None, image_format: str = "svg",
                  mode: str = "step", **quiz_options) -> Path:
        """Write `page_html` to `path` (a standalone file a browser opens); returns the path."""
        path = Path(path)
        title = title or ("Predict the gradients" if mode == "predict" else "Backprop step by step")
        path.write_text(self.page_html(title, image_format, mode, **quiz_options), encoding="utf-8")
        return path

    def quiz(self, rtol: float = RTOL, atol: float = ATOL, max_size: int = MAX_ASKED) -> Quiz:
        """Predict, then reveal: a `viz.predict.Quiz` over these steps. In Jupyter it shows as
        a live form (ipywidgets), elsewhere as the kernel-free page."""
        return Quiz(self, rtol=rtol, atol=atol, max_size=max_size)

    def widget(self, mode: str = "step"):
        """An ipywidgets player (needs a kernel): play, back, step, a slider; picture below.
        `mode='predict'`: the quiz's live form instead."""
        return PredictWidget(self.quiz()).box if mode == "predict" else widget_player(self)

    def _repr_mimebundle_(self, include=None, exclude=None, **_) -> dict:
        """The widget player where widgets run; elsewhere the kernel-free player with PNG
        frames and a PNG of the current frame (`viz.player.notebook_bundle`)."""
        try:
            return self.widget()._repr_mimebundle_()
        except ImportError:
            return notebook_bundle(self.to_html(image_format="png"), self.current, repr(self))

    def __repr__(self) -> str:
        return f"<BackpropStepper: {len(self.events)} steps, at step {self.position}>"


def _is_sum(text: str) -> bool:
    """Whether a product with `text` needs it in parentheses (a sum, or a leading minus)."""
    top = top_level(text)
    return " + " in top or " - " in top or top.startswith("-")


def _array_text(array) -> str:
    """A number, a few numbers, or shape and norm: what a chain-rule line can print."""
    array = np.asarray(array)
    if array.size <= 6 or array.ndim == 0:
        return format_array(array)
    return (f"{format_shape(array.shape)} ‖·‖ "
            f"{np.sqrt(np.sum(np.square(array, dtype=np.float64))):.4g}")

"""BackpropStepper: step count, chain-rule numbers, navigation, .grad untouched, checks, HTML."""
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from autograd import Tensor, tensor
from viz import BackpropStepper
from viz.graph import build_graph
from viz.stepper import HIGHLIGHT


def test_len_is_the_number_of_nodes_backward_visits(scalar_graph):
    stepper = BackpropStepper(scalar_graph["J"], names=scalar_graph)
    ops = [n for n in build_graph(scalar_graph["J"]).nodes if n.op]
    assert len(stepper) == len(ops) == 3
    assert [stepper.graph.node(f.current).label for f in stepper] == ["J", "v", "u"]


def test_chain_rule_numbers_for_the_course_graph():
    a, b, c = (tensor(v, requires_grad=True) for v in (5.0, 3.0, 2.0))
    J = 3 * (a + b * c)
    stepper = BackpropStepper(J, names={"a": a, "b": b, "c": c, "J": J})
    first, second, third = (stepper.step() for _ in range(3))
    assert first.lines == ["(a + (b*c)).grad += J.grad · ∂J/∂(a + (b*c)) = 1.0 · 3.0 = 3.0"
                           "   (∂J/∂(a + (b*c)) = const)"]
    assert second.lines[0].startswith("a.grad += (a + (b*c)).grad · ∂(a + (b*c))/∂a = 3.0 · 1.0 = 3.0")
    assert third.lines == [
        "b.grad += (b*c).grad · ∂(b*c)/∂b = 3.0 · 2.0 = 6.0   (∂(b*c)/∂b = c)",
        "c.grad += (b*c).grad · ∂(b*c)/∂c = 3.0 · 3.0 = 9.0   (∂(b*c)/∂c = b)",
    ]
    leaf = {n.label: n.id for n in stepper.graph.nodes}
    assert {k: float(third.grads[leaf[k]]) for k in "abc"} == {"a": 3.0, "b": 6.0, "c": 9.0}
    assert leaf["b"] not in second.grads and leaf["a"] in second.grads


def test_navigation_and_iteration(scalar_graph):
    stepper = BackpropStepper(scalar_graph["J"])
    assert stepper.position == 0 and stepper.current.current is None
    stepper.step(); stepper.step()
    assert stepper.position == 2
    assert stepper.back().index == 1
    stepper.step(); stepper.step(); stepper.step()
    assert stepper.position == 3  # stays on the last step
    assert stepper.reset().index == 0
    assert [f.index for f in stepper] == [1, 2, 3] and stepper.position == 0
    with pytest.raises(IndexError):
        stepper.frame(4)


def test_grads_untouched_and_backward_still_works(scalar_graph):
    a, b, J = scalar_graph["a"], scalar_graph["b"], scalar_graph["J"]
    b.grad = Tensor(np.float32(1.0))
    stepper = BackpropStepper(J)
    for _ in stepper:
        pass
    assert a.grad is None and float(b.grad.data) == 1.0
    J.backward()
    assert float(a.grad.data) == 3.0 and float(b.grad.data) == 7.0


def test_freed_graph_is_a_clear_error(scalar_graph):
    scalar_graph["J"].backward()
    with pytest.raises(RuntimeError, match="freed"):
        BackpropStepper(scalar_graph["J"])


def test_partial_sums_on_a_value_used_twice():
    x = tensor(2.0, requires_grad=True, name="x")
    y = x * x.exp()
    y.name = "y"
    stepper = BackpropStepper(y)
    xid = stepper.graph.by_label("x")[0].id
    assert len(stepper) == 2
    assert xid in stepper.frame(1).partial
    assert xid not in stepper.frame(2).partial
    expected = float(np.exp(2.0) * 3)  # d/dx x·e^x = (1 + x) e^x
    assert float(stepper.frame(2).grads[xid]) == pytest.approx(expected, rel=1e-5)


def test_numeric_check_runs_per_leaf(scalar_graph):
    a, b, c = scalar_graph["a"], scalar_graph["b"], scalar_graph["c"]
    stepper = BackpropStepper(scalar_graph["J"], names=scalar_graph, check=lambda: 3 * (a + b * c))
    assert set(check.name for check in stepper.checks.values()) == {"a", "b", "c"}
    assert all(check.ok and check.rel_diff < 1e-6 for check in stepper.checks.values())
    assert any(line.startswith("check b: analytic 6, numeric 6") for line in stepper.frame(3).lines)
    assert a.data.dtype == np.float32  # restored after the float64 check


def test_numeric_check_catches_a_wrong_function(scalar_graph):
    a, b, c = scalar_graph["a"], scalar_graph["b"], scalar_graph["c"]
    stepper = BackpropStepper(scalar_graph["J"], names=scalar_graph, check=lambda: 3 * (a + b * c * 2))
    bad = {check.name for check in stepper.checks.values() if not check.ok}
    assert bad == {"b", "c"}


def test_tensor_lines_show_shapes_norms_and_reductions():
    W = Tensor(np.ones((2, 3), dtype=np.float32), requires_grad=True, name="W")
    x = Tensor(np.arange(3, dtype=np.float32), requires_grad=True, name="x")
    stepper = BackpropStepper((W * x).sum())
    last = stepper.frame(len(stepper)).lines
    x_line = [line for line in last if line.startswith("x.grad")][0]
    assert "(2, 3)" in x_line and "→ (3,)" in x_line and "[sum → (3,)]" in x_line and "‖·‖" in x_line


def test_frame_svg_highlights_the_current_node(scalar_graph):
    stepper = BackpropStepper(scalar_graph["J"], names=scalar_graph)
    root = ET.fromstring(stepper.frame(3).svg())
    strokes = [e.get("stroke") for e in root.iter() if e.get("stroke")]
    assert HIGHLIGHT.lower() in [s.lower() for s in strokes]
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if t.text]
    assert any("b.grad += u.grad · ∂u/∂b = 3.0 · 2.0 = 6.0" in t for t in texts)


def test_static_html_has_every_frame_and_escapes():
    a = tensor(1.0, requires_grad=True, name="<script>alert(1)</script>")
    stepper = BackpropStepper((a * 2).exp())
    page = stepper.to_html()
    assert page.count("<details") == len(stepper) + 1
    assert "<script>" not in page


def test_widget_player_moves_the_stepper(scalar_graph):
    pytest.importorskip("ipywidgets")
    stepper = BackpropStepper(scalar_graph["J"])
    box = stepper.widget()
    slider = box.children[0].children[3]
    slider.value = 2
    assert stepper.position == 2
    assert "backward of" in box.children[1].value


def test_notebook_bundle_has_widget_and_static_fallback(scalar_graph):
    bundle = BackpropStepper(scalar_graph["J"])._repr_mimebundle_()
    assert bundle["text/html"].count("<details") == 4
    assert bundle["text/plain"].startswith("<BackpropStepper: 3 steps")
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_rule_letters_are_replaced_by_input_names():
    from viz.stepper import _substitute

    names = {"a": "x", "b": "W", "c": "bias"}
    assert _substitute("a @ bᵀ + c", names) == "x @ Wᵀ + bias"
    assert _substitute("1 - tanh(a)²", names) == "1 - tanh(x)²"
    assert _substitute("g @ b", names) == "g @ W"

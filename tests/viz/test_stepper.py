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


def test_chain_rule_lines_in_the_course_terms(scalar_graph):
    stepper = BackpropStepper(scalar_graph["J"], names=scalar_graph)
    first, second, third = (stepper.step() for _ in range(3))
    assert first.lines == ["∂J/∂v = 3:  v.grad += J.grad · 3 = 1 · 3 = 3"]
    assert second.lines == ["∂v/∂a = 1:  a.grad += v.grad · 1 = 3 · 1 = 3",
                            "∂v/∂u = 1:  u.grad += v.grad · 1 = 3 · 1 = 3"]
    assert third.lines == ["∂u/∂b = c:  b.grad += u.grad · c = 3 · 2 = 6",
                           "∂u/∂c = b:  c.grad += u.grad · b = 3 · 3 = 9"]
    leaf = {n.label: n.id for n in stepper.graph.nodes}
    assert {k: float(third.grads[leaf[k]]) for k in "abc"} == {"a": 3.0, "b": 6.0, "c": 9.0}
    assert leaf["b"] not in second.grads and leaf["a"] in second.grads
    assert stepper.frame(0).title == "step 0/3: before backward, ∂J/∂J = 1"


def test_unnamed_intermediates_read_as_their_formulas():
    a, b, c = (tensor(v, requires_grad=True) for v in (5.0, 3.0, 2.0))
    J = 3 * (a + b * c)
    stepper = BackpropStepper(J, names={"a": a, "b": b, "c": c, "J": J})
    lines = [line for frame in stepper for line in frame.lines]
    assert lines[0] == "∂J/∂(a + b*c) = 3:  (a + b*c).grad += J.grad · 3 = 1 · 3 = 3"
    assert "∂(b*c)/∂b = c:  b.grad += (b*c).grad · c = 3 · 2 = 6" in lines


def test_sin_of_a_polynomial_step_by_step():
    x = tensor(1.5, requires_grad=True)
    f = (x ** 2 + 3 * x).sin()
    stepper = BackpropStepper(f, names={"x": x, "f": f})
    lines = [line for frame in stepper for line in frame.lines]
    slope = np.cos(1.5 ** 2 + 4.5)
    assert lines[0] == (f"∂f/∂(x**2 + 3*x) = cos(x**2 + 3*x):  (x**2 + 3*x).grad += f.grad · "
                        f"cos(x**2 + 3*x) = 1 · {slope:.4g} = {slope:.4g}")
    assert f"∂(3*x)/∂x = 3:  x.grad += (3*x).grad · 3 = {slope:.4g} · 3 = {3 * slope:.4g}" in lines
    assert (f"∂(x**2)/∂x = 2*x:  x.grad += (x**2).grad · 2*x = "
            f"{slope:.4g} · 3 = {3 * slope:.4g}") in lines
    total = stepper.frame(len(stepper)).grads[stepper.graph.by_label("x")[0].id]
    assert float(total) == pytest.approx(slope * (2 * 1.5 + 3))


def test_the_course_network_gives_b1_to_b8(course_network, course_by_hand):
    stepper = BackpropStepper(course_network["L"], names=course_network)
    last = stepper.frame(len(stepper))
    ids = {n.label: n.id for n in stepper.graph.nodes}
    for name, expected in course_by_hand.items():  # B1 dA2 ... B8 db1
        np.testing.assert_allclose(last.grads[ids[name]], expected, rtol=1e-12, err_msg=name)
    lines = [line for frame in stepper for line in frame.lines]
    dA2, dZ2 = course_by_hand["A2"].item(), course_by_hand["Z2"].item()
    assert (f"∂log(A2)/∂A2 = 1/A2:  A2.grad += log(A2).grad · 1/A2 = "
            f"-1 · {-dA2:.4g} = {dA2:.4g}") in lines
    b2 = [line for line in lines if line.startswith("∂Z2/∂b2")]
    assert b2 == [f"∂Z2/∂b2 = 1:  b2.grad += Z2.grad · 1 = {dZ2:.4g} · 1 = {dZ2:.4g}"]
    relu = [line for line in lines if line.startswith("∂A1/∂Z1")]
    assert relu == ["∂A1/∂Z1 = where(Z1 > 0, 1, 0):  Z1.grad += A1.grad · where(Z1 > 0, 1, 0) = "
                    "[-0.2718, 0.1631, -0.4349] · [1, 1, 0] = "
                    "[-0.2718, 0.1631, 0]"]  # the dead unit
    assert "W2.grad += (W2 @ A1).grad @ A1.T = [-0.02718, -0.5436, 0]" in lines  # B3
    assert "A1.grad += W2.T @ (W2 @ A1).grad = [-0.2718, 0.1631, -0.4349]" in lines  # B5


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
    assert a.grad is None and b.grad.item() == 1.0
    J.backward()
    assert a.grad.item() == 3.0 and b.grad.item() == 7.0


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
    assert a.dtype == np.float32 and a.item() == 5.0  # restored after the float64 check


def test_numeric_check_catches_a_wrong_function(scalar_graph):
    a, b, c = scalar_graph["a"], scalar_graph["b"], scalar_graph["c"]
    stepper = BackpropStepper(scalar_graph["J"], names=scalar_graph,
                              check=lambda: 3 * (a + b * c * 2))
    bad = {check.name for check in stepper.checks.values() if not check.ok}
    assert bad == {"b", "c"}


def test_tensor_lines_show_shapes_norms_and_reductions():
    W = Tensor(np.ones((2, 3), dtype=np.float32), requires_grad=True, name="W")
    x = Tensor(np.arange(3, dtype=np.float32), requires_grad=True, name="x")
    stepper = BackpropStepper((W * x).sum())
    last = stepper.frame(len(stepper)).lines
    x_line = [line for line in last if "x.grad +=" in line][0]
    assert x_line.startswith("∂(W*x)/∂x = W:") and "[sum → (3,)]" in x_line
    assert x_line.endswith("= [2, 2, 2]   [sum → (3,)]")  # summed over the 2 rows of W
    big = Tensor(np.ones((40, 3)), requires_grad=True, name="big")
    lines = [line for f in BackpropStepper((big * 2.0).sum()) for line in f.lines]
    assert any("(40, 3) ‖·‖ 21.91" in line for line in lines)  # too many numbers: shape, norm


def test_frame_svg_highlights_the_current_node(scalar_graph):
    stepper = BackpropStepper(scalar_graph["J"], names=scalar_graph)
    root = ET.fromstring(stepper.frame(3).svg())
    strokes = [e.get("stroke") for e in root.iter() if e.get("stroke")]
    assert HIGHLIGHT.lower() in [s.lower() for s in strokes]
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if t.text]
    assert any("b.grad += u.grad · c = 3 · 2 = 6" in t for t in texts)


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
    assert bundle["text/html"].count('class="bpl-frame"') == 4
    assert bundle["text/plain"].startswith("<BackpropStepper: 3 steps")
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_rule_letters_are_replaced_by_input_names():
    from viz.formulas import substitute

    assert substitute("a @ b.T + c", {"a": "x", "b": "W", "c": "bias"}) == "x @ W.T + bias"
    assert substitute("1 - tanh(a)**2", {"a": "x + y"}) == "1 - tanh(x + y)**2"
    assert substitute("3*a", {"a": "x + y"}) == "3*(x + y)"
    assert substitute("a + b", {"a": "x**2", "b": "3*x"}) == "x**2 + 3*x"
    assert substitute("b*a**(b - 1)", {"a": "x*y", "b": "2"}) == "2*(x*y)**(2 - 1)"
    assert substitute("a*b", {"a": "b", "b": "a"}) == "b*a"  # one pass


def test_gradients_of_later_outputs_read_as_the_op_outputs():
    """An op with several outputs (an LSTM cell: h', c', gates) shows g1, g2 in its text as
    the gradients of its outputs [1], [2]."""
    from autograd import lstm_cell

    rng = np.random.default_rng(0)
    x, h, c = (tensor(rng.normal(size=(1, 2)), requires_grad=True) for _ in range(3))
    w_ih = tensor(rng.normal(size=(8, 2)), requires_grad=True)
    w_hh = tensor(rng.normal(size=(8, 2)), requires_grad=True)
    h_new, c_new = lstm_cell(x, (h, c), w_ih, w_hh)
    loss = h_new.sum() + c_new.sum()
    lines = [line for frame in BackpropStepper(loss, names=locals()) for line in frame.lines]
    (x_line,) = [line for line in lines if line.startswith("x.grad += ")]
    cell = "(h_new, c_new)"  # the op, by the names of its outputs
    assert x_line.startswith(f"x.grad += lstm_delta({cell}.grad, {cell}[1].grad, {cell}[2].grad, "
                             "x, h, c, w_ih, w_hh, None, None) @ w_ih = ")


def test_loss_and_reduction_lines_read_as_the_course_writes_them():
    """BCE's line is (A2 - Y)/(A2(1 - A2)), not the op's guarded code; dims read as values."""
    from autograd import sigmoid
    from autograd.ops.binary_cross_entropy import binary_cross_entropy

    z = tensor(np.array([0.3, -0.2]), requires_grad=True)
    y = tensor(np.array([1.0, 0.0]))
    A2 = sigmoid(z)
    l = binary_cross_entropy(A2, y, reduction="none")
    L = l.sum()
    lines = [line for frame in BackpropStepper(L, names={"z": z, "Y": y, "A2": A2, "l": l,
                                                          "L": L}) for line in frame.lines]
    assert lines[0] == "∂L/∂l = 1:  l.grad += L.grad · 1 = 1 · 1 = [1, 1]"
    assert lines[1].startswith("∂l/∂A2 = (A2 - Y)/(A2*(1 - A2)):  A2.grad += l.grad · "
                               "(A2 - Y)/(A2*(1 - A2)) = [1, 1] · [-1.741, 1.819]")
    assert lines[2].startswith("∂A2/∂z = A2*(1 - A2):")
    mean = binary_cross_entropy(sigmoid(z), y)
    (line, *_) = BackpropStepper(mean, names={"z": z, "Y": y}).frame(1).lines
    assert "/∂sigmoid(z) = (sigmoid(z) - Y)/(sigmoid(z)*(1 - sigmoid(z)))/2:" in line  # mean of 2
    x = tensor(np.array([[1.0, 2.0], [3.0, 4.0]]), requires_grad=True)
    lines = [line for frame in BackpropStepper((x * 2).mean(dim=1).sum(), names={"x": x})
             for line in frame.lines]
    assert lines[:2] == [
        "∂sum(mean(x*2, dim=1))/∂mean(x*2, dim=1) = 1:  mean(x*2, dim=1).grad += "
        "sum(mean(x*2, dim=1)).grad · 1 = 1 · 1 = [1, 1]",
        "∂mean(x*2, dim=1)/∂(x*2) = 1/2:  (x*2).grad += mean(x*2, dim=1).grad · 1/2 = "
        "[1, 1] · [0.5, 0.5] = [0.5, 0.5, 0.5, 0.5]"]
    (line,) = BackpropStepper(x.norm(dim=1).sum(), names={"x": x}).frame(2).lines
    assert line.startswith("∂vector_norm(x, ord=2, dim=1)/∂x = where(vector_norm(x, ord=2, dim=1)"
                           " == 0, 0, x/vector_norm(x, ord=2, dim=1)):")

"""Pictures that do not mislead: tensors the caller named that need no gradient are drawn where
an op is known to have used them; gradients are shown only when backward ran through the
picture's output; the legend lists what the picture has and says which gradients it shows."""
import re

import numpy as np
import pytest

from autograd import tensor
from viz import BackpropStepper, build_graph, draw_graph


def _legend(dot) -> str:
    return next(line for line in dot.source.splitlines() if line.lstrip().startswith("legend"))


@pytest.fixture
def data_and_weight():
    W = tensor(np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 0.0]]), requires_grad=True)
    X = tensor(np.array([[1.0, 0.0], [2.0, 1.0], [-1.0, 3.0]]))  # data: needs no gradient
    return W, X


def test_a_named_tensor_without_grad_is_drawn_as_the_ops_input(data_and_weight):
    W, X = data_and_weight
    graph = build_graph(W @ X, names={"W": W, "X": X})
    (x,) = [n for n in graph.nodes if n.kind == "input"]
    assert x.label == "X" and x.shape == (3, 2) and x.grad is None
    np.testing.assert_array_equal(x.value, X.numpy())
    matmul = next(n for n in graph.nodes if n.op == "Mm")
    assert sorted((e.position, graph.node(e.src).label) for e in graph.edges
                  if e.dst == matmul.id) == [(0, "W"), (1, "X")]
    assert matmul.formula == "W @ X"
    assert "tensor without grad" in _legend(draw_graph(W @ X, names={"W": W, "X": X}))


def test_the_stepper_writes_the_named_input(data_and_weight):
    W, X = data_and_weight
    stepper = BackpropStepper((W @ X).sum(), names={"W": W, "X": X})
    assert stepper.frame(2).lines == ["W.grad += (W @ X).grad @ X.T = [1, 3, 2, 1, 3, 2]"]


def test_one_tensor_used_twice_is_one_node(data_and_weight):
    W, X = data_and_weight
    out = (W @ X).sum() + (W @ X * 2).sum()
    graph = build_graph(out, names={"W": W, "X": X})
    (x,) = [n for n in graph.nodes if n.kind == "input"]
    assert sum(e.src == x.id for e in graph.edges) == 2


def test_nothing_is_guessed_when_the_position_is_not_certain():
    """BCE with a target and a weight that both need no gradient: two arguments left, so
    neither is drawn (rather than drawn at the wrong place)."""
    from autograd.ops.binary_cross_entropy import binary_cross_entropy

    p = tensor(np.array([0.3, 0.8]), requires_grad=True)
    y, w = tensor(np.array([1.0, 0.0])), tensor(np.array([2.0, 1.0]))
    graph = build_graph(binary_cross_entropy(p, y, weight=w), names={"p": p, "y": y, "w": w})
    assert not [n for n in graph.nodes if n.kind == "input"]
    graph = build_graph(binary_cross_entropy(p, y), names={"p": p, "y": y})
    assert [n.label for n in graph.nodes if n.kind == "input"] == ["y"]


def test_a_freed_graph_draws_without_its_inputs(data_and_weight):
    """After a backward without retain_graph the op's saved values are gone: the picture is
    drawn without the input rather than failing."""
    W, X = data_and_weight
    out = (W @ X).sum()
    out.backward()
    graph = build_graph(out, names={"W": W, "X": X})
    assert not [n for n in graph.nodes if n.kind == "input"]


def test_leftover_grads_of_an_earlier_backward_are_not_shown(data_and_weight):
    W, X = data_and_weight
    (W @ X).sum().backward()  # an earlier backward leaves W.grad
    fresh = (W @ X * 3).sum()
    dot = draw_graph(fresh, names={"W": W, "X": X})
    assert build_graph(fresh).node("n0").grad is None
    assert all(n.grad is None and n.grad_norm is None for n in build_graph(fresh).nodes)
    assert "grad " not in re.sub(r"legend.*", "", dot.source)
    assert "backward() has not run through this output" in _legend(dot)
    fresh.backward()
    dot = draw_graph(fresh, names={"W": W, "X": X})
    w = next(n for n in build_graph(fresh, names={"W": W}).nodes if n.label == "W")
    np.testing.assert_array_equal(w.grad, W.grad.numpy())
    assert "grad (from backward)" in _legend(dot)


def test_the_legend_lists_the_kinds_drawn_and_grads_only_when_shown(scalar_graph):
    scalar_graph["J"].backward()
    shown = _legend(draw_graph(scalar_graph["J"], names=scalar_graph))
    for entry in ("leaf tensor", "constant", "op (its output)", "output", "grad (from backward)"):
        assert entry in shown
    assert "parameter" not in shown and "tensor without grad" not in shown
    hidden = _legend(draw_graph(scalar_graph["J"], names=scalar_graph, show_grads=False))
    assert "grad" not in hidden and "constant" in hidden


def test_a_trained_models_parameters_show_no_stale_grads(nn_package):
    nn = nn_package
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
    x = tensor(np.random.default_rng(0).normal(size=(5, 3)).astype(np.float32))
    model(x).pow(2).mean().backward()  # training leaves .grad on every parameter
    graph = build_graph(model(x).sum(), model=model)
    params = [n for n in graph.nodes if n.kind == "parameter"]
    assert len(params) == 4 and all(n.grad is None for n in params)

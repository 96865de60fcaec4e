"""Graph records: counts, kinds, names, edge direction, reductions, limits, no recursion."""
import inspect
import sys

import numpy as np
import pytest

from autograd import Tensor, tensor
from viz.graph import build_graph
from viz.grouping import collapse_modules, trace_modules
from viz.replay import record_backward


def _edge_labels(graph):
    return {(graph.node(e.src).label, graph.node(e.dst).label) for e in graph.edges}


def test_scalar_graph_counts_kinds_and_forward_edges(scalar_graph):
    g = build_graph(scalar_graph["J"], names=scalar_graph)
    assert len(g.nodes) == 7 and len(g.edges) == 6
    kinds = {n.label: n.kind for n in g.nodes}
    assert kinds == {"a": "leaf", "b": "leaf", "c": "leaf", "u": "op", "v": "op", "J": "output",
                     "3": "constant"}
    assert {n.label: n.op for n in g.nodes if n.op} == {"u": "Mul", "v": "Add", "J": "Mul"}
    # forward direction: inputs -> op -> output; the 3 of J = 3*v is J's first argument
    assert _edge_labels(g) == {("b", "u"), ("c", "u"), ("u", "v"), ("a", "v"), ("v", "J"),
                               ("3", "J")}
    assert [e.position for e in g.edges if g.node(e.src).label == "3"] == [0]
    assert g.node(g.nodes[0].id).label == "J"  # outputs first
    values = {n.label: float(n.value) for n in g.nodes}
    assert values == {"a": 5, "b": 3, "c": 2, "u": 6, "v": 11, "J": 33, "3": 3}
    assert {n.label: n.formula for n in g.nodes if n.op} == {"u": "b*c", "v": "a + u", "J": "3*v"}
    assert g.by_label("u")[0].derivatives == ("d(a*b)/da = b", "d(a*b)/db = a")
    chain = {(g.node(e.src).label, g.node(e.dst).label): e.derivative for e in g.edges}
    assert chain == {("v", "J"): "∂J/∂v = 3", ("a", "v"): "∂v/∂a = 1", ("u", "v"): "∂v/∂u = 1",
                     ("b", "u"): "∂u/∂b = c = 2", ("c", "u"): "∂u/∂c = b = 3", ("3", "J"): ""}


def test_values_only_for_leaves_roots_constants_and_named_tensors(scalar_graph):
    g = build_graph(scalar_graph["J"], names={"a": scalar_graph["a"], "v": scalar_graph["v"]})
    values = sorted((n.kind, n.label, None if n.value is None else float(n.value))
                    for n in g.nodes)
    assert values == [("constant", "3", 3.0), ("leaf", "a", 5.0), ("leaf", "tensor", 2.0),
                      ("leaf", "tensor", 3.0), ("op", "Mul", None), ("op", "v", 11.0),
                      ("output", "Mul", 33.0)]
    assert g.by_label("Mul")[-1].shape == ()  # unnamed u: its shape, not its value


def test_a_module_instead_of_a_tensor_is_a_clear_error(nn_package):
    model = nn_package.Linear(2, 1)
    with pytest.raises(TypeError, match="pass the output of the model"):
        build_graph(model)


def test_a_tensor_outside_any_graph_is_a_clear_error():
    with pytest.raises(ValueError, match="requires_grad=True"):
        build_graph(tensor([1.0, 2.0]))
    with pytest.raises(TypeError, match="not a Tensor"):
        build_graph([tensor(1.0, requires_grad=True) * 2, 3.0])


def test_op_parameters_are_not_drawn_as_constants():
    x = Tensor(np.ones((2, 3)), requires_grad=True, name="x")
    g = build_graph(x.sum(dim=1).softmax(0) * 2.5)
    assert [n.label for n in g.nodes if n.kind == "constant"] == ["2.5"]


def test_every_node_keeps_its_gradient_norm_whatever_its_size():
    x = Tensor(np.ones((400, 16), dtype=np.float32), requires_grad=True, name="x")
    h = (x * 2.0).relu()
    loss = h.sum()
    loss.backward()
    g = build_graph(loss)
    norms = {n.op or n.label: n.grad_norm for n in g.nodes if n.kind != "constant"}
    assert norms["Relu"] == pytest.approx(80.0) and norms["Mul"] == pytest.approx(80.0)
    assert norms["x"] == pytest.approx(160.0)
    assert g.by_label("Relu")[0].grad is None  # 6400 numbers: only the norm is kept


def test_gradients_appear_only_after_backward(scalar_graph):
    before = build_graph(scalar_graph["J"], names=scalar_graph)
    assert all(n.grad is None for n in before.nodes)
    scalar_graph["J"].backward()
    after = build_graph(scalar_graph["J"], names=scalar_graph)
    grads = {n.label: float(n.grad) for n in after.nodes if n.kind != "constant"}
    assert grads == {"J": 1.0, "v": 3.0, "u": 3.0, "a": 3.0, "b": 6.0, "c": 9.0}


def test_each_op_once_however_often_its_output_is_used():
    a, b = tensor(1.0, requires_grad=True), tensor(2.0, requires_grad=True)
    u = a * b
    z = u + u.exp()
    g = build_graph(z, names=locals())
    assert [n.op for n in g.nodes].count("Mul") == 1
    assert len(g.nodes) == 5 and len(g.edges) == 5
    assert sorted(g.node(e.dst).op for e in g.edges
                  if e.src == g.by_label("u")[0].id) == ["Add", "Exp"]


def test_input_used_twice_by_one_op_gives_two_edges():
    x = tensor(3.0, requires_grad=True, name="x")
    g = build_graph(x * x)
    assert len(g.nodes) == 2 and len(g.edges) == 2
    assert [e.position for e in g.edges] == [0, 1]


def test_tensor_name_wins_over_names_mapping_and_unnamed_leaves():
    a = tensor(1.0, requires_grad=True, name="alpha")
    b = tensor(2.0, requires_grad=True)
    out = a * b
    out.name = "out"
    g = build_graph(out, names={"a": a})
    labels = {n.label for n in g.nodes}
    assert labels == {"alpha", "tensor", "out"}


def test_broadcast_reduction_is_an_edge_label():
    W = Tensor(np.ones((2, 3), dtype=np.float32), requires_grad=True, name="W")
    x = Tensor(np.ones(3, dtype=np.float32), requires_grad=True, name="x")
    g = build_graph((W * x).sum())
    labels = {g.node(e.src).label: e.label for e in g.edges}
    assert labels["x"] == "sum → (3,)" and labels["W"] == ""


def test_large_values_are_not_kept():
    x = Tensor(np.ones(1000, dtype=np.float32), requires_grad=True, name="x")
    g = build_graph((x * 2).sum())
    assert (g.by_label("x")[0].value is None
            and g.by_label("x")[0].value_norm == pytest.approx(np.sqrt(1000)))
    assert g.by_label("Mul")[0].value is None and g.by_label("Mul")[0].value_norm is None
    assert g.by_label("Sum")[0].value == 2000


def test_model_names_parameters_and_modules(mlp):  # noqa: needs nn
    model, x = mlp
    g = build_graph(model(x).sum(), model=model)
    params = {n.label: n.module for n in g.nodes if n.kind == "parameter"}
    assert params == {"0.weight": "0", "0.bias": "0", "2.weight": "2", "2.bias": "2"}
    linear_ops = [n for n in g.nodes if n.op and n.op.startswith("Linear")]
    assert sorted(n.module for n in linear_ops) == ["0", "2"]
    assert g.module_types["0"] == "Linear"


def test_trace_modules_assigns_every_op_to_its_module(mlp):
    model, x = mlp
    with trace_modules(model) as trace:
        out = model(x)
    loss = (out ** 2).sum()
    assert sorted(trace.modules.values()) == ["0", "1", "2"]
    g = build_graph(loss, model=model, modules=trace)
    assert g.by_label("Relu")[0].module == "1"
    assert all(not h for h in (m._forward_hooks for m in model.modules()))
    collapsed = collapse_modules(g)
    modules = [n for n in collapsed.nodes if n.kind == "module"]
    assert sorted(n.label for n in modules) == ["0 (Linear)", "1 (ReLU)", "2 (Linear)"]
    assert {n.count for n in modules if "Linear" in n.label} == {3}
    ids = {n.id for n in collapsed.nodes}
    assert all(e.src in ids and e.dst in ids for e in collapsed.edges)
    assert ("m_0", "m_1") in {(e.src, e.dst) for e in collapsed.edges}


def test_max_nodes_keeps_nearest_and_summarises_a_2000_op_graph():
    x = tensor(0.5, requires_grad=True, name="x")
    y = x
    for i in range(1000):
        y = (y * 0.999) + x  # 2,000 ops and 1,000 constants
    g = build_graph(y, max_nodes=50)
    assert len(g.nodes) <= 51
    summary = [n for n in g.nodes if n.kind == "summary"]
    assert len(summary) == 1 and summary[0].count == 3001 - 49
    assert summary[0].label == f"… {3001 - 49} more nodes"
    assert g.nodes[0].kind == "output"
    ids = {n.id for n in g.nodes}
    assert all(e.src in ids and e.dst in ids for e in g.edges)


def test_a_5000_deep_chain_walks_without_recursion():
    x = tensor(1.0, requires_grad=True)
    y = x
    for _ in range(5000):
        y = y * 1.0
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + 150)  # far below the chain's depth
    try:
        g = build_graph(y, max_nodes=None)
        events = record_backward(y)
    finally:
        sys.setrecursionlimit(limit)
    assert len(g.nodes) == 5001 + 5000 and len(g.edges) == 5000 + 5000  # each 1.0 is a node
    assert len(events) == 5000


def test_record_backward_leaves_grads_untouched(scalar_graph):
    a, J = scalar_graph["a"], scalar_graph["J"]
    b = scalar_graph["b"]
    b.grad = Tensor(np.float32(100.0))
    events = record_backward(J)
    assert [e.node.op_name for e in events] == ["Mul", "Add", "Mul"]
    assert a.grad is None and b.grad.item() == 100.0
    J.backward()  # graph kept
    assert a.grad.item() == 3.0 and b.grad.item() == 106.0


def test_record_backward_after_free_raises(scalar_graph):
    scalar_graph["J"].backward()
    with pytest.raises(RuntimeError):
        record_backward(scalar_graph["J"])


def test_collapse_by_depth_and_expand(nn_package):
    nn = nn_package

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1, self.fc2 = nn.Linear(3, 3), nn.Linear(3, 3)

        def forward(self, x):
            return self.fc2(self.fc1(x).tanh())

    model = nn.Sequential(Block(), Block())
    x = Tensor(np.ones((2, 3), dtype=np.float32))
    with trace_modules(model) as trace:
        loss = model(x).sum()
    full = build_graph(loss, model=model, modules=trace)
    assert {n.module for n in full.nodes if n.op == "Tanh"} == {"0", "1"}
    by_block = build_graph(loss, model=model, modules=trace, group_by_module="collapse", depth=1)
    boxes = sorted(n.label for n in by_block.nodes if n.kind == "module")
    assert boxes == ["0 (Block)", "1 (Block)"]
    assert [n.count for n in by_block.nodes if n.kind == "module"] == [7, 7]
    opened = build_graph(loss, model=model, modules=trace, group_by_module="collapse", depth=1,
                         expand=("0",))
    assert sorted(n.label for n in opened.nodes if n.kind == "module") == ["1 (Block)"]
    assert len([n for n in opened.nodes if n.module and n.module.startswith("0")]) == 7


def test_parameter_names_beat_local_variable_names(mlp):
    model, x = mlp
    p = model[0].weight  # noqa: F841  (a loop-variable-like local)
    g = build_graph(model(x).sum(), model=model, names=locals())
    assert g.by_label("0.weight") and not g.by_label("p")

"""Gradient flow: colours by log gradient norm, zero and NaN marked, per-layer statistics."""
import re

import numpy as np
import pytest

from autograd import Tensor, tensor
from viz import gradient_flow, layer_stats, plot_layer_stats
from viz.flow import NONFINITE_COLOUR, RAMP, ZERO_COLOUR, grad_colour


def _node_line(dot, label: str) -> str:
    return [line for line in dot.body if f"<B>{label}</B>" in line][0]


def _fill(dot, label: str) -> str:
    return re.search(r'fillcolor="([^"]+)"', _node_line(dot, label)).group(1)


def test_ramp_ends_and_monotone_blue_to_red():
    assert grad_colour(0.0) == RAMP[0] and grad_colour(1.0) == RAMP[-1]
    red_minus_blue = [int(grad_colour(t)[1:3], 16) - int(grad_colour(t)[5:7], 16)
                      for t in (0, 0.5, 1)]
    assert red_minus_blue[0] < 0 < red_minus_blue[1] < red_minus_blue[2]


def test_colours_follow_gradient_magnitude_and_leave_grad_alone():
    small = tensor(1.0, requires_grad=True, name="small")
    big = tensor(1.0, requires_grad=True, name="big")
    out = small * 1e-4 + big * 1e2
    dot = gradient_flow(out)
    assert _fill(dot, "small") == RAMP[0] and _fill(dot, "big") == RAMP[-1]
    assert "‖grad‖ 0.0001" in _node_line(dot, "small")
    assert small.grad is None and big.grad is None  # replayed, not accumulated
    edges = [line for line in dot.body if "->" in line]
    widths = [float(w) for w in re.findall(r"penwidth=([\d.]+)", " ".join(edges))]
    assert max(widths) > 3 and min(widths) < 1


def test_zero_and_nonfinite_gradients_are_marked():
    z = tensor(2.0, requires_grad=True, name="z")
    n = Tensor(np.array([-1.0], dtype=np.float32), requires_grad=True, name="n")
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (z * 0.0) + n.sqrt().sum()
        dot = gradient_flow(out)
    assert _fill(dot, "z") == ZERO_COLOUR and "‖grad‖ = 0" in _node_line(dot, "z")
    assert _fill(dot, "n") == NONFINITE_COLOUR and "NaN/Inf" in _node_line(dot, "n")
    assert "zero" in dot.source and "NaN/Inf" in dot.source  # legend


def test_after_backward_uses_the_kept_gradients(mlp):
    model, x = mlp
    loss = (model(x) ** 2).mean()
    loss.backward()
    dot = gradient_flow(loss, model=model)
    assert "‖grad‖" in _node_line(dot, "0.weight")


def test_every_node_of_a_400_row_batch_shows_its_norm():
    rng = np.random.default_rng(0)
    x = Tensor(rng.normal(size=(400, 2)), name="x")
    W1 = Tensor(rng.normal(size=(2, 16)), requires_grad=True, name="W1")
    b1 = Tensor(np.zeros(16), requires_grad=True, name="b1")
    W2 = Tensor(rng.normal(size=(16, 1)), requires_grad=True, name="W2")
    loss = (((x @ W1 + b1).relu() @ W2) ** 2).mean()
    loss.backward()
    dot = gradient_flow(loss)
    nodes = [line for line in dot.body if "<B>" in line and "->" not in line]
    assert len(nodes) == 9  # W1, b1, W2 and six ops (the 2 of **2 is a constant)
    assert all("‖grad‖" in line for line in nodes), [n for n in nodes if "‖grad‖" not in n]
    assert "no grad" not in " ".join(nodes) and "dotted" not in " ".join(nodes)


def test_before_backward_the_picture_says_it_replayed():
    w = tensor(2.0, requires_grad=True, name="w")
    dot = gradient_flow(w * 3.0)
    assert "backward() not called yet" in dot.source and w.grad is None


def test_the_colour_scale_ignores_a_few_tiny_outliers():
    from viz.flow import colour_scale

    norms = [0.1, 0.2, 0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 1e-8, 3e-9]  # two biases near 1e-8
    lo, hi = colour_scale(norms)
    assert lo > -3 and hi == pytest.approx(np.log10(2.0))  # about [0.1, 2], not [3e-9, 2]
    assert colour_scale([1.0, 1.0]) == (-0.5, 0.5)  # at least one decade wide
    assert colour_scale([]) == (0.0, 1.0)


def test_a_module_is_a_clear_error_for_draw_graph_and_before_backward(mlp):
    from viz import draw_graph

    model, x = mlp
    with pytest.raises(TypeError, match="pass the output of the model"):
        draw_graph(model)
    with pytest.raises(RuntimeError, match=r"Call loss.backward\(\)"):
        gradient_flow(model)


def _deep(act, layers: int = 10):
    import nn

    from autograd import manual_seed

    manual_seed(1)
    mods = []
    for i in range(layers):
        mods += [nn.Linear(8, 8), act()]
    model = nn.Sequential(*mods, nn.Linear(8, 1))
    x = Tensor(np.random.default_rng(0).normal(size=(32, 8)).astype(np.float32))
    ((model(x) - 1.0) ** 2).mean().backward()
    return model


def test_layer_stats_show_vanishing_gradients_in_a_sigmoid_net(nn_package):
    nn = nn_package
    sigmoid, relu = _deep(nn.Sigmoid), _deep(nn.ReLU)
    s, r = layer_stats(sigmoid, lr=0.1), layer_stats(relu, lr=0.1)
    assert len(s) == 11 and [x.name for x in s][:2] == ["0", "2"] and s[0].type == "Linear"
    assert all(x.status == "ok" for x in s)
    assert s[0].grad_norm / s[-1].grad_norm < 1e-4  # vanishes through ten sigmoids
    assert r[0].grad_norm / r[-1].grad_norm > s[0].grad_norm / s[-1].grad_norm
    assert s[0].ratio == pytest.approx(0.1 * s[0].grad_norm / s[0].weight_norm)
    assert s[0].grad_norm == pytest.approx(np.hypot(s[0].weights_grad_norm, s[0].biases_grad_norm))
    fig = gradient_flow({"sigmoid": sigmoid, "relu": relu}, lr=0.1)
    grad_ax, ratio_ax = fig.axes[:2]
    assert grad_ax.get_yscale() == "log" and len(grad_ax.get_lines()) == 4  # weights, biases
    assert [t.get_text() for t in grad_ax.get_xticklabels()][:2] == ["0\nLinear", "2\nLinear"]


def test_a_small_spread_between_layers_looks_small():
    from viz.layers import LayerStats

    stats = [LayerStats(str(i), "Linear", g, 1.0, g, 10, "ok", g, None)
             for i, g in enumerate([0.05, 0.07, 0.06])]  # a 1.4x spread
    low, high = plot_layer_stats(stats).axes[0].get_ylim()
    assert np.log10(high) - np.log10(low) >= 2  # whole decades, not a zoom on the spread


def test_layer_stats_status_none_and_zero(mlp):
    model, x = mlp
    assert {s.status for s in layer_stats(model)} == {"none"}
    before = plot_layer_stats(layer_stats(model))
    assert any("Call loss.backward()" in t.get_text() for t in before.axes[0].texts)
    (model(x) * 0.0).sum().backward()
    stats = layer_stats(model)
    assert {s.status for s in stats} == {"zero"}
    fig = plot_layer_stats(stats)
    assert any(t.get_text() == "zero" for t in fig.axes[0].get_legend().get_texts())


def test_per_layer_figure_saves_as_svg(tmp_path, mlp):
    import xml.etree.ElementTree as ET

    from viz import save_svg

    model, x = mlp
    (model(x) ** 2).mean().backward()
    path = save_svg(gradient_flow(model, lr=0.1), tmp_path / "flow.svg")
    assert ET.parse(path).getroot().tag.endswith("svg")

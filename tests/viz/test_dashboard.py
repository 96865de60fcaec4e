"""TrainingDashboard: manual logging, the nn.fit callback, panels, warnings and saved figures."""
import io
import warnings

import numpy as np
import pytest

import viz.dashboard
from autograd import Tensor, manual_seed
from viz import TrainingDashboard, layer_stats
from viz.dashboard import PANELS
from viz.dashboard_panels import make_panel
from viz.panel_axes import nice_ceiling
from viz.smoothing import log_smoothed, rolling_mean
from viz.figures import new_figure

PNG = b"\x89PNG\r\n\x1a\n"

# the tiny networks here have dead ReLU units on their tiny batches; the warnings are tested
# on purpose below
pytestmark = pytest.mark.filterwarnings("ignore:TrainingDashboard:RuntimeWarning")


def _data(n=40, features=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, features)).astype(np.float32)
    return X, (X.sum(1, keepdims=True) > 0).astype(np.float32)


def _deep(n_linear, activation=None, width=8):
    import nn

    manual_seed(0)
    layers = [nn.Linear(3, width)]
    for _ in range(n_linear - 2):
        layers += [(activation or nn.ReLU)(), nn.Linear(width, width)]
    return nn.Sequential(*layers, (activation or nn.ReLU)(), nn.Linear(width, 1))


def _manual_steps(dash, model, x, steps, lr=0.1):
    for step in steps:
        model.zero_grad()
        loss = (model(x) ** 2).mean()
        loss.backward()
        dash.log(step, loss=loss.item(), lr=lr, model=model)


def test_manual_loop_records_everything(mlp):
    model, x = mlp
    dash = TrainingDashboard(every=2, live=False)
    for step in range(3):
        model.zero_grad()
        loss = (model(x) ** 2).mean()
        loss.backward()
        dash.log(step, loss=loss.item(), lr=0.1, model=model, val_loss=1.0 if step == 2 else None)
    assert dash.steps == [0, 1, 2] and len(dash.losses) == 3
    assert dash.val_losses == [(2, 1.0)] and dash.lrs[-1] == (2, 0.1)
    assert set(dash.grad_norms) == {"0", "2"} and len(dash.grad_norms["0"]) == 3
    expected = np.sqrt(sum(float(np.sum(p.grad.numpy().astype(np.float64) ** 2))
                           for p in (model[0].weight, model[0].bias)))
    assert dash.grad_norms["0"][-1][1] == pytest.approx(expected, rel=1e-6)
    assert dash.weights["0"].size == 16 and dash.grads["2"].size == 5
    assert [s for s, _ in dash.ratios["0"]] == [0, 2]  # the first step, then every 2
    assert [s.step for s in dash.activations["1"]] == [2]  # hooked at the first log
    assert dash.label("0") == "0 Linear" and dash.label("1") == "1 ReLU"
    fig = dash.figure()
    assert len(fig.axes) == len(PANELS) == 8
    assert fig.axes[2].get_yscale() == "log" and fig.axes[5].get_yscale() == "log"
    assert dash.figure() is fig  # updated in place, never rebuilt
    dash.close()
    assert all(not m._forward_hooks for m in model.modules())


def test_update_ratio_is_the_gradient_flow_views(mlp):
    model, x = mlp
    dash = TrainingDashboard(live=False)
    _manual_steps(dash, model, x, [0], lr=0.03)
    expected = {s.name: s.ratio for s in layer_stats(model, lr=0.03)}
    assert {k: v[-1][1] for k, v in dash.ratios.items()} == pytest.approx(expected, rel=1e-6)


def test_fit_callback_accumulated_gradients_and_save(tmp_path):
    import nn
    import optim

    model = _deep(3, nn.Tanh)
    X, y = _data()
    dash = TrainingDashboard(every=2, live=False)
    nn.fit(model, nn.BCEWithLogitsLoss(), optim.SGD(model.parameters(), lr=0.1), (X, y),
           epochs=2, batch_size=5, accumulate_steps=2, val_data=(X, y), callbacks=[dash],
           verbose=False)
    assert len(dash.losses) == 16 and len(dash.val_losses) == 2
    assert len(dash.grad_norms["0"]) == 8 and dash.lr == pytest.approx(0.1)
    # the histograms hold the gradient of the whole accumulated step, as fit's logged norm
    step, norm = dash.ratios["0"][-1][0], dict(dash.grad_norms["0"])
    assert step == 8 and np.linalg.norm(dash.grads["0"]) == pytest.approx(norm[8], rel=1e-5)
    assert [s.step for s in dash.activations["1"]] == [1, 2, 4, 6, 8]
    assert all(not p._hooks for p in model.parameters())
    assert all(not m._forward_hooks for m in model.modules())
    paths = dash.save(tmp_path / "run")
    expected = [f"{name}.png" for name in PANELS] + ["dashboard.png"]
    assert sorted(p.name for p in paths) == sorted(expected)
    assert all(p.read_bytes().startswith(PNG) for p in paths)


def test_gradient_norms_are_smoothed_named_and_capped():
    import nn

    model = _deep(12)
    X, y = _data()
    dash = TrainingDashboard(every=5, live=False, max_layers=4)
    nn.fit(model, nn.BCEWithLogitsLoss(), _sgd(model), (X, y),
           epochs=3, batch_size=5, callbacks=[dash], verbose=False)
    ax = new_figure().subplots()
    make_panel("grad_norms", ax).update(dash)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["0 Linear", "8 Linear", "14 Linear", "22 Linear",
                      "8 other layers (min to max)"]
    assert ax.get_yscale() == "log" and len(ax.get_lines()) == 4
    assert len({str(line.get_color()) for line in ax.get_lines()}) == 4
    steps, norms = zip(*dash.grad_norms["0"])
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), log_smoothed(norms))


def _sgd(model):
    import optim

    return optim.SGD(model.parameters(), lr=0.05)


def test_histograms_are_scaled_per_layer(mlp):
    model, x = mlp
    model[0].weight.numpy(force=True)[...] *= 1000.0  # one layer far larger than the other
    dash = TrainingDashboard(live=False)
    _manual_steps(dash, model, x, [0])
    ax = new_figure().subplots()
    make_panel("weights", ax).update(dash)
    curves = [line for line in ax.get_lines() if line.get_drawstyle() == "steps-mid"]
    assert len(curves) == 2
    for base, curve in zip((1, 0), curves):  # first layer on top
        assert curve.get_ydata().max() == pytest.approx(base + 0.85)
        assert curve.get_xdata().min() > -1 and curve.get_xdata().max() < 1
    texts = sorted(t.get_text() for t in ax.texts)
    scale = float(np.abs(model[0].weight.numpy(force=True)).max())
    assert f"±{scale:.2g}" in texts


def test_saturated_and_dead_layers_warn_once_and_show_in_the_figure():
    import nn

    manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1))
    model[0].weight.numpy(force=True)[...] *= 100.0  # tanh pinned at ±1
    model[2].bias.numpy(force=True)[...] = -100.0  # every ReLU unit dead
    x = Tensor(np.random.default_rng(0).normal(size=(16, 3)).astype(np.float32))
    dash = TrainingDashboard(every=1, live=False)
    dash.watch(model)
    with pytest.warns(RuntimeWarning) as caught:
        _manual_steps(dash, model, x, [0, 1, 2])
    messages = [str(w.message) for w in caught]
    assert len(messages) == 2  # once per layer and problem, not at every step
    assert any("1 Tanh" in m and "saturated" in m for m in messages)
    assert any("3 ReLU" in m and "100% of its units dead" in m for m in messages)
    assert len(dash.problems) == 2
    fig = dash.figure()
    assert "saturated" in fig.texts[-1].get_text() and "dead" in fig.texts[-1].get_text()
    rows = dash.health_rows()
    assert rows[0][0] == "1 Tanh saturated" and rows[0][1] > 0.9
    assert rows[1] == ("3 ReLU dead units", 1.0, 0.5)


def test_healthy_layers_do_not_warn(mlp):
    model, x = mlp
    dash = TrainingDashboard(every=1, live=False, dead_warning=1.0)
    dash.watch(model)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _manual_steps(dash, model, x, [0, 1])
    assert dash.problems == []


def test_live_redraws_in_place_within_the_time_budget(monkeypatch, mlp):
    import nn

    shown = []
    monkeypatch.setattr(viz.dashboard, "show_png",
                        lambda png, handle: shown.append(png) or "handle")
    model, _ = mlp
    X, y = _data()
    dash = TrainingDashboard(every=2, live=True, max_draw_fraction=1.0)
    nn.fit(model, nn.BCEWithLogitsLoss(), _sgd(model), (X, y), epochs=1, batch_size=5,
           callbacks=[dash], verbose=False)
    assert len(shown) == 5 + 1  # snapshots at steps 1, 2, 4, 6, 8, and the end of training
    assert all(png.startswith(PNG) for png in shown) and dash._renderer.full_draws < len(shown)

    shown.clear()
    monkeypatch.setattr(viz.dashboard, "FIRST_DRAW_ESTIMATE", 1e6)  # every redraw over budget
    dash = TrainingDashboard(every=2, live=True)
    nn.fit(model, nn.BCEWithLogitsLoss(), _sgd(model), (X, y), epochs=1, batch_size=5,
           callbacks=[dash], verbose=False)
    assert len(shown) == 1  # skipped while training, drawn once at its end


def test_blitted_frames_match_a_full_draw(mlp):
    from PIL import Image

    model, x = mlp
    dash = TrainingDashboard(every=1, live=False)
    _manual_steps(dash, model, x, range(1, 9))
    dash.png()
    _manual_steps(dash, model, x, [9])
    blitted = np.asarray(Image.open(io.BytesIO(dash.png())).convert("RGB"), dtype=int)
    full = np.asarray(Image.open(io.BytesIO(dash.figure()._repr_png_())).convert("RGB"), dtype=int)
    assert blitted.shape == full.shape
    assert np.mean(np.abs(blitted - full).max(axis=2) > 64) < 0.002


def test_empty_dashboard_still_draws():
    dash = TrainingDashboard(live=False)
    assert len(dash.figure().axes) == 8 and dash.png().startswith(PNG)


def test_figures_show_in_notebooks_without_pyplot(mlp):
    from viz import gradient_flow

    model, x = mlp
    (model(x) ** 2).mean().backward()
    assert gradient_flow(model)._repr_png_().startswith(PNG)
    dash = TrainingDashboard(live=False)
    dash.log(0, loss=1.0, model=model)
    assert dash.figure()._repr_png_().startswith(PNG)


@pytest.mark.parametrize("kwargs, word", [({"every": 0}, "every"), ({"bins": 2.5}, "bins"),
                                          ({"saturation_warning": 1.5}, "saturation_warning"),
                                          ({"max_draw_fraction": 0}, "max_draw_fraction")])
def test_bad_arguments_are_named(kwargs, word):
    with pytest.raises(ValueError, match=word):
        TrainingDashboard(**kwargs)


def test_smoothing_and_round_limits():
    np.testing.assert_allclose(rolling_mean([1, 2, 3, 4, np.nan, 6], 2), [1, 1.5, 2.5, 3.5, 4, 6])
    np.testing.assert_allclose(log_smoothed([1, 100, 0, 10]), [1, 100, np.nan, 10])  # window 1
    assert log_smoothed(np.full(50, 4.0))[-1] == pytest.approx(4.0)
    assert [nice_ceiling(x) for x in (0, 7, 101, 600, 601)] == [1, 8, 125, 600, 800]


def test_ratios_follow_a_decaying_lr_and_the_panel_says_so(mlp):
    model, x = mlp
    dash = TrainingDashboard(every=1, live=False)
    for step, lr in enumerate([0.1, 0.1, 1e-6]):
        _manual_steps(dash, model, x, [step], lr=lr)
    ratios = [r for _, r in dash.ratios["0"]]
    assert ratios[2] < 1e-3 * ratios[1]  # the ratio scales with the lr of its step
    ax = new_figure().subplots()
    make_panel("ratios", ax).update(dash)
    assert "under 10% of its peak" in ax.get_xlabel()

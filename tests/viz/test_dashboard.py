"""TrainingDashboard: manual logging, the nn.fit callback, and the saved figures."""
import numpy as np
import pytest

from viz import TrainingDashboard
from viz.dashboard import PANELS

PNG = b"\x89PNG\r\n\x1a\n"


def test_manual_loop_records_everything(mlp):
    model, x = mlp
    dash = TrainingDashboard(live=False)
    for step in range(3):
        model.zero_grad()
        loss = (model(x) ** 2).mean()
        loss.backward()
        dash.log(step, loss=loss.item(), lr=0.1, model=model, val_loss=1.0 if step == 2 else None)
    assert dash.steps == [0, 1, 2] and len(dash.losses) == 3
    assert dash.val_losses == [(2, 1.0)] and dash.lrs[-1] == (2, 0.1)
    assert set(dash.grad_norms) == {"0", "2"} and len(dash.grad_norms["0"]) == 3
    expected = np.sqrt(sum(float(np.sum(p.grad.data.astype(np.float64) ** 2))
                           for p in (model[0].weight, model[0].bias)))
    assert dash.grad_norms["0"][-1][1] == pytest.approx(expected, rel=1e-6)
    assert dash.weights["0"].size == 16 and dash.grads["2"].size == 5
    fig = dash.figure()
    assert len(fig.axes) == 6 and fig.axes[2].get_yscale() == "log"
    assert len(fig.axes[0].get_lines()) == 2  # batch loss and validation loss


def test_fit_callback_and_save(tmp_path, mlp):
    import nn
    import optim

    model, _ = mlp
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3)).astype(np.float32)
    y = (X.sum(1, keepdims=True) > 0).astype(np.float32)
    dash = TrainingDashboard(live=False)
    nn.fit(model, nn.BCEWithLogitsLoss(), optim.SGD(model.parameters(), lr=0.1), (X, y),
           epochs=2, batch_size=10, val_data=(X, y), callbacks=[dash], verbose=False)
    assert len(dash.losses) == 8 and len(dash.val_losses) == 2
    assert len(dash.grad_norms["0"]) == 8 and dash.grads and dash.lr == pytest.approx(0.1)
    assert all(not p._hooks for p in model.parameters())  # hooks removed at the end
    paths = dash.save(tmp_path / "run")
    assert sorted(p.name for p in paths) == sorted([f"{name}.png" for name in PANELS] + ["dashboard.png"])
    assert all(p.read_bytes().startswith(PNG) for p in paths)


def test_empty_dashboard_still_draws():
    fig = TrainingDashboard(live=False).figure()
    assert len(fig.axes) == 6


def test_figures_show_in_notebooks_without_pyplot(mlp):
    from viz import gradient_flow

    model, x = mlp
    (model(x) ** 2).mean().backward()
    assert gradient_flow(model)._repr_png_().startswith(PNG)
    dash = TrainingDashboard(live=False)
    dash.log(0, loss=1.0, model=model)
    assert dash.figure()._repr_png_().startswith(PNG)

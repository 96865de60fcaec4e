"""Activation health: saturation, dead units, quantile histograms, and the forward hooks."""
import numpy as np
import pytest

from autograd import Tensor, manual_seed
from viz.activation_health import (
    QUANTILES, ActivationMonitor, dead_unit_fraction, histograms_over_time, saturated_fraction,
    value_range,
)


def test_saturation_thresholds_of_tanh_and_sigmoid():
    tanh_out = np.array([-0.99, -0.5, 0.0, 0.96, 0.98])
    sigmoid_out = np.array([0.01, 0.03, 0.5, 0.97, 0.99])
    assert saturated_fraction("Tanh", tanh_out) == pytest.approx(2 / 5)
    assert saturated_fraction("Sigmoid", sigmoid_out) == pytest.approx(2 / 5)
    assert saturated_fraction("ReLU", tanh_out) is None


def test_dead_units_are_zero_for_the_whole_batch():
    out = np.array([[0.0, 1.0, 0.0, 0.0],
                    [0.0, 0.0, 2.0, 0.0],
                    [0.0, 0.0, 0.0, 0.0]])
    assert dead_unit_fraction(out) == pytest.approx(2 / 4)  # units 0 and 3
    conv = np.zeros((2, 3, 4, 4))
    conv[1, 2, 3, 3] = 1.0  # channel 2 fires once: channels 0 and 1 are dead
    assert dead_unit_fraction(conv) == pytest.approx(2 / 3)


def test_histograms_from_quantiles_of_a_uniform_sample_are_flat():
    values = np.linspace(-1, 1, 10001)
    quantiles = np.quantile(values, QUANTILES)[None, :]
    density = histograms_over_time("Tanh", quantiles, bins=10)
    assert density.shape == (10, 1)
    np.testing.assert_allclose(density[:, 0], 1.0, atol=0.02)


def test_histograms_leave_relu_zeros_out_and_follow_the_range():
    values = np.concatenate([np.zeros(7000), np.linspace(0.0, 4.0, 3000)[1:]])
    quantiles = np.quantile(values, QUANTILES)[None, :]
    low, high = value_range("ReLU", quantiles)
    assert low == 0.0 and 3.8 < high <= 4.0
    density = histograms_over_time("ReLU", quantiles, bins=4, bounds=(0.0, 4.0))
    np.testing.assert_allclose(density[:, 0], 1.0, atol=0.1)  # the positive part is uniform
    column = histograms_over_time("ReLU", np.quantile(values + 1, QUANTILES)[None, :], 4,
                                  bounds=(0.0, 8.0))[:, 0]
    assert column[0] == 1.0 and column[1] < 0.5  # shifted by 1: no exact zeros left out


def test_a_non_finite_step_is_a_nan_column():
    quantiles = np.vstack([np.linspace(0, 1, QUANTILES.size), np.full(QUANTILES.size, np.nan)])
    density = histograms_over_time("Sigmoid", quantiles, bins=5)
    assert np.isfinite(density[:, 0]).all() and np.isnan(density[:, 1]).all()


def test_monitor_measures_training_passes_only_and_detaches():
    import nn

    manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1))
    monitor = ActivationMonitor()
    monitor.attach(model)
    assert monitor.kinds == {"1": "Tanh", "3": "ReLU"}
    x = Tensor(np.random.default_rng(0).normal(size=(16, 3)).astype(np.float32))
    model(x)
    stats = monitor.measure(step=5)
    assert set(stats) == {"1", "3"} and stats["1"].step == 5
    assert stats["1"].dead is None and 0.0 <= stats["1"].saturated <= 1.0
    assert stats["3"].saturated is None and 0.0 <= stats["3"].dead <= 1.0
    weight, bias = model[0].weight.numpy(force=True), model[0].bias.numpy(force=True)
    hidden = np.tanh(x.numpy() @ weight.T + bias)
    np.testing.assert_allclose(stats["1"].quantiles, np.quantile(hidden, QUANTILES), atol=1e-6)
    model.eval()
    model(x)
    assert monitor.measure(step=6) == {}  # evaluation passes are not measured
    monitor.detach()
    assert all(not m._forward_hooks for m in model.modules())

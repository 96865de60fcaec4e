"""The LR range test: exponential sweep, smoothing, divergence stop, and a full restore."""
import numpy as np
import pytest

from autograd import Tensor
import optim
from optim import lr_finder, suggest_lr


class TinyLinear:
    """y = x Wᵀ + b from autograd Tensors, with a `parameters()` method."""

    def __init__(self, rng, n_in=3, n_out=1):
        self.W = Tensor(rng.standard_normal((n_out, n_in)) * 0.1, requires_grad=True)
        self.b = Tensor(np.zeros(n_out), requires_grad=True)

    def parameters(self):
        return [self.W, self.b]

    def __call__(self, x):
        return x @ self.W.T + self.b


def mse(prediction, target):
    return ((prediction - target) ** 2).mean()


def _problem(seed=0, batches=10):
    rng = np.random.default_rng(seed)
    model = TinyLinear(rng)
    true_w = np.array([[1.5, -2.0, 0.5]])
    data = []
    for _ in range(batches):
        x = rng.standard_normal((16, 3))
        y = x @ true_w.T + 0.3 + 0.01 * rng.standard_normal((16, 1))
        data.append((Tensor(x), Tensor(y)))
    return model, data


def test_sweep_is_exponential_and_stops_on_divergence():
    model, data = _problem()
    opt = optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    lrs, losses, suggested = lr_finder(model, opt, mse, data, start_lr=1e-5, end_lr=100.0,
                                       num_iter=60)
    ratios = np.array(lrs[1:]) / np.array(lrs[:-1])
    assert lrs[0] == pytest.approx(1e-5)
    np.testing.assert_allclose(ratios, (100.0 / 1e-5) ** (1 / 59))
    assert len(lrs) == len(losses) < 60        # SGD on this problem diverges before lr = 100
    assert losses[-1] > 4 * min(losses) or not np.isfinite(losses[-1])
    assert 1e-5 <= suggested <= 100.0
    assert suggested < lrs[-1]


def test_model_and_optimizer_are_restored():
    model, data = _problem(1)
    opt = optim.Adam(model.parameters(), lr=3e-3)
    # a few real steps first, so the optimizer has state to restore
    for x, y in data[:3]:
        opt.zero_grad()
        mse(model(x), y).backward()
        opt.step()
    before = [p.data.copy() for p in model.parameters()]
    grads_before = [p.grad.data.copy() for p in model.parameters()]
    state_before = opt.state_dict()
    lr_finder(model, opt, mse, data, num_iter=30)
    for p, saved, grad in zip(model.parameters(), before, grads_before):
        np.testing.assert_array_equal(p.data, saved)
        np.testing.assert_array_equal(p.grad.data, grad)
    after = opt.state_dict()
    assert after["param_groups"] == state_before["param_groups"]
    for index, entry in state_before["state"].items():
        for key, value in entry.items():
            np.testing.assert_array_equal(after["state"][index][key], value)
    # the same parameter objects are still in the optimizer
    assert all(p is q for p, q in zip(opt.param_groups[0]["params"], model.parameters()))


def test_data_is_cycled_and_losses_are_smoothed():
    model, data = _problem(2, batches=3)
    opt = optim.SGD(model.parameters(), lr=0.1)
    lrs, losses, _ = lr_finder(model, opt, mse, data, start_lr=1e-6, end_lr=1e-5,
                               num_iter=20, smooth=0.5)
    assert len(lrs) == 20                      # three batches, cycled; tiny lrs never diverge
    # with such small lrs the raw loss is about constant per batch; the bias-corrected
    # average of a constant is that constant
    raw = [float(mse(model(x), y)) for x, y in data]
    assert losses[0] == pytest.approx(raw[0], rel=1e-3)
    assert losses[1] == pytest.approx((0.5 * raw[0] + raw[1]) / 1.5, rel=1e-3)


def test_suggestion_is_steepest_descent_of_the_smoothed_loss():
    lrs = list(np.logspace(-4, 0, 9))
    losses = [1.0, 0.99, 0.95, 0.6, 0.3, 0.25, 0.24, 0.5, 3.0]
    assert suggest_lr(lrs, losses) == pytest.approx(lrs[3])
    assert suggest_lr(lrs[:2], losses[:2]) is None


def test_bad_arguments():
    model, data = _problem()
    opt = optim.SGD(model.parameters(), lr=0.1)
    for kwargs, name in [(dict(start_lr=0), "start_lr"), (dict(end_lr=1e-8), "end_lr"),
                         (dict(num_iter=1), "num_iter"), (dict(smooth=1.0), "smooth"),
                         (dict(diverge_threshold=0.5), "diverge_threshold")]:
        with pytest.raises(ValueError, match=name):
            lr_finder(model, opt, mse, data, **kwargs)

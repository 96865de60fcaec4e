"""The LR range test: exponential sweep, smoothing, divergence stop, and a full restore."""
import numpy as np
import pytest

from autograd import Tensor
import optim
from optim import lr_finder, suggest_lr
from optim.lr_finder import smooth_losses


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
    before = [p.numpy(force=True).copy() for p in model.parameters()]
    grads_before = [p.grad.numpy().copy() for p in model.parameters()]
    state_before = opt.state_dict()
    lr_finder(model, opt, mse, data, num_iter=30)
    for p, saved, grad in zip(model.parameters(), before, grads_before):
        np.testing.assert_array_equal(p.numpy(force=True), saved)
        np.testing.assert_array_equal(p.grad.numpy(), grad)
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
    lrs, losses, _ = lr_finder(model, opt, mse, data, start_lr=1e-6, end_lr=1e-5, num_iter=20)
    assert len(lrs) == 20                      # three batches, cycled; tiny lrs never diverge
    # with such small lrs the raw loss is about constant per batch
    raw = [float(mse(model(x), y)) for x, y in data]
    np.testing.assert_allclose(losses, smooth_losses([raw[i % 3] for i in range(20)]), rtol=1e-3)


def test_smoothing_has_no_lag_and_ignores_a_wild_batch():
    ramp = np.linspace(1.0, 0.0, 50)
    np.testing.assert_allclose(smooth_losses(ramp)[5:-5], ramp[5:-5])  # each loss at its own lr
    spiky = np.full(50, 0.5)
    spiky[20] = 100.0
    np.testing.assert_allclose(smooth_losses(spiky), 0.5)
    assert smooth_losses([]) == []


def _known_curve(lrs):
    """Falls from 1 to 0.2 around lr = 1e-3 (steepest there), then blows up past 0.1."""
    log_lr = np.log10(lrs)
    falling = 1.0 - 0.8 / (1.0 + np.exp(-3.0 * (log_lr + 3.0)))
    return falling + np.where(log_lr > -1, 10.0 ** (3.0 * (log_lr + 1)) - 1, 0.0)


def test_suggestion_is_the_steepest_descent_of_a_known_curve():
    lrs = list(np.logspace(-6, 1, 71))  # 1e-3 is lrs[30]
    assert suggest_lr(lrs, list(_known_curve(lrs))) == pytest.approx(1e-3)
    assert suggest_lr(lrs[:2], list(_known_curve(lrs[:2]))) is None
    assert suggest_lr(lrs, list(np.linspace(1.0, 2.0, 71))) is None  # the loss never fell


def test_suggestion_comes_before_the_minimum():
    lrs = list(np.logspace(-4, 0, 9))
    # past the minimum (0.24) the loss blows up, then drops from a wild batch: the steepest
    # fall of all, 5.0 -> 0.5, is after the minimum and must not be suggested
    losses = [1.0, 0.99, 0.95, 0.6, 0.3, 0.25, 0.24, 5.0, 0.5]
    assert suggest_lr(lrs, losses) == pytest.approx(lrs[3])


class CurveModel:
    """A 'model' whose loss is `_known_curve` at the optimizer's current lr, times noise."""

    def __init__(self, seed=0):
        self.w = Tensor(np.zeros(1), requires_grad=True)
        self.rng = np.random.default_rng(seed)
        self.optimizer = optim.SGD([self.w], lr=1.0)

    def parameters(self):
        return [self.w]

    def __call__(self, x):
        lr = self.optimizer.param_groups[0]["lr"]
        noise = 1 + 0.05 * self.rng.standard_normal()
        return (self.w * 0).sum() + float(_known_curve(np.array([lr]))[0] * noise)


def test_sweep_on_a_known_noisy_curve_suggests_its_steepest_point():
    model = CurveModel()
    data = [(Tensor(np.zeros(1)), Tensor(np.zeros(1)))]
    lrs, losses, suggested = lr_finder(model, model.optimizer, lambda out, y: out, data,
                                       start_lr=1e-6, end_lr=10, num_iter=150)
    assert lrs[-1] < 10                     # stopped once the loss blew up past 0.1
    assert 1e-3 / 1.6 < suggested < 1e-3 * 1.6
    assert suggested < lrs[int(np.argmin(losses))]


def test_adam_on_the_spiral_is_not_suggested_a_diverging_lr():
    """Notebook 06's case: the old rule suggested 1.6, where Adam's loss blows up."""
    import nn
    from autograd import manual_seed
    from nn.data import DataLoader, TensorDataset, train_test_split

    X, y = nn.data.spiral(200, noise=0.2, seed=0)
    X_tr, _, y_tr, _ = train_test_split(X, y.astype(np.float32).reshape(-1, 1), test_size=0.25,
                                        seed=0)
    manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 8), nn.ReLU(),
                          nn.Linear(8, 1))
    loader = DataLoader(TensorDataset(X_tr, y_tr), batch_size=32, shuffle=True, seed=0)
    lrs, losses, suggested = lr_finder(model, optim.Adam(model.parameters(), lr=1e-3),
                                       nn.BCEWithLogitsLoss(), loader, num_iter=150)
    assert 3e-3 < suggested < 0.1
    assert suggested < lrs[int(np.argmin(losses))]


def test_bad_arguments():
    model, data = _problem()
    opt = optim.SGD(model.parameters(), lr=0.1)
    for kwargs, name in [(dict(start_lr=0), "start_lr"), (dict(end_lr=1e-8), "end_lr"),
                         (dict(num_iter=1), "num_iter"), (dict(smooth=1.0), "smooth"),
                         (dict(diverge_threshold=0.5), "diverge_threshold")]:
        with pytest.raises(ValueError, match=name):
            lr_finder(model, opt, mse, data, **kwargs)

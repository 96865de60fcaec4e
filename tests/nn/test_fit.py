"""`nn.fit`: early stopping, accumulation, clipping, schedulers, callbacks, silence, digits."""
import numpy as np
import pytest

import nn
import optim
from autograd import Tensor, manual_seed
from nn.data import DataLoader, Standardizer, TensorDataset, digits, train_test_split
from nn.evaluation import evaluate
from nn.training import Callback, History, fit


def _regression(n=16, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 3)).astype(np.float32)
    y = (X @ np.array([[1.0], [-2.0], [0.5]], dtype=np.float32) + 0.3).astype(np.float32)
    return X, y


def _linear(seed=0):
    manual_seed(seed)
    return nn.Linear(3, 1)


def _weights(model):
    return {k: v.numpy(force=True).copy() for k, v in model.state_dict().items()}


class Recorder(Callback):
    """Records every hook call as (hook name, arguments)."""

    def __init__(self):
        self.calls = []

    def on_train_begin(self, state):
        self.calls.append(("on_train_begin", state))

    def on_epoch_begin(self, epoch, logs):
        self.calls.append(("on_epoch_begin", epoch, dict(logs)))

    def on_batch_end(self, step, logs):
        self.calls.append(("on_batch_end", step, dict(logs)))

    def on_epoch_end(self, epoch, logs):
        self.calls.append(("on_epoch_end", epoch, dict(logs)))

    def on_train_end(self, state):
        self.calls.append(("on_train_end", state))

    def named(self, hook):
        return [c for c in self.calls if c[0] == hook]


def test_early_stopping_restores_the_best_weights():
    X, y = _regression()
    # validation targets are the negated training targets: fitting one worsens the other,
    # so the validation loss is best after the first epoch and then only grows
    model = _linear()
    snapshots = []

    class Snapshot(Callback):
        def on_epoch_end(self, epoch, logs):
            snapshots.append(_weights(model))

    history = fit(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.05), (X, y),
                  epochs=20, val_data=(X, -y), early_stopping_patience=3, batch_size=4,
                  shuffle=False, callbacks=[Snapshot()], verbose=False)
    assert history.best_epoch == 0
    assert history.stopped_epoch == 3 and history.epochs == 4
    assert np.all(np.diff(history["val_loss"]) > 0)
    for key, value in _weights(model).items():
        np.testing.assert_array_equal(value, snapshots[0][key])
        assert not np.array_equal(value, snapshots[-1][key])
    assert evaluate(model, nn.MSELoss(), (X, -y))[0] == pytest.approx(history["val_loss"][0])


def test_without_restore_best_the_last_weights_stay():
    X, y = _regression()
    model = _linear()
    history = fit(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.05), (X, y),
                  epochs=20, val_data=(X, -y), early_stopping_patience=2, restore_best=False,
                  batch_size=4, shuffle=False, verbose=False)
    assert evaluate(model, nn.MSELoss(), (X, -y))[0] == pytest.approx(history["val_loss"][-1])


@pytest.mark.parametrize("batch, accumulate, big_batch", [(4, 4, 16), (4, 2, 8), (2, 8, 16)])
def test_gradient_accumulation_equals_a_bigger_batch(batch, accumulate, big_batch):
    X, y = _regression()
    small, big = _linear(), _linear()
    h_small = fit(small, nn.MSELoss(), optim.SGD(small.parameters(), lr=0.1), (X, y), epochs=3,
                  batch_size=batch, accumulate_steps=accumulate, shuffle=False, verbose=False)
    h_big = fit(big, nn.MSELoss(), optim.SGD(big.parameters(), lr=0.1), (X, y), epochs=3,
                batch_size=big_batch, shuffle=False, verbose=False)
    for key, value in _weights(small).items():
        np.testing.assert_allclose(value, _weights(big)[key], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(h_small["grad_norm"], h_big["grad_norm"], rtol=1e-5)
    np.testing.assert_allclose(h_small["loss"], h_big["loss"], rtol=1e-5)


def test_accumulation_steps_on_the_last_partial_group():
    X, y = _regression(n=12)
    model = _linear()
    recorder = Recorder()
    fit(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.1), (X, y), epochs=1,
        batch_size=4, accumulate_steps=2, shuffle=False, callbacks=[recorder], verbose=False)
    assert [c[2]["stepped"] for c in recorder.named("on_batch_end")] == [False, True, True]


class _ClipWatcher(optim.SGD):
    """SGD that records the global gradient norm it is asked to step with."""

    seen: list

    def step(self, closure=None):
        grads = [p.grad.numpy(force=True) for g in self.param_groups for p in g["params"]
                 if p.grad is not None]
        self.seen.append(float(np.sqrt(sum((g.astype(np.float64) ** 2).sum() for g in grads))))
        return super().step(closure)


def test_clipping_bounds_the_gradient_norm():
    X, y = _regression()
    y = y * 100  # large errors, large gradients
    model = _linear()
    optimizer = _ClipWatcher(model.parameters(), lr=1e-3)
    optimizer.seen = []
    history = fit(model, nn.MSELoss(), optimizer, (X, y), epochs=2, batch_size=4,
                  clip_grad_norm=1.0, verbose=False)
    assert len(optimizer.seen) == 8
    assert max(optimizer.seen) <= 1.0 + 1e-5
    assert min(history["grad_norm"]) > 10  # the logged norm is measured before clipping


def test_epoch_scheduler_steps_once_per_epoch_and_history_holds_the_lr_used():
    X, y = _regression()
    model = _linear()
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)
    history = fit(model, nn.MSELoss(), optimizer, (X, y), epochs=3, batch_size=4,
                  scheduler=scheduler, verbose=False)
    np.testing.assert_allclose(history["lr"], [0.1, 0.05, 0.025])
    assert optimizer.param_groups[0]["lr"] == pytest.approx(0.0125)


def test_batch_scheduler_steps_after_every_optimizer_step():
    X, y = _regression()
    model = _linear()
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)
    recorder = Recorder()
    fit(model, nn.MSELoss(), optimizer, (X, y), epochs=2, batch_size=4, accumulate_steps=2,
        scheduler=scheduler, scheduler_step="batch", callbacks=[recorder], verbose=False)
    assert optimizer.param_groups[0]["lr"] == pytest.approx(0.1 * 0.5 ** 4)  # 2 epochs x 2 steps
    lrs = [c[2]["lr"] for c in recorder.named("on_batch_end")]
    np.testing.assert_allclose(lrs, [0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125, 0.0125])


def test_reduce_on_plateau_gets_the_validation_loss():
    X, y = _regression()
    model = _linear()
    optimizer = optim.SGD(model.parameters(), lr=0.05)
    seen = []

    class Plateau(optim.lr_scheduler.ReduceLROnPlateau):
        def step(self, metrics):
            seen.append(metrics)
            super().step(metrics)

    scheduler = Plateau(optimizer, patience=0, factor=0.5)
    history = fit(model, nn.MSELoss(), optimizer, (X, y), epochs=4, val_data=(X, -y),
                  batch_size=4, scheduler=scheduler, verbose=False)
    assert seen == history["val_loss"]
    # the first epoch sets the best; each later one is worse and halves the next epoch's lr
    assert history["lr"] == pytest.approx([0.05, 0.05, 0.025, 0.0125])


def test_callbacks_are_called_with_documented_arguments():
    X, y = digits()
    X, y = X[:96] / 16, y[:96]
    manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 16), nn.ReLU(), nn.Linear(16, 10))
    recorder = Recorder()

    class OnlyEpochs:  # a plain object with one hook is enough
        epochs = []

        def on_epoch_end(self, epoch, logs):
            self.epochs.append(epoch)

    history = fit(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters()), (X, y),
                  epochs=2, val_data=(X, y), metric="accuracy", batch_size=32,
                  callbacks=[recorder, OnlyEpochs()], verbose=False)
    hooks = [c[0] for c in recorder.calls]
    assert hooks == (["on_train_begin"] + (["on_epoch_begin"] + ["on_batch_end"] * 3
                                            + ["on_epoch_end"]) * 2 + ["on_train_end"])
    state = recorder.calls[0][1]
    assert state.model is model and state.history is history and state.epochs == 2
    assert state.step == 6
    steps = [c[1] for c in recorder.named("on_batch_end")]
    assert steps == [1, 2, 3, 4, 5, 6]
    batch_logs = recorder.named("on_batch_end")[0][2]
    assert {"epoch", "batch", "loss", "lr", "grad_norm", "grad_norms", "stepped"} <= set(batch_logs)
    names = [name for name, _ in model.named_parameters()]
    assert list(batch_logs["grad_norms"]) == names
    assert batch_logs["grad_norm"] == pytest.approx(
        np.sqrt(sum(v ** 2 for v in batch_logs["grad_norms"].values())))
    epoch, logs = recorder.named("on_epoch_end")[1][1:]
    assert epoch == 1
    assert {"loss", "metric", "val_loss", "val_metric", "lr", "grad_norm", "grad_norms",
            "epoch_time"} <= set(logs)
    assert logs["val_loss"] == history["val_loss"][1] and logs["metric"] == history["metric"][1]
    assert OnlyEpochs.epochs == [0, 1]


def test_a_callback_can_stop_training():
    X, y = _regression()
    model = _linear()

    class StopAfterOne(Callback):
        def on_train_begin(self, state):
            self.state = state

        def on_epoch_end(self, epoch, logs):
            self.state.stop_training = True

    history = fit(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.01), (X, y),
                  epochs=5, callbacks=[StopAfterOne()], verbose=False)
    assert history.epochs == 1 and history.stopped_epoch == 0


def test_verbose_false_prints_nothing_and_true_shows_a_bar(capsys):
    X, y = _regression()
    model = _linear()
    fit(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.01), (X, y), epochs=2,
        val_data=(X, y), verbose=False)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    fit(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.01), (X, y), epochs=2,
        val_data=(X, y), verbose=True)
    captured = capsys.readouterr()
    shown = captured.out + captured.err
    assert "epoch 2/2" in shown and "val_loss" in shown and "lr" in shown and "grad_norm" in shown


def test_data_loader_and_arrays_give_the_same_history():
    X, y = _regression()
    a, b = _linear(), _linear()
    h_arrays = fit(a, nn.MSELoss(), optim.SGD(a.parameters(), lr=0.05), (X, y), epochs=2,
                   batch_size=4, shuffle=False, verbose=False)
    loader = DataLoader(TensorDataset(X, y), batch_size=4)
    h_loader = fit(b, nn.MSELoss(), optim.SGD(b.parameters(), lr=0.05), loader, epochs=2,
                   verbose=False)
    assert h_arrays["loss"] == pytest.approx(h_loader["loss"])
    assert isinstance(h_loader, History) and h_loader.epochs == 2
    assert h_loader["val_loss"] == [] and h_loader["metric"] == []


def test_bad_arguments_are_named():
    X, y = _regression()
    model = _linear()
    sgd = optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match="scheduler_step must be 'epoch' or 'batch'"):
        fit(model, nn.MSELoss(), sgd, (X, y), scheduler_step="step", verbose=False)
    with pytest.raises(ValueError, match="accumulate_steps must be a positive int"):
        fit(model, nn.MSELoss(), sgd, (X, y), accumulate_steps=0, verbose=False)
    with pytest.raises(TypeError, match="one-shot iterator"):
        fit(model, nn.MSELoss(), sgd, iter([(Tensor(X), Tensor(y))]), verbose=False)
    with pytest.raises(ValueError, match="metric must be None, 'accuracy' or a callable"):
        fit(model, nn.MSELoss(), sgd, (X, y), metric="f1", verbose=False)


def test_digits_mlp_reaches_97_percent_test_accuracy():
    """64-128-10 MLP, dropout, label smoothing, Adam with a cosine schedule: >= 97% on a
    held-out quarter of the digits (standardised with training statistics)."""
    X, y = digits()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, seed=0,
                                                        stratify=True)
    X_train, X_val, y_train, y_val = train_test_split(X_train, y_train, test_size=0.15,
                                                      seed=1, stratify=True)
    scaler = Standardizer().fit(X_train)
    X_train, X_val, X_test = (scaler.transform(a) for a in (X_train, X_val, X_test))
    manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 10))
    optimizer = optim.Adam(model.parameters(), lr=3e-3)
    epochs = 30
    history = fit(model, nn.CrossEntropyLoss(label_smoothing=0.1), optimizer,
                  (X_train, y_train), epochs=epochs, val_data=(X_val, y_val),
                  metric="accuracy", batch_size=32, seed=0,
                  scheduler=optim.lr_scheduler.CosineAnnealingLR(optimizer, epochs),
                  verbose=False)
    _, test_accuracy = evaluate(model, nn.CrossEntropyLoss(), (X_test, y_test), "accuracy")
    print(f"digits test accuracy: {test_accuracy:.4f} ({len(y_test)} images), "
          f"validation {history['val_metric'][-1]:.4f}")
    assert history["loss"][-1] < history["loss"][0]
    assert test_accuracy >= 0.97

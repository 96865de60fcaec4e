"""Optimizers and schedulers on nn modules: a checkpoint through nn.save / nn.load resumes
identically."""
import numpy as np
import pytest

from autograd import Tensor
import nn
import optim
from optim import lr_scheduler

CASES = [
    ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True), None),
    ("Momentum", dict(lr=0.1, bias_correction=True), lambda o: lr_scheduler.StepLR(o, 3)),
    ("RMSprop", dict(lr=0.01, momentum=0.5, centered=True), None),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01), None),
    ("Adadelta", dict(), None),
    ("Adam", dict(lr=0.01, amsgrad=True), lambda o: lr_scheduler.OneCycleLR(o, 0.05, 20)),
    ("AdamW", dict(lr=0.01), lambda o: lr_scheduler.warmup_cosine(o, 3, 20)),
    ("Adamax", dict(), None),
    ("NAdam", dict(), lambda o: lr_scheduler.SequentialLR(
        o, [lr_scheduler.LinearLR(o, 0.5, total_iters=4),
            lr_scheduler.CosineAnnealingLR(o, 16)], [4])),
    ("RAdam", dict(), lambda o: lr_scheduler.ExponentialLR(o, 0.9)),
    ("LAMB", dict(lr=0.01, weight_decay=0.01), None),
]


def _model(seed):
    nn_rng = np.random.default_rng(seed)
    model = nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 1))
    for p in model.parameters():  # a fixed, seeded start, whatever nn.init draws
        p.numpy(force=True)[...] = nn_rng.standard_normal(p.shape)
    return model


def _batches(seed, n=20):
    rng = np.random.default_rng(seed)
    return [(Tensor(rng.standard_normal((8, 3)).astype(np.float32)),
             Tensor(rng.standard_normal((8, 1)).astype(np.float32))) for _ in range(n)]


def _train(model, opt, sched, batches):
    for x, y in batches:
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        opt.step()
        if sched is not None:
            sched.step()


@pytest.mark.parametrize("name, kwargs, make_sched", CASES, ids=[c[0] for c in CASES])
def test_checkpoint_through_nn_save_resumes_identically(tmp_path, name, kwargs, make_sched):
    batches = _batches(1)
    model = _model(0)
    opt = getattr(optim, name)(model.parameters(), **kwargs)
    sched = make_sched(opt) if make_sched else None
    _train(model, opt, sched, batches[:10])
    path = tmp_path / "checkpoint.npz"
    nn.save({"model": model.state_dict(), "optim": opt.state_dict(),
             "sched": sched.state_dict() if sched else None, "epoch": 10}, path)
    _train(model, opt, sched, batches[10:])

    checkpoint = nn.load(path)
    model2 = _model(99)
    model2.load_state_dict(checkpoint["model"])
    opt2 = getattr(optim, name)(model2.parameters(), **kwargs)
    sched2 = make_sched(opt2) if make_sched else None
    opt2.load_state_dict(checkpoint["optim"])
    if sched2 is not None:
        sched2.load_state_dict(checkpoint["sched"])
    assert checkpoint["epoch"] == 10
    _train(model2, opt2, sched2, batches[10:])
    for (key, p), (_, q) in zip(model.named_parameters(), model2.named_parameters()):
        np.testing.assert_array_equal(p.numpy(force=True), q.numpy(force=True), err_msg=key)
    assert opt2.param_groups[0]["lr"] == opt.param_groups[0]["lr"]


def test_lbfgs_checkpoint_through_nn_save(tmp_path):
    x, y = _batches(2, 1)[0]
    model = _model(0)
    opt = optim.LBFGS(model.parameters(), line_search_fn="strong_wolfe", max_iter=3,
                      history_size=4)

    def closure_for(m, o):
        def closure():
            o.zero_grad()
            loss = ((m(x) - y) ** 2).mean()
            loss.backward()
            return loss
        return closure
    for _ in range(3):
        opt.step(closure_for(model, opt))
    nn.save({"model": model.state_dict(), "optim": opt.state_dict()}, tmp_path / "lbfgs.npz")
    for _ in range(3):
        opt.step(closure_for(model, opt))
    checkpoint = nn.load(tmp_path / "lbfgs.npz")
    model2 = _model(5)
    model2.load_state_dict(checkpoint["model"])
    opt2 = optim.LBFGS(model2.parameters(), line_search_fn="strong_wolfe", max_iter=3,
                       history_size=4)
    opt2.load_state_dict(checkpoint["optim"])
    for _ in range(3):
        opt2.step(closure_for(model2, opt2))
    for p, q in zip(model.parameters(), model2.parameters()):
        np.testing.assert_array_equal(p.numpy(force=True), q.numpy(force=True))


def test_optimizers_update_nn_parameters_in_place():
    model = _model(3)
    params = list(model.parameters())
    arrays = [p.numpy(force=True) for p in params]
    opt = optim.Adam(model.parameters(), lr=0.1)
    _train(model, opt, None, _batches(3, 2))
    assert all(np.shares_memory(p.numpy(force=True), a)
               for p, a in zip(model.parameters(), arrays))
    assert all(p is q for p, q in zip(model.parameters(), opt.param_groups[0]["params"]))

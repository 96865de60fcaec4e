"""Every scheduler's lr sequence over 60 steps against PyTorch, chaining, and state dicts."""
import copy
import math

import numpy as np
import pytest

from autograd import Tensor
import optim
from optim import lr_scheduler

torch = pytest.importorskip("torch")
torch.set_num_threads(1)

EPOCHS = 60


def _optimizers(name="SGD", **kwargs):
    ours = [Tensor(np.zeros(2), requires_grad=True), Tensor(np.zeros(3), requires_grad=True)]
    theirs = [torch.zeros(2, requires_grad=True), torch.zeros(3, requires_grad=True)]
    opt = getattr(optim, name)([{"params": ours[:1]}, {"params": ours[1:], "lr": 0.05}],
                               lr=0.1, **kwargs)
    ref = getattr(torch.optim, name)([{"params": theirs[:1]}, {"params": theirs[1:], "lr": 0.05}],
                                     lr=0.1, **kwargs)
    return opt, ref


SCHEDULERS = {
    "StepLR": lambda m, o: [m.StepLR(o, step_size=7, gamma=0.5)],
    "MultiStepLR": lambda m, o: [m.MultiStepLR(o, milestones=[10, 25, 25, 40], gamma=0.3)],
    "ExponentialLR": lambda m, o: [m.ExponentialLR(o, gamma=0.95)],
    "CosineAnnealingLR": lambda m, o: [m.CosineAnnealingLR(o, T_max=20, eta_min=0.001)],
    "CosineAnnealingWarmRestarts": lambda m, o: [
        m.CosineAnnealingWarmRestarts(o, T_0=7, T_mult=2, eta_min=0.01)],
    "CosineAnnealingWarmRestarts-1": lambda m, o: [m.CosineAnnealingWarmRestarts(o, T_0=9)],
    "LinearLR": lambda m, o: [m.LinearLR(o, start_factor=0.25, total_iters=10)],
    "LinearLR-down": lambda m, o: [m.LinearLR(o, start_factor=1.0, end_factor=0.1,
                                              total_iters=30)],
    "LambdaLR": lambda m, o: [m.LambdaLR(o, lambda e: 0.9 ** e)],
    "LambdaLR-list": lambda m, o: [m.LambdaLR(o, [lambda e: 1 / (1 + e),
                                                  lambda e: math.cos(e / 30)])],
    "SequentialLR": lambda m, o: [m.SequentialLR(
        o, [m.LinearLR(o, start_factor=0.1, total_iters=10),
            m.CosineAnnealingLR(o, T_max=50, eta_min=1e-4)], milestones=[10])],
    "SequentialLR-3": lambda m, o: [m.SequentialLR(
        o, [m.ExponentialLR(o, gamma=0.9), m.StepLR(o, step_size=5, gamma=0.5),
            m.MultiStepLR(o, milestones=[5, 10])], milestones=[15, 35])],
    "OneCycleLR": lambda m, o: [m.OneCycleLR(o, max_lr=[1.0, 0.5], total_steps=EPOCHS)],
    "OneCycleLR-linear-3": lambda m, o: [m.OneCycleLR(
        o, max_lr=0.8, epochs=6, steps_per_epoch=10, pct_start=0.25,
        anneal_strategy="linear", three_phase=True, div_factor=10.0)],
    "chained-Step-Exponential": lambda m, o: [m.StepLR(o, step_size=10, gamma=0.5),
                                              m.ExponentialLR(o, gamma=0.97)],
    "chained-Linear-Cosine": lambda m, o: [m.LinearLR(o, start_factor=0.5, total_iters=8),
                                           m.CosineAnnealingLR(o, T_max=25)],
    "ChainedScheduler": lambda m, o: [m.ChainedScheduler(
        [m.LinearLR(o, start_factor=0.2, total_iters=10), m.ExponentialLR(o, gamma=0.96)])],
}


@pytest.mark.parametrize("name", list(SCHEDULERS))
def test_lr_sequence_equals_pytorch(name):
    opt, ref = _optimizers(momentum=0.9)
    ours = SCHEDULERS[name](lr_scheduler, opt)
    theirs = SCHEDULERS[name](torch.optim.lr_scheduler, ref)
    for epoch in range(EPOCHS):
        for o in (opt, ref):
            o.step()
        np.testing.assert_allclose(ours[-1].get_last_lr(), theirs[-1].get_last_lr(),
                                   rtol=1e-12, atol=1e-15, err_msg=f"epoch {epoch}")
        np.testing.assert_allclose([g["lr"] for g in opt.param_groups],
                                   [g["lr"] for g in ref.param_groups], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose([g["momentum"] for g in opt.param_groups],
                                   [g["momentum"] for g in ref.param_groups], rtol=1e-12)
        if hasattr(theirs[-1], "last_epoch"):
            assert ours[-1].last_epoch == theirs[-1].last_epoch
        for s in ours + theirs:
            s.step()


def test_one_cycle_cycles_adam_beta1_like_pytorch():
    opt, ref = _optimizers("Adam")
    ours = lr_scheduler.OneCycleLR(opt, max_lr=0.3, total_steps=EPOCHS)
    theirs = torch.optim.lr_scheduler.OneCycleLR(ref, max_lr=0.3, total_steps=EPOCHS)
    for _ in range(EPOCHS - 1):
        opt.step(); ref.step(); ours.step(); theirs.step()
        np.testing.assert_allclose([g["betas"][0] for g in opt.param_groups],
                                   [g["betas"][0] for g in ref.param_groups], rtol=1e-12)
        np.testing.assert_allclose(ours.get_last_lr(), theirs.get_last_lr(), rtol=1e-12)


@pytest.mark.parametrize("kwargs", [
    dict(patience=3),
    dict(mode="max", factor=0.5, patience=2, cooldown=3, threshold=0.05),
    dict(threshold_mode="abs", threshold=0.1, patience=1, min_lr=[0.01, 0.02]),
    dict(mode="max", threshold_mode="abs", patience=0, factor=0.9, eps=1e-3),
])
def test_reduce_lr_on_plateau_equals_pytorch(kwargs):
    opt, ref = _optimizers()
    ours = lr_scheduler.ReduceLROnPlateau(opt, **kwargs)
    theirs = torch.optim.lr_scheduler.ReduceLROnPlateau(ref, **kwargs)
    rng = np.random.default_rng(0)
    metrics = np.concatenate([np.linspace(1.0, 0.5, 15), 0.5 + 0.05 * rng.random(45)])
    for metric in metrics:
        opt.step(); ref.step()
        ours.step(metric)
        theirs.step(metric)
        np.testing.assert_allclose(ours.get_last_lr(), theirs.get_last_lr(), rtol=1e-12)
        assert ours.num_bad_epochs == theirs.num_bad_epochs
        assert ours.in_cooldown == theirs.in_cooldown


def test_inverse_time_lr_is_course_formula_and_chainable():
    opt, ref = _optimizers()
    ours = lr_scheduler.InverseTimeLR(opt, decay_rate=0.3)
    theirs = torch.optim.lr_scheduler.LambdaLR(ref, lambda t: 1 / (1 + 0.3 * t))
    for t in range(EPOCHS):
        assert ours.get_last_lr() == pytest.approx([0.1 / (1 + 0.3 * t), 0.05 / (1 + 0.3 * t)],
                                                   rel=1e-12)
        np.testing.assert_allclose(ours.get_last_lr(), theirs.get_last_lr(), rtol=1e-12)
        opt.step(); ref.step(); ours.step(); theirs.step()
    # chained with a StepLR, the factors multiply
    opt, _ = _optimizers()
    inverse = lr_scheduler.InverseTimeLR(opt, decay_rate=0.3)
    step = lr_scheduler.StepLR(opt, step_size=4, gamma=0.5)
    for t in range(1, 20):
        opt.step(); inverse.step(); step.step()
        assert opt.param_groups[0]["lr"] == pytest.approx(0.1 / (1 + 0.3 * t) * 0.5 ** (t // 4))


def test_warmup_cosine_is_one_line_and_matches_formula():
    opt, ref = _optimizers()
    sched = lr_scheduler.warmup_cosine(opt, warmup_steps=10, total_steps=50, min_lr=0.001)

    def expected(base, t):
        if t < 10:
            return base * t / 10
        if t > 50:
            return 0.001
        return 0.001 + 0.5 * (base - 0.001) * (1 + math.cos(math.pi * (t - 10) / 40))
    lrs = []
    for t in range(EPOCHS):
        assert sched.get_last_lr() == pytest.approx([expected(0.1, t), expected(0.05, t)],
                                                    rel=1e-12, abs=1e-15)
        lrs.append(sched.get_last_lr()[0])
        opt.step(); sched.step()
    assert max(lrs) == pytest.approx(0.1) and lrs.index(max(lrs)) == 10
    with pytest.raises(ValueError, match="total_steps"):
        lr_scheduler.warmup_cosine(opt, warmup_steps=10, total_steps=10)


@pytest.mark.parametrize("name", ["StepLR", "MultiStepLR", "CosineAnnealingLR", "SequentialLR",
                                  "ChainedScheduler",
                                  "OneCycleLR", "CosineAnnealingWarmRestarts",
                                  "chained-Linear-Cosine"])
def test_state_dict_round_trip_continues_identically(name):
    opt, _ = _optimizers(momentum=0.9)
    scheds = SCHEDULERS[name](lr_scheduler, opt)
    for _ in range(17):
        opt.step()
        for s in scheds:
            s.step()
    saved_opt = copy.deepcopy(opt.state_dict())
    saved = [copy.deepcopy(s.state_dict()) for s in scheds]
    expected = []
    for _ in range(20):
        opt.step()
        for s in scheds:
            s.step()
        expected.append(scheds[-1].get_last_lr())
    opt2, _ = _optimizers(momentum=0.9)
    scheds2 = SCHEDULERS[name](lr_scheduler, opt2)
    opt2.load_state_dict(saved_opt)
    for s, state in zip(scheds2, saved):
        s.load_state_dict(state)
    for lrs in expected:
        opt2.step()
        for s in scheds2:
            s.step()
        assert scheds2[-1].get_last_lr() == pytest.approx(lrs, rel=1e-14)


ORDERS = {
    "scheduler-first": "s",
    "optimizer-first": "os",
    "scheduler-twice-then-optimizer": "sso",
    "optimizer-then-scheduler-twice": "oss",
}


@pytest.mark.parametrize("name", ["StepLR", "OneCycleLR", "SequentialLR", "ChainedScheduler",
                                  "CosineAnnealingWarmRestarts-1", "LambdaLR"])
@pytest.mark.parametrize("order", list(ORDERS))
def test_step_order_warnings_equal_pytorchs(name, order):
    """The same calls give the same warnings, word for word, as PyTorch's schedulers."""
    import warnings

    opt, ref = _optimizers(momentum=0.9)
    raised = []
    for module, o in ((lr_scheduler, opt), (torch.optim.lr_scheduler, ref)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            schedulers = SCHEDULERS[name](module, o)
            for call in ORDERS[order]:
                for s in ([o] if call == "o" else schedulers):
                    s.step()
        raised.append([(w.category, str(w.message)) for w in caught])
    assert raised[0] == raised[1]
    assert (len(raised[0]) > 0) == (order.startswith("scheduler") and "WarmRestarts" not in name)


def test_get_lr_outside_step_warns_as_pytorch():
    opt, ref = _optimizers()
    ours, theirs = lr_scheduler.StepLR(opt, 2), torch.optim.lr_scheduler.StepLR(ref, 2)
    with pytest.warns(UserWarning) as caught:
        ours.get_lr()
        theirs.get_lr()
    assert str(caught[0].message) == str(caught[1].message)
    assert "get_last_lr()" in str(caught[0].message)

"""A sweep of bad inputs to optim: each one gets a clear error (or PyTorch's warning).

Every row is one call a learner might get wrong: a constructor argument out of range, a
malformed parameter list, a state dict that does not fit, a scheduler misused. "Clear"
means the error names the argument and the problem; a NumPy or Python error from deep
inside, or a wrong result with no error, fails the sweep. Wording follows PyTorch where
PyTorch has a message for the same mistake.
"""
import warnings

import numpy as np
import pytest

from autograd import Tensor
import optim
from optim import lr_scheduler

OPTIMIZERS = ["SGD", "Momentum", "RMSprop", "Adagrad", "Adadelta", "Adam", "AdamW", "Adamax",
              "NAdam", "RAdam", "LAMB", "LBFGS"]
WITH_EPS = ["RMSprop", "Adagrad", "Adadelta", "Adam", "AdamW", "Adamax", "NAdam", "RAdam",
            "LAMB"]
WITH_WEIGHT_DECAY = ["SGD", "Momentum", "RMSprop", "Adagrad", "Adadelta", "Adam", "AdamW",
                     "Adamax", "NAdam", "RAdam", "LAMB"]
WITH_BETAS = ["Adam", "AdamW", "Adamax", "NAdam", "RAdam", "LAMB"]


_DELETE = object()  # marks an entry that _adam_state or _scheduler_state removes


def _param(n=2):
    return Tensor(np.ones(n), requires_grad=True)


def _make(name, **kwargs):
    return lambda: getattr(optim, name)([_param()], **kwargs)


def _sgd(*params):
    return optim.SGD(list(params) or [_param()], lr=0.1)


def _adam_state(**changes):
    """Load into a fresh Adam the state dict of a trained one, with `changes` applied to it."""
    def call():
        params = [_param(2), _param(3)]
        opt = optim.Adam(params, lr=0.1)
        for p in params:
            p.grad = Tensor(np.full(p.shape, 0.5))
        opt.step()
        saved = opt.state_dict()
        for path, value in changes.items():
            *keys, last = path.split(".")
            target = saved
            for key in keys:
                target = target[int(key) if key.isdigit() else key]
            last = int(last) if last.isdigit() else last
            if value is _DELETE:
                del target[last]
            else:
                target[last] = value
        optim.Adam([_param(2), _param(3)], lr=0.1).load_state_dict(saved)
    return call



def _lbfgs_state(**changes):
    def call():
        x = _param(3)
        opt = optim.LBFGS([x], max_iter=3)

        def closure():
            opt.zero_grad()
            loss = ((x - 2.0) ** 2).sum()
            loss.backward()
            return loss
        opt.step(closure)
        opt.step(closure)
        saved = opt.state_dict()
        saved["state"][0].update(changes)
        optim.LBFGS([_param(3)], max_iter=3).load_state_dict(saved)
    return call


def _scheduler_state(make_saved, make_target, **changes):
    def call():
        saved = make_saved(_sgd()).state_dict()
        for key, value in changes.items():
            if value is _DELETE:
                del saved[key]
            else:
                saved[key] = value
        make_target(_sgd()).load_state_dict(saved)
    return call


def _stepped(make, steps):
    def call():
        opt = _sgd()
        scheduler = make(opt)
        for _ in range(steps):
            opt.step()
            scheduler.step()
    return call


def _with(make, then):
    """Build with `make`, then run `then` on what it returns."""
    return lambda: then(make())


def _two_groups_opt():
    return optim.SGD([{"params": [_param()]}, {"params": [_param()]}], lr=0.1)


_a = _param()
_b = _param()


def _returns_none_closure():
    x = _param()
    opt = optim.LBFGS([x])

    def closure():
        opt.zero_grad()
        (x * x).sum().backward()
    opt.step(closure)


CASES = [
    # --- hyper-parameters out of range, named as PyTorch names them ---------------------
    *[(f"{n}-lr-negative", _make(n, lr=-1), ValueError, r"Invalid learning rate: -1")
      for n in OPTIMIZERS],
    ("Adam-lr-nan", _make("Adam", lr=float("nan")), ValueError, r"Invalid learning rate: nan"),
    ("SGD-lr-string", _make("SGD", lr="0.1"), TypeError, r"lr must be a number, got '0.1'"),
    ("Adam-lr-None", _make("Adam", lr=None), TypeError, r"lr must be a number, got None"),
    ("SGD-lr-list", _make("SGD", lr=[0.1]), TypeError, r"lr must be a number"),
    *[(f"{n}-eps-negative", _make(n, eps=-1), ValueError, r"Invalid epsilon value: -1")
      for n in WITH_EPS],
    *[(f"{n}-weight_decay-negative", _make(n, weight_decay=-1), ValueError,
       r"Invalid weight_decay value: -1") for n in WITH_WEIGHT_DECAY],
    *[(f"{n}-beta1-one", _make(n, betas=(1.0, 0.999)), ValueError,
       r"Invalid beta parameter at index 0: 1.0") for n in WITH_BETAS],
    ("Adam-beta2-negative", _make("Adam", betas=(0.9, -0.1)), ValueError,
     r"Invalid beta parameter at index 1: -0.1"),
    ("Adam-betas-scalar", _make("Adam", betas=0.9), TypeError, r"betas must be a pair"),
    ("Adam-betas-one-value", _make("Adam", betas=(0.9,)), ValueError, r"betas must be a pair"),
    ("Adam-beta-None", _make("Adam", betas=(None, 0.999)), TypeError,
     r"betas\[0\] must be a number, got None"),
    ("SGD-momentum-negative", _make("SGD", momentum=-1), ValueError,
     r"Invalid momentum value: -1"),
    ("RMSprop-momentum-negative", _make("RMSprop", momentum=-1), ValueError,
     r"Invalid momentum value: -1"),
    ("SGD-dampening-negative", _make("SGD", dampening=-1), ValueError,
     r"Invalid dampening value: -1"),
    ("SGD-nesterov-without-momentum", _make("SGD", nesterov=True), ValueError,
     r"Nesterov momentum requires a momentum and zero dampening"),
    ("SGD-nesterov-with-dampening", _make("SGD", momentum=0.9, dampening=0.1, nesterov=True),
     ValueError, r"Nesterov momentum requires a momentum and zero dampening"),
    ("Momentum-beta-one", _make("Momentum", beta=1.0), ValueError, r"Invalid beta value: 1.0"),
    ("RMSprop-alpha-negative", _make("RMSprop", alpha=-0.5), ValueError,
     r"Invalid alpha value: -0.5"),
    ("Adagrad-lr_decay-negative", _make("Adagrad", lr_decay=-1), ValueError,
     r"Invalid lr_decay value: -1"),
    ("Adagrad-initial_accumulator_value-negative",
     _make("Adagrad", initial_accumulator_value=-1), ValueError,
     r"Invalid initial_accumulator_value value: -1"),
    ("Adadelta-rho-above-one", _make("Adadelta", rho=1.5), ValueError, r"Invalid rho value: 1.5"),
    ("NAdam-momentum_decay-negative", _make("NAdam", momentum_decay=-1), ValueError,
     r"Invalid momentum_decay value: -1"),
    ("LAMB-trust_clip-negative", _make("LAMB", trust_clip=-1), ValueError,
     r"Invalid trust_clip value: -1"),
    ("LBFGS-history_size-zero", _make("LBFGS", history_size=0), ValueError,
     r"Invalid history_size value: 0"),
    ("LBFGS-max_iter-zero", _make("LBFGS", max_iter=0), ValueError, r"Invalid max_iter value: 0"),
    ("LBFGS-max_iter-float", _make("LBFGS", max_iter=2.5), ValueError,
     r"Invalid max_iter value: 2.5"),
    ("LBFGS-tolerance_grad-negative", _make("LBFGS", tolerance_grad=-1), ValueError,
     r"Invalid tolerance_grad value: -1"),
    ("LBFGS-line_search_fn-unknown", _make("LBFGS", line_search_fn="backtracking"), ValueError,
     r"line_search_fn.*'backtracking'"),
    # --- the parameter list ------------------------------------------------------------
    ("params-a-Tensor", lambda: optim.SGD(_param(), lr=0.1), TypeError,
     r"params argument given to the optimizer should be an iterable of Tensors or dicts, "
     r"but got autograd.Tensor"),
    ("params-None", lambda: optim.SGD(None, lr=0.1), TypeError,
     r"params argument given to the optimizer should be an iterable.*NoneType"),
    ("params-empty", lambda: optim.SGD([], lr=0.1), ValueError,
     r"optimizer got an empty parameter list"),
    ("params-exhausted-generator",
     _with(lambda: (p for p in [_param()]), lambda g: (list(g), optim.SGD(g, lr=0.1))),
     ValueError, r"optimizer got an empty parameter list"),
    ("params-holds-an-array", lambda: optim.SGD([_param(), np.ones(2)], lr=0.1), TypeError,
     r"optimizer can only optimize Tensors, but one of the params is numpy.ndarray"),
    ("params-holds-a-float", lambda: optim.SGD([_param(), 1.0], lr=0.1), TypeError,
     r"optimizer can only optimize Tensors, but one of the params is float"),
    ("params-non-leaf", lambda: optim.SGD([_param() * 2], lr=0.1), ValueError,
     r"can't optimize a non-leaf Tensor"),
    ("params-duplicate", lambda: optim.SGD([_a, _b, _a], lr=0.1), ValueError,
     r"duplicate parameters"),
    ("params-in-two-groups", lambda: optim.SGD([{"params": [_a]}, {"params": [_b, _a]}], lr=0.1),
     ValueError, r"some parameters appear in more than one parameter group"),
    ("group-without-params", lambda: optim.SGD([{"lr": 0.1}], lr=0.1), KeyError,
     r"'params'"),
    ("group-params-a-set", lambda: optim.SGD([{"params": {_a}}], lr=0.1), TypeError,
     r"ordered collections"),
    ("tensor-then-group", lambda: optim.SGD([_a, {"params": [_b]}], lr=0.1), TypeError,
     r"one of the params is dict"),
    ("group-then-tensor", lambda: optim.SGD([{"params": [_a]}, _b], lr=0.1), TypeError,
     r"param_group must be a dict, but got Tensor"),
    ("named-and-unnamed", lambda: optim.SGD([("w", _param()), _param()], lr=0.1), ValueError,
     r"all optimizer params should be with/without names"),
    ("add_param_group-bad-lr", _with(_sgd, lambda o: o.add_param_group({"params": [_param()],
                                                                        "lr": -3})),
     ValueError, r"Invalid learning rate: -3"),
    ("add_param_group-a-Tensor", _with(_sgd, lambda o: o.add_param_group(_param())), TypeError,
     r"param_group must be a dict"),
    ("LBFGS-two-groups", lambda: optim.LBFGS([{"params": [_param()]}, {"params": [_param()]}]),
     ValueError, r"LBFGS doesn't support per-parameter options"),
    # --- step --------------------------------------------------------------------------
    ("step-closure-not-callable", _with(_sgd, lambda o: o.step(5)), TypeError,
     r"closure must be callable, got int"),
    ("LBFGS-step-without-closure", _with(lambda: optim.LBFGS([_param()]), lambda o: o.step(None)),
     TypeError, r"LBFGS.step needs a closure"),
    ("LBFGS-closure-returns-None", _returns_none_closure, TypeError,
     r"closure must return the loss.*got None"),
    # --- optimizer load_state_dict -----------------------------------------------------
    ("load-None", _with(_sgd, lambda o: o.load_state_dict(None)), TypeError,
     r"state_dict must be a dict, got NoneType"),
    ("load-without-state", _adam_state(state=_DELETE), ValueError, r"lacks the key 'state'"),
    ("load-without-param_groups", _adam_state(param_groups=_DELETE), ValueError,
     r"lacks the key 'param_groups'"),
    ("load-state-a-list", _adam_state(state=[]), TypeError, r"'state' must be a dict"),
    ("load-param_groups-a-dict", _adam_state(param_groups={}), TypeError,
     r"'param_groups' must be a list"),
    ("load-group-count", _with(_sgd, lambda o: o.load_state_dict(_two_groups_opt().state_dict())),
     ValueError, r"loaded state dict has a different number of parameter groups"),
    ("load-group-size", _with(lambda: _sgd(_param(), _param()),
                              lambda o: o.load_state_dict(_sgd().state_dict())),
     ValueError, r"loaded state dict contains a parameter group that doesn't match the size "
                 r"of optimizer's group"),
    ("load-group-without-params", _adam_state(**{"param_groups.0.params": _DELETE}), ValueError,
     r"param_groups\[0\] lacks 'params'"),
    ("load-group-without-betas", _adam_state(**{"param_groups.0.betas": _DELETE}), ValueError,
     r"param_groups\[0\] lacks 'betas'"),
    ("load-group-lr-None", _adam_state(**{"param_groups.0.lr": None}), TypeError,
     r"param_groups\[0\]: lr must be a number, got None"),
    ("load-group-lr-negative", _adam_state(**{"param_groups.0.lr": -1.0}), ValueError,
     r"param_groups\[0\]: Invalid learning rate: -1"),
    ("load-state-of-unknown-param", _adam_state(**{"state.5": {"step": 1}}), ValueError,
     r"state for parameter 5, which no parameter group lists"),
    ("load-state-key-not-an-index", _adam_state(**{"state.abc": {"step": 1}}), ValueError,
     r"state keys must be parameter indices, got 'abc'"),
    ("load-state-entry-not-a-dict", _adam_state(**{"state.0": 5}), TypeError,
     r"state of parameter 0 must be a dict, got int"),
    ("load-exp_avg-None", _adam_state(**{"state.0.exp_avg": None}), ValueError,
     r"state of parameter 0: 'exp_avg' is None"),
    ("load-step-None", _adam_state(**{"state.0.step": None}), ValueError,
     r"state of parameter 0: 'step' is None"),
    ("load-step-string", _adam_state(**{"state.0.step": "3"}), TypeError,
     r"state of parameter 0: 'step' must be a number, got '3'"),
    ("load-step-negative", _adam_state(**{"state.0.step": -1}), ValueError,
     r"state of parameter 0: 'step' must be >= 0, got -1"),
    ("load-step-fraction", _adam_state(**{"state.0.step": Tensor(np.float32(2.5))}), ValueError,
     r"state of parameter 0: 'step' must be a whole number, got 2.5"),
    ("load-step-two-elements", _adam_state(**{"state.0.step": Tensor(np.ones(2))}), TypeError,
     r"state of parameter 0: 'step' must be a number"),
    ("load-exp_avg_sq-missing", _adam_state(**{"state.1.exp_avg_sq": _DELETE}), ValueError,
     r"state of parameter 1 lacks 'exp_avg_sq'"),
    ("load-unknown-state-entry", _adam_state(**{"state.0.momentum_buffer": np.zeros(2)}),
     ValueError, r"state of parameter 0 has 'momentum_buffer', which Adam does not keep"),
    ("load-exp_avg-wrong-shape", _adam_state(**{"state.0.exp_avg": np.zeros(3)}), ValueError,
     r"state of parameter 0: 'exp_avg' has shape \(3,\), expected \(2,\)"),
    ("load-exp_avg-broadcastable", _adam_state(**{"state.1.exp_avg": np.zeros(1)}), ValueError,
     r"state of parameter 1: 'exp_avg' has shape \(1,\), expected \(3,\)"),
    ("load-exp_avg-nan", _adam_state(**{"state.0.exp_avg": np.array([0.0, np.nan])}),
     ValueError, r"state of parameter 0: 'exp_avg' holds NaN"),
    ("load-exp_avg-string", _adam_state(**{"state.0.exp_avg": "zeros"}), TypeError,
     r"state of parameter 0: 'exp_avg' must be an array, got str"),
    ("load-sgd-state-into-adam", _with(
        lambda: optim.Adam([_param()], lr=0.1),
        lambda o: o.load_state_dict({"state": {0: {"momentum_buffer": np.zeros(2)}},
                                     "param_groups": o.state_dict()["param_groups"]})),
     ValueError, r"state of parameter 0 has 'momentum_buffer', which Adam does not keep"),
    ("load-LBFGS-d-wrong-length", _lbfgs_state(d=np.zeros(5)), ValueError,
     r"state of parameter 0: 'd' has shape \(5,\), expected \(3,\)"),
    ("load-LBFGS-n_iter-None", _lbfgs_state(n_iter=None), ValueError,
     r"state of parameter 0: 'n_iter' is None"),
    ("load-LBFGS-old_dirs-wrong-length", _lbfgs_state(old_dirs=[np.zeros(2)]), ValueError,
     r"state of parameter 0: 'old_dirs\[0\]' has shape \(2,\), expected \(3,\)"),
    # --- schedulers: bad arguments -----------------------------------------------------
    ("StepLR-not-an-optimizer", lambda: lr_scheduler.StepLR(object(), step_size=3), TypeError,
     r"object is not an Optimizer"),
    ("StepLR-step_size-zero", lambda: lr_scheduler.StepLR(_sgd(), step_size=0), ValueError,
     r"Invalid step_size: 0"),
    ("StepLR-step_size-float", lambda: lr_scheduler.StepLR(_sgd(), step_size=2.5), ValueError,
     r"Invalid step_size: 2.5"),
    ("StepLR-step_size-None", lambda: lr_scheduler.StepLR(_sgd(), step_size=None), TypeError,
     r"step_size must be an integer, got None"),
    ("StepLR-gamma-negative", lambda: lr_scheduler.StepLR(_sgd(), 3, gamma=-0.5), ValueError,
     r"Invalid gamma: -0.5"),
    ("StepLR-gamma-None", lambda: lr_scheduler.StepLR(_sgd(), 3, gamma=None), TypeError,
     r"gamma must be a number, got None"),
    ("MultiStepLR-milestones-int", lambda: lr_scheduler.MultiStepLR(_sgd(), milestones=5),
     TypeError, r"milestones must be a list of integers, got 5"),
    ("MultiStepLR-milestone-string", lambda: lr_scheduler.MultiStepLR(_sgd(), [3, "a"]),
     TypeError, r"milestones must be a list of integers"),
    ("MultiStepLR-gamma-negative", lambda: lr_scheduler.MultiStepLR(_sgd(), [3], gamma=-1),
     ValueError, r"Invalid gamma: -1"),
    ("ExponentialLR-gamma-negative", lambda: lr_scheduler.ExponentialLR(_sgd(), gamma=-0.9),
     ValueError, r"Invalid gamma: -0.9"),
    ("ExponentialLR-gamma-None", lambda: lr_scheduler.ExponentialLR(_sgd(), gamma=None),
     TypeError, r"gamma must be a number, got None"),
    ("CosineAnnealingLR-T_max-zero", lambda: lr_scheduler.CosineAnnealingLR(_sgd(), T_max=0),
     ValueError, r"Invalid T_max: 0"),
    ("CosineAnnealingLR-T_max-None", lambda: lr_scheduler.CosineAnnealingLR(_sgd(), T_max=None),
     TypeError, r"T_max must be a number, got None"),
    ("CosineAnnealingLR-eta_min-string",
     lambda: lr_scheduler.CosineAnnealingLR(_sgd(), T_max=5, eta_min="0"), TypeError,
     r"eta_min must be a number, got '0'"),
    ("WarmRestarts-T_0-zero", lambda: lr_scheduler.CosineAnnealingWarmRestarts(_sgd(), T_0=0),
     ValueError, r"Expected positive integer T_0, but got 0"),
    ("WarmRestarts-T_mult-zero",
     lambda: lr_scheduler.CosineAnnealingWarmRestarts(_sgd(), T_0=3, T_mult=0), ValueError,
     r"Expected integer T_mult >= 1, but got 0"),
    ("WarmRestarts-eta_min-string",
     lambda: lr_scheduler.CosineAnnealingWarmRestarts(_sgd(), T_0=3, eta_min="0"), ValueError,
     r"Expected float or int eta_min, but got 0"),
    ("WarmRestarts-negative-epoch",
     _with(lambda: lr_scheduler.CosineAnnealingWarmRestarts(_sgd(), T_0=3), lambda s: s.step(-1)),
     ValueError, r"Expected non-negative epoch, but got -1"),
    ("LinearLR-start_factor-zero", lambda: lr_scheduler.LinearLR(_sgd(), start_factor=0),
     ValueError, r"Starting multiplicative factor expected to be greater than 0"),
    ("LinearLR-start_factor-above-one", lambda: lr_scheduler.LinearLR(_sgd(), start_factor=1.5),
     ValueError, r"Starting multiplicative factor expected to be greater than 0"),
    ("LinearLR-end_factor-negative", lambda: lr_scheduler.LinearLR(_sgd(), end_factor=-0.1),
     ValueError, r"Ending multiplicative factor expected to be between 0 and 1"),
    ("LinearLR-total_iters-zero", lambda: lr_scheduler.LinearLR(_sgd(), total_iters=0),
     ValueError, r"Invalid total_iters: 0"),
    ("LambdaLR-not-callable", lambda: lr_scheduler.LambdaLR(_sgd(), lr_lambda=5), TypeError,
     r"lr_lambda must be callable, got int"),
    ("LambdaLR-one-per-group", lambda: lr_scheduler.LambdaLR(_sgd(), [abs, abs]), ValueError,
     r"Expected 1 lr_lambdas, but got 2"),
    ("LambdaLR-returns-None", lambda: lr_scheduler.LambdaLR(_sgd(), lambda epoch: None),
     TypeError, r"lr_lambda must return a number, got None for epoch 0"),
    ("SequentialLR-milestones", _with(_sgd, lambda o: lr_scheduler.SequentialLR(
        o, [lr_scheduler.StepLR(o, 3)], milestones=[3])), ValueError,
     r"Sequential Schedulers expects number of schedulers provided to be one more"),
    ("SequentialLR-empty", _with(_sgd, lambda o: lr_scheduler.SequentialLR(o, [], [])),
     ValueError, r"SequentialLR expects at least one scheduler"),
    ("SequentialLR-not-a-scheduler", _with(_sgd, lambda o: lr_scheduler.SequentialLR(
        o, [lr_scheduler.StepLR(o, 3), object()], [2])), TypeError,
     r"SequentialLR at index 1 should have `optimizer` as its attribute"),
    ("SequentialLR-other-optimizer", _with(_sgd, lambda o: lr_scheduler.SequentialLR(
        o, [lr_scheduler.StepLR(o, 3), lr_scheduler.StepLR(_sgd(), 3)], [2])), ValueError,
     r"SequentialLR expects all schedulers to belong to the same optimizer"),
    ("SequentialLR-plateau", _with(_sgd, lambda o: lr_scheduler.SequentialLR(
        o, [lr_scheduler.ReduceLROnPlateau(o)], [])), ValueError,
     r"SequentialLR does not support `ReduceLROnPlateau`"),
    ("ChainedScheduler-empty", lambda: lr_scheduler.ChainedScheduler([]), ValueError,
     r"ChainedScheduler expects at least one scheduler"),
    ("ChainedScheduler-other-optimizer", _with(_sgd, lambda o: lr_scheduler.ChainedScheduler(
        [lr_scheduler.StepLR(o, 3), lr_scheduler.StepLR(_sgd(), 3)])), ValueError,
     r"ChainedScheduler expects all schedulers to belong to the same optimizer"),
    ("ChainedScheduler-not-a-scheduler", _with(_sgd, lambda o: lr_scheduler.ChainedScheduler(
        [lr_scheduler.StepLR(o, 3), 5])), TypeError,
     r"ChainedScheduler at index 1 should have `optimizer` as its attribute"),
    ("OneCycleLR-no-length", lambda: lr_scheduler.OneCycleLR(_sgd(), max_lr=1.0), ValueError,
     r"You must define either total_steps OR \(epochs AND steps_per_epoch\)"),
    ("OneCycleLR-total_steps-zero",
     lambda: lr_scheduler.OneCycleLR(_sgd(), max_lr=1.0, total_steps=0), ValueError,
     r"Expected positive integer total_steps, but got 0"),
    ("OneCycleLR-epochs-zero",
     lambda: lr_scheduler.OneCycleLR(_sgd(), max_lr=1.0, epochs=0, steps_per_epoch=3),
     ValueError, r"Expected positive integer epochs, but got 0"),
    ("OneCycleLR-pct_start-above-one",
     lambda: lr_scheduler.OneCycleLR(_sgd(), max_lr=1.0, total_steps=9, pct_start=1.5),
     ValueError, r"Expected float between 0 and 1 pct_start, but got 1.5"),
    ("OneCycleLR-anneal_strategy",
     lambda: lr_scheduler.OneCycleLR(_sgd(), max_lr=1.0, total_steps=9, anneal_strategy="exp"),
     ValueError, r"anneal_strategy must be one of 'cos' or 'linear', instead got exp"),
    ("OneCycleLR-max_lr-per-group",
     lambda: lr_scheduler.OneCycleLR(_sgd(), max_lr=[1.0, 2.0], total_steps=9), ValueError,
     r"max_lr must have the same length as optimizer.param_groups"),
    ("OneCycleLR-max_lr-None",
     lambda: lr_scheduler.OneCycleLR(_sgd(), max_lr=None, total_steps=9), TypeError,
     r"max_lr must be a number, got None"),
    ("OneCycleLR-div_factor-zero",
     lambda: lr_scheduler.OneCycleLR(_sgd(), max_lr=1.0, total_steps=9, div_factor=0),
     ValueError, r"Invalid div_factor: 0"),
    ("OneCycleLR-final_div_factor-zero",
     lambda: lr_scheduler.OneCycleLR(_sgd(), max_lr=1.0, total_steps=9, final_div_factor=0),
     ValueError, r"Invalid final_div_factor: 0"),
    ("OneCycleLR-no-momentum",
     lambda: lr_scheduler.OneCycleLR(optim.Adagrad([_param()]), max_lr=1.0, total_steps=9),
     ValueError, r"optimizer must support momentum or beta1 with `cycle_momentum` option"),
    ("OneCycleLR-past-total_steps",
     _stepped(lambda o: lr_scheduler.OneCycleLR(o, max_lr=1.0, total_steps=2), 3), ValueError,
     r"Tried to step 3 times. The specified number of total steps is 2"),
    ("Plateau-factor-one", lambda: lr_scheduler.ReduceLROnPlateau(_sgd(), factor=1.0),
     ValueError, r"Factor should be < 1.0"),
    ("Plateau-factor-negative", lambda: lr_scheduler.ReduceLROnPlateau(_sgd(), factor=-0.1),
     ValueError, r"Invalid factor: -0.1"),
    ("Plateau-mode", lambda: lr_scheduler.ReduceLROnPlateau(_sgd(), mode="avg"), ValueError,
     r"mode avg is unknown!"),
    ("Plateau-threshold_mode", lambda: lr_scheduler.ReduceLROnPlateau(_sgd(), threshold_mode="x"),
     ValueError, r"threshold mode x is unknown!"),
    ("Plateau-patience-negative", lambda: lr_scheduler.ReduceLROnPlateau(_sgd(), patience=-1),
     ValueError, r"Invalid patience: -1"),
    ("Plateau-min_lr-per-group",
     lambda: lr_scheduler.ReduceLROnPlateau(_sgd(), min_lr=[0.1, 0.2]), ValueError,
     r"expected 1 min_lrs, got 2"),
    ("Plateau-not-an-optimizer", lambda: lr_scheduler.ReduceLROnPlateau(None), TypeError,
     r"NoneType is not an Optimizer"),
    ("Plateau-metric-None", _with(lambda: lr_scheduler.ReduceLROnPlateau(_sgd()),
                                  lambda s: s.step(None)), TypeError,
     r"metrics must be a number, got None"),
    ("InverseTimeLR-decay_rate-negative",
     lambda: lr_scheduler.InverseTimeLR(_sgd(), decay_rate=-1), ValueError,
     r"Invalid decay_rate: -1"),
    ("InverseTimeLR-decay_rate-None",
     lambda: lr_scheduler.InverseTimeLR(_sgd(), decay_rate=None), TypeError,
     r"decay_rate must be a number, got None"),
    ("warmup_cosine-too-short",
     lambda: lr_scheduler.warmup_cosine(_sgd(), warmup_steps=10, total_steps=10), ValueError,
     r"Invalid total_steps: 10"),
    ("warmup_cosine-negative-warmup",
     lambda: lr_scheduler.warmup_cosine(_sgd(), warmup_steps=-1, total_steps=10), ValueError,
     r"Invalid warmup_steps: -1"),
    ("resume-without-initial_lr", lambda: lr_scheduler.StepLR(_sgd(), 3, last_epoch=5),
     KeyError, r"param 'initial_lr' is not specified in param_groups\[0\]"),
    # --- schedulers: load_state_dict ---------------------------------------------------
    ("scheduler-load-None", _with(lambda: lr_scheduler.StepLR(_sgd(), 3),
                                  lambda s: s.load_state_dict(None)), TypeError,
     r"state_dict must be a dict, got NoneType"),
    ("scheduler-load-other-kind", _scheduler_state(
        lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=5),
        lambda o: lr_scheduler.StepLR(o, 3)), ValueError,
     r"StepLR state dict has 'T_max', which StepLR does not have"),
    ("scheduler-load-missing-key", _scheduler_state(
        lambda o: lr_scheduler.StepLR(o, 3), lambda o: lr_scheduler.StepLR(o, 3),
        step_size=_DELETE), ValueError, r"StepLR state dict lacks 'step_size'"),
    ("scheduler-load-last_epoch-None", _scheduler_state(
        lambda o: lr_scheduler.StepLR(o, 3), lambda o: lr_scheduler.StepLR(o, 3),
        last_epoch=None), ValueError, r"StepLR state dict: 'last_epoch' is None"),
    ("scheduler-load-base_lrs-count", _scheduler_state(
        lambda o: lr_scheduler.StepLR(o, 3), lambda o: lr_scheduler.StepLR(o, 3),
        base_lrs=[0.1, 0.2]), ValueError,
     r"StepLR state dict: 'base_lrs' has 2 values, this scheduler has 1"),
]


@pytest.mark.parametrize("call, error, match", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_gives_a_clear_error(call, error, match):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the step-order warning is tested on its own below
        with pytest.raises(error, match=match):
            call()


def test_the_sweep_ids_are_unique():
    ids = [c[0] for c in CASES]
    assert len(ids) == len(set(ids))


ORDER_WARNING = (r"Detected call of `lr_scheduler.step\(\)` before `optimizer.step\(\)`. In "
                 r"PyTorch 1.1.0 and later, you should call them in the opposite order: "
                 r"`optimizer.step\(\)` before `lr_scheduler.step\(\)`.  Failure to do this "
                 r"will result in PyTorch skipping the first value of the learning rate "
                 r"schedule. See more details at "
                 r"https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate")

WARNING_CASES = [
    ("StepLR-before-optimizer-step", lambda o: lr_scheduler.StepLR(o, 3).step(), ORDER_WARNING),
    ("OneCycleLR-before-optimizer-step",
     lambda o: lr_scheduler.OneCycleLR(o, max_lr=1.0, total_steps=5).step(), ORDER_WARNING),
    ("SequentialLR-before-optimizer-step", lambda o: lr_scheduler.SequentialLR(
        o, [lr_scheduler.LinearLR(o), lr_scheduler.StepLR(o, 3)], [4]).step(), ORDER_WARNING),
    ("get_lr-outside-step", lambda o: lr_scheduler.StepLR(o, 3).get_lr(),
     r"To get the last learning rate computed by the scheduler, please use `get_last_lr\(\)`."),
]


@pytest.mark.parametrize("call, match", [c[1:] for c in WARNING_CASES],
                         ids=[c[0] for c in WARNING_CASES])
def test_misuse_warns_as_pytorch(call, match):
    with pytest.warns(UserWarning, match=match):
        call(_sgd())

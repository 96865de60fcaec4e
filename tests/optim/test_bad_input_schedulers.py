"""A sweep of bad inputs to optim's learning-rate schedulers: each one gets a clear error, or
PyTorch's warning where PyTorch warns (a scheduler stepped before its optimizer).

Same style as test_bad_input.py; wording follows PyTorch where PyTorch has a message for
the same mistake.
"""
import pytest

import optim
from optim import lr_scheduler
from tests.bad_input import sweep_tests
from tests.optim.bad_input_helpers import DELETE, param, sgd, then


def _scheduler_state(make_saved, make_target, **changes):
    def call():
        saved = make_saved(sgd()).state_dict()
        for key, value in changes.items():
            if value is DELETE:
                del saved[key]
            else:
                saved[key] = value
        make_target(sgd()).load_state_dict(saved)
    return call


def _stepped(make, steps):
    def call():
        opt = sgd()
        scheduler = make(opt)
        for _ in range(steps):
            opt.step()
            scheduler.step()
    return call


CASES = [
    # --- schedulers: bad arguments -----------------------------------------------------
    ("StepLR-not-an-optimizer", lambda: lr_scheduler.StepLR(object(), step_size=3), TypeError,
     r"object is not an Optimizer"),
    ("StepLR-step_size-zero", lambda: lr_scheduler.StepLR(sgd(), step_size=0), ValueError,
     r"Invalid step_size: 0"),
    ("StepLR-step_size-float", lambda: lr_scheduler.StepLR(sgd(), step_size=2.5), ValueError,
     r"Invalid step_size: 2.5"),
    ("StepLR-step_size-None", lambda: lr_scheduler.StepLR(sgd(), step_size=None), TypeError,
     r"step_size must be an integer, got None"),
    ("StepLR-gamma-negative", lambda: lr_scheduler.StepLR(sgd(), 3, gamma=-0.5), ValueError,
     r"Invalid gamma: -0.5"),
    ("StepLR-gamma-None", lambda: lr_scheduler.StepLR(sgd(), 3, gamma=None), TypeError,
     r"gamma must be a number, got None"),
    ("MultiStepLR-milestones-int", lambda: lr_scheduler.MultiStepLR(sgd(), milestones=5),
     TypeError, r"milestones must be a list of integers, got 5"),
    ("MultiStepLR-milestone-string", lambda: lr_scheduler.MultiStepLR(sgd(), [3, "a"]),
     TypeError, r"milestones must be a list of integers"),
    ("MultiStepLR-gamma-negative", lambda: lr_scheduler.MultiStepLR(sgd(), [3], gamma=-1),
     ValueError, r"Invalid gamma: -1"),
    ("ExponentialLR-gamma-negative", lambda: lr_scheduler.ExponentialLR(sgd(), gamma=-0.9),
     ValueError, r"Invalid gamma: -0.9"),
    ("ExponentialLR-gamma-None", lambda: lr_scheduler.ExponentialLR(sgd(), gamma=None),
     TypeError, r"gamma must be a number, got None"),
    ("CosineAnnealingLR-T_max-zero", lambda: lr_scheduler.CosineAnnealingLR(sgd(), T_max=0),
     ValueError, r"Invalid T_max: 0"),
    ("CosineAnnealingLR-T_max-None", lambda: lr_scheduler.CosineAnnealingLR(sgd(), T_max=None),
     TypeError, r"T_max must be a number, got None"),
    ("CosineAnnealingLR-eta_min-string",
     lambda: lr_scheduler.CosineAnnealingLR(sgd(), T_max=5, eta_min="0"), TypeError,
     r"eta_min must be a number, got '0'"),
    ("WarmRestarts-T_0-zero", lambda: lr_scheduler.CosineAnnealingWarmRestarts(sgd(), T_0=0),
     ValueError, r"Expected positive integer T_0, but got 0"),
    ("WarmRestarts-T_mult-zero",
     lambda: lr_scheduler.CosineAnnealingWarmRestarts(sgd(), T_0=3, T_mult=0), ValueError,
     r"Expected integer T_mult >= 1, but got 0"),
    ("WarmRestarts-eta_min-string",
     lambda: lr_scheduler.CosineAnnealingWarmRestarts(sgd(), T_0=3, eta_min="0"), ValueError,
     r"Expected float or int eta_min, but got 0"),
    ("WarmRestarts-negative-epoch",
     then(lambda: lr_scheduler.CosineAnnealingWarmRestarts(sgd(), T_0=3), lambda s: s.step(-1)),
     ValueError, r"Expected non-negative epoch, but got -1"),
    ("LinearLR-start_factor-zero", lambda: lr_scheduler.LinearLR(sgd(), start_factor=0),
     ValueError, r"Starting multiplicative factor expected to be greater than 0"),
    ("LinearLR-start_factor-above-one", lambda: lr_scheduler.LinearLR(sgd(), start_factor=1.5),
     ValueError, r"Starting multiplicative factor expected to be greater than 0"),
    ("LinearLR-end_factor-negative", lambda: lr_scheduler.LinearLR(sgd(), end_factor=-0.1),
     ValueError, r"Ending multiplicative factor expected to be between 0 and 1"),
    ("LinearLR-total_iters-zero", lambda: lr_scheduler.LinearLR(sgd(), total_iters=0),
     ValueError, r"Invalid total_iters: 0"),
    ("LambdaLR-not-callable", lambda: lr_scheduler.LambdaLR(sgd(), lr_lambda=5), TypeError,
     r"lr_lambda must be callable, got int"),
    ("LambdaLR-one-per-group", lambda: lr_scheduler.LambdaLR(sgd(), [abs, abs]), ValueError,
     r"Expected 1 lr_lambdas, but got 2"),
    ("LambdaLR-returns-None", lambda: lr_scheduler.LambdaLR(sgd(), lambda epoch: None),
     TypeError, r"lr_lambda must return a number, got None for epoch 0"),
    ("SequentialLR-milestones", then(sgd, lambda o: lr_scheduler.SequentialLR(
        o, [lr_scheduler.StepLR(o, 3)], milestones=[3])), ValueError,
     r"Sequential Schedulers expects number of schedulers provided to be one more"),
    ("SequentialLR-empty", then(sgd, lambda o: lr_scheduler.SequentialLR(o, [], [])),
     ValueError, r"SequentialLR expects at least one scheduler"),
    ("SequentialLR-not-a-scheduler", then(sgd, lambda o: lr_scheduler.SequentialLR(
        o, [lr_scheduler.StepLR(o, 3), object()], [2])), TypeError,
     r"SequentialLR at index 1 should have `optimizer` as its attribute"),
    ("SequentialLR-other-optimizer", then(sgd, lambda o: lr_scheduler.SequentialLR(
        o, [lr_scheduler.StepLR(o, 3), lr_scheduler.StepLR(sgd(), 3)], [2])), ValueError,
     r"SequentialLR expects all schedulers to belong to the same optimizer"),
    ("SequentialLR-plateau", then(sgd, lambda o: lr_scheduler.SequentialLR(
        o, [lr_scheduler.ReduceLROnPlateau(o)], [])), ValueError,
     r"SequentialLR does not support `ReduceLROnPlateau`"),
    ("ChainedScheduler-empty", lambda: lr_scheduler.ChainedScheduler([]), ValueError,
     r"ChainedScheduler expects at least one scheduler"),
    ("ChainedScheduler-other-optimizer", then(sgd, lambda o: lr_scheduler.ChainedScheduler(
        [lr_scheduler.StepLR(o, 3), lr_scheduler.StepLR(sgd(), 3)])), ValueError,
     r"ChainedScheduler expects all schedulers to belong to the same optimizer"),
    ("ChainedScheduler-not-a-scheduler", then(sgd, lambda o: lr_scheduler.ChainedScheduler(
        [lr_scheduler.StepLR(o, 3), 5])), TypeError,
     r"ChainedScheduler at index 1 should have `optimizer` as its attribute"),
    ("OneCycleLR-no-length", lambda: lr_scheduler.OneCycleLR(sgd(), max_lr=1.0), ValueError,
     r"You must define either total_steps OR \(epochs AND steps_per_epoch\)"),
    ("OneCycleLR-total_steps-zero",
     lambda: lr_scheduler.OneCycleLR(sgd(), max_lr=1.0, total_steps=0), ValueError,
     r"Expected positive integer total_steps, but got 0"),
    ("OneCycleLR-epochs-zero",
     lambda: lr_scheduler.OneCycleLR(sgd(), max_lr=1.0, epochs=0, steps_per_epoch=3),
     ValueError, r"Expected positive integer epochs, but got 0"),
    ("OneCycleLR-pct_start-above-one",
     lambda: lr_scheduler.OneCycleLR(sgd(), max_lr=1.0, total_steps=9, pct_start=1.5),
     ValueError, r"Expected float between 0 and 1 pct_start, but got 1.5"),
    ("OneCycleLR-anneal_strategy",
     lambda: lr_scheduler.OneCycleLR(sgd(), max_lr=1.0, total_steps=9, anneal_strategy="exp"),
     ValueError, r"anneal_strategy must be one of 'cos' or 'linear', instead got exp"),
    ("OneCycleLR-max_lr-per-group",
     lambda: lr_scheduler.OneCycleLR(sgd(), max_lr=[1.0, 2.0], total_steps=9), ValueError,
     r"max_lr must have the same length as optimizer.param_groups"),
    ("OneCycleLR-max_lr-None",
     lambda: lr_scheduler.OneCycleLR(sgd(), max_lr=None, total_steps=9), TypeError,
     r"max_lr must be a number, got None"),
    ("OneCycleLR-div_factor-zero",
     lambda: lr_scheduler.OneCycleLR(sgd(), max_lr=1.0, total_steps=9, div_factor=0),
     ValueError, r"Invalid div_factor: 0"),
    ("OneCycleLR-final_div_factor-zero",
     lambda: lr_scheduler.OneCycleLR(sgd(), max_lr=1.0, total_steps=9, final_div_factor=0),
     ValueError, r"Invalid final_div_factor: 0"),
    ("OneCycleLR-no-momentum",
     lambda: lr_scheduler.OneCycleLR(optim.Adagrad([param()]), max_lr=1.0, total_steps=9),
     ValueError, r"optimizer must support momentum or beta1 with `cycle_momentum` option"),
    ("OneCycleLR-past-total_steps",
     _stepped(lambda o: lr_scheduler.OneCycleLR(o, max_lr=1.0, total_steps=2), 3), ValueError,
     r"Tried to step 3 times. The specified number of total steps is 2"),
    ("Plateau-factor-one", lambda: lr_scheduler.ReduceLROnPlateau(sgd(), factor=1.0),
     ValueError, r"Factor should be < 1.0"),
    ("Plateau-factor-negative", lambda: lr_scheduler.ReduceLROnPlateau(sgd(), factor=-0.1),
     ValueError, r"Invalid factor: -0.1"),
    ("Plateau-mode", lambda: lr_scheduler.ReduceLROnPlateau(sgd(), mode="avg"), ValueError,
     r"mode avg is unknown!"),
    ("Plateau-threshold_mode", lambda: lr_scheduler.ReduceLROnPlateau(sgd(), threshold_mode="x"),
     ValueError, r"threshold mode x is unknown!"),
    ("Plateau-patience-negative", lambda: lr_scheduler.ReduceLROnPlateau(sgd(), patience=-1),
     ValueError, r"Invalid patience: -1"),
    ("Plateau-min_lr-per-group",
     lambda: lr_scheduler.ReduceLROnPlateau(sgd(), min_lr=[0.1, 0.2]), ValueError,
     r"expected 1 min_lrs, got 2"),
    ("Plateau-not-an-optimizer", lambda: lr_scheduler.ReduceLROnPlateau(None), TypeError,
     r"NoneType is not an Optimizer"),
    ("Plateau-metric-None", then(lambda: lr_scheduler.ReduceLROnPlateau(sgd()),
                                  lambda s: s.step(None)), TypeError,
     r"metrics must be a number, got None"),
    ("InverseTimeLR-decay_rate-negative",
     lambda: lr_scheduler.InverseTimeLR(sgd(), decay_rate=-1), ValueError,
     r"Invalid decay_rate: -1"),
    ("InverseTimeLR-decay_rate-None",
     lambda: lr_scheduler.InverseTimeLR(sgd(), decay_rate=None), TypeError,
     r"decay_rate must be a number, got None"),
    ("warmup_cosine-too-short",
     lambda: lr_scheduler.warmup_cosine(sgd(), warmup_steps=10, total_steps=10), ValueError,
     r"Invalid total_steps: 10"),
    ("warmup_cosine-negative-warmup",
     lambda: lr_scheduler.warmup_cosine(sgd(), warmup_steps=-1, total_steps=10), ValueError,
     r"Invalid warmup_steps: -1"),
    ("resume-without-initial_lr", lambda: lr_scheduler.StepLR(sgd(), 3, last_epoch=5),
     KeyError, r"param 'initial_lr' is not specified in param_groups\[0\]"),
    # --- schedulers: load_state_dict ---------------------------------------------------
    ("scheduler-load-None", then(lambda: lr_scheduler.StepLR(sgd(), 3),
                                  lambda s: s.load_state_dict(None)), TypeError,
     r"state_dict must be a dict, got NoneType"),
    ("scheduler-load-other-kind", _scheduler_state(
        lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=5),
        lambda o: lr_scheduler.StepLR(o, 3)), ValueError,
     r"StepLR state dict has 'T_max', which StepLR does not have"),
    ("scheduler-load-missing-key", _scheduler_state(
        lambda o: lr_scheduler.StepLR(o, 3), lambda o: lr_scheduler.StepLR(o, 3),
        step_size=DELETE), ValueError, r"StepLR state dict lacks 'step_size'"),
    ("scheduler-load-last_epoch-None", _scheduler_state(
        lambda o: lr_scheduler.StepLR(o, 3), lambda o: lr_scheduler.StepLR(o, 3),
        last_epoch=None), ValueError, r"StepLR state dict: 'last_epoch' is None"),
    ("scheduler-load-base_lrs-count", _scheduler_state(
        lambda o: lr_scheduler.StepLR(o, 3), lambda o: lr_scheduler.StepLR(o, 3),
        base_lrs=[0.1, 0.2]), ValueError,
     r"StepLR state dict: 'base_lrs' has 2 values, this scheduler has 1"),
]

test_bad_input_is_refused_clearly, test_the_sweep_ids_are_unique = sweep_tests(CASES)


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
        call(sgd())

"""A sweep of bad inputs to optim's optimizers: each one gets a clear error.

Every row is one call a learner might get wrong: a constructor argument out of range, a
malformed parameter list, a step without its closure, a state dict that does not fit
(schedulers: test_bad_input_schedulers.py; the lr range test: test_bad_input_finder.py).
"Clear" means the error names the argument and the problem; a NumPy or Python error from
deep inside, or a wrong result with no error, fails the sweep. Wording follows PyTorch where
PyTorch has a message for the same mistake.
"""
import numpy as np

import optim
from autograd import Tensor
from tests.bad_input import sweep_tests
from tests.optim.bad_input_helpers import DELETE, param, sgd, then

OPTIMIZERS = ["SGD", "Momentum", "RMSprop", "Adagrad", "Adadelta", "Adam", "AdamW", "Adamax",
              "NAdam", "RAdam", "LAMB", "LBFGS"]
WITH_EPS = ["RMSprop", "Adagrad", "Adadelta", "Adam", "AdamW", "Adamax", "NAdam", "RAdam",
            "LAMB"]
WITH_WEIGHT_DECAY = ["SGD", "Momentum", "RMSprop", "Adagrad", "Adadelta", "Adam", "AdamW",
                     "Adamax", "NAdam", "RAdam", "LAMB"]
WITH_BETAS = ["Adam", "AdamW", "Adamax", "NAdam", "RAdam", "LAMB"]


def _make(name, **kwargs):
    return lambda: getattr(optim, name)([param()], **kwargs)


def _adam_state(**changes):
    """Load into a fresh Adam the state dict of a trained one, with `changes` applied to it."""
    def call():
        params = [param(2), param(3)]
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
            if value is DELETE:
                del target[last]
            else:
                target[last] = value
        optim.Adam([param(2), param(3)], lr=0.1).load_state_dict(saved)
    return call


def _lbfgs_state(**changes):
    def call():
        x = param(3)
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
        optim.LBFGS([param(3)], max_iter=3).load_state_dict(saved)
    return call


def _two_groups_opt():
    return optim.SGD([{"params": [param()]}, {"params": [param()]}], lr=0.1)


_a = param()
_b = param()


def _returns_none_closure():
    x = param()
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
    ("params-a-Tensor", lambda: optim.SGD(param(), lr=0.1), TypeError,
     r"params argument given to the optimizer should be an iterable of Tensors or dicts, "
     r"but got autograd.Tensor"),
    ("params-None", lambda: optim.SGD(None, lr=0.1), TypeError,
     r"params argument given to the optimizer should be an iterable.*NoneType"),
    ("params-empty", lambda: optim.SGD([], lr=0.1), ValueError,
     r"optimizer got an empty parameter list"),
    ("params-exhausted-generator",
     then(lambda: (p for p in [param()]), lambda g: (list(g), optim.SGD(g, lr=0.1))),
     ValueError, r"optimizer got an empty parameter list"),
    ("params-holds-an-array", lambda: optim.SGD([param(), np.ones(2)], lr=0.1), TypeError,
     r"optimizer can only optimize Tensors, but one of the params is numpy.ndarray"),
    ("params-holds-a-float", lambda: optim.SGD([param(), 1.0], lr=0.1), TypeError,
     r"optimizer can only optimize Tensors, but one of the params is float"),
    ("params-non-leaf", lambda: optim.SGD([param() * 2], lr=0.1), ValueError,
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
    ("named-and-unnamed", lambda: optim.SGD([("w", param()), param()], lr=0.1), ValueError,
     r"all optimizer params should be with/without names"),
    ("add_param_group-bad-lr", then(sgd, lambda o: o.add_param_group({"params": [param()],
                                                                        "lr": -3})),
     ValueError, r"Invalid learning rate: -3"),
    ("add_param_group-a-Tensor", then(sgd, lambda o: o.add_param_group(param())), TypeError,
     r"param_group must be a dict"),
    ("LBFGS-two-groups", lambda: optim.LBFGS([{"params": [param()]}, {"params": [param()]}]),
     ValueError, r"LBFGS doesn't support per-parameter options"),
    # --- step --------------------------------------------------------------------------
    ("step-closure-not-callable", then(sgd, lambda o: o.step(5)), TypeError,
     r"closure must be callable, got int"),
    ("LBFGS-step-without-closure", then(lambda: optim.LBFGS([param()]), lambda o: o.step(None)),
     TypeError, r"LBFGS.step needs a closure"),
    ("LBFGS-closure-returns-None", _returns_none_closure, TypeError,
     r"closure must return the loss.*got None"),
    # --- optimizer load_state_dict -----------------------------------------------------
    ("load-None", then(sgd, lambda o: o.load_state_dict(None)), TypeError,
     r"state_dict must be a dict, got NoneType"),
    ("load-without-state", _adam_state(state=DELETE), ValueError, r"lacks the key 'state'"),
    ("load-without-param_groups", _adam_state(param_groups=DELETE), ValueError,
     r"lacks the key 'param_groups'"),
    ("load-state-a-list", _adam_state(state=[]), TypeError, r"'state' must be a dict"),
    ("load-param_groups-a-dict", _adam_state(param_groups={}), TypeError,
     r"'param_groups' must be a list"),
    ("load-group-count", then(sgd, lambda o: o.load_state_dict(_two_groups_opt().state_dict())),
     ValueError, r"loaded state dict has a different number of parameter groups"),
    ("load-group-size", then(lambda: sgd(param(), param()),
                              lambda o: o.load_state_dict(sgd().state_dict())),
     ValueError, r"loaded state dict contains a parameter group that doesn't match the size "
                 r"of optimizer's group"),
    ("load-group-without-params", _adam_state(**{"param_groups.0.params": DELETE}), ValueError,
     r"param_groups\[0\] lacks 'params'"),
    ("load-group-without-betas", _adam_state(**{"param_groups.0.betas": DELETE}), ValueError,
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
    ("load-exp_avg_sq-missing", _adam_state(**{"state.1.exp_avg_sq": DELETE}), ValueError,
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
    ("load-sgd-state-into-adam", then(
        lambda: optim.Adam([param()], lr=0.1),
        lambda o: o.load_state_dict({"state": {0: {"momentum_buffer": np.zeros(2)}},
                                     "param_groups": o.state_dict()["param_groups"]})),
     ValueError, r"state of parameter 0 has 'momentum_buffer', which Adam does not keep"),
    ("load-LBFGS-d-wrong-length", _lbfgs_state(d=np.zeros(5)), ValueError,
     r"state of parameter 0: 'd' has shape \(5,\), expected \(3,\)"),
    ("load-LBFGS-n_iter-None", _lbfgs_state(n_iter=None), ValueError,
     r"state of parameter 0: 'n_iter' is None"),
    ("load-LBFGS-old_dirs-wrong-length", _lbfgs_state(old_dirs=[np.zeros(2)]), ValueError,
     r"state of parameter 0: 'old_dirs\[0\]' has shape \(2,\), expected \(3,\)"),
]

test_bad_input_is_refused_clearly, test_the_sweep_ids_are_unique = sweep_tests(CASES)

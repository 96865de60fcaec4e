"""Checks of exercise notebook 04: optimizer steps written by hand, compared with `optim`.

Each step function takes the parameters, one state dict per parameter (empty at first, kept
between steps by the caller) and the hyper-parameters; it updates the parameters in place
from their `.grad`. The check runs it for a few steps on a small least-squares problem next
to the library's optimizer on a copy of the same parameters, and names the first step and
parameter where they part, quoting the optimizer's algorithm from its docstring.
"""
from __future__ import annotations

import inspect

import numpy as np

import autograd
import optim
from backproplab.exercises.compare import as_array, require_answer
from backproplab.exercises.grading import Checker, Wrong
from viz.text import format_array

__all__ = ["check", "CHECKS", "EXERCISES", "STEPS", "EWA_VALUES", "algorithm"]

STEPS = 5
"""Steps each optimizer is run for."""

EWA_VALUES = [0.81, 0.9, 0.96, 0.34]
"""The slides' gradient sequence for the exponentially weighted average."""


def algorithm(optimizer: type) -> str:
    """The 'Algorithm' block of an optimizer's docstring (its maths, one line per step)."""
    lines = inspect.getdoc(optimizer).splitlines()
    start = next((k for k, line in enumerate(lines) if line.startswith("Algorithm")), None)
    if start is None:
        return ""
    block = [lines[start]]
    for line in lines[start + 1:]:
        if line and not line.startswith(" "):
            break
        block.append(line)
    return "\n".join(block).rstrip()


def _problem() -> tuple:
    """A least-squares problem: inputs X (8, 3), targets y (8,), and the starting W, b."""
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((8, 3)), rng.standard_normal(8)
    return X, y, rng.standard_normal(3), np.array(0.5)


def _parameters(W: np.ndarray, b: np.ndarray) -> list:
    return [autograd.tensor(W, dtype=autograd.float64, requires_grad=True),
            autograd.tensor(b, dtype=autograd.float64, requires_grad=True)]


def _backward(params: list, X, y) -> None:
    for p in params:
        p.grad = None
    W, b = params
    ((autograd.tensor(X) @ W + b - autograd.tensor(y)) ** 2).mean().backward()


def _compare_steps(step, hyper: dict, make_optimizer, what: str) -> str:
    X, y, W, b = _problem()
    yours, reference = _parameters(W, b), _parameters(W, b)
    optimizer = make_optimizer(reference)
    state = [{} for _ in yours]
    names = ("W", "b")
    for t in range(1, STEPS + 1):
        _backward(yours, X, y)
        _backward(reference, X, y)
        before = [p.numpy(force=True).copy() for p in yours]
        step(yours, state, **hyper)
        optimizer.step()
        for name, mine, right, old in zip(names, yours, reference, before):
            mine = as_array(f"parameter {name}", mine)
            right = right.numpy(force=True)
            if np.allclose(mine, right, rtol=1e-9, atol=1e-12):
                continue
            diff = float(np.max(np.abs(mine - right)))
            lines = [f"after step {t}, {name} differs from {what}'s by up to {diff:.3g}: "
                     f"yours {format_array(mine)}, {what}'s {format_array(right)}"]
            if np.array_equal(mine, old):
                lines.append("your step did not change it: update each parameter in place "
                             "(p -= ...) under torch.no_grad()")
            elif t > 1:
                lines.append("step 1 matched: is the state kept between steps (in the dict "
                             "state[i] of each parameter)?")
            lines.append(algorithm(type(optimizer)))
            raise Wrong("\n".join(lines))
    return f"{STEPS} steps match {what}"


def check_sgd(sgd_step) -> str:
    return _compare_steps(sgd_step, {"lr": 0.1}, lambda p: optim.SGD(p, lr=0.1), "optim.SGD")


def check_momentum(momentum_step) -> str:
    return _compare_steps(momentum_step, {"lr": 0.1, "beta": 0.9},
                          lambda p: optim.Momentum(p, lr=0.1, beta=0.9), "optim.Momentum")


def check_sgd_momentum(sgd_momentum_step) -> str:
    return _compare_steps(sgd_momentum_step, {"lr": 0.1, "momentum": 0.9},
                          lambda p: optim.SGD(p, lr=0.1, momentum=0.9),
                          "optim.SGD(momentum=0.9)")


def check_rmsprop(rmsprop_step) -> str:
    return _compare_steps(rmsprop_step, {"lr": 0.01, "alpha": 0.9, "eps": 1e-8},
                          lambda p: optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-8),
                          "optim.RMSprop")


def check_adagrad(adagrad_step) -> str:
    return _compare_steps(adagrad_step, {"lr": 0.1, "eps": 1e-10},
                          lambda p: optim.Adagrad(p, lr=0.1, eps=1e-10), "optim.Adagrad")


def check_adam(adam_step) -> str:
    return _compare_steps(adam_step, {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
                          lambda p: optim.Adam(p, lr=0.01, betas=(0.9, 0.999), eps=1e-8),
                          "optim.Adam")


def check_ewa(ewa) -> str:
    beta = 0.9
    found = {}
    for corrected in (False, True):
        yours = as_array("ewa's result", require_answer("ewa's result",
                                                        ewa(EWA_VALUES, beta, corrected)))
        v, expected = 0.0, []
        for t, g in enumerate(EWA_VALUES, start=1):
            v = beta * v + (1 - beta) * g
            expected.append(v / (1 - beta ** t) if corrected else v)
        if yours.shape != (len(EWA_VALUES),):
            raise Wrong(f"ewa should return {len(EWA_VALUES)} numbers (one per value), not "
                        f"shape {yours.shape}")
        if not np.allclose(yours, expected, rtol=1e-9, atol=1e-12):
            t = int(np.argmax(~np.isclose(yours, expected, rtol=1e-9, atol=1e-12))) + 1
            form = ("v̂_t = v_t / (1 − β^t) with v_t = β v_{t−1} + (1 − β) g_t" if corrected
                    else "v_t = β v_{t−1} + (1 − β) g_t, v_0 = 0")
            raise Wrong(f"with bias_correction={corrected}, value {t} is {yours[t - 1]:.6g}, "
                        f"expected {expected[t - 1]:.6g}: {form}")
        found[corrected] = ", ".join(f"{v:.4g}" for v in expected)
    return f"v_t = {found[False]}; bias-corrected {found[True]}"


CHECKS = {
    "sgd": check_sgd,
    "momentum": check_momentum,
    "sgd_momentum": check_sgd_momentum,
    "rmsprop": check_rmsprop,
    "adagrad": check_adagrad,
    "adam": check_adam,
    "ewa_bias_correction": check_ewa,
}
EXERCISES = list(CHECKS)

check = Checker("04_optimizer_steps", CHECKS)
"""`check("adam", adam_step)`: grade one step function and show the grade."""

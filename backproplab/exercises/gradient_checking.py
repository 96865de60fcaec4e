"""Checks of exercise notebook 05: the course's gradient checking, on a 3-layer network.

The network is the course's, in its column layout (one example per column, `Z = W·A + b`):
LINEAR → RELU → LINEAR → RELU → LINEAR → SIGMOID, cross-entropy cost averaged over the m
examples. `dZ` and `dA` follow the course's convention (the 1/m is kept out of them and put
into `dW` and `db`), so they are divided by m before they are compared with the engine's
gradients of the cost.
"""
from __future__ import annotations

import numpy as np

import autograd
from backproplab.exercises.compare import as_array, require_answer, require_grads
from backproplab.exercises.grading import Checker, Wrong

__all__ = ["check", "CHECKS", "EXERCISES", "SHAPES", "network", "forward", "backward",
           "cost_graph"]

SHAPES = {"W1": (5, 4), "b1": (5, 1), "W2": (3, 5), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}
"""The parameters of the course's 3-layer network: 4 inputs, 5 and 3 hidden units, 1 output."""


def network(seed: int = 1) -> tuple[dict, np.ndarray, np.ndarray]:
    """(parameters, X of shape (4, 3), Y of shape (1, 3)): three examples, as the course."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((4, 3))
    Y = np.array([[1.0, 1.0, 0.0]])
    params = {name: rng.standard_normal(shape) for name, shape in SHAPES.items()}
    return params, X, Y


def forward(params: dict, X: np.ndarray, Y: np.ndarray) -> tuple[float, dict]:
    """The cost and the cache {"Z1": ..., "A1": ..., ..., "A3": ...}."""
    cache = {}
    A = X
    for layer in (1, 2, 3):
        Z = params[f"W{layer}"] @ A + params[f"b{layer}"]
        A = np.maximum(Z, 0) if layer < 3 else 1 / (1 + np.exp(-Z))
        cache[f"Z{layer}"], cache[f"A{layer}"] = Z, A
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    return float(cost), cache


def backward(params: dict, X: np.ndarray, Y: np.ndarray) -> dict:
    """The right gradients in the course's convention (dZ3 = A3 − Y; 1/m in dW and db)."""
    _, cache = forward(params, X, Y)
    m = X.shape[1]
    grads = {"dZ3": cache["A3"] - Y}
    for layer in (3, 2, 1):
        dZ = grads[f"dZ{layer}"]
        A_prev = X if layer == 1 else cache[f"A{layer - 1}"]
        grads[f"dW{layer}"] = dZ @ A_prev.T / m
        grads[f"db{layer}"] = dZ.sum(axis=1, keepdims=True) / m
        if layer > 1:
            grads[f"dA{layer - 1}"] = params[f"W{layer}"].T @ dZ
            grads[f"dZ{layer - 1}"] = grads[f"dA{layer - 1}"] * (cache[f"A{layer - 1}"] > 0)
    return grads


def cost_graph(params: dict, X: np.ndarray, Y: np.ndarray) -> tuple:
    """The same network built with autograd tensors: (cost, name -> tensor)."""
    tensors = {name: autograd.tensor(value, dtype=autograd.float64, requires_grad=True)
               for name, value in params.items()}
    A = autograd.tensor(X, dtype=autograd.float64)
    for layer in (1, 2, 3):
        Z = tensors[f"W{layer}"] @ A + tensors[f"b{layer}"]
        A = autograd.relu(Z) if layer < 3 else autograd.sigmoid(Z)
        tensors[f"Z{layer}"], tensors[f"A{layer}"] = Z, A
    Y = autograd.tensor(Y, dtype=autograd.float64)
    cost = -(Y * autograd.log(A) + (1 - Y) * autograd.log(1 - A)).mean()
    return cost, tensors


def _test_function(theta: np.ndarray) -> float:
    return float(np.sum(np.sin(theta) * theta ** 2))


def _test_gradient(theta: np.ndarray) -> np.ndarray:
    return np.cos(theta) * theta ** 2 + 2 * theta * np.sin(theta)


THETA = np.array([0.3, -1.2, 2.0, 0.7, -0.4])


def check_numeric_gradient(numeric_gradient) -> str:
    theta = THETA.copy()
    yours = as_array("numeric_gradient's result",
                     numeric_gradient(_test_function, theta, eps=1e-3))
    if not np.array_equal(theta, THETA):
        raise Wrong("numeric_gradient changed θ: restore each component after perturbing it "
                    "(or perturb a copy)")
    expected = _test_gradient(THETA)
    if yours.shape != expected.shape:
        raise Wrong(f"the numeric gradient should have θ's shape {THETA.shape}, not {yours.shape}")
    if not np.allclose(yours, expected, rtol=1e-5, atol=1e-8):
        forward = np.array([(_test_function(THETA + 1e-3 * e) - _test_function(THETA)) / 1e-3
                            for e in np.eye(THETA.size)])
        why = ("these are forward differences (J(θ + ε) − J(θ)) / ε, whose error grows like ε: "
               "use central differences" if np.allclose(yours, forward, rtol=1e-6)
               else "for each i: (J(θ + ε eᵢ) − J(θ − ε eᵢ)) / (2ε)")
        raise Wrong(f"J(θ) = Σ sin(θ)·θ² with ε = 1e−3: yours {np.round(yours, 6)}, expected "
                    f"{np.round(expected, 6)}; {why}")
    return "central differences agree with the analytic gradient to 1e-5 with ε = 1e-3"


def check_difference(difference) -> str:
    rng = np.random.default_rng(3)
    for _ in range(3):
        a, b = rng.standard_normal(6), rng.standard_normal(6)
        yours = float(require_answer("difference's result", difference(a, b)))
        expected = autograd.relative_difference(a, b)
        if not np.isclose(yours, expected, rtol=1e-9):
            raise Wrong(f"difference gave {yours:.6g}, expected {expected:.6g}: "
                        "‖g_a − g_n‖ / (‖g_a‖ + ‖g_n‖), with the L2 norm (np.linalg.norm)")
    return "‖g_a − g_n‖ / (‖g_a‖ + ‖g_n‖) as autograd.relative_difference"


def check_gradient_check(gradient_check) -> str:
    right = float(require_answer("gradient_check's result",
                                 gradient_check(_test_function, THETA.copy(),
                                                _test_gradient(THETA))))
    if not right < 1e-7:
        raise Wrong(f"with the right gradient of Σ sin(θ)·θ², gradient_check returned {right:.3g}"
                    ": it should be below 1e-7 (central differences with ε = 1e-7, then the "
                    "difference)")
    wrong_grad = _test_gradient(THETA) * np.array([1, 1, 1.05, 1, 1])
    wrong = float(gradient_check(_test_function, THETA.copy(), wrong_grad))
    expected = autograd.relative_difference(wrong_grad, _test_gradient(THETA))
    if not np.isclose(wrong, expected, rtol=1e-3):
        raise Wrong(f"with one component 5% off, gradient_check returned {wrong:.3g}, expected "
                    f"{expected:.3g}")
    return f"right gradient: {right:.1e} (< 1e-7); one component 5% off: {wrong:.1e}"


def _buggy_backward(params, X, Y) -> dict:
    grads = backward(params, X, Y)
    grads["db3"] = grads["db3"] * 2
    grads["dW1"] = grads["dW1"] + 0.1
    return grads


def check_per_parameter(per_parameter_check) -> str:
    params, X, Y = network(seed=7)
    for variant, bad in ((backward, set()), (_buggy_backward, {"W1", "b3"})):
        found = require_answer("per_parameter_check's result",
                               per_parameter_check(params, X, Y, variant))
        if not isinstance(found, dict) or set(found) != set(SHAPES):
            raise Wrong(f"per_parameter_check should return a dict with one difference per "
                        f"parameter ({', '.join(SHAPES)})")
        flagged = {name for name, value in found.items() if float(value) > 1e-7}
        if flagged != bad:
            where = "a backward with bugs in dW1 and db3" if bad else "the right backward"
            raise Wrong(f"with {where}, the differences above 1e-7 are for "
                        f"{sorted(flagged) or 'none'}, expected {sorted(bad) or 'none'}: "
                        f"{ {k: float(f'{float(v):.3g}') for k, v in found.items()} }")
    return "finds the wrong parameters (dW1, db3) of a planted bug, and none without"


def check_fixed_backward(fixed_backward) -> str:
    params, X, Y = network(seed=1)
    grads = require_answer("backward's result", fixed_backward(params, X, Y))
    if not isinstance(grads, dict):
        raise Wrong("backward should return the dict of gradients {'dZ3': ..., 'dW3': ...}")
    m = X.shape[1]
    cost, tensors = cost_graph(params, X, Y)
    yours = {}
    for key, value in grads.items():
        name = key[1:]
        if name in tensors:  # the course's dZ and dA hold m times the gradient of the cost
            yours[name] = None if value is None else (
                as_array(key, value) / m if name[0] in "ZA" else value)
    missing = [f"d{name}" for name in tensors if name not in yours and name != "A3"]
    if missing:
        raise Wrong(f"backward's dict lacks {', '.join(missing)}")
    require_grads(cost, yours, tensors,
                  context="(your dZ and dA divided by m, as the course keeps 1/m out of them)")
    return "every dZ, dA, dW, db agrees with the engine"


CHECKS = {
    "numeric_gradient": check_numeric_gradient,
    "difference": check_difference,
    "gradient_check": check_gradient_check,
    "per_parameter_check": check_per_parameter,
    "fixed_backward": check_fixed_backward,
}
EXERCISES = list(CHECKS)

check = Checker("05_gradient_checking", CHECKS)
"""`check("difference", difference)`: grade one exercise and show the grade."""

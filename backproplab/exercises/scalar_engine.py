"""Checks of exercise notebook 01: a scalar autograd engine (`Value`) written from scratch,
compared with `autograd` on the course's graphs.

Each op is checked on its own: the check runs the op, then backward through what the op
built with its own loop (so an op can pass before `Value.backward` is written), and compares
every gradient with the engine's through `viz.check_grads`, whose hint is the chain-rule line
of the node that went wrong.
"""
from __future__ import annotations

import autograd
from backproplab.exercises.compare import require_close, require_grads
from backproplab.exercises.grading import Checker, Wrong

__all__ = ["check", "CHECKS", "EXERCISES"]

DEEP_CHAIN = 3000
"""Length of the chain `topological_order` must handle (deeper than Python's recursion limit)."""

NEURON = {"x1": 2.0, "x2": 0.0, "w1": -3.0, "w2": 1.0, "b": 6.8813735870195432}
"""The lecture's neuron: o = tanh(x1*w1 + x2*w2 + b) = 0.7071."""


def _tensor(x: float) -> autograd.Tensor:
    return autograd.tensor(x, dtype=autograd.float64, requires_grad=True)


def _backward_through(out) -> None:
    """The reference backward on Values: out.grad = 1, then each `_backward` in reverse
    topological order (an explicit stack, so any depth works)."""
    order, seen, stack = [], set(), [(out, False)]
    while stack:
        value, children_done = stack.pop()
        if children_done:
            order.append(value)
        elif id(value) not in seen:
            seen.add(id(value))
            stack.append((value, True))
            stack.extend((child, False) for child in value._prev)
    out.grad = 1.0
    for value in reversed(order):
        value._backward()


def _compare(Value, expression: str, build, inputs: dict, backward=_backward_through,
             reference=None) -> None:
    """`build` run on Values and `reference` (default: `build` too) on float64 tensors with
    the same numbers: the output and the gradient of every input must agree."""
    values = {name: Value(x) for name, x in inputs.items()}
    out = build(**values)
    if not isinstance(out, Value):
        raise Wrong(f"{expression} should give a Value, not {type(out).__name__}")
    tensors = {name: _tensor(x) for name, x in inputs.items()}
    out_t = (reference or build)(**tensors)
    require_close(f"the value of {expression}", out.data, out_t.item())
    backward(out)
    require_grads(out_t, {name: values[name].grad for name in inputs},
                  {**tensors, "out": out_t}, context=expression)


def _check_op(Value, cases: list) -> str:
    for expression, build, inputs in cases:
        _compare(Value, expression, build, inputs)
    return f"{len(cases)} cases match autograd"


def check_add(Value) -> str:
    return _check_op(Value, [
        ("a + b", lambda a, b: a + b, {"a": 2.0, "b": -3.0}),
        ("a + 4", lambda a: a + 4, {"a": 2.0}),
        ("a + a (a used twice: its gradient is the sum)", lambda a: a + a, {"a": 2.0}),
    ])


def check_mul(Value) -> str:
    return _check_op(Value, [
        ("a * b", lambda a, b: a * b, {"a": 2.0, "b": -3.0}),
        ("a * 4", lambda a: a * 4, {"a": 2.0}),
        ("a * a (a used twice: its gradient is the sum)", lambda a: a * a, {"a": 3.0}),
    ])


def check_pow(Value) -> str:
    return _check_op(Value, [
        ("a ** 3", lambda a: a ** 3, {"a": 2.0}),
        ("a ** -1", lambda a: a ** -1, {"a": 4.0}),
        ("a ** 0.5", lambda a: a ** 0.5, {"a": 9.0}),
    ])


def check_tanh(Value) -> str:
    return _check_op(Value, [("a.tanh()", lambda a: a.tanh(), {"a": x}) for x in (0.5, -2.0)])


def check_exp(Value) -> str:
    return _check_op(Value, [("a.exp()", lambda a: a.exp(), {"a": x}) for x in (0.5, -2.0)])


def check_derived(Value) -> str:
    return _check_op(Value, [
        ("-a", lambda a: -a, {"a": 2.0}),
        ("a - b", lambda a, b: a - b, {"a": 2.0, "b": -3.0}),
        ("a / b", lambda a, b: a / b, {"a": 2.0, "b": -4.0}),
        ("4 + a", lambda a: 4 + a, {"a": 2.0}),
        ("4 * a", lambda a: 4 * a, {"a": 2.0}),
    ])


def check_topological_order(topological_order, Value) -> str:
    a, b, c = Value(5.0), Value(3.0), Value(2.0)
    u = Value(6.0, (b, c), "*")
    v = Value(11.0, (a, u), "+")
    J = Value(33.0, (v,), "*3")
    w = Value(36.0, (u, u), "*")  # a diamond: u twice
    _check_order(topological_order, J, [a, b, c, u, v, J], "J = 3*(a + b*c)")
    _check_order(topological_order, w, [b, c, u, w], "w = u*u with u = b*c")
    chain = [Value(0.0)]
    for k in range(DEEP_CHAIN):
        chain.append(Value(float(k + 1), (chain[-1],), "+1"))
    try:
        order = topological_order(chain[-1])
    except RecursionError:
        raise Wrong(f"a chain of {DEEP_CHAIN} Values exceeded Python's recursion limit: "
                    "visit the graph with a list as an explicit stack instead of recursive "
                    "calls") from None
    _check_order(topological_order, chain[-1], chain, f"a chain of {DEEP_CHAIN} Values",
                 order)
    return "children before parents, each Value once, also on a diamond and a deep chain"


def _check_order(topological_order, root, expected: list, graph: str, order=None) -> None:
    order = topological_order(root) if order is None else order
    if order is None:
        raise Wrong(f"topological_order returned None for {graph}: return the list")
    order = list(order)
    if len(order) != len({id(v) for v in order}):
        raise Wrong(f"on {graph} a Value appears twice in the order: remember the visited ones")
    if {id(v) for v in order} != {id(v) for v in expected}:
        raise Wrong(f"on {graph} the order has {len(order)} Values, the graph has "
                    f"{len(expected)}: visit every Value the root depends on, once")
    if order[-1] is not root:
        raise Wrong(f"on {graph} the root should come last (it depends on all the others)")
    position = {id(v): k for k, v in enumerate(order)}
    for value in order:
        for child in value._prev:
            if position[id(child)] > position[id(value)]:
                raise Wrong(f"on {graph} {child!r} comes after {value!r}, which was made from "
                            "it: every Value must come after the Values it was made from")


def _learner_backward(out) -> None:
    out.backward()


def check_backward(Value) -> str:
    _compare(Value, "x*x + x (x used three times)", lambda x: x * x + x, {"x": 3.0},
             backward=_learner_backward)
    a, b, c = Value(5.0), Value(3.0), Value(2.0)
    u = b * c
    v = a + u
    J = v * 3
    J.backward()
    names = {"a": _tensor(5.0), "b": _tensor(3.0), "c": _tensor(2.0)}
    names["u"] = names["b"] * names["c"]
    names["v"] = names["a"] + names["u"]
    J_t = names["v"] * 3
    require_grads(J_t, {"J": J.grad, "v": v.grad, "u": u.grad, "a": a.grad, "b": b.grad,
                        "c": c.grad}, {**names, "J": J_t}, context="J = 3*(a + b*c)")
    return "J = 3*(a + b*c): a.grad = 3, b.grad = 6, c.grad = 9, as autograd"


def check_sin_chain(Value) -> str:
    def f(x):
        return (x ** 2 + x * 3).sin()

    def reference(x):
        return autograd.sin(x ** 2 + 3 * x)

    for x in (0.5, -1.3):
        _compare(Value, "sin(x**2 + 3*x)", f, {"x": x}, backward=_learner_backward,
                 reference=reference)
    return "sin(x**2 + 3*x): x.grad = cos(x**2 + 3x)·(2x + 3), as autograd.sin"


def check_neuron(neuron, Value) -> str:
    def reference(x1, x2, w1, w2, b):
        return autograd.tanh(x1 * w1 + x2 * w2 + b)

    _compare(Value, "neuron(x1, x2, w1, w2, b)", neuron, dict(NEURON), backward=_learner_backward,
             reference=reference)
    return "o = 0.7071; w1.grad = 1, x1.grad = -1.5, as autograd"


def check_mlp(mlp, Value) -> str:
    x = [0.5, -1.0, 2.0]
    W1 = [[0.2, -0.1, 0.4], [0.3, 0.2, -0.3], [-0.1, 0.5, 0.1], [0.1, 0.2, -0.2]]
    b1 = [0.1, -0.1, 0.0, 0.2]
    W2 = [0.5, -0.3, 0.8, 0.1]
    b2, y = 0.1, 1.0
    vx = [Value(v) for v in x]
    vW1 = [[Value(v) for v in row] for row in W1]
    vb1 = [Value(v) for v in b1]
    vW2 = [Value(v) for v in W2]
    vb2 = Value(b2)
    out = mlp(vx, vW1, vb1, vW2, vb2)
    if not isinstance(out, Value):
        raise Wrong(f"mlp should return a Value, not {type(out).__name__}")
    loss = (out - y) ** 2
    loss.backward()
    t = {name: autograd.tensor(value, dtype=autograd.float64, requires_grad=True)
         for name, value in {"x": x, "W1": W1, "b1": b1, "W2": W2, "b2": b2}.items()}
    h = autograd.tanh(t["x"] @ t["W1"].T + t["b1"])
    out_t = h @ t["W2"] + t["b2"]
    loss_t = (out_t - y) ** 2
    require_close("mlp's output", out.data, out_t.item())
    grads = {"x": [v.grad for v in vx], "W1": [[v.grad for v in row] for row in vW1],
             "b1": [v.grad for v in vb1], "W2": [v.grad for v in vW2], "b2": vb2.grad}
    require_grads(loss_t, grads, {**t, "h": h, "out": out_t}, context="(mlp(x) - y)**2")
    return "every weight's gradient matches autograd's"


CHECKS = {
    "value_add": check_add,
    "value_mul": check_mul,
    "value_pow": check_pow,
    "value_tanh": check_tanh,
    "value_exp": check_exp,
    "derived_ops": check_derived,
    "topological_order": check_topological_order,
    "value_backward": check_backward,
    "sin_chain": check_sin_chain,
    "neuron": check_neuron,
    "two_layer_mlp": check_mlp,
}

EXERCISES = list(CHECKS)

check = Checker("01_scalar_engine", CHECKS)
"""`check("value_add", Value)`: grade one exercise of the notebook and show the grade."""

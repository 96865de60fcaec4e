"""Fixtures for the viz tests: the course's scalar graph, its two-layer network, a small MLP."""
import numpy as np
import pytest

from autograd import Tensor, manual_seed, tensor

COURSE = {
    "X": [[1.0], [0.5], [-1.0], [2.0]], "Y": [[1.0]],
    "W1": [[0.2, -0.1, 0.4, 0.1], [0.3, 0.2, -0.3, 0.2], [-0.1, 0.5, 0.1, -0.2]],
    "b1": [[0.1], [-0.1], [0.0]], "W2": [[0.5, -0.3, 0.8]], "b2": [[0.1]],
}
"""The course's two-layer network (EXAMPLES.md §1), in its column layout."""


@pytest.fixture
def scalar_graph():
    """J = 3*(a + b*c) with a=5, b=3, c=2, named as in the course (u = b*c, v = a + u)."""
    a, b, c = (tensor(v, requires_grad=True) for v in (5.0, 3.0, 2.0))
    u = b * c
    v = a + u
    J = 3 * v
    return {"a": a, "b": b, "c": c, "u": u, "v": v, "J": J}


@pytest.fixture
def course_network():
    """F1-F5 of the course's network as autograd tensors (float64), every node named."""
    t = {k: tensor(np.array(v), requires_grad=k not in ("X", "Y")) for k, v in COURSE.items()}
    t["Z1"] = t["W1"] @ t["X"] + t["b1"]
    t["A1"] = t["Z1"].relu()
    t["Z2"] = t["W2"] @ t["A1"] + t["b2"]
    t["A2"] = t["Z2"].sigmoid()
    t["L"] = -(t["Y"] * t["A2"].log() + (1 - t["Y"]) * (1 - t["A2"]).log()).sum()
    return t


@pytest.fixture
def course_by_hand():
    """B1-B8 of the course, computed by hand in NumPy."""
    X, Y, W1, b1, W2, b2 = (np.array(COURSE[k]) for k in ("X", "Y", "W1", "b1", "W2", "b2"))
    Z1 = W1 @ X + b1
    A1 = np.maximum(Z1, 0)
    Z2 = W2 @ A1 + b2
    A2 = 1 / (1 + np.exp(-Z2))
    dA2 = -Y / A2 + (1 - Y) / (1 - A2)          # B1
    dZ2 = dA2 * A2 * (1 - A2)                   # B2 = A2 - Y
    return {"A2": dA2, "Z2": dZ2, "W2": dZ2 @ A1.T, "b2": dZ2,      # B1-B4
            "A1": W2.T @ dZ2, "Z1": (W2.T @ dZ2) * (Z1 > 0),         # B5, B6
            "W1": ((W2.T @ dZ2) * (Z1 > 0)) @ X.T, "b1": (W2.T @ dZ2) * (Z1 > 0)}  # B7, B8


@pytest.fixture
def nn_package():
    """The nn package (skipped while it does not import, during the engine's port)."""
    return pytest.importorskip("nn", reason="nn does not import yet on this branch",
                               exc_type=ImportError)


@pytest.fixture
def mlp(nn_package):
    """A 3 -> 4 -> 1 ReLU network and its input (no backward yet)."""
    nn = nn_package
    manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
    x = Tensor(np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3))
    return model, x

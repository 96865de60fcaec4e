"""Fixtures for the viz tests: the course's scalar graph and a small MLP."""
import numpy as np
import pytest

from autograd import Tensor, manual_seed, tensor


@pytest.fixture
def scalar_graph():
    """J = 3*(a + b*c) with a=5, b=3, c=2, named as in the course (u = b*c, v = a + u)."""
    a, b, c = (tensor(v, requires_grad=True) for v in (5.0, 3.0, 2.0))
    u = b * c
    v = a + u
    J = 3 * v
    return {"a": a, "b": b, "c": c, "u": u, "v": v, "J": J}


@pytest.fixture
def mlp():
    """A 3 -> 4 -> 1 ReLU network, its input, and a scalar loss (no backward yet)."""
    import nn

    manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
    x = Tensor(np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3))
    return model, x

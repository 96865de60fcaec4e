"""What the optim sweeps build their rows from: a parameter, an SGD over it, `then`."""
import numpy as np

import optim
from autograd import Tensor

__all__ = ["DELETE", "param", "sgd", "then"]

DELETE = object()  # marks a state dict entry that a row removes


def param(n=2):
    """A leaf of n ones that requires grad."""
    return Tensor(np.ones(n), requires_grad=True)


def sgd(*params):
    """SGD(lr=0.1) over `params` (one fresh parameter when none are given)."""
    return optim.SGD(list(params) or [param()], lr=0.1)


def then(make, call):
    """Build with `make`, then run `call` on what it returns."""
    return lambda: call(make())

"""Tensor methods: each is the function form of an op, so `x.exp()` is `autograd.exp(x)`.

Methods that only differ from the function in how they take their arguments (`x.reshape(2, 3)`,
the in-place forms) are written out here. Conversions and devices (`to`, `float`, `cpu`, ...)
are in conversion_methods.py, shape facts (`size`, `t`, ...) in layout_methods.py, random
fills (`normal_`, ...) in random_methods.py.
"""
from __future__ import annotations

from autograd import ops
from autograd.tensor import Tensor

__all__ = []

_SAME_AS_FUNCTION = [
    "add", "sub", "mul", "div", "neg", "exp", "log", "sqrt", "abs", "sin", "cos", "tanh",
    "sigmoid", "relu", "leaky_relu", "gelu", "clamp", "maximum", "minimum", "matmul",
    "sum", "mean", "var", "std", "max", "min", "softmax", "log_softmax", "logsumexp",
    "permute", "transpose", "expand", "squeeze", "unsqueeze", "flatten", "reshape",
    "clone", "eq", "ne", "lt", "le", "gt", "ge", "any", "all", "argmax", "argmin",
]


def _pow(self, exponent):
    return ops.power(self, exponent)


def _view(self, *shape):
    return ops.reshape(self, *shape)


def _expand_as(self, other):
    return ops.expand(self, *other.shape)


def _fill_(self, value):
    return self._inplace(ops.Fill, value)


def _zero_(self):
    return self._inplace(ops.Fill, 0)


def _copy_(self, src):
    return self._inplace(ops.Fill, src)


def _inplace(op):
    def method(self, *args):
        return self._inplace(op, *args)
    method.__name__ = op.__name__.lower() + "_"
    return method


def _mT(self):
    return ops.transpose(self, -2, -1)


def _T(self):
    return ops.permute(self, *range(self.ndim - 1, -1, -1))


for _name in _SAME_AS_FUNCTION:
    setattr(Tensor, _name, getattr(ops, _name))
Tensor.pow = _pow
Tensor.view = _view
Tensor.expand_as = _expand_as
Tensor.fill_ = _fill_
Tensor.zero_ = _zero_
Tensor.copy_ = _copy_
Tensor.add_ = _inplace(ops.Add)
Tensor.sub_ = _inplace(ops.Sub)
Tensor.mul_ = _inplace(ops.Mul)
Tensor.div_ = _inplace(ops.Div)
Tensor.clamp_ = _inplace(ops.Clamp)
Tensor.mT = property(_mT)
Tensor.T = property(_T)

"""Tensor methods: each is the function form of an op, so `x.exp()` is `autograd.exp(x)`.

Methods that only differ from the function in how they take their arguments (`x.reshape(2, 3)`,
the in-place forms) are written out here. Conversions and devices (`to`, `float`, `cpu`, ...)
are in conversion_methods.py, shape facts (`size`, `t`, ...) in layout_methods.py, random
fills (`normal_`, ...) in random_methods.py.
"""
from __future__ import annotations

from autograd import ops
from autograd.ops.arguments import check_tensors
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
    check_tensors("expand_as", other=other)
    return ops.expand(self, *other.shape)


def _fill_(self, value):
    check_tensors("fill_", value=value)
    return self._inplace(ops.Fill, value)


def _zero_(self):
    return self._inplace(ops.Fill, 0)


def _copy_(self, src):
    check_tensors("copy_", src=src)
    return self._inplace(ops.Fill, src)


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
Tensor.mT = property(_mT)
Tensor.T = property(_T)


# --- elementwise maths, activations and logic: methods, in-place forms, operators ---------

_ELEMENTWISE_METHODS = [
    "subtract", "multiply", "divide", "true_divide", "negative", "absolute", "square",
    "reciprocal", "rsqrt", "float_power", "exp2", "expm1", "log2", "log10", "log1p",
    "logaddexp", "logaddexp2", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh",
    "asinh", "acosh", "atanh", "arcsin", "arccos", "arctan", "arctan2", "arcsinh", "arccosh",
    "arctanh", "erf", "erfc", "floor", "ceil", "round", "trunc", "fix", "frac", "sign", "sgn",
    "remainder", "fmod", "floor_divide", "lerp", "clip", "clamp_min", "clamp_max",
    "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "logical_and", "logical_or",
    "logical_xor", "logical_not", "isnan", "isinf", "isfinite", "isposinf", "isneginf",
    "signbit", "isclose", "allclose", "equal", "greater", "greater_equal", "less", "less_equal",
    "not_equal",
]

# Methods with an in-place twin `name_` (t.exp_(), t.add_(u, alpha=2), ...), as PyTorch.
_WITH_INPLACE = [
    "add", "sub", "subtract", "mul", "multiply", "div", "divide", "true_divide", "neg",
    "negative", "pow", "float_power", "abs", "absolute", "square", "reciprocal", "sqrt",
    "rsqrt", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan",
    "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
    "arcsin", "arccos", "arctan", "arctan2", "arcsinh", "arccosh", "arctanh", "erf", "erfc",
    "sigmoid", "relu", "floor", "ceil", "round", "trunc", "fix", "frac", "sign", "sgn",
    "remainder", "fmod", "floor_divide", "lerp", "clamp", "clip", "clamp_min", "clamp_max",
    "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "logical_and", "logical_or",
    "logical_xor", "logical_not", "eq", "ne", "lt", "le", "gt", "ge", "greater",
    "greater_equal", "less", "less_equal", "not_equal",
]


class _Call:
    """A function form (with fixed keyword arguments) as Tensor._inplace expects an op: an
    `apply` and a `__name__`."""

    def __init__(self, function, name: str, kwargs: dict) -> None:
        self.function, self.__name__, self.kwargs = function, name, kwargs

    def apply(self, *args):
        return self.function(*args, **self.kwargs)


def _inplace_form(function, name: str):
    """The method `name` that computes `function(self, ...)` and writes it into self."""
    def method(self, *args, **kwargs):
        return self._inplace(_Call(function, name, kwargs), *args)
    method.__name__ = name
    return method


def _where(self, condition, other):
    """t.where(condition, other) is where(condition, t, other)."""
    return ops.where(condition, self, other)


def _reflected(function):
    """The operator with the tensor on the right: `2 % t` is remainder(2, t)."""
    def method(self, other):
        return function(other, self)
    return method


for _name in _ELEMENTWISE_METHODS:
    setattr(Tensor, _name, getattr(ops, _name))
for _name in _WITH_INPLACE:
    setattr(Tensor, _name + "_", _inplace_form(getattr(Tensor, _name), _name + "_"))
Tensor.where = _where
Tensor.__mod__ = ops.remainder
Tensor.__rmod__ = _reflected(ops.remainder)
Tensor.__floordiv__ = ops.floor_divide
Tensor.__rfloordiv__ = _reflected(ops.floor_divide)
Tensor.__and__ = ops.bitwise_and
Tensor.__rand__ = _reflected(ops.bitwise_and)
Tensor.__or__ = ops.bitwise_or
Tensor.__ror__ = _reflected(ops.bitwise_or)
Tensor.__xor__ = ops.bitwise_xor
Tensor.__rxor__ = _reflected(ops.bitwise_xor)
Tensor.__invert__ = ops.bitwise_not
Tensor.__imod__ = Tensor.remainder_
Tensor.__ifloordiv__ = Tensor.floor_divide_
Tensor.__ipow__ = Tensor.pow_
Tensor.__iand__ = Tensor.bitwise_and_
Tensor.__ior__ = Tensor.bitwise_or_
Tensor.__ixor__ = Tensor.bitwise_xor_


# --- reductions, sorting, shape, indexing, linear algebra --------------------------------

_SHAPE_AND_REDUCTION_METHODS = [
    "nansum", "nanmean", "prod", "cumsum", "cumprod", "cummax", "cummin", "logcumsumexp",
    "amax", "amin", "aminmax", "norm", "sort", "argsort", "msort", "topk", "kthvalue",
    "median", "nanmedian", "unflatten", "swapaxes", "swapdims", "movedim", "moveaxis",
    "broadcast_to", "t", "adjoint", "diag", "diagonal", "diag_embed", "trace", "tril", "triu",
    "fliplr", "flipud", "rot90", "repeat", "repeat_interleave", "split", "tensor_split",
    "chunk", "unbind", "narrow", "select", "gather", "scatter", "scatter_add",
    "scatter_reduce", "index_select", "index_add", "index_copy", "index_fill", "index_put",
    "masked_fill", "masked_select", "masked_scatter", "nonzero", "argwhere", "take",
    "take_along_dim", "mm", "bmm", "mv", "dot", "vdot", "inner", "outer", "ger", "addmm",
    "addmv", "addr", "baddbmm", "addbmm", "bincount",
]

# Methods with an in-place twin `name_` that writes the result into the tensor.
_SHAPE_AND_REDUCTION_INPLACE = [
    "masked_fill", "masked_scatter", "index_add", "index_copy", "index_fill", "scatter",
    "scatter_add", "scatter_reduce", "tril", "triu", "cumsum", "cumprod", "addmm", "baddbmm",
]


def _flip(self, *dims):
    """t.flip(0, 1) or t.flip((0, 1))."""
    return ops.flip(self, dims[0] if len(dims) == 1 else dims)


def _tile(self, *dims):
    """t.tile(2, 3) or t.tile((2, 3))."""
    return ops.tile(self, dims[0] if len(dims) == 1 else dims)


def _roll(self, shifts, dims=None):
    return ops.roll(self, shifts, dims)


def _index_put_(self, indices, values, accumulate: bool = False):
    return ops.index_put_(self, indices, values, accumulate)


def _H(self):
    """The conjugate transpose of a matrix (real tensors: t())."""
    if self.ndim not in (0, 2):
        raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got "
                           f"{self.ndim}-D tensor.")
    return ops.t(self)


def _view_as(self, other):
    return ops.reshape(self, *other.shape)


for _name in _SHAPE_AND_REDUCTION_METHODS:
    setattr(Tensor, _name, getattr(ops, _name))
for _name in _SHAPE_AND_REDUCTION_INPLACE:
    setattr(Tensor, _name + "_", _inplace_form(getattr(ops, _name), _name + "_"))
Tensor.flip = _flip
Tensor.tile = _tile
Tensor.roll = _roll
Tensor.index_put_ = _index_put_
Tensor.view_as = Tensor.reshape_as = _view_as
Tensor.ravel = ops.ravel
Tensor.H = property(_H)
Tensor.mH = property(ops.adjoint)


# --- inverses, determinants and decompositions ---------------------------------------------

for _name in ["inverse", "det", "logdet", "slogdet", "svd", "qr", "cholesky", "pinverse",
              "matrix_power", "cross"]:
    setattr(Tensor, _name, getattr(ops, _name))
for _name in ["triangular_solve", "cholesky_solve", "cholesky_inverse", "matrix_exp"]:
    setattr(Tensor, _name, getattr(ops, _name))


# --- more maths, activations, statistics and sets ---------------------------------------

_MORE_METHODS = [
    "hypot", "copysign", "xlogy", "ldexp", "nextafter", "heaviside", "hardshrink", "prelu",
    "quantile", "nanquantile", "mode", "histc", "count_nonzero", "cov", "corrcoef", "unique",
    "unique_consecutive", "kron", "diff",
]
_MORE_INPLACE = ["hypot", "copysign", "xlogy", "ldexp", "nextafter", "heaviside"]

for _name in _MORE_METHODS:
    setattr(Tensor, _name, getattr(ops, _name))
for _name in _MORE_INPLACE:
    setattr(Tensor, _name + "_", _inplace_form(getattr(ops, _name), _name + "_"))


# --- special functions (torch.special's with a Tensor method) --------------------------------

_SPECIAL_METHODS = ["erfinv", "lgamma", "digamma", "mvlgamma", "i0", "logit", "sinc"]


def _polygamma(self, n):
    """t.polygamma(n) is polygamma(n, t)."""
    return ops.polygamma(n, self)


for _name in _SPECIAL_METHODS:
    setattr(Tensor, _name, getattr(ops, _name))
    setattr(Tensor, _name + "_", _inplace_form(getattr(ops, _name), _name + "_"))
Tensor.polygamma = _polygamma
Tensor.polygamma_ = _inplace_form(_polygamma, "polygamma_")

"""Every differentiable op, one class each, forward beside backward, grouped by kind:

    arithmetic.py   + - * / ** (Add, Sub, Mul, Div, Neg, Pow, Square, Cube)
    elementwise.py  exp log sqrt abs sin cos tanh erf, clamp, maximum, minimum, where
    activations.py  sigmoid relu leaky_relu gelu
    reduce.py       sum mean var std max min
    softmax.py      softmax log_softmax logsumexp
    shape.py        reshape permute expand squeeze unsqueeze flatten cat stack
    indexing.py     t[index], t[index] = v
    linalg.py       matmul
    conversion.py   to(dtype), clone, fill
    compare.py      comparisons and logic (no gradient)

Helpers: dtypes.py (PyTorch's type promotion), numpy_api.py (NumPy functions on Tensors).
"""
from autograd.ops.arithmetic import (
    Add, Cube, Div, DivRounded, Mul, Neg, Pow, Square, Sub, add, div, mul, neg, power, sub,
)
from autograd.ops.elementwise import (
    Abs, Clamp, Cos, Erf, Exp, Log, Maximum, Minimum, Sin, Sqrt, Tanh, Where, abs, clamp, cos,
    exp, log, maximum, minimum, sin, sqrt, tanh, where,
)
from autograd.ops.activations import (
    Gelu, LeakyRelu, Relu, Sigmoid, gelu, leaky_relu, relu, sigmoid,
)
from autograd.ops.reduce import (
    MaxAll, MaxAlongDim, Mean, MinAll, MinAlongDim, Std, Sum, ValuesIndices, Var, max, mean,
    min, normalize_dim, normalize_dims, std, sum, var,
)
from autograd.ops.softmax import LogSoftmax, LogSumExp, Softmax, log_softmax, logsumexp, softmax
from autograd.ops.shape import (
    Cat, Expand, Permute, Reshape, cat, expand, flatten, permute, reshape, squeeze, stack,
    transpose, unsqueeze,
)
from autograd.ops.indexing import Index, IndexPut, index, index_put_
from autograd.ops.linalg import MatMul, matmul
from autograd.ops.conversion import Cast, Clone, Fill, clone, to_dtype
from autograd.ops.compare import all, any, argmax, argmin, eq, ge, gt, le, lt, ne

__all__ = [
    "Add", "Cube", "Div", "DivRounded", "Mul", "Neg", "Pow", "Square", "Sub", "add", "div",
    "mul", "neg", "power", "sub",
    "Abs", "Clamp", "Cos", "Erf", "Exp", "Log", "Maximum", "Minimum", "Sin", "Sqrt", "Tanh",
    "Where", "abs", "clamp", "cos", "exp", "log", "maximum", "minimum", "sin", "sqrt", "tanh",
    "where",
    "Gelu", "LeakyRelu", "Relu", "Sigmoid", "gelu", "leaky_relu", "relu", "sigmoid",
    "MaxAll", "MaxAlongDim", "Mean", "MinAll", "MinAlongDim", "Std", "Sum", "ValuesIndices",
    "Var", "max", "mean", "min", "normalize_dim", "normalize_dims", "std", "sum", "var",
    "LogSoftmax", "LogSumExp", "Softmax", "log_softmax", "logsumexp", "softmax",
    "Cat", "Expand", "Permute", "Reshape", "cat", "expand", "flatten", "permute", "reshape",
    "squeeze", "stack", "transpose", "unsqueeze",
    "Index", "IndexPut", "index", "index_put_", "MatMul", "matmul",
    "Cast", "Clone", "Fill", "clone", "to_dtype",
    "all", "any", "argmax", "argmin", "eq", "ge", "gt", "le", "lt", "ne",
]

"""Every built-in op, one Function per op, grouped by kind."""
from autograd.ops.elementwise import (
    Abs, Add, Cast, Clamp, Clone, Cos, Div, Erf, Exp, Gelu, LeakyRelu, Log, Maximum, Minimum,
    Mul, Neg, Pow, Relu, Replace, Sigmoid, Sin, Sqrt, Sub, Tanh, Where, maximum, minimum, where,
)
from autograd.ops.linalg import MatMul
from autograd.ops.reduce import (
    Extreme, ExtremeAlongDim, LogSoftmax, LogSumExp, Softmax, Sum, SumTo, ValuesIndices, mean,
    normalize_dims, reduce_extreme, sum_to_shape, var,
)
from autograd.ops.shape import (
    Cat, Expand, Index, IndexGrad, IndexPut, Permute, Reshape, as_index, cat, check_permutation,
    expanded_shape, flatten, resolve_shape, squeeze, stack, transpose, unsqueeze,
)

__all__ = [
    "Abs", "Add", "Cast", "Clamp", "Clone", "Cos", "Div", "Erf", "Exp", "Gelu", "LeakyRelu",
    "Log", "Maximum", "Minimum", "Mul", "Neg", "Pow", "Relu", "Replace", "Sigmoid", "Sin",
    "Sqrt", "Sub", "Tanh", "Where", "maximum", "minimum", "where", "MatMul", "Extreme",
    "ExtremeAlongDim", "LogSoftmax", "LogSumExp", "Softmax", "Sum", "SumTo", "ValuesIndices",
    "mean", "normalize_dims", "reduce_extreme", "sum_to_shape", "var", "Cat", "Expand", "Index",
    "IndexGrad", "IndexPut", "Permute", "Reshape", "as_index", "cat", "check_permutation",
    "expanded_shape", "flatten", "resolve_shape", "squeeze", "stack", "transpose", "unsqueeze",
]

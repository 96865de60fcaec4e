"""autograd: Tensor, the computation graph, the backward engine, and gradcheck (NumPy only).

    >>> from autograd import tensor
    >>> a, b, c = (tensor(5.0, requires_grad=True), tensor(3.0, requires_grad=True),
    ...            tensor(2.0, requires_grad=True))
    >>> J = 3 * (a + b * c)
    >>> J.backward()
    >>> a.grad, b.grad, c.grad
    (tensor(3.), tensor(6.), tensor(9.))
"""
import warnings as _warnings

# PyTorch computes inf and nan silently (1/0, log(0), 0 * inf) where NumPy warns: NumPy's
# warnings raised inside this package are ignored; a user's own NumPy code keeps them.
_warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"autograd(\.|$)")

from autograd.tensor import Tensor  # noqa: E402  (first: the ops it loads need Tensor defined)
from autograd import methods as _methods  # noqa: F401  (attaches the op methods to Tensor)
from autograd import conversion_methods as _conversion_methods  # noqa: F401  (to, float, cpu, ...)
from autograd import layout_methods as _layout_methods  # noqa: F401  (size, t, contiguous, ...)
from autograd import random_methods as _random_methods  # noqa: F401  (normal_, uniform_, ...)
from autograd import attribute_hints as _attribute_hints  # noqa: F401  (missing-name errors)
from autograd.numpy_keywords import NUMPY_KEYWORD_FUNCTIONS, with_numpy_keywords  # axis=, ...
from autograd.anomaly import detect_anomaly
from autograd.gradients import BackwardStep, backward, backward_steps, grad
from autograd.devices import device, get_default_device, set_default_device
from autograd.dtype_names import (  # noqa: A004  (float, int, bool are torch's dtype names)
    bool, cdouble, cfloat, complex64, complex128, double, dtype, float, float16, float32,
    float64, get_default_dtype, half, int, int8, int16, int32, int64, long, set_default_dtype,
    short, uint8,
)
from autograd.factories import (
    bernoulli, empty, empty_like, eye, full, full_like, multinomial, normal, ones, ones_like,
    rand, rand_like, randint, randint_like, randn, randn_like, randperm, tensor, zeros,
    zeros_like,
)
from autograd.interop import as_tensor, from_numpy
from autograd.printing import get_printoptions, set_printoptions
from autograd.ranges import arange, linspace, logspace
from autograd.size import Size
from autograd.function import Function, Node, NumpyFunction, once_differentiable
from autograd.grad_mode import (
    enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled,
)
from autograd.gradcheck import GradcheckError, gradcheck, gradgradcheck, relative_difference
from autograd.ops import (
    abs, add, all, any, argmax, argmin, cat, clamp, clone, cos, div, eq, exp, expand, flatten,
    ge, gelu, gt, le, leaky_relu, log, log_softmax, logsumexp, lt, matmul, max, maximum, mean,
    min, minimum, mul, ne, neg, permute, relu, reshape, sigmoid, sin, softmax, sqrt, squeeze,
    stack, std, sub, sum, tanh, transpose, unsqueeze, var, where,
)
from autograd.ops import power as pow  # noqa: A001  (torch.pow)
from autograd.ops import (
    adaptive_avg_pool1d, adaptive_max_pool1d, avg_pool1d, conv1d, conv2d, conv_transpose1d,
    conv_transpose2d, gru_cell, lstm_cell, max_pool1d, max_pool2d, rnn_relu_cell, rnn_tanh_cell,
)
from autograd.ops import conv3d, conv_transpose3d, max_pool3d
from autograd.ops import bilinear, dropout, group_norm, layer_norm  # torch.* with F's arguments
from autograd.ops import ravel
from autograd.ops import (  # elementwise maths, activations, logic, type promotion
    absolute, acos, acosh, allclose, arccos, arccosh, arcsin, arcsinh, arctan, arctan2,
    arctanh, asin, asinh, atan, atan2, atanh, bitwise_and, bitwise_not, bitwise_or,
    bitwise_xor, can_cast, ceil, celu, clamp_max, clamp_min, cosh, divide, equal, erf, erfc,
    exp2, expm1, fix, float_power, floor, floor_divide, fmod, frac, greater, greater_equal,
    isclose, isfinite, isinf, isnan, isneginf, isposinf, lerp, less, less_equal, log1p, log2,
    log10, logaddexp, logaddexp2, logical_and, logical_not, logical_or, logical_xor, multiply,
    negative, not_equal, promote_types, reciprocal, remainder, result_type, round, rsqrt, rsub,
    selu, sgn, sign, signbit, sinh, square, subtract, tan, true_divide, trunc,
)
from autograd.ops import (  # reductions, sorting, shape, indexing, linear algebra
    adjoint, addbmm, addmm, addmv, addr, aminmax, amax, amin, argsort, argwhere, bincount,
    atleast_1d,
    atleast_2d, atleast_3d, baddbmm, bmm, broadcast_shapes, broadcast_tensors, broadcast_to,
    chunk, column_stack, concat, concatenate, cummax, cummin, cumprod, cumsum, diag,
    diag_embed, diagonal, dot, dstack, einsum, flip, fliplr, flipud, gather, ger, hstack,
    index_add, index_copy, index_fill, index_put, index_select, inner, kthvalue, logcumsumexp,
    masked_fill, masked_scatter, masked_select, median, meshgrid, mm, moveaxis, movedim, msort,
    mv, nanmean, nanmedian, nansum, narrow, nonzero, norm, outer, prod, repeat_interleave,
    roll, rot90, row_stack, scatter, scatter_add, scatter_reduce, select, sort, split,
    std_mean, swapaxes, swapdims, t, take, take_along_dim, tensor_split, tensordot, tile, topk,
    trace, tril, triu, unbind, unflatten, var_mean, vdot, vstack,
)
from autograd.ops import (  # inverses, solvers and decompositions (torch.* forms)
    cholesky, cross, det, inverse, logdet, matrix_power, pinverse, qr, slogdet, svd, vander,
)
from autograd.ops import (  # more maths, activations, statistics, searching, products
    block_diag, bucketize, cartesian_prod, cdist, copysign, corrcoef, count_nonzero, cov, diff,
    hardshrink, heaviside, histc, hypot, isin, kron, ldexp, mode, nanquantile, nextafter, prelu,
    quantile, rrelu, searchsorted, threshold, unique, unique_consecutive, xlogy,
)
from autograd.ops import (  # triangular systems, LU, the matrix exponential (torch.* forms)
    cholesky_inverse, cholesky_solve, lu_unpack, matrix_exp, triangular_solve,
)
from autograd.ops import cosine_similarity, pairwise_distance  # distances
from autograd.ops import (  # special functions (torch.* forms)
    digamma, erfinv, i0, lgamma, logit, mvlgamma, polygamma, sinc,
)
from autograd import linalg  # noqa: E402  (torch.linalg)
from autograd import special  # noqa: E402  (torch.special)
from autograd import return_types  # noqa: E402  (torch.return_types)
from autograd import functional  # noqa: E402,F401  (torch.autograd.functional; not in __all__)
from autograd.out_arg import OUT_FUNCTIONS, with_out
from autograd.random import (
    Generator, default_generator, get_rng_state, initial_seed, manual_seed, seed, set_rng_state,
)

bool_ = bool  # NumPy's spelling
clip = clamp

# NumPy's axis=/keepdims= where PyTorch takes them; out= where PyTorch's function forms take
# it (the methods, bound from ops, take no out=)
globals().update({name: with_numpy_keywords(globals()[name]) for name in NUMPY_KEYWORD_FUNCTIONS})
globals().update({name: with_out(globals()[name], name) for name in OUT_FUNCTIONS})

__all__ = [
    "Tensor", "Function", "NumpyFunction", "Node", "BackwardStep", "once_differentiable",
    "tensor", "zeros", "ones", "full", "arange", "eye", "rand", "randn", "zeros_like",
    "ones_like", "manual_seed", "default_generator",
    "randint", "randperm", "normal", "bernoulli", "multinomial", "rand_like", "randn_like",
    "randint_like", "Generator", "seed", "initial_seed", "get_rng_state", "set_rng_state",
    "backward", "grad", "backward_steps",
    "no_grad", "enable_grad", "inference_mode", "is_grad_enabled", "set_grad_enabled",
    "detect_anomaly", "gradcheck", "gradgradcheck", "GradcheckError", "relative_difference",
    "abs", "add", "all", "any", "argmax", "argmin", "cat", "clamp", "clip", "clone", "cos",
    "div", "eq", "exp", "expand", "flatten", "ge", "gelu", "gt", "le", "leaky_relu", "log",
    "log_softmax", "logsumexp", "lt", "matmul", "max", "maximum", "mean", "min", "minimum",
    "mul", "ne", "neg", "permute", "pow", "relu", "reshape", "sigmoid", "sin", "softmax",
    "sqrt", "squeeze", "stack", "std", "sub", "sum", "tanh", "transpose", "unsqueeze", "var",
    "where",
    "dtype", "float32", "float64", "int32", "int64", "bool_",
    "empty", "empty_like", "full_like", "linspace", "logspace", "from_numpy", "as_tensor",
    "device", "get_default_device", "set_default_device", "Size", "set_printoptions",
    "get_printoptions",
    "float", "double", "float16", "half", "complex64", "cfloat", "complex128", "cdouble",
    "uint8", "int8", "int16", "short", "int", "long", "bool",
    "get_default_dtype", "set_default_dtype",
    "absolute", "acos", "acosh", "allclose", "arccos", "arccosh", "arcsin", "arcsinh",
    "arctan", "arctan2", "arctanh", "asin", "asinh", "atan", "atan2", "atanh", "bitwise_and",
    "bitwise_not", "bitwise_or", "bitwise_xor", "can_cast", "ceil", "celu", "clamp_max",
    "clamp_min", "cosh", "divide", "equal", "erf", "erfc", "exp2", "expm1", "fix",
    "float_power", "floor", "floor_divide", "fmod", "frac", "greater", "greater_equal",
    "isclose", "isfinite", "isinf", "isnan", "isneginf", "isposinf", "lerp", "less",
    "less_equal", "log1p", "log2", "log10", "logaddexp", "logaddexp2", "logical_and",
    "logical_not", "logical_or", "logical_xor", "multiply", "negative", "not_equal",
    "promote_types", "reciprocal", "remainder", "result_type", "round", "rsqrt", "rsub",
    "selu", "sgn", "sign", "signbit", "sinh", "square", "subtract", "tan", "true_divide",
    "trunc",
    "adjoint", "addbmm", "addmm", "addmv", "addr", "aminmax", "amax", "amin", "argsort", "bincount",
    "argwhere", "atleast_1d", "atleast_2d", "atleast_3d", "baddbmm", "bmm", "broadcast_shapes",
    "broadcast_tensors", "broadcast_to", "chunk", "column_stack", "concat", "concatenate",
    "cummax", "cummin", "cumprod", "cumsum", "diag", "diag_embed", "diagonal", "dot", "dstack",
    "einsum", "flip", "fliplr", "flipud", "gather", "ger", "hstack", "index_add", "index_copy",
    "index_fill", "index_put", "index_select", "inner", "kthvalue", "logcumsumexp",
    "masked_fill", "masked_scatter", "masked_select", "median", "meshgrid", "mm", "moveaxis",
    "movedim", "msort", "mv", "nanmean", "nanmedian", "nansum", "narrow", "nonzero", "norm",
    "outer", "prod", "repeat_interleave", "roll", "rot90", "row_stack", "scatter",
    "scatter_add", "scatter_reduce", "select", "sort", "split", "std_mean", "swapaxes",
    "swapdims", "t", "take", "take_along_dim", "tensor_split", "tensordot", "tile", "topk",
    "trace", "tril", "triu", "unbind", "unflatten", "var_mean", "vdot", "vstack", "linalg",
]
__all__ += [
    "adaptive_avg_pool1d", "adaptive_max_pool1d", "avg_pool1d", "conv1d", "conv2d",
    "conv_transpose1d", "conv_transpose2d", "gru_cell", "lstm_cell", "max_pool1d",
    "max_pool2d", "rnn_relu_cell", "rnn_tanh_cell",
]
__all__ += ["conv3d", "conv_transpose3d", "max_pool3d"]
__all__ += ["bilinear", "dropout", "group_norm", "layer_norm"]
__all__ += ["digamma", "erfinv", "i0", "lgamma", "logit", "mvlgamma", "polygamma", "sinc",
            "special"]
__all__ += ["ravel"]
__all__ += ["return_types"]
__all__ += ["cosine_similarity", "pairwise_distance"]
__all__ += ["cholesky", "cross", "det", "inverse", "logdet", "matrix_power", "pinverse",
            "qr", "slogdet", "svd", "vander"]
__all__ += ["cholesky_inverse", "cholesky_solve", "lu_unpack", "matrix_exp", "triangular_solve"]
__all__ += [
    "block_diag", "bucketize", "cartesian_prod", "cdist", "copysign", "corrcoef",
    "count_nonzero", "cov", "diff", "hardshrink", "heaviside", "histc", "hypot", "isin", "kron",
    "ldexp", "mode", "nanquantile", "nextafter", "prelu", "quantile", "rrelu", "searchsorted",
    "threshold", "unique", "unique_consecutive", "xlogy",
]

"""Every differentiable op, one class each, forward beside backward, grouped by kind:

    arithmetic.py   + - * / ** (Add, Sub, Mul, Div, Neg, Pow, Square, Cube), reciprocal
    rounding.py     floor ceil round trunc frac sign; // % fmod, div(rounding_mode)
    exp_log.py      exp exp2 expm1 log log2 log10 log1p logaddexp logaddexp2
    trig.py         sin cos tan asin acos atan atan2, sinh cosh tanh asinh acosh atanh
    special.py      erf erfc
    normal_distribution.py  erfinv erfcx ndtr log_ndtr ndtri
    gamma.py        lgamma digamma polygamma mvlgamma
    bessel.py       i0 i0e i1 i1e
    special_elementwise.py  logit sinc xlog1py entr
    elementwise.py  sqrt rsqrt abs, clamp maximum minimum where, lerp
    activations.py  sigmoid logsigmoid relu leaky_relu gelu silu mish softplus softsign
                    elu selu celu softmin
    hard_activations.py  hardtanh relu6 hardsigmoid hardswish
    reduce.py       sum mean prod var std (var_mean, std_mean) nansum nanmean
    extremes.py     max min amax amin aminmax
    cumulative.py   cumsum cumprod cummax cummin logcumsumexp
    sorting.py      sort argsort topk kthvalue median nanmedian
    norm.py         vector_norm norm
    softmax.py      softmax log_softmax logsumexp
    shape.py        reshape/view expand squeeze unsqueeze flatten unflatten atleast_nd
    transposes.py   permute transpose/swapaxes movedim t T mT adjoint
    join.py         cat stack hstack vstack split chunk unbind narrow select meshgrid
    rearrange.py    flip roll rot90 repeat tile repeat_interleave tril triu diagonal diag trace
    indexing.py     t[index], t[index] = v (PyTorch's rules), index_put_
    gather.py       gather scatter scatter_add scatter_reduce take_along_dim
    select.py       index_select index_add masked_fill masked_select nonzero take where(c)
    linalg.py       matmul mm bmm mv dot outer addmm baddbmm ...
    solve.py        linalg.inv det slogdet solve (inverse)
    decompositions.py linalg.cholesky qr eigh eigvalsh svd svdvals pinv matrix_rank
    linalg_composites.py logdet matrix_power cross vander; torch.svd qr cholesky pinverse
    triangular.py   linalg.solve_triangular; triangular_solve cholesky_solve cholesky_inverse
    lu.py           linalg.lu_factor(_ex) lu lu_solve; lu_unpack
    linalg_ex.py    linalg.cholesky_ex inv_ex solve_ex
    matrix_exp.py   linalg.matrix_exp (matrix_exp)
    least_squares.py linalg.lstsq
    eig.py          linalg.eig eigvals (forward only: complex results)
    linalg_products.py linalg.multi_dot householder_product tensorinv tensorsolve
    einsum.py       einsum tensordot
    conversion.py   to(dtype), clone, fill
    compare.py      comparisons, isclose allclose equal, any all argmax argmin (no gradient)
    logic.py        & | ^ ~ and the logical ops, isnan isinf isfinite (no gradient)
    unfold.py       sliding windows: unfold (im2col), fold (col2im)
    conv.py         conv1d/2d/3d conv_transpose1d/2d/3d
    pooling.py      max_pool1d/2d/3d avg_pool1d/2d/3d
    adaptive_pooling.py  adaptive_avg_pool1d/2d/3d adaptive_max_pool1d/2d/3d
    unpooling.py    max_unpool1d/2d/3d
    lp_pooling.py   lp_pool1d/2d/3d
    interpolate.py  interpolate (nearest, linear, bilinear, bicubic, trilinear, area)
    rnn.py          one step of a recurrent cell: rnn_tanh_cell rnn_relu_cell lstm_cell gru_cell
    rnn_sequence.py a recurrent layer over a whole sequence (RNN, LSTM, GRU)
    linear.py       linear, bilinear (nn.functional's, each one node)
    normalization.py batch_norm, layer_norm, group_norm
    loss.py         mse, l1, huber, smooth_l1, binary cross-entropy (probabilities, logits)
    cross_entropy.py nll_loss, cross_entropy (fused with log-softmax)
    embedding.py    embedding
    dropout.py      dropout
    attention.py    scaled_dot_product_attention
    padding.py      pad (constant, reflect, replicate, circular)
    binary_math.py  hypot copysign xlogy ldexp, nextafter heaviside (no gradient)
    piecewise_activations.py  hardshrink softshrink tanhshrink threshold prelu rrelu glu
    statistics.py   quantile nanquantile mode histc count_nonzero cov corrcoef
    search.py       searchsorted bucketize unique unique_consecutive isin (no gradient)
    products.py     kron cdist diff cartesian_prod block_diag (composed of other ops)
    distance.py     cosine_similarity pairwise_distance (composed of other ops)

Helpers: dtypes.py (PyTorch's type promotion), numpy_api.py (NumPy functions on Tensors).
"""
from autograd.ops.arithmetic import (
    Add, Cube, Div, Mul, Neg, Pow, PowNumberBase, PowTensor, Reciprocal, Rsub, Square, Sub,
    add, div, divide, float_power, mul, multiply, neg, negative, power, reciprocal, rsub,
    square, sub, subtract, true_divide,
)
from autograd.ops.rounding import (
    Ceil, DivRounded, Floor, Fmod, Frac, Remainder, Round, Sign, Trunc, ceil,
    fix, floor, floor_divide, fmod, frac, remainder, round, sgn, sign, trunc,
)
from autograd.ops.exp_log import (
    Exp, Exp2, Expm1, Log, Log1p, Log2, Log10, LogAddExp, LogAddExp2, exp, exp2, expm1, log,
    log1p, log2, log10, logaddexp, logaddexp2,
)
from autograd.ops.trig import (
    Acos, Acosh, Asin, Asinh, Atan, Atan2, Atanh, Cos, Cosh, Sin, Sinh, Tan, Tanh, acos, acosh,
    arccos, arccosh, arcsin, arcsinh, arctan, arctan2, arctanh, asin, asinh, atan, atan2,
    atanh, cos, cosh, sin, sinh, tan, tanh,
)
from autograd.ops.special import Erf, Erfc, erf, erfc
from autograd.ops.elementwise import (
    Abs, Clamp, Lerp, Maximum, Minimum, Rsqrt, Sqrt, Where, abs, absolute, clamp, clamp_max,
    clamp_min, clip, lerp, maximum, minimum, rsqrt, sqrt, where,
)
from autograd.ops.activations import (
    Elu, Gelu, GeluTanh, LeakyRelu, LogSigmoid, Mish, Relu, Sigmoid, Silu, Softplus, Softsign,
    celu, elu, gelu, leaky_relu, logsigmoid, mish, relu, selu, sigmoid, silu, softmin, softplus,
    softsign,
)
from autograd.ops.hard_activations import (
    Hardsigmoid, Hardswish, Hardtanh, hardsigmoid, hardswish, hardtanh, relu6,
)
from autograd.ops.dims import normalize_dim, normalize_dims
from autograd.ops.reduce import (
    Mean, Prod, Std, Sum, Var, mean, nanmean, nansum, prod, std, std_mean, sum, var, var_mean,
)
from autograd.ops.extremes import (
    Amax, Amin, MaxAll, MinAll, amax, amin, aminmax, max, min,
)
from autograd.ops.softmax import LogSoftmax, LogSumExp, Softmax, log_softmax, logsumexp, softmax
from autograd.ops.shape import (
    Expand, Reshape, atleast_1d, atleast_2d, atleast_3d, broadcast_shapes, broadcast_to, expand,
    expand_as, flatten, ravel, reshape, squeeze, unflatten, unsqueeze, view,
)
from autograd.ops.transposes import (
    Permute, adjoint, full_transpose, matrix_transpose, movedim, moveaxis, permute, swapaxes,
    swapdims, t, transpose,
)
from autograd.ops.indexing import Index, IndexPut, index, index_put, index_put_
from autograd.ops.linalg import (
    MatMul, addbmm, addmm, addmv, addr, baddbmm, bmm, dot, ger, inner, matmul, mm, mv, outer,
    vdot,
)
from autograd.ops.conversion import Cast, Clone, Fill, clone, to_dtype
from autograd.ops.compare import (
    all, allclose, any, argmax, argmin, eq, equal, ge, greater, greater_equal, gt, isclose, le,
    less, less_equal, lt, ne, not_equal,
)
from autograd.ops.logic import (
    bitwise_and, bitwise_not, bitwise_or, bitwise_xor, isfinite, isinf, isnan, isneginf,
    isposinf, logical_and, logical_not, logical_or, logical_xor, signbit,
)
from autograd.ops.dtypes import can_cast, promote_types, result_type
from autograd.ops.linear import Bilinear, Linear, bilinear, linear
from autograd.ops.normalization import (
    BatchNorm, GroupNorm, LayerNorm, batch_norm, group_norm, layer_norm,
)
from autograd.ops.loss import (
    HuberLoss, L1Loss, MseLoss, SmoothL1Loss, huber_loss, l1_loss, mse_loss, smooth_l1_loss,
)
from autograd.ops.binary_cross_entropy import (
    BinaryCrossEntropy, BinaryCrossEntropyWithLogits, binary_cross_entropy,
    binary_cross_entropy_with_logits,
)
from autograd.ops.cross_entropy import CrossEntropy, NllLoss, cross_entropy, nll_loss
from autograd.ops.embedding import Embedding, embedding
from autograd.ops.dropout import Dropout, dropout
from autograd.ops.attention import ScaledDotProductAttention, scaled_dot_product_attention
from autograd.ops.padding import Pad, pad

__all__ = [
    "Add", "Cube", "Div", "Mul", "Neg", "Pow", "PowNumberBase", "PowTensor", "Reciprocal",
    "Rsub", "Square", "Sub", "add", "div",
    "divide", "float_power", "mul", "multiply", "neg", "negative", "power", "reciprocal",
    "rsub", "square", "sub", "subtract", "true_divide",
    "Ceil", "DivRounded", "Floor", "Fmod", "Frac", "Remainder", "Round", "Sign",
    "Trunc", "ceil", "fix", "floor", "floor_divide", "fmod", "frac", "remainder", "round",
    "sgn", "sign", "trunc",
    "Exp", "Exp2", "Expm1", "Log", "Log1p", "Log2", "Log10", "LogAddExp", "LogAddExp2", "exp",
    "exp2", "expm1", "log", "log1p", "log2", "log10", "logaddexp", "logaddexp2",
    "Acos", "Acosh", "Asin", "Asinh", "Atan", "Atan2", "Atanh", "Cos", "Cosh", "Sin", "Sinh",
    "Tan", "Tanh", "acos", "acosh", "arccos", "arccosh", "arcsin", "arcsinh", "arctan",
    "arctan2", "arctanh", "asin", "asinh", "atan", "atan2", "atanh", "cos", "cosh", "sin",
    "sinh", "tan", "tanh",
    "Erf", "Erfc", "erf", "erfc",
    "Abs", "Clamp", "Lerp", "Maximum", "Minimum", "Rsqrt", "Sqrt", "Where", "abs", "absolute",
    "clamp", "clamp_max", "clamp_min", "clip", "lerp", "maximum", "minimum", "rsqrt", "sqrt",
    "where",
    "Elu", "Gelu", "GeluTanh", "LeakyRelu", "LogSigmoid", "Mish", "Relu", "Sigmoid", "Silu",
    "Softplus", "Softsign", "celu", "elu", "gelu", "leaky_relu", "logsigmoid", "mish", "relu",
    "selu", "sigmoid", "silu", "softmin", "softplus", "softsign",
    "Hardsigmoid", "Hardswish", "Hardtanh", "hardsigmoid", "hardswish", "hardtanh", "relu6",
    "Mean", "Prod", "Std", "Sum", "Var", "mean", "nanmean", "nansum", "normalize_dim",
    "normalize_dims", "prod", "std", "std_mean", "sum", "var", "var_mean",
    "Amax", "Amin", "MaxAll", "MinAll", "amax", "amin", "aminmax", "max", "min",
    "LogSoftmax", "LogSumExp", "Softmax", "log_softmax", "logsumexp", "softmax",
    "Expand", "Permute", "Reshape", "adjoint", "atleast_1d", "atleast_2d", "atleast_3d",
    "broadcast_shapes", "broadcast_to", "expand", "expand_as", "flatten", "full_transpose",
    "matrix_transpose", "moveaxis", "movedim", "permute", "reshape", "squeeze", "swapaxes",
    "swapdims", "t",
    "transpose", "unflatten", "unsqueeze", "view",
    "ravel",
    "Index", "IndexPut", "index", "index_put", "index_put_",
    "MatMul", "addbmm", "addmm", "addmv", "addr", "baddbmm", "bmm", "dot", "ger", "inner",
    "matmul", "mm", "mv", "outer", "vdot",
    "Cast", "Clone", "Fill", "clone", "to_dtype",
    "all", "allclose", "any", "argmax", "argmin", "eq", "equal", "ge", "greater",
    "greater_equal", "gt", "isclose", "le", "less", "less_equal", "lt", "ne", "not_equal",
    "bitwise_and", "bitwise_not", "bitwise_or", "bitwise_xor", "isfinite", "isinf", "isnan",
    "isneginf", "isposinf", "logical_and", "logical_not", "logical_or", "logical_xor",
    "signbit",
    "can_cast", "promote_types", "result_type",
    "Bilinear", "Linear", "bilinear", "linear",
    "BatchNorm", "GroupNorm", "LayerNorm", "batch_norm", "group_norm", "layer_norm",
    "BinaryCrossEntropy", "BinaryCrossEntropyWithLogits", "HuberLoss", "L1Loss", "MseLoss",
    "SmoothL1Loss", "binary_cross_entropy", "binary_cross_entropy_with_logits", "huber_loss",
    "l1_loss", "mse_loss", "smooth_l1_loss",
    "CrossEntropy", "NllLoss", "cross_entropy", "nll_loss",
    "Embedding", "embedding", "Dropout", "dropout",
    "ScaledDotProductAttention", "scaled_dot_product_attention", "Pad", "pad",
]

from autograd.ops.unfold import Fold, Unfold, fold, unfold
from autograd.ops.conv import (
    Conv, ConvTranspose, conv1d, conv2d, conv_transpose1d, conv_transpose2d,
)
from autograd.ops.pooling import (
    AvgPool, MaxPool, PlaneGather, PlaneScatterAdd, avg_pool1d, avg_pool2d, max_pool1d, max_pool2d,
)
from autograd.ops.adaptive_pooling import (
    AdaptiveMaxPool, adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_max_pool1d,
    adaptive_max_pool2d,
)
from autograd.ops.conv import conv3d, conv_transpose3d
from autograd.ops.pooling import avg_pool3d, max_pool3d
from autograd.ops.adaptive_pooling import adaptive_avg_pool3d, adaptive_max_pool3d
from autograd.ops.unpooling import MaxUnpool, max_unpool1d, max_unpool2d, max_unpool3d
from autograd.ops.lp_pooling import lp_pool1d, lp_pool2d, lp_pool3d
from autograd.ops.interpolate import Resample, interpolate
from autograd.ops.rnn import (
    GRUCell, LSTMCell, RNNCell, gru_cell, lstm_cell, rnn_relu_cell, rnn_tanh_cell,
)
from autograd.ops.rnn_sequence import GRULayer, LSTMLayer, RNNLayer

__all__ += [
    "Fold", "Unfold", "fold", "unfold", "Conv", "ConvTranspose", "conv1d", "conv2d",
    "conv_transpose1d", "conv_transpose2d", "AvgPool", "MaxPool", "PlaneGather",
    "PlaneScatterAdd", "avg_pool1d", "avg_pool2d", "max_pool1d", "max_pool2d",
    "AdaptiveMaxPool", "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_max_pool1d",
    "adaptive_max_pool2d", "Resample", "interpolate", "GRUCell", "LSTMCell", "RNNCell",
    "gru_cell", "lstm_cell", "rnn_relu_cell", "rnn_tanh_cell", "GRULayer", "LSTMLayer",
    "RNNLayer",
]
__all__ += [
    "conv3d", "conv_transpose3d", "avg_pool3d", "max_pool3d", "adaptive_avg_pool3d",
    "adaptive_max_pool3d", "MaxUnpool", "max_unpool1d", "max_unpool2d", "max_unpool3d",
    "lp_pool1d", "lp_pool2d", "lp_pool3d",
]

# --- reductions, sorting, shape, indexing, linear algebra ----------------------------------
from autograd.ops.cumulative import (  # noqa: E402
    Cumprod, Cumsum, Logcumsumexp, cummax, cummin, cumprod, cumsum, logcumsumexp,
)
from autograd.ops.sorting import (  # noqa: E402
    argsort, kthvalue, median, msort, nanmedian, sort, topk,
)
from autograd.ops.norm import VectorNorm, norm, vector_norm  # noqa: E402
from autograd.ops.join import (  # noqa: E402
    Cat, Split, Stack, broadcast_tensors, cat, chunk, column_stack, concat, concatenate,
    dstack, hstack, meshgrid, narrow, row_stack, select, split, stack, tensor_split, unbind,
    vstack,
)
from autograd.ops.rearrange import (  # noqa: E402
    DiagEmbed, Diagonal, Flip, Repeat, Roll, Tril, Triu, diag, diag_embed, diagonal, flip,
    fliplr, flipud, repeat, repeat_interleave, roll, rot90, tile, trace, tril, triu,
)
from autograd.ops.gather import (  # noqa: E402
    Gather, Scatter, ScatterAdd, ScatterReduce, gather, scatter, scatter_add, scatter_reduce,
    take_along_dim,
)
from autograd.ops.select import (  # noqa: E402
    IndexAdd, IndexCopy, IndexSelect, MaskedFill, MaskedScatter, argwhere, bincount,
    index_add,
    index_copy, index_fill, index_select, masked_fill, masked_scatter, masked_select, nonzero,
    take, where,
)
from autograd.ops.einsum import Einsum, einsum, tensordot  # noqa: E402

__all__ += [
    "Cumprod", "Cumsum", "Logcumsumexp", "cummax", "cummin", "cumprod", "cumsum",
    "logcumsumexp",
    "argsort", "kthvalue", "median", "msort", "nanmedian", "sort", "topk",
    "VectorNorm", "norm", "vector_norm",
    "Cat", "Split", "Stack", "broadcast_tensors", "cat", "chunk", "column_stack", "concat",
    "concatenate", "dstack", "hstack", "meshgrid", "narrow", "row_stack", "select", "split",
    "stack", "tensor_split", "unbind", "vstack",
    "DiagEmbed", "Diagonal", "Flip", "Repeat", "Roll", "Tril", "Triu", "diag", "diag_embed",
    "diagonal", "flip", "fliplr", "flipud", "repeat", "repeat_interleave", "roll", "rot90",
    "tile", "trace", "tril", "triu",
    "Gather", "Scatter", "ScatterAdd", "ScatterReduce", "gather", "scatter", "scatter_add",
    "scatter_reduce", "take_along_dim",
    "IndexAdd", "IndexCopy", "IndexSelect", "MaskedFill", "MaskedScatter", "argwhere", "bincount",
    "index_add", "index_copy", "index_fill", "index_select", "masked_fill", "masked_scatter",
    "masked_select", "nonzero", "take",
    "Einsum", "einsum", "tensordot",
]

# --- inverses, solvers and decompositions (torch.linalg's) ---------------------------------
from autograd.ops.solve import (  # noqa: E402
    Det, Inv, LinAlgError, Slogdet, Solve, SolveVectors, inverse,
)
from autograd.ops.decompositions import (  # noqa: E402
    Cholesky, Eigh, Eigvalsh, Pinv, Qr, Svd, Svdvals,
)
from autograd.ops.linalg_composites import (  # noqa: E402
    cholesky, cross, det, logdet, matrix_power, pinverse, qr, slogdet, svd, vander,
)

__all__ += [
    "Det", "Inv", "LinAlgError", "Slogdet", "Solve", "SolveVectors", "det", "inverse", "slogdet",
    "Cholesky", "Eigh", "Eigvalsh", "Pinv", "Qr", "Svd", "Svdvals",
    "cholesky", "cross", "logdet", "matrix_power", "pinverse", "qr", "svd", "vander",
]
from autograd.ops.triangular import (  # noqa: E402
    CholeskySolve, SolveTriangular, cholesky_inverse, cholesky_solve, triangular_solve,
)
from autograd.ops.lu import LuFactor, lu_unpack  # noqa: E402
from autograd.ops.matrix_exp import MatrixExp, matrix_exp  # noqa: E402

__all__ += [
    "CholeskySolve", "SolveTriangular", "cholesky_inverse", "cholesky_solve", "triangular_solve",
    "LuFactor", "lu_unpack", "MatrixExp", "matrix_exp",
]

# --- more elementwise maths, activations, statistics, searching, products -----------------
from autograd.ops.binary_math import (  # noqa: E402
    Copysign, Hypot, Xlogy, copysign, heaviside, hypot, ldexp, nextafter, xlogy,
)
from autograd.ops.piecewise_activations import (  # noqa: E402
    Hardshrink, Prelu, Softshrink, Threshold, glu, hardshrink, prelu, rrelu, softshrink,
    tanhshrink, threshold,
)
from autograd.ops.statistics import (  # noqa: E402
    corrcoef, count_nonzero, cov, histc, mode, nanquantile, quantile,
)
from autograd.ops.search import (  # noqa: E402
    bucketize, isin, searchsorted, unique, unique_consecutive,
)
from autograd.ops.products import block_diag, cartesian_prod, cdist, diff, kron  # noqa: E402
from autograd.ops.distance import cosine_similarity, pairwise_distance  # noqa: E402

__all__ += [
    "Copysign", "Hypot", "Xlogy", "copysign", "heaviside", "hypot", "ldexp", "nextafter",
    "xlogy",
    "Hardshrink", "Prelu", "Softshrink", "Threshold", "glu", "hardshrink", "prelu", "rrelu",
    "softshrink", "tanhshrink", "threshold",
    "corrcoef", "count_nonzero", "cov", "histc", "mode", "nanquantile", "quantile",
    "bucketize", "isin", "searchsorted", "unique", "unique_consecutive",
    "block_diag", "cartesian_prod", "cdist", "diff", "kron",
    "cosine_similarity", "pairwise_distance",
]

from autograd.ops.normal_distribution import (  # noqa: E402
    Erfcx, Erfinv, LogNdtr, Ndtr, Ndtri, erfcx, erfinv, log_ndtr, ndtr, ndtri,
)
from autograd.ops.gamma import (  # noqa: E402
    Digamma, Lgamma, Polygamma, digamma, lgamma, mvlgamma, polygamma,
)
from autograd.ops.bessel import I0, I0e, I1, I1e, i0, i0e, i1, i1e  # noqa: E402
from autograd.ops.special_elementwise import (  # noqa: E402
    Entr, Logit, Sinc, Xlog1py, entr, logit, sinc, xlog1py,
)

__all__ += [
    "Erfcx", "Erfinv", "LogNdtr", "Ndtr", "Ndtri", "erfcx", "erfinv", "log_ndtr", "ndtr", "ndtri",
    "Digamma", "Lgamma", "Polygamma", "digamma", "lgamma", "mvlgamma", "polygamma",
    "I0", "I0e", "I1", "I1e", "i0", "i0e", "i1", "i1e",
    "Entr", "Logit", "Sinc", "Xlog1py", "entr", "logit", "sinc", "xlog1py",
]

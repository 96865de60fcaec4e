"""autograd: Tensor, the computation graph, the backward engine, and gradcheck (NumPy only).

    >>> from autograd import tensor
    >>> a, b, c = tensor(5.0, requires_grad=True), tensor(3.0, requires_grad=True), tensor(2.0, requires_grad=True)
    >>> J = 3 * (a + b * c)
    >>> J.backward()
    >>> a.grad, b.grad, c.grad
    (tensor(3.), tensor(6.), tensor(9.))
"""
import numpy as _np

from autograd.tensor import Tensor  # first: the ops it loads need Tensor defined
from autograd import methods as _methods  # noqa: F401  (attaches the op methods to Tensor)
from autograd.anomaly import detect_anomaly
from autograd.gradients import BackwardStep, backward, backward_steps, grad
from autograd.factories import (
    arange, bernoulli, eye, full, multinomial, normal, ones, ones_like, rand, rand_like, randint,
    randint_like, randn, randn_like, randperm, tensor, zeros, zeros_like,
)
from autograd.function import Function, Node, NumpyFunction, once_differentiable
from autograd.grad_mode import (
    enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled,
)
from autograd.gradcheck import gradcheck, relative_difference
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
from autograd.random import (
    Generator, default_generator, get_rng_state, initial_seed, manual_seed, seed, set_rng_state,
)

float32 = _np.dtype(_np.float32)
float64 = _np.dtype(_np.float64)
int32 = _np.dtype(_np.int32)
int64 = _np.dtype(_np.int64)
bool_ = _np.dtype(_np.bool_)
clip = clamp

__all__ = [
    "Tensor", "Function", "NumpyFunction", "Node", "BackwardStep", "once_differentiable",
    "tensor", "zeros", "ones", "full", "arange", "eye", "rand", "randn", "zeros_like",
    "ones_like", "manual_seed", "default_generator",
    "randint", "randperm", "normal", "bernoulli", "multinomial", "rand_like", "randn_like",
    "randint_like", "Generator", "seed", "initial_seed", "get_rng_state", "set_rng_state",
    "backward", "grad", "backward_steps",
    "no_grad", "enable_grad", "inference_mode", "is_grad_enabled", "set_grad_enabled",
    "detect_anomaly", "gradcheck", "relative_difference",
    "abs", "add", "all", "any", "argmax", "argmin", "cat", "clamp", "clip", "clone", "cos",
    "div", "eq", "exp", "expand", "flatten", "ge", "gelu", "gt", "le", "leaky_relu", "log",
    "log_softmax", "logsumexp", "lt", "matmul", "max", "maximum", "mean", "min", "minimum",
    "mul", "ne", "neg", "permute", "pow", "relu", "reshape", "sigmoid", "sin", "softmax",
    "sqrt", "squeeze", "stack", "std", "sub", "sum", "tanh", "transpose", "unsqueeze", "var",
    "where",
    "float32", "float64", "int32", "int64", "bool_",
]
__all__ += [
    "adaptive_avg_pool1d", "adaptive_max_pool1d", "avg_pool1d", "conv1d", "conv2d",
    "conv_transpose1d", "conv_transpose2d", "gru_cell", "lstm_cell", "max_pool1d",
    "max_pool2d", "rnn_relu_cell", "rnn_tanh_cell",
]

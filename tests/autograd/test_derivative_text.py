"""The derivative each op shows (its `derivatives` text, which viz prints) equals what its
backward computes: every NumpyFunction in autograd.ops, on sample arguments, evaluated with
autograd.ops.derivative_text. An op without a sample here fails the test: add one."""
import importlib
import pkgutil

import numpy as np
import pytest

import autograd.ops
from autograd import NumpyFunction, Tensor, backward_steps, tensor
from autograd.ops.derivative_text import evaluate
from autograd.ops.indexing import as_index
from autograd.ops.unfold import Windows, blocks_for

_rng = np.random.default_rng(0)


def t(*shape):
    """A float64 tensor requiring grad, entries in [-2, -0.1] ∪ [0.1, 2] (away from kinks)."""
    values = _rng.uniform(0.1, 2.0, shape) * _rng.choice([-1.0, 1.0], shape)
    return tensor(values, requires_grad=True)


def p(*shape):
    """A positive float64 tensor requiring grad, entries in [0.5, 2]."""
    return tensor(_rng.uniform(0.5, 2.0, shape), requires_grad=True)


def exact(values):
    return tensor(np.array(values, dtype=np.float64), requires_grad=True)


def square(n, *batch):
    """A well-conditioned float64 (*batch, n, n) tensor requiring grad (3 added on the
    diagonal)."""
    return tensor(_rng.normal(size=batch + (n, n)) + 3 * np.eye(n), requires_grad=True)


def symmetric(n, *batch, positive=False):
    """A symmetric (positive-definite: a aᵀ + I) float64 tensor requiring grad."""
    a = _rng.normal(size=batch + (n, n))
    a = a @ np.swapaxes(a, -1, -2) + np.eye(n) if positive else a + np.swapaxes(a, -1, -2)
    return tensor(a, requires_grad=True)


def _windows(size, kernel, dilation, stride, pad) -> Windows:
    """The windows a kernel visits over an input of `size` (PyTorch's output size)."""
    one = [(v,) if isinstance(v, int) else tuple(v) for v in (kernel, dilation, stride, pad)]
    kernel, dilation, stride, pad = (v * len(size) if len(v) == 1 else v for v in one)
    return Windows(size, blocks_for(size, kernel, dilation, pad, stride), kernel, dilation,
                   stride, pad)


SAMPLES = {
    "Add": [lambda: (t(2, 3), t(3)), lambda: (t(2), 2.5)],
    "Addmm": [lambda: (t(2, 3), t(2, 3))],
    "Addmv": [lambda: (t(2), t(2))],
    "Addr": [lambda: (t(2, 3), t(2, 3))],
    "Baddbmm": [lambda: (t(2, 2, 3), t(2, 2, 3))],
    "Addbmm": [lambda: (t(2, 3), t(2, 3))],
    "Mvlgamma": [lambda: (t(2, 3), 0.3)],
    "Sub": [lambda: (t(2, 3), t(2, 1)), lambda: (3.0, t(2))],
    "LinalgCross": [lambda: (t(2, 3), t(2, 3))],
    "Rsub": [lambda: (3.0, t(2, 3))],
    "Mul": [lambda: (t(2, 3), t(3)), lambda: (3.0, t(2))],
    "Ldexp": [lambda: (t(2, 3), p(3))],
    "Glu": [lambda: (t(2, 3), p(2, 3))],
    "RreluWithNoise": [lambda: (t(2, 3), tensor(_rng.uniform(0.1, 0.3, (2, 3))))],
    "Div": [lambda: (t(2, 3), p(3)), lambda: (1.0, p(2))],
    "Neg": [lambda: (t(3),)],
    "Square": [lambda: (t(2, 3),)],
    "Cube": [lambda: (t(2, 3),)],
    "Pow": [lambda: (p(3), t(3)), lambda: (p(2, 2), 2.5)],
    "PowTensor": [lambda: (p(3), t(3))],
    "PowNumberBase": [lambda: (2.5, t(2, 3))],
    "DivRounded": [lambda: (t(3), p(3), "floor")],
    "Exp": [lambda: (t(2, 3),)],
    "Log": [lambda: (p(2, 3),)],
    "Sqrt": [lambda: (p(2, 3),)],
    "Abs": [lambda: (t(2, 3),)],
    "Sin": [lambda: (t(2, 3),)],
    "Cos": [lambda: (t(2, 3),)],
    "Tanh": [lambda: (t(2, 3),)],
    "Erf": [lambda: (t(2, 3),)],
    "Clamp": [lambda: (exact([-1.0, -0.2, 0.3, 0.9]), -0.5, 0.5),
              lambda: (exact([-1.0, 0.2, 0.7]), None, 0.4),
              lambda: (exact([-1.0, 0.2, 0.7, 3.0]), exact([0.0, 0.0, 0.0, 1.0]),
                       exact([0.5, 0.5, 0.5, 0.5])),
              lambda: (exact([-1.0, 0.2, 0.7]), exact([0.0, 0.5, 0.0]), None)],
    "ClampNumbers": [lambda: (exact([-1.0, -0.2, 0.3, 0.9]), -0.5, 0.5)],
    "ClampMin": [lambda: (exact([-1.0, 0.2, 0.7]), 0.4, None)],
    "ClampMinTensor": [lambda: (exact([-1.0, 0.2, 0.7]), exact([0.0, 0.5, 0.0]), None)],
    "ClampMaxTensor": [lambda: (exact([-1.0, 0.2, 0.7]), None, exact([0.0, 0.5, 0.0]))],
    "ClampMax": [lambda: (exact([-1.0, 0.2, 0.7]), None, 0.4)],
    "Maximum": [lambda: (t(3), t(3)), lambda: (exact([1.0, 2.0, 3.0]), exact([1.0, 0.0, 5.0]))],
    "Minimum": [lambda: (t(3), t(3)), lambda: (exact([1.0, 2.0, 3.0]), exact([1.0, 0.0, 5.0]))],
    "Where": [lambda: (tensor(np.array([True, False, True])), t(3), t(3))],
    "Sigmoid": [lambda: (t(2, 3),)],
    "Relu": [lambda: (t(2, 3),)],
    "LeakyRelu": [lambda: (t(2, 3), 0.1)],
    "RreluMeanSlope": [lambda: (t(2, 3), 0.2)],
    "Gelu": [lambda: (t(2, 3),)],
    "GeluTanh": [lambda: (t(2, 3),)],
    "Sum": [lambda: (t(2, 3), None, False), lambda: (t(2, 3), (1,), False),
            lambda: (t(2, 3, 2), (0, 2), True)],
    "Trace": [lambda: (t(3), None, False)],
    "SumDim": [lambda: (t(2, 3), (1,), False), lambda: (t(2, 3, 2), (0, 2), True)],
    "Mean": [lambda: (t(2, 3), None, False), lambda: (t(2, 3), (0,), False)],
    "MeanDim": [lambda: (t(2, 3), (0,), True)],
    "Var": [lambda: (t(2, 4), (1,), 1, False), lambda: (t(5), None, 0, True)],
    "Std": [lambda: (t(2, 4), (1,), 1, False), lambda: (t(5), None, 0, True)],
    "MaxAll": [lambda: (t(2, 3),)],
    "MinAll": [lambda: (t(2, 3),)],
    "Softmax": [lambda: (t(2, 3), 1)],
    "LogSoftmax": [lambda: (t(2, 3), 0)],
    "LogSumExp": [lambda: (t(2, 3), (1,), False), lambda: (t(2, 3), (0, 1), True)],
    "Reshape": [lambda: (t(2, 3), (3, 2))],
    "Unsqueeze": [lambda: (t(2, 3), (2, 1, 3))],
    "Squeeze": [lambda: (t(2, 1, 3), (2, 3))],
    "SqueezeAll": [lambda: (t(1, 3, 1), (3,))],
    "SqueezeDims": [lambda: (t(1, 3, 1), (3, 1))],
    "SqueezeInPlace": [lambda: (t(2, 3, 1), (2, 3))],
    "UnsafeView": [lambda: (t(2, 1, 3, 2), (2, 6))],
    "Permute": [lambda: (t(2, 3, 4), (2, 0, 1))],
    "Transpose": [lambda: (t(2, 3, 4), (2, 1, 0))],
    "T": [lambda: (t(2, 3), (1, 0))],
    "Expand": [lambda: (t(3, 1), (2, 3, 4))],
    "Cat": [lambda: (1, t(2, 3), t(2, 2)), lambda: (0, t(1, 2), t(2, 2), t(3, 2))],
    "BlockDiag": [lambda: (0, t(2, 5), t(3, 5))],
    "Index": [lambda: (t(4, 3), as_index([0, 2, 0], (4, 3))),
              lambda: (t(4, 3), as_index((slice(1, 3), 1), (4, 3))),
              lambda: (t(2, 3, 4), as_index((1, slice(None), [0, 2]), (2, 3, 4)))],
    "Slice": [lambda: (t(4, 3), as_index((slice(1, 3),), (4, 3)))],
    "Select": [lambda: (t(4, 3), as_index((slice(None), 1), (4, 3)))],
    "NewAxes": [lambda: (t(4, 3), as_index((None, slice(None), None), (4, 3)))],
    "MaskedSelect": [lambda: (t(4, 3), as_index(np.array([[True, False, True]] * 4), (4, 3)))],
    "IndexBackward": [lambda: (t(3, 3), (4, 3), as_index([0, 2, 0], (4, 3)))],
    "IndexPut": [lambda: (t(4, 3), as_index([1, 3], (4, 3)), t(3), False),
                 lambda: (t(4, 3), as_index(slice(0, 2), (4, 3)), 0.5, False),
                 lambda: (t(4, 3), as_index([1, 1], (4, 3)), t(3), True)],
    "MatMul": [lambda: (t(2, 3), t(3, 4))],
    "LinalgLstsq": [lambda: (t(3, 4), t(4, 2))],
    "Mm": [lambda: (t(2, 3), t(3, 4))],
    "Mv": [lambda: (t(2, 3), t(3))],
    "Dot": [lambda: (t(3), t(3))],
    "Bmm": [lambda: (t(2, 2, 3), t(2, 3, 4))],
    # reductions, sorting, shape, indexing and linear algebra
    "NanSum": [lambda: (exact([[1.0, np.nan], [2.0, 3.0]]), (1,), False)],
    "Prod": [lambda: (t(2, 3), 1, False), lambda: (t(2, 3), None, False),
             lambda: (exact([[1.0, 0.0, 2.0], [3.0, 4.0, 5.0], [0.0, 2.0, 0.0]]), 1, True)],
    "ProdDim": [lambda: (t(2, 3), 1, False),
                lambda: (exact([[1.0, 0.0, 2.0], [3.0, 4.0, 5.0]]), 0, True)],
    "Amax": [lambda: (t(2, 3), (1,), False), lambda: (exact([[1.0, 3.0, 3.0]]), None, True)],
    "Amin": [lambda: (t(3, 4), (0,), True)],
    "Cumsum": [lambda: (t(2, 3), 1)],
    "Cumprod": [lambda: (t(2, 3), 0),
                lambda: (exact([[1.0, 0.0, 2.0, 3.0], [2.0, 3.0, 4.0, 5.0],
                                [0.0, 2.0, 0.0, 1.0]]), 1)],
    "Logcumsumexp": [lambda: (t(2, 3), 1)],
    "VectorNorm": [lambda: (t(2, 3), 2.0, (1,), False), lambda: (t(2, 3), 3.0, None, False),
                   lambda: (t(2, 3), 1.0, (0,), True), lambda: (t(2, 3), np.inf, (1,), False),
                   lambda: (t(2, 3), 0.5, None, False)],
    "Cdist": [lambda: (t(2, 4, 3), 2.0, (2,), False), lambda: (t(2, 4, 3), 1.0, (2,), False)],
    "Flip": [lambda: (t(2, 3), (0, 1))],
    "Roll": [lambda: (t(2, 3), (1, -1), (0, 1)), lambda: (t(2, 3), 2, None)],
    "Rot90": [lambda: (t(2, 3), 1, (0, 1)), lambda: (t(2, 3, 4), 3, (2, 0))],
    "Repeat": [lambda: (t(2, 3), (2, 1, 3))],
    "Tril": [lambda: (t(3, 3), 0)],
    "Triu": [lambda: (t(2, 3, 3), 1)],
    "Diagonal": [lambda: (t(3, 4), 1, 0, 1), lambda: (t(2, 3, 3), 0, 1, 2)],
    "DiagEmbed": [lambda: (t(2, 3), (2, 3, 3), 0, 1, 2)],
    "Stack": [lambda: (0, t(2, 3), t(2, 3)), lambda: (2, t(2, 3), t(2, 3), t(2, 3))],
    "Split": [lambda: (t(5, 3), 0, (0, 2, 5), False), lambda: (t(2, 3), 1, None, True)],
    "SplitWithSizes": [lambda: (t(5, 3), 0, (0, 2, 5), False)],
    "Unbind": [lambda: (t(2, 3), 1, None, True)],
    "Gather": [lambda: (t(3, 4), 1, np.array([[0, 3], [1, 1], [2, 0]]))],
    # the values of max(dim), sort, topk, ...: a gather that may drop its dim
    "PickedValues": [lambda: (t(3, 4), 1, np.array([[2], [0], [3]]), False),
                     lambda: (t(3, 4), 0, np.array([[2, 0, 1, 1]]), True)],
    "MaxDim": [lambda: (t(3, 4), 1, np.array([[2], [0], [3]]), False)],
    "MinDim": [lambda: (t(3, 4), 0, np.array([[2, 0, 1, 1]]), True)],
    "Sort": [lambda: (t(2, 3), 1, np.array([[2, 0, 1], [1, 2, 0]]), True)],
    "Topk": [lambda: (t(2, 3), 1, np.array([[2, 0], [1, 2]]), True)],
    "Kthvalue": [lambda: (t(2, 3), 1, np.array([[1], [0]]), False)],
    "MedianAll": [lambda: (t(6), 0, np.array([3]), False)],
    "Median": [lambda: (t(3, 4), 1, np.array([[2], [0], [3]]), False)],
    "NanmedianAll": [lambda: (t(6), 0, np.array([3]), False)],
    "Nanmedian": [lambda: (t(3, 4), 1, np.array([[2], [0], [3]]), True)],
    "Mode": [lambda: (t(3, 4), 1, np.array([[2], [0], [3]]), False),
             lambda: (t(3, 4), 0, np.array([[2, 0, 1, 1]]), True)],
    "Cummax": [lambda: (t(2, 3), 1, np.array([[0, 1, 1], [0, 0, 2]]), True)],
    "Cummin": [lambda: (t(2, 3), 1, np.array([[0, 0, 2], [0, 1, 1]]), True)],
    "ScatterAdd": [lambda: (t(3, 4), 1, np.array([[0, 0], [3, 1], [1, 1]]), t(3, 2))],
    "Scatter": [lambda: (t(3, 4), 1, np.array([[0, 2], [3, 1], [1, 0]]), t(3, 2))],
    "ScatterReduce": [lambda reduce=reduce, include_self=include_self: (
        t(3, 4), 1, np.array([[0, 0], [3, 1], [1, 1]]), t(3, 2), reduce, include_self)
                      for reduce, include_self in (("sum", True), ("mean", True),
                                                   ("mean", False), ("amax", True),
                                                   ("amin", False), ("prod", True))],
    "IndexSelect": [lambda: (t(3, 4), 1, np.array([3, 0, 3]))],
    "IndexAdd": [lambda: (t(3, 4), 0, np.array([0, 0, 2]), t(3, 4), 2)],
    "IndexCopy": [lambda: (t(3, 4), 1, np.array([3, 0]), t(3, 2))],
    "MaskedFill": [lambda: (t(3, 4), np.array([True, False, False, True]), t())],
    "MaskedScatter": [lambda: (t(3, 4), np.broadcast_to(np.array([True, False, True, True]),
                                                        (3, 4)), t(3, 4))],
    "Einsum": [lambda: ("ij,jk->ik", t(2, 3), t(3, 4)), lambda: ("ii,i->i", t(3, 3), t(3)),
               lambda: ("bn,anm,bm->ba", t(2, 3), t(4, 3, 5), t(2, 5))],
    "Cast": [lambda: (t(3), np.dtype(np.float32))],
    # elementwise maths and activations (trig.py, exp_log.py, rounding.py, special.py, ...)
    "Reciprocal": [lambda: (t(2, 3),)],
    "Rsqrt": [lambda: (p(2, 3),)],
    "Exp2": [lambda: (t(2, 3),)],
    "Expm1": [lambda: (t(2, 3),)],
    "Log2": [lambda: (p(2, 3),)],
    "Log10": [lambda: (p(2, 3),)],
    "Log1p": [lambda: (p(2, 3),)],
    "LogAddExp": [lambda: (t(2, 3), t(3))],
    "LogAddExp2": [lambda: (t(2, 3), t(3))],
    "Tan": [lambda: (exact([-1.0, 0.2, 1.2]),)],
    "Asin": [lambda: (exact([-0.9, 0.1, 0.7]),)],
    "Acos": [lambda: (exact([-0.9, 0.1, 0.7]),)],
    "Atan": [lambda: (t(2, 3),)],
    "Atan2": [lambda: (t(2, 3), t(3)), lambda: (t(2), 1.5)],
    "Sinh": [lambda: (t(2, 3),)],
    "Cosh": [lambda: (t(2, 3),)],
    "Asinh": [lambda: (t(2, 3),)],
    "Acosh": [lambda: (exact([1.2, 2.0, 5.0]),)],
    "Atanh": [lambda: (exact([-0.9, 0.1, 0.7]),)],
    "Erfc": [lambda: (t(2, 3),)],
    "Erfinv": [lambda: (exact([-0.9, -0.2, 0.3, 0.99]),)],
    "Erfcx": [lambda: (t(2, 3),)],
    "Ndtr": [lambda: (t(2, 3),)],
    "LogNdtr": [lambda: (exact([-30.0, -2.0, 0.5, 3.0]),)],
    "Ndtri": [lambda: (exact([1e-10, 0.2, 0.6, 0.97]),)],
    "Lgamma": [lambda: (t(2, 3),)],
    "Digamma": [lambda: (t(2, 3),)],
    "Polygamma": [lambda: (1, t(2, 3)), lambda: (4, t(3))],
    "I0": [lambda: (t(2, 3),)],
    "I0e": [lambda: (t(2, 3),)],
    "I1": [lambda: (t(2, 3),), lambda: (exact([0.0, 1.0]),)],
    "I1e": [lambda: (t(2, 3),), lambda: (exact([0.0, -1.0]),)],
    "Logit": [lambda: (exact([0.1, 0.5, 0.8]), None), lambda: (exact([0.01, 0.5, 0.99]), 0.05)],
    "Sinc": [lambda: (t(2, 3),), lambda: (exact([0.0, 1.5]),)],
    "Xlog1py": [lambda: (t(2, 3), p(3)), lambda: (exact([0.0, -1.0, 2.0]), p(3))],
    "Entr": [lambda: (p(2, 3),)],
    "Floor": [lambda: (t(2, 3),)],
    "Ceil": [lambda: (t(2, 3),)],
    "Trunc": [lambda: (t(2, 3),)],
    "Round": [lambda: (t(2, 3), 0), lambda: (t(2, 3), 1)],
    "Frac": [lambda: (t(2, 3),)],
    "Sign": [lambda: (t(2, 3),)],
    "Remainder": [lambda: (t(2, 3), p(3)), lambda: (2.5, p(3))],
    "Fmod": [lambda: (t(2, 3), p(3))],
    "Lerp": [lambda: (t(2, 3), t(3), t(2, 1)), lambda: (t(3), t(3), 0.75)],
    "LogSigmoid": [lambda: (t(2, 3),)],
    "Silu": [lambda: (t(2, 3),)],
    "Mish": [lambda: (t(2, 3),)],
    "Softplus": [lambda: (t(2, 3), 1.0, 20.0), lambda: (t(2, 3), 2.0, 1.0)],
    "Softsign": [lambda: (t(2, 3),)],
    "Elu": [lambda: (t(2, 3), 1.0, 1.0, 1.0), lambda: (t(2, 3), 1.67, 1.05, 1.0),
            lambda: (t(2, 3), 2.0, 1.0, 0.5)],
    "Hardtanh": [lambda: (exact([-2.0, -0.5, 0.5, 2.0]), -1.0, 1.0)],
    "Hardsigmoid": [lambda: (exact([-4.0, -1.0, 0.5, 4.0]),)],
    "Hardswish": [lambda: (exact([-4.0, -1.0, 0.5, 4.0]),)],
    "Hypot": [lambda: (t(2, 3), t(3)), lambda: (t(2), 1.5)],
    "Copysign": [lambda: (t(2, 3), t(3)), lambda: (exact([0.0, -1.0, 2.0]), t(3))],
    "CopysignNumber": [lambda: (t(2, 3), -1.5)],
    "Xlogy": [lambda: (t(2, 3), p(3)), lambda: (exact([0.0, -1.0, 2.0]), p(3))],
    "Hardshrink": [lambda: (exact([-2.0, -0.3, 0.2, 0.7]), 0.5)],
    "Softshrink": [lambda: (exact([-2.0, -0.3, 0.2, 0.7]), 0.5)],
    "Threshold": [lambda: (exact([-2.0, -0.3, 0.2, 0.7]), 0.1, 5.0)],
    "Prelu": [lambda: (t(2, 3, 4), t(1, 3, 1)), lambda: (t(5), t())],
    "Clone": [lambda: (t(3),)],
    "Fill": [lambda: (t(2, 3), t(3)), lambda: (t(2, 3), 1.5)],
    "RNNCell": [lambda: (t(2, 3), t(2, 4), t(4, 3), t(4, 4), t(4), t(4), "tanh"),
                lambda: (t(2, 3), t(2, 4), t(4, 3), t(4, 4), t(4), t(4), "relu")],
    # nn ops: the arguments of Op.apply as the function forms pass them
    "Linear": [lambda: (t(4, 3), t(2, 3), t(2)), lambda: (t(4, 3), t(2, 3), None)],
    "LinearAddmm": [lambda: (t(4, 3), t(2, 3), t(2))],
    "LinearMm": [lambda: (t(4, 3), t(2, 3), None)],
    "Bilinear": [lambda: (t(4, 3), t(4, 2), t(5, 3, 2), t(5))],
    "BatchNorm": [lambda: (t(6, 3, 2), p(3), t(3), None, None, True, 0.1, 1e-5),
                  lambda: (t(4, 3), p(3), t(3), np.zeros(3), np.ones(3), False, 0.1, 1e-5),
                  lambda: (t(5, 2), None, None, None, None, True, 0.1, 1e-5)],
    "LayerNorm": [lambda: (t(2, 3, 4), p(3, 4), t(3, 4), 2, 1e-5),
                  lambda: (t(3, 4), None, None, 1, 1e-5)],
    "GroupNorm": [lambda: (t(2, 4, 3), p(4), t(4), 2, 1e-5)],
    "MseLoss": [lambda: (t(2, 3), t(2, 3), "mean", None), lambda: (t(3), t(3), "none", None)],
    "L1Loss": [lambda: (t(2, 3), t(2, 3), "sum", None)],
    "HuberLoss": [lambda: (t(2, 3), t(2, 3), "mean", 0.8)],
    "SmoothL1Loss": [lambda: (t(2, 3), t(2, 3), "none", 0.5)],
    "BinaryCrossEntropy": [
        lambda: (tensor(_rng.uniform(0.1, 0.9, (2, 3)), requires_grad=True),
                 tensor(_rng.uniform(0, 1, (2, 3)), requires_grad=True), p(3).detach(), "mean")],
    "BinaryCrossEntropyWithLogits": [
        lambda: (t(2, 3), tensor(_rng.uniform(0, 1, (2, 3)), requires_grad=True), p(3).detach(),
                 None, "sum"),
        lambda: (t(2, 3), tensor(_rng.uniform(0, 1, (2, 3)), requires_grad=True), None,
                 p(2, 3).detach(), "none")],
    "NllLoss": [lambda: (t(4, 3), np.array([0, 2, 1, 2]), None, -100, "mean"),
                lambda: (t(2, 3, 2), np.array([[0, 1], [2, -100]]), np.array([1.0, 2.0, 0.5]),
                         -100, "none")],
    "NllLoss2d": [lambda: (t(2, 3, 2), np.array([[0, 1], [2, -100]]), None, -100, "mean")],
    "CrossEntropy": [lambda: (t(4, 3), np.array([0, 2, 1, 2]), np.array([1.0, 2.0, 0.5]), -100,
                              0.1, "sum"),
                     lambda: (t(3, 4), tensor(_rng.uniform(0, 1, (3, 4)), requires_grad=True),
                              None, -100, 0.2, "none")],
    "CrossEntropy2d": [lambda: (t(2, 3, 2), np.array([[0, 1], [2, 0]]), None, -100, 0.0,
                                "mean")],
    "Embedding": [lambda: (t(5, 3), np.array([[0, 2, 2], [4, 0, 1]]), None, False),
                  lambda: (t(5, 3), np.array([[0, 2, 2], [4, 0, 1]]), 2, True)],
    "EmbeddingBackward": [lambda: (t(2, 3, 4), np.array([[0, 2, 2], [4, 0, 1]]), 5)],
    "Dropout": [lambda: (t(3, 4), 0.4)],
    "ScaledDotProductAttention": [lambda: (t(2, 3, 4), t(2, 5, 4), t(2, 5, 2), t(3, 5), 0.0, 0.5),
                                  lambda: (t(3, 4), t(5, 4), t(5, 2), None, 0.3, 0.5)],
    "Pad": [lambda: (t(2, 3, 4), ((0, 0), (1, -1), (2, 1)), 0.5)],
    # sliding windows: convolutions, unfold/fold, pooling (Windows as the function forms
    # build them: size, blocks, kernel, dilation, stride, pad)
    "Conv": [lambda: (t(2, 4, 5, 6), t(6, 2, 3, 2), t(6),
                      _windows((5, 6), (3, 2), dilation=(1, 2), stride=(2, 1), pad=(1, 0)), 2),
             lambda: (t(2, 3, 7), t(4, 3, 3), None, _windows((7,), (3,), 1, 2, 1), 1)],
    "ConvTranspose": [lambda: (t(2, 4, 3, 3), t(4, 3, 2, 3), t(6),
                               Windows((6, 5), (3, 3), (2, 3), (1, 1), (2, 2), (0, 1)), 2),
                      lambda: (t(1, 2, 4), t(2, 3, 3), None,
                               Windows((9,), (4,), (3,), (2,), (2,), (1,)), 1)],
    "Unfold": [lambda: (t(2, 3, 4, 5), _windows((4, 5), (2, 3), (2, 1), (2, 1), (1, 0)))],
    "Fold": [lambda: (t(2, 3 * 6, 6), _windows((4, 5), (2, 3), (2, 1), (2, 1), (1, 0)))],
    "MaxPool": [lambda: (t(2, 3, 5, 6), _windows((5, 6), (3, 2), (1, 1), (2, 2), (1, 0))),
                lambda: (t(2, 1, 7), _windows((7,), (2,), (2,), (1,), (0,)))],
    "AdaptiveMaxPool": [lambda: (t(2, 3, 5, 7), (2, 3)), lambda: (t(1, 2, 6), (4,))],
    "AvgPool": [lambda: (t(2, 3, 5, 5), _windows((5, 5), (3, 3), (1, 1), (2, 2), (1, 1)), 9),
                lambda: (t(1, 2, 5, 5), _windows((5, 5), (3, 3), (1, 1), (2, 2), (1, 1)),
                         np.outer([2.0, 3.0, 2.0], [2.0, 3.0, 2.0]))],
    # the same ops under PyTorch's node names for 2 and 3 spatial dims
    "MaxPool2D": [lambda: (t(1, 2, 4, 5), _windows((4, 5), (2, 3), (1, 1), (2, 1), (1, 1)))],
    "MaxPool3D": [lambda: (t(1, 2, 3, 4, 3), _windows((3, 4, 3), (2, 2, 2), (1, 2, 1), (1, 2, 1),
                                                      (1, 0, 1)))],
    "AvgPool2D": [lambda: (t(1, 2, 4, 5), _windows((4, 5), (2, 3), (1, 1), (2, 1), (1, 0)), 6)],
    "AvgPool3D": [lambda: (t(1, 2, 3, 4, 3), _windows((3, 4, 3), (2, 2, 2), (1, 1, 1), (1, 2, 1),
                                                      (0, 0, 0)), 8)],
    "AdaptiveMaxPool2D": [lambda: (t(1, 2, 5, 4), (3, 3))],
    "AdaptiveMaxPool3D": [lambda: (t(1, 2, 3, 5, 4), (2, 3, 3))],
    "MaxUnpool2D": [lambda: (t(1, 2, 2, 2), np.array([[[[0, 3], [8, 15]], [[1, 2], [12, 14]]]]),
                             (1, 2, 4, 4))],
    "MaxUnpool3D": [lambda: (t(1, 1, 1, 2, 2), np.array([[[[[0, 3], [5, 7]]]]]), (1, 1, 2, 2, 2))],
    "PlaneGather": [lambda: (t(2, 3, 4, 2), np.array([[[0, 7, 7], [1, 2, 3], [5, 5, 0]]] * 2))],
    "MaxUnpool": [lambda: (t(2, 3, 3), np.array([[[0, 7, 6], [1, 2, 3], [5, 4, 0]]] * 2),
                           (2, 3, 4, 2))],
    "PlaneScatterAdd": [lambda: (t(2, 3, 3), np.array([[[0, 7, 7], [1, 2, 3], [5, 5, 0]]] * 2),
                                 (2, 3, 4, 2))],
    "Resample": [lambda: (t(2, 3, 4, 5), 3, np.array([[0, 1], [1, 2], [3, 4], [4, 4]]),
                          _rng.uniform(0, 1, (4, 2))),
                 lambda: (t(2, 3, 4), 2, np.array([[0], [0], [1], [2], [3], [3]]), None)],
    # recurrent cells and layers (hidden 3, input 2, batch 2, 4 steps)
    "LSTMCell": [lambda: (t(2, 2), t(2, 3), t(2, 3), t(12, 2), t(12, 3), t(12), t(12)),
                 lambda: (t(2, 2), t(2, 3), t(2, 3), t(12, 2), t(12, 3), None, None)],
    "GRUCell": [lambda: (t(2, 2), t(2, 3), t(9, 2), t(9, 3), t(9), t(9)),
                lambda: (t(2, 2), t(2, 3), t(9, 2), t(9, 3), None, t(9))],
    "RNNLayer": [lambda: (t(4, 2, 2), t(2, 3), t(3, 2), t(3, 3), t(3), t(3), "tanh", False),
                 lambda: (t(4, 2, 2), t(2, 3), t(3, 2), t(3, 3), None, t(3), "relu", True)],
    "LSTMLayer": [lambda: (t(4, 2, 2), t(2, 3), t(2, 3), t(12, 2), t(12, 3), t(12), t(12), False),
                  lambda: (t(4, 2, 2), t(2, 3), t(2, 3), t(12, 2), t(12, 3), None, None, True)],
    "GRULayer": [lambda: (t(4, 2, 2), t(2, 3), t(9, 2), t(9, 3), t(9), t(9), False),
                 lambda: (t(4, 2, 2), t(2, 3), t(9, 2), t(9, 3), t(9), None, True)],
    # inverses, solvers and decompositions (solve.py, decompositions.py)
    "Inv": [lambda: (square(3),), lambda: (square(2, 2),)],
    "Det": [lambda: (square(3),), lambda: (square(3, 2),)],
    "Slogdet": [lambda: (square(3),), lambda: (square(2, 3),)],
    "Solve": [lambda: (square(3), t(3, 2)), lambda: (square(3, 2), t(2, 3, 1))],
    "SolveVectors": [lambda: (square(3), t(3)), lambda: (square(3, 2), t(3))],
    "Cholesky": [lambda: (symmetric(3, positive=True), False),
                 lambda: (symmetric(3, 2, positive=True), True)],
    "Qr": [lambda: (t(4, 3), "reduced"), lambda: (t(2, 3, 4), "reduced"),
           lambda: (t(3, 3), "complete")],
    "Eigh": [lambda: (symmetric(3), "L"), lambda: (symmetric(3, 2), "U")],
    "Eigvalsh": [lambda: (symmetric(3), "L"), lambda: (symmetric(3, 2), "U")],
    "Svdvals": [lambda: (t(4, 3),), lambda: (t(2, 3, 4),)],
    "Svd": [lambda: (t(4, 3), False), lambda: (t(2, 3, 4), True), lambda: (t(3, 3), False)],
    "Pinv": [lambda: (t(4, 3), 0.0, 1e-15, False), lambda: (t(2, 3, 4), 0.0, 1e-15, False),
             lambda: (symmetric(3), 0.0, 1e-15, True)],
    # triangular systems, LU, the matrix exponential (triangular.py, lu.py, matrix_exp.py)
    "SolveTriangular": [lambda: (square(3), t(3, 2), True, False),
                        lambda: (square(3, 2), t(3, 1), False, True)],
    "CholeskySolve": [lambda: (t(3, 2), square(3), False), lambda: (t(2, 3, 1), square(3), True)],
    "LuFactor": [lambda: (square(3),), lambda: (t(2, 4, 3),), lambda: (t(3, 4),)],
    "MatrixExp": [lambda: (t(3, 3),), lambda: (t(2, 2, 2),)],
}
"""name of the op class -> functions returning the arguments of `Op.apply` (Tensors that
require grad are the ones whose gradient is checked)."""

def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _ops() -> dict:
    """Every NumpyFunction defined in autograd.ops (all its modules imported first), but
    private bases such as a `_PointwiseLoss` that only shares code."""
    for info in pkgutil.walk_packages(autograd.ops.__path__, "autograd.ops."):
        importlib.import_module(info.name)
    return {cls.__name__: cls for cls in _subclasses(NumpyFunction)
            if cls.__module__.startswith("autograd.ops.") and not cls.__name__.startswith("_")}


OPS = _ops()


def test_every_op_has_a_sample():
    missing = sorted(set(OPS) - set(SAMPLES))
    assert not missing, (f"ops without a sample in {__file__}: {missing}; add sample arguments "
                         "so that their derivative text is checked")


def _array(value):
    return value.numpy(force=True) if isinstance(value, Tensor) else value


@pytest.mark.parametrize("name,index", [(name, i) for name in sorted(SAMPLES)
                                        for i in range(len(SAMPLES[name]))])
def test_the_shown_derivative_equals_backward(name, index):
    if name not in OPS:
        pytest.fail(f"{name} has a sample but no op class of that name in autograd.ops")
    op = OPS[name]
    args = SAMPLES[name][index]()
    outputs = op.apply(*args)
    outputs = outputs if isinstance(outputs, tuple) else (outputs,)
    node = outputs[0].grad_fn
    roots = [o for o in outputs if o.requires_grad]  # every output that takes a gradient
    sent_back = [Tensor(_rng.normal(size=o.shape).astype(o.dtype)) for o in roots]
    (step, *_) = backward_steps(roots, sent_back)
    assert step.node is node
    g, *later_grads = [grad.numpy(force=True) for grad in step.grad_outputs]
    out = outputs[0].numpy(force=True)
    arrays = [_array(arg) for arg in args]
    checked = 0
    for position, (arg, sent) in enumerate(zip(args, step.grad_inputs)):
        if not (isinstance(arg, Tensor) and arg.requires_grad):
            continue
        text = op.derivatives[position] if position < len(op.derivatives) else None
        assert text is not None, f"{name}: argument {position} gets a gradient but has no text"
        shown = evaluate(node, position, arrays, out, g, later_grads=tuple(later_grads))
        expected = sent.numpy(force=True)
        assert shown.shape == expected.shape, (name, position, text)
        np.testing.assert_allclose(shown, expected, rtol=1e-6, atol=1e-9,
                                   err_msg=f"{name} argument {position}: {text!r}")
        checked += 1
    assert checked, f"{name}: the sample has no argument that requires grad"


def test_a_wrong_text_is_caught():
    a, b = t(3), t(3)
    out = a * b
    g = np.ones(3)
    shown = evaluate(out.grad_fn, 0, [a.numpy(force=True), b.numpy(force=True)],
                     out.numpy(force=True), g, text="a")  # d(a*b)/da is b, not a
    assert not np.allclose(shown, b.numpy(force=True))


def test_shown_derivatives_name_arguments_as_the_texts_do():
    """The seventh argument is `h` (`g` is the gradient): LSTMCell's b_hh reads d/dh."""
    args = SAMPLES["LSTMCell"][0]()
    shown = OPS["LSTMCell"].apply(*args)[0].grad_fn.derivatives
    assert shown[-1].startswith("d(lstm_cell(a, b, c, d, e, f, h))/dh = sum(lstm_delta(")
    assert not any("/dg = " in text for text in shown)

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


SAMPLES = {
    "Add": [lambda: (t(2, 3), t(3)), lambda: (t(2), 2.5)],
    "Sub": [lambda: (t(2, 3), t(2, 1)), lambda: (3.0, t(2))],
    "Mul": [lambda: (t(2, 3), t(3)), lambda: (3.0, t(2))],
    "Div": [lambda: (t(2, 3), p(3)), lambda: (1.0, p(2))],
    "Neg": [lambda: (t(3),)],
    "Square": [lambda: (t(2, 3),)],
    "Cube": [lambda: (t(2, 3),)],
    "Pow": [lambda: (p(3), t(3)), lambda: (p(2, 2), 2.5)],
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
    "Maximum": [lambda: (t(3), t(3)), lambda: (exact([1.0, 2.0, 3.0]), exact([1.0, 0.0, 5.0]))],
    "Minimum": [lambda: (t(3), t(3)), lambda: (exact([1.0, 2.0, 3.0]), exact([1.0, 0.0, 5.0]))],
    "Where": [lambda: (tensor(np.array([True, False, True])), t(3), t(3))],
    "Sigmoid": [lambda: (t(2, 3),)],
    "Relu": [lambda: (t(2, 3),)],
    "LeakyRelu": [lambda: (t(2, 3), 0.1)],
    "Gelu": [lambda: (t(2, 3),)],
    "GeluTanh": [lambda: (t(2, 3),)],
    "Sum": [lambda: (t(2, 3), None, False), lambda: (t(2, 3), (1,), False),
            lambda: (t(2, 3, 2), (0, 2), True)],
    "Mean": [lambda: (t(2, 3), None, False), lambda: (t(2, 3), (0,), False)],
    "Var": [lambda: (t(2, 4), (1,), 1, False), lambda: (t(5), None, 0, True)],
    "Std": [lambda: (t(2, 4), (1,), 1, False), lambda: (t(5), None, 0, True)],
    "MaxAll": [lambda: (t(2, 3),)],
    "MinAll": [lambda: (t(2, 3),)],
    "Softmax": [lambda: (t(2, 3), 1)],
    "LogSoftmax": [lambda: (t(2, 3), 0)],
    "LogSumExp": [lambda: (t(2, 3), (1,), False), lambda: (t(2, 3), (0, 1), True)],
    "Reshape": [lambda: (t(2, 3), (3, 2))],
    "Permute": [lambda: (t(2, 3, 4), (2, 0, 1))],
    "Expand": [lambda: (t(3, 1), (2, 3, 4))],
    "Cat": [lambda: (1, t(2, 3), t(2, 2)), lambda: (0, t(1, 2), t(2, 2), t(3, 2))],
    "Index": [lambda: (t(4, 3), as_index([0, 2, 0], (4, 3))),
              lambda: (t(4, 3), as_index((slice(1, 3), 1), (4, 3))),
              lambda: (t(2, 3, 4), as_index((1, slice(None), [0, 2]), (2, 3, 4)))],
    "IndexBackward": [lambda: (t(3, 3), (4, 3), as_index([0, 2, 0], (4, 3)))],
    "IndexPut": [lambda: (t(4, 3), as_index([1, 3], (4, 3)), t(3), False),
                 lambda: (t(4, 3), as_index(slice(0, 2), (4, 3)), 0.5, False),
                 lambda: (t(4, 3), as_index([1, 1], (4, 3)), t(3), True)],
    "MatMul": [lambda: (t(2, 3), t(3, 4))],
    # reductions, sorting, shape, indexing and linear algebra
    "NanSum": [lambda: (exact([[1.0, np.nan], [2.0, 3.0]]), (1,), False)],
    "Prod": [lambda: (t(2, 3), 1, False), lambda: (t(2, 3), None, False),
             lambda: (exact([[1.0, 0.0, 2.0], [3.0, 4.0, 5.0], [0.0, 2.0, 0.0]]), 1, True)],
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
    "Flip": [lambda: (t(2, 3), (0, 1))],
    "Roll": [lambda: (t(2, 3), (1, -1), (0, 1)), lambda: (t(2, 3), 2, None)],
    "Repeat": [lambda: (t(2, 3), (2, 1, 3))],
    "Tril": [lambda: (t(3, 3), 0)],
    "Triu": [lambda: (t(2, 3, 3), 1)],
    "Diagonal": [lambda: (t(3, 4), 1, 0, 1), lambda: (t(2, 3, 3), 0, 1, 2)],
    "DiagEmbed": [lambda: (t(2, 3), (2, 3, 3), 0, 1, 2)],
    "Stack": [lambda: (0, t(2, 3), t(2, 3)), lambda: (2, t(2, 3), t(2, 3), t(2, 3))],
    "Split": [lambda: (t(5, 3), 0, (0, 2, 5), False), lambda: (t(2, 3), 1, None, True)],
    "Gather": [lambda: (t(3, 4), 1, np.array([[0, 3], [1, 1], [2, 0]]))],
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
    "Clone": [lambda: (t(3),)],
    "Fill": [lambda: (t(2, 3), t(3)), lambda: (t(2, 3), 1.5)],
    "RNNCell": [lambda: (t(2, 3), t(2, 4), t(4, 3), t(4, 4), t(4), t(4), "tanh"),
                lambda: (t(2, 3), t(2, 4), t(4, 3), t(4, 4), t(4), t(4), "relu")],
    # nn ops: the arguments of Op.apply as the function forms pass them
    "Linear": [lambda: (t(4, 3), t(2, 3), t(2)), lambda: (t(4, 3), t(2, 3), None)],
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
    "CrossEntropy": [lambda: (t(4, 3), np.array([0, 2, 1, 2]), np.array([1.0, 2.0, 0.5]), -100,
                              0.1, "sum"),
                     lambda: (t(3, 4), tensor(_rng.uniform(0, 1, (3, 4)), requires_grad=True),
                              None, -100, 0.2, "none")],
    "Embedding": [lambda: (t(5, 3), np.array([[0, 2, 2], [4, 0, 1]]), None, False),
                  lambda: (t(5, 3), np.array([[0, 2, 2], [4, 0, 1]]), 2, True)],
    "EmbeddingBackward": [lambda: (t(2, 3, 4), np.array([[0, 2, 2], [4, 0, 1]]), 5)],
    "Dropout": [lambda: (t(3, 4), 0.4)],
    "ScaledDotProductAttention": [lambda: (t(2, 3, 4), t(2, 5, 4), t(2, 5, 2), t(3, 5), 0.0, 0.5),
                                  lambda: (t(3, 4), t(5, 4), t(5, 2), None, 0.3, 0.5)],
    "Pad": [lambda: (t(2, 3, 4), ((0, 0), (1, -1), (2, 1)), 0.5)],
}
"""name of the op class -> functions returning the arguments of `Op.apply` (Tensors that
require grad are the ones whose gradient is checked)."""

NOT_YET_EVALUABLE = {
    "Conv": "texts use fold/unfold of the op's im2col layout, not yet in the namespace",
    "ConvTranspose": "texts use fold/unfold of the op's im2col layout",
    "Unfold": "text describes a scatter of windows ('1 at index')",
    "Fold": "text describes a gather of windows",
    "MaxPool": "text describes the window's argmax ('1 at the window's argmax')",
    "AdaptiveMaxPool": "text describes the window's argmax",
    "AvgPool": "'1/divisor' needs the window layout to spread g back",
    "PlaneGather": "text describes a gather ('1 at index')",
    "PlaneScatterAdd": "text describes a scatter ('a at index')",
    "Resample": "text names the interpolation matrix A, which is not a ctx fact",
    "LSTMCell": "texts use δ and the gates, intermediate values of the cell",
    "GRUCell": "texts use δx, δh and z, intermediate values of the cell",
    "RNNLayer": "backpropagation through time: a sum over steps (Σ_t), not one expression",
    "LSTMLayer": "backpropagation through time: a sum over steps (Σ_t)",
    "GRULayer": "backpropagation through time: a sum over steps (Σ_t)",
}
"""Ops whose texts describe their derivative in words and symbols that cannot be evaluated
yet, with the reason. Shrink this list: give each a sample once its text is evaluable. A new
op must have a sample; it may not be added here."""


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
    missing = sorted(set(OPS) - set(SAMPLES) - set(NOT_YET_EVALUABLE))
    assert not missing, (f"ops without a sample in {__file__}: {missing}; add sample arguments "
                         "so that their derivative text is checked")
    assert len(NOT_YET_EVALUABLE) <= 16, "the list of ops with unchecked texts may only shrink"
    stale = sorted(set(NOT_YET_EVALUABLE) & set(SAMPLES) | set(NOT_YET_EVALUABLE) - set(OPS))
    assert not stale, f"listed as not evaluable but sampled, or no such op: {stale}"


def _array(value):
    return value.numpy(force=True) if isinstance(value, Tensor) else value


@pytest.mark.parametrize("name,index", [(name, i) for name in sorted(SAMPLES)
                                        for i in range(len(SAMPLES[name]))])
def test_the_shown_derivative_equals_backward(name, index):
    if name not in OPS:
        pytest.fail(f"{name} has a sample but no op class of that name in autograd.ops")
    op = OPS[name]
    args = SAMPLES[name][index]()
    out = op.apply(*args)
    out = out[0] if isinstance(out, tuple) else out
    g = _rng.normal(size=out.shape).astype(out.dtype)
    node = out.grad_fn
    (step, *_) = backward_steps(out, Tensor(g))
    assert step.node is node
    arrays = [_array(arg) for arg in args]
    checked = 0
    for position, (arg, sent) in enumerate(zip(args, step.grad_inputs)):
        if not (isinstance(arg, Tensor) and arg.requires_grad):
            continue
        text = op.derivatives[position] if position < len(op.derivatives) else None
        assert text is not None, f"{name}: argument {position} gets a gradient but has no text"
        shown = evaluate(node, position, arrays, out.numpy(force=True), g)
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

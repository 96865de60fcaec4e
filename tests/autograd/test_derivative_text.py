"""The derivative each op shows (its `derivatives` text, which viz prints) equals what its
backward computes: every NumpyFunction in autograd.ops, on sample arguments, evaluated with
autograd.ops.derivative_text. An op without a sample in tests/autograd/derivative_samples.py
fails the test: add one."""
import importlib
import pkgutil

import numpy as np
import pytest

import autograd.ops
from autograd import NumpyFunction, Tensor, backward_steps
from autograd.ops.derivative_text import evaluate
from tests.autograd.derivative_samples import SAMPLES, t

_rng = np.random.default_rng(0)  # the gradients sent back

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
    assert not missing, (f"ops without a sample in derivative_samples.py: {missing}; add sample "
                         "arguments so that their derivative text is checked")


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

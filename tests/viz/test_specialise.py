"""Op texts as the pictures show them: a node's plain values put in, the choices on them made,
factors of 1 and terms of 0 dropped, and still the same maths as the op's own text (checked
on every op of autograd.ops, with the samples the derivative-text test evaluates)."""
import numpy as np
import pytest

from autograd import Tensor, backward_steps
from autograd.ops.derivative_text import evaluate
from tests.autograd.derivative_samples import SAMPLES
from tests.autograd.test_derivative_text import OPS
from viz.specialise import TENSOR, node_values, show_value, specialise

BCE = "(a - b)/(a*(1 - a))*(1 if c is None else c)*scale"
NORM = ("0 if b == 0 else sign(a)*where(abs(a) == out, 1, 0)/sum(abs(a) == out) "
        "if abs(b) == inf else where(out == 0, 0, a*abs(a)**(b - 2)/out**(b - 1))")


@pytest.mark.parametrize("text,values,shown", [
    (BCE, dict(a=TENSOR, b=TENSOR, c=None, scale=1.0), "(a - b)/(a*(1 - a))"),
    (BCE, dict(a=TENSOR, b=TENSOR, c=None, scale=0.25), "(a - b)/(a*(1 - a))/4"),
    (BCE, dict(a=TENSOR, b=TENSOR, c=TENSOR, scale=1 / 3), "(a - b)/(a*(1 - a))*c/3"),
    ("sum(a, dim=b, keepdim=c)", dict(a=TENSOR, b=None, c=False), "sum(a)"),
    ("sum(a, dim=b, keepdim=c)", dict(a=TENSOR, b=(1,), c=False), "sum(a, dim=1)"),
    ("mean(a, dim=b, keepdim=c)", dict(a=TENSOR, b=(0, 2), c=True),
     "mean(a, dim=(0, 2), keepdim=True)"),
    ("1/n", dict(n=3), "1/3"),
    ("1/n", dict(n=2), "1/2"),
    (NORM, dict(a=TENSOR, b=2.0), "where(out == 0, 0, a/out)"),
    (NORM, dict(a=TENSOR, b=float("inf")), "sign(a)*where(abs(a) == out, 1, 0)/sum(abs(a) == out)"),
    ("where(b == 0, 0, b*a**(b - 1))", dict(a=TENSOR, b=2), "2*a"),
    ("where(a > 0, 1, slope)", dict(a=TENSOR, slope=0.01), "where(a > 0, 1, 0.01)"),
    ("where(a > 0, scale, alpha*scale*input_scale*exp(a*input_scale))",
     dict(a=TENSOR, alpha=1.0, scale=1.0, input_scale=1.0), "where(a > 0, 1, exp(a))"),
    ("where((a < b) & (b < c), 1, 0) if c is not None else where(a < b, 1, 0)",
     dict(a=TENSOR, b=TENSOR, c=None), "where(a < b, 1, 0)"),
    ("take(g, arange(bounds[1], bounds[2]), axis=a)", dict(a=1, bounds=(0, 2, 5)),
     "take(g, arange(2, 5), axis=1)"),
    ("-(a + b)**2 - (c - d) - -e + f**-1", dict(), "-(a + b)**2 - (c - d) - -e + f**-1"),
    ("-(a + b)**2 - (c - d) - -e + f**-1*k", dict(k=2), "-(a + b)**2 - (c - d) - -e + f**(-1)*2"),
    ("a*(3*0.044715)*b*c", dict(b=1.67, c=1.05), "a*(3*0.044715)*1.67*1.05"),
    ("sum(reshape(g, split), axis=copies, keepdims=False)", dict(split=(2, 3), copies=(0,)),
     "sum(reshape(g, (2, 3)), axis=(0,), keepdims=False)"),
    ("take(g, c, axis=b)", dict(b=0), "take(g, c, axis=0)"),
    ("x*(y - 1)", dict(y=TENSOR), "x*(y - 1)"),
    ("not ok(", dict(a=1), "not ok("),  # not an expression: shown as written
])
def test_texts_read_as_the_course_writes_them(text, values, shown):
    assert specialise(text, values) == shown


def test_operators_keep_their_meaning_when_rewritten():
    values = {"k": 2}
    for text in ("-(a + b)**k", "(a - b)/(c*d)*k", "a - (b - c) + k", "(-a)**k", "a/(b/c)*k",
                 "a**b**k", "(a**b)**k", "(a if b else c)*k", "not (a and b) or k"):
        shown = specialise(text, values)
        names = {"a": 3.0, "b": 0.5, "c": 7.0, "d": 2.0}
        assert eval(shown, {"__builtins__": {}}, names) == \
            eval(text, {"__builtins__": {}}, {**names, **values}), (text, shown)


def test_numbers_read_short():
    assert [show_value(v) for v in (3.0, 0.25, 1 / 6, 1e-12, -100.0, float("inf"), (1,), "sum",
                                    0.044715)] \
        == ["3", "0.25", "1/6", "1e-12", "-100", "inf", "(1,)", "'sum'", "0.044715"]


def _cases():
    return [(name, index) for name in sorted(SAMPLES) for index in range(len(SAMPLES[name]))]


@pytest.mark.parametrize("name,index", _cases())
def test_the_shown_text_is_the_same_maths_as_the_ops_text(name, index):
    """Specialised to a node, each derivative text gives what the op's own text gives there."""
    op = OPS[name]
    args = SAMPLES[name][index]()
    outputs = op.apply(*args)
    outputs = outputs if isinstance(outputs, tuple) else (outputs,)
    node = outputs[0].grad_fn
    roots = [o for o in outputs if o.requires_grad]
    rng = np.random.default_rng(index)
    (step, *_) = backward_steps(roots, [Tensor(rng.normal(size=o.shape).astype(o.dtype))
                                        for o in roots])
    g, *later = [grad.numpy(force=True) for grad in step.grad_outputs]
    arrays = [a.numpy(force=True) if isinstance(a, Tensor) else a for a in args]
    out = outputs[0].numpy(force=True)
    values = node_values(node)
    specialise(op.formula or "", values)  # a formula is shown without failing
    for position, text in enumerate(op.derivatives[:len(args)]):
        argument = args[position]
        if text is None or not (isinstance(argument, Tensor) and argument.requires_grad):
            continue
        shown = specialise(text, values)
        expected = evaluate(node, position, arrays, out, g, text, tuple(later))
        np.testing.assert_allclose(evaluate(node, position, arrays, out, g, shown, tuple(later)),
                                   expected, rtol=1e-6, atol=1e-9, err_msg=f"{text!r} -> {shown!r}")

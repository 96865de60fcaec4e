"""PyTorch's calling conventions on the function forms: out=, axis=/keepdims=, and the
small names programs meet (ravel, default devices, gradgradcheck, torch.linalg misses)."""
import warnings

import numpy as np
import pytest

import autograd as ag
from autograd.gradcheck import GradcheckError
from autograd.numpy_keywords import NUMPY_KEYWORD_FUNCTIONS
from autograd.out_arg import OUT_FUNCTIONS


def _t(values, **kwargs):
    return ag.tensor(values, **kwargs)


# --- out= ---------------------------------------------------------------------------------

@pytest.mark.parametrize("call", [
    lambda out: ag.mul(_t([[1.0, 2.0], [3.0, 4.0]]), _t([2.0, 3.0]), out=out),
    lambda out: ag.add(_t([[1.0, 2.0], [3.0, 4.0]]), 1.0, alpha=2, out=out),
    lambda out: ag.exp(_t([[0.0, 1.0], [2.0, 3.0]]), out=out),
    lambda out: ag.where(_t([[True, False], [False, True]]), _t(1.0), _t(2.0), out=out),
    lambda out: ag.matmul(_t([[1.0, 2.0], [3.0, 4.0]]), _t([[0.5], [1.0]]).expand(2, 2),
                          out=out),
])
def test_out_receives_the_result_and_is_returned(call):
    expected = call(None)
    out = ag.empty(2, 2)
    version = out._version
    result = call(out)
    assert result is out and out._version > version
    np.testing.assert_array_equal(out.numpy(), expected.numpy())


def test_reductions_and_joins_write_into_out():
    x = _t([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    out = ag.empty(3)
    assert ag.sum(x, 0, out=out) is out and out.tolist() == [5.0, 7.0, 9.0]
    assert ag.sum(x, dim=1, keepdim=True, out=ag.empty(2, 1)).tolist() == [[6.0], [15.0]]
    assert ag.mean(x, out=ag.empty(())).item() == 3.5
    assert ag.cat([x, x], out=ag.empty(4, 3)).shape == (4, 3)
    values, indices = ag.empty(2), ag.empty(2, dtype=ag.long)
    result = ag.max(x, 1, out=(values, indices))
    assert result.values is values and result.indices is indices
    assert values.tolist() == [3.0, 6.0] and indices.tolist() == [2, 2]


def test_out_casts_to_its_dtype_where_pytorch_can_cast():
    ints = _t([1, 2])
    out = ag.empty(2)
    assert ag.add(ints, ints, out=out).tolist() == [2.0, 4.0] and out.dtype == ag.float32
    flags = ag.empty(2)
    assert ag.eq(ints, ints, out=flags).tolist() == [1.0, 1.0]
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired "
                                           "output type Long"):
        ag.mul(_t([1.5]), _t([2.0]), out=ag.empty(1, dtype=ag.long))


def test_a_wrong_shaped_out_is_resized_with_pytorch_s_warning_unless_empty():
    a = _t([[1.0, 2.0, 3.0]])
    out = ag.empty(2)
    with pytest.warns(UserWarning, match=r"An output with one or more elements was resized "
                                         r"since it had shape \[2\], which does not match the "
                                         r"required output shape \[1, 3\]"):
        ag.mul(a, a, out=out)
    assert out.shape == (1, 3) and out.tolist() == [[1.0, 4.0, 9.0]]
    empty = ag.empty(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ag.mul(a, a, out=empty)
    assert empty.shape == (1, 3)


def test_matmul_writes_into_out(torch):
    a = np.arange(6.0).reshape(2, 3)
    out = ag.zeros(1, dtype=ag.float64)
    with pytest.warns(UserWarning, match="was resized"):  # as PyTorch's
        result = ag.matmul(ag.tensor(a), ag.tensor(a.T), out=out)
    assert result is out and out.shape == (2, 2)
    np.testing.assert_array_equal(out.numpy(), torch.matmul(torch.tensor(a), torch.tensor(a.T)))


def test_out_refuses_autograd_when_recording():
    w = _t([1.0, 2.0], requires_grad=True)
    message = (r"mul\(\): functions with out=\.\.\. arguments don't support automatic "
               r"differentiation, but one of the arguments requires grad\.")
    with pytest.raises(RuntimeError, match=message):
        ag.mul(w, w, out=ag.empty(2))
    with pytest.raises(RuntimeError, match=message):  # out itself requiring grad counts too
        ag.mul(_t([1.0, 2.0]), 2.0, out=_t([0.0, 0.0], requires_grad=True))
    with pytest.raises(RuntimeError, match=r"cat\(\): functions with out="):
        ag.cat([w, w], out=ag.empty(4))
    with ag.no_grad():
        out = ag.mul(w, w, out=ag.empty(2))
    assert out.tolist() == [1.0, 4.0] and out.grad_fn is None


def test_out_must_be_a_tensor_or_a_pair_for_values_and_indices():
    with pytest.raises(TypeError, match=r"mul\(\): argument 'out' must be Tensor, not int"):
        ag.mul(_t([1.0]), _t([2.0]), out=5)
    with pytest.raises(TypeError, match=r"max\(\): out must be a tuple of 2 Tensors"):
        ag.max(_t([[1.0, 2.0]]), 1, out=ag.empty(1))


def test_methods_take_no_out_as_pytorch_s():
    with pytest.raises(TypeError):
        _t([1.0]).mul(_t([2.0]), out=ag.empty(1))


def test_every_out_function_exists_and_the_list_is_pytorch_s():
    torch = pytest.importorskip("torch")
    import pathlib
    import re
    stub = pathlib.Path(torch.__file__).parent / "_C" / "_VariableFunctions.pyi"
    text = stub.read_text() if stub.exists() else ""
    with_out = {name for name, arguments in re.findall(r"^def (\w+)\((.*?)\) ->", text,
                                                        flags=re.M | re.S)
                if re.search(r"\bout: ", arguments)}
    for name in OUT_FUNCTIONS:
        assert callable(getattr(ag, name)), name
        if text and name not in ("norm", "tensordot"):  # those two are Python functions
            assert name in with_out, name


def test_out_matches_pytorch():
    torch = pytest.importorskip("torch")
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    ours, theirs = ag.empty(3), torch.empty(3)
    ag.cumsum(_t(x), 0, out=ag.empty(2, 3))
    ag.amax(_t(x), 0, out=ours)
    torch.amax(torch.from_numpy(x), 0, out=theirs)
    assert repr(ours) == repr(theirs)


# --- axis= and keepdims= ------------------------------------------------------------------

@pytest.mark.parametrize("expression", [
    "x.argmax(axis=1)", "x.argmin(axis=0, keepdims=True)", "x.all(axis=0)", "x.any(axis=1)",
    "x.cumsum(axis=1)", "x.cumprod(axis=0)", "x.softmax(axis=0)", "x.log_softmax(axis=1)",
    "x.squeeze(axis=0)", "x.unsqueeze(axis=0)", "x.sort(axis=1).values",
    "x.topk(2, axis=1).indices", "x.median(axis=1).values", "x.gather(axis=1, index=i)",
    "x.index_select(axis=1, index=i[0])", "x.repeat_interleave(2, axis=0)",
    "x.logcumsumexp(axis=0)", "x.sum(axis=1, keepdims=True)", "x.max(axis=0).values",
    "torch.cat([x, x], axis=1)", "torch.stack([x, x], axis=0)", "torch.argmax(x, axis=1)",
    "torch.cumsum(x, axis=0)", "torch.softmax(x, axis=1)", "torch.unbind(x, axis=1)[0]",
    "torch.chunk(x, 2, axis=1)[1]", "torch.amax(x, axis=0, keepdims=True)",
])
def test_numpy_keywords_give_pytorch_s_results(expression):
    torch = pytest.importorskip("torch")
    values = np.array([[3.0, 1.0, 2.0], [0.5, 4.0, 4.5]], np.float32)
    ours = eval(expression, {"torch": ag, "x": _t(values), "i": _t([[0, 2], [1, 0]])})
    theirs = eval(expression, {"torch": torch, "x": torch.from_numpy(values),
                               "i": torch.tensor([[0, 2], [1, 0]])})
    assert repr(ours) == repr(theirs)


def test_numpy_keywords_refuse_both_spellings():
    with pytest.raises(TypeError, match=r"argmax\(\): got both 'dim' and its alias 'axis'"):
        _t([1.0, 2.0]).argmax(dim=0, axis=0)


def test_numpy_keyword_functions_exist():
    for name in NUMPY_KEYWORD_FUNCTIONS:
        assert callable(getattr(ag, name)), name


# --- small names --------------------------------------------------------------------------

def test_ravel_as_pytorch_s():
    x = ag.arange(6.0).reshape(2, 3)
    assert x.ravel().tolist() == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    assert ag.ravel(x.t()).tolist() == [0.0, 3.0, 1.0, 4.0, 2.0, 5.0]
    assert ag.ravel(_t(3.0)).shape == (1,)
    w = _t([[1.0, 2.0]], requires_grad=True)
    (w.ravel() * _t([3.0, 4.0])).sum().backward()
    assert w.grad.tolist() == [[3.0, 4.0]]


def test_default_device_is_the_cpu_and_a_gpu_is_refused():
    assert repr(ag.get_default_device()) == "device(type='cpu')"
    for place in ("cpu", "cpu:0", ag.device("cpu"), None):
        ag.set_default_device(place)
    assert ag.get_default_device() == ag.device("cpu")
    with pytest.raises(RuntimeError, match="device 'cuda:1' asks for an NVIDIA"):
        ag.set_default_device("cuda:1")
    with pytest.raises(TypeError, match="expected a device like 'cpu' or None, got float"):
        ag.set_default_device(1.5)


class _TimesThreeBackward(ag.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, grad):
        return grad * 3


class _DetachedSecondOrder(ag.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 2

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * 2 * x.detach()  # right first derivative, no second


def test_gradcheck_raises_gradcheck_error_a_runtime_error():
    x = ag.randn(3, dtype=ag.float64, requires_grad=True)
    with pytest.raises(GradcheckError, match="gradcheck failed for input 0") as info:
        ag.gradcheck(_TimesThreeBackward.apply, (x,))
    assert isinstance(info.value, RuntimeError)
    assert ag.gradcheck(_TimesThreeBackward.apply, (x,), raise_exception=False) is False


def test_gradgradcheck_checks_second_derivatives():
    x = ag.randn(3, dtype=ag.float64, requires_grad=True)
    y = ag.randn(3, 2, dtype=ag.float64, requires_grad=True)
    assert ag.gradgradcheck(ag.sin, (x,))
    assert ag.gradgradcheck(lambda a: (a ** 3).sum(), (x,))  # a 0-d output
    assert ag.gradgradcheck(lambda a, b: ag.tanh(a @ b), (x.reshape(1, 3), y))
    assert ag.gradgradcheck(ag.sin, (x,), ag.ones(3, dtype=ag.float64))
    assert ag.gradcheck(_DetachedSecondOrder.apply, (x,))  # the first order is right
    with pytest.raises(GradcheckError):
        ag.gradgradcheck(_DetachedSecondOrder.apply, (x,))
    assert ag.gradgradcheck(_DetachedSecondOrder.apply, (x,), raise_exception=False) is False


def test_linalg_names_pytorch_has_say_so():
    assert ag.linalg.vector_norm(_t([3.0, 4.0])).item() == 5.0
    with pytest.raises(AttributeError, match=r"PyTorch has torch.linalg.ldl_factor, "
                                             r"backproplab does not \(yet\)"):
        ag.linalg.ldl_factor
    with pytest.raises(AttributeError, match=r"Did you mean: torch.linalg.vector_norm"):
        ag.linalg.vector_norms

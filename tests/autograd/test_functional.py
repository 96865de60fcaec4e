"""autograd.functional (torch.autograd.functional): jacobian, hessian, vjp, jvp, hvp, vhp
against PyTorch's, on values, nesting, shapes, dtypes, create_graph, strict and bad input."""
import numpy as np
import pytest

import autograd as ag
from autograd import functional as F

torch = pytest.importorskip("torch")
torch.set_num_threads(1)
TF = torch.autograd.functional

# (name, func written with methods both libraries have, input shapes); outputs may be tuples
VECTOR_FUNCS = [
    ("elementwise", lambda x: x.sin() * x, [(4,)]),
    ("zero_dim", lambda x: x * x.exp(), [()]),
    ("softmax_rows", lambda x: x.softmax(-1), [(2, 3)]),
    ("matmul", lambda a, b: a @ b, [(2, 3), (3, 4)]),
    ("two_in_three_out", lambda x, y: (x * y, (x ** 2).sum(), y.exp()), [(3,), (3,)]),
    ("independent_input", lambda x, y: x.tanh(), [(3,), (2,)]),
]
SCALAR_FUNCS = [
    ("elementwise", lambda x: (x.sin() * x).sum(), [(4,)]),
    ("zero_dim", lambda x: x.exp() * x, [()]),
    ("cubes_of_matrix", lambda x: (x ** 3).sum(), [(2, 2)]),
    ("matmul_tanh", lambda a, b: (a @ b).tanh().sum(), [(2, 3), (3, 2)]),
    ("independent_input", lambda x, y: (x * x).sum(), [(3,), (2,)]),
]


def _ids(table):
    return [row[0] for row in table]


def _arrays(shapes, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(shape) for shape in shapes]


def _both(arrays, tuple_form):
    """(ours, PyTorch's) float64 inputs; a bare Tensor for one input unless tuple_form."""
    ours = tuple(ag.tensor(a, dtype=ag.float64) for a in arrays)
    theirs = tuple(torch.tensor(a, dtype=torch.float64) for a in arrays)
    if len(arrays) == 1 and not tuple_form:
        return ours[0], theirs[0]
    return ours, theirs


def _assert_same(ours, theirs, path="result"):
    """Same nesting (tuples), shapes, dtypes, requires_grad and values."""
    if isinstance(theirs, tuple):
        assert isinstance(ours, tuple) and len(ours) == len(theirs), path
        for k, (o, t) in enumerate(zip(ours, theirs)):
            _assert_same(o, t, f"{path}[{k}]")
        return
    assert isinstance(ours, ag.Tensor), path
    assert tuple(ours.shape) == tuple(theirs.shape), path
    assert str(ours.dtype) == str(theirs.dtype), path
    assert ours.requires_grad == theirs.requires_grad, path
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-12,
                               atol=1e-12, err_msg=path)


def _outputs(func, inputs):
    return func(*inputs) if isinstance(inputs, tuple) else func(inputs)


def _like(values, seed):
    """Random (ours, PyTorch's) vectors shaped as PyTorch's `values` (a Tensor or tuple)."""
    shapes = [tuple(v.shape) for v in (values if isinstance(values, tuple) else (values,))]
    return _both(_arrays(shapes, seed), isinstance(values, tuple))


@pytest.mark.parametrize("tuple_form", [False, True])
@pytest.mark.parametrize("name, func, shapes", VECTOR_FUNCS, ids=_ids(VECTOR_FUNCS))
def test_jacobian_vjp_jvp_match_pytorch(name, func, shapes, tuple_form):
    ours, theirs = _both(_arrays(shapes), tuple_form)
    _assert_same(F.jacobian(func, ours), TF.jacobian(func, theirs))
    _assert_same(F.jacobian(func, ours, vectorize=True), TF.jacobian(func, theirs))
    v_ours, v_theirs = _like(_outputs(func, theirs), seed=1)
    _assert_same(F.vjp(func, ours, v_ours), TF.vjp(func, theirs, v_theirs))
    u_ours, u_theirs = _like(theirs, seed=2)
    _assert_same(F.jvp(func, ours, u_ours), TF.jvp(func, theirs, u_theirs))


@pytest.mark.parametrize("tuple_form", [False, True])
@pytest.mark.parametrize("name, func, shapes", SCALAR_FUNCS, ids=_ids(SCALAR_FUNCS))
def test_hessian_hvp_vhp_match_pytorch(name, func, shapes, tuple_form):
    ours, theirs = _both(_arrays(shapes), tuple_form)
    _assert_same(F.hessian(func, ours), TF.hessian(func, theirs))
    v_ours, v_theirs = _like(theirs, seed=3)
    _assert_same(F.hvp(func, ours, v_ours), TF.hvp(func, theirs, v_theirs))
    _assert_same(F.vhp(func, ours, v_ours), TF.vhp(func, theirs, v_theirs))


def test_v_may_be_omitted_for_one_element():
    ours, theirs = _both([np.array(0.7)], tuple_form=False)
    scalar = SCALAR_FUNCS[1][1]
    for name in ("vjp", "jvp", "hvp", "vhp"):
        _assert_same(getattr(F, name)(scalar, ours), getattr(TF, name)(scalar, theirs))


def test_the_jacobian_has_the_input_dtype():
    ours, theirs = _both(_arrays([(3,)]), tuple_form=False)
    _assert_same(F.jacobian(lambda x: x.float(), ours), TF.jacobian(lambda x: x.float(), theirs))


def test_an_input_func_captures_itself_is_a_constant_not_the_input():
    ours, theirs = _both(_arrays([(3,)]), tuple_form=False)
    _assert_same(F.jacobian(lambda x: x * ours, ours), TF.jacobian(lambda x: x * theirs, theirs))


def test_results_require_grad_only_with_create_graph():
    x = ag.tensor([0.5, -1.0], dtype=ag.float64, requires_grad=True)
    assert not F.jacobian(lambda x: x ** 3, x).requires_grad
    assert not any(t.requires_grad for t in F.vjp(lambda x: x ** 3, x, x))
    assert F.jacobian(lambda x: x ** 3, x, create_graph=True).requires_grad


CREATE_GRAPH_CALLS = [  # (name, call(module, x, v) -> a Tensor or tuple to sum)
    ("jacobian", lambda M, x, v: M.jacobian(lambda x: x.sin() * x ** 2, x, create_graph=True)),
    ("hessian", lambda M, x, v: M.hessian(lambda x: (x ** 4).sum() * x.prod(), x,
                                          create_graph=True)),
    ("vjp", lambda M, x, v: M.vjp(lambda x: x.exp() * x, x, v, create_graph=True)[1]),
    ("jvp", lambda M, x, v: M.jvp(lambda x: x.exp() * x, x, v, create_graph=True)[1]),
    ("hvp", lambda M, x, v: M.hvp(lambda x: (x.tanh() * x).sum(), x, v, create_graph=True)[1]),
    ("vhp", lambda M, x, v: M.vhp(lambda x: (x.tanh() * x).sum(), x, v, create_graph=True)[1]),
]


@pytest.mark.parametrize("name, call", CREATE_GRAPH_CALLS, ids=_ids(CREATE_GRAPH_CALLS))
def test_create_graph_lets_the_result_be_differentiated_again(name, call):
    grads = []
    for M, lib in ((F, ag), (TF, torch)):
        x = lib.tensor([0.3, -0.8, 1.1], dtype=lib.float64, requires_grad=True)
        v = lib.tensor([1.5, 0.2, -0.7], dtype=lib.float64, requires_grad=True)
        call(M, x, v).sum().backward()
        grads.append([t.grad for t in (x, v)])
    for ours, theirs in zip(*grads):
        assert (ours is None) == (theirs is None)
        if theirs is not None:
            _assert_same(ours, theirs)


def test_second_derivative_through_the_jacobian_is_gradchecked():
    x = ag.tensor([0.3, -0.8, 1.1], dtype=ag.float64, requires_grad=True)
    assert ag.gradcheck(lambda x: F.jacobian(lambda x: x.sin() * x.sum(), x, create_graph=True),
                        (x,))


def _x():
    return np.array([0.3, -0.8, 1.1])


STRICT_CALLS = [  # (name, call(module, lib) that PyTorch refuses under strict=True)
    ("jacobian_unused_input", lambda M, L: M.jacobian(
        lambda x, y: x * 2, (L.tensor(_x()), L.tensor(_x())), strict=True)),
    ("jacobian_detached_output", lambda M, L: M.jacobian(
        lambda x: x.detach(), L.tensor(_x()), strict=True)),
    ("jacobian_constant_with_create_graph", lambda M, L: M.jacobian(
        lambda x: x * 2, L.tensor(_x()), strict=True, create_graph=True)),
    ("jacobian_vectorize", lambda M, L: M.jacobian(
        lambda x: x * 2, L.tensor(_x()), strict=True, vectorize=True)),
    ("hessian_of_linear", lambda M, L: M.hessian(
        lambda x: x.sum(), L.tensor(_x()), strict=True)),
    ("vjp_unused_input", lambda M, L: M.vjp(
        lambda x, y: x * 2, (L.tensor(_x()), L.tensor(_x())), L.tensor(_x()), strict=True)),
    ("vjp_constant_with_create_graph", lambda M, L: M.vjp(
        lambda x: x * 2, L.tensor(_x()), L.tensor(_x()), strict=True, create_graph=True)),
    ("jvp_unused_input", lambda M, L: M.jvp(
        lambda x, y: x * 2, (L.tensor(_x()), L.tensor(_x())), (L.tensor(_x()),) * 2,
        strict=True)),
    ("hvp_of_linear", lambda M, L: M.hvp(
        lambda x: x.sum(), L.tensor(_x()), L.tensor(_x()), strict=True)),
    ("vhp_unused_input", lambda M, L: M.vhp(
        lambda x, y: (x ** 3).sum(), (L.tensor(_x()), L.tensor(_x())), (L.tensor(_x()),) * 2,
        strict=True)),
]


@pytest.mark.parametrize("name, call", STRICT_CALLS, ids=_ids(STRICT_CALLS))
def test_strict_errors_as_pytorch(name, call):
    with pytest.raises(Exception) as theirs:
        call(TF, torch)
    with pytest.raises(type(theirs.value)) as ours:
        call(F, ag)
    assert str(ours.value) == str(theirs.value)


def test_without_strict_an_unused_input_gets_zeros():
    jac = F.jacobian(lambda x, y: x * 2, (ag.tensor(_x()), ag.tensor([1.0, 2.0])))
    assert jac[1].shape == (3, 2) and not jac[1].numpy().any()


BAD_CALLS = [  # (name, call(module, lib)) that PyTorch refuses whatever strict is
    ("func_returns_a_float", lambda M, L: M.jacobian(lambda x: 1.0, L.tensor(_x()))),
    ("func_returns_a_float_in_a_tuple", lambda M, L: M.vjp(
        lambda x: (x, 1.0), L.tensor(_x()), (L.tensor(_x()), L.tensor(_x())))),
    ("inputs_a_list", lambda M, L: M.jacobian(lambda x: x, [L.tensor(_x())])),
    ("v_not_a_tensor", lambda M, L: M.vjp(lambda x: x, L.tensor(_x()), 3.0)),
    ("v_wrong_shape", lambda M, L: M.vjp(lambda x: x, L.tensor(_x()), L.ones(2))),
    ("v_entry_wrong_shape", lambda M, L: M.jvp(
        lambda x, y: x, (L.tensor(_x()), L.tensor(_x())), (L.ones(3), L.ones(2)))),
    ("v_tuple_too_short", lambda M, L: M.vjp(
        lambda x: (x, x), L.tensor(_x()), (L.tensor(_x()),))),
    ("v_tuple_for_one_tensor", lambda M, L: M.hvp(
        lambda x: x.sum(), L.tensor(_x()), (L.tensor(_x()),) * 2)),
    ("v_omitted_for_a_vector_output", lambda M, L: M.vjp(lambda x: x, L.tensor(_x()))),
    ("v_omitted_for_a_vector_input", lambda M, L: M.jvp(lambda x: x, L.tensor(_x()))),
    ("hessian_of_a_vector", lambda M, L: M.hessian(lambda x: x * x, L.tensor(_x()))),
    ("hessian_of_a_tuple", lambda M, L: M.hessian(lambda x: (x.sum(),), L.tensor(_x()))),
    ("hvp_of_a_vector", lambda M, L: M.hvp(lambda x: x, L.tensor(_x()), L.tensor(_x()))),
]


@pytest.mark.parametrize("name, call", BAD_CALLS, ids=_ids(BAD_CALLS))
def test_bad_input_errors_as_pytorch(name, call):
    with pytest.raises(Exception) as theirs:
        call(TF, torch)
    with pytest.raises(type(theirs.value)) as ours:
        call(F, ag)
    assert str(ours.value) == str(theirs.value)


def test_forward_mode_is_refused_naming_the_argument():
    x = ag.tensor(_x())
    with pytest.raises(NotImplementedError, match='strategy="forward-mode".*no forward-mode'):
        F.jacobian(lambda x: x, x, strategy="forward-mode")
    with pytest.raises(NotImplementedError, match="outer_jacobian_strategy"):
        F.hessian(lambda x: x.sum(), x, outer_jacobian_strategy="forward-mode")
    with pytest.raises(ValueError, match="strategy.*'sideways'"):
        F.jacobian(lambda x: x, x, strategy="sideways")


def test_an_empty_output_has_an_empty_jacobian():
    jac = F.jacobian(lambda x: x[:0], ag.tensor(_x()))
    assert jac.shape == (0, 3) and str(jac.dtype) == "torch.float64"


def test_reachable_as_torch_autograd_functional():
    import backproplab
    import backproplab.autograd.functional as aliased

    assert aliased is F and backproplab.autograd.functional.jacobian is F.jacobian
    assert "functional" not in ag.__all__  # torch.functional is another module

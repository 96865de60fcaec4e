"""Statistics (quantile, nanquantile, mode, cov, corrcoef, histc, count_nonzero), products
(kron, cdist, diff, cartesian_prod, block_diag) and the activations that are not elementwise
(prelu, glu) against PyTorch: forward (values, shape, dtype), backward on float64, gradcheck,
second order, integer inputs, and the errors."""
from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
from autograd import ops
from tests.autograd.op_cases import Case, assert_same, check_backward, params, table_tests

M, CUBE, ROW, SCALAR = (3, 4), (2, 3, 4), (5,), ()
LEVELS = [0.0, 0.1, 0.5, 0.77, 1.0]


def F(lib):
    """The module of the functional forms: autograd.ops, or torch.nn.functional."""
    return ops if lib is ag else lib.nn.functional


def distinct(rng, shape):
    """Distinct values (one sorted order, so the quantiles' gradients have one answer)."""
    return rng.permutation(max(int(np.prod(shape)), 1))[:int(np.prod(shape))].reshape(shape) \
        / 7.0 - 0.6


def with_ties(rng, shape):
    return rng.integers(0, 3, shape).astype(float)


def with_nans(rng, shape):
    x = distinct(rng, shape)
    x.reshape(-1)[1::3] = np.nan
    if len(shape) == 2:
        x[-1] = np.nan  # a row of NaNs only
    return x


def away_from_zero(rng, shape):
    x = rng.standard_normal(shape)
    return np.where(np.abs(x) < 0.2, 0.7, x)


def levels(L, x):
    return L.tensor(LEVELS, dtype=x.dtype)


CASES = [
    Case("quantile", lambda L, x: L.quantile(x, 0.3), ((M,), (ROW,), (SCALAR,)), make=distinct),
    Case("quantile_levels_dim", lambda L, x: L.quantile(x, levels(L, x), dim=1),
         ((M,), (CUBE,)), make=distinct),
    Case("quantile_keepdim", lambda L, x: x.quantile(levels(L, x), dim=0, keepdim=True),
         ((M,), (SCALAR,)), make=distinct),
    Case("quantile_all_keepdim", lambda L, x: L.quantile(x, 0.25, keepdim=True), ((CUBE,),),
         make=distinct),
    *[Case(f"quantile_{mode}", lambda L, x, mode=mode: L.quantile(
        x, levels(L, x), dim=-1, interpolation=mode), ((M,),), make=distinct)
      for mode in ("lower", "higher", "midpoint", "nearest")],
    Case("quantile_with_nan", lambda L, x: L.quantile(x, 0.5, dim=1), ((M,),), make=with_nans,
         numeric=False),
    Case("nanquantile", lambda L, x: L.nanquantile(x, levels(L, x), dim=1), (((4, 5),),),
         make=with_nans, numeric=False),
    Case("nanquantile_all", lambda L, x: x.nanquantile(0.4, interpolation="midpoint"),
         (((4, 5),),), make=with_nans, numeric=False),
    Case("mode_ties", lambda L, x: L.mode(x, 1), ((M,), ((2, 3, 7),)), make=with_ties,
         numeric=False),
    Case("mode_keepdim", lambda L, x: x.mode(0, keepdim=True), ((M,),), make=with_ties,
         numeric=False),
    Case("mode_distinct", lambda L, x: L.mode(x), ((M,), (SCALAR,)), make=distinct),
    Case("cov", lambda L, x: L.cov(x), ((M,), (ROW,), ((1, 4),))),
    Case("cov_correction_0", lambda L, x: x.cov(correction=0), ((M,),)),
    Case("cov_aweights", lambda L, x, w: L.cov(x, aweights=w.abs() + 0.1), ((M, (4,)),)),
    Case("cov_weights", lambda L, x, w: L.cov(x, fweights=L.tensor([1, 3, 0, 2]),
                                              aweights=w.abs() + 0.1, correction=2),
         ((M, (4,)),)),
    Case("corrcoef", lambda L, x: L.corrcoef(x), ((M,), ((2, 6),))),
    Case("corrcoef_1d", lambda L, x: x.corrcoef(), ((ROW,),)),
    Case("kron", lambda L, x, y: L.kron(x, y), ((M, (2, 3)), (ROW, M), (SCALAR, ROW),
                                                ((2, 1, 3), (4, 2)))),
    Case("kron_method", lambda L, x, y: x.kron(y), (((2, 2), (2, 2)),)),
    Case("cdist", lambda L, x, y: L.cdist(x, y), ((M, (2, 4)), ((2, 3, 4), (1, 5, 4)))),
    *[Case(f"cdist_p{p}", lambda L, x, y, p=p: L.cdist(x, y, p=p), ((M, (2, 4)),))
      for p in (1.0, 1.5, 3.0, math.inf)],
    Case("cdist_p0", lambda L, x, y: L.cdist(x, y, p=0), ((M, (2, 4)),), numeric=False),
    Case("cdist_empty", lambda L, x, y: L.cdist(x, y), (((0, 4), (2, 4)), ((3, 4), (0, 4))),
         numeric=False),
    Case("diff", lambda L, x: L.diff(x), ((ROW,), (M,), ((0,),))),
    Case("diff_n2_dim0", lambda L, x: x.diff(2, 0), ((CUBE,), ((5, 2),))),
    Case("diff_n_too_large", lambda L, x: L.diff(x, n=7), ((ROW,),)),
    Case("diff_prepend_append", lambda L, x, p, a: L.diff(x, dim=1, prepend=p, append=a),
         ((M, (3, 1), (3, 2)),)),
    Case("cartesian_prod", lambda L, x, y, z: L.cartesian_prod(x, y, z),
         (((2,), (3,), (1,)), ((2,), (0,), (2,)))),
    Case("cartesian_prod_one", lambda L, x: L.cartesian_prod(x), ((ROW,),)),
    Case("block_diag", lambda L, x, y, z: L.block_diag(x, y, z),
         ((M, SCALAR, ROW), ((2, 0), (0, 3), (1, 1)))),
    Case("prelu_channels", lambda L, x, w: F(L).prelu(x, w), ((CUBE, (3,)), ((4, 3), (3,))),
         make=away_from_zero),
    Case("prelu_one_slope", lambda L, x, w: L.prelu(x, w), ((ROW, (1,)), (SCALAR, (1,)),
                                                            (CUBE, SCALAR)), make=away_from_zero),
    Case("prelu_method", lambda L, x, w: x.prelu(w), ((ROW, (1,)),), make=away_from_zero),
    Case("glu", lambda L, x: F(L).glu(x), ((M,), ((2, 0),))),
    Case("glu_dim", lambda L, x: F(L).glu(x, 0), ((CUBE,),)),
]


test_forward_and_backward_match_pytorch, test_gradcheck, test_second_order = \
    table_tests(CASES)


# --- integer inputs, and the ops without a gradient -----------------------------------------

_INTS = np.array([[0, 3, 1, 3], [2, 2, 0, -1], [5, 0, 0, 1]])
_FLOATS = np.array([0.5, -1.25, 0.0, 3.0, 3.0, 2.5, -0.5, 7.0], np.float32)


def fixed(array):
    """A fixed input, as cases take their integer inputs."""
    return lambda rng: array


INTS, FLOATS = fixed(_INTS), fixed(_FLOATS)
NO_GRAD = [
    Case("cov_of_int", lambda L, x: L.cov(x), ((INTS,),), int_inputs=(0,)),
    Case("corrcoef_of_int", lambda L, x: L.corrcoef(x), ((fixed(_INTS[:2]),),),
         int_inputs=(0,)),
    Case("kron_int_float", lambda L, x, y: L.kron(x, y.float()),
         ((INTS, fixed(_INTS[:1, :2])),), int_inputs=(0, 1)),
    Case("kron_int", lambda L, x, y: L.kron(x, y), ((fixed(_INTS[0]), fixed(_INTS[1])),),
         int_inputs=(0, 1)),
    Case("diff_int", lambda L, x: L.diff(x, dim=0), ((INTS,),), int_inputs=(0,)),
    Case("diff_bool", lambda L, x: L.diff(x > 1, dim=1), ((INTS,),), int_inputs=(0,)),
    Case("diff_int_prepend_float", lambda L, x: L.diff(x, prepend=L.ones(3, 1)), ((INTS,),),
         int_inputs=(0,)),
    Case("block_diag_mixed", lambda L, x: L.block_diag(x, L.ones(2), x[0].float()),
         ((INTS,),), int_inputs=(0,)),
    Case("cartesian_prod_int", lambda L, x: L.cartesian_prod(x[0], x[1]), ((INTS,),),
         int_inputs=(0,)),
    Case("mode_int", lambda L, x: L.mode(x, 0), ((INTS,),), int_inputs=(0,)),
    Case("mode_bool", lambda L, x: (x > 0).mode(1), ((INTS,),), int_inputs=(0,)),
    Case("count_nonzero", lambda L, x: L.count_nonzero(x), ((INTS,),), int_inputs=(0,)),
    Case("count_nonzero_dim", lambda L, x: x.count_nonzero(dim=1), ((INTS,),),
         int_inputs=(0,)),
    Case("count_nonzero_dims", lambda L, x: L.count_nonzero(x > 0, dim=(0, -1)), ((INTS,),),
         int_inputs=(0,)),
    Case("histc", lambda L, x: L.histc(x, bins=4), ((FLOATS,),), int_inputs=(0,)),
    Case("histc_range", lambda L, x: x.histc(5, min=-1, max=3), ((FLOATS,),),
         int_inputs=(0,)),
    Case("histc_one_value", lambda L, x: L.histc(x[3:5], bins=3), ((FLOATS,),),
         int_inputs=(0,)),
    Case("histc_empty", lambda L, x: L.histc(x[:0], bins=3), ((FLOATS,),), int_inputs=(0,)),
    Case("histc_float64", lambda L, x: L.histc(x.double() * 1.7, bins=9), ((FLOATS,),),
         int_inputs=(0,)),
]


@pytest.mark.parametrize("case, shapes", params(NO_GRAD))
def test_integer_inputs_and_counts_match_pytorch(torch, case, shapes):
    check_backward(torch, case, shapes)


def test_histc_bins_match_pytorch_on_many_values(torch):
    values = np.random.default_rng(0).standard_normal(10_000).astype(np.float32)
    values[::7] = np.round(values[::7] * 4) / 4  # values on bin edges
    for bins, low, high in ((7, 0, 0), (16, -2, 2), (3, -0.5, 0.25)):
        assert_same(ag.histc(ag.tensor(values), bins, low, high),
                    torch.histc(torch.tensor(values), bins, low, high))


def test_mode_returns_named_values_and_indices():
    result = ag.mode(ag.tensor([[1.0, 2.0, 2.0, 1.0, 3.0]]), 1)
    values, indices = result
    assert result.values is values and result.indices is indices
    assert values.tolist() == [1.0] and indices.tolist() == [3]


def test_cov_warns_when_there_are_no_degrees_of_freedom(torch):
    x = np.array([[1.0, 2.0, 4.0]])
    with pytest.warns(UserWarning, match="degrees of freedom is <= 0"):
        ours = ag.cov(ag.tensor(x), correction=5)
    with pytest.warns(UserWarning, match="degrees of freedom is <= 0"):
        theirs = torch.cov(torch.tensor(x), correction=5)
    assert_same(ours, theirs)


def test_cdist_gradient_is_zero_where_points_coincide(torch):
    x = np.array([[0.0, 1.0], [2.0, 2.0]])
    y = np.array([[0.0, 1.0], [1.0, 3.0]])
    for p in (2.0, 1.0, 3.0):
        ours = [ag.tensor(a, requires_grad=True) for a in (x, y)]
        theirs = [torch.tensor(a, requires_grad=True) for a in (x, y)]
        ag.cdist(*ours, p=p).sum().backward()
        torch.cdist(*theirs, p=p).sum().backward()
        for mine, reference in zip(ours, theirs):
            np.testing.assert_allclose(mine.grad.numpy(), reference.grad.numpy(), atol=1e-12)


ERRORS = [
    ("quantile_of_int", lambda L: L.quantile(L.tensor([1, 2]), 0.5), RuntimeError),
    ("quantile_q_above_1", lambda L: L.quantile(L.tensor([1.0, 2.0]), 1.5), RuntimeError),
    ("quantile_q_tensor_above_1", lambda L: L.tensor([1.0]).quantile(L.tensor([0.5, 2.0])),
     RuntimeError),
    ("quantile_q_other_dtype", lambda L: L.quantile(
        L.tensor([1.0, 2.0]), L.tensor([0.5], dtype=L.float64)), RuntimeError),
    ("quantile_q_2d", lambda L: L.quantile(L.tensor([1.0, 2.0]), L.tensor([[0.5]])),
     RuntimeError),
    ("quantile_of_empty", lambda L: L.quantile(L.zeros(0), 0.5), RuntimeError),
    ("quantile_bad_interpolation", lambda L: L.quantile(L.zeros(2), 0.5,
                                                        interpolation="cubic"), RuntimeError),
    ("quantile_dim_out_of_range", lambda L: L.quantile(L.zeros(2, 3), 0.5, dim=2), IndexError),
    ("nanquantile_of_int", lambda L: L.nanquantile(L.tensor([1, 2]), 0.5), RuntimeError),
    ("mode_of_size_0_dim", lambda L: L.mode(L.zeros(0)), IndexError),
    ("mode_dim_out_of_range", lambda L: L.zeros(2).mode(1), IndexError),
    ("histc_bins_0", lambda L: L.histc(L.zeros(2), bins=0), RuntimeError),
    ("histc_min_above_max", lambda L: L.histc(L.zeros(2), min=3, max=1), RuntimeError),
    ("histc_with_nan", lambda L: L.histc(L.tensor([1.0, math.nan])), RuntimeError),
    ("count_nonzero_repeated_dim", lambda L: L.count_nonzero(L.zeros(2, 3), dim=(0, 0)),
     RuntimeError),
    ("cov_of_3d", lambda L: L.cov(L.zeros(2, 2, 2)), RuntimeError),
    ("cov_fweights_float", lambda L: L.cov(L.zeros(2, 3), fweights=L.ones(3)), RuntimeError),
    ("cov_aweights_int", lambda L: L.cov(L.zeros(2, 3), aweights=L.tensor([1, 1, 1])),
     RuntimeError),
    ("cov_weights_wrong_size", lambda L: L.cov(L.zeros(2, 3), aweights=L.ones(2)),
     RuntimeError),
    ("cov_negative_weights", lambda L: L.cov(L.zeros(2, 3), fweights=L.tensor([1, -1, 1])),
     RuntimeError),
    ("cov_weights_sum_to_zero", lambda L: L.cov(L.ones(2, 3), fweights=L.tensor([0, 0, 0])),
     RuntimeError),
    ("corrcoef_of_3d", lambda L: L.corrcoef(L.zeros(2, 2, 2)), RuntimeError),
    ("cdist_1d", lambda L: L.cdist(L.ones(3), L.ones(2, 3)), RuntimeError),
    ("cdist_columns", lambda L: L.cdist(L.ones(2, 3), L.ones(2, 4)), RuntimeError),
    ("cdist_int", lambda L: L.cdist(L.ones(2, 3).long(), L.ones(2, 3).long()), RuntimeError),
    ("cdist_negative_p", lambda L: L.cdist(L.ones(2, 3), L.ones(2, 3), p=-1), RuntimeError),
    ("cdist_dtypes", lambda L: L.cdist(L.ones(2, 3), L.ones(2, 3).double()), RuntimeError),
    ("cdist_mode", lambda L: L.cdist(L.ones(2, 3), L.ones(2, 3), compute_mode="x"),
     ValueError),
    ("diff_of_0d", lambda L: L.diff(L.tensor(1.0)), RuntimeError),
    ("diff_negative_n", lambda L: L.diff(L.ones(3), n=-1), RuntimeError),
    ("diff_prepend_0d", lambda L: L.diff(L.ones(1, 2), prepend=L.tensor(5.0)), RuntimeError),
    ("diff_append_shape", lambda L: L.diff(L.ones(1, 2), dim=0, append=L.ones(1, 3)),
     RuntimeError),
    ("diff_dim_out_of_range", lambda L: L.diff(L.ones(3), dim=1), IndexError),
    ("cartesian_prod_2d", lambda L: L.cartesian_prod(L.ones(2, 2)), RuntimeError),
    ("cartesian_prod_dtypes", lambda L: L.cartesian_prod(L.tensor([1]), L.tensor([1.0])),
     RuntimeError),
    ("cartesian_prod_nothing", lambda L: L.cartesian_prod(), RuntimeError),
    ("block_diag_3d", lambda L: L.block_diag(L.ones(2, 2, 2)), RuntimeError),
    ("prelu_dtypes", lambda L: L.prelu(L.ones(3), L.ones(1).double()), RuntimeError),
    ("prelu_channels", lambda L: L.prelu(L.ones(2, 2), L.ones(3)), RuntimeError),
    ("prelu_channels_1d", lambda L: L.prelu(L.ones(4), L.ones(4)), RuntimeError),
    ("prelu_0d_many_slopes", lambda L: L.prelu(L.tensor(1.0), L.ones(2)), RuntimeError),
    ("glu_odd", lambda L: F(L).glu(L.ones(2, 3)), RuntimeError),
    ("glu_0d", lambda L: F(L).glu(L.tensor(1.0)), RuntimeError),
    ("glu_dim_out_of_range", lambda L: F(L).glu(L.ones(2, 4), 2), IndexError),
    ("softshrink_negative_lambd", lambda L: F(L).softshrink(L.ones(2), -1.0), RuntimeError),
]


@pytest.mark.parametrize("name, call, error", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_as_pytorch(torch, name, call, error):
    with pytest.raises(error):
        call(torch)
    with pytest.raises(error):
        call(ag)


@pytest.mark.parametrize("call", [
    lambda: ag.hypot(ag.tensor([3, 4]), ag.tensor([4, 3])),
    lambda: ag.nextafter(ag.tensor([1, 2]), ag.tensor([2, 3])),
    lambda: ops.hardshrink(ag.tensor([1, 2])), lambda: ops.softshrink(ag.tensor([1, 2])),
    lambda: ops.glu(ag.tensor([1, 2])), lambda: ag.prelu(ag.tensor([1, 2]), ag.tensor([1])),
    lambda: ag.rrelu(ag.tensor([1, 2])),
])
def test_float_only_ops_refuse_integers_clearly(call):
    """PyTorch raises NotImplementedError ("..._cpu" not implemented for 'Long') or, for
    prelu, a RuntimeError; ours is the TypeError of every float-only op, saying what to do."""
    with pytest.raises(TypeError, match="floating point"):
        call()


@pytest.mark.parametrize("call", [
    lambda: ag.quantile(3.0, 0.5), lambda: ag.mode(3), lambda: ag.histc(3.0),
    lambda: ag.count_nonzero(3), lambda: ag.cov(3.0), lambda: ag.kron(2, ag.ones(2)),
    lambda: ag.cdist(ag.ones(2, 2), 1.0), lambda: ag.diff(3),
    lambda: ag.diff(ag.ones(2), prepend=1), lambda: ag.cartesian_prod(ag.ones(2), 3),
    lambda: ag.block_diag(ag.ones(2), 3), lambda: ag.prelu(ag.ones(2), 0.25),
    lambda: ag.unique([1, 2]), lambda: ag.searchsorted([1, 2], 1), lambda: ag.hardshrink(1.0),
    lambda: ops.glu(ag.ones(2).tolist()), lambda: ag.threshold(1.0, 0.5, 0.0),
])
def test_ops_that_take_no_number_refuse_one_as_pytorch(call):
    with pytest.raises(TypeError, match=r"argument '.*' must be Tensor, not (int|float|list)"):
        call()

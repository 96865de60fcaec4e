"""Reductions, running reductions, norms, softmax and sorting against PyTorch: forward
(values, shape, dtype), backward on float64, gradcheck, and second order."""
from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
from tests.autograd.op_cases import Case, check_backward, check_gradcheck, params, table_tests

M, CUBE, ROW, EMPTY, SCALAR = (3, 4), (2, 3, 4), (4,), (0, 3), ()


def with_zeros(rng, shape):
    """Normal values, and zeros: none in the first row, one in the second, two in the third
    (of a 2-D shape); every third element otherwise."""
    x = rng.standard_normal(shape)
    if len(shape) == 2 and shape[0] >= 3 and shape[1] >= 3:
        x[1, 1] = x[2, 0] = x[2, 2] = 0
    else:
        x.reshape(-1)[::3] = 0
    return x


def with_ties(rng, shape):
    return rng.integers(0, 3, shape).astype(float)


def with_nans(rng, shape):
    x = rng.standard_normal(shape)
    x.reshape(-1)[1::4] = np.nan
    return x


def positive(rng, shape):
    return np.abs(rng.standard_normal(shape)) + 0.5


def sorted_rows(rng, shape):
    """Distinct values (so sort, topk and median have one answer)."""
    return rng.permutation(int(np.prod(shape))).reshape(shape) / 7.0 - 0.6


CASES = [
    Case("sum", lambda L, x: L.sum(x), ((M,), (SCALAR,), (EMPTY,))),
    Case("sum_dim", lambda L, x: x.sum(1), ((M,), (EMPTY,))),
    Case("sum_dims_keepdim", lambda L, x: x.sum((0, 2), keepdim=True), ((CUBE,),)),
    Case("sum_dim_empty_tuple", lambda L, x: x.sum(dim=()), ((M,),)),
    Case("sum_dtype", lambda L, x: x.sum(0, dtype=L.float32), ((M,),), numeric=False),
    Case("mean", lambda L, x: x.mean(), ((M,), (SCALAR,), (EMPTY,))),
    Case("mean_dims", lambda L, x: x.mean((0, 1), keepdim=True), ((CUBE,),)),
    Case("mean_dim_empty", lambda L, x: x.mean(0), ((EMPTY,),)),
    Case("mean_dim_empty_tuple", lambda L, x: L.mean(x, ()), ((M,),)),
    Case("nansum", lambda L, x: x.nansum(1), ((M,),), make=with_nans, numeric=False),
    Case("nanmean", lambda L, x: L.nanmean(x, 0), ((M,),), make=with_nans, numeric=False),
    Case("prod", lambda L, x: x.prod(), ((M,), (SCALAR,), (EMPTY,))),
    Case("prod_dim", lambda L, x: x.prod(1), ((M,), (EMPTY,))),
    Case("prod_keepdim", lambda L, x: x.prod(0, keepdim=True), ((CUBE,),)),
    Case("prod_with_zeros", lambda L, x: x.prod(1), ((M,), ((4, 3),)), make=with_zeros),
    Case("prod_with_zeros_dim0", lambda L, x: x.prod(0), ((M,),), make=with_zeros),
    Case("prod_all_one_zero", lambda L, x: x.prod(), ((ROW,),),
         make=lambda rng, s: np.array([2.0, 0.0, -1.5, 3.0])),
    Case("var", lambda L, x: x.var(), ((M,),)),
    Case("var_dim", lambda L, x: x.var(1), ((M,), (CUBE,))),
    Case("var_correction", lambda L, x: x.var((0, 1), correction=0, keepdim=True), ((CUBE,),)),
    Case("std", lambda L, x: x.std(), ((M,),)),
    Case("std_dim_unbiased_false", lambda L, x: L.std(x, 1, unbiased=False), ((M,),)),
    Case("std_correction_2", lambda L, x: x.std(1, correction=2, keepdim=True), ((CUBE,),)),
    Case("var_mean", lambda L, x: L.var_mean(x, 1), ((M,),)),
    Case("std_mean", lambda L, x: L.std_mean(x, dim=(0,), correction=0), ((M,),)),
    Case("amax", lambda L, x: x.amax(1), ((M,),)),
    Case("amax_all", lambda L, x: L.amax(x), ((M,), (SCALAR,))),
    Case("amin_dims", lambda L, x: x.amin((0, 2), keepdim=True), ((CUBE,),)),
    Case("amax_ties", lambda L, x: x.amax(1), ((M,),), make=with_ties, numeric=False),
    Case("amin_ties_all", lambda L, x: x.amin(), ((M,),), make=with_ties, numeric=False),
    Case("aminmax", lambda L, x: L.aminmax(x, dim=1), ((M,),)),
    Case("max", lambda L, x: x.max(), ((M,), (SCALAR,))),
    Case("max_ties", lambda L, x: x.max(), ((M,),), make=with_ties, numeric=False),
    Case("min_ties", lambda L, x: L.min(x), ((M,),), make=with_ties, numeric=False),
    Case("max_dim", lambda L, x: x.max(1), ((M,), (CUBE,))),
    Case("max_dim_0d", lambda L, x: x.max(dim=0), ((SCALAR,),)),
    Case("min_dim_keepdim", lambda L, x: x.min(0, keepdim=True), ((M,),)),
    Case("max_dim_ties", lambda L, x: L.max(x, -1), ((M,),), make=with_ties, numeric=False),
    Case("max_binary", lambda L, x, y: L.max(x, y), ((M, M), (M, ROW))),
    Case("argmax", lambda L, x: x.argmax(), ((M,),), grad=False),
    Case("argmax_dim", lambda L, x: L.argmax(x, 1, keepdim=True), ((M,),), grad=False),
    Case("argmin_dim", lambda L, x: x.argmin(0), ((M,), (SCALAR,)), grad=False),
    Case("any_dim", lambda L, x: (x > 0.5).any(1), ((M,), (EMPTY,)), grad=False),
    Case("all_dim_keepdim", lambda L, x: L.all(x > -1, 0, keepdim=True), ((M,),), grad=False),
    Case("logsumexp", lambda L, x: x.logsumexp(1), ((M,), (EMPTY,))),
    Case("logsumexp_dims", lambda L, x: L.logsumexp(x, (0, 2), keepdim=True), ((CUBE,),)),
    Case("logsumexp_dim0_of_empty", lambda L, x: x.logsumexp(0), ((EMPTY,),)),
    Case("logsumexp_0d", lambda L, x: x.logsumexp(0), ((SCALAR,),)),
    Case("softmax", lambda L, x: x.softmax(1), ((M,), (EMPTY,))),
    Case("softmax_dim0", lambda L, x: L.softmax(x, 0), ((CUBE,), (SCALAR,))),
    Case("log_softmax", lambda L, x: x.log_softmax(-1), ((M,), ((2, 0),))),
    Case("log_softmax_dim0", lambda L, x: L.log_softmax(x, 0), ((CUBE,), (EMPTY,))),
    Case("cumsum", lambda L, x: x.cumsum(1), ((M,), (EMPTY,))),
    Case("cumsum_0d", lambda L, x: L.cumsum(x, 0), ((SCALAR,),)),
    Case("cumprod", lambda L, x: x.cumprod(0), ((M,), (CUBE,), (SCALAR,))),
    Case("cumprod_with_zeros", lambda L, x: x.cumprod(1), ((M,), ((2, 6),)), make=with_zeros),
    Case("cummax", lambda L, x: x.cummax(1), ((M,),)),
    Case("cummin", lambda L, x: L.cummin(x, 0), ((M,), (SCALAR,))),
    Case("cummax_ties", lambda L, x: x.cummax(1), ((M,),), make=with_ties, numeric=False),
    Case("logcumsumexp", lambda L, x: x.logcumsumexp(1), ((M,),)),
    Case("logcumsumexp_dim0", lambda L, x: L.logcumsumexp(x, 0), ((CUBE,), (SCALAR,))),
    Case("norm", lambda L, x: x.norm(), ((M,),)),
    Case("norm_dim", lambda L, x: x.norm(dim=1, keepdim=True), ((M,),)),
    Case("norm_p1", lambda L, x: L.norm(x, 1, dim=(0, 1)), ((CUBE,),)),
    Case("vector_norm_3", lambda L, x: L.linalg.vector_norm(x, 3, dim=1), ((M,),)),
    Case("vector_norm_half", lambda L, x: L.linalg.vector_norm(x, 0.5), ((M,),)),
    Case("vector_norm_minus_1", lambda L, x: L.linalg.vector_norm(x, -1, 0), ((M,),)),
    Case("vector_norm_inf", lambda L, x: L.linalg.vector_norm(x, math.inf, 1), ((M,),)),
    Case("vector_norm_minus_inf", lambda L, x: L.linalg.vector_norm(x, -math.inf), ((M,),)),
    Case("vector_norm_0", lambda L, x: L.linalg.vector_norm(x, 0, 1), ((M,),),
         make=with_zeros, numeric=False),
    Case("matrix_norm_fro", lambda L, x: L.linalg.matrix_norm(x), ((CUBE,),)),
    Case("matrix_norm_1", lambda L, x: L.linalg.matrix_norm(x, 1), ((CUBE,),)),
    Case("matrix_norm_inf", lambda L, x: L.linalg.matrix_norm(x, -math.inf, keepdim=True),
         ((CUBE,),)),
    Case("sort", lambda L, x: x.sort(1), ((M,),), make=sorted_rows),
    Case("sort_descending", lambda L, x: L.sort(x, 0, descending=True), ((M,), (SCALAR,)),
         make=sorted_rows),
    Case("sort_stable_ties", lambda L, x: x.sort(dim=1, stable=True), ((M,),),
         make=with_ties, numeric=False),
    Case("sort_stable_ties_descending", lambda L, x: L.sort(x, dim=1, descending=True,
                                                           stable=True),
         ((M,),), make=with_ties, numeric=False),
    Case("argsort", lambda L, x: x.argsort(0, descending=True), ((M,),), make=sorted_rows,
         grad=False),
    Case("msort", lambda L, x: L.msort(x), ((M,),), make=sorted_rows),
    Case("topk", lambda L, x: x.topk(2, 1), ((M,),), make=sorted_rows),
    Case("topk_smallest", lambda L, x: L.topk(x, 2, dim=1, largest=False), ((CUBE,),),
         make=sorted_rows),
    Case("kthvalue", lambda L, x: x.kthvalue(2, 1), ((M,),), make=sorted_rows),
    Case("kthvalue_keepdim", lambda L, x: L.kthvalue(x, 1, 0, keepdim=True), ((M,),),
         make=sorted_rows),
    Case("median", lambda L, x: x.median(), ((M,), (ROW,)), make=sorted_rows),
    Case("median_dim", lambda L, x: x.median(1), ((M,), (CUBE,)), make=sorted_rows),
    Case("nanmedian_dim", lambda L, x: L.nanmedian(x, 1), ((M,),), make=with_nans,
         numeric=False),
]


test_forward_and_backward_match_pytorch, test_gradcheck, test_second_order = \
    table_tests(CASES)


# --- the wrong results of issue 11, each against PyTorch ----------------------------------

def fixed(values):
    """A case input with these exact values."""
    return lambda rng, shape: np.array(values, dtype=float)


NAN, INF = math.nan, math.inf
EDGE_CASES = [
    Case("mean_of_no_elements_is_nan", lambda L, x: x.mean(), (((0, 3),),)),
    Case("mean_dim_of_no_elements_is_nan", lambda L, x: x.mean(0), (((0, 3),),)),
    Case("sum_dim_empty_tuple_reduces_all", lambda L, x: L.sum(x, dim=()), ((M,),)),
    Case("mean_dim_empty_list_reduces_all", lambda L, x: x.mean(dim=[]), ((M,),)),
    Case("std_of_equal_values", lambda L, x: x.std(), (((3,),),), make=fixed([2.0, 2.0, 2.0]),
         numeric=False),
    Case("std_dim_of_equal_values", lambda L, x: x.std(1), (((2, 3),),),
         make=fixed([[2.0, 2.0, 2.0], [1.0, 2.0, 4.0]]), numeric=False),
    Case("std_of_one_element", lambda L, x: x.std(), (((1,),),), make=fixed([2.0]),
         numeric=False),
    Case("std_of_0d", lambda L, x: x.std(), (((),),), make=fixed(2.0), numeric=False),
    Case("std_of_0d_correction_0", lambda L, x: x.std(correction=0), (((),),), make=fixed(2.0),
         numeric=False),
    Case("var_correction_5_of_3_values", lambda L, x: x.var(correction=5), (((3,),),),
         make=fixed([1.0, 2.0, 4.0]), numeric=False),
    Case("var_correction_5_of_3_values_dim", lambda L, x: x.var(0, correction=5), (((3,),),),
         make=fixed([1.0, 2.0, 4.0]), numeric=False),
    Case("var_correction_3_of_3_values_dim", lambda L, x: x.var(0, correction=3), (((3,),),),
         make=fixed([1.0, 2.0, 4.0]), numeric=False),
    Case("std_correction_5_of_3_values", lambda L, x: x.std(correction=5), (((3,),),),
         make=fixed([1.0, 2.0, 4.0]), numeric=False),
    Case("logsumexp_of_all_minus_inf_row", lambda L, x: x.logsumexp(1), (((2, 2),),),
         make=fixed([[-INF, -INF], [0.0, 1.0]]), numeric=False),
    Case("logsumexp_with_inf", lambda L, x: x.logsumexp(0), (((2,),),), make=fixed([INF, 1.0]),
         numeric=False),
    Case("logsumexp_tuple_of_dims", lambda L, x: x.logsumexp((0, 2)), ((CUBE,),)),
    Case("log_softmax_over_size_0", lambda L, x: x.log_softmax(1), (((2, 0),),)),
    Case("logsumexp_over_size_0", lambda L, x: x.logsumexp(1), (((2, 0),),)),
    Case("max_with_nan", lambda L, x: x.max(), (((3,),),), make=fixed([1.0, NAN, 3.0]),
         numeric=False),
    Case("max_with_two_nans", lambda L, x: x.max(), (((3,),),), make=fixed([1.0, NAN, NAN]),
         numeric=False),
    Case("max_dim_with_nan", lambda L, x: x.max(1), (((2, 3),),),
         make=fixed([[1.0, NAN, NAN], [3.0, 3.0, 1.0]]), numeric=False),
    Case("min_dim_with_nan", lambda L, x: x.min(1), (((2, 3),),),
         make=fixed([[1.0, NAN, NAN], [3.0, 1.0, 1.0]]), numeric=False),
    Case("amax_dim_with_nan", lambda L, x: x.amax(1), (((2, 3),),),
         make=fixed([[1.0, NAN, NAN], [3.0, 3.0, 1.0]]), numeric=False),
    Case("max_dim_of_0d", lambda L, x: x.max(dim=0), (((),),), make=fixed(3.0)),
    Case("min_dim_minus_1_of_0d_keepdim", lambda L, x: x.min(-1, keepdim=True), (((),),),
         make=fixed(3.0)),
    Case("cummax_with_nan", lambda L, x: x.cummax(0), (((4,),),), make=fixed([2.0, NAN, 2.0, 3.0]),
         numeric=False),
    Case("cummin_ties_take_the_later_index", lambda L, x: x.cummin(0), (((4,),),),
         make=fixed([2.0, 3.0, 2.0, 1.0]), numeric=False),
    Case("median_with_nan", lambda L, x: x.median(0), (((4,),),),
         make=fixed([2.0, NAN, 2.5, 1.0]), numeric=False),
    Case("nanmedian_all", lambda L, x: x.nanmedian(), (((4,),),),
         make=fixed([2.0, NAN, 2.5, 1.0]), numeric=False),
    Case("sort_with_nan", lambda L, x: x.sort(), (((4,),),), make=fixed([2.0, NAN, -1.0, 1.0]),
         numeric=False),
    Case("sort_descending_with_nan", lambda L, x: x.sort(descending=True), (((4,),),),
         make=fixed([2.0, NAN, -1.0, 1.0]), numeric=False),
    Case("topk_with_nan", lambda L, x: x.topk(2), (((4,),),), make=fixed([2.0, NAN, -1.0, 1.0]),
         numeric=False),
    Case("prod_with_two_zeros", lambda L, x: x.prod(), (((3,),),), make=fixed([1.0, 0.0, 0.0])),
    Case("cumprod_with_zero_first", lambda L, x: x.cumprod(0), (((5,),),),
         make=fixed([0.0, 2.0, 3.0, 0.0, 5.0])),
    Case("norm_of_zeros", lambda L, x: x.norm(), (((2,),),), make=fixed([0.0, 0.0]),
         numeric=False),
    Case("vector_norm_3_of_zeros", lambda L, x: L.linalg.vector_norm(x, 3), (((3,),),),
         make=fixed([0.0, 0.0, 0.0]), numeric=False),
    Case("vector_norm_half_with_zero", lambda L, x: L.linalg.vector_norm(x, 0.5), (((3,),),),
         make=fixed([1.0, 0.0, 0.0]), numeric=False),
    Case("vector_norm_inf_ties", lambda L, x: L.linalg.vector_norm(x, INF), (((3,),),),
         make=fixed([1.0, -3.0, 3.0]), numeric=False),
]


@pytest.mark.filterwarnings("ignore:.*degrees of freedom is <= 0")  # both warn, as they should
@pytest.mark.parametrize("case, shapes", params(EDGE_CASES))
def test_edge_cases_match_pytorch(torch, case, shapes):
    check_backward(torch, case, shapes)


@pytest.mark.parametrize("case, shapes", params([c for c in EDGE_CASES if c.numeric]))
def test_edge_cases_gradcheck(case, shapes):
    check_gradcheck(case, shapes)


ERRORS = [
    ("mean_of_int", lambda L: L.tensor([1, 2]).mean(), RuntimeError),
    ("var_of_int", lambda L: L.tensor([1, 2]).var(), RuntimeError),
    ("softmax_of_int", lambda L: L.tensor([1, 2]).softmax(0), RuntimeError),
    ("logcumsumexp_of_int", lambda L: L.tensor([1, 2]).logcumsumexp(0), RuntimeError),
    ("vector_norm_of_int", lambda L: L.linalg.vector_norm(L.tensor([1, 2])), RuntimeError),
    ("max_of_no_elements", lambda L: L.zeros(0, 3).max(), RuntimeError),
    ("max_dim_of_size_0", lambda L: L.zeros(0, 3).max(0), IndexError),
    ("amax_dim_of_size_0", lambda L: L.zeros(0, 3).amax(0), IndexError),
    ("argmax_of_no_elements", lambda L: L.zeros(0).argmax(), IndexError),
    ("inf_norm_of_no_elements", lambda L: L.linalg.vector_norm(L.zeros(0), INF), RuntimeError),
    ("sum_dim_2_of_2d", lambda L: L.zeros(2, 3).sum(2), IndexError),
    ("mean_dim_minus_3_of_2d", lambda L: L.zeros(2, 3).mean(-3), IndexError),
    ("sum_repeated_dim", lambda L: L.zeros(2, 3).sum((0, 0)), RuntimeError),
    ("softmax_dim_2_of_2d", lambda L: L.zeros(2, 3).softmax(2), IndexError),
    ("cumsum_dim_1_of_1d", lambda L: L.zeros(3).cumsum(1), IndexError),
    ("max_dim_1_of_0d", lambda L: L.zeros(()).max(1), IndexError),
    ("sort_dim_2_of_2d", lambda L: L.zeros(2, 3).sort(2), IndexError),
    ("topk_k_too_large", lambda L: L.zeros(3).topk(4), RuntimeError),
    ("kthvalue_k_0", lambda L: L.zeros(3).kthvalue(0), RuntimeError),
    ("var_mean_dim_out_of_range", lambda L: L.var_mean(L.zeros(2), 1), IndexError),
]


@pytest.mark.parametrize("name, call, error", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_as_pytorch(torch, name, call, error):
    with pytest.raises(error):
        call(torch)
    with pytest.raises(error):
        call(ag)


def test_dim_error_names_the_dim_and_the_rank():
    with pytest.raises(IndexError, match=r"range of \[-2, 1\], but got 2\) for a tensor of 2 dims"):
        ag.zeros(2, 3).sum(2)


def test_var_with_no_degrees_of_freedom_warns_as_pytorch():
    with pytest.warns(UserWarning, match="degrees of freedom is <= 0"):
        ag.tensor([1.0, 2.0]).var(correction=2)


def test_max_returns_named_values_and_indices():
    result = ag.tensor([[1.0, 5.0, 2.0]]).max(dim=1)
    values, indices = result
    assert result.values is values and result.indices is indices
    assert indices.dtype == np.int64 and indices.tolist() == [1]


def test_numpy_names_axis_and_keepdims_are_accepted_as_pytorch(torch):
    x = np.arange(12.0).reshape(3, 4)
    for call in (lambda L, t: t.sum(axis=1, keepdims=True), lambda L, t: L.mean(t, axis=(0, 1)),
                 lambda L, t: t.max(axis=0).values, lambda L, t: t.amin(axis=1, keepdims=True),
                 lambda L, t: t.std(axis=0), lambda L, t: t.logsumexp(axis=1, keepdims=True)):
        ours, theirs = call(ag, ag.tensor(x)), call(torch, torch.tensor(x))
        assert ours.shape == tuple(theirs.shape)
        np.testing.assert_allclose(ours.numpy(), theirs.numpy())

"""Triangular systems, the LU decomposition, the _ex solvers and the matrix exponential
(torch.linalg's) against PyTorch: forward (values, shapes, dtypes, pivots) on float64 and
float32, batched and empty batches, backward, float64 gradcheck and second order; errors and
the info tensors of singular inputs."""
from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.autograd.op_cases import Case, assert_same, params, table_tests
from tests.autograd.test_ops_linalg_decompositions import spd, well_conditioned

SQUARE, BATCH, EMPTY_BATCH = (3, 3), (2, 3, 3), (0, 3, 3)
TALL, WIDE = (2, 4, 3), (2, 3, 4)


def pd_factor(L, a, upper=False):
    """The Cholesky factor of a a·aᵀ + I (a triangle: cholesky_solve's gradient is PyTorch's
    for the whole matrix, so the cases pass the triangle itself)."""
    return L.linalg.cholesky(spd(L, a), upper=upper)


def lu_of(L, a):
    return L.linalg.lu_factor(a)


CASES = [
    Case("solve_triangular_upper", lambda L, a, b: L.linalg.solve_triangular(a, b, upper=True),
         ((SQUARE, (3, 2)), (BATCH, (3, 4)), ((3, 3), (2, 3, 1)), (EMPTY_BATCH, (0, 3, 2)))),
    Case("solve_triangular_lower", lambda L, a, b: L.linalg.solve_triangular(a, b, upper=False),
         ((BATCH, (2, 3, 2)),)),
    Case("solve_triangular_right", lambda L, a, b: L.linalg.solve_triangular(
        a, b, upper=True, left=False), ((SQUARE, (2, 3)), (BATCH, (4, 3)))),
    Case("solve_triangular_unit", lambda L, a, b: L.linalg.solve_triangular(
        a, b, upper=False, unitriangular=True), ((BATCH, (2, 3, 2)),)),
    Case("solve_triangular_right_unit_upper", lambda L, a, b: L.linalg.solve_triangular(
        a, b, upper=True, left=False, unitriangular=True), ((SQUARE, (2, 3)),)),
    Case("triangular_solve", lambda L, b, a: tuple(L.triangular_solve(b, a)),
         (((3, 2), SQUARE), ((2, 3, 1), BATCH))),
    Case("triangular_solve_transpose_lower_unit", lambda L, b, a: tuple(b.triangular_solve(
        a, upper=False, transpose=True, unitriangular=True)), (((3, 2), BATCH),)),
    Case("cholesky_solve", lambda L, b, a: L.cholesky_solve(b, pd_factor(L, a)),
         (((3, 2), SQUARE), ((2, 3, 2), (3, 3)), ((0, 3, 1), EMPTY_BATCH))),
    Case("cholesky_solve_upper", lambda L, b, a: b.cholesky_solve(pd_factor(L, a, True), True),
         (((3, 2), BATCH),)),
    Case("cholesky_inverse", lambda L, a: L.cholesky_inverse(pd_factor(L, a)),
         ((SQUARE,), (BATCH,))),
    Case("cholesky_inverse_upper", lambda L, a: pd_factor(L, a, True).cholesky_inverse(True),
         ((SQUARE,),)),
    Case("lu_factor", lambda L, a: tuple(L.linalg.lu_factor(a)),
         ((SQUARE,), (BATCH,), (TALL,), (WIDE,), (EMPTY_BATCH,))),
    Case("lu_factor_ex", lambda L, a: tuple(L.linalg.lu_factor_ex(a)), ((BATCH,), (WIDE,))),
    Case("lu", lambda L, a: tuple(L.linalg.lu(a)),
         ((SQUARE,), (BATCH,), (TALL,), (WIDE,), (EMPTY_BATCH,))),
    Case("lu_unpack", lambda L, a: tuple(L.lu_unpack(*L.linalg.lu_factor(a))),
         ((BATCH,), (TALL,))),
    Case("lu_solve", lambda L, a, b: L.linalg.lu_solve(*lu_of(L, a), b),
         ((SQUARE, (3, 2)), (BATCH, (2, 3, 4)), (EMPTY_BATCH, (0, 3, 1)))),
    Case("lu_solve_adjoint", lambda L, a, b: L.linalg.lu_solve(*lu_of(L, a), b, adjoint=True),
         ((BATCH, (2, 3, 2)),)),
    Case("lu_solve_right", lambda L, a, b: L.linalg.lu_solve(*lu_of(L, a), b, left=False),
         ((BATCH, (2, 4, 3)),)),
    Case("lu_solve_right_adjoint", lambda L, a, b: L.linalg.lu_solve(
        *lu_of(L, a), b, left=False, adjoint=True), ((SQUARE, (2, 3)),)),
    Case("cholesky_ex", lambda L, a: tuple(L.linalg.cholesky_ex(spd(L, a))),
         ((SQUARE,), (BATCH,), (EMPTY_BATCH,))),
    Case("cholesky_ex_upper", lambda L, a: tuple(L.linalg.cholesky_ex(spd(L, a), upper=True)),
         ((BATCH,),)),
    Case("inv_ex", lambda L, a: tuple(L.linalg.inv_ex(a)), ((SQUARE,), (BATCH,))),
    Case("solve_ex", lambda L, a, b: tuple(L.linalg.solve_ex(a, b)),
         ((BATCH, (2, 3, 2)), (SQUARE, (3,)))),
    Case("solve_ex_left_false", lambda L, a, b: tuple(L.linalg.solve_ex(a, b, left=False)),
         ((BATCH, (2, 4, 3)),)),
    Case("matrix_exp", lambda L, a: L.linalg.matrix_exp(a),
         ((SQUARE,), (BATCH,), ((1, 1),), (EMPTY_BATCH,))),
    # scaled, squared
    Case("matrix_exp_scaled", lambda L, a: L.linalg.matrix_exp(2 * a), ((BATCH,),)),
    Case("matrix_exp_method", lambda L, a: (0.1 * a).matrix_exp(), ((SQUARE,),)),
    Case("torch_matrix_exp", lambda L, a: L.matrix_exp(a), ((SQUARE,),)),
]
for _case in CASES:
    _case.make = well_conditioned
    _case.shapes = tuple(s if isinstance(s[0], tuple) else (s,) for s in _case.shapes)

DEPRECATED = "ignore:torch.triangular_solve is deprecated"


test_forward_and_backward_match_pytorch, test_gradcheck, test_second_order = \
    table_tests(CASES, DEPRECATED)


@pytest.mark.filterwarnings(DEPRECATED)
@pytest.mark.parametrize("case, shapes", params([c for c in CASES if c.name in (
    "solve_triangular_upper", "cholesky_solve", "cholesky_inverse", "lu_factor", "lu",
    "lu_solve", "cholesky_ex", "inv_ex", "solve_ex", "matrix_exp", "matrix_exp_scaled")]))
def test_float32_forward_matches_pytorch(torch, case, shapes):
    arrays = case.inputs(shapes, seed=5)
    ours = case.fn(ag, *[ag.tensor(x, dtype=ag.float32) for x in arrays])
    theirs = case.fn(torch, *[torch.tensor(x, dtype=torch.float32) for x in arrays])
    assert_same(ours, theirs, rtol=1e-4, atol=1e-4)


def singular_batch(L):
    """An invertible matrix, then a singular one (second column zero after one swap)."""
    return L.tensor([[[2.0, 1.0], [1.0, 3.0]], [[0.0, 0.0], [1.0, 0.0]]], dtype=L.float64)


INFO = [
    ("lu_factor_ex", lambda L: L.linalg.lu_factor_ex(singular_batch(L))),
    ("lu_factor_ex_zeros", lambda L: L.linalg.lu_factor_ex(L.zeros(2, 2))),
    ("lu_of_singular", lambda L: L.linalg.lu(singular_batch(L))),
    ("inv_ex", lambda L: L.linalg.inv_ex(singular_batch(L)).info),
    ("solve_ex", lambda L: L.linalg.solve_ex(singular_batch(L), L.ones(2, 2, 1,
                                                                       dtype=L.float64)).info),
    ("cholesky_ex", lambda L: L.linalg.cholesky_ex(L.stack([L.eye(3), -L.eye(3)])).info),
    ("cholesky_ex_minor_2", lambda L: L.linalg.cholesky_ex(L.tensor([[1.0, 2.0], [2.0, 1.0]]))),
    ("cholesky_ex_of_minus_identity", lambda L: L.linalg.cholesky_ex(-L.eye(3))),
    ("cholesky_ex_partial_factor", lambda L: L.linalg.cholesky_ex(L.tensor(
        [[[4.0, 2.0, 1.0], [2.0, 1.0, 5.0], [1.0, 5.0, 3.0]]] * 2), upper=True)),
]


@pytest.mark.parametrize("name, call", INFO, ids=[i[0] for i in INFO])
def test_info_and_factors_of_singular_inputs_as_pytorch(torch, name, call):
    assert_same(call(ag), call(torch))


ERRORS = [
    ("cholesky_ex_check_errors", lambda L: L.linalg.cholesky_ex(-L.eye(3), check_errors=True),
     "linalg.cholesky_ex: .*not positive-definite.*order 1"),
    ("inv_ex_check_errors", lambda L: L.linalg.inv_ex(L.zeros(2, 2), check_errors=True),
     "singular"),
    ("solve_ex_check_errors", lambda L: L.linalg.solve_ex(L.zeros(2, 2), L.ones(2),
                                                          check_errors=True), "singular"),
]


@pytest.mark.parametrize("name, call, message", ERRORS, ids=[e[0] for e in ERRORS])
def test_linalg_errors_as_pytorch(torch, name, call, message):
    with pytest.raises(torch.linalg.LinAlgError, match=message):
        call(torch)
    with pytest.raises(ag.linalg.LinAlgError, match=message):
        call(ag)


BAD_INPUT = [
    ("lu_factor_singular", lambda L: L.linalg.lu_factor(L.zeros(2, 2)),
     r"torch.linalg.lu_factor: U\[1,1\] is zero"),
    ("lu_factor_ex_check_errors", lambda L: L.linalg.lu_factor_ex(L.zeros(2, 3, 3),
                                                                  check_errors=True),
     r"lu_factor_ex: \(Batch element 0\): U\[1,1\] is zero"),
    ("solve_triangular_1d_b", lambda L: L.linalg.solve_triangular(L.eye(3), L.ones(3),
                                                                  upper=True),
     "B must have at least 2 dimensions"),
    ("solve_triangular_shapes", lambda L: L.linalg.solve_triangular(L.eye(3), L.ones(2, 2),
                                                                    upper=True),
     r"Incompatible shapes of A and B for the equation AX = B \(3x3 and 2x2\)"),
    ("solve_triangular_not_square", lambda L: L.linalg.solve_triangular(
        L.ones(2, 3), L.ones(3, 2), upper=True), "square matrices, but they are 2 by 3"),
    ("cholesky_solve_sizes", lambda L: L.cholesky_solve(L.ones(2, 2), L.eye(3)),
     "Incompatible matrix sizes for cholesky_solve: each A matrix is 3 by 3 but each b "
     "matrix is 2 by 2"),
    ("cholesky_inverse_1d", lambda L: L.cholesky_inverse(L.ones(3)), "at least 2 dimensions"),
    ("lu_solve_shapes", lambda L: L.linalg.lu_solve(*L.linalg.lu_factor(L.eye(3)),
                                                    L.ones(2, 2)),
     r"Incompatible shapes of A and B for the equation AX = B \(3x3 and 2x2\)"),
    ("lu_solve_1d_b", lambda L: L.linalg.lu_solve(*L.linalg.lu_factor(L.eye(3)), L.ones(3)),
     "B must have at least 2 dimensions"),
    ("matrix_exp_not_square", lambda L: L.linalg.matrix_exp(L.ones(2, 3)),
     "square matrices, but they are 2 by 3"),
    ("matrix_exp_of_int", lambda L: L.linalg.matrix_exp(L.ones(2, 2, dtype=L.long)),
     "floating point.*Got Long"),
]


@pytest.mark.parametrize("name, call, message", BAD_INPUT, ids=[e[0] for e in BAD_INPUT])
def test_bad_input_errors_as_pytorch(torch, name, call, message):
    with pytest.raises(RuntimeError, match=message):
        call(torch)
    with pytest.raises(RuntimeError, match=message):
        call(ag)


def test_triangular_solve_warns_that_it_is_deprecated():
    """PyTorch warns once per process (so it is not checked here)."""
    with pytest.warns(UserWarning, match="torch.triangular_solve is deprecated in favor of "
                                         "torch.linalg.solve_triangular"):
        ag.triangular_solve(ag.ones(2, 1), ag.eye(2))


def test_solve_triangular_reads_only_its_triangle_and_a_zero_pivot_gives_inf(torch):
    a = np.array([[2.0, 5.0], [7.0, 0.0]])
    b = np.ones((2, 1))
    for upper in (True, False):
        assert_same(ag.linalg.solve_triangular(ag.tensor(a), ag.tensor(b), upper=upper),
                    torch.linalg.solve_triangular(torch.tensor(a), torch.tensor(b),
                                                  upper=upper))


def test_lu_without_pivoting_is_refused_on_the_cpu_as_pytorch(torch):
    for L in (torch, ag):
        with pytest.raises(RuntimeError, match="LU without pivoting is not implemented on the "
                                               "CPU"):
            L.linalg.lu(L.eye(2), pivot=False)


def test_the_torch_namespace_has_them():
    import backproplab as torch_like
    for name in ("solve_triangular", "lu", "lu_factor", "lu_factor_ex", "lu_solve",
                 "cholesky_ex", "inv_ex", "solve_ex", "matrix_exp"):
        assert getattr(torch_like.linalg, name) is getattr(ag.linalg, name)
    for name in ("triangular_solve", "cholesky_solve", "cholesky_inverse", "lu_unpack",
                 "matrix_exp"):
        assert callable(getattr(torch_like, name))

"""Inverses, determinants, solvers and decompositions (torch.linalg's) against PyTorch: forward
(values, shapes, dtypes) on float64 and float32, batched and empty batches, backward, float64
gradcheck and second order. Eigenvectors and singular vectors are fixed only up to sign, so
their cases compare functions of them that do not depend on the signs (|U|, U S Vh, ...)."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograd as ag
from tests.autograd.op_cases import Case, assert_same, params, table_tests

SQUARE, BATCH, EMPTY_BATCH = ((3, 3),), ((2, 3, 3),), ((0, 3, 3),)
TALL, WIDE = ((2, 4, 3),), ((2, 3, 4),)


def well_conditioned(rng, shape):
    """Normal entries plus 3 on the diagonal (of square matrices): far from singular."""
    x = rng.standard_normal(shape)
    return x + 3 * np.eye(shape[-1]) if len(shape) > 1 and shape[-1] == shape[-2] else x


def spd(L, a):
    """A symmetric positive-definite matrix made from a: a aᵀ + I."""
    return a @ a.mT + L.eye(a.shape[-1], dtype=a.dtype)


def sym(L, a):
    return a + a.mT


def svd_invariants(result):
    """|U|, S, |Vh| of the first k columns / rows: the same whatever signs the SVD chose."""
    u, s, vh = result
    k = s.shape[-1]
    return u[..., :k].abs(), s, vh[..., :k, :].abs()


CASES = [
    Case("inv", lambda L, a: L.linalg.inv(a), (SQUARE, BATCH, EMPTY_BATCH)),
    Case("inverse_method", lambda L, a: a.inverse(), (SQUARE,)),
    Case("torch_inverse", lambda L, a: L.inverse(a), (BATCH,)),
    Case("det", lambda L, a: L.linalg.det(a), (SQUARE, BATCH, EMPTY_BATCH)),
    Case("det_method", lambda L, a: a.det(), (BATCH,)),
    Case("det_of_0x0", lambda L, a: L.linalg.det(a), (((2, 0, 0),),)),
    Case("slogdet", lambda L, a: tuple(L.linalg.slogdet(a)), (SQUARE, BATCH)),
    Case("slogdet_method", lambda L, a: tuple(a.slogdet()), (SQUARE,)),
    Case("logdet", lambda L, a: L.logdet(spd(L, a)), (SQUARE, BATCH)),
    Case("logdet_method", lambda L, a: spd(L, a).logdet(), (BATCH,)),
    Case("solve", lambda L, a, b: L.linalg.solve(a, b), ((SQUARE[0], (3, 2)),
                                                         (BATCH[0], (2, 3, 4)),
                                                         (BATCH[0], (3, 1)),
                                                         (SQUARE[0], (2, 3, 2)))),
    Case("solve_vector", lambda L, a, b: L.linalg.solve(a, b), ((SQUARE[0], (3,)),
                                                                (BATCH[0], (2, 3)))),
    Case("solve_left_false", lambda L, a, b: L.linalg.solve(a, b, left=False),
         ((SQUARE[0], (2, 3)), (BATCH[0], (2, 4, 3)))),
    Case("solve_empty_batch", lambda L, a, b: L.linalg.solve(a, b),
         ((EMPTY_BATCH[0], (0, 3, 2)),)),
    Case("cholesky", lambda L, a: L.linalg.cholesky(spd(L, a)), (SQUARE, BATCH, EMPTY_BATCH)),
    Case("cholesky_upper", lambda L, a: L.linalg.cholesky(spd(L, a), upper=True), (BATCH,)),
    Case("torch_cholesky", lambda L, a: L.cholesky(spd(L, a)), (SQUARE,)),
    Case("cholesky_method_upper", lambda L, a: spd(L, a).cholesky(upper=True), (SQUARE,)),
    Case("qr", lambda L, a: tuple(L.linalg.qr(a)), (SQUARE, TALL, WIDE, EMPTY_BATCH)),
    Case("qr_complete", lambda L, a: tuple(L.linalg.qr(a, mode="complete")), (SQUARE, WIDE)),
    Case("qr_r", lambda L, a: tuple(L.linalg.qr(a, mode="r")), (TALL, WIDE), grad=False),
    Case("torch_qr", lambda L, a: tuple(L.qr(a)), (TALL,)),
    Case("qr_method_not_some", lambda L, a: tuple(a.qr(some=False)), (WIDE,)),
    Case("eigh", lambda L, a: (lambda r: (r.eigenvalues, r.eigenvectors.abs()))(
        L.linalg.eigh(sym(L, a))), (SQUARE, BATCH, EMPTY_BATCH)),
    Case("eigh_upper", lambda L, a: (lambda r: (r[0], r[1].abs()))(L.linalg.eigh(a, "U")),
         (BATCH,), numeric=False),
    Case("eigh_of_nonsymmetric_reads_lower", lambda L, a: L.linalg.eigh(a).eigenvalues,
         (BATCH,), numeric=False),
    Case("eigvalsh", lambda L, a: L.linalg.eigvalsh(sym(L, a)), (SQUARE, BATCH)),
    Case("eigvalsh_upper", lambda L, a: L.linalg.eigvalsh(sym(L, a), UPLO="U"), (SQUARE,)),
    Case("svd_reduced", lambda L, a: svd_invariants(L.linalg.svd(a, full_matrices=False)),
         (SQUARE, TALL, WIDE, EMPTY_BATCH)),
    Case("svd_full", lambda L, a: svd_invariants(L.linalg.svd(a)), (TALL, WIDE)),
    Case("svd_reconstruction", lambda L, a: (lambda r: (r.U[..., :3] * r.S[..., None, :]) @
                                            r.Vh[..., :3, :])(L.linalg.svd(a)), (TALL,)),
    Case("svdvals", lambda L, a: L.linalg.svdvals(a), (SQUARE, TALL, WIDE, EMPTY_BATCH)),
    Case("torch_svd", lambda L, a: svd_invariants(L.svd(a)), (TALL, WIDE)),
    Case("torch_svd_not_some", lambda L, a: (lambda r: (r.S, r.U[..., :3].abs(),
                                                       r.V[..., :3].abs()))(a.svd(some=False)),
         (TALL,)),
    Case("torch_svd_no_uv", lambda L, a: tuple(L.svd(a, compute_uv=False)), (WIDE,)),
    Case("pinv", lambda L, a: L.linalg.pinv(a), (SQUARE, TALL, WIDE, EMPTY_BATCH)),
    Case("pinv_hermitian", lambda L, a: L.linalg.pinv(sym(L, a), hermitian=True), (BATCH,)),
    Case("pinverse_method", lambda L, a: a.pinverse(), (TALL,)),
    Case("pinv_of_rank_deficient", lambda L, a: L.linalg.pinv(a[..., :1] @ a[..., :1, :]),
         (SQUARE,), numeric=False, second_order=False),
    Case("matrix_rank", lambda L, a: L.linalg.matrix_rank(a[..., :2] @ a[..., :2, :]),
         (BATCH, TALL), grad=False),
    Case("matrix_rank_hermitian", lambda L, a: L.linalg.matrix_rank(sym(L, a), hermitian=True),
         (BATCH,), grad=False),
    Case("matrix_rank_atol", lambda L, a: L.linalg.matrix_rank(a, atol=2.0), (BATCH,),
         grad=False),
    Case("matrix_power_3", lambda L, a: L.linalg.matrix_power(a, 3), (SQUARE, BATCH)),
    Case("matrix_power_0", lambda L, a: L.linalg.matrix_power(a, 0), (BATCH,)),
    Case("matrix_power_minus_2", lambda L, a: a.matrix_power(-2), (BATCH,)),
    Case("matrix_norm_nuc", lambda L, a: L.linalg.matrix_norm(a, "nuc"), (TALL,)),
    Case("matrix_norm_2_keepdim", lambda L, a: L.linalg.matrix_norm(a, 2, dim=(0, 2),
                                                                    keepdim=True), (WIDE,)),
    Case("matrix_norm_minus_2", lambda L, a: L.linalg.matrix_norm(a, -2), (SQUARE,)),
    Case("linalg_cross", lambda L, a, b: L.linalg.cross(a, b), (((4, 3), (4, 3)),
                                                                ((2, 1, 3), (1, 4, 3)))),
    Case("linalg_cross_dim", lambda L, a, b: L.linalg.cross(a, b, dim=0), (((3, 2), (3, 2)),)),
    Case("cross_method", lambda L, a, b: a.cross(b, dim=1), (((2, 3), (2, 3)),)),
    Case("linalg_vander", lambda L, x: L.linalg.vander(x), (((4,),), ((2, 3),))),
    Case("linalg_vander_N", lambda L, x: L.linalg.vander(x, N=5), (((3,),),)),
    # PyTorch 2.13's torch.vander cannot backpropagate (it writes into a saved tensor):
    # forward only here, and gradcheck in test_torch_vander_gradcheck
    Case("vander", lambda L, x: L.vander(x), (((4,),),), grad=False),
    Case("vander_increasing", lambda L, x: L.vander(x, 3, increasing=True), (((4,),),),
         grad=False),
]
for _case in CASES:
    _case.make = well_conditioned


test_forward_and_backward_match_pytorch, test_gradcheck, test_second_order = \
    table_tests(CASES, "ignore:torch.(qr|cholesky) is deprecated")


@pytest.mark.parametrize("case, shapes", params([c for c in CASES if c.name in (
    "inv", "det", "slogdet", "solve", "cholesky", "qr", "eigh", "svd_reduced", "svdvals",
    "pinv", "matrix_rank", "matrix_power_3", "linalg_cross")]))
def test_float32_forward_matches_pytorch(torch, case, shapes):
    """float32 in, float32 out, values as PyTorch's to float32 precision."""
    arrays = case.inputs(shapes, seed=5)
    ours = case.fn(ag, *[ag.tensor(x, dtype=ag.float32) for x in arrays])
    theirs = case.fn(torch, *[torch.tensor(x, dtype=torch.float32) for x in arrays])
    assert_same(ours, theirs, rtol=1e-4, atol=1e-4)


def singular(L):
    return L.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=L.float64)


ERRORS = [
    ("inv_of_singular", lambda L: L.linalg.inv(singular(L)), "singular"),
    ("inv_of_singular_batch_element", lambda L: L.linalg.inv(L.stack([L.eye(2), L.zeros(2, 2)])),
     r"Batch element 1\).*singular"),
    ("inverse_of_singular", lambda L: singular(L).inverse(), "singular"),
    ("solve_singular", lambda L: L.linalg.solve(singular(L), L.ones(2, dtype=L.float64)),
     "singular"),
    ("cholesky_not_positive_definite", lambda L: L.linalg.cholesky(-L.eye(3)),
     "not positive-definite.*order 1"),
    ("cholesky_batch_element", lambda L: L.linalg.cholesky(
        L.tensor([[[1.0, 0.0], [0.0, 1.0]], [[1.0, 2.0], [2.0, 1.0]]])),
     r"Batch element 1\).*order 2"),
    ("matrix_power_minus_1_of_singular", lambda L: L.linalg.matrix_power(L.zeros(2, 2), -1),
     "singular"),
]


@pytest.mark.parametrize("name, call, message", ERRORS, ids=[e[0] for e in ERRORS])
def test_linalg_errors_as_pytorch(torch, name, call, message):
    """PyTorch raises its LinAlgError (a RuntimeError); so does autograd.linalg."""
    with pytest.raises(torch.linalg.LinAlgError, match=message):
        call(torch)
    with pytest.raises(ag.linalg.LinAlgError, match=message):
        call(ag)
    assert issubclass(ag.linalg.LinAlgError, RuntimeError)


BAD_INPUT = [
    ("inv_not_square", lambda L: L.linalg.inv(L.zeros(2, 3)), "square matrices.*2 by 3"),
    ("inv_1d", lambda L: L.linalg.inv(L.zeros(3)), "at least 2 dimensions"),
    ("inv_of_int", lambda L: L.linalg.inv(L.zeros(2, 2, dtype=L.long)),
     "floating point.*Got Long"),
    ("det_not_square", lambda L: L.linalg.det(L.zeros(2, 3)), "square matrices"),
    ("det_of_int", lambda L: L.zeros(2, 2, dtype=L.long).det(), "Got Long"),
    ("slogdet_1d", lambda L: L.linalg.slogdet(L.zeros(3)), "at least 2 dimensions"),
    ("solve_shapes", lambda L: L.linalg.solve(L.eye(2), L.zeros(3)),
     r"Incompatible shapes.*AX = B \(2x2 and 3x1\)"),
    ("solve_left_false_vector", lambda L: L.linalg.solve(L.eye(2), L.ones(2), left=False),
     r"XA = B \(2x2 and 2x1\)"),
    ("solve_dtypes", lambda L: L.linalg.solve(L.eye(2), L.zeros(2, dtype=L.float64)),
     "same dtype"),
    ("cholesky_not_square", lambda L: L.linalg.cholesky(L.zeros(2, 3)), "square matrices"),
    ("qr_mode", lambda L: L.linalg.qr(L.zeros(2, 3), mode="x"), "unrecognized mode 'x'"),
    ("qr_of_int", lambda L: L.linalg.qr(L.zeros(2, 3, dtype=L.long)), "Got Long"),
    ("eigh_not_square", lambda L: L.linalg.eigh(L.zeros(2, 3)), "square matrices"),
    ("eigh_uplo", lambda L: L.linalg.eigh(L.eye(2), UPLO="X"), "'L' or 'U'"),
    ("svd_1d", lambda L: L.linalg.svd(L.zeros(3)), "at least 2 dimensions"),
    ("svdvals_of_int", lambda L: L.linalg.svdvals(L.zeros(2, 2, dtype=L.long)), "Got Long"),
    ("matrix_power_not_square", lambda L: L.linalg.matrix_power(L.zeros(2, 3), 2),
     "square matrices.*2 by 3"),
    ("matrix_power_int_negative", lambda L: L.linalg.matrix_power(L.eye(2, dtype=L.long), -1),
     "Got Long"),
    ("cross_length", lambda L: L.linalg.cross(L.zeros(2), L.zeros(2)), "must have length 3"),
    ("cross_ndim", lambda L: L.linalg.cross(L.zeros(2, 3), L.zeros(3)),
     "same number of dimensions"),
    ("cross_dtypes", lambda L: L.linalg.cross(L.zeros(3), L.zeros(3, dtype=L.float64)),
     "expected scalar type Float but found Double"),
    ("cross_no_size_3", lambda L: L.cross(L.zeros(4, 4), L.zeros(4, 4)),
     "no dimension of size 3"),
    ("vander_2d", lambda L: L.vander(L.zeros(2, 2)), "one-dimensional"),
    ("linalg_vander_N_1", lambda L: L.linalg.vander(L.zeros(3), N=1), "greater than 1"),
]


@pytest.mark.filterwarnings("ignore:Using torch.cross without specifying the dim")
@pytest.mark.parametrize("name, call, message", BAD_INPUT, ids=[e[0] for e in BAD_INPUT])
def test_bad_input_errors_as_pytorch(torch, name, call, message):
    with pytest.raises(RuntimeError, match=message):
        call(torch)
    with pytest.raises(RuntimeError, match=message):
        call(ag)


def test_torch_cross_without_dim_warns_as_pytorch_and_takes_the_first_dim_of_size_3(torch):
    a, b = np.arange(12.0).reshape(3, 4), np.arange(12.0).reshape(3, 4)[::-1].copy()
    with pytest.warns(UserWarning, match="without specifying the dim"):
        ours = ag.cross(ag.tensor(a), ag.tensor(b))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = torch.cross(torch.tensor(a), torch.tensor(b))
    assert_same(ours, theirs)


@pytest.mark.parametrize("call", [lambda L, a: L.qr(a), lambda L, a: L.cholesky(a)],
                         ids=["qr", "cholesky"])
def test_deprecated_torch_forms_warn_as_pytorch(call):
    """PyTorch warns once per process (so it is not checked here): "torch.qr is deprecated in
    favor of torch.linalg.qr ..."."""
    a = np.eye(2)
    with pytest.warns(UserWarning, match="is deprecated in favor of torch.linalg"):
        call(ag, ag.tensor(a))


def test_results_are_named_as_pytorch():
    a = ag.tensor(well_conditioned(np.random.default_rng(0), (3, 3)))
    for name, fields in [("slogdet", ("sign", "logabsdet")), ("qr", ("Q", "R")),
                         ("eigh", ("eigenvalues", "eigenvectors")), ("svd", ("U", "S", "Vh"))]:
        result = getattr(ag.linalg, name)(a)
        assert type(result).__name__ == "linalg_" + name
        assert result.__match_args__ == fields
        assert repr(result).startswith(f"torch.return_types.linalg_{name}(\n{fields[0]}=")
    assert ag.svd(a).__match_args__ == ("U", "S", "V")
    assert type(ag.slogdet(a)).__name__ == "slogdet" and ag.slogdet(a).logabsdet.ndim == 0


def test_qr_r_mode_and_complete_tall_are_not_differentiable():
    """As PyTorch: mode='r' has no Q to differentiate through; a complete Q of a tall matrix
    is not unique."""
    a = ag.tensor(np.random.default_rng(0).standard_normal((4, 3)), requires_grad=True)
    with pytest.raises(RuntimeError, match="mode='r'"):
        ag.linalg.qr(a, mode="r").R.sum().backward()
    with pytest.raises(RuntimeError, match="mode='complete' and nrows > ncols"):
        ag.linalg.qr(a, mode="complete").Q.sum().backward()


def test_det_gradient_of_a_singular_matrix_is_its_cofactor_matrix():
    """det is a polynomial: at a singular A its gradient is still the cofactor matrix (here
    PyTorch 2.13 returns zeros); a rank n-1 matrix has a nonzero one, rank n-2 a zero one."""
    a = ag.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=ag.float64, requires_grad=True)
    ag.linalg.det(a).backward()
    np.testing.assert_allclose(a.grad.numpy(), [[4.0, -2.0], [-2.0, 1.0]], atol=1e-12)
    b = ag.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], dtype=ag.float64,
                  requires_grad=True)
    assert ag.gradcheck(ag.linalg.det, [b])
    assert ag.gradcheck(ag.linalg.det, [ag.tensor(np.zeros((2, 3, 3)), requires_grad=True)])


def test_the_torch_namespace_has_the_linalg_functions():
    import backproplab as torch_like
    for name in ("inv", "det", "slogdet", "solve", "cholesky", "qr", "eigh", "eigvalsh", "svd",
                 "svdvals", "pinv", "matrix_rank", "matrix_power", "cross", "vander",
                 "LinAlgError"):
        assert getattr(torch_like.linalg, name) is getattr(ag.linalg, name)
    for name in ("inverse", "det", "logdet", "slogdet", "svd", "qr", "cholesky", "pinverse",
                 "matrix_power", "cross", "vander"):
        assert callable(getattr(torch_like, name))


def test_torch_vander_gradcheck():
    x = ag.tensor([0.0, -1.5, 2.0, 0.5], dtype=ag.float64, requires_grad=True)
    assert ag.gradcheck(lambda t: ag.vander(t), [x])
    assert ag.gradcheck(lambda t: ag.vander(t, 3, increasing=True), [x])



@pytest.mark.parametrize("name,matrix,values", [
    ("svdvals of zeros", np.zeros((4, 3)), lambda L, a: L.linalg.svdvals(a)),
    ("nuclear norm of zeros", np.zeros((3, 3)), lambda L, a: L.linalg.matrix_norm(a, "nuc")),
    ("svdvals of a repeated value", np.eye(3), lambda L, a: L.linalg.svdvals(a)),
    ("eigvalsh of a repeated value", np.eye(3), lambda L, a: L.linalg.eigvalsh(a)),
])
def test_values_only_have_finite_gradients_at_repeated_values_as_pytorch(torch, name, matrix,
                                                                       values):
    """svdvals and eigvalsh need no singular/eigen vectors' gradient, so no 1/(s_i - s_j):
    at zero or repeated values their gradient is U diag(g) Vh (V diag(g) Vᵀ), finite, as
    PyTorch's (which skips those terms when U and V get no gradient)."""
    grads = []
    for L in (ag, torch):
        a = L.tensor(matrix, requires_grad=True)
        (values(L, a) * L.tensor([1.0, 2.0, 3.0], dtype=L.float64)).sum().backward()
        grads.append(a.grad.numpy())
    assert np.all(np.isfinite(grads[0]))
    np.testing.assert_allclose(grads[0], grads[1], atol=1e-12)

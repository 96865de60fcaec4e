"""torch.linalg's least squares, products, condition numbers and general eigenproblem against
PyTorch: lstsq (each driver's fields), multi_dot, householder_product, tensorinv, tensorsolve,
cond (forward, backward, float64 gradcheck and second order, float32, empty batches), eig and
eigvals (forward only: complex results), and their errors."""
from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.autograd.op_cases import Case, assert_same, params, table_tests
from tests.autograd.test_ops_linalg_decompositions import well_conditioned

TALL, BATCH_TALL, WIDE = (5, 3), (2, 5, 3), (3, 5)


def lstsq(driver, *fields):
    """The fields of lstsq(a, b, driver=driver) that are filled (the empty ones, no inputs of
    gradcheck, are compared in test_lstsq_fills_the_fields_of_each_driver)."""
    def call(L, a, b):
        result = L.linalg.lstsq(a, b, driver=driver)
        return tuple(getattr(result, name) for name in fields)
    return call


CASES = [
    Case("lstsq_default", lstsq(None, "solution", "rank"),
         ((TALL, (5, 2)), (BATCH_TALL, (2, 5, 4)), ((4, 4), (4, 1)), ((0, 5, 3), (0, 5, 2)),
          (TALL, (5,)))),
    Case("lstsq_wide", lstsq("gelsy", "solution"), ((WIDE, (3, 2)), ((2, 3, 5), (2, 3)))),
    Case("lstsq_gelsd", lstsq("gelsd", "solution", "residuals", "rank", "singular_values"),
         ((TALL, (5, 2)), (BATCH_TALL, (2, 5, 4)), (TALL, (5,)))),
    Case("lstsq_gelss", lstsq("gelss", "solution", "residuals", "rank", "singular_values"),
         ((BATCH_TALL, (2, 5, 2)),)),
    Case("lstsq_gels", lstsq("gels", "solution", "residuals"),
         ((TALL, (5, 2)), (BATCH_TALL, (2, 5, 1)))),
    Case("multi_dot", lambda L, *ms: L.linalg.multi_dot(ms),
         (((2, 3), (3, 4)), ((3,), (3, 4), (4, 2)), ((5, 2), (2, 6), (6, 3)),
          ((3,), (3, 4), (4, 2), (2, 5), (5,)), ((6, 2), (2, 5), (5, 1), (1, 4), (4, 3)),
          ((3,), (3,)), ((0, 3), (3, 2), (2, 4)))),
    Case("householder_product", lambda L, a, tau: L.linalg.householder_product(a, tau),
         (((4, 3), (3,)), ((2, 5, 3), (2, 2)), ((3, 3), (3,)), ((0, 4, 2), (0, 2)))),
    Case("tensorinv", lambda L, a: L.linalg.tensorinv(a.reshape(2, 3, 6) + 3 * L.eye(
        6, dtype=a.dtype).reshape(2, 3, 6)), (((6, 6),),)),
    Case("tensorinv_ind_1", lambda L, a: L.linalg.tensorinv(a.reshape(4, 2, 2), ind=1),
         (((4, 4),),)),
    Case("tensorsolve", lambda L, a, b: L.linalg.tensorsolve(a.reshape(2, 3, 6), b),
         (((6, 6), (2, 3)),)),
    Case("cond", lambda L, a: (L.linalg.cond(a), L.linalg.cond(a, -2)), (((3, 3),), ((2, 4, 4),))),
    # PyTorch cannot differentiate these (its inverse is filled in place after saving it):
    # compared forward only, our gradient by gradcheck
    Case("cond_norms", lambda L, a: tuple(L.linalg.cond(a, p) for p in (
        "fro", "nuc", 1, -1, float("inf"), -float("inf"))), (((3, 3),), ((2, 4, 4),)),
        torch_grad=False),
    Case("cond_2_of_non_square", lambda L, a: L.linalg.cond(a, 2), (((2, 5, 3),), ((3, 4),))),
    Case("tensorsolve_dims", lambda L, a, b: L.linalg.tensorsolve(
        a.reshape(6, 2, 3), b, dims=(0,)), (((6, 6), (2, 3)),)),
]
for _case in CASES:
    _case.make = well_conditioned
    _case.shapes = tuple(s if isinstance(s[0], tuple) else (s,) for s in _case.shapes)


test_forward_and_backward_match_pytorch, test_gradcheck, test_second_order = \
    table_tests(CASES)


@pytest.mark.parametrize("case, shapes", params(CASES))
def test_float32_forward_matches_pytorch(torch, case, shapes):
    arrays = case.inputs(shapes, seed=5)
    ours = case.fn(ag, *[ag.tensor(x, dtype=ag.float32) for x in arrays])
    theirs = case.fn(torch, *[torch.tensor(x, dtype=torch.float32) for x in arrays])
    assert_same(ours, theirs, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("driver", [None, "gelsy", "gelsd", "gelss", "gels"])
@pytest.mark.parametrize("shapes", [(TALL, (5, 2)), (WIDE, (3, 2)), ((0, 5, 3), (0, 5, 2)),
                                    (TALL, (5,))], ids=["tall", "wide", "empty", "vector"])
def test_lstsq_fills_the_fields_of_each_driver(torch, driver, shapes):
    arrays = [np.random.default_rng(0).standard_normal(s) for s in shapes]
    ours = ag.linalg.lstsq(*map(ag.tensor, arrays), driver=driver)
    theirs = torch.linalg.lstsq(*map(torch.tensor, arrays), driver=driver)
    assert type(ours).__name__ == "linalg_lstsq"
    assert_same(tuple(ours), tuple(theirs), rtol=1e-9)


@pytest.mark.parametrize("driver", ["gelsy", "gelsd", "gelss"])
def test_lstsq_of_a_rank_deficient_matrix(torch, driver):
    """Rank 2 of 3: the minimum-norm solution, rank 2, and no residuals (gelsd, gelss)."""
    rng = np.random.default_rng(3)
    a, b = rng.standard_normal((6, 2)) @ rng.standard_normal((2, 3)), rng.standard_normal((6, 2))
    ours = ag.linalg.lstsq(ag.tensor(a), ag.tensor(b), driver=driver)
    theirs = torch.linalg.lstsq(torch.tensor(a), torch.tensor(b), driver=driver)
    assert_same(tuple(ours), tuple(theirs), rtol=1e-8, atol=1e-10)
    assert int(ours.rank) == 2


def test_lstsq_with_rcond_drops_small_singular_values(torch):
    a = np.diag([4.0, 1.0, 1e-3])
    b = np.ones((3, 1))
    ours = ag.linalg.lstsq(ag.tensor(a), ag.tensor(b), rcond=1e-2, driver="gelsd")
    theirs = torch.linalg.lstsq(torch.tensor(a), torch.tensor(b), rcond=1e-2, driver="gelsd")
    assert_same(tuple(ours), tuple(theirs))


def assert_same_eig(ours, theirs, a, tol):
    """Eigenvalues equal PyTorch's; eigenvectors equal up to a sign per eigenvector (geev
    leaves it free: norm 1 and a real largest entry; PyTorch's LAPACK and NumPy's may choose
    differently), and A V = V diag(λ)."""
    (values, vectors), (their_values, their_vectors) = ours, theirs
    assert_same(values, their_values, rtol=tol, atol=tol)
    assert vectors.dtype.name == str(their_vectors.dtype).replace("torch.", "")
    v, tv = vectors.numpy(), their_vectors.numpy()
    sign = np.where(np.sum(v * tv.conj(), axis=-2, keepdims=True).real < 0, -1, 1)
    np.testing.assert_allclose(v * sign, tv, rtol=tol, atol=tol)
    np.testing.assert_allclose(a @ v, v * values.numpy()[..., None, :], atol=tol)


@pytest.mark.parametrize("dtype, tol", [("float64", 1e-9), ("float32", 1e-4)])
@pytest.mark.parametrize("shape", [(4, 4), (3, 5, 5), (0, 3, 3), (1, 1), (2, 0, 0)])
def test_eig_and_eigvals_match_pytorch(torch, dtype, tol, shape):
    a = np.random.default_rng(0).standard_normal(shape).astype(dtype)
    assert_same_eig(ag.linalg.eig(ag.tensor(a)), torch.linalg.eig(torch.tensor(a)), a, tol)
    assert_same(ag.linalg.eigvals(ag.tensor(a)), torch.linalg.eigvals(torch.tensor(a)),
                rtol=tol, atol=tol)


def test_eig_of_a_symmetric_matrix_has_real_eigenvalues_as_complex(torch):
    a = np.random.default_rng(4).standard_normal((4, 4))
    a = a + a.T
    values = ag.linalg.eigvals(ag.tensor(a))
    assert values.dtype == np.complex128 and not np.any(values.numpy().imag)
    assert_same_eig(ag.linalg.eig(ag.tensor(a)), torch.linalg.eig(torch.tensor(a)), a, 1e-9)


def test_eig_refuses_an_input_that_requires_grad():
    a = ag.randn(3, 3, requires_grad=True)
    for f in (ag.linalg.eig, ag.linalg.eigvals):
        with pytest.raises(RuntimeError, match="complex autograd is not supported"):
            f(a)
    with ag.no_grad():
        assert ag.linalg.eigvals(a).dtype == np.complex64
    assert ag.linalg.eig(a.detach()).eigenvalues.shape == (3,)


@pytest.mark.parametrize("p", [None, 2, -2, "fro", "nuc", 1, -1, float("inf"), -float("inf")])
@pytest.mark.parametrize("a", [[[1.0, 0.0], [0.0, 0.0]], np.zeros((0, 2, 2)), np.zeros((2, 0, 0))],
                         ids=["singular", "empty batch", "0x0"])
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_cond_of_singular_and_empty_matrices(torch, p, a):
    assert_same(ag.linalg.cond(ag.tensor(a), p), torch.linalg.cond(torch.tensor(a), p))


def test_householder_product_of_geqrf_is_qr_q(torch):
    a = np.random.default_rng(2).standard_normal((5, 3))
    factors, tau = torch.geqrf(torch.tensor(a))
    q = ag.linalg.householder_product(ag.tensor(factors.numpy()), ag.tensor(tau.numpy()))
    assert_same(q, torch.linalg.qr(torch.tensor(a)).Q, rtol=1e-10, atol=1e-12)


def test_multi_dot_multiplies_in_the_cheapest_order():
    """(10x100)(100x5)(5x50): (AB)C costs 7,500 products, A(BC) 75,000."""
    from autograd.ops.linalg_products import chain_order
    assert chain_order([10, 100, 5, 50]) == {(0, 1): 0, (1, 2): 1, (0, 2): 1}
    assert chain_order([50, 5, 100, 10])[0, 2] == 0


def T(L, *shape, dtype=None):
    return L.ones(*shape, dtype=dtype or L.float32)


ERRORS = [
    ("lstsq_driver", lambda L: L.linalg.lstsq(T(L, 3, 2), T(L, 3, 1), driver="foo"),
     r"parameter `driver` should be one of \(gels, gelsy, gelsd, gelss\)"),
    ("lstsq_dtypes", lambda L: L.linalg.lstsq(T(L, 3, 2), T(L, 3, 1, dtype=L.float64)),
     "Expected input and other to have the same dtype, but got input's dtype Float and "
     "other's dtype Double"),
    ("lstsq_rows", lambda L: L.linalg.lstsq(T(L, 3, 2), T(L, 4, 1)),
     r"input.size\(-2\) should match other.size\(-2\)"),
    ("lstsq_1d", lambda L: L.linalg.lstsq(T(L, 3), T(L, 3)), "at least 2 dimensions"),
    ("lstsq_long", lambda L: L.linalg.lstsq(T(L, 3, 2, dtype=L.long), T(L, 3, 1, dtype=L.long)),
     "doesn't handle types other than float and double"),
    ("eig_not_square", lambda L: L.linalg.eig(T(L, 2, 3)), "square matrices, but they are 2 by 3"),
    ("eig_1d", lambda L: L.linalg.eigvals(T(L, 3)), "at least 2 dimensions"),
    ("eig_long", lambda L: L.linalg.eig(T(L, 2, 2, dtype=L.long)), "Complex ScalarType for Long"),
    ("eig_nan", lambda L: L.linalg.eig(L.full((2, 2), float("nan"))), "infs or NaNs"),
    ("multi_dot_one", lambda L: L.linalg.multi_dot([T(L, 2, 3)]),
     "expected at least 2 tensors but got 1"),
    ("multi_dot_first_3d", lambda L: L.linalg.multi_dot([T(L, 2, 2, 3), T(L, 3, 2)]),
     "the first tensor must be 1D or 2D but got 3D"),
    ("multi_dot_last_3d", lambda L: L.linalg.multi_dot([T(L, 2, 3), T(L, 3, 2, 2)]),
     "the last tensor must be 1D or 2D but got 3D"),
    ("multi_dot_middle_1d", lambda L: L.linalg.multi_dot([T(L, 2, 3), T(L, 3), T(L, 2, 2)]),
     "tensor 1 must be 2D but got 1D"),
    ("multi_dot_shapes", lambda L: L.linalg.multi_dot([T(L, 2, 3), T(L, 4, 2)]),
     r"tensors 0 and 1 with shapes \[2, 3\] and \[4, 2\] cannot be multiplied"),
    ("multi_dot_dtypes", lambda L: L.linalg.multi_dot([T(L, 2, 3), T(L, 3, 2, dtype=L.float64)]),
     "all tensors must have be the same dtype but tensor 0 is float and tensor 1 double"),
    ("householder_1d", lambda L: L.linalg.householder_product(T(L, 3), T(L, 1)),
     "input must have at least 2 dimensions"),
    ("householder_wide", lambda L: L.linalg.householder_product(T(L, 2, 3), T(L, 1)),
     r"input.shape\[-2\] must be greater than or equal to input.shape\[-1\]"),
    ("householder_tau_long", lambda L: L.linalg.householder_product(T(L, 3, 2), T(L, 3)),
     r"input.shape\[-1\] must be greater than or equal to tau.shape\[-1\]"),
    ("householder_tau_ndim", lambda L: L.linalg.householder_product(T(L, 3, 2), T(L, 2, 1)),
     "Expected tau to have one dimension less than input"),
    ("householder_tau_batch", lambda L: L.linalg.householder_product(T(L, 2, 3, 2), T(L, 3, 1)),
     r"Expected batch dimensions of tau to be equal to input.shape\[:-2\], but got \[3\]"),
    ("householder_dtypes", lambda L: L.linalg.householder_product(
        T(L, 3, 2), T(L, 1, dtype=L.float64)), "tau dtype Double does not match input dtype Float"),
    ("cond_norm", lambda L: L.linalg.cond(T(L, 2, 2), 3),
     "linalg.cond got an invalid norm type: 3"),
    ("cond_1d", lambda L: L.linalg.cond(T(L, 3)), "must have at least 2 dimensions"),
    ("cond_not_square", lambda L: L.linalg.cond(T(L, 2, 3), "fro"),
     r"linalg.cond\(ord=fro\): A must be batches of square matrices, but they are 2 by 3"),
    ("tensorinv_ind", lambda L: L.linalg.tensorinv(T(L, 4, 6, 8, 3), ind=0),
     "Expected a strictly positive integer for 'ind', but got 0"),
    ("tensorinv_shape", lambda L: L.linalg.tensorinv(T(L, 4, 6, 8, 2)),
     r"prod\(self.shape\[ind:\]\) == prod\(self.shape\[:ind\]\), but got 16 != 24"),
    ("tensorsolve_shape", lambda L: L.linalg.tensorsolve(T(L, 2, 3, 6), T(L, 2, 2)),
     r"prod\(self.shape\[other.ndim:\]\) == prod\(self.shape\[:other.ndim\]\), but got 6 != 4"),
]


@pytest.mark.parametrize("name, call, message", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_as_pytorch(torch, name, call, message):
    with pytest.raises(RuntimeError, match=message):
        call(torch)
    with pytest.raises(RuntimeError, match=message):
        call(ag)


def test_singular_tensorinv_raises_linalg_error(torch):
    for L in (torch, ag):
        with pytest.raises(L.linalg.LinAlgError):
            L.linalg.tensorinv(L.zeros(2, 2, 2, 2))


def test_the_torch_namespace_has_them():
    import backproplab as torch_like
    for name in ("cond", "lstsq", "eig", "eigvals", "multi_dot", "householder_product", "tensorinv",
                 "tensorsolve"):
        assert getattr(torch_like.linalg, name) is getattr(ag.linalg, name)

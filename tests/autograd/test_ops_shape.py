"""Shape, join/split, rearranging and linear-algebra ops against PyTorch: forward (values,
shape, dtype), backward on float64, gradcheck and second order; and their errors."""
from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.autograd.op_cases import Case, table_tests

M, CUBE, ROW, EMPTY, SCALAR = (3, 4), (2, 3, 4), (4,), (0, 3), ()


def counts(values):
    """An int64 index input with these values."""
    return lambda rng: np.array(values, dtype=np.int64)


SHAPE_CASES = [
    Case("reshape", lambda L, x: x.reshape(2, -1), ((M,), (CUBE,))),
    Case("reshape_tuple", lambda L, x: L.reshape(x, (6, 2)), ((M,),)),
    Case("reshape_0d", lambda L, x: x.reshape(1, 1), ((SCALAR,),)),
    Case("reshape_empty", lambda L, x: x.reshape(3, 1, 0), ((EMPTY,),)),
    Case("view", lambda L, x: x.view(-1), ((M,), (SCALAR,))),
    Case("view_as", lambda L, x, y: x.view_as(y), (((6,), (2, 3)),)),
    Case("flatten", lambda L, x: x.flatten(), ((CUBE,), (SCALAR,), (EMPTY,))),
    Case("flatten_from_1", lambda L, x: x.flatten(1), ((CUBE,),)),
    Case("flatten_range", lambda L, x: L.flatten(x, 0, -2), ((CUBE,),)),
    Case("unflatten", lambda L, x: x.unflatten(1, (2, 2)), ((M,),)),
    Case("unflatten_inferred", lambda L, x: L.unflatten(x, -1, (2, -1)), ((CUBE,),)),
    Case("squeeze", lambda L, x: x.squeeze(), (((1, 3, 1),), (SCALAR,))),
    Case("squeeze_dim", lambda L, x: x.squeeze(1), (((2, 1, 3),), ((2, 3),))),
    Case("squeeze_dims", lambda L, x: x.squeeze((0, 2)), (((1, 3, 1),),)),
    Case("unsqueeze", lambda L, x: x.unsqueeze(-1), ((M,), (SCALAR,))),
    Case("unsqueeze_middle", lambda L, x: L.unsqueeze(x, 1), ((M,),)),
    Case("permute", lambda L, x: x.permute(2, 0, 1), ((CUBE,),)),
    Case("permute_negative", lambda L, x: L.permute(x, (-1, 0, 1)), ((CUBE,),)),
    Case("transpose", lambda L, x: x.transpose(0, -1), ((CUBE,), (SCALAR,))),
    Case("swapaxes", lambda L, x: L.swapaxes(x, 0, 1), ((M,),)),
    Case("swapdims", lambda L, x: x.swapdims(1, 2), ((CUBE,),)),
    Case("movedim", lambda L, x: x.movedim(0, -1), ((CUBE,),)),
    Case("movedim_many", lambda L, x: L.movedim(x, (0, 1), (2, 0)), ((CUBE,),)),
    Case("moveaxis", lambda L, x: x.moveaxis(-1, 0), ((CUBE,),)),
    Case("t", lambda L, x: x.t(), ((M,), (ROW,), (SCALAR,))),
    Case("T", lambda L, x: x.T, ((CUBE,), (M,))),
    Case("mT", lambda L, x: x.mT, ((CUBE,),)),
    Case("H", lambda L, x: x.H, ((M,),)),
    Case("mH", lambda L, x: x.mH, ((CUBE,),)),
    Case("adjoint", lambda L, x: L.adjoint(x), ((CUBE,),)),
    Case("expand", lambda L, x: x.expand(2, 3, -1), (((3, 1),), ((1, 4),))),
    Case("expand_0d", lambda L, x: x.expand(2, 2), ((SCALAR,),)),
    Case("expand_as", lambda L, x, y: x.expand_as(y), (((3, 1), (2, 3, 4)),)),
    Case("broadcast_to", lambda L, x: L.broadcast_to(x, (2, 3, 4)), ((ROW,),)),
    Case("broadcast_tensors", lambda L, x, y: L.broadcast_tensors(x, y), (((3, 1), ROW),)),
    Case("atleast_2d", lambda L, x: L.atleast_2d(x), ((SCALAR,), (ROW,), (M,))),
    Case("atleast_3d", lambda L, x: L.atleast_3d(x), ((SCALAR,), (ROW,), (M,))),
]

JOIN_CASES = [
    Case("cat", lambda L, x, y: L.cat([x, y]), ((M, (2, 4)), (EMPTY, (2, 3)))),
    Case("cat_dim1", lambda L, x, y: L.cat((x, y), dim=1), ((M, (3, 2)),)),
    Case("cat_negative_dim", lambda L, x, y, z: L.cat([x, y, z], -1), ((M, M, (3, 1)),)),
    Case("cat_skips_1d_empty", lambda L, x, y: L.cat([x, y]), (((0,), M),)),
    Case("concat", lambda L, x, y: L.concat([x, y], 0), ((ROW, ROW),)),
    Case("stack", lambda L, x, y: L.stack([x, y]), ((M, M), (SCALAR, SCALAR))),
    Case("stack_last", lambda L, x, y: L.stack((x, y), dim=-1), ((M, M),)),
    Case("hstack", lambda L, x, y: L.hstack([x, y]), ((M, (3, 2)), (ROW, SCALAR))),
    Case("vstack", lambda L, x, y: L.vstack([x, y]), ((M, ROW), (SCALAR, SCALAR))),
    Case("dstack", lambda L, x, y: L.dstack([x, y]), ((M, M), (ROW, ROW))),
    Case("column_stack", lambda L, x, y: L.column_stack([x, y]), ((ROW, (4, 2)),)),
    Case("split", lambda L, x: x.split(2, 1), ((M,),)),
    Case("split_sizes", lambda L, x: L.split(x, [1, 2], dim=0), ((M,),)),
    Case("chunk", lambda L, x: x.chunk(3, 1), ((M,), ((3, 5),))),
    Case("tensor_split", lambda L, x: x.tensor_split(3, 1), (((2, 5),),)),
    Case("tensor_split_indices", lambda L, x: L.tensor_split(x, [1, 7, -1]), (((5,),),)),
    Case("unbind", lambda L, x: x.unbind(1), ((M,),)),
    Case("unbind_0", lambda L, x: L.unbind(x), ((CUBE,),)),
    Case("narrow", lambda L, x: x.narrow(1, -3, 2), ((M,),)),
    Case("select", lambda L, x: x.select(1, -1), ((M,), (CUBE,))),
    Case("meshgrid_ij", lambda L, x, y: L.meshgrid(x, y, indexing="ij"), ((ROW, (3,)),)),
    Case("meshgrid_xy", lambda L, x, y, z: L.meshgrid([x, y, z], indexing="xy"),
         ((ROW, (3,), (2,)), (SCALAR, (3,), (2,)))),
]

REARRANGE_CASES = [
    Case("flip", lambda L, x: x.flip(0), ((M,), (SCALAR,))),
    Case("flip_dims", lambda L, x: L.flip(x, (0, -1)), ((CUBE,),)),
    Case("fliplr", lambda L, x: x.fliplr(), ((M,),)),
    Case("flipud", lambda L, x: L.flipud(x), ((CUBE,),)),
    Case("roll", lambda L, x: x.roll(1), ((M,), (SCALAR,))),
    Case("roll_dims", lambda L, x: L.roll(x, (1, -2), (0, 1)), ((M,),)),
    Case("roll_one_dim", lambda L, x: x.roll(5, 2), ((CUBE,),)),
    Case("rot90", lambda L, x: x.rot90(), ((M,),)),
    Case("rot90_k", lambda L, x: L.rot90(x, 2, (1, 2)), ((CUBE,),)),
    Case("rot90_back", lambda L, x: L.rot90(x, -1, [0, 1]), ((M,),)),
    Case("rot90_full_turn", lambda L, x: L.rot90(x, 4, (1, 0)), ((CUBE,),)),
    Case("repeat", lambda L, x: x.repeat(2, 1, 3), ((M,), (SCALAR,))),
    Case("repeat_same_rank", lambda L, x: x.repeat(2, 3), ((M,),)),
    Case("tile", lambda L, x: x.tile(2), ((M,),)),
    Case("tile_more", lambda L, x: L.tile(x, (2, 1, 2)), ((ROW,),)),
    Case("repeat_interleave", lambda L, x: x.repeat_interleave(2), ((M,), (SCALAR,))),
    Case("repeat_interleave_dim", lambda L, x: L.repeat_interleave(x, 3, dim=1), ((M,),)),
    Case("repeat_interleave_counts", lambda L, x, r: x.repeat_interleave(r, dim=0),
         ((M, counts([2, 0, 1])),), int_inputs=(1,)),
    Case("tril", lambda L, x: x.tril(), ((M,), (CUBE,))),
    Case("tril_offset", lambda L, x: L.tril(x, -1), ((M,),)),
    Case("triu", lambda L, x: x.triu(1), ((M,), (CUBE,))),
    Case("diagonal", lambda L, x: x.diagonal(), ((M,), (CUBE,))),
    Case("diagonal_offset_dims", lambda L, x: L.diagonal(x, 1, 2, 0), ((CUBE,),)),
    Case("diagonal_past_the_end", lambda L, x: x.diagonal(5), ((M,),)),
    Case("diag_embed", lambda L, x: L.diag_embed(x), ((M,),)),
    Case("diag_embed_offset", lambda L, x: x.diag_embed(-1, 0, 2), ((M,),)),
    Case("diag_of_vector", lambda L, x: L.diag(x), ((ROW,),)),
    Case("diag_offset", lambda L, x: x.diag(1), ((ROW,), (M,))),
    Case("diag_of_matrix", lambda L, x: L.diag(x, -1), ((M,),)),
    Case("trace", lambda L, x: x.trace(), ((M,), ((3, 3),))),
]

MATMUL_SHAPES = (
    (M, (4, 2)), (ROW, (4, 2)), (M, ROW), (ROW, ROW), (CUBE, (4, 5)), (CUBE, (1, 4, 5)),
    (ROW, (2, 4, 3)), ((2, 1, 3, 4), (5, 4, 2)), ((0, 4), (4, 2)),
)

LINALG_CASES = [
    Case("matmul", lambda L, x, y: x @ y, MATMUL_SHAPES),
    Case("matmul_function", lambda L, x, y: L.matmul(x, y), ((CUBE, (2, 4, 3)),)),
    Case("mm", lambda L, x, y: L.mm(x, y), ((M, (4, 2)),)),
    Case("bmm", lambda L, x, y: x.bmm(y), ((CUBE, (2, 4, 5)),)),
    Case("mv", lambda L, x, y: L.mv(x, y), ((M, ROW),)),
    Case("dot", lambda L, x, y: x.dot(y), ((ROW, ROW),)),
    Case("vdot", lambda L, x, y: L.vdot(x, y), ((ROW, ROW),)),
    Case("inner", lambda L, x, y: L.inner(x, y), ((M, (2, 4)), (ROW, ROW), (SCALAR, M))),
    Case("outer", lambda L, x, y: L.outer(x, y), (((3,), ROW),)),
    Case("ger", lambda L, x, y: x.ger(y), (((3,), ROW),)),
    Case("addmm", lambda L, c, x, y: L.addmm(c, x, y), (((3, 2), M, (4, 2)), ((2,), M, (4, 2)))),
    Case("addmm_scaled", lambda L, c, x, y: c.addmm(x, y, beta=0.5, alpha=-2),
         (((3, 1), M, (4, 2)),)),
    Case("addmm_beta_0", lambda L, c, x, y: L.addmm(c, x, y, beta=0), ((SCALAR, M, (4, 2)),)),
    Case("addmv", lambda L, c, x, y: L.addmv(c, x, y, alpha=3), (((3,), M, ROW),)),
    Case("addr", lambda L, c, x, y: L.addr(c, x, y), ((M, (3,), ROW),)),
    Case("baddbmm", lambda L, c, x, y: L.baddbmm(c, x, y, beta=2), (((3, 5), CUBE, (2, 4, 5)),)),
    Case("addbmm", lambda L, c, x, y: L.addbmm(c, x, y), (((3, 5), CUBE, (2, 4, 5)),)),
    Case("tensordot", lambda L, x, y: L.tensordot(x, y), ((CUBE, (3, 4, 2)),)),
    Case("tensordot_int", lambda L, x, y: L.tensordot(x, y, 1), ((M, (4, 2)),)),
    Case("tensordot_lists", lambda L, x, y: L.tensordot(x, y, ([1, 2], [1, 0])),
         ((CUBE, (4, 3, 5)),)),
    Case("einsum_matmul", lambda L, x, y: L.einsum("ij,jk->ik", x, y), ((M, (4, 2)),)),
    Case("einsum_implicit", lambda L, x, y: L.einsum("ij,jk", x, y), ((M, (4, 2)),)),
    Case("einsum_batch_ellipsis", lambda L, x, y: L.einsum("...ij,...jk->...ik", x, y),
         ((CUBE, (4, 2)), ((5, 2, 3), (1, 3, 2)))),
    Case("einsum_trace", lambda L, x: L.einsum("ii", x), (((3, 3),),)),
    Case("einsum_diagonal", lambda L, x: L.einsum("ii->i", x), (((3, 3),),)),
    Case("einsum_diagonal_times", lambda L, x, y: L.einsum("ii,i->i", x, y), (((3, 3), (3,)),)),
    Case("einsum_outer", lambda L, x, y: L.einsum("i,j->ij", x, y), (((3,), ROW),)),
    Case("einsum_sum", lambda L, x: L.einsum("ij->", x), ((M,),)),
    Case("einsum_transpose", lambda L, x: L.einsum("ijk->kij", x), ((CUBE,),)),
    Case("einsum_sum_one_operand", lambda L, x, y: L.einsum("ij,k->i", x, y), ((M, (2,)),)),
    Case("einsum_bilinear", lambda L, x, w, y: L.einsum("bn,anm,bm->ba", x, w, y),
         (((2, 3), (4, 3, 5), (2, 5)),)),
    Case("einsum_broadcast_1", lambda L, x, y: L.einsum("ij,j->i", x, y), (((2, 1), (3,)),)),
    Case("einsum_list_of_operands", lambda L, x, y: L.einsum("i,i", [x, y]), ((ROW, ROW),)),
    Case("einsum_sublists", lambda L, x, y: L.einsum(x, [0, 1], y, [1, 2], [0, 2]),
         ((M, (4, 2)),)),
]

ALL_CASES = SHAPE_CASES + JOIN_CASES + REARRANGE_CASES + LINALG_CASES


test_forward_and_backward_match_pytorch, test_gradcheck, test_second_order = \
    table_tests(ALL_CASES, "ignore:The use of `x.T` on tensors")  # PyTorch warns for T of 3-D


# --- errors: out-of-range dims everywhere, shapes that do not fit --------------------------

def _x(L, *shape):
    return L.zeros(*shape)


ERRORS = [
    ("squeeze_dim_4_of_3d", lambda L: _x(L, 2, 1, 3).squeeze(4), IndexError),
    ("cat_dim_2_of_2d", lambda L: L.cat([_x(L, 2, 3), _x(L, 2, 3)], dim=2), IndexError),
    ("permute_dim_4_of_3d", lambda L: _x(L, 2, 1, 3).permute(2, 0, 4), IndexError),
    ("permute_repeated_dim", lambda L: _x(L, 2, 1, 3).permute(2, 0, 0), RuntimeError),
    ("permute_too_few_dims", lambda L: _x(L, 2, 1, 3).permute(1, 0), RuntimeError),
    ("flatten_dim_5", lambda L: _x(L, 2, 3).flatten(5), IndexError),
    ("flatten_start_after_end", lambda L: _x(L, 2, 3, 4).flatten(2, 1), RuntimeError),
    ("unsqueeze_dim_3_of_1d", lambda L: _x(L, 2).unsqueeze(3), IndexError),
    ("transpose_dim_3", lambda L: _x(L, 2, 3).transpose(0, 3), IndexError),
    ("movedim_dim_3", lambda L: _x(L, 2, 3).movedim(3, 0), IndexError),
    ("unflatten_dim_2", lambda L: _x(L, 2, 3).unflatten(2, (1, 3)), IndexError),
    ("unflatten_wrong_sizes", lambda L: _x(L, 2, 6).unflatten(1, (4, 2)), RuntimeError),
    ("stack_dim_3_of_1d", lambda L: L.stack([_x(L, 2), _x(L, 2)], 3), IndexError),
    ("stack_different_shapes", lambda L: L.stack([_x(L, 2), _x(L, 3)]), RuntimeError),
    ("cat_0d", lambda L: L.cat([L.zeros(()), L.zeros(())]), RuntimeError),
    ("cat_sizes_differ", lambda L: L.cat([_x(L, 2, 3), _x(L, 2, 4)]), RuntimeError),
    ("split_dim_2", lambda L: _x(L, 2, 3).split(1, 2), IndexError),
    ("split_sizes_wrong_sum", lambda L: _x(L, 2, 3).split([1, 1], 1), RuntimeError),
    ("chunk_dim_2", lambda L: _x(L, 2, 3).chunk(2, 2), IndexError),
    ("unbind_dim_2", lambda L: _x(L, 2, 3).unbind(2), IndexError),
    ("unbind_0d", lambda L: L.zeros(()).unbind(), IndexError),
    ("narrow_too_long", lambda L: _x(L, 2, 3).narrow(1, 2, 2), RuntimeError),
    ("narrow_dim_2", lambda L: _x(L, 2, 3).narrow(2, 0, 1), IndexError),
    ("select_index_out_of_range", lambda L: _x(L, 2, 3).select(1, 3), IndexError),
    ("select_dim_2", lambda L: _x(L, 2, 3).select(2, 0), IndexError),
    ("flip_dim_2", lambda L: _x(L, 2, 3).flip(2), IndexError),
    ("flip_repeated_dim", lambda L: _x(L, 2, 3).flip((0, 0)), RuntimeError),
    ("roll_dim_2", lambda L: _x(L, 2, 3).roll(1, 2), IndexError),
    ("roll_shifts_and_dims_differ", lambda L: _x(L, 2, 3).roll((1, 1), 0), RuntimeError),
    ("repeat_fewer_than_dims", lambda L: _x(L, 2, 3).repeat(2), RuntimeError),
    ("tril_of_1d", lambda L: _x(L, 3).tril(), RuntimeError),
    ("diagonal_same_dims", lambda L: _x(L, 2, 3).diagonal(0, 1, 1), RuntimeError),
    ("diagonal_dim_2", lambda L: _x(L, 2, 3).diagonal(0, 0, 2), IndexError),
    ("diag_of_3d", lambda L: _x(L, 2, 2, 2).diag(), RuntimeError),
    ("trace_of_3d", lambda L: _x(L, 2, 2, 2).trace(), RuntimeError),
    ("expand_mismatch", lambda L: _x(L, 2, 3).expand(3, 3), RuntimeError),
    ("expand_minus_1_new_dim", lambda L: _x(L, 3).expand(-1, 3), RuntimeError),
    ("reshape_wrong_size", lambda L: _x(L, 2, 3).reshape(4, 2), RuntimeError),
    ("view_two_minus_1", lambda L: _x(L, 2, 3).view(-1, -1), RuntimeError),
    ("mm_of_1d", lambda L: L.mm(_x(L, 2), _x(L, 2, 2)), RuntimeError),
    ("mm_of_3d", lambda L: L.mm(_x(L, 1, 2, 2), _x(L, 2, 2)), RuntimeError),
    ("mm_shapes", lambda L: L.mm(_x(L, 2, 3), _x(L, 2, 2)), RuntimeError),
    ("bmm_of_2d", lambda L: L.bmm(_x(L, 2, 2), _x(L, 2, 2)), RuntimeError),
    ("bmm_batch_sizes", lambda L: L.bmm(_x(L, 2, 2, 2), _x(L, 3, 2, 2)), RuntimeError),
    ("matmul_0d", lambda L: L.matmul(L.zeros(()), _x(L, 2)), RuntimeError),
    ("matmul_shapes", lambda L: _x(L, 2, 3) @ _x(L, 2, 3), RuntimeError),
    ("matmul_dtypes", lambda L: _x(L, 2, 3) @ L.zeros(3, 2, dtype=L.float64), RuntimeError),
    ("dot_of_2d", lambda L: L.dot(_x(L, 2, 2), _x(L, 2, 2)), RuntimeError),
    ("dot_sizes", lambda L: L.dot(_x(L, 2), _x(L, 3)), RuntimeError),
    ("dot_dtypes", lambda L: L.dot(_x(L, 2), L.zeros(2, dtype=L.float64)), RuntimeError),
    ("mv_sizes", lambda L: L.mv(_x(L, 2, 2), _x(L, 3)), RuntimeError),
    ("outer_of_2d", lambda L: L.outer(_x(L, 2, 2), _x(L, 3)), RuntimeError),
    ("einsum_dtypes", lambda L: L.einsum("i,i", _x(L, 2), L.zeros(2, dtype=L.float64)),
     RuntimeError),
    ("tensordot_sizes", lambda L: L.tensordot(_x(L, 2, 3), _x(L, 3, 2)), RuntimeError),
    ("meshgrid_of_2d", lambda L: L.meshgrid(_x(L, 2, 2), _x(L, 2), indexing="ij"),
     RuntimeError),
]


@pytest.mark.parametrize("name, call, error", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_as_pytorch(torch, name, call, error):
    with pytest.raises(error):
        call(torch)
    with pytest.raises(error):
        call(ag)


@pytest.mark.parametrize("call, message", [
    (lambda: ag.zeros(2, 1, 3).squeeze(4), r"\[-3, 2\], but got 4\) for a tensor of 3 dims"),
    (lambda: ag.cat([ag.zeros(2, 3), ag.zeros(2, 3)], dim=2), r"\[-2, 1\], but got 2\)"),
    (lambda: ag.zeros(2, 1, 3).permute(2, 0, 4), r"\[-3, 2\], but got 4\)"),
    (lambda: ag.zeros(2, 3).flatten(5), r"\[-2, 1\], but got 5\)"),
])
def test_out_of_range_dims_name_the_dim_and_the_rank(call, message):
    with pytest.raises(IndexError, match=message):
        call()


@pytest.mark.parametrize("dtypes", [
    ("int64", "float32"), ("int32", "float64"), ("bool", "int32"), ("bool", "float32"),
    ("int32", "int64"), ("float32", "float64"), ("int64", "bool", "float32"),
])
@pytest.mark.parametrize("join", ["cat", "stack", "hstack", "vstack"])
def test_joins_promote_as_pytorch(torch, dtypes, join):
    values = np.arange(6).reshape(2, 3) % 2
    ours = getattr(ag, join)([ag.tensor(values.astype(d)) for d in dtypes])
    theirs = getattr(torch, join)([torch.tensor(values.astype(d)) for d in dtypes])
    assert ours.dtype.name == str(theirs.dtype).replace("torch.", "")
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_join_gradients_come_back_in_each_inputs_dtype():
    a = ag.tensor([1.0, 2.0], dtype=ag.float32, requires_grad=True)
    b = ag.tensor([3.0], dtype=ag.float64, requires_grad=True)
    joined = ag.cat([a, b])
    assert joined.dtype == ag.float64
    (joined * ag.tensor([1.0, 2.0, 3.0], dtype=ag.float64)).sum().backward()
    assert a.grad.dtype == ag.float32 and b.grad.dtype == ag.float64
    np.testing.assert_array_equal(a.grad.numpy(), [1, 2])
    np.testing.assert_array_equal(b.grad.numpy(), [3])


@pytest.mark.parametrize("equation, shapes", [
    ("ij,jk->ik", ((2, 3), (3, 4))), ("bij,bjk->bik", ((2, 2, 3), (2, 3, 4))),
    ("...j,j", ((2, 3, 4), (4,))), ("ii->i", ((3, 3),)), ("ij,ij->", ((2, 3), (2, 3))),
    ("i,j,k->ijk", ((2,), (3,), (2,))), ("ab,cd->ba", ((2, 3), (4, 5))),
])
def test_einsum_dtypes_and_integers(torch, equation, shapes):
    rng = np.random.default_rng(0)
    for dtype in ("int64", "float32"):
        arrays = [rng.integers(-3, 4, s).astype(dtype) for s in shapes]
        ours = ag.einsum(equation, *[ag.tensor(a) for a in arrays])
        theirs = torch.einsum(equation, *[torch.tensor(a) for a in arrays])
        assert ours.dtype.name == str(theirs.dtype).replace("torch.", "")
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6)


def test_matmul_of_integers_stays_integer(torch):
    a = np.arange(6).reshape(2, 3)
    ours = ag.tensor(a) @ ag.tensor(a.T)
    assert ours.dtype == np.int64
    np.testing.assert_array_equal(ours.numpy(), (torch.tensor(a) @ torch.tensor(a.T)).numpy())


def test_addmm_of_integers_truncates_beta_and_alpha_as_pytorch(torch):
    m = [[1, 2], [3, 4]]
    ours = ag.addmm(ag.tensor(m), ag.tensor(m), ag.tensor(m), beta=0.5, alpha=2)
    theirs = torch.addmm(torch.tensor(m), torch.tensor(m), torch.tensor(m), beta=0.5, alpha=2)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_addmm_with_beta_0_ignores_nan_in_input():
    out = ag.addmm(ag.full((2, 2), float("nan")), ag.ones(2, 2), ag.ones(2, 2), beta=0)
    np.testing.assert_array_equal(out.numpy(), [[2, 2], [2, 2]])


def test_split_returns_views_that_share_one_node():
    x = ag.tensor(np.arange(6.0), requires_grad=True)
    a, b, c = x.split(2)
    assert a.grad_fn is b.grad_fn is c.grad_fn
    (b * 3).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0, 0, 3, 3, 0, 0])

"""Matrix products: matmul (@) with batch broadcasting and PyTorch's 1-D rules; mm, bmm, mv,
dot, outer; addmm, addmv, addr, baddbmm, addbmm (beta * input + alpha * product)."""
from __future__ import annotations

import numpy as np

from autograd.function import NumpyFunction
from autograd.ops.arithmetic import Add
from autograd.ops.arguments import TENSOR_LIKE, not_a_tensor
from autograd.ops.dtypes import promote_types
from autograd.ops.elementwise import Where
from autograd.ops.reduce import Sum
from autograd.ops.shape import Reshape
from autograd.tensor import Tensor

__all__ = ["MatMul", "Mm", "Mv", "Dot", "Bmm", "matmul", "mm", "bmm", "mv", "dot", "vdot",
           "inner", "outer", "ger", "addmm", "addmv", "addr", "baddbmm", "addbmm", "Addmm", "Addmv",
           "Addr", "Baddbmm", "Addbmm"]


def _mT(x):
    return np.swapaxes(x, -1, -2)


class MatMul(NumpyFunction):
    """a @ b;  grad_a = g @ bᵀ,  grad_b = aᵀ @ g (a 1-D a is a row, a 1-D b a column)."""

    formula, derivatives = "a @ b", ("g @ b.T", "a.T @ g")

    @staticmethod
    def forward(ctx, a, b):
        need_a, need_b = ctx.needs_input_grad
        ctx.save_for_backward(a if need_b else None, b if need_a else None)
        ctx.ndims = a.ndim, b.ndim
        return np.matmul(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        a_ndim, b_ndim = ctx.ndims
        if a_ndim == 1 and b_ndim == 1:
            return (grad * b if b is not None else None), (grad * a if a is not None else None)
        if a_ndim == 1:
            grad = grad.reshape(grad.shape[:-1] + (1, grad.shape[-1]))
            a = a.reshape((1,) + a.shape) if a is not None else None
        if b_ndim == 1:
            grad = grad.reshape(grad.shape + (1,))
            b = b.reshape(b.shape + (1,)) if b is not None else None
        grad_a = np.matmul(grad, _mT(b)) if b is not None else None
        grad_b = np.matmul(_mT(a), grad) if a is not None else None
        if a_ndim == 1 and grad_a is not None:
            grad_a = grad_a.reshape(grad_a.shape[:-2] + grad_a.shape[-1:])
        if b_ndim == 1 and grad_b is not None:
            grad_b = grad_b.reshape(grad_b.shape[:-1])
        return grad_a, grad_b


class Mm(MatMul):
    """matrix @ matrix (mm, and matmul of two 2-D tensors)."""


class Mv(MatMul):
    """matrix @ vector (mv, and matmul of a 2-D and a 1-D tensor)."""

    derivatives = ("g[:, None]*b", "a.T @ g")


class Dot(MatMul):
    """vector · vector (dot, and matmul of two 1-D tensors)."""

    derivatives = ("g*b", "g*a")


class Bmm(MatMul):
    """A batch of matrix products, (b, n, m) @ (b, m, p) (bmm)."""

    derivatives = ("g @ transpose(b, (0, 2, 1))", "transpose(a, (0, 2, 1)) @ g")


_NAMED_PRODUCTS = {(2, 2): Mm, (2, 1): Mv, (1, 1): Dot}
"""matmul's op by the ranks of its arguments, where PyTorch names the node after the product
(other ranks: MatMul)."""


def _array(x) -> np.ndarray:
    return x._data if isinstance(x, Tensor) else np.asarray(x)


def _same_dtype(a, b, names: str = "m1 and m2") -> None:
    a_dtype, b_dtype = _array(a).dtype, _array(b).dtype
    if a_dtype != b_dtype:
        raise RuntimeError(f"expected {names} to have the same dtype, but got: {a_dtype} != "
                           f"{b_dtype}")
    if a_dtype == bool:
        raise RuntimeError("matrix products are not implemented for bool tensors")


def matmul(input, other):
    """Matrix product with batch broadcasting; a 1-D first argument is a row vector, a 1-D
    second argument a column vector (their added dim is removed from the result). (autograd's
    namespace adds out=, as to every function form PyTorch gives one: see out_arg.py.)"""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("matmul", input=input, other=other)
    a, b = _array(input), _array(other)
    a_shape, b_shape = a.shape, b.shape
    if not a_shape or not b_shape:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are "
                           f"{len(a_shape)}D and {len(b_shape)}D")
    inner = b_shape[0] if len(b_shape) == 1 else b_shape[-2]
    if a_shape[-1] != inner:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a_shape} and "
                           f"{b_shape}): the last dim of the first ({a_shape[-1]}) must equal "
                           f"the {'only' if len(b_shape) == 1 else 'second-to-last'} dim of "
                           f"the second ({inner})")
    if a.dtype != b.dtype or a.dtype == bool:
        _same_dtype(a, b)
    return _NAMED_PRODUCTS.get((a.ndim, b.ndim), MatMul).apply(input, other)


def mm(input, mat2):
    """The product of two matrices (2-D only; matmul broadcasts)."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(mat2, TENSOR_LIKE)):
        raise not_a_tensor("mm", input=input, mat2=mat2)
    for name, x in (("self", input), ("mat2", mat2)):
        if x.ndim != 2:
            raise RuntimeError(f"{name} must be a matrix (got a {x.ndim}-D tensor)")
    if input.shape[1] != mat2.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({input.shape[0]}x"
                           f"{input.shape[1]} and {mat2.shape[0]}x{mat2.shape[1]})")
    _same_dtype(input, mat2)
    return Mm.apply(input, mat2)


def bmm(input, mat2):
    """Batched matrix product of (b, n, m) and (b, m, p) tensors (no broadcasting)."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(mat2, TENSOR_LIKE)):
        raise not_a_tensor("bmm", input=input, mat2=mat2)
    for name, x in (("batch1", input), ("batch2", mat2)):
        if x.ndim != 3:
            raise RuntimeError(f"{name} must be a 3D tensor (got a {x.ndim}-D tensor)")
    expected = [input.shape[0], input.shape[2]]
    if list(mat2.shape[:2]) != expected:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"{expected} but got: {list(mat2.shape[:2])}.")
    _same_dtype(input, mat2)
    return Bmm.apply(input, mat2)


def mv(input, vec):
    """Matrix (n, m) times vector (m,)."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(vec, TENSOR_LIKE)):
        raise not_a_tensor("mv", input=input, vec=vec)
    if input.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"mv: expected a matrix and a vector, got {input.ndim}-D and "
                           f"{vec.ndim}-D tensors")
    if input.shape[1] != vec.shape[0]:
        raise RuntimeError(f"size mismatch, got mat ({input.shape[0]}x{input.shape[1]}), "
                           f"vec ({vec.shape[0]})")
    _same_dtype(input, vec)
    return Mv.apply(input, vec)


def dot(input, other):
    """Σ input_i other_i of two 1-D tensors of the same size and dtype."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("dot", input=input, other=other)
    if input.ndim != 1 or other.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.ndim}D and {other.ndim}D "
                           "tensors")
    if input.shape != other.shape:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{input.shape[0]}] and "
                           f"src [{other.shape[0]}] to have the same number of elements, but "
                           f"got {input.shape[0]} and {other.shape[0]} elements respectively")
    _same_dtype(input, other, "both vectors")
    return Dot.apply(input, other)


vdot = dot


def inner(input, other):
    """Σ over the last dims of both: inner(a, b)[i..., j...] = Σ_k a[i..., k] b[j..., k]."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(other, TENSOR_LIKE)):
        raise not_a_tensor("inner", input=input, other=other)
    if input.ndim == 0 or other.ndim == 0:
        return input * other
    from autograd.ops.einsum import tensordot
    return tensordot(input, other, ([input.ndim - 1], [other.ndim - 1]))


def outer(input, vec2):
    """out[i, j] = input[i] * vec2[j] for two 1-D tensors."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(vec2, TENSOR_LIKE)):
        raise not_a_tensor("outer", input=input, vec2=vec2)
    for name, x in (("self", input), ("vec2", vec2)):
        if x.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {x.ndim}-D")
    return Reshape.apply(input, (input.shape[0], 1)) * Reshape.apply(vec2, (1, vec2.shape[0]))


ger = outer


class Addmm(Add):
    """The last step of addmm, beta*input + alpha*(mat1 @ mat2): an Add (PyTorch's
    AddmmBackward0)."""

    op_name = "Add"


class Addmv(Add):
    """The last step of addmv, beta*input + alpha*(mat @ vec): an Add."""

    op_name = "Add"


class Addr(Add):
    """The last step of addr, beta*input + alpha*outer(vec1, vec2): an Add."""

    op_name = "Add"


class Baddbmm(Add):
    """The last step of baddbmm, beta*input + alpha*bmm(batch1, batch2): an Add."""

    op_name = "Add"


class Addbmm(Add):
    """The last step of addbmm, beta*input + alpha*Σ_b batch1[b] @ batch2[b]: an Add."""

    op_name = "Add"


def _scaled(x, factor, integral: bool):
    if integral:
        factor = int(factor)
    return x if factor == 1 else x * factor


def _add_product(op: str, input, product, beta, alpha, named: type) -> Tensor:
    """beta * input + alpha * product, input broadcast to the product's shape (beta = 0
    ignores input's values, NaNs included); `named` adds them, an Add named as PyTorch
    names op's node."""
    if input.dtype != product.dtype:
        raise RuntimeError(f"{op}(): self and the product must have the same dtype, got "
                           f"{input.dtype} and {product.dtype}")
    try:
        input = input.expand(*product.shape)
    except RuntimeError:
        raise RuntimeError(f"{op}(): input of shape {tuple(input.shape)} cannot be expanded to "
                           f"the product's shape {tuple(product.shape)}") from None
    integral = product.dtype.kind in "biu"
    product = _scaled(product, alpha, integral)
    if beta == 0 and integral:
        return product
    if beta == 0:  # input's values are ignored (NaNs too), its gradient is 0, as PyTorch's:
        ignored = Where.apply(np.zeros(product.shape, bool), input, -0.0)  # p + -0.0 is p
        return named.apply(ignored, product)
    return named.apply(_scaled(input, beta, integral), product)


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """beta * input + alpha * (mat1 @ mat2)."""
    if not (isinstance(input, TENSOR_LIKE) and
            isinstance(mat1, TENSOR_LIKE) and
            isinstance(mat2, TENSOR_LIKE)):
        raise not_a_tensor("addmm", input=input, mat1=mat1, mat2=mat2)
    return _add_product("addmm", input, mm(mat1, mat2), beta, alpha, Addmm)


def addmv(input, mat, vec, *, beta=1, alpha=1):
    """beta * input + alpha * (mat @ vec)."""
    if not (isinstance(input, TENSOR_LIKE) and
            isinstance(mat, TENSOR_LIKE) and
            isinstance(vec, TENSOR_LIKE)):
        raise not_a_tensor("addmv", input=input, mat=mat, vec=vec)
    return _add_product("addmv", input, mv(mat, vec), beta, alpha, Addmv)


def addr(input, vec1, vec2, *, beta=1, alpha=1):
    """beta * input + alpha * outer(vec1, vec2)."""
    if not (isinstance(input, TENSOR_LIKE) and isinstance(vec1, TENSOR_LIKE) and
            isinstance(vec2, TENSOR_LIKE)):
        raise not_a_tensor("addr", input=input, vec1=vec1, vec2=vec2)
    product = outer(vec1, vec2)
    dtype = promote_types(input.dtype, product.dtype)  # addr promotes, as PyTorch's
    return _add_product("addr", input.to(dtype), product.to(dtype), beta, alpha, Addr)


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """beta * input + alpha * bmm(batch1, batch2)."""
    if not (isinstance(input, TENSOR_LIKE) and
            isinstance(batch1, TENSOR_LIKE) and
            isinstance(batch2, TENSOR_LIKE)):
        raise not_a_tensor("baddbmm", input=input, batch1=batch1, batch2=batch2)
    return _add_product("baddbmm", input, bmm(batch1, batch2), beta, alpha, Baddbmm)


def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """beta * input + alpha * Σ_b batch1[b] @ batch2[b]."""
    if not (isinstance(input, TENSOR_LIKE) and
            isinstance(batch1, TENSOR_LIKE) and
            isinstance(batch2, TENSOR_LIKE)):
        raise not_a_tensor("addbmm", input=input, batch1=batch1, batch2=batch2)
    return _add_product("addbmm", input, Sum.apply(bmm(batch1, batch2), (0,), False), beta,
                        alpha, Addbmm)

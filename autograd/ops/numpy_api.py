"""NumPy functions called on Tensors run the matching op: `np.cos(t)` records a Cos node.

This is what lets each backward formula be written once. Formulas use operators and NumPy
functions (`grad * np.cos(a)`): in a plain backward they receive arrays and run as NumPy;
with `create_graph=True` they receive Tensors, NumPy hands every call to the Tensor
(`__array_ufunc__`, `__array_function__`: NumPy's protocols NEP 13 and NEP 18) and the call
lands here, so the backward pass is recorded and can be differentiated again.
"""
from __future__ import annotations

import numpy as np

from autograd.ops import arithmetic, compare, elementwise, linalg, reduce
from autograd.ops import shape as shape_ops
from autograd.tensor import Tensor

__all__ = ["call_ufunc", "call_function"]


def _plain(ufunc):
    """A ufunc without gradient (signs, comparisons, tests): computed on the arrays."""
    return lambda *inputs: Tensor._make(np.asarray(ufunc(*[_array(x) for x in inputs])))


def _array(x):
    return x._data if isinstance(x, Tensor) else x


UFUNCS = {
    np.add: arithmetic.Add.apply,
    np.subtract: arithmetic.Sub.apply,
    np.multiply: arithmetic.Mul.apply,
    np.true_divide: arithmetic.Div.apply,
    np.negative: arithmetic.Neg.apply,
    np.positive: lambda a: a,
    np.power: arithmetic.power,
    np.square: arithmetic.Square.apply,
    np.matmul: linalg.matmul,
    np.exp: elementwise.Exp.apply,
    np.log: elementwise.Log.apply,
    np.sqrt: elementwise.Sqrt.apply,
    np.absolute: elementwise.Abs.apply,
    np.sin: elementwise.Sin.apply,
    np.cos: elementwise.Cos.apply,
    np.tanh: elementwise.Tanh.apply,
    np.maximum: elementwise.Maximum.apply,
    np.minimum: elementwise.Minimum.apply,
    np.equal: compare.eq,
    np.not_equal: compare.ne,
    np.less: compare.lt,
    np.less_equal: compare.le,
    np.greater: compare.gt,
    np.greater_equal: compare.ge,
}
for _ufunc in (np.sign, np.isnan, np.isinf, np.isfinite, np.logical_and, np.logical_or,
               np.logical_not, np.logical_xor, np.floor, np.ceil, np.trunc, np.rint):
    UFUNCS.setdefault(_ufunc, _plain(_ufunc))


def call_ufunc(ufunc, method: str, inputs: tuple, kwargs: dict):
    """`ufunc(*inputs)` where an input is a Tensor: the op that computes it, recorded. Other
    ufuncs get the arrays (as with a PyTorch tensor) and return an array."""
    op = UFUNCS.get(ufunc)
    if method != "__call__" or kwargs or op is None:
        return getattr(ufunc, method)(*_as_arrays(inputs), **_as_arrays(kwargs))
    return op(*inputs)


def _as_arrays(value):
    """Tensors inside `value` (nested in lists, tuples, dicts) replaced by their arrays; a
    tensor that requires grad refuses, as `np.asarray` on a PyTorch tensor does."""
    if isinstance(value, Tensor):
        return np.asarray(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_as_arrays(v) for v in value)
    if isinstance(value, dict):
        return {k: _as_arrays(v) for k, v in value.items()}
    return value


def _sum(a, axis=None, dtype=None, out=None, keepdims=False, **unused):
    dims = reduce.normalize_dims(axis, np.ndim(_array(a)))
    return reduce.Sum.apply(a, dims, keepdims)


def _mean(a, axis=None, dtype=None, out=None, keepdims=False, **unused):
    dims = reduce.normalize_dims(axis, np.ndim(_array(a)))
    return reduce.Mean.apply(a, dims, keepdims)


def _transpose(a, axes=None):
    return shape_ops.permute(a, *(axes if axes is not None else range(a.ndim - 1, -1, -1)))


def _expand_dims(a, axis):
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    result = a
    for dim in sorted(d % (a.ndim + len(axes)) for d in axes):
        result = shape_ops.unsqueeze(result, dim)
    return result


def _like(fill):
    def like(a, dtype=None, **unused):
        return Tensor._make(np.full(np.shape(_array(a)), fill, dtype or np.asarray(_array(a)).dtype))
    return like


FUNCTIONS = {
    np.sum: _sum,
    np.mean: _mean,
    np.reshape: lambda a, newshape=None, order="C", shape=None: _reshape(a, newshape if shape is None else shape),
    np.transpose: _transpose,
    np.swapaxes: shape_ops.transpose,
    np.broadcast_to: lambda array, shape, subok=False: shape_ops.expand(array, *shape),
    np.expand_dims: _expand_dims,
    np.squeeze: lambda a, axis=None: shape_ops.squeeze(a, axis),
    np.where: lambda condition, x, y: elementwise.Where.apply(_array(condition), x, y),
    np.concatenate: lambda arrays, axis=0, **unused: shape_ops.cat(arrays, axis),
    np.stack: lambda arrays, axis=0, **unused: shape_ops.stack(arrays, axis),
    np.zeros_like: _like(0),
    np.ones_like: _like(1),
    np.shape: lambda a: a.shape,
    np.ndim: lambda a: a.ndim,
    np.size: lambda a, axis=None: a._data.size if axis is None else a.shape[axis],
}


def _reshape(a, newshape):
    return shape_ops.reshape(a, *((newshape,) if isinstance(newshape, int) else newshape))


def call_function(func, args: tuple, kwargs: dict):
    """`func(*args, **kwargs)` where an argument is a Tensor: the matching op, recorded; other
    functions get the arrays and return what NumPy returns."""
    implementation = FUNCTIONS.get(func)
    if implementation is None:
        return func(*_as_arrays(args), **_as_arrays(kwargs))
    return implementation(*args, **kwargs)

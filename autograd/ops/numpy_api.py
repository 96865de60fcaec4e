"""NumPy functions called on Tensors run the matching op: `np.cos(t)` records a Cos node.

This is what lets each backward formula be written once. Formulas use operators and NumPy
functions (`grad * np.cos(a)`): in a plain backward they receive arrays and run as NumPy;
with `create_graph=True` they receive Tensors, NumPy hands every call to the Tensor
(`__array_ufunc__`, `__array_function__`: NumPy's protocols NEP 13 and NEP 18) and the call
lands here, so the backward pass is recorded and can be differentiated again.
"""
from __future__ import annotations

import numpy as np

from autograd.ops import (
    arithmetic, compare, elementwise, exp_log, linalg, logic, reduce, rounding, trig,
)
from autograd.ops import transposes
from autograd.ops import shape as shape_ops
from autograd.ops import cumulative, einsum, extremes, gather, join, rearrange
from autograd.tensor import Tensor

__all__ = ["call_ufunc", "call_function"]


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
    np.float_power: arithmetic.float_power,
    np.square: arithmetic.square,
    np.reciprocal: arithmetic.Reciprocal.apply,
    np.matmul: linalg.matmul,
    np.floor: rounding.Floor.apply,
    np.ceil: rounding.Ceil.apply,
    np.trunc: rounding.Trunc.apply,
    np.rint: rounding.round,
    np.sign: rounding.Sign.apply,
    np.floor_divide: rounding.floor_divide,
    np.remainder: rounding.Remainder.apply,
    np.fmod: rounding.Fmod.apply,
    np.exp: exp_log.Exp.apply,
    np.exp2: exp_log.Exp2.apply,
    np.expm1: exp_log.Expm1.apply,
    np.log: exp_log.Log.apply,
    np.log2: exp_log.Log2.apply,
    np.log10: exp_log.Log10.apply,
    np.log1p: exp_log.Log1p.apply,
    np.logaddexp: exp_log.LogAddExp.apply,
    np.logaddexp2: exp_log.LogAddExp2.apply,
    np.sin: trig.Sin.apply,
    np.cos: trig.Cos.apply,
    np.tan: trig.Tan.apply,
    np.arcsin: trig.Asin.apply,
    np.arccos: trig.Acos.apply,
    np.arctan: trig.Atan.apply,
    np.arctan2: trig.Atan2.apply,
    np.sinh: trig.Sinh.apply,
    np.cosh: trig.Cosh.apply,
    np.tanh: trig.Tanh.apply,
    np.arcsinh: trig.Asinh.apply,
    np.arccosh: trig.Acosh.apply,
    np.arctanh: trig.Atanh.apply,
    np.sqrt: elementwise.Sqrt.apply,
    np.absolute: elementwise.Abs.apply,
    np.maximum: elementwise.Maximum.apply,
    np.minimum: elementwise.Minimum.apply,
    np.equal: compare.eq,
    np.not_equal: compare.ne,
    np.less: compare.lt,
    np.less_equal: compare.le,
    np.greater: compare.gt,
    np.greater_equal: compare.ge,
    np.bitwise_and: logic.bitwise_and,
    np.bitwise_or: logic.bitwise_or,
    np.bitwise_xor: logic.bitwise_xor,
    np.invert: logic.bitwise_not,
    np.logical_and: logic.logical_and,
    np.logical_or: logic.logical_or,
    np.logical_xor: logic.logical_xor,
    np.logical_not: logic.logical_not,
    np.isnan: logic.isnan,
    np.isinf: logic.isinf,
    np.isfinite: logic.isfinite,
    np.signbit: logic.signbit,
}


def call_ufunc(ufunc, method: str, inputs: tuple, kwargs: dict):
    """`ufunc(*inputs)` where an input is a Tensor: the op that computes it, recorded. Other
    ufuncs get the arrays (as with a PyTorch tensor) and return an array."""
    if method == "reduce" and ufunc is np.add:
        return _add_reduce(*inputs, **kwargs)
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


def _add_reduce(a, axis=0, dtype=None, out=None, keepdims=False, **unused):
    """np.add.reduce: as np.sum, but over axis 0 by default."""
    return _sum(a, axis, keepdims=keepdims)


def _mean(a, axis=None, dtype=None, out=None, keepdims=False, **unused):
    dims = reduce.normalize_dims(axis, np.ndim(_array(a)))
    return reduce.Mean.apply(a, dims, keepdims)


def _transpose(a, axes=None):
    return transposes.permute(a, *(axes if axes is not None else range(a.ndim - 1, -1, -1)))


def _expand_dims(a, axis):
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    result = a
    for dim in sorted(d % (a.ndim + len(axes)) for d in axes):
        result = shape_ops.unsqueeze(result, dim)
    return result


def _like(fill):
    def like(a, dtype=None, **unused):
        return Tensor._make(
            np.full(np.shape(_array(a)), fill, dtype or np.asarray(_array(a)).dtype))
    return like


FUNCTIONS = {
    np.sum: _sum,
    np.mean: _mean,
    np.reshape: lambda a, newshape=None, order="C", shape=None: _reshape(
        a, newshape if shape is None else shape),
    np.transpose: _transpose,
    np.swapaxes: transposes.transpose,
    np.broadcast_to: lambda array, shape, subok=False: shape_ops.expand(array, *shape),
    np.expand_dims: _expand_dims,
    np.squeeze: lambda a, axis=None: shape_ops.squeeze(a, axis),
    np.where: lambda condition, x, y: elementwise.Where.apply(_array(condition), x, y),
    np.clip: lambda a, a_min=None, a_max=None, **unused: elementwise.clamp(a, a_min, a_max),
    np.concatenate: lambda arrays, axis=0, **unused: join.cat(arrays, axis),
    np.stack: lambda arrays, axis=0, **unused: join.stack(arrays, axis),
    np.zeros_like: _like(0),
    np.ones_like: _like(1),
    np.shape: lambda a: a.shape,
    np.ndim: lambda a: a.ndim,
    np.size: lambda a, axis=None: a._data.size if axis is None else a.shape[axis],
}


def _running(function):
    """np.cumsum / np.cumprod: along axis, or over the flattened array when axis is None."""
    def running(a, axis=None, dtype=None, out=None):
        return function(a.reshape(-1) if axis is None else a, 0 if axis is None else axis,
                        dtype=dtype)
    return running


def _extreme(all_op, over_dims):
    """np.max / np.min: of everything, or over axis."""
    def extreme(a, axis=None, out=None, keepdims=False, **unused):
        if axis is None and not keepdims:
            return all_op.apply(a)
        return over_dims(a, () if axis is None else axis, keepdims)
    return extreme


FUNCTIONS.update({
    np.cumsum: _running(cumulative.cumsum),
    np.cumprod: _running(cumulative.cumprod),
    np.max: _extreme(extremes.MaxAll, extremes.amax),
    np.min: _extreme(extremes.MinAll, extremes.amin),
    np.flip: lambda m, axis=None: rearrange.flip(m, range(m.ndim) if axis is None else axis),
    np.roll: lambda a, shift, axis=None: rearrange.roll(a, shift, axis),
    np.tril: lambda m, k=0: rearrange.tril(m, k),
    np.triu: lambda m, k=0: rearrange.triu(m, k),
    np.diagonal: lambda a, offset=0, axis1=0, axis2=1: rearrange.diagonal(a, offset, axis1,
                                                                          axis2),
    np.moveaxis: transposes.movedim,
    np.einsum: lambda subscripts, *operands, **unused: einsum.einsum(subscripts, *operands),
    np.take_along_axis: lambda arr, indices, axis: gather.take_along_dim(arr, indices, axis),
})


def _reshape(a, newshape):
    return shape_ops.reshape(a, *((newshape,) if isinstance(newshape, int) else newshape))


def call_function(func, args: tuple, kwargs: dict):
    """`func(*args, **kwargs)` where an argument is a Tensor: the matching op, recorded; other
    functions get the arrays and return what NumPy returns."""
    implementation = FUNCTIONS.get(func)
    if implementation is None:
        return func(*_as_arrays(args), **_as_arrays(kwargs))
    return implementation(*args, **kwargs)

"""`Tensor`: a NumPy array with a place in the computation graph.

The array lives in `_data`; `.data` is PyTorch's: a Tensor sharing that storage, cut from
the graph, so `p.data += -lr * p.grad` updates a parameter in place. The op methods
(`x.exp()`, `x.sum(dim)`, ...) are the function forms of autograd/ops, attached to the
class in autograd/methods.py.
"""
from __future__ import annotations

import numbers
import warnings
import weakref

import numpy as np

from autograd.arrays import DEFAULT_DTYPE, as_array
from autograd.dtype_names import DTYPES
from autograd.grad_mode import state
from autograd.hooks import RemovableHandle
from autograd.size import Size

__all__ = ["Tensor", "DEFAULT_DTYPE"]


class Tensor:
    """An n-dimensional array that records the ops applied to it, for reverse-mode autodiff.

    Args:
        data: array-like (NumPy array, nested lists, a number). Python floats become
            float32 (PyTorch's default), Python ints int64; NumPy arrays keep their dtype.
        requires_grad: record ops on this tensor so `backward()` fills its `.grad`.
        dtype: the dtype to convert to.
        name: an optional label that viz shows.

    Example:
        >>> a = Tensor(2.0, requires_grad=True)
        >>> (a * a).backward(); a.grad
        tensor(4.)
    """

    __slots__ = ("_data", "_grad", "requires_grad", "grad_fn", "_output_nr", "_version",
                 "name", "_hooks", "__weakref__")

    def __init__(self, data, requires_grad: bool = False, dtype=None, name: str | None = None):
        self._data = as_array(data._data if isinstance(data, Tensor) else data, dtype)
        self._grad = None
        self.requires_grad = False
        self.grad_fn = None
        self._output_nr = 0
        self._version = 0
        self.name = name
        self._hooks = None
        if requires_grad:
            self.requires_grad_(True)

    @staticmethod
    def _make(data, requires_grad: bool = False, grad_fn=None, output_nr: int = 0) -> "Tensor":
        """Wrap an array without copying (ops use this for their results)."""
        tensor = _new(Tensor)
        tensor._data = data if data.__class__ is np.ndarray else np.asarray(data)
        tensor._grad = None
        tensor.requires_grad = requires_grad
        tensor.grad_fn = grad_fn
        tensor._output_nr = output_nr
        tensor._version = 0
        tensor.name = None
        tensor._hooks = None
        return tensor

    # --- facts ------------------------------------------------------------------------------
    @property
    def shape(self) -> Size:
        """The sizes of the dims, as PyTorch's `torch.Size` (a tuple)."""
        return Size(self._data.shape)

    @property
    def ndim(self) -> int:
        return self._data.ndim

    @property
    def dtype(self) -> "dtype_names.dtype":
        """The dtype, named as PyTorch's (`torch.float32`); NumPy takes it as a dtype too."""
        return DTYPES[self._data.dtype]

    @property
    def is_leaf(self) -> bool:
        return self.grad_fn is None

    @property
    def data(self) -> "Tensor":
        """This tensor's storage as a new Tensor outside the graph (as PyTorch's `.data`)."""
        return Tensor._make(self._data)

    @data.setter
    def data(self, value) -> None:
        value = value._data if isinstance(value, Tensor) else as_array(value)
        self._data = value

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self._data.shape[0]))

    __hash__ = object.__hash__
    __array_priority__ = 1000

    # --- gradients --------------------------------------------------------------------------
    @property
    def grad(self) -> "Tensor | None":
        """The gradient accumulated by backward (leaves, and tensors that `retain_grad()`)."""
        if self._grad is None and self.grad_fn is not None and not self._retains_grad():
            warnings.warn(
                f"The .grad attribute of a Tensor that is not a leaf Tensor is being accessed "
                f"(made by {self.grad_fn.op_name}). Its .grad attribute won't be populated during "
                "autograd.backward(). If you indeed want the gradient for a non-leaf Tensor, "
                "use .retain_grad() on the non-leaf Tensor before backward().",
                UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value) -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(
                    f"assigned grad must be a Tensor or None, got {type(value).__name__}")
            if value.shape != self.shape:
                raise RuntimeError(f"assigned grad has shape {value.shape}, but the tensor has "
                                   f"shape {self.shape}")
        self._grad = value

    def _retains_grad(self) -> bool:
        return self._hooks is not None and _RETAIN in self._hooks

    @property
    def retains_grad(self) -> bool:
        return self.grad_fn is not None and self._retains_grad()

    def requires_grad_(self, requires_grad: bool = True) -> "Tensor":
        """Set requires_grad in place (leaves only); returns self."""
        if not isinstance(requires_grad, (bool, np.bool_)):
            raise TypeError(f"requires_grad_(): argument 'requires_grad' must be bool, not "
                            f"{type(requires_grad).__name__}")
        if requires_grad and self._data.dtype.kind != "f":
            raise RuntimeError(
                f"only Tensors of floating point dtype can require gradients; this one is "
                f"{self._data.dtype}")
        if not requires_grad and self.grad_fn is not None:
            raise RuntimeError("you can only change requires_grad flags of leaf variables; "
                               "use .detach() to get a tensor that does not require grad")
        self.requires_grad = bool(requires_grad)
        return self

    def retain_grad(self) -> None:
        """Fill this non-leaf tensor's `.grad` during backward, as for a leaf."""
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.grad_fn is None or self._retains_grad():
            return
        ref = weakref.ref(self)

        def retain(grad):
            tensor = ref()
            if tensor is not None:
                grad = grad.detach() if not state.enabled else grad
                tensor._grad = grad if tensor._grad is None else tensor._grad + grad

        self._hooks = {_RETAIN: retain}
        self.grad_fn.register_hook(self._output_nr, retain)

    def register_hook(self, fn) -> "RemovableHandle":
        """Call `fn(grad)` when this tensor's gradient is computed; a Tensor it returns
        replaces the gradient. Returns a handle whose `remove()` unregisters the hook."""
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is None:
            if self._hooks is None:
                self._hooks = {}
            handle = RemovableHandle(self._hooks)
            self._hooks[handle.id] = fn
            return handle
        return self.grad_fn.register_hook(self._output_nr, fn)

    def backward(self, gradient=None, retain_graph: bool | None = None,
                 create_graph: bool = False, inputs=None) -> None:
        """Accumulate d(self)/d(leaf) into every leaf's `.grad` (see `autograd.backward`)."""
        _gradients.backward(self, gradient, retain_graph, create_graph, inputs)

    def detach(self) -> "Tensor":
        """A new tensor sharing this one's storage, cut from the graph."""
        return Tensor._make(self._data)

    def detach_(self) -> "Tensor":
        if self.grad_fn is not None and self.requires_grad:
            self.grad_fn, self._output_nr = None, 0
        self.requires_grad = False
        return self

    # --- conversions --------------------------------------------------------------------------
    def item(self):
        """The value of a one-element tensor as a Python number."""
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted "
                               "to Scalar")
        return self._data.item()

    def numpy(self, *, force: bool = False) -> np.ndarray:
        """The underlying array, sharing memory; `force=True` also for a tensor that requires
        grad."""
        if self.requires_grad and not force:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. "
                "Use tensor.detach().numpy() instead.")
        return self._data

    def tolist(self):
        return self._data.tolist()

    def __array__(self, dtype=None, copy=None):
        if self.requires_grad:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use "
                               "tensor.detach().numpy() instead.")
        return self._data if dtype is None else self._data.astype(dtype)

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __index__(self) -> int:
        if self._data.dtype.kind not in "iub" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self._data.item())

    def __bool__(self) -> bool:
        if self._data.size != 1:
            raise RuntimeError(f"Boolean value of Tensor with more than one value is ambiguous "
                               f"(shape {self.shape}); use .any() or .all()")
        return bool(self._data)

    def __format__(self, spec: str) -> str:
        """f"{t:.4f}" and f"{t}" format a 0-d tensor's value, as PyTorch does."""
        if self._data.ndim == 0:
            return format(self._data.item(), spec)
        if spec:
            raise TypeError("unsupported format string passed to Tensor.__format__ (only 0-d "
                            "tensors take a format spec; use t.item() or t.tolist())")
        return str(self)

    def __repr__(self) -> str:
        return _printing.tensor_repr(self)

    # --- in place -------------------------------------------------------------------------------
    def _inplace(self, op, *args) -> "Tensor":
        """Run `op(self, *args)` and write the result into self, bumping its version."""
        tracked = state.enabled and (self.requires_grad or any(
            isinstance(a, Tensor) and a.requires_grad for a in args))
        if tracked and self.grad_fn is None and self.requires_grad:
            raise RuntimeError(
                f"a leaf Variable that requires grad{' (' + self.name + ')' if self.name else ''}"
                f" is being used in an in-place operation ({op.__name__}). Update parameters "
                "under `with no_grad():` (as optimizers do), or use the out-of-place form.")
        before = Tensor._make(self._data.copy(), self.requires_grad, self.grad_fn,
                              self._output_nr) if tracked else Tensor._make(self._data)
        result = op.apply(before, *args)
        data = result._data
        if data.shape != self._data.shape:
            raise RuntimeError(f"output with shape {self.shape} doesn't match the broadcast "
                               f"shape {data.shape} of the in-place {op.__name__}")
        if data.dtype != self._data.dtype and not np.can_cast(data.dtype, self._data.dtype,
                                                              casting="same_kind"):
            raise RuntimeError(f"result type {data.dtype} can't be cast to the desired output "
                               f"type {self._data.dtype} (in-place {op.__name__})")
        self._data[...] = data
        self._version += 1
        if self.grad_fn is not None:  # the op that made self may have saved it as its output
            node = self.grad_fn
            node.modified_outputs = (node.modified_outputs or frozenset()) | {self._output_nr}
        if tracked and result.grad_fn is not None:
            self.grad_fn, self._output_nr, self.requires_grad = result.grad_fn, 0, True
            self.grad_fn.output_shapes = (self._data.shape,)
            self.grad_fn.output_dtypes = (self._data.dtype,)
        elif tracked:  # the op has no gradient (e.g. eq_): self no longer depends on anything
            self.grad_fn, self._output_nr, self.requires_grad = None, 0, False
        return self

    # --- operators (an operand that is not a Tensor, a number or an array: NotImplemented,
    #     so that Python raises "unsupported operand type(s)", as with PyTorch) ----------------
    def __add__(self, other):
        return _ops.Add.apply(self, other) if isinstance(other, _OPERANDS) else NotImplemented

    def __radd__(self, other):
        return _ops.Add.apply(other, self) if isinstance(other, _OPERANDS) else NotImplemented

    def __sub__(self, other):
        return _ops.Sub.apply(self, other) if isinstance(other, _OPERANDS) else NotImplemented

    def __rsub__(self, other):
        return _ops.Rsub.apply(other, self) if isinstance(other, _OPERANDS) else NotImplemented

    def __mul__(self, other):
        return _ops.Mul.apply(self, other) if isinstance(other, _OPERANDS) else NotImplemented

    def __rmul__(self, other):
        return _ops.Mul.apply(other, self) if isinstance(other, _OPERANDS) else NotImplemented

    def __truediv__(self, other):
        return _ops.Div.apply(self, other) if isinstance(other, _OPERANDS) else NotImplemented

    def __rtruediv__(self, other):  # 1/self times other, as PyTorch (its node: MulBackward0)
        if not isinstance(other, _OPERANDS):
            return NotImplemented
        return _ops.Mul.apply(_ops.Reciprocal.apply(self), other)

    def __pow__(self, exponent):
        return _ops.power(self, exponent) if isinstance(exponent, _OPERANDS) else NotImplemented

    def __rpow__(self, base):
        return _ops.power(base, self) if isinstance(base, _OPERANDS) else NotImplemented

    def __neg__(self):
        return _ops.Neg.apply(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return _ops.Abs.apply(self)

    def __matmul__(self, other):
        return _ops.matmul(self, other) if isinstance(other, _OPERANDS) else NotImplemented

    def __rmatmul__(self, other):
        return _ops.matmul(other, self) if isinstance(other, _OPERANDS) else NotImplemented

    def __iadd__(self, other):
        return self._inplace(_ops.Add, other) if isinstance(other, _OPERANDS) else NotImplemented

    def __isub__(self, other):
        return self._inplace(_ops.Sub, other) if isinstance(other, _OPERANDS) else NotImplemented

    def __imul__(self, other):
        return self._inplace(_ops.Mul, other) if isinstance(other, _OPERANDS) else NotImplemented

    def __itruediv__(self, other):
        return self._inplace(_ops.Div, other) if isinstance(other, _OPERANDS) else NotImplemented

    def __getitem__(self, index):
        return _ops.index(self, index)

    def __setitem__(self, index, value):
        if isinstance(value, Tensor) and value._data.dtype != self._data.dtype:
            value = value.to(self._data.dtype)  # t[k] = v casts v, as PyTorch
        _ops.index_put_(self, index, value)

    def __eq__(self, other):
        return _ops.eq(self, other) if isinstance(other, _COMPARABLE) else NotImplemented

    def __ne__(self, other):
        return _ops.ne(self, other) if isinstance(other, _COMPARABLE) else NotImplemented

    def __lt__(self, other):
        return _ops.lt(self, other) if isinstance(other, _COMPARABLE) else NotImplemented

    def __le__(self, other):
        return _ops.le(self, other) if isinstance(other, _COMPARABLE) else NotImplemented

    def __gt__(self, other):
        return _ops.gt(self, other) if isinstance(other, _COMPARABLE) else NotImplemented

    def __ge__(self, other):
        return _ops.ge(self, other) if isinstance(other, _COMPARABLE) else NotImplemented

    # --- NumPy calling in: np.cos(t) records a Cos node (this is how backward formulas
    #     written in NumPy run on Tensors when create_graph=True) --------------------------------
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return _numpy_api.call_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        return _numpy_api.call_function(func, args, kwargs)


_COMPARABLE = (Tensor, numbers.Number, np.ndarray, np.generic, list, tuple)
_OPERANDS = (Tensor, int, float, complex, np.ndarray, np.generic)
_RETAIN = "retain_grad"  # marks, among a tensor's hooks, that it retains its gradient
_new = object.__new__

from autograd import gradients as _gradients  # noqa: E402  (they need Tensor defined first)
from autograd import ops as _ops  # noqa: E402
from autograd import printing as _printing  # noqa: E402
from autograd.ops import numpy_api as _numpy_api  # noqa: E402

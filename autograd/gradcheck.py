"""`gradcheck`: compare backward's gradients with central differences, in float64;
`gradgradcheck`: the same for the gradients' own gradients (second order)."""
from __future__ import annotations

import numpy as np

from autograd.factories import rand
from autograd.gradients import grad
from autograd.tensor import Tensor

__all__ = ["gradcheck", "gradgradcheck", "GradcheckError", "numerical_jacobian",
           "analytical_jacobian", "relative_difference"]


class GradcheckError(RuntimeError):
    """What gradcheck raises when the gradients disagree (a RuntimeError, as PyTorch's)."""


def relative_difference(analytic, numeric) -> float:
    """The course's figure ||g_a - g_n|| / (||g_a|| + ||g_n||): < 1e-7 good, > 1e-3 a bug."""
    for name, value in (("analytic", analytic), ("numeric", numeric)):
        if not isinstance(value, (np.ndarray, Tensor, list, tuple, int, float)):
            raise TypeError(f"relative_difference: {name} must be an array or a Tensor, not "
                            f"{type(value).__name__}")
    analytic, numeric = np.ravel(analytic), np.ravel(numeric)
    denominator = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    return 0.0 if denominator == 0 else float(np.linalg.norm(analytic - numeric) / denominator)


def _outputs(fn, inputs) -> list:
    out = fn(*inputs)
    return list(out) if isinstance(out, (tuple, list)) else [out]


def numerical_jacobian(fn, inputs, eps: float = 1e-6) -> list:
    """d(outputs, flattened)/d(input, flattened) by central differences, one matrix per input."""
    jacobians = []
    sizes = [o._data.size for o in _outputs(fn, inputs)]
    for t in inputs:
        jac = np.zeros((sum(sizes), t._data.size))
        if isinstance(t, Tensor) and t.requires_grad:
            data = t._data  # perturbed in place, element by element, whatever its memory layout
            for j, index in enumerate(np.ndindex(data.shape)):
                original = data[index]
                data[index] = original + eps
                plus = np.concatenate([o._data.ravel() for o in _outputs(fn, inputs)])
                data[index] = original - eps
                minus = np.concatenate([o._data.ravel() for o in _outputs(fn, inputs)])
                data[index] = original
                jac[:, j] = (plus - minus) / (2 * eps)
        jacobians.append(jac)
    return jacobians


def analytical_jacobian(fn, inputs) -> list:
    """d(outputs)/d(inputs) from backward, one row per output element (grad with one-hot seeds)."""
    outputs = _outputs(fn, inputs)
    wanted = [t for t in inputs if isinstance(t, Tensor) and t.requires_grad]
    total = sum(o._data.size for o in outputs)
    jacobians = [np.zeros((total, t._data.size)) for t in inputs]
    row = 0
    for k, out in enumerate(outputs):
        for i in range(out._data.size):
            seeds = [Tensor(np.zeros(o.shape, dtype=o.dtype)) for o in outputs]
            seeds[k]._data.reshape(-1)[i] = 1.0
            used = [(o, s) for o, s in zip(outputs, seeds) if o.requires_grad]
            if used:
                grads = grad([o for o, _ in used], wanted, [s for _, s in used],
                             retain_graph=True, allow_unused=True)
                by_id = {id(t): g for t, g in zip(wanted, grads)}
                for j, t in enumerate(inputs):
                    g = by_id.get(id(t))
                    if g is not None:
                        jacobians[j][row] = g._data.reshape(-1)
            row += 1
    return jacobians


def _checked_inputs(what: str, fn, inputs) -> tuple:
    """`inputs` as a tuple, once `fn` is callable and some input is a float64 tensor that
    requires grad (and none requiring grad is of another dtype)."""
    if not callable(fn):
        raise TypeError(f"{what}: fn must be callable, not {type(fn).__name__}")
    if not isinstance(inputs, (tuple, list, Tensor)):
        raise TypeError(f"{what}: inputs must be a Tensor or a tuple of Tensors, not "
                        f"{type(inputs).__name__}")
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    if not any(isinstance(t, Tensor) and t.requires_grad for t in inputs):
        raise ValueError(f"{what} expects at least one input tensor to require gradient, but "
                         "none of them have requires_grad=True.")
    for i, t in enumerate(inputs):
        if isinstance(t, Tensor) and t.requires_grad and t.dtype != np.float64:
            raise TypeError(
                f"{what}: input {i} is {t.dtype}; central differences need float64 "
                "(make it with dtype=float64 or call .double())")
    return inputs


def gradcheck(fn, inputs, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3,
              raise_exception: bool = True) -> bool:
    """Check backward against central differences for every input that requires grad.

    Args:
        fn: function of the input tensors returning a Tensor (or a tuple of Tensors).
        inputs: a tuple of Tensors; those with requires_grad are checked (use float64).
    Returns:
        True when |analytic - numeric| <= atol + rtol * |numeric| everywhere; otherwise
        raises GradcheckError naming the input and the worst element (or returns False).
    """
    inputs = _checked_inputs("gradcheck", fn, inputs)
    analytic = analytical_jacobian(fn, inputs)
    numeric = numerical_jacobian(fn, inputs, eps)
    for i, (a, n) in enumerate(zip(analytic, numeric)):
        error = np.abs(a - n) - (atol + rtol * np.abs(n))
        if error.size and error.max() > 0:
            row, col = np.unravel_index(np.argmax(error), error.shape)
            message = (
                f"gradcheck failed for input {i} (shape {inputs[i].shape}): at output element "
                f"{row}, input element {col}: analytic {a[row, col]:.8g} vs numeric "
                f"{n[row, col]:.8g}; relative difference of the whole gradient "
                f"{relative_difference(a, n):.3g}")
            if raise_exception:
                raise GradcheckError(message)
            return False
    return True


def gradgradcheck(fn, inputs, grad_outputs=None, *, eps: float = 1e-6, atol: float = 1e-5,
                  rtol: float = 1e-3, raise_exception: bool = True) -> bool:
    """Check second derivatives: gradcheck of the function that takes (inputs, grad_outputs)
    to the gradients of fn's outputs, computed by backward with create_graph=True.

    Args:
        fn, inputs: as for gradcheck (float64 inputs).
        grad_outputs: the seeds v of the vector-Jacobian products vᵀ ∂fn/∂x, one per output;
            default: random values in [-1, 1) (float64, requiring grad, so the check also
            covers the gradients' dependence on v).
    """
    inputs = _checked_inputs("gradgradcheck", fn, inputs)
    if grad_outputs is None:
        grad_outputs = tuple(_random_seed(o) for o in _outputs(fn, inputs) if o.requires_grad)
    else:
        grad_outputs = tuple(grad_outputs) if isinstance(grad_outputs, (tuple, list)) \
            else (grad_outputs,)
    if not grad_outputs:
        raise ValueError("gradgradcheck: no output of fn requires grad, so there is no "
                         "gradient to differentiate")
    wanted = [i for i, t in enumerate(inputs) if isinstance(t, Tensor) and t.requires_grad]
    count = len(grad_outputs)

    def gradients(*args):
        outputs = [o for o in _outputs(fn, args[:-count]) if o.requires_grad]
        found = grad(outputs, [args[i] for i in wanted], list(args[-count:]),
                     create_graph=True, allow_unused=True)
        return tuple(g for g in found if g is not None)

    return gradcheck(gradients, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception)


def _random_seed(output: Tensor) -> Tensor:
    """A seed for `output`'s gradient: uniform in [-1, 1), float64 unless output is floating."""
    dtype = output.dtype if output.dtype.is_floating_point else np.float64
    return (rand(tuple(output.shape), dtype=dtype) * 2 - 1).requires_grad_()

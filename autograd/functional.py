"""torch.autograd.functional: Jacobians, Hessians and their products with a vector, for a
function of Tensors, all built on `grad` (reverse mode only).

For f: inputs -> outputs with Jacobian J = d outputs / d inputs:
- vjp(f, x, v) = v^T J: one backward pass from the outputs, with v as their gradient.
- jacobian(f, x) = J: row k of J is e_k^T J, a vjp with the k-th basis vector, so one backward
  pass per output element.
- jvp(f, x, v) = J v by the double-backward trick: u -> u^T J is linear in u, and its
  Jacobian w.r.t. u is J^T, so a backward pass through it with v gives (J^T)^T v = J v.
- hessian(f, x) = the Jacobian of the gradient of a scalar f; vhp = v^T H (the vjp of the
  gradient) and hvp = H v (the double-backward trick applied to the gradient).

Each returns Tensors that require grad only with create_graph=True; strict=True raises where
an output does not depend on an input (instead of a Jacobian block of zeros). The argument
checks and those errors, worded as PyTorch's, live in autograd/functional_checks.py.
"""
from __future__ import annotations

from autograd.factories import eye, zeros, zeros_like
from autograd.functional_checks import (
    USER_OUTPUTS, as_tuple, check_computed, check_one_element, check_strategy, checked_vector,
    fill_in_zeros,
)
from autograd.gradients import grad
from autograd.grad_mode import enable_grad
from autograd.ops import stack
from autograd.tensor import Tensor

__all__ = ["vjp", "jvp", "jacobian", "hessian", "hvp", "vhp"]

def vjp(func, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """(func(inputs), v^T J): the vector-Jacobian product, J = d func / d inputs.

    Args:
        func: takes Tensors (one per input), returns a Tensor or a tuple of Tensors.
        inputs: a Tensor or a tuple of Tensors.
        v: one Tensor per output, of that output's shape (None for a one-element output).
    Returns:
        (outputs, vjp); vjp has one Tensor per input, of that input's shape.
    """
    with enable_grad():
        is_inputs_tuple, inputs = as_tuple(inputs, "inputs", "vjp")
        inputs = _fresh(inputs, create_graph, need_graph=True)
        is_outputs_tuple, outputs = _call(func, inputs, "vjp", strict)
        v = _vector(v, outputs, is_outputs_tuple, "vjp", "the user-provided function returns",
                    create_graph)
        grads = fill_in_zeros(_grad_or_none(outputs, inputs, v, create_graph), inputs,
                               strict, create_graph, "back")
    return (_unpack(_detach(outputs, create_graph), is_outputs_tuple),
            _unpack(_detach(grads, create_graph), is_inputs_tuple))


def jvp(func, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """(func(inputs), J v): the Jacobian-vector product, by the double-backward trick.

    v has one Tensor per input, of that input's shape (None for a one-element input);
    J v has one Tensor per output, of that output's shape.
    """
    with enable_grad():
        is_inputs_tuple, inputs = as_tuple(inputs, "inputs", "jvp")
        inputs = _fresh(inputs, create_graph, need_graph=True)
        v = _vector(v, inputs, is_inputs_tuple, "jvp", "the input to the user-provided "
                    "function is", create_graph)
        is_outputs_tuple, outputs = _call(func, inputs, "jvp", strict)
        # u^T J is linear in u, so any finite u works: zeros, recorded so we can
        # differentiate w.r.t. them
        us = tuple(zeros_like(out, requires_grad=True) for out in outputs)
        u_jacobian = _grad_or_none(outputs, inputs, us, create_graph=True)
        check_computed(u_jacobian, "grad_inputs", strict)
        jv = fill_in_zeros(_grad_or_none(u_jacobian, us, v, create_graph), outputs, strict,
                            create_graph, "back_trick")
    return (_unpack(_detach(outputs, create_graph), is_outputs_tuple),
            _unpack(_detach(jv, create_graph), is_outputs_tuple))


def jacobian(func, inputs, create_graph: bool = False, strict: bool = False,
             vectorize: bool = False, strategy: str = "reverse-mode"):
    """J = d func(inputs) / d inputs, one backward pass per output element.

    Returns:
        A Tensor of shape output.shape + input.shape for one output and one input; a tuple
        over inputs (or outputs) when inputs (or outputs) is a tuple; a tuple over outputs
        of tuples over inputs when both are.
    vectorize=True gives the same result (PyTorch batches the passes; here they run one by
    one). strategy="forward-mode" is refused: there is no forward-mode AD here.
    """
    check_strategy(strategy, "strategy", "jacobian")
    with enable_grad():
        is_inputs_tuple, inputs = as_tuple(inputs, "inputs", "jacobian")
        inputs = _fresh(inputs, create_graph, need_graph=True)
        is_outputs_tuple, outputs = _call(func, inputs, "jacobian", strict)
        if vectorize and strict:
            raise RuntimeError("torch.autograd.functional.jacobian: `strict=True` and "
                               "`vectorized=True` are not supported together. Please either "
                               "set `strict=False` or `vectorize=False`.")
        blocks = tuple(_jacobian_blocks(i, out, inputs, create_graph, strict)
                       for i, out in enumerate(outputs))
    return _unpack(_detach(blocks, create_graph), is_outputs_tuple, is_inputs_tuple)


def hessian(func, inputs, create_graph: bool = False, strict: bool = False,
            vectorize: bool = False, outer_jacobian_strategy: str = "reverse-mode"):
    """H = the Jacobian of the gradient of a function with one-element output.

    Returns:
        A Tensor of shape input.shape + input.shape for one input; for a tuple of inputs, a
        tuple of tuples: entry [i][j] of shape inputs[i].shape + inputs[j].shape.
    """
    is_inputs_tuple, inputs = as_tuple(inputs, "inputs", "hessian")
    check_strategy(outer_jacobian_strategy, "outer_jacobian_strategy", "hessian")

    def scalar_func(*args):
        out = func(*args)
        is_tuple, outputs = as_tuple(out, USER_OUTPUTS, "hessian")
        check_computed(outputs, "outputs", strict)
        check_one_element(out, is_tuple, "hessian")
        return out.squeeze()

    def gradient(*args):
        grads = jacobian(scalar_func, args, create_graph=True)
        check_computed(grads, "jacobian", strict)
        return grads

    res = jacobian(gradient, inputs, create_graph, strict, vectorize)
    return _unpack(res, is_inputs_tuple, is_inputs_tuple)


def vhp(func, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """(func(inputs), v^T H): the vector-Hessian product of a one-element function.

    v has one Tensor per input, of that input's shape; so has v^T H.
    """
    with enable_grad():
        is_inputs_tuple, inputs, outputs, gradients, v = _hessian_setup(
            func, inputs, v, create_graph, strict, "vhp")
        res = fill_in_zeros(_grad_or_none(gradients, inputs, v, create_graph), inputs,
                             strict, create_graph, "double_back")
    return _detach(outputs, create_graph)[0], _unpack(_detach(res, create_graph),
                                                      is_inputs_tuple)


def hvp(func, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """(func(inputs), H v): the Hessian-vector product of a one-element function, by the
    double-backward trick on its gradient (equal to vhp, as H is symmetric)."""
    with enable_grad():
        is_inputs_tuple, inputs, outputs, gradients, v = _hessian_setup(
            func, inputs, v, create_graph, strict, "hvp")
        us = tuple(zeros_like(x, requires_grad=True) for x in inputs)
        u_hessian = _grad_or_none(gradients, inputs, us, create_graph=True)
        res = fill_in_zeros(_grad_or_none(u_hessian, us, v, create_graph), inputs, strict,
                             create_graph, "double_back_trick")
    return _detach(outputs, create_graph)[0], _unpack(_detach(res, create_graph),
                                                      is_inputs_tuple)


def _hessian_setup(func, inputs, v, create_graph: bool, strict: bool, fn_name: str):
    """What vhp and hvp share: checked inputs, v, the one-element output and its gradient
    (recorded, so it can be differentiated again)."""
    is_inputs_tuple, inputs = as_tuple(inputs, "inputs", fn_name)
    inputs = _fresh(inputs, create_graph, need_graph=True)
    v = _vector(v, inputs, is_inputs_tuple, fn_name, "the input to the user-provided "
                "function is", create_graph)
    is_outputs_tuple, outputs = _call(func, inputs, fn_name, strict)
    check_one_element(outputs[0], is_outputs_tuple, fn_name)
    gradients = _grad_or_none(outputs, inputs, None, create_graph=True)
    check_computed(gradients, "jacobian", strict)
    return is_inputs_tuple, inputs, outputs, gradients, v


def _jacobian_blocks(i: int, out: Tensor, inputs: tuple, create_graph: bool,
                     strict: bool) -> tuple:
    """d out / d inputs[k] for every k, each of shape out.shape + inputs[k].shape."""
    rows = [fill_in_zeros(_grad_or_none((out,), inputs, (e.reshape(out.shape),), create_graph,
                                         retain_graph=True),
                           inputs, strict, create_graph, "jacobian", output=i)
            for e in eye(out.numel(), dtype=out.dtype)]  # row k: e_k^T J, a tuple over inputs
    if not rows:
        return tuple(zeros(out.shape + x.shape, dtype=x.dtype) for x in inputs)
    return tuple(stack(column).reshape(out.shape + x.shape)
                 for column, x in zip(zip(*rows), inputs))


def _fresh(tensors: tuple, create_graph: bool, need_graph: bool) -> tuple:
    """New Tensors (so that a Tensor func captured itself is not mistaken for an input),
    linked to the originals only when create_graph=True; need_graph: record what uses them."""
    return tuple(t.clone() if create_graph and t.requires_grad
                 else t.detach().requires_grad_(need_graph) for t in tensors)


def _vector(v, others: tuple, is_others_tuple: bool, fn_name: str, single: str,
            create_graph: bool) -> tuple | None:
    """v checked against `others` (one Tensor of the same shape each), as new Tensors."""
    v = checked_vector(v, others, is_others_tuple, fn_name, single)
    return None if v is None else _fresh(v, create_graph, need_graph=False)


def _call(func, inputs: tuple, fn_name: str, strict: bool) -> tuple[bool, tuple]:
    is_outputs_tuple, outputs = as_tuple(func(*inputs), USER_OUTPUTS, fn_name)
    check_computed(outputs, "outputs", strict)
    return is_outputs_tuple, outputs


def _grad_or_none(outputs: tuple, inputs: tuple, grad_outputs, create_graph: bool,
                  retain_graph: bool | None = None) -> tuple:
    """`grad` over the outputs that are recorded (a None or unrecorded output contributes
    nothing); None for an input they do not depend on."""
    grad_outputs = (None,) * len(outputs) if grad_outputs is None else grad_outputs
    pairs = [(out, g) for out, g in zip(outputs, grad_outputs)
             if out is not None and out.requires_grad]
    if not pairs:
        return (None,) * len(inputs)
    roots, root_grads = zip(*pairs)
    return grad(roots, inputs, root_grads, retain_graph=retain_graph,
                create_graph=create_graph, allow_unused=True)


def _detach(tensors: tuple, create_graph: bool) -> tuple:
    """The (nested) tuple of Tensors, cut from the graph unless create_graph=True."""
    if create_graph:
        return tensors
    return tuple(t.detach() if isinstance(t, Tensor) else _detach(t, False) for t in tensors)


def _unpack(res: tuple, is_outer_tuple: bool, is_inner_tuple: bool = True):
    """Undo as_tuple: unwrap the inner and/or outer level where the caller gave a Tensor."""
    if not is_inner_tuple:
        res = tuple(inner[0] for inner in res)
    return res if is_outer_tuple else res[0]

"""The argument checks and the strict-mode errors of autograd.functional, worded as
PyTorch's (so code that matches on them behaves the same)."""
from __future__ import annotations

from autograd.factories import zeros_like
from autograd.tensor import Tensor

__all__ = ["USER_OUTPUTS", "as_tuple", "check_computed", "check_one_element", "check_strategy",
           "checked_vector", "fill_in_zeros"]

USER_OUTPUTS = "outputs of the user-provided function"
_UNDEPENDED = {  # strict=True: a gradient was None, by the backward pass that produced it
    "jacobian": "Output {output} of the user-provided function is independent of input {i}.",
    "back": "The output of the user-provided function is independent of input {i}.",
    "back_trick": "The gradient with respect to the input is independent of entry {i} in the "
                  "grad_outputs when using the double backward trick to compute forward mode "
                  "gradients.",
    "double_back": "The jacobian of the user-provided function is independent of input {i}.",
    "double_back_trick": "The hessian of the user-provided function is independent of entry "
                         "{i} in the grad_jacobian: the double backward trick needs it.",
}


def check_strategy(strategy: str, arg_name: str, fn_name: str) -> None:
    """Only "reverse-mode": there is no forward-mode AD to run "forward-mode" with."""
    if strategy == "forward-mode":
        raise NotImplementedError(f'{fn_name}(): {arg_name}="forward-mode" is not supported: '
                                  'there is no forward-mode AD here. Use "reverse-mode" (the '
                                  'default; the result is the same).')
    if strategy != "reverse-mode":
        raise ValueError(f'{fn_name}(): expected {arg_name} to be either "forward-mode" or '
                         f'"reverse-mode", got {strategy!r}')


def as_tuple(value, arg_name: str, fn_name: str) -> tuple[bool, tuple]:
    """(whether value was a tuple, value as a tuple of Tensors); TypeError otherwise."""
    is_tuple = isinstance(value, tuple)
    values = value if is_tuple else (value,)
    for i, item in enumerate(values):
        if not isinstance(item, Tensor):
            where = f"the value at index {i}" if is_tuple else f"the given {arg_name}"
            raise TypeError(f"The {arg_name} given to {fn_name} must be either a Tensor or a "
                            f"tuple of Tensors but {where} has type {type(item)}.")
    return is_tuple, values


def checked_vector(v, others: tuple, is_others_tuple: bool, fn_name: str,
                   single: str) -> tuple | None:
    """v as a tuple of Tensors, one per Tensor of `others` and of its shape; None (a
    gradient of 1) only for a single one-element Tensor."""
    if v is None:
        if len(others) != 1 or others[0].numel() != 1:
            raise RuntimeError(f"The vector v can only be None if {single} a single Tensor "
                               "with a single element.")
        return None
    v = as_tuple(v, "v", fn_name)[1]
    if len(v) != len(others):
        raise RuntimeError(f"v is a tuple of invalid length: should be {len(others)} but "
                           f"got {len(v)}." if is_others_tuple
                           else "The given v should contain a single Tensor.")
    for k, (t, other) in enumerate(zip(v, others)):
        if t.shape != other.shape:
            entry = f"Entry {k} in " if is_others_tuple else ""
            raise RuntimeError(f"{entry}v has invalid size: should be {other.shape} but got "
                               f"{t.shape}.")
    return v


def check_one_element(out, is_tuple: bool, fn_name: str) -> None:
    if is_tuple:
        raise RuntimeError(f"The function given to {fn_name} should return a single Tensor")
    if out.numel() != 1:
        raise RuntimeError(f"The Tensor returned by the function given to {fn_name} should "
                           "contain a single element")


def check_computed(tensors: tuple, kind: str, strict: bool) -> None:
    """strict=True: every Tensor must be recorded (depend on the inputs)."""
    for i, t in enumerate(tensors if strict else ()):
        if t is None:
            raise RuntimeError(f"The output of the user-provided function is independent of "
                               f"input {i}. This is not allowed in strict mode.")
        if not t.requires_grad:
            raise RuntimeError({
                "outputs": f"Output {i} of the user-provided function does not require "
                           "gradients. The outputs must be computed in a differentiable manner "
                           "from the input when running in strict mode.",
                "grad_inputs": f"The gradient with respect to input {i} is independent of the "
                               "inputs of the user-provided function. This is not allowed in "
                               "strict mode.",
                "jacobian": "While computing the hessian, found that the jacobian of the "
                            f"user-provided function with respect to input {i} is independent "
                            "of the input. This is not allowed in strict mode. You should "
                            "ensure that your function is twice differentiable and that the "
                            "jacobian depends on the inputs (this would be violated by a "
                            "linear function for example).",
            }[kind])


def fill_in_zeros(grads: tuple, refs: tuple, strict: bool, create_graph: bool,
                   stage: str, output: int = 0) -> tuple:
    """Zeros shaped as refs[i] where grads[i] is None, or (strict) the error saying why."""
    for i, g in enumerate(grads):
        if strict and g is None:
            raise RuntimeError(_UNDEPENDED[stage].format(i=i, output=output) + " This is not "
                               "allowed in strict mode.")
        if strict and create_graph and not g.requires_grad:
            what = "hessian" if stage.startswith("double") else "jacobian"
            raise RuntimeError(f"The {what} of the user-provided function is independent of "
                               f"input {i}. This is not allowed in strict mode when "
                               "create_graph=True.")
    return tuple(zeros_like(ref) if g is None else g for g, ref in zip(grads, refs))

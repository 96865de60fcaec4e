"""Checks of exercise notebook 03: backprop by hand through a two-layer MLP with BatchNorm,
tensor by tensor, then the cross-entropy and the BatchNorm backward in one line each.

    check = backprop_ninja.checker(loss, globals())
    check("logprobs", dlogprobs)

Every gradient is compared with the engine's through `viz.check_grads`, together with all
the gradients checked before it, so a wrong one computed from an earlier wrong one is told
to fix that one first, and the first wrong one gets the chain-rule lines that make it.
"""
from __future__ import annotations

from backproplab.exercises.grading import Checker, NotDone, Wrong
from viz import check_grads

__all__ = ["checker", "TENSORS", "ONE_LINERS", "EXERCISES"]

TENSORS = ["logprobs", "probs", "counts_sum_inv", "counts_sum", "counts", "norm_logits",
           "logit_maxes", "logits", "h", "W2", "b2", "hpreact", "bngain", "bnbias", "bnraw",
           "bnvar_inv", "bnvar", "bndiff2", "bndiff", "bnmeani", "hprebn", "embcat", "W1",
           "b1", "emb", "C"]
"""The tensors whose gradients are written by hand, from the loss back to the embedding."""

ONE_LINERS = {
    "cross_entropy": ("logits", "the course's result for softmax + cross-entropy: "
                      "∂loss/∂logits = (p − y)/n, p = softmax(logits, 1), y one-hot of Yb"),
    "batchnorm": ("hprebn", "the course's result: dhprebn = bngain·bnvar_inv/n · (n·dhpreact "
                  "− Σ dhpreact − n/(n−1)·bnraw·Σ(dhpreact·bnraw)), sums over the batch (dim 0)"),
}
"""Exercise -> (the tensor it gives the gradient of, the formula it should reach)."""

EXERCISES = TENSORS + list(ONE_LINERS)
"""The exercise names in notebook order (the checks need the loss: see `checker`)."""


def checker(loss, names: dict) -> Checker:
    """The notebook's `check`, bound to its loss and its variables (`globals()`)."""
    given: dict = {}

    def tensor_check(name: str):
        def check_tensor(dgrad) -> str:
            given[name] = dgrad
            report = check_grads(loss, dict(given), names=names, quiet=True)
            return _verdict(report[name], f"d{name}")

        return check_tensor

    def one_liner_check(exercise: str):
        tensor, formula = ONE_LINERS[exercise]

        def check_one_liner(dgrad) -> str:
            report = check_grads(loss, {tensor: dgrad}, names=names, quiet=True)
            return _verdict(report[tensor], f"d{tensor}", formula)

        return check_one_liner

    checks = {name: tensor_check(name) for name in TENSORS}
    checks.update({exercise: one_liner_check(exercise) for exercise in ONE_LINERS})
    return Checker("03_backprop_ninja", checks)


def _verdict(result, what: str, formula: str = "") -> str:
    if result.status == "not done":
        raise NotDone(f"{what} is still None")
    if result.status == "exact":
        return "exact"
    if result.ok:
        return f"close (max abs diff {result.max_abs_diff:.2g})"
    diff = "" if result.max_abs_diff is None else f" (max abs diff {result.max_abs_diff:.3g})"
    text = f"{what} is wrong{diff}.\n{result.hint}"
    if formula:
        text += f"\n{formula}"
    raise Wrong(text)

"""The hand-written part of autograd's bad-input sweep: factories, random numbers, gradients,
Tensor methods and operators, and the op arguments a generated row cannot make bad (lists
of tensors, sizes, modes, probabilities).

Most rows run the same code on `autograd` and on PyTorch (`same`): the namespace is passed
in as `m`, so `same("zeros-negative", lambda m: m.zeros(-1))` expects PyTorch's outcome.
"""
from __future__ import annotations

import numpy as np

import autograd as ag
from tests.bad_input import Raises, SameAsTorch

__all__ = ["HAND_CASES"]


class _TorchNamespace:
    """torch, with torch.autograd's grad, backward and gradcheck at the top as autograd has."""

    def __getattr__(self, name):
        import torch

        if name in ("grad", "backward", "gradcheck", "gradgradcheck"):
            return getattr(torch.autograd, name)
        return getattr(torch, name)


def same(row_id: str, f) -> tuple:
    """A row run as f(autograd) and expected to do what f(torch) does."""
    return row_id, lambda: f(ag), SameAsTorch(lambda: f(_TorchNamespace()))


def raises(row_id: str, call, error, pattern: str) -> tuple:
    return row_id, call, Raises(error, pattern)


def _v(m, requires_grad=False):
    return m.tensor([1.0, 2.0, 3.0], requires_grad=requires_grad)


def _m(m):
    return m.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])


def _twice(m):
    x = _v(m, True)
    y = (x * x).sum()
    y.backward()
    y.backward()


def _printoptions(**options):
    """set_printoptions(**options), then the defaults back (whatever happened)."""
    def call():
        try:
            ag.set_printoptions(**options)
        finally:
            ag.set_printoptions(profile="default")
    return call


def _restore_default_dtype(dtype):
    def call():
        try:
            ag.set_default_dtype(dtype)
        finally:
            ag.set_default_dtype(ag.float32)
    return call


FACTORIES = [
    same("zeros-negative", lambda m: m.zeros(-1)),
    same("zeros-float-size", lambda m: m.zeros(2.5)),
    same("zeros-None", lambda m: m.zeros(None)),
    same("zeros-str", lambda m: m.zeros("3")),
    same("ones-negative-in-tuple", lambda m: m.ones((2, -3))),
    same("empty-negative", lambda m: m.empty(-2)),
    same("full-None-value", lambda m: m.full((2,), None)),
    same("full-str-value", lambda m: m.full((2,), "a")),
    same("full-negative", lambda m: m.full((-1,), 1.0)),
    same("eye-negative", lambda m: m.eye(-1)),
    same("eye-negative-m", lambda m: m.eye(2, -1)),
    same("eye-float", lambda m: m.eye(2.5)),
    same("arange-zero-step", lambda m: m.arange(0, 10, 0)),
    same("arange-wrong-sign", lambda m: m.arange(0, 10, -1)),
    same("arange-nan", lambda m: m.arange(float("nan"))),
    same("arange-inf", lambda m: m.arange(0, float("inf"))),
    same("arange-str", lambda m: m.arange("a")),
    same("linspace-negative-steps", lambda m: m.linspace(0, 1, -1)),
    same("linspace-float-steps", lambda m: m.linspace(0, 1, 2.5)),
    same("logspace-negative-steps", lambda m: m.logspace(0, 1, -2)),
    same("rand-negative", lambda m: m.rand(-1)),
    same("rand-float", lambda m: m.rand(2.5)),
    same("randn-negative", lambda m: m.randn(2, -1)),
    same("randint-low-above-high", lambda m: m.randint(5, 2, (3,))),
    same("randint-negative-size", lambda m: m.randint(3, (-1,))),
    same("randperm-negative", lambda m: m.randperm(-1)),
    same("randperm-float", lambda m: m.randperm(2.5)),
    same("normal-negative-std", lambda m: m.normal(0.0, -1.0, (3,))),
    same("normal-negative-std-tensor", lambda m: m.normal(_v(m), -_v(m))),
    same("bernoulli-p-above-one", lambda m: m.bernoulli(_v(m))),
    same("bernoulli-p-argument", lambda m: m.bernoulli(_v(m) / 4, p=1.5)),
    same("bernoulli-None", lambda m: m.bernoulli(None)),
    same("multinomial-negative", lambda m: m.multinomial(-_v(m), 1)),
    same("multinomial-zeros", lambda m: m.multinomial(_v(m) * 0, 1)),
    same("multinomial-zero-samples", lambda m: m.multinomial(_v(m), 0)),
    same("multinomial-too-many", lambda m: m.multinomial(_v(m), 5)),
    same("multinomial-3d", lambda m: m.multinomial(m.ones(2, 2, 2), 1)),
    same("multinomial-None", lambda m: m.multinomial(None, 1)),
    same("rand_like-int", lambda m: m.rand_like(m.tensor([1, 2]))),
    same("rand_like-None", lambda m: m.rand_like(None)),
    same("randn_like-list", lambda m: m.randn_like([1.0])),
    same("randint_like-low-above-high", lambda m: m.randint_like(_v(m), 5, 2)),
    same("zeros_like-None", lambda m: m.zeros_like(None)),
    same("ones_like-list", lambda m: m.ones_like([1.0, 2.0])),
    same("empty_like-str", lambda m: m.empty_like("a")),
    same("full_like-None-value", lambda m: m.full_like(_v(m), None)),
    same("tensor-ragged", lambda m: m.tensor([[1, 2], [3]])),
    same("tensor-str", lambda m: m.tensor("abc")),
    same("tensor-None", lambda m: m.tensor(None)),
    same("tensor-None-inside", lambda m: m.tensor([1, None])),
    same("tensor-dict", lambda m: m.tensor({1: 2})),
    same("tensor-dtype-unknown", lambda m: m.tensor([1.0], dtype="floaty")),
    same("tensor-int-requires-grad", lambda m: m.tensor([1, 2], requires_grad=True)),
    same("as_tensor-str", lambda m: m.as_tensor("abc")),
    same("from_numpy-list", lambda m: m.from_numpy([1.0, 2.0])),
    same("from_numpy-strings", lambda m: m.from_numpy(np.array(["a"]))),
    same("from_numpy-objects", lambda m: m.from_numpy(np.array([None, 1]))),
    same("manual_seed-str", lambda m: m.manual_seed("a")),
    same("set_rng_state-None", lambda m: m.set_rng_state(None)),
    same("set_rng_state-wrong-size", lambda m: m.set_rng_state(m.zeros(3, dtype=m.uint8))),
    raises("set_default_dtype-int", _restore_default_dtype(ag.int64), TypeError,
           r"only floating-point types are supported as the default type"),
    raises("set_default_dtype-number", _restore_default_dtype(5), TypeError,
           r"(?i)dtype.*\b5\b"),
    same("promote_types-str", lambda m: m.promote_types(m.float32, "x")),
    same("can_cast-int", lambda m: m.can_cast(m.float32, 5)),
    same("result_type-nothing", lambda m: m.result_type()),
    raises("set_printoptions-precision-str", _printoptions(precision="a"), TypeError,
           r"precision.*'a'"),
    raises("set_printoptions-edgeitems-negative", _printoptions(edgeitems=-1), TypeError,
           r"edgeitems.*-1"),
    raises("set_printoptions-profile", _printoptions(profile="bogus"), ValueError,
           r"profile.*bogus"),
    same("device-unknown", lambda m: m.device("gpu")),
    raises("set_default_device-cuda", lambda: ag.set_default_device("cuda"), RuntimeError,
           r"device 'cuda' asks for an NVIDIA \(CUDA\) GPU"),
    raises("set_default_device-number", lambda: ag.set_default_device(1.5), TypeError,
           r"expected a device like 'cpu' or None, got float"),
    same("device-None", lambda m: m.device(None)),
    same("set_grad_enabled-str", lambda m: m.set_grad_enabled("yes")),
]

GRADIENTS = [
    same("backward-non-scalar", lambda m: (_v(m, True) * 2).backward()),
    same("backward-without-grad", lambda m: _v(m).sum().backward()),
    same("backward-gradient-shape", lambda m: (_v(m, True) * 2).backward(m.ones(2))),
    same("backward-gradient-str", lambda m: (_v(m, True) * 2).backward("a")),
    same("backward-gradient-list", lambda m: (_v(m, True) * 2).backward([1.0, 1.0, 1.0])),
    same("backward-twice", _twice),
    same("backward-None", lambda m: m.backward(None)),
    same("backward-a-list-holding-None", lambda m: m.backward([(_v(m, True) * 2).sum(), None])),
    same("grad-unused", lambda m: m.grad((_v(m, True) * 2).sum(), [_v(m, True)])),
    same("grad-input-without-grad", lambda m: m.grad(_v(m, True).sum(), [_v(m)])),
    same("grad-non-scalar", lambda m: m.grad(_v(m, True) * 2, [_v(m, True)])),
    same("grad-inputs-None", lambda m: m.grad(_v(m, True).sum(), None)),
    same("grad-outputs-None", lambda m: m.grad(None, [_v(m, True)])),
    same("grad-input-str", lambda m: m.grad(_v(m, True).sum(), ["a"])),
    same("grad-grad_outputs-shape", lambda m: (lambda x: m.grad(x * 2, [x], m.ones(2)))(
        _v(m, True))),
    same("gradcheck-nothing-requires-grad", lambda m: m.gradcheck(lambda a: a * 2, (_v(m),))),
    same("gradcheck-not-callable", lambda m: m.gradcheck("f", (_v(m, True).double(),))),
    raises("gradcheck-inputs-None", lambda: ag.gradcheck(lambda a: a, None), TypeError,
           r"inputs.*NoneType"),
    same("gradgradcheck-nothing-requires-grad",
         lambda m: m.gradgradcheck(lambda a: a * 2, (_v(m).double(),))),
    raises("gradgradcheck-not-callable", lambda: ag.gradgradcheck("f", (_v(ag, True).double(),)),
           TypeError, r"fn must be callable, not str"),
    raises("gradgradcheck-float32", lambda: ag.gradgradcheck(ag.sin, (_v(ag, True),)),
           TypeError, r"input 0 is torch.float32.*float64"),
    raises("gradgradcheck-no-output-requires-grad",
           lambda: ag.gradgradcheck(lambda a: a.detach(), (_v(ag, True).double(),)),
           ValueError, r"no output of fn requires grad"),
    raises("backward_steps-None", lambda: list(ag.backward_steps(None)), TypeError,
           r"root.*NoneType"),
    raises("backward_steps-no-grad", lambda: list(ag.backward_steps(_v(ag).sum())),
           RuntimeError, r"does not require grad"),
    raises("relative_difference-None", lambda: ag.relative_difference(None, np.ones(2)),
           TypeError, r"analytic.*NoneType"),
]

TENSOR_METHODS = [
    same("view-wrong-size", lambda m: _v(m).view(4, 5)),
    same("view-two-inferred", lambda m: _m(m).view(-1, -1)),
    same("view-float", lambda m: _m(m).view(2.5)),
    same("reshape-negative", lambda m: _m(m).reshape(-2, 3)),
    same("reshape-None", lambda m: _m(m).reshape(None)),
    same("expand-smaller", lambda m: m.ones(2).expand(3)),
    same("expand-negative-new-dim", lambda m: m.ones(2).expand(-1, 2)),
    same("expand_as-None", lambda m: _v(m).expand_as(None)),
    same("permute-too-few", lambda m: _m(m).permute(0)),
    same("permute-repeated", lambda m: _m(m).permute(0, 0)),
    same("permute-out-of-range", lambda m: _m(m).permute(0, 5)),
    same("transpose-out-of-range", lambda m: _m(m).transpose(0, 5)),
    same("squeeze-out-of-range", lambda m: _m(m).squeeze(5)),
    same("unsqueeze-out-of-range", lambda m: _m(m).unsqueeze(5)),
    same("flatten-start-after-end", lambda m: m.ones(2, 3, 4).flatten(2, 0)),
    same("item-many", lambda m: _v(m).item()),
    same("item-empty", lambda m: m.ones(0).item()),
    same("float-many", lambda m: float(_v(m))),
    same("bool-many", lambda m: bool(_v(m))),
    same("len-0d", lambda m: len(m.tensor(1.0))),
    same("iter-0d", lambda m: iter(m.tensor(1.0))),
    same("size-out-of-range", lambda m: _v(m).size(3)),
    same("size-str", lambda m: _v(m).size("a")),
    same("t-3d", lambda m: m.ones(2, 2, 2).t()),
    same("numpy-requires-grad", lambda m: _v(m, True).numpy()),
    same("requires_grad_-int", lambda m: m.tensor([1, 2]).requires_grad_()),
    same("requires_grad_-str", lambda m: _v(m).requires_grad_("yes")),
    same("register_hook-no-grad", lambda m: _v(m).register_hook(print)),
    same("to-unknown-device", lambda m: _v(m).to("bogus")),
    same("to-unknown-dtype", lambda m: _v(m).to(dtype="floaty")),
    same("type-unknown", lambda m: _v(m).type("bogus")),
    same("new_zeros-negative", lambda m: _v(m).new_zeros(-1)),
    same("new_full-None", lambda m: _v(m).new_full((2,), None)),
    same("new_tensor-str", lambda m: _v(m).new_tensor("a")),
    same("fill_-str", lambda m: _v(m).fill_("a")),
    same("fill_-1d-value", lambda m: _v(m).fill_(m.ones(2))),
    same("copy_-mismatch", lambda m: _v(m).copy_(m.ones(4))),
    same("copy_-None", lambda m: _v(m).copy_(None)),
    same("uniform_-from-above-to", lambda m: _v(m).uniform_(1, 0)),
    same("normal_-negative-std", lambda m: _v(m).normal_(0, -1)),
    same("random_-from-above-to", lambda m: _v(m).random_(5, 2)),
    same("exponential_-negative", lambda m: _v(m).exponential_(-1)),
    same("unfold-too-big", lambda m: _v(m).unfold(0, 5, 1)),
    same("unfold-zero-step", lambda m: _v(m).unfold(0, 2, 0)),
    same("inplace-int-by-float", lambda m: m.tensor([1, 2]).add_(0.5)),
    same("inplace-broadcast-self", lambda m: _v(m).add_(m.ones(2, 3))),
    same("inplace-leaf", lambda m: _v(m, True).mul_(2)),
    same("inplace-None", lambda m: _v(m).mul_(None)),
]

INDEXING = [
    same("index-out-of-range", lambda m: _v(m)[5]),
    same("index-negative-out-of-range", lambda m: _v(m)[-4]),
    same("index-too-many", lambda m: _v(m)[1, 2]),
    same("index-str", lambda m: _v(m)["a"]),
    same("index-float", lambda m: _v(m)[1.5]),
    same("index-mask-shape", lambda m: _v(m)[m.tensor([True, False])]),
    same("index-float-tensor", lambda m: _v(m)[m.tensor([0.5])]),
    same("index-tensor-out-of-range", lambda m: _v(m)[m.tensor([5])]),
    same("index-negative-step", lambda m: _v(m)[::-1]),
    same("index-zero-step", lambda m: _v(m)[::0]),
    same("setitem-out-of-range", lambda m: _v(m).__setitem__(5, 1.0)),
    same("setitem-shape", lambda m: _v(m).__setitem__(slice(0, 2), m.ones(3))),
    same("setitem-str", lambda m: _v(m).__setitem__(0, "a")),
    same("setitem-None", lambda m: _v(m).__setitem__(0, None)),
]

OPERATORS = [
    same("add-None", lambda m: _v(m) + None),
    same("add-str", lambda m: _v(m) + "a"),
    same("add-list", lambda m: _v(m) + [1.0, 2.0, 3.0]),
    same("radd-None", lambda m: None + _v(m)),
    same("mul-dict", lambda m: _v(m) * {}),
    same("truediv-None", lambda m: _v(m) / None),
    same("pow-str", lambda m: _v(m) ** "a"),
    same("matmul-None", lambda m: _v(m) @ None),
    same("matmul-mismatch", lambda m: _m(m) @ m.ones(2)),
    same("matmul-operator-0d", lambda m: _v(m) @ m.tensor(2.0)),
    same("lt-None", lambda m: _v(m) < None),
    same("eq-None", lambda m: _v(m) == None),  # noqa: E711  (PyTorch: False)
    same("add-operator-no-broadcast", lambda m: _v(m) + m.ones(4)),
    same("iadd-no-broadcast", lambda m: _v(m).__iadd__(m.ones(2, 3))),
]

OP_ARGUMENTS = [
    same("cat-empty", lambda m: m.cat([])),
    same("cat-a-tensor", lambda m: m.cat(_v(m))),
    same("cat-None-inside", lambda m: m.cat([_v(m), None])),
    same("cat-None", lambda m: m.cat(None)),
    same("cat-sizes", lambda m: m.cat([_m(m), m.ones(2, 4)], dim=0)),
    same("cat-ranks", lambda m: m.cat([_m(m), m.ones(3)])),
    same("cat-dim-out-of-range", lambda m: m.cat([_v(m), _v(m)], dim=5)),
    same("stack-sizes", lambda m: m.stack([_v(m), m.ones(2)])),
    same("stack-empty", lambda m: m.stack([])),
    same("stack-dim-out-of-range", lambda m: m.stack([_v(m)], dim=4)),
    same("stack-str-inside", lambda m: m.stack([_v(m), "a"])),
    same("where-float-condition", lambda m: m.where(_v(m), _v(m), _v(m))),
    same("sum-repeated-dim", lambda m: m.sum(_m(m), dim=(0, 0))),
    same("sum-dim-float", lambda m: m.sum(_m(m), dim=1.5)),
    same("mean-int", lambda m: m.mean(m.tensor([1, 2]))),
    same("var-both-unbiased-and-correction",
         lambda m: m.var(_m(m), 1, unbiased=True, correction=1)),
    same("squeeze-dims-out-of-range", lambda m: m.squeeze(_m(m), (0, 5))),
    same("reshape-float-size", lambda m: m.reshape(_m(m), (2.5, 2))),
    same("expand-too-few-sizes", lambda m: m.ones(2, 3).expand(3)),
    same("clamp-no-bounds", lambda m: m.clamp(_v(m))),
    same("clamp-str", lambda m: m.clamp(_v(m), min="a")),
    same("clamp-min-above-max", lambda m: m.clamp(_v(m), min=3.0, max=1.0)),
    same("div-rounding_mode", lambda m: m.div(_v(m), 2, rounding_mode="bogus")),
    raises("gelu-approximate", lambda: ag.gelu(_v(ag), approximate="bogus"),
           (ValueError, RuntimeError), r"approximate argument must be either.*none.*tanh"),
    same("round-float-decimals", lambda m: m.round(_v(m), decimals=1.5)),
    same("softmax-no-dim", lambda m: m.softmax(_v(m))),
    same("dropout-p-above-one", lambda m: m.dropout(_v(m), 1.5, True)),
    same("dropout-p-negative", lambda m: m.dropout(_v(m), -0.1, True)),
    same("dropout-p-str", lambda m: m.dropout(_v(m), "a", True)),
    same("lstm_cell-hx-None", lambda m: m.lstm_cell(
        m.ones(2, 3), None, m.ones(16, 3), m.ones(16, 4))),
    same("lstm_cell-hx-one-tensor", lambda m: m.lstm_cell(
        m.ones(2, 3), m.ones(2, 4), m.ones(16, 3), m.ones(16, 4))),
    same("rnn_tanh_cell-hx-shape", lambda m: m.rnn_tanh_cell(
        m.ones(2, 3), m.ones(2, 5), m.ones(4, 3), m.ones(4, 4))),
    same("rnn_tanh_cell-input-size", lambda m: m.rnn_tanh_cell(
        m.ones(2, 5), m.ones(2, 4), m.ones(4, 3), m.ones(4, 4))),
    same("group_norm-groups-not-dividing", lambda m: m.group_norm(m.ones(1, 2, 4), 3)),
    same("group_norm-zero-groups", lambda m: m.group_norm(m.ones(1, 2, 4), 0)),
    same("layer_norm-shape", lambda m: m.layer_norm(_m(m), (4,))),
    same("layer_norm-weight-shape", lambda m: m.layer_norm(_m(m), (3,), m.ones(4))),
    same("bilinear-weight-shape", lambda m: m.bilinear(_m(m), _m(m), m.ones(5, 3, 4))),
    same("conv1d-channels", lambda m: m.conv1d(m.ones(1, 2, 5), m.ones(3, 4, 2))),
    same("conv1d-zero-stride", lambda m: m.conv1d(m.ones(1, 2, 5), m.ones(3, 2, 2), stride=0)),
    same("conv1d-negative-padding",
         lambda m: m.conv1d(m.ones(1, 2, 5), m.ones(3, 2, 2), padding=-1)),
    same("conv1d-kernel-too-big", lambda m: m.conv1d(m.ones(1, 2, 5), m.ones(3, 2, 7))),
    same("conv1d-zero-groups", lambda m: m.conv1d(m.ones(1, 2, 5), m.ones(3, 2, 2), groups=0)),
    same("conv1d-groups-not-dividing",
         lambda m: m.conv1d(m.ones(1, 2, 5), m.ones(3, 1, 2), groups=2)),
    same("conv1d-zero-dilation",
         lambda m: m.conv1d(m.ones(1, 2, 5), m.ones(3, 2, 2), dilation=0)),
    same("conv1d-padding-str", lambda m: m.conv1d(m.ones(1, 2, 5), m.ones(3, 2, 2),
                                                  padding="bogus")),
    same("conv1d-bias-size", lambda m: m.conv1d(m.ones(1, 2, 5), m.ones(3, 2, 2), m.ones(4))),
    same("conv2d-2d-input", lambda m: m.conv2d(m.ones(4, 4), m.ones(3, 2, 2, 2))),
    same("conv2d-stride-tuple-length",
         lambda m: m.conv2d(m.ones(1, 2, 4, 4), m.ones(3, 2, 2, 2), stride=(1, 1, 1))),
    same("conv_transpose1d-output_padding",
         lambda m: m.conv_transpose1d(m.ones(1, 2, 5), m.ones(2, 3, 2), output_padding=2)),
    same("max_pool1d-zero-kernel", lambda m: m.max_pool1d(m.ones(1, 2, 5), 0)),
    same("max_pool1d-zero-stride", lambda m: m.max_pool1d(m.ones(1, 2, 5), 2, 0)),
    same("max_pool1d-big-padding", lambda m: m.max_pool1d(m.ones(1, 2, 5), 2, padding=2)),
    same("max_pool1d-kernel-too-big", lambda m: m.max_pool1d(m.ones(1, 2, 5), 7)),
    same("max_pool2d-negative-kernel", lambda m: m.max_pool2d(m.ones(1, 2, 4, 4), -2)),
    same("avg_pool1d-zero-kernel", lambda m: m.avg_pool1d(m.ones(1, 2, 5), 0)),
    same("avg_pool1d-kernel-too-big", lambda m: m.avg_pool1d(m.ones(1, 2, 5), 7)),
    same("adaptive_avg_pool1d-negative", lambda m: m.adaptive_avg_pool1d(m.ones(1, 2, 5), -1)),
    same("adaptive_avg_pool1d-None", lambda m: m.adaptive_avg_pool1d(m.ones(1, 2, 5), None)),
    same("adaptive_max_pool1d-zero-length",
         lambda m: m.adaptive_max_pool1d(m.ones(1, 2, 0), 2)),
]

HAND_CASES = FACTORIES + GRADIENTS + TENSOR_METHODS + INDEXING + OPERATORS + OP_ARGUMENTS

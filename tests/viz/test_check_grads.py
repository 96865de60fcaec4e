"""viz.check_grads: your gradients against the engine's, name by name, with the first wrong
one found and explained by the stepper's chain-rule line."""
from __future__ import annotations

import numpy as np
import pytest

import autograd
import viz
from viz.check_hints import differences


def course_graph():
    a, b, c = (autograd.tensor(x, requires_grad=True) for x in (5.0, 3.0, 2.0))
    u = b * c
    v = a + u
    J = 3 * v
    return {"a": a, "b": b, "c": c, "u": u, "v": v, "J": J}


RIGHT = {"J": 1.0, "v": 3.0, "u": 3.0, "a": 3.0, "b": 6.0, "c": 9.0}


def test_right_gradients_are_exact_and_nothing_is_touched(capsys):
    t = course_graph()
    report = viz.check_grads(t["J"], RIGHT, names=t)
    assert report.ok and report.first_wrong is None and report.hint == ""
    assert [r.status for r in report] == ["exact"] * 6
    assert all(r.max_abs_diff == 0 and r.rel_diff == 0 for r in report)
    printed = capsys.readouterr().out
    assert printed.splitlines()[0].split() == ["name", "shape", "status", "max", "abs", "diff",
                                               "rel", "diff"]
    assert "6 exact" in printed
    assert all(t[name].grad is None for name in "abc")  # .grad untouched
    t["J"].backward()  # the graph was kept
    assert t["b"].grad.item() == 6.0


def test_the_first_wrong_gradient_gets_the_chain_rule_line():
    t = course_graph()
    report = viz.check_grads(t["J"], {**RIGHT, "b": 5.0, "c": 3.0}, names=t, quiet=True)
    assert report["b"].status == report["c"].status == "wrong"
    assert report.first_wrong in ("b", "c")
    assert report["b"].hint.splitlines()[0] == "∂u/∂b = c:  b.grad += u.grad · c = 3 · 2 = 6"
    assert "expected 6, yours 5" in report["b"].hint
    assert report["c"].hint.splitlines()[0] == "∂u/∂c = b:  c.grad += u.grad · b = 3 · 3 = 9"
    assert report["b"].record()["status"] == "wrong"


def test_a_gradient_built_on_a_wrong_one_is_told_to_fix_that_first():
    t = course_graph()
    report = viz.check_grads(t["J"], {"v": 3.0, "u": -3.0, "b": -6.0, "c": None}, names=t,
                             quiet=True)
    assert report.first_wrong == "u"
    assert "∂v/∂u = 1:  u.grad += v.grad · 1 = 3 · 1 = 3" in report.hint
    assert "opposite sign" in report.hint
    assert report["b"].hint == "b's gradient is computed from the gradient of u, which is " \
                               "wrong: fix u first"
    assert report["c"].status == "not done" and not report.ok
    assert report.counts() == {"exact": 1, "close": 0, "wrong": 2, "not done": 1}


def test_names_default_to_the_callers_variables():
    a = autograd.tensor(2.0, requires_grad=True)
    y = a * a
    report = viz.check_grads(y, {"a": 4.0, "y": 1.0}, quiet=True)
    assert report.ok


def test_close_is_within_the_tolerance_of_the_dtype():
    x = autograd.tensor([1.0, 2.0, 3.0], requires_grad=True)
    loss = (x ** 2).sum()
    report = viz.check_grads(loss, {"x": np.array([2.0, 4.0, 6.0]) * (1 + 1e-6)},
                             names={"x": x}, quiet=True)
    assert report["x"].status == "close"
    report = viz.check_grads(loss, {"x": np.array([2.0, 4.0, 6.0]) * (1 + 1e-3)},
                             names={"x": x}, quiet=True)
    assert report["x"].status == "wrong"
    x64 = autograd.tensor([1.0, 2.0], dtype=autograd.float64, requires_grad=True)
    report = viz.check_grads((x64 ** 2).sum(), {"x": np.array([2.0, 4.0]) * (1 + 1e-6)},
                             names={"x": x64}, quiet=True)
    assert report["x"].status == "wrong"  # float64 is held to 1e-7


def test_nan_is_wrong():
    x = autograd.tensor([1.0, 2.0], requires_grad=True)
    report = viz.check_grads((x * 3).sum(), {"x": [3.0, float("nan")]}, names={"x": x},
                             quiet=True)
    assert report["x"].status == "wrong"


def test_shape_mismatches_are_named_with_the_fix():
    x = autograd.tensor(np.ones((4, 3)), requires_grad=True)
    bias = autograd.tensor(np.zeros((1, 3)), requires_grad=True)
    y = (x + bias).sum()
    report = viz.check_grads(y, {"bias": np.ones((4, 3)), "x": np.ones(12)},
                             names={"x": x, "bias": bias}, quiet=True)
    assert report["bias"].status == "wrong" and report["bias"].max_abs_diff is None
    assert report["bias"].note == "your gradient has shape (4, 3), bias (1, 3)"
    assert "sum yours over dim 0 with keepdim=True" in report["bias"].hint
    assert "reshape yours to (4, 3)" in report["x"].hint


def test_a_tensor_that_does_not_affect_the_loss_has_gradient_zero():
    a = autograd.tensor(1.0, requires_grad=True)
    unused = autograd.tensor(2.0, requires_grad=True)
    report = viz.check_grads(a * 2, {"unused": 1.0}, names={"a": a, "unused": unused},
                             quiet=True)
    assert report["unused"].status == "wrong"
    assert "does not affect the loss" in report.hint


@pytest.mark.parametrize("grads, names, error, words", [
    ({"dx": 1.0}, {"x": 1}, ValueError, "no tensor named 'dx'"),
    ({"dx": 1.0}, "x", TypeError, "names must be a dict"),
    ({"x": "three"}, None, TypeError, "must be numbers"),
    ({"w": 1.0}, None, ValueError, "w does not require grad"),
    ([1.0], None, TypeError, "grads must be a dict"),
])
def test_bad_arguments_are_named(grads, names, error, words):
    x = autograd.tensor(2.0, requires_grad=True)
    w = autograd.tensor(1.0)
    lookup = {"x": x, "w": w} if names is None else names
    if names == {"x": 1}:
        lookup = {"x": x}
    with pytest.raises(error, match=words):
        viz.check_grads(x * w, grads, names=lookup, quiet=True)


def test_the_nearest_name_is_suggested():
    x = autograd.tensor(2.0, requires_grad=True)
    with pytest.raises(ValueError, match="did you mean 'x'"):
        viz.check_grads(x * 2, {"dx": 1.0}, names={"x": x}, quiet=True)


def test_bad_losses_are_refused():
    x = autograd.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(ValueError, match="one element"):
        viz.check_grads(x * 2, {}, names={"x": x}, quiet=True)
    with pytest.raises(ValueError, match="grad_fn is None"):
        viz.check_grads(autograd.tensor(1.0), {}, names={}, quiet=True)
    loss = (x * 2).sum()
    loss.backward()
    with pytest.raises(RuntimeError, match="freed"):
        viz.check_grads(loss, {"x": [2.0, 2.0]}, names={"x": x}, quiet=True)


def test_the_picture_marks_right_wrong_and_missing():
    t = course_graph()
    report = viz.check_grads(t["J"], {"v": 3.0, "u": 3.0, "b": 5.0, "c": None}, names=t,
                             quiet=True)
    source = report.picture().source
    assert source.count('color="#16a34a"') == 2  # v and u
    assert source.count('color="#dc2626"') == 1 and 'penwidth=5' in source  # b, the first wrong
    assert source.count('color="#d97706"') == 1  # c
    assert "yours 5" in source and "not done" in source
    assert "b.grad += u.grad · c = 3 · 2 = 6" in source  # the hint under the picture
    assert "grad 6" not in source  # the engine's gradients are not given away on the nodes
    assert "green = your gradient is right" in source


def test_the_report_shows_as_the_picture_with_the_table_as_text():
    t = course_graph()
    report = viz.check_grads(t["J"], RIGHT, names=t, quiet=True)
    bundle = report._repr_mimebundle_()  # with dot or, without it, the pip-installed layout
    assert bundle["image/svg+xml"].lstrip().startswith(("<?xml", "<svg"))
    assert bundle["text/plain"].startswith("name")


def test_differences_names_the_kind_of_mistake():
    expected = np.array([[1.0, -2.0], [3.0, 0.5]])
    assert differences("w", -expected, expected)[-1] == "yours has the opposite sign"
    assert "0.5 × the right gradient" in differences("w", 0.5 * expected, expected)[-1]
    assert "term 2 alone" in differences("w", expected / 4, expected,
                                         [expected * 3 / 4, expected / 4])[-1]
    assert "largest difference at [1, 1]" in differences(
        "w", expected + np.array([[0, 0], [0, 1.0]]), expected)[-1]
    assert "transposed" in differences("w", np.ones((3, 2)), np.ones((2, 3)))[0]


def makemore_mlp(seed: int = 0) -> dict:
    """A two-layer character MLP with BatchNorm, every step a named tensor (34 of them)."""
    rng = np.random.default_rng(seed)
    n, vocab, block, n_embd, n_hidden = 32, 27, 3, 10, 64

    def leaf(*shape, scale=1.0):
        return autograd.tensor(rng.standard_normal(shape) * scale, dtype=autograd.float32,
                               requires_grad=True)

    t = {"C": leaf(vocab, n_embd), "W1": leaf(block * n_embd, n_hidden, scale=0.3),
         "b1": leaf(n_hidden, scale=0.1), "W2": leaf(n_hidden, vocab, scale=0.1),
         "b2": leaf(vocab, scale=0.1), "bngain": leaf(1, n_hidden, scale=0.1),
         "bnbias": leaf(1, n_hidden, scale=0.1)}
    Xb = autograd.tensor(rng.integers(0, vocab, (n, block)))
    Yb = autograd.tensor(rng.integers(0, vocab, (n,)))
    t["emb"] = t["C"][Xb]
    t["embcat"] = t["emb"].reshape(n, -1)
    t["x_W1"] = t["embcat"] @ t["W1"]
    t["hprebn"] = t["x_W1"] + t["b1"]
    t["bnmeani"] = 1 / n * t["hprebn"].sum(0, keepdim=True)
    t["bndiff"] = t["hprebn"] - t["bnmeani"]
    t["bndiff2"] = t["bndiff"] ** 2
    t["bnvar"] = 1 / (n - 1) * t["bndiff2"].sum(0, keepdim=True)
    t["bnvar_eps"] = t["bnvar"] + 1e-5
    t["bnvar_inv"] = t["bnvar_eps"] ** -0.5
    t["bnraw"] = t["bndiff"] * t["bnvar_inv"]
    t["bn_scaled"] = t["bngain"] * t["bnraw"]
    t["hpreact"] = t["bn_scaled"] + t["bnbias"]
    t["h"] = autograd.tanh(t["hpreact"])
    t["h_W2"] = t["h"] @ t["W2"]
    t["logits"] = t["h_W2"] + t["b2"]
    t["logit_maxes"] = t["logits"].max(1, keepdim=True).values
    t["norm_logits"] = t["logits"] - t["logit_maxes"]
    t["counts"] = t["norm_logits"].exp()
    t["counts_sum"] = t["counts"].sum(1, keepdim=True)
    t["counts_sum_inv"] = t["counts_sum"] ** -1
    t["probs"] = t["counts"] * t["counts_sum_inv"]
    t["logprobs"] = t["probs"].log()
    t["picked"] = t["logprobs"][np.arange(n), Yb]
    t["mean_picked"] = t["picked"].mean()
    t["loss"] = -t["mean_picked"]
    return t


def test_a_makemore_size_mlp_with_34_names_against_pytorch():
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    t = makemore_mlp()
    assert len(t) >= 30
    # PyTorch's gradient of every named tensor, as a learner's hand-written answer
    leaves = {name: torch.tensor(t[name].numpy(force=True), requires_grad=True)
              for name in ("C", "W1", "b1", "W2", "b2", "bngain", "bnbias")}
    rng = np.random.default_rng(0)  # the same draws as makemore_mlp
    for shape in ((27, 10), (30, 64), (64,), (64, 27), (27,), (1, 64), (1, 64)):
        rng.standard_normal(shape)
    Xb = torch.tensor(rng.integers(0, 27, (32, 3)))
    Yb = torch.tensor(rng.integers(0, 27, (32,)))
    m = dict(leaves)
    m["emb"] = m["C"][Xb]
    m["embcat"] = m["emb"].reshape(32, -1)
    m["x_W1"] = m["embcat"] @ m["W1"]
    m["hprebn"] = m["x_W1"] + m["b1"]
    m["bnmeani"] = 1 / 32 * m["hprebn"].sum(0, keepdim=True)
    m["bndiff"] = m["hprebn"] - m["bnmeani"]
    m["bndiff2"] = m["bndiff"] ** 2
    m["bnvar"] = 1 / 31 * m["bndiff2"].sum(0, keepdim=True)
    m["bnvar_eps"] = m["bnvar"] + 1e-5
    m["bnvar_inv"] = m["bnvar_eps"] ** -0.5
    m["bnraw"] = m["bndiff"] * m["bnvar_inv"]
    m["bn_scaled"] = m["bngain"] * m["bnraw"]
    m["hpreact"] = m["bn_scaled"] + m["bnbias"]
    m["h"] = torch.tanh(m["hpreact"])
    m["h_W2"] = m["h"] @ m["W2"]
    m["logits"] = m["h_W2"] + m["b2"]
    m["logit_maxes"] = m["logits"].max(1, keepdim=True).values
    m["norm_logits"] = m["logits"] - m["logit_maxes"]
    m["counts"] = m["norm_logits"].exp()
    m["counts_sum"] = m["counts"].sum(1, keepdim=True)
    m["counts_sum_inv"] = m["counts_sum"] ** -1
    m["probs"] = m["counts"] * m["counts_sum_inv"]
    m["logprobs"] = m["probs"].log()
    m["picked"] = m["logprobs"][torch.arange(32), Yb]
    m["mean_picked"] = m["picked"].mean()
    m["loss"] = -m["mean_picked"]
    for tensor in m.values():
        tensor.retain_grad()
    m["loss"].backward()
    assert abs(m["loss"].item() - t["loss"].item()) < 1e-5
    mirror = {name: m[name].grad.numpy() for name in t}
    report = viz.check_grads(t["loss"], mirror, names=t, quiet=True)
    assert len(report) == len(t) and report.ok, report.table()
    assert report.counts()["wrong"] == 0

    # one wrong step in the middle: found, explained, and what follows it told to wait
    mirror["bnvar"] = mirror["bnvar"] * 2
    mirror["bndiff2"] = mirror["bndiff2"] * 2
    report = viz.check_grads(t["loss"], mirror, names=t, quiet=True)
    assert report.first_wrong == "bnvar"
    assert "bnvar.grad += bnvar_eps.grad · 1" in report.hint
    assert "2 × the right gradient" in report.hint
    assert report["bndiff2"].hint == ("bndiff2's gradient is computed from the gradient of "
                                      "bnvar, which is wrong: fix bnvar first")
    assert {r.name for r in report if r.status == "wrong"} == {"bnvar", "bndiff2"}

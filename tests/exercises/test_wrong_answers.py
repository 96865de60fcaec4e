"""For every graded exercise: the solution with one line made wrong fails that exercise, and
the hint names what is wrong (the tensor or input, and the chain-rule line or formula that
is right)."""
from __future__ import annotations

import pytest

from backproplab.exercises import NOTEBOOKS, exercises_of
from tests.exercises.runner import SOLUTIONS, code_cells, replace_once, run_cells

SCALAR = "01_scalar_engine"
OPS = "02_function_backward"
NINJA = "03_backprop_ninja"
STEPS = "04_optimizer_steps"
CHECKING = "05_gradient_checking"

# (notebook, exercise, solution text, wrong text, words the hint must contain)
WRONG = [
    (SCALAR, "value_add", "other.grad += out.grad", "other.grad = out.grad",
     ["a + a", "a is used 2 times", "a.grad += out.grad · 1", "term 1 alone"]),
    (SCALAR, "value_mul", "self.grad += other.data * out.grad",
     "self.grad += self.data * out.grad",
     ["a * b", "gradient of a", "∂out/∂a = b:  a.grad += out.grad · b = 1 · -3 = -3", "yours 2"]),
    (SCALAR, "value_pow", "self.grad += k * self.data ** (k - 1) * out.grad",
     "self.grad += k * self.data ** k * out.grad",
     ["a ** 3", "∂out/∂a = 3*a**2:  a.grad += out.grad · 3*a**2 = 1 · 12 = 12", "yours 24"]),
    (SCALAR, "value_tanh", "self.grad += (1 - t ** 2) * out.grad",
     "self.grad += (1 - t) * out.grad",
     ["a.tanh()", "∂out/∂a = 1 - tanh(a)**2"]),
    (SCALAR, "value_exp", "self.grad += out.data * out.grad", "self.grad += self.data * out.grad",
     ["a.exp()", "∂out/∂a = exp(a):  a.grad += out.grad · exp(a)"]),
    (SCALAR, "derived_ops", "return self * other ** -1", "return self * other",
     ["a / b", "yours -8, expected -0.5"]),
    (SCALAR, "topological_order", "stack.extend((child, False) for child in value._prev)",
     "stack.extend((child, True) for child in value._prev)",
     ["J = 3*(a + b*c)", "visit every Value"]),
    (SCALAR, "value_backward", "    for value in reversed(topological_order(self)):",
     "    for value in topological_order(self):",
     ["x is used 3 times", "x.grad += (x*x).grad · x", "expected 7, yours 1"]),
    (SCALAR, "sin_chain", "self.grad += math.cos(self.data) * out.grad",
     "self.grad += math.cos(out.data) * out.grad",
     ["sin(x**2 + 3*x)", "gradient of x", "x.grad += (x**2).grad · 2*x"]),
    (SCALAR, "neuron", "return (x1 * w1 + x2 * w2 + b).tanh()", "return x1 * w1 + x2 * w2 + b",
     ["neuron(x1, x2, w1, w2, b)", "yours 0.8814, expected 0.7071"]),
    (SCALAR, "two_layer_mlp", "return sum((w * hj for w, hj in zip(W2, h)), b2)",
     "return sum((w * hj for w, hj in zip(W2, h)), b2 * 2)",
     ["mlp's output", "yours 0.4881, expected 0.3881"]),
    (OPS, "mul", "return grad_output * b, grad_output * a",
     "return grad_output * a, grad_output * b",
     ["input a", "Mul: out = a*b; ∂out/∂a = b, so backward returns grad_output * (b)"]),
    (OPS, "div", "return grad_output / b, -grad_output * a / b ** 2",
     "return grad_output / b, grad_output * a / b ** 2",
     ["input b", "∂out/∂b = -a/b**2", "opposite sign"]),
    (OPS, "pow", "return grad_output * ctx.n * a ** (ctx.n - 1), None",
     "return grad_output * ctx.n * a ** (ctx.n - 1)",
     ["incorrect number of gradients (expected 2, got 1)", "None for those without"]),
    (OPS, "exp", "        return grad_output * out\n", "        return out\n",
     ["input a", "∂out/∂a = exp(a), so backward returns grad_output * (exp(a))"]),
    (OPS, "log", "return grad_output / a", "return grad_output * a",
     ["input a", "∂out/∂a = 1/a"]),
    (OPS, "tanh", "return grad_output * (1 - out ** 2)", "return grad_output * (1 - out)",
     ["input a", "∂out/∂a = 1 - tanh(a)**2"]),
    (OPS, "sigmoid", "return grad_output * out * (1 - out)", "return grad_output * out",
     ["input a", "∂out/∂a = out*(1 - out)"]),
    (OPS, "relu", "return grad_output * (a > 0)", "return grad_output",
     ["input a", "∂out/∂a = where(a > 0, 1, 0)"]),
    (OPS, "matmul", "return grad_output @ b.T, a.T @ grad_output",
     "return grad_output @ b.T, grad_output.T @ a",
     ["got shape (2, 4) for an input of shape (4, 2)", "returns a.T @ grad_output for b"]),
    (OPS, "softmax", "return out * (grad_output - dot), None", "return out * grad_output, None",
     ["input a", "its backward returns out*(grad_output - sum(grad_output*out)) for a"]),
    (NINJA, "logprobs", "dlogprobs[torch.arange(n), Yb] = -1.0 / n",
     "dlogprobs[torch.arange(n), Yb] = 1.0 / n",
     ["dlogprobs is wrong", "logprobs.grad += add_at(", "opposite sign"]),
    (NINJA, "probs", "dprobs = (1.0 / probs) * dlogprobs", "dprobs = probs * dlogprobs",
     ["∂logprobs/∂probs = 1/probs:  probs.grad += logprobs.grad · 1/probs"]),
    (NINJA, "counts_sum_inv", "dcounts_sum_inv = (counts * dprobs).sum(1, keepdim=True)",
     "dcounts_sum_inv = counts * dprobs",
     ["counts_sum_inv.grad += probs.grad · counts", "shape (32, 27) but counts_sum_inv has "
      "shape (32, 1)", "sum yours over dim 1 with keepdim=True"]),
    (NINJA, "counts_sum", "dcounts_sum = (-counts_sum ** -2) * dcounts_sum_inv",
     "dcounts_sum = (counts_sum ** -2) * dcounts_sum_inv",
     ["counts_sum.grad += counts_sum_inv.grad · ", "-counts_sum**(-2)", "opposite sign"]),
    (NINJA, "counts", "dcounts += torch.ones_like(counts) * dcounts_sum", "",
     ["counts is used 2 times", "counts.grad += counts_sum.grad · 1", "term 1 alone"]),
    (NINJA, "norm_logits", "dnorm_logits = counts * dcounts", "dnorm_logits = dcounts",
     ["norm_logits.grad += counts.grad · exp(norm_logits)"]),
    (NINJA, "logit_maxes", "dlogit_maxes = (-dnorm_logits).sum(1, keepdim=True)",
     "dlogit_maxes = (-dnorm_logits).max(1, keepdim=True).values",
     ["logit_maxes.grad += norm_logits.grad · (-1)"]),
    (NINJA, "logits", "dlogits = dnorm_logits.clone()", "dlogits = torch.zeros_like(logits)",
     ["logits is used 2 times", "logits.grad += norm_logits.grad · 1"]),
    (NINJA, "h", "dh = dlogits @ W2.T", "dh = (dlogits @ W2.T).T",
     ["h.grad += (h @ W2).grad @ W2.T", "transposed"]),
    (NINJA, "W2", "dW2 = h.T @ dlogits", "dW2 = dlogits.T @ h",
     ["W2.grad += h.T @ (h @ W2).grad", "transposed"]),
    (NINJA, "b2", "db2 = dlogits.sum(0)", "db2 = dlogits.sum(0, keepdim=True)",
     ["b2.grad += logits.grad · 1", "sum without keepdim=True"]),
    (NINJA, "hpreact", "dhpreact = (1.0 - h ** 2) * dh", "dhpreact = (1.0 - h) * dh",
     ["hpreact.grad += h.grad · (1 - tanh(hpreact)**2)"]),
    (NINJA, "bngain", "dbngain = (bnraw * dhpreact).sum(0, keepdim=True)",
     "dbngain = (bnraw * dhpreact).sum(0)",
     ["bngain.grad += (bngain*bnraw).grad · bnraw", "sum with keepdim=True"]),
    (NINJA, "bnbias", "dbnbias = dhpreact.sum(0, keepdim=True)",
     "dbnbias = dhpreact.mean(0, keepdim=True)",
     ["bnbias.grad += hpreact.grad · 1", "0.03125 × the right gradient"]),
    (NINJA, "bnraw", "dbnraw = bngain * dhpreact", "dbnraw = dhpreact",
     ["bnraw.grad += (bngain*bnraw).grad · bngain"]),
    (NINJA, "bnvar_inv", "dbnvar_inv = (bndiff * dbnraw).sum(0, keepdim=True)",
     "dbnvar_inv = (bnraw * dbnraw).sum(0, keepdim=True)",
     ["bnvar_inv.grad += bnraw.grad · bndiff"]),
    (NINJA, "bnvar", "dbnvar = (-0.5 * (bnvar + 1e-5) ** -1.5) * dbnvar_inv",
     "dbnvar = (-0.5 * (bnvar + 1e-5) ** -0.5) * dbnvar_inv",
     ["(bnvar + 1e-05).grad += bnvar_inv.grad · ", "-0.5*(bnvar + 1e-05)**(-1.5)",
      "bnvar.grad += (bnvar + 1e-05).grad · 1"]),
    (NINJA, "bndiff2", "dbndiff2 = (1.0 / (n - 1)) * torch.ones_like(bndiff2) * dbnvar",
     "dbndiff2 = (1.0 / n) * torch.ones_like(bndiff2) * dbnvar",
     ["∂bnvar/∂sum(bndiff2", ".grad += bnvar.grad · 1/31", "bndiff2.grad += sum(bndiff2",
      "0.9688 × the right gradient"]),
    (NINJA, "bndiff", "dbndiff += (2 * bndiff) * dbndiff2", "dbndiff += bndiff * dbndiff2",
     ["bndiff is used 2 times", "bndiff.grad += bndiff2.grad · 2*bndiff"]),
    (NINJA, "bnmeani", "dbnmeani = (-dbndiff).sum(0, keepdim=True)",
     "dbnmeani = dbndiff.sum(0, keepdim=True)",
     ["bnmeani.grad += bndiff.grad · (-1)", "opposite sign"]),
    (NINJA, "hprebn", "dhprebn += 1.0 / n * (torch.ones_like(hprebn) * dbnmeani)",
     "dhprebn += torch.ones_like(hprebn) * dbnmeani",
     ["hprebn is used 2 times", "hprebn.grad += bndiff.grad · 1", "hprebn.grad += sum(hprebn"]),
    (NINJA, "embcat", "dembcat = dhprebn @ W1.T", "dembcat = dhprebn @ W1.T * 0.5",
     ["embcat.grad += (embcat @ W1).grad @ W1.T", "0.5 × the right gradient"]),
    (NINJA, "W1", "dW1 = embcat.T @ dhprebn", "dW1 = embcat.T @ dhprebn / n",
     ["W1.grad += embcat.T @ (embcat @ W1).grad", "0.03125 × the right gradient"]),
    (NINJA, "b1", "db1 = dhprebn.sum(0)", "db1 = dhprebn.abs().sum(0)",
     ["∂hprebn/∂b1 = 1:  b1.grad += hprebn.grad · 1"]),
    (NINJA, "emb", "demb = dembcat.view(emb.shape)", "demb = dembcat",
     ["emb.grad += reshape(embcat.grad, emb.shape)", "reshape yours to (32, 3, 10)"]),
    (NINJA, "C", "dC[Xb[k, j]] += demb[k, j]", "dC[Xb[k, j]] = demb[k, j]",
     ["C.grad += add_at(zeros_like(C)"]),
    (NINJA, "cross_entropy", "dlogits /= n\n", "\n",
     ["logits is used 2 times", "32 × the right gradient", "(p − y)/n"]),
    (NINJA, "batchnorm", "n / (n - 1) * bnraw", "bnraw",
     ["dhprebn is wrong", "hprebn is used 2 times", "n/(n−1)·bnraw"]),
    (STEPS, "sgd", "            p -= lr * p.grad\n", "            p = p - lr * p.grad\n",
     ["after step 1, W differs from optim.SGD's", "did not change it", "θ_t = θ_{t-1} - γ g_t"]),
    (STEPS, "momentum", "v = beta * v + (1 - beta) * p.grad", "v = beta * v + p.grad",
     ["after step 1, W differs from optim.Momentum's", "v_t = β v_{t-1} + (1 - β) g_t"]),
    (STEPS, "sgd_momentum", 's["momentum_buffer"] = p.grad.clone()',
     's["momentum_buffer"] = (1 - momentum) * p.grad',
     ["after step 1, W differs from optim.SGD(momentum=0.9)'s", "b_t = g_t"]),
    (STEPS, "rmsprop", "p -= lr * p.grad / (torch.sqrt(square_avg) + eps)",
     "p -= lr * p.grad / torch.sqrt(square_avg + eps)",
     ["differs from optim.RMSprop's", "v_t = α v_{t-1} + (1 - α) g_t²"]),
    (STEPS, "adagrad", 's["sum"] = s.get("sum", torch.zeros_like(p)) + p.grad ** 2',
     's["sum"] = p.grad ** 2',
     ["after step 2", "step 1 matched: is the state kept", "s_t = s_{t-1} + g_t²"]),
    (STEPS, "adam", "m_hat = m / (1 - beta1 ** t)", "m_hat = m",
     ["after step 1, W differs from optim.Adam's", "m̂_t = m_t / (1 - β1^t)"]),
    (STEPS, "ewa_bias_correction", "averages.append(v / (1 - beta ** t) if bias_correction else v)",
     "averages.append(v / (1 - beta) if bias_correction else v)",
     ["bias_correction=True, value 2", "v̂_t = v_t / (1 − β^t)"]),
    (CHECKING, "numeric_gradient", "grad[i] = (plus - minus) / (2 * eps)",
     "grad[i] = (plus - J(theta)) / eps", ["forward differences", "central differences"]),
    (CHECKING, "difference",
     "return np.linalg.norm(grad - grad_approx) / (np.linalg.norm(grad) + "
     "np.linalg.norm(grad_approx))",
     "return np.linalg.norm(grad - grad_approx) / np.linalg.norm(grad)",
     ["‖g_a − g_n‖ / (‖g_a‖ + ‖g_n‖)"]),
    (CHECKING, "gradient_check", "    diff = difference(grad, numeric_gradient(J, theta, eps))",
     "    diff = difference(grad, numeric_gradient(J, theta, 1e-2))",
     ["should be below 1e-7", "ε = 1e-7"]),
    (CHECKING, "per_parameter_check",
     'found[name] = gradient_check(J_one, params[name].ravel().copy(), grads["d" + name].ravel())',
     "found[name] = gradient_check(J, to_vector(params), to_vector({k: grads['d' + k] "
     "for k in shapes}))",
     ["with the right backward, the differences above 1e-7 are for"]),
    (CHECKING, "fixed_backward", '    g["db1"] = g["dZ1"].sum(axis=1, keepdims=True) / m\n    ###',
     '    g["db1"] = 4 * g["dZ1"].sum(axis=1, keepdims=True) / m\n    ###',
     ["the gradient of b1 is wrong", "∂Z1/∂b1 = 1:  b1.grad += Z1.grad · 1",
      "4 × the right gradient"]),
]


def test_every_exercise_has_a_wrong_answer():
    covered = {(notebook, exercise) for notebook, exercise, *_ in WRONG}
    expected = {(notebook, exercise) for notebook in NOTEBOOKS
                for exercise in exercises_of(notebook)}
    assert covered == expected
    assert len(expected) >= 30


@pytest.mark.parametrize("notebook, exercise, right, wrong, words", WRONG,
                         ids=[f"{n[:2]}-{e}" for n, e, *_ in WRONG])
def test_a_wrong_answer_fails_with_a_hint(notebook, exercise, right, wrong, words):
    path = SOLUTIONS / f"{notebook}.ipynb"
    grades = run_cells(path, replace_once(code_cells(path), right, wrong), until=exercise)
    grade = grades[exercise]
    assert grade["status"] == "fail", grade
    for word in words:
        assert word in grade["message"], f"{word!r} not in the hint:\n{grade['message']}"

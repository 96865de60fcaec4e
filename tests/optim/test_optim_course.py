"""The course's worked optimizer steps (EXAMPLES §3) computed by hand, and LAMB against its
paper."""
import math

import numpy as np
import pytest

from autograd import Tensor
import optim
from optim.adam import _adam_update
from optim.lamb import _lamb_update
from optim.adaptive import _adagrad_update, _rmsprop_update
from optim.sgd import _momentum_update


def _param(value):
    return Tensor(np.array(value, dtype=np.float64), requires_grad=True)


def _step_with(opt, p, grad):
    p.grad = Tensor(np.array(grad, dtype=np.float64))
    opt.step()


def test_momentum_ewa_on_the_slides_gradients_with_bias_correction():
    # v_t = 0.9 v_{t-1} + 0.1 g_t on g = 0.81, 0.9, 0.96, 0.34 (v_0 = 0)
    v1 = 0.1 * 0.81                      # 0.081
    v2 = 0.9 * v1 + 0.1 * 0.9            # 0.1629
    v3 = 0.9 * v2 + 0.1 * 0.96           # 0.24261
    v4 = 0.9 * v3 + 0.1 * 0.34           # 0.252349
    assert [v1, v2, v3, v4] == pytest.approx([0.081, 0.1629, 0.24261, 0.252349])
    corrected = [v1 / 0.1, v2 / 0.19, v3 / 0.271, v4 / 0.3439]  # v_t / (1 - 0.9^t)
    assert corrected == pytest.approx([0.81, 0.857368421, 0.895239852, 0.733785984], rel=1e-8)

    # the optimizer with lr = 1 moves θ by exactly -v_t (or -v̂_t): read v back from θ
    for bias_correction, expected in [(False, [v1, v2, v3, v4]), (True, corrected)]:
        p = _param(0.0)
        opt = optim.Momentum([p], lr=1.0, beta=0.9, bias_correction=bias_correction)
        steps = []
        for g in [0.81, 0.9, 0.96, 0.34]:
            before = p.item()
            _step_with(opt, p, g)
            steps.append(before - p.item())
        assert steps == pytest.approx(expected, rel=1e-12)

    # and the pure function on arrays
    theta, velocity = np.zeros(1), np.zeros(1)
    for t, g in enumerate([0.81, 0.9, 0.96, 0.34], start=1):
        _momentum_update(theta, np.array([g]), velocity, t, lr=0.1, beta=0.9,
                         bias_correction=False, weight_decay=0.0)
    assert velocity[0] == pytest.approx(v4)
    assert theta[0] == pytest.approx(-0.1 * (v1 + v2 + v3 + v4))


def test_momentum_course_step_on_a_quadratic():
    # J(θ) = θ², g = 2θ; θ0 = 1, α = 0.1, β = 0.9
    p = _param(1.0)
    opt = optim.Momentum([p], lr=0.1, beta=0.9)
    _step_with(opt, p, 2 * 1.0)          # v1 = 0.1 * 2 = 0.2; θ1 = 1 - 0.02 = 0.98
    assert p.item() == pytest.approx(0.98)
    _step_with(opt, p, 2 * 0.98)         # v2 = 0.18 + 0.196 = 0.376; θ2 = 0.98 - 0.0376
    assert p.item() == pytest.approx(0.9424)


def test_adam_worked_steps_by_hand():
    # β1 = 0.9, β2 = 0.999, ε = 1e-8, α = 0.1; θ0 = 1; g1 = 0.5, g2 = -0.2
    p = _param(1.0)
    opt = optim.Adam([p], lr=0.1)
    _step_with(opt, p, 0.5)
    m1, v1 = 0.1 * 0.5, 0.001 * 0.25                 # 0.05, 0.00025
    m_hat, v_hat = m1 / 0.1, v1 / 0.001              # 0.5, 0.25
    theta1 = 1.0 - 0.1 * m_hat / (math.sqrt(v_hat) + 1e-8)   # ≈ 0.9: first step ≈ α sign(g)
    assert p.item() == pytest.approx(theta1, rel=1e-14)
    assert p.item() == pytest.approx(0.9, abs=1e-8)
    _step_with(opt, p, -0.2)
    m2 = 0.9 * m1 + 0.1 * -0.2                       # 0.025
    v2 = 0.999 * v1 + 0.001 * 0.04                   # 0.00028975
    m_hat, v_hat = m2 / (1 - 0.9 ** 2), v2 / (1 - 0.999 ** 2)   # 0.131578..., 0.144947...
    theta2 = theta1 - 0.1 * m_hat / (math.sqrt(v_hat) + 1e-8)
    assert p.item() == pytest.approx(theta2, rel=1e-14)
    assert p.item() == pytest.approx(0.865439, abs=1e-6)
    state = opt.state[p]
    assert (state["step"], float(state["exp_avg"]), float(state["exp_avg_sq"])) == \
        pytest.approx((2, m2, v2))


def test_adam_pure_function_and_amsgrad_keeps_the_max():
    theta = np.array([1.0, -1.0])
    m, v, v_max = np.zeros(2), np.zeros(2), np.zeros(2)
    for t, g in enumerate([np.array([1.0, 1.0]), np.array([0.0, 0.0])], start=1):
        _adam_update(theta, g, m, v, v_max, t, lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8,
                     weight_decay=0.0, amsgrad=True, maximize=False,
                     decoupled_weight_decay=False)
    assert v_max == pytest.approx(np.full(2, 0.001))      # max(v1, v2 = 0.999 v1)
    assert v == pytest.approx(np.full(2, 0.000999))


def test_adamw_decay_is_decoupled():
    # with a zero gradient Adam's moments stay 0, so only the decay moves θ: θ (1 - αλ)
    p = _param([2.0, -4.0])
    opt = optim.AdamW([p], lr=0.1, weight_decay=0.5)
    _step_with(opt, p, [0.0, 0.0])
    assert p.numpy(force=True) == pytest.approx(np.array([2.0, -4.0]) * (1 - 0.1 * 0.5))


def test_adagrad_and_rmsprop_course_forms():
    # AdaGrad: s += g², θ -= α g / (√s + ε)
    theta, s = np.array([1.0]), np.zeros(1)
    for t, g in enumerate([3.0, 4.0], start=1):
        _adagrad_update(theta, np.array([g]), s, t, lr=0.5, lr_decay=0.0, weight_decay=0.0,
                        eps=1e-10, maximize=False)
    assert s[0] == 25.0
    assert theta[0] == pytest.approx(1.0 - 0.5 * 3 / 3 - 0.5 * 4 / 5)
    # RMSprop: s = β s + (1-β) g², θ -= α g / (√s + ε)
    theta, s = np.array([1.0]), np.zeros(1)
    _rmsprop_update(theta, np.array([2.0]), s, None, None, lr=0.01, alpha=0.9, eps=1e-8,
                    weight_decay=0.0, momentum=0.0, centered=False, maximize=False)
    assert s[0] == pytest.approx(0.4)
    assert theta[0] == pytest.approx(1.0 - 0.01 * 2.0 / (math.sqrt(0.4) + 1e-8))


def _lamb_by_hand(thetas, grads_per_step, lr, beta1, beta2, eps, wd):
    """LAMB as written in You et al. (2019), Algorithm 2, one layer at a time, plain Python."""
    thetas = [list(map(float, t.ravel())) for t in thetas]
    ms = [[0.0] * len(t) for t in thetas]
    vs = [[0.0] * len(t) for t in thetas]
    for t, grads in enumerate(grads_per_step, start=1):
        for layer, g in enumerate(grads):
            g = list(map(float, g.ravel()))
            theta, m, v = thetas[layer], ms[layer], vs[layer]
            r = []
            for i in range(len(theta)):
                m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] ** 2
                m_hat = m[i] / (1 - beta1 ** t)
                v_hat = v[i] / (1 - beta2 ** t)
                r.append(m_hat / (math.sqrt(v_hat) + eps) + wd * theta[i])
            norm_theta = math.sqrt(sum(x * x for x in theta))
            norm_r = math.sqrt(sum(x * x for x in r))
            ratio = norm_theta / norm_r if norm_theta > 0 and norm_r > 0 else 1.0
            thetas[layer] = [x - lr * ratio * ri for x, ri in zip(theta, r)]
    return thetas


def test_lamb_equals_the_paper_update_written_out():
    rng = np.random.default_rng(0)
    shapes = [(4, 3), (3,), (2, 2)]
    initial = [rng.standard_normal(s) for s in shapes]
    initial[2][:] = 0.0   # a zero layer: trust ratio 1
    grads = [[rng.standard_normal(s) for s in shapes] for _ in range(10)]
    params = [Tensor(a.copy(), requires_grad=True) for a in initial]
    opt = optim.LAMB(params, lr=0.02, betas=(0.9, 0.99), eps=1e-6, weight_decay=0.01)
    for step_grads in grads:
        for p, g in zip(params, step_grads):
            p.grad = Tensor(g.copy())
        opt.step()
    expected = _lamb_by_hand(initial, grads, 0.02, 0.9, 0.99, 1e-6, 0.01)
    for p, e in zip(params, expected):
        np.testing.assert_allclose(p.numpy(force=True).ravel(), e, rtol=1e-12, atol=1e-14)
    # each layer moves by lr · ||θ|| (the trust ratio) on the first step
    theta = rng.standard_normal(5) * 7
    before = theta.copy()
    ratio = _lamb_update(theta, rng.standard_normal(5), np.zeros(5), np.zeros(5), 1, lr=0.01,
                         beta1=0.9, beta2=0.999, eps=1e-6, weight_decay=0.0,
                         bias_correction=True, trust_clip=None)
    assert np.linalg.norm(theta - before) == pytest.approx(0.01 * np.linalg.norm(before))
    assert ratio == pytest.approx(np.linalg.norm(before) / np.sqrt(5), rel=1e-3)  # update ≈ sign(g)
    # trust_clip bounds the ratio
    theta = before.copy()
    ratio = _lamb_update(theta, np.ones(5), np.zeros(5), np.zeros(5), 1, lr=0.01, beta1=0.9,
                         beta2=0.999, eps=1e-6, weight_decay=0.0, bias_correction=True,
                         trust_clip=1.0)
    assert ratio == 1.0

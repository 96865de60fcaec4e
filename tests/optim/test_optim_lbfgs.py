"""LBFGS: minimising Rosenbrock, and step for step against PyTorch's trajectory."""
import copy

import numpy as np
import pytest

from autograd import Tensor
import optim
from optim.lbfgs import _cubic_interpolate

START = np.array([-1.5, 2.0, -0.5, 1.2])


def rosenbrock(x):
    """f(x) = Σ 100 (x_{i+1} - x_i²)² + (1 - x_i)²; minimum 0 at x = (1, ..., 1)."""
    return (100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2).sum()


def _closure(opt, x, f=rosenbrock, counter=None):
    def closure():
        if counter is not None:
            counter.append(1)
        opt.zero_grad()
        loss = f(x)
        loss.backward()
        return loss
    return closure


def test_strong_wolfe_minimises_rosenbrock():
    x = Tensor(START.copy(), requires_grad=True)
    opt = optim.LBFGS([x], line_search_fn="strong_wolfe", max_iter=100, history_size=10,
                      tolerance_grad=1e-10, tolerance_change=1e-14)
    for _ in range(3):
        opt.step(_closure(opt, x))
    np.testing.assert_allclose(x.data, np.ones(4), atol=1e-7)
    assert float(rosenbrock(x)) < 1e-12
    assert opt.state[x]["n_iter"] > 10


def test_fixed_step_lbfgs_decreases_rosenbrock():
    x = Tensor(START.copy(), requires_grad=True)
    opt = optim.LBFGS([x], lr=0.5, max_iter=40)
    first = float(opt.step(_closure(opt, x)))
    for _ in range(10):
        opt.step(_closure(opt, x))
    assert float(rosenbrock(x)) < 1e-2 * first


def test_max_eval_bounds_the_closure_calls():
    x = Tensor(START.copy(), requires_grad=True)
    calls = []
    opt = optim.LBFGS([x], line_search_fn="strong_wolfe", max_iter=50, max_eval=12)
    opt.step(_closure(opt, x, counter=calls))
    assert len(calls) <= 12 + 25  # the line search may finish its bracket
    assert opt.state[x]["func_evals"] == len(calls)


def test_stops_at_once_when_the_gradient_is_zero():
    x = Tensor(np.ones(4), requires_grad=True)
    calls = []
    opt = optim.LBFGS([x])
    opt.step(_closure(opt, x, counter=calls))
    assert len(calls) == 1 and np.array_equal(x.data, np.ones(4))


def test_step_needs_a_closure():
    opt = optim.LBFGS([Tensor(np.ones(2), requires_grad=True)])
    with pytest.raises(ValueError, match="closure"):
        opt.step(None)


def test_cubic_interpolate_finds_the_minimum_of_a_cubic():
    # f(x) = (x - 1)^2 (x + 2)... use a quadratic f = (x - 0.3)², exact for cubic interpolation
    f = lambda x: (x - 0.3) ** 2
    g = lambda x: 2 * (x - 0.3)
    assert _cubic_interpolate(0.0, f(0.0), g(0.0), 1.0, f(1.0), g(1.0)) == pytest.approx(0.3)
    assert _cubic_interpolate(0.0, f(0.0), g(0.0), 1.0, f(1.0), g(1.0),
                              bounds=(0.5, 1.0)) == pytest.approx(0.5)


def test_state_dict_round_trip_continues_identically():
    x = Tensor(START.copy(), requires_grad=True)
    opt = optim.LBFGS([x], line_search_fn="strong_wolfe", max_iter=4, history_size=3)
    for _ in range(3):
        opt.step(_closure(opt, x))
    checkpoint, saved = x.data.copy(), copy.deepcopy(opt.state_dict())
    for _ in range(3):
        opt.step(_closure(opt, x))
    y = Tensor(checkpoint, requires_grad=True)
    opt2 = optim.LBFGS([y], line_search_fn="strong_wolfe", max_iter=4, history_size=3)
    opt2.load_state_dict(saved)
    for _ in range(3):
        opt2.step(_closure(opt2, y))
    np.testing.assert_array_equal(x.data, y.data)


@pytest.mark.parametrize("kwargs", [
    dict(line_search_fn="strong_wolfe"),
    dict(line_search_fn="strong_wolfe", max_iter=5, history_size=3),
    dict(lr=0.5, max_iter=10),
    dict(lr=0.1, max_iter=7, max_eval=9, history_size=2),
])
def test_trajectory_equals_pytorch(kwargs):
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    ours = [Tensor(START[:2].copy(), requires_grad=True),
            Tensor(START[2:].copy(), requires_grad=True)]
    theirs = [torch.tensor(START[:2].copy(), requires_grad=True),
              torch.tensor(START[2:].copy(), requires_grad=True)]
    opt = optim.LBFGS(ours, **kwargs)
    ref = torch.optim.LBFGS(theirs, **kwargs)

    def ours_f(_):
        from autograd import cat
        return rosenbrock(cat(ours))

    def theirs_closure():
        ref.zero_grad()
        loss = rosenbrock(torch.cat(theirs))
        loss.backward()
        return loss
    for step in range(4):
        loss = opt.step(_closure(opt, None, f=ours_f))
        ref_loss = ref.step(theirs_closure)
        assert float(loss) == pytest.approx(ref_loss.item(), rel=1e-9, abs=1e-12)
        for p, q in zip(ours, theirs):
            np.testing.assert_allclose(p.data, q.detach().numpy(), rtol=1e-8, atol=1e-10,
                                       err_msg=f"step {step}")
        assert opt.state[ours[0]]["func_evals"] == ref.state[theirs[0]]["func_evals"]
        assert opt.state[ours[0]]["n_iter"] == ref.state[theirs[0]]["n_iter"]

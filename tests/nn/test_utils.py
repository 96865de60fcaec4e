"""nn.utils: gradient clipping against PyTorch and the vector conversions."""
import numpy as np
import pytest

import nn
from autograd import Tensor, manual_seed
from nn.utils import clip_grad_norm_, clip_grad_value_, parameters_to_vector, vector_to_parameters


def _twins(torch):
    manual_seed(0)  # weights independent of the tests that ran before
    ours = nn.Sequential(nn.Linear(5, 4), nn.Tanh(), nn.Linear(4, 2))
    theirs = torch.nn.Sequential(torch.nn.Linear(5, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
    theirs.load_state_dict({k: torch.from_numpy(v.numpy(force=True).copy())
                            for k, v in ours.state_dict().items()})
    x = np.random.default_rng(0).standard_normal((8, 5)).astype(np.float32) * 3
    (ours(Tensor(x)) ** 2).sum().backward()
    (theirs(torch.from_numpy(x)) ** 2).sum().backward()
    return ours, theirs


@pytest.mark.parametrize("max_norm, norm_type",
                         [(1.0, 2), (0.5, 1), (0.3, float("inf")), (2.0, 3), (1e6, 2)])
def test_clip_grad_norm_matches_pytorch(torch, max_norm, norm_type):
    ours, theirs = _twins(torch)
    total = clip_grad_norm_(ours.parameters(), max_norm, norm_type)
    expected = torch.nn.utils.clip_grad_norm_(theirs.parameters(), max_norm, norm_type)
    assert isinstance(total, Tensor) and total.shape == ()
    assert total.item() == pytest.approx(expected.item(), rel=1e-5)
    for p, q in zip(ours.parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.grad.numpy(force=True), q.grad.numpy(), rtol=1e-5, atol=1e-7)


def test_clip_grad_norm_course_example_and_edge_cases():
    p = nn.Parameter(np.zeros(2, dtype=np.float32))
    p.grad = Tensor(np.array([3.0, 4.0], dtype=np.float32))
    assert clip_grad_norm_(p, 1.0).item() == pytest.approx(5.0)
    np.testing.assert_allclose(p.grad.numpy(force=True), [0.6, 0.8], rtol=1e-5)
    assert clip_grad_norm_([nn.Parameter(np.zeros(2))], 1.0).item() == 0.0  # no grads
    p.grad = Tensor(np.array([np.inf, 1.0], dtype=np.float32))
    with pytest.raises(RuntimeError, match="non-finite"):
        clip_grad_norm_([p], 1.0, error_if_nonfinite=True)


def test_clip_grad_value_matches_pytorch(torch):
    ours, theirs = _twins(torch)
    clip_grad_value_(ours.parameters(), 0.1)
    torch.nn.utils.clip_grad_value_(theirs.parameters(), 0.1)
    for p, q in zip(ours.parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.grad.numpy(force=True), q.grad.numpy(), rtol=1e-5, atol=1e-7)
        assert np.abs(p.grad.numpy(force=True)).max() <= 0.1 + 1e-7


def test_parameters_vector_round_trip():
    model = nn.Sequential(nn.Linear(3, 2), nn.Linear(2, 1))
    vec = parameters_to_vector(model.parameters())
    assert vec.shape == (11,)
    np.testing.assert_array_equal(vec.numpy(force=True)[:6],
                                  model[0].weight.numpy(force=True).ravel())
    (vec * vec).sum().backward()  # differentiable
    np.testing.assert_allclose(model[1].bias.grad.numpy(force=True),
                               2 * model[1].bias.numpy(force=True))
    vector_to_parameters(Tensor(np.arange(11, dtype=np.float32)), model.parameters())
    np.testing.assert_array_equal(model[1].bias.numpy(force=True), [10])
    np.testing.assert_array_equal(model[0].weight.numpy(force=True), np.arange(6).reshape(2, 3))
    with pytest.raises(ValueError, match="10 elements, the parameters have 11"):
        vector_to_parameters(Tensor(np.zeros(10)), model.parameters())
    with pytest.raises(ValueError, match="1-D"):
        vector_to_parameters(Tensor(np.zeros((11, 1))), model.parameters())

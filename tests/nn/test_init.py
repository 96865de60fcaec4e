"""nn.init: gains and fans as PyTorch, distribution statistics, in-place fills, seeding."""
import math

import numpy as np
import pytest

from autograd import Generator, Tensor, manual_seed
from nn import Parameter, init


@pytest.mark.parametrize("nonlinearity, param", [
    ("linear", None), ("conv2d", None), ("sigmoid", None), ("tanh", None), ("relu", None),
    ("leaky_relu", None), ("leaky_relu", 0.2), ("leaky_relu", math.sqrt(5)), ("selu", None)])
def test_calculate_gain_matches_pytorch(torch, nonlinearity, param):
    assert init.calculate_gain(nonlinearity, param) == pytest.approx(
        torch.nn.init.calculate_gain(nonlinearity, param), rel=1e-12)


def test_calculate_gain_errors():
    with pytest.raises(ValueError, match="Unsupported nonlinearity 'swish'"):
        init.calculate_gain("swish")
    with pytest.raises(ValueError, match="not a valid number"):
        init.calculate_gain("leaky_relu", True)


def _empty(*shape):
    return Parameter(np.zeros(shape, dtype=np.float32))


@pytest.mark.parametrize("fill, kwargs, shape, expected_std", [
    (init.xavier_uniform_, {}, (300, 200), math.sqrt(2 / 500)),
    (init.xavier_normal_, {"gain": 2.0}, (300, 200), 2 * math.sqrt(2 / 500)),
    (init.kaiming_uniform_, {"nonlinearity": "relu"}, (300, 200), math.sqrt(2 / 200)),
    (init.kaiming_normal_, {"mode": "fan_out", "nonlinearity": "relu"}, (300, 200),
     math.sqrt(2 / 300)),
    (init.kaiming_uniform_, {"a": math.sqrt(5)}, (64, 16, 3, 3), 1 / math.sqrt(3 * 144)),
    (init.kaiming_normal_, {}, (40, 8, 5, 5), math.sqrt(2 / 1.0001) / math.sqrt(200)),
])
def test_init_statistics(fill, kwargs, shape, expected_std):
    manual_seed(0)
    tensor = _empty(*shape)
    version = tensor._version
    assert fill(tensor, **kwargs) is tensor
    assert tensor._version > version and tensor.dtype == np.float32 and tensor.requires_grad
    assert tensor.data.mean() == pytest.approx(0, abs=0.05 * expected_std)
    assert tensor.data.std() == pytest.approx(expected_std, rel=0.03)
    if fill in (init.xavier_uniform_, init.kaiming_uniform_):
        assert np.abs(tensor.data).max() <= math.sqrt(3) * expected_std * (1 + 1e-6)


def test_init_statistics_agree_with_pytorch(torch):
    torch.manual_seed(0)
    for ours, theirs, kwargs in [(init.xavier_uniform_, torch.nn.init.xavier_uniform_, {}),
                                 (init.kaiming_normal_, torch.nn.init.kaiming_normal_,
                                  {"mode": "fan_out"})]:
        a, b = _empty(128, 32, 3), torch.empty(128, 32, 3)
        ours(a, **kwargs), theirs(b, **kwargs)
        assert a.data.std() == pytest.approx(float(b.std()), rel=0.05)


def test_simple_fills_and_seeding():
    t = _empty(3, 4)
    assert init.ones_(t) is t and (t.data == 1).all()
    assert not init.zeros_(t).data.any()
    assert (init.constant_(t, 2.5).data == 2.5).all()
    manual_seed(3)
    init.uniform_(t, -2, -1)
    assert (t.data >= -2).all() and (t.data < -1).all()
    first = t.numpy(force=True).copy()
    manual_seed(3)
    np.testing.assert_array_equal(init.uniform_(t, -2, -1).data, first)
    init.normal_(t, 10, 0.1, generator=Generator().manual_seed(5))
    assert abs(t.data.mean() - 10) < 0.2
    d = Tensor(np.zeros(4))
    init.normal_(d)
    assert d.dtype == np.float64 and d.data.any()


def test_fan_errors_and_empty_tensors():
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init.xavier_uniform_(_empty(5))
    with pytest.raises(ValueError, match="mode 'fan_avg'"):
        init.kaiming_uniform_(_empty(2, 2), mode="fan_avg")
    with pytest.warns(UserWarning, match="zero-element"):
        init.kaiming_uniform_(_empty(0, 3))
    with pytest.raises(TypeError, match="autograd.Tensor"):
        init.zeros_(np.zeros(3))

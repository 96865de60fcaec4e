"""Linear, Bilinear, Identity, Flatten, activations, Dropout, Embedding: against PyTorch and
gradcheck."""
import math

import numpy as np
import pytest

import nn
import nn.functional as F
from autograd import Tensor, gradcheck, manual_seed


def _copy_weights(ours, theirs, torch):
    theirs.load_state_dict({k: torch.from_numpy(v.numpy(force=True).copy())
                            for k, v in ours.state_dict().items()})


def _compare(ours, theirs, inputs, torch, rtol=1e-5, atol=1e-6):
    """Forward with the same weights, backward of a weighted sum; compare outputs and every grad."""
    ours_in = [Tensor(x, requires_grad=x.dtype.kind == "f") for x in inputs]
    theirs_in = [torch.tensor(x, requires_grad=x.dtype.kind == "f") for x in inputs]
    out, ref = ours(*ours_in), theirs(*theirs_in)
    np.testing.assert_allclose(out.numpy(force=True), ref.detach().numpy(), rtol=rtol, atol=atol)
    weights = np.random.default_rng(1).standard_normal(out.shape).astype(out.dtype)
    (out * Tensor(weights)).sum().backward()
    (ref * torch.from_numpy(weights)).sum().backward()
    for a, b in zip(ours_in, theirs_in):
        if a.requires_grad:
            np.testing.assert_allclose(a.grad.numpy(force=True), b.grad.numpy(),
                                       rtol=rtol, atol=atol)
    ref_params = dict(theirs.named_parameters())
    for name, param in ours.named_parameters():
        np.testing.assert_allclose(param.grad.numpy(force=True), ref_params[name].grad.numpy(),
                                   rtol=rtol, atol=atol, err_msg=name)


@pytest.mark.parametrize("shape", [(5, 4), (2, 3, 4), (4,)])
@pytest.mark.parametrize("bias", [True, False])
def test_linear_matches_pytorch(torch, shape, bias):
    ours, theirs = nn.Linear(4, 3, bias=bias), torch.nn.Linear(4, 3, bias=bias)
    _copy_weights(ours, theirs, torch)
    _compare(ours, theirs, [np.random.default_rng(0).standard_normal(shape).astype(np.float32)],
             torch)


def test_linear_is_one_node_and_shape_errors():
    layer = nn.Linear(4, 3)
    out = layer(Tensor(np.ones((2, 4), dtype=np.float32), requires_grad=True))
    assert out.grad_fn.op_name == "Linear" and len(out.grad_fn.next_functions) == 3
    assert out.grad_fn.name() == "AddmmBackward0"  # PyTorch's name for a layer on a batch
    assert out.grad_fn.next_functions[1][0] is layer.weight
    with pytest.raises(RuntimeError, match=r"mat1 and mat2 shapes cannot be multiplied: input of "
                                           r"shape \(2, 5\) needs 4 features"):
        layer(Tensor(np.ones((2, 5), dtype=np.float32)))
    with pytest.raises(RuntimeError, match="same dtype.*input torch.float64, weight torch.float32"):
        layer(Tensor(np.ones((2, 4))))
    with pytest.raises(TypeError, match="Linear: out_features must be a non-negative integer, "
                                        "got 2.5"):
        nn.Linear(3, 2.5)
    with pytest.raises(ValueError, match="Embedding: embedding_dim"):
        nn.Embedding(3, -1)
    with pytest.raises(TypeError, match="floating-point dtype"):
        nn.Linear(3, 2, dtype=np.int64)


def test_linear_default_init_bounds():
    manual_seed(0)
    layer = nn.Linear(400, 300)
    bound = 1 / math.sqrt(400)
    for values in (layer.weight.numpy(force=True), layer.bias.numpy(force=True)):
        assert values.dtype == np.float32
        assert np.abs(values).max() <= bound and np.abs(values).max() > 0.95 * bound
    assert np.var(layer.weight.numpy(force=True)) == pytest.approx(bound ** 2 / 3, rel=0.02)


def test_linear_gradcheck_including_second_order():
    layer = nn.Linear(3, 2, dtype=np.float64)
    x = Tensor(np.random.default_rng(0).standard_normal((4, 3)), requires_grad=True)
    assert gradcheck(F.linear, (x, layer.weight, layer.bias))
    x3 = Tensor(np.random.default_rng(1).standard_normal((2, 2, 3)), requires_grad=True)
    assert gradcheck(F.linear, (x3, layer.weight))

    def input_gradient(x, w, b):  # d(sum(tanh(linear)))/dx, differentiated again
        from autograd import grad
        y = F.linear(x, w, b).tanh().sum()
        return grad(y, [x], create_graph=True)[0]

    assert gradcheck(input_gradient, (x, layer.weight, layer.bias))


def test_bilinear_matches_pytorch_and_gradcheck(torch):
    ours, theirs = nn.Bilinear(3, 2, 4), torch.nn.Bilinear(3, 2, 4)
    _copy_weights(ours, theirs, torch)
    rng = np.random.default_rng(0)
    _compare(ours, theirs, [rng.standard_normal((5, 3)).astype(np.float32),
                            rng.standard_normal((5, 2)).astype(np.float32)], torch)
    layer = nn.Bilinear(3, 2, 4, dtype=np.float64)
    a = Tensor(rng.standard_normal((2, 3, 3)), requires_grad=True)
    b = Tensor(rng.standard_normal((2, 3, 2)), requires_grad=True)
    assert gradcheck(F.bilinear, (a, b, layer.weight, layer.bias))
    with pytest.raises(RuntimeError, match="do not fit weight"):
        layer(a, a)


def test_identity_and_flatten(torch):
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    t = Tensor(x)
    assert nn.Identity(54, unused=True)(t) is t
    for args in [(), (0,), (1, 2), (0, 1)]:
        np.testing.assert_array_equal(nn.Flatten(*args)(Tensor(x)).numpy(force=True),
                                      torch.nn.Flatten(*args)(torch.from_numpy(x)).numpy())


@pytest.mark.parametrize("name, args", [("ReLU", ()), ("LeakyReLU", (0.2,)), ("Sigmoid", ()),
                                        ("Tanh", ()), ("GELU", ()), ("GELU", ("tanh",)),
                                        ("Softmax", (1,)), ("LogSoftmax", (1,)), ("Softmax", (0,))])
def test_activations_match_pytorch(torch, name, args):
    x = np.random.default_rng(2).standard_normal((4, 5)).astype(np.float32)
    _compare(getattr(nn, name)(*args), getattr(torch.nn, name)(*args), [x], torch)


def test_activation_gradcheck():
    x = Tensor(np.random.default_rng(3).standard_normal((3, 4)) + 0.05, requires_grad=True)
    for module in [nn.ReLU(), nn.LeakyReLU(0.1), nn.Sigmoid(), nn.Tanh(), nn.GELU(),
                   nn.Softmax(dim=1), nn.LogSoftmax(dim=0)]:
        assert gradcheck(module, (x,)), module


def test_functional_matches_modules():
    x = Tensor(np.random.default_rng(4).standard_normal((3, 4)).astype(np.float32))
    pairs = [(F.relu(x), nn.ReLU()(x)), (F.leaky_relu(x, 0.3), nn.LeakyReLU(0.3)(x)),
             (F.sigmoid(x), nn.Sigmoid()(x)), (F.tanh(x), nn.Tanh()(x)), (F.gelu(x), nn.GELU()(x)),
             (F.softmax(x, dim=0), nn.Softmax(0)(x)), (F.log_softmax(x, 1), nn.LogSoftmax(1)(x))]
    for a, b in pairs:
        np.testing.assert_array_equal(a.numpy(force=True), b.numpy(force=True))
    with pytest.warns(UserWarning, match="Implicit dimension"):
        implicit = F.softmax(x)
    np.testing.assert_allclose(implicit.numpy(force=True).sum(1), 1, rtol=1e-6)


def test_dropout_train_eval_and_statistics():
    manual_seed(0)
    layer = nn.Dropout(0.25)
    x = Tensor(np.ones((200, 500), dtype=np.float32), requires_grad=True)
    out = layer(x)
    kept = out.numpy(force=True) != 0
    assert kept.mean() == pytest.approx(0.75, abs=0.01)
    np.testing.assert_allclose(out.numpy(force=True)[kept], 1 / 0.75, rtol=1e-6)
    out.sum().backward()
    # gradient flows through kept units only
    np.testing.assert_array_equal(x.grad.numpy(force=True), out.numpy(force=True))
    layer.eval()
    assert layer(x) is x
    assert not nn.Dropout(1.0)(x).numpy(force=True).any()
    assert nn.Dropout(0.0)(x) is x


def test_dropout_is_seeded_and_validates_p():
    x = Tensor(np.ones(1000, dtype=np.float64))
    manual_seed(7)
    first = F.dropout(x, 0.5).numpy(force=True)
    manual_seed(7)
    np.testing.assert_array_equal(first, F.dropout(x, 0.5).numpy(force=True))
    assert first.dtype == np.float64
    for p in (-0.1, 1.5, "0.5", True):
        with pytest.raises(ValueError, match="between 0 and 1"):
            nn.Dropout(p)


def test_embedding_matches_pytorch_with_repeats_and_padding(torch):
    ours = nn.Embedding(10, 4, padding_idx=1)
    theirs = torch.nn.Embedding(10, 4, padding_idx=1)
    assert not ours.weight.numpy(force=True)[1].any()
    _copy_weights(ours, theirs, torch)
    idx = np.array([[1, 2, 2, 9], [0, 1, 5, 2]])
    out = ours(Tensor(idx))
    ref = theirs(torch.from_numpy(idx))
    np.testing.assert_array_equal(out.numpy(force=True), ref.detach().numpy())
    weights = np.random.default_rng(5).standard_normal(out.shape).astype(np.float32)
    (out * Tensor(weights)).sum().backward()
    (ref * torch.from_numpy(weights)).sum().backward()
    np.testing.assert_allclose(ours.weight.grad.numpy(force=True), theirs.weight.grad.numpy(),
                               rtol=1e-6)
    assert (not ours.weight.grad.numpy(force=True)[1].any()
            and ours.weight.grad.numpy(force=True)[2].any())


def test_embedding_init_gradcheck_and_errors():
    manual_seed(0)
    big = nn.Embedding(1000, 100)
    assert big.weight.numpy(force=True).mean() == pytest.approx(0, abs=0.01)
    assert big.weight.numpy(force=True).std() == pytest.approx(1, abs=0.01)
    layer = nn.Embedding(6, 3, dtype=np.float64)
    idx = np.array([[0, 2, 2], [5, 0, 3]])
    assert gradcheck(lambda w: F.embedding(idx, w), (layer.weight,))
    assert gradcheck(lambda w: F.embedding(idx, w) * F.embedding(idx, w), (layer.weight,))
    with pytest.raises(IndexError, match=r"index out of range in self: embedding index 6 is "
                                         r"outside \[0, 6\)"):
        layer(np.array([0, 6]))
    with pytest.raises(RuntimeError, match="'indices' to have one of the following scalar types: "
                                           "Long, Int"):
        layer(Tensor(np.array([0.0, 1.0])))
    with pytest.raises(ValueError, match="Padding_idx must be within num_embeddings"):
        nn.Embedding(3, 2, padding_idx=3)
    assert nn.Embedding(3, 2, padding_idx=-1).padding_idx == 2
    frozen = nn.Embedding.from_pretrained(np.eye(3))
    assert (not frozen.weight.requires_grad
            and frozen(np.array([2])).numpy(force=True).tolist() == [[0, 0, 1]])


def test_unflatten_as_pytorch(torch):
    x = np.arange(24, dtype=np.float32).reshape(2, 12)
    for dim, sizes in [(1, (3, 4)), (-1, (2, -1)), (0, (1, 2))]:
        ours, theirs = nn.Unflatten(dim, sizes), torch.nn.Unflatten(dim, sizes)
        assert repr(ours) == repr(theirs)
        np.testing.assert_array_equal(ours(Tensor(x)).numpy(), theirs(torch.tensor(x)).numpy())
    with pytest.raises(RuntimeError, match="invalid for input of size"):
        nn.Unflatten(1, (5, 2))(Tensor(x))


def test_dropout_module_in_place_and_eval(torch):
    layer = nn.Dropout(0.5, inplace=True)
    assert repr(layer) == repr(torch.nn.Dropout(0.5, inplace=True))
    x = Tensor(np.ones((4, 4), np.float32))
    manual_seed(0)
    assert layer(x) is x and set(np.unique(x.numpy())) <= {0.0, 2.0}
    layer.eval()
    y = Tensor(np.ones(3, np.float32))
    assert layer(y) is y

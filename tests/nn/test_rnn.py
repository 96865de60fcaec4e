"""RNN, LSTM, GRU and their cells: gradcheck of every fused op, PyTorch parity, names, errors."""
import numpy as np
import pytest

from autograd import Tensor, grad, gradcheck, manual_seed
from nn.rnn import (
    GRU, LSTM, RNN, GRUCell, GRUCellFunction, GRULayerFunction, LSTMCell, LSTMCellFunction,
    LSTMLayerFunction, RNNCell, RNNCellFunction, RNNLayerFunction,
)


def leaf(rng, *shape):
    return Tensor(rng.standard_normal(shape) * 0.7, requires_grad=True)


def weights(rng, gates, input_size, hidden, bias=True):
    w = [leaf(rng, gates * hidden, input_size), leaf(rng, gates * hidden, hidden)]
    return w + ([leaf(rng, gates * hidden), leaf(rng, gates * hidden)] if bias else [None, None])


@pytest.mark.parametrize("bias", [True, False])
def test_lstm_cell_gradcheck(bias):
    rng = np.random.default_rng(0)
    x, h, c = leaf(rng, 2, 3), leaf(rng, 2, 4), leaf(rng, 2, 4)
    params = weights(rng, 4, 3, 4, bias)
    inputs = (x, h, c, *[p for p in params if p is not None])

    def fn(x, h, c, *ps):
        ps = list(ps) + [None, None] if not bias else list(ps)
        return LSTMCellFunction.apply(x, h, c, *ps)

    assert gradcheck(fn, inputs)


def test_gru_and_rnn_cells_gradcheck():
    rng = np.random.default_rng(1)
    x, h = leaf(rng, 2, 3), leaf(rng, 2, 4)
    assert gradcheck(lambda *a: GRUCellFunction.apply(*a), (x, h, *weights(rng, 3, 3, 4)))
    for nonlinearity in ("tanh", "relu"):
        params = weights(rng, 1, 3, 4)
        assert gradcheck(lambda *a: RNNCellFunction.apply(*a, nonlinearity), (x, h, *params))


@pytest.mark.parametrize("reverse", [False, True])
def test_layer_functions_gradcheck(reverse):
    rng = np.random.default_rng(2)
    x, h0, c0 = leaf(rng, 3, 2, 2), leaf(rng, 2, 3), leaf(rng, 2, 3)
    lstm = weights(rng, 4, 2, 3)
    assert gradcheck(lambda *a: LSTMLayerFunction.apply(*a, reverse), (x, h0, c0, *lstm))
    gru = weights(rng, 3, 2, 3)
    assert gradcheck(lambda *a: GRULayerFunction.apply(*a, reverse), (x, h0, *gru))
    rnn = weights(rng, 1, 2, 3)
    assert gradcheck(lambda *a: RNNLayerFunction.apply(*a, "tanh", reverse), (x, h0, *rnn))


def test_stacked_bidirectional_lstm_module_gradcheck():
    manual_seed(0)
    lstm = LSTM(2, 3, num_layers=2, bidirectional=True, dtype=np.float64)
    rng = np.random.default_rng(3)
    x = leaf(rng, 3, 2, 2)
    params = list(lstm.parameters())

    def fn(x, *_):
        out, (h, c) = lstm(x)
        return out, h, c

    assert gradcheck(fn, (x, *params))


def copy_to_torch(torch, ours, theirs):
    theirs.load_state_dict({k: torch.tensor(v.data) for k, v in ours.state_dict().items()})


MODULE_CASES = [
    dict(),
    dict(num_layers=2, bidirectional=True),
    dict(num_layers=3, batch_first=True, bias=False),
    dict(bidirectional=True, batch_first=True),
]


@pytest.mark.parametrize("kind", ["LSTM", "GRU", "RNN", "RNN_relu"])
@pytest.mark.parametrize("options", MODULE_CASES)
def test_modules_match_torch_forward_and_backward(torch, kind, options):
    name, _, nonlinearity = kind.partition("_")
    ours_cls = {"LSTM": LSTM, "GRU": GRU, "RNN": RNN}[name]
    extra = {"nonlinearity": nonlinearity} if nonlinearity else {}
    manual_seed(1)
    ours = ours_cls(3, 5, dtype=np.float64, **extra, **options)
    theirs = getattr(torch.nn, name)(3, 5, **extra, **options).double()
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    copy_to_torch(torch, ours, theirs)
    rng = np.random.default_rng(4)
    batch, steps = 2, 4
    x = rng.standard_normal((batch, steps, 3) if options.get("batch_first") else (steps, batch, 3))
    layers = options.get("num_layers", 1) * (2 if options.get("bidirectional") else 1)
    h0 = rng.standard_normal((layers, batch, 5))
    x_ours, x_theirs = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    h_ours, h_theirs = Tensor(h0, requires_grad=True), torch.tensor(h0, requires_grad=True)
    if name == "LSTM":
        out, (h, c) = ours(x_ours, (h_ours, h_ours * 0.5))
        t_out, (t_h, t_c) = theirs(x_theirs, (h_theirs, h_theirs * 0.5))
        loss = (out * out).sum() + h.sum() + (c * c * c).sum()
        t_loss = (t_out * t_out).sum() + t_h.sum() + (t_c ** 3).sum()
        np.testing.assert_allclose(c.data, t_c.detach().numpy(), atol=1e-12)
    else:
        out, h = ours(x_ours, h_ours)
        t_out, t_h = theirs(x_theirs, h_theirs)
        loss, t_loss = (out * out).sum() + (h * h * h).sum(), (t_out * t_out).sum() + (t_h ** 3).sum()
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(h.data, t_h.detach().numpy(), atol=1e-12)
    loss.backward()
    t_loss.backward()
    np.testing.assert_allclose(x_ours.grad.data, x_theirs.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(h_ours.grad.data, h_theirs.grad.numpy(), atol=1e-10)
    for (n, p), (_, tp) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_allclose(p.grad.data, tp.grad.numpy(), atol=1e-10, err_msg=n)


@pytest.mark.parametrize("cls", ["LSTMCell", "GRUCell", "RNNCell"])
def test_cells_match_torch_float32(torch, cls):
    manual_seed(2)
    ours = {"LSTMCell": LSTMCell, "GRUCell": GRUCell, "RNNCell": RNNCell}[cls](4, 6)
    theirs = getattr(torch.nn, cls)(4, 6)
    copy_to_torch(torch, ours, theirs)
    x = np.random.default_rng(5).standard_normal((3, 4)).astype(np.float32)
    h, t_h = Tensor(x), torch.tensor(x)
    state, t_state = None, None
    for _ in range(3):  # a few steps, feeding the state back
        state, t_state = ours(h, state), theirs(t_h, t_state)
    first, t_first = (state[0], t_state[0]) if cls == "LSTMCell" else (state, t_state)
    assert first.dtype == np.float32
    np.testing.assert_allclose(first.data, t_first.detach().numpy(), rtol=1e-5, atol=1e-6)


def test_unbatched_inputs_match_torch(torch):
    manual_seed(3)
    ours, theirs = LSTM(3, 4, num_layers=2), torch.nn.LSTM(3, 4, num_layers=2)
    copy_to_torch(torch, ours, theirs)
    x = np.random.default_rng(6).standard_normal((5, 3)).astype(np.float32)
    out, (h, c) = ours(Tensor(x))
    t_out, (t_h, t_c) = theirs(torch.tensor(x))
    assert out.shape == (5, 4) and h.shape == (2, 4) and c.shape == (2, 4)
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-5, atol=1e-6)
    cell, t_cell = GRUCell(3, 4), torch.nn.GRUCell(3, 4)
    copy_to_torch(torch, cell, t_cell)
    np.testing.assert_allclose(cell(Tensor(x[0])).data, t_cell(torch.tensor(x[0])).detach().numpy(),
                               rtol=1e-5, atol=1e-6)


def test_parameter_names_shapes_and_init():
    manual_seed(4)
    gru = GRU(3, 8, num_layers=2, bidirectional=True)
    shapes = {n: p.shape for n, p in gru.named_parameters()}
    assert list(shapes)[:5] == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                                "weight_ih_l0_reverse"]
    assert shapes["weight_ih_l0"] == (24, 3) and shapes["weight_ih_l1"] == (24, 16)
    assert shapes["weight_hh_l1_reverse"] == (24, 8) and shapes["bias_hh_l1_reverse"] == (24,)
    bound = 1 / np.sqrt(8)
    values = np.concatenate([p.data.ravel() for p in gru.parameters()])
    assert values.dtype == np.float32
    assert np.abs(values).max() <= bound and np.abs(values).max() > 0.9 * bound
    assert [n for n, _ in LSTMCell(2, 3, bias=False).named_parameters()] == ["weight_ih", "weight_hh"]
    assert repr(LSTM(2, 3, num_layers=2, batch_first=True)) == "LSTM(2, 3, num_layers=2, batch_first=True)"


def test_dropout_between_layers_only_in_training():
    manual_seed(5)
    lstm = LSTM(3, 16, num_layers=2, dropout=0.5)
    x = Tensor(np.random.default_rng(7).standard_normal((4, 2, 3)).astype(np.float32))
    first, _ = lstm(x)
    second, _ = lstm(x)
    assert not np.allclose(first.data, second.data)  # different masks
    lstm.eval()
    a, _ = lstm(x)
    b, _ = lstm(x)
    np.testing.assert_array_equal(a.data, b.data)
    single = LSTM(3, 16, dropout=0.5)  # one layer: nothing to drop between
    np.testing.assert_array_equal(single(x)[0].data, single(x)[0].data)


def test_elman_rnn_follows_the_course_formula():
    manual_seed(6)
    rnn = RNN(2, 3)
    rng = np.random.default_rng(8)
    x = rng.standard_normal((4, 1, 2)).astype(np.float32)
    out, h_n = rnn(Tensor(x))
    w_xh, w_hh = rnn.weight_ih_l0.data, rnn.weight_hh_l0.data
    b_h = rnn.bias_ih_l0.data + rnn.bias_hh_l0.data
    h = np.zeros((1, 3), dtype=np.float32)
    for t in range(4):  # h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h)
        h = np.tanh(x[t] @ w_xh.T + h @ w_hh.T + b_h)
        np.testing.assert_allclose(out.data[t], h, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(h_n.data[0], h, rtol=1e-5, atol=1e-6)


def test_second_backward_raises_and_saved_values_are_released():
    lstm = LSTM(2, 3)
    out, _ = lstm(Tensor(np.ones((2, 1, 2), dtype=np.float32)))
    loss = out.sum()
    loss.backward()
    with pytest.raises(RuntimeError, match="second time"):
        loss.backward()


@pytest.mark.parametrize("call,message", [
    (lambda: LSTM(3, 4)(Tensor(np.zeros((5, 2, 2)))), "input must have shape"),
    (lambda: GRU(3, 4)(Tensor(np.zeros((5, 2, 3))), Tensor(np.zeros((1, 3, 4)))), r"\(1, 2, 4\)"),
    (lambda: LSTM(3, 4)(Tensor(np.zeros((5, 2, 3))), Tensor(np.zeros((1, 2, 4)))), "pair"),
    (lambda: LSTMCell(3, 4)(Tensor(np.zeros((2, 4)))), r"\(batch, 3\)"),
    (lambda: RNNCell(3, 4)(Tensor(np.zeros((2, 3))), Tensor(np.zeros((2, 5)))), r"\(2, 4\)"),
    (lambda: RNN(3, 4, nonlinearity="sigmoid"), "nonlinearity"),
    (lambda: LSTM(3, 0), "hidden_size"),
    (lambda: GRU(3, 4, num_layers=0), "num_layers"),
    (lambda: LSTM(3, 4, dropout=1.5), "dropout"),
])
def test_bad_arguments_name_the_problem(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_create_graph_gives_first_order_gradients_and_refuses_the_second():
    manual_seed(7)
    lstm = LSTM(2, 3, dtype=np.float64)
    x = Tensor(np.random.default_rng(9).standard_normal((4, 1, 2)), requires_grad=True)
    out, _ = lstm(x)
    (grad_x,) = grad(out.sum(), [x], create_graph=True)
    out_plain, _ = lstm(x)
    (expected,) = grad(out_plain.sum(), [x])
    np.testing.assert_allclose(grad_x.data, expected.data)
    assert grad_x.requires_grad
    with pytest.raises(RuntimeError, match="LSTMLayerFunction computes its backward in NumPy"):
        (grad_x * grad_x).sum().backward()


def test_editing_the_output_in_place_leaves_backward_intact():
    manual_seed(8)
    rnn = GRU(2, 3)
    x = Tensor(np.random.default_rng(10).standard_normal((3, 1, 2)).astype(np.float32))
    out, h = rnn(x)
    out.sum().backward()
    expected = rnn.weight_hh_l0.grad.data.copy()
    rnn.zero_grad()
    out, h = rnn(x)
    loss = out.sum()
    out.data[...] = 100.0  # as an in-place update under no_grad would
    h.data[...] = 100.0
    loss.backward()
    np.testing.assert_allclose(rnn.weight_hh_l0.grad.data, expected)

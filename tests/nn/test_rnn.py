"""RNN, LSTM, GRU and their cells: PyTorch parity (outputs, gradients, second derivatives),
parameter names and initialisation, dropout, errors. The ops are tested in tests/autograd."""
import numpy as np
import pytest

from autograd import Tensor, gradcheck, grad, manual_seed, no_grad, tensor
from nn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNCell


def copy_to_torch(torch, ours, theirs):
    theirs.load_state_dict({k: torch.tensor(v.numpy(force=True)) for k, v in
                            ours.state_dict().items()})


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
    extra = {"nonlinearity": nonlinearity} if nonlinearity else {}
    manual_seed(1)
    ours = {"LSTM": LSTM, "GRU": GRU, "RNN": RNN}[name](3, 5, dtype=np.float64, **extra, **options)
    theirs = getattr(torch.nn, name)(3, 5, **extra, **options).double()
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert repr(ours) == repr(theirs)
    copy_to_torch(torch, ours, theirs)
    rng = np.random.default_rng(4)
    batch, steps = 2, 4
    x = rng.standard_normal((batch, steps, 3) if options.get("batch_first") else (steps, batch, 3))
    layers = options.get("num_layers", 1) * (2 if options.get("bidirectional") else 1)
    h0 = rng.standard_normal((layers, batch, 5))
    x_ours, x_theirs = tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    h_ours, h_theirs = tensor(h0, requires_grad=True), torch.tensor(h0, requires_grad=True)
    if name == "LSTM":
        out, (h, c) = ours(x_ours, (h_ours, h_ours * 0.5))
        t_out, (t_h, t_c) = theirs(x_theirs, (h_theirs, h_theirs * 0.5))
        loss = (out * out).sum() + h.sum() + (c * c * c).sum()
        t_loss = (t_out * t_out).sum() + t_h.sum() + (t_c ** 3).sum()
        np.testing.assert_allclose(c.numpy(force=True), t_c.detach().numpy(), atol=1e-12)
    else:
        out, h = ours(x_ours, h_ours)
        t_out, t_h = theirs(x_theirs, h_theirs)
        loss = (out * out).sum() + (h * h * h).sum()
        t_loss = (t_out * t_out).sum() + (t_h ** 3).sum()
    np.testing.assert_allclose(out.numpy(force=True), t_out.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(h.numpy(force=True), t_h.detach().numpy(), atol=1e-12)
    loss.backward()
    t_loss.backward()
    np.testing.assert_allclose(x_ours.grad.numpy(), x_theirs.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(h_ours.grad.numpy(), h_theirs.grad.numpy(), atol=1e-10)
    for (n, p), (_, tp) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_allclose(p.grad.numpy(), tp.grad.numpy(), atol=1e-10, err_msg=n)


@pytest.mark.parametrize("name", ["LSTM", "GRU", "RNN"])
def test_second_derivatives_match_torch(torch, name):
    """A gradient penalty through a stacked bidirectional layer (PyTorch differentiates its
    RNNs twice; the old fused NumPy backward refused)."""
    manual_seed(7)
    ours = {"LSTM": LSTM, "GRU": GRU, "RNN": RNN}[name](2, 3, num_layers=2, bidirectional=True,
                                                       dtype=np.float64)
    theirs = getattr(torch.nn, name)(2, 3, num_layers=2, bidirectional=True).double()
    copy_to_torch(torch, ours, theirs)
    x = np.random.default_rng(9).standard_normal((4, 2, 2))
    x_ours, x_theirs = tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    (g,) = grad((ours(x_ours)[0] ** 2).sum(), [x_ours], create_graph=True)
    (t_g,) = torch.autograd.grad((theirs(x_theirs)[0] ** 2).sum(), [x_theirs], create_graph=True)
    np.testing.assert_allclose(g.numpy(force=True), t_g.detach().numpy(), atol=1e-10)
    (g * g).sum().backward()
    (t_g * t_g).sum().backward()
    np.testing.assert_allclose(x_ours.grad.numpy(), x_theirs.grad.numpy(), atol=1e-9)
    for (n, p), (_, tp) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_allclose(p.grad.numpy(), tp.grad.numpy(), atol=1e-9, err_msg=n)


def test_stacked_bidirectional_lstm_module_gradcheck():
    manual_seed(0)
    lstm = LSTM(2, 3, num_layers=2, bidirectional=True, dtype=np.float64)
    x = tensor(np.random.default_rng(3).standard_normal((3, 2, 2)) * 0.7, requires_grad=True)

    def fn(x, *_):
        out, (h, c) = lstm(x)
        return out, h, c

    assert gradcheck(fn, (x, *lstm.parameters()))


@pytest.mark.parametrize("cls", ["LSTMCell", "GRUCell", "RNNCell"])
def test_cells_match_torch_float32(torch, cls):
    manual_seed(2)
    ours = {"LSTMCell": LSTMCell, "GRUCell": GRUCell, "RNNCell": RNNCell}[cls](4, 6)
    theirs = getattr(torch.nn, cls)(4, 6)
    copy_to_torch(torch, ours, theirs)
    x = np.random.default_rng(5).standard_normal((3, 4)).astype(np.float32)
    state, t_state = None, None
    for _ in range(3):  # a few steps, feeding the state back
        state, t_state = ours(Tensor(x), state), theirs(torch.tensor(x), t_state)
    first, t_first = (state[0], t_state[0]) if cls == "LSTMCell" else (state, t_state)
    assert first.dtype == np.float32
    np.testing.assert_allclose(first.numpy(force=True), t_first.detach().numpy(), rtol=1e-5,
                               atol=1e-6)


@pytest.mark.parametrize("cls", ["LSTMCell", "GRUCell", "RNNCell"])
def test_cells_gradcheck(cls):
    manual_seed(3)
    cell = {"LSTMCell": LSTMCell, "GRUCell": GRUCell, "RNNCell": RNNCell}[cls](3, 4,
                                                                            dtype=np.float64)
    x = tensor(np.random.default_rng(6).standard_normal((2, 3)), requires_grad=True)
    h = tensor(np.random.default_rng(7).standard_normal((2, 4)), requires_grad=True)
    state = (h, h * 0.5) if cls == "LSTMCell" else h
    assert gradcheck(lambda x, h, *_: cell(x, (h, h * 0.5) if cls == "LSTMCell" else h),
                     (x, h, *cell.parameters()))
    assert cell(x, state) is not None


def test_unbatched_inputs_match_torch(torch):
    manual_seed(3)
    ours, theirs = LSTM(3, 4, num_layers=2), torch.nn.LSTM(3, 4, num_layers=2)
    copy_to_torch(torch, ours, theirs)
    x = np.random.default_rng(6).standard_normal((5, 3)).astype(np.float32)
    out, (h, c) = ours(Tensor(x))
    t_out, (t_h, t_c) = theirs(torch.tensor(x))
    assert out.shape == (5, 4) and h.shape == (2, 4) and c.shape == (2, 4)
    np.testing.assert_allclose(out.numpy(force=True), t_out.detach().numpy(), rtol=1e-5, atol=1e-6)
    cell, t_cell = GRUCell(3, 4), torch.nn.GRUCell(3, 4)
    copy_to_torch(torch, cell, t_cell)
    np.testing.assert_allclose(cell(Tensor(x[0])).numpy(force=True),
                               t_cell(torch.tensor(x[0])).detach().numpy(), rtol=1e-5, atol=1e-6)


def test_parameter_names_shapes_and_init_draw_torch_s_numbers(torch):
    manual_seed(4)
    torch.manual_seed(4)
    gru, t_gru = GRU(3, 8, num_layers=2, bidirectional=True), torch.nn.GRU(3, 8, num_layers=2,
                                                                          bidirectional=True)
    shapes = {n: p.shape for n, p in gru.named_parameters()}
    assert list(shapes)[:5] == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                                "weight_ih_l0_reverse"]
    assert shapes["weight_ih_l0"] == (24, 3) and shapes["weight_ih_l1"] == (24, 16)
    assert shapes["weight_hh_l1_reverse"] == (24, 8) and shapes["bias_hh_l1_reverse"] == (24,)
    for (n, p), (_, tp) in zip(gru.named_parameters(), t_gru.named_parameters()):
        assert p.dtype == np.float32
        np.testing.assert_allclose(p.numpy(force=True), tp.detach().numpy(), rtol=1e-6, err_msg=n)
    names = [n for n, _ in LSTMCell(2, 3, bias=False).named_parameters()]
    assert names == ["weight_ih", "weight_hh"]
    assert repr(LSTM(2, 3, num_layers=2, batch_first=True)) == \
        "LSTM(2, 3, num_layers=2, batch_first=True)"
    assert repr(RNNCell(2, 3, nonlinearity="relu")) == "RNNCell(2, 3, nonlinearity=relu)"


def test_dropout_between_layers_only_in_training():
    manual_seed(5)
    lstm = LSTM(3, 16, num_layers=2, dropout=0.5)
    x = Tensor(np.random.default_rng(7).standard_normal((4, 2, 3)).astype(np.float32))
    first, _ = lstm(x)
    second, _ = lstm(x)
    assert not np.allclose(first.numpy(force=True), second.numpy(force=True))  # new masks
    lstm.eval()
    with no_grad():
        np.testing.assert_array_equal(lstm(x)[0].numpy(), lstm(x)[0].numpy())
    with pytest.warns(UserWarning, match="non-zero dropout expects num_layers greater than 1"):
        single = LSTM(3, 16, dropout=0.5)  # one layer: nothing to drop between, as PyTorch warns
    with no_grad():
        np.testing.assert_array_equal(single(x)[0].numpy(), single(x)[0].numpy())


def test_elman_rnn_follows_the_course_formula():
    manual_seed(6)
    rnn = RNN(2, 3)
    x = np.random.default_rng(8).standard_normal((4, 1, 2)).astype(np.float32)
    out, h_n = rnn(Tensor(x))
    w_xh, w_hh = rnn.weight_ih_l0.numpy(force=True), rnn.weight_hh_l0.numpy(force=True)
    b_h = rnn.bias_ih_l0.numpy(force=True) + rnn.bias_hh_l0.numpy(force=True)
    h = np.zeros((1, 3), dtype=np.float32)
    for t in range(4):  # h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h)
        h = np.tanh(x[t] @ w_xh.T + h @ w_hh.T + b_h)
        np.testing.assert_allclose(out.numpy(force=True)[t], h, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(h_n.numpy(force=True)[0], h, rtol=1e-5, atol=1e-6)


def test_second_backward_raises_and_saved_values_are_released():
    lstm = LSTM(2, 3)
    out, _ = lstm(Tensor(np.ones((2, 1, 2), dtype=np.float32)))
    loss = out.sum()
    loss.backward()
    with pytest.raises(RuntimeError, match="second time"):
        loss.backward()


def test_editing_a_saved_output_in_place_is_refused_at_backward():
    """As PyTorch's LSTM: the output is saved for backward, so changing it in place (here
    under no_grad, as an optimizer-like update would) makes backward raise, not mislead.
    (The old layers copied their outputs and let this pass.)"""
    manual_seed(8)
    lstm = LSTM(2, 3)
    out, _ = lstm(Tensor(np.random.default_rng(10).standard_normal((3, 1, 2)).astype(np.float32)))
    loss = out.sum()
    with no_grad():
        out.add_(100.0)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        loss.backward()


def _zeros(*shape, dtype=np.float32):
    return Tensor(np.zeros(shape, dtype))


@pytest.mark.parametrize("call, error, message", [
    (lambda: LSTM(3, 4)(_zeros(5, 2, 2)), RuntimeError,
     "input.size\\(-1\\) must be equal to input_size. Expected 3, got 2"),
    (lambda: GRU(3, 4)(_zeros(5, 2, 3), _zeros(1, 3, 4)), RuntimeError,
     r"Expected hidden size \(1, 2, 4\), got \[1, 3, 4\]"),
    (lambda: LSTM(3, 4)(_zeros(5, 2, 3), (_zeros(1, 2, 4),)), RuntimeError, "pair"),
    (lambda: LSTM(3, 4)(_zeros(5, 3, 2, 3)), ValueError, "Expected input to be 2D or 3D, got 4D"),
    (lambda: LSTM(3, 4)(_zeros(5, 2, 3, dtype=np.float64)), ValueError,
     r"RNN input dtype \(torch.float64\) does not match weight dtype \(torch.float32\)"),
    (lambda: LSTM(3, 4)(_zeros(0, 2, 3)), RuntimeError, "sequence length to be larger than 0"),
    (lambda: LSTMCell(3, 4)(_zeros(2, 4)), RuntimeError,
     "input has inconsistent input_size: got 4 expected 3"),
    (lambda: RNNCell(3, 4)(_zeros(2, 3), _zeros(2, 5)), RuntimeError,
     "hidden0 has inconsistent hidden_size: got 5, expected 4"),
    (lambda: RNNCell(3, 4)(_zeros(2, 3), _zeros(3, 4)), RuntimeError,
     "Input batch size 2 doesn't match hidden0 batch size 3"),
    (lambda: LSTMCell(3, 4)(_zeros(2, 2, 3)), ValueError, "Expected input to be 1D or 2D, got 3D"),
    (lambda: RNN(3, 4, nonlinearity="sigmoid"), ValueError, "Unknown nonlinearity 'sigmoid'"),
    (lambda: LSTM(3, 0), ValueError, "hidden_size must be greater than zero"),
    (lambda: GRU(3, 4, num_layers=0), ValueError, "num_layers must be greater than zero"),
    (lambda: LSTM(3, 4, dropout=1.5), ValueError, "dropout should be a number in range"),
    (lambda: LSTM(3, 4, proj_size=2), NotImplementedError, "proj_size"),
])
def test_bad_arguments_raise_torch_s_errors(call, error, message):
    """PyTorch's exception types and messages (the old ones were ValueErrors of our own)."""
    with pytest.raises(error, match=message):
        call()

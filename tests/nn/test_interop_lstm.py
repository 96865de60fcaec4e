"""A 2-layer LSTM moves between backproplab and PyTorch: trained on one side, same outputs on the
other."""
import numpy as np
import pytest

import optim
from autograd import Tensor, manual_seed
from nn import LSTM
from nn.functional import mse_loss

torch = pytest.importorskip("torch")

SIZES = dict(input_size=4, hidden_size=8, num_layers=2)


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((6, 3, 4)).astype(np.float32)      # (seq, batch, features)
    target = rng.standard_normal((6, 3, 8)).astype(np.float32)
    probe = rng.standard_normal((5, 2, 4)).astype(np.float32)  # unseen input to compare on
    return x, target, probe


def to_torch_state(model) -> dict:
    return {k: torch.tensor(v.numpy(force=True).copy()) for k, v in model.state_dict().items()}


def from_torch_state(model) -> dict:
    return {k: Tensor(v.detach().numpy().copy()) for k, v in model.state_dict().items()}


def assert_same_outputs(ours, theirs, probe):
    ours.eval()
    theirs.eval()
    batch = probe.shape[0] if ours.batch_first else probe.shape[1]
    h0 = np.full((2, batch, 8), 0.1, dtype=np.float32)
    out, (h, c) = ours(Tensor(probe), (Tensor(h0), Tensor(-h0)))
    with torch.no_grad():
        t_out, (t_h, t_c) = theirs(torch.tensor(probe), (torch.tensor(h0), torch.tensor(-h0)))
    for a, b in ((out, t_out), (h, t_h), (c, t_c)):
        np.testing.assert_allclose(a.numpy(force=True), b.numpy(), rtol=1e-5, atol=1e-6)


def test_trained_here_runs_the_same_in_torch(data):
    torch.set_num_threads(1)
    x, target, probe = data
    manual_seed(0)
    ours = LSTM(**SIZES, dropout=0.3)
    before = {k: v.numpy(force=True).copy() for k, v in ours.state_dict().items()}
    opt = optim.Adam(ours.parameters(), lr=0.01)
    for _ in range(5):
        opt.zero_grad()
        out, _ = ours(Tensor(x))
        mse_loss(out, Tensor(target)).backward()
        opt.step()
    assert any(not np.allclose(before[k], v.numpy(force=True))
               for k, v in ours.state_dict().items())
    theirs = torch.nn.LSTM(**SIZES, dropout=0.3)
    result = theirs.load_state_dict(to_torch_state(ours))
    assert not result.missing_keys and not result.unexpected_keys
    assert_same_outputs(ours, theirs, probe)


def test_trained_in_torch_runs_the_same_here(data):
    torch.set_num_threads(1)
    x, target, probe = data
    torch.manual_seed(0)
    theirs = torch.nn.LSTM(**SIZES, batch_first=True)
    opt = torch.optim.SGD(theirs.parameters(), lr=0.1, momentum=0.9)
    for _ in range(5):
        opt.zero_grad()
        out, _ = theirs(torch.tensor(x.transpose(1, 0, 2)))
        torch.nn.functional.mse_loss(out, torch.tensor(target.transpose(1, 0, 2))).backward()
        opt.step()
    ours = LSTM(**SIZES, batch_first=True)
    ours.load_state_dict(from_torch_state(theirs))
    assert_same_outputs(ours, theirs, probe.transpose(1, 0, 2).copy())


def test_training_side_by_side_gives_the_same_weights(data):
    """Same start, same data, Adam on both sides: the weights stay equal step after step."""
    torch.set_num_threads(1)
    x, target, _ = data
    manual_seed(1)
    ours = LSTM(**SIZES)
    theirs = torch.nn.LSTM(**SIZES)
    theirs.load_state_dict(to_torch_state(ours))
    opt, t_opt = (optim.Adam(ours.parameters(), lr=0.01),
                  torch.optim.Adam(theirs.parameters(), lr=0.01))
    for _ in range(5):
        opt.zero_grad()
        t_opt.zero_grad()
        out, (h, _) = ours(Tensor(x))
        loss = mse_loss(out, Tensor(target)) + (h * h).mean()
        t_out, (t_h, _) = theirs(torch.tensor(x))
        t_loss = torch.nn.functional.mse_loss(t_out, torch.tensor(target)) + (t_h * t_h).mean()
        np.testing.assert_allclose(loss.item(), t_loss.item(), rtol=1e-5)
        loss.backward()
        t_loss.backward()
        opt.step()
        t_opt.step()
    for (name, p), (_, tp) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_allclose(p.numpy(force=True), tp.detach().numpy(), rtol=1e-4, atol=1e-5,
                                   err_msg=name)

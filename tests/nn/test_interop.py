"""Weights move both ways between this project and PyTorch (skipped without torch)."""
import numpy as np
import pytest

import nn
import optim
from autograd import Tensor, manual_seed

torch = pytest.importorskip("torch")
torch.set_num_threads(1)


def _ours_mlp(p=0.5):
    manual_seed(0)
    return nn.Sequential(nn.Linear(5, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(p),
                         nn.Linear(8, 3))


def _torch_mlp(p=0.5):
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(5, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(),
                               torch.nn.Dropout(p), torch.nn.Linear(8, 3))


def _data(seed=0, n=16):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((n, 5)) * 2 + 1).astype(np.float32), rng.integers(0, 3, n)


def _to_torch_state(model):
    return {k: torch.tensor(np.array(v.numpy(force=True))) for k, v in model.state_dict().items()}


def _to_ours_state(model):
    return {k: v.detach().numpy().copy() for k, v in model.state_dict().items()}


def test_state_dict_keys_and_shapes_match_torch():
    ours, theirs = _ours_mlp(), _torch_mlp()
    assert list(ours.state_dict()) == list(theirs.state_dict())
    for key, value in theirs.state_dict().items():
        assert ours.state_dict()[key].shape == tuple(value.shape), key


def test_trained_here_then_loaded_into_torch_gives_the_same_outputs():
    ours = _ours_mlp()
    optimizer = optim.SGD(ours.parameters(), lr=0.1, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    for step in range(5):
        X, y = _data(step)
        optimizer.zero_grad()
        loss_fn(ours(Tensor(X)), y).backward()
        optimizer.step()
    assert int(ours[1].num_batches_tracked.numpy(force=True)) == 5
    theirs = _torch_mlp()
    theirs.load_state_dict(_to_torch_state(ours))
    ours.eval()
    theirs.eval()
    X, _ = _data(99, n=32)
    with torch.no_grad():
        expected = theirs(torch.tensor(X)).numpy()
    np.testing.assert_allclose(ours(Tensor(X)).numpy(force=True), expected, atol=1e-5, rtol=1e-5)


def test_trained_in_torch_then_loaded_here_gives_the_same_outputs():
    theirs = _torch_mlp()
    optimizer = torch.optim.Adam(theirs.parameters(), lr=0.01)
    for step in range(5):
        X, y = _data(step)
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(theirs(torch.tensor(X)), torch.tensor(y)).backward()
        optimizer.step()
    ours = _ours_mlp()
    ours.load_state_dict(_to_ours_state(theirs))
    np.testing.assert_allclose(ours[1].running_var.numpy(force=True), theirs[1].running_var.numpy())
    ours.eval()
    theirs.eval()
    X, _ = _data(99, n=32)
    with torch.no_grad():
        expected = theirs(torch.tensor(X)).numpy()
    np.testing.assert_allclose(ours(Tensor(X)).numpy(force=True), expected, atol=1e-5, rtol=1e-5)


def test_training_steps_match_torch_in_lockstep():
    """Without dropout, the same start gives the same losses, weights and running stats."""
    ours, theirs = _ours_mlp(p=0.0), _torch_mlp(p=0.0)
    theirs.load_state_dict(_to_torch_state(ours))
    # SGD, not Adam: the bias of a Linear before BatchNorm has a zero gradient up to
    # rounding noise, which Adam would normalise into full-size, implementation-specific steps
    opt_ours = optim.SGD(ours.parameters(), lr=0.1, momentum=0.9)
    opt_theirs = torch.optim.SGD(theirs.parameters(), lr=0.1, momentum=0.9)
    for step in range(6):
        X, y = _data(step)
        opt_ours.zero_grad()
        opt_theirs.zero_grad()
        loss = nn.CrossEntropyLoss()(ours(Tensor(X)), y)
        expected = torch.nn.functional.cross_entropy(theirs(torch.tensor(X)), torch.tensor(y))
        assert loss.item() == pytest.approx(expected.item(), rel=1e-5, abs=1e-6)
        loss.backward()
        expected.backward()
        opt_ours.step()
        opt_theirs.step()
    for key, value in theirs.state_dict().items():
        np.testing.assert_allclose(ours.state_dict()[key].numpy(force=True), value.numpy(),
                                   atol=1e-5, rtol=1e-4, err_msg=key)

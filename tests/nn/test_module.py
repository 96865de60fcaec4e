"""Module: registration, dotted names, sharing, modes, hooks, state dicts, containers, repr."""
import copy
from collections import OrderedDict

import numpy as np
import pytest

import nn
from autograd import Tensor, zeros


class Block(nn.Module):
    def __init__(self, n=3):
        super().__init__()
        self.fc = nn.Linear(n, n)
        self.scale = nn.Parameter(np.ones(n, dtype=np.float32))
        self.register_buffer("running", zeros(n))
        self.register_buffer("scratch", zeros(n), persistent=False)

    def forward(self, x):
        return self.fc(x) * self.scale


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.first = Block()
        self.layers = nn.ModuleList([Block(), Block()])
        self.head = nn.Linear(3, 1)

    def forward(self, x):
        x = self.first(x)
        for layer in self.layers:
            x = layer(x)
        return self.head(x)


def test_registration_and_dotted_names():
    net = Net()
    names = [name for name, _ in net.named_parameters()]
    assert names == ["first.scale", "first.fc.weight", "first.fc.bias",
                     "layers.0.scale", "layers.0.fc.weight", "layers.0.fc.bias",
                     "layers.1.scale", "layers.1.fc.weight", "layers.1.fc.bias",
                     "head.weight", "head.bias"]
    assert [n for n, _ in net.named_buffers()] == [
        "first.running", "first.scratch", "layers.0.running", "layers.0.scratch",
        "layers.1.running", "layers.1.scratch"]
    assert [n for n, _ in net.named_modules()] == [
        "", "first", "first.fc", "layers", "layers.0", "layers.0.fc", "layers.1", "layers.1.fc",
        "head"]
    assert [n for n, _ in net.named_children()] == ["first", "layers", "head"]
    assert len(list(net.parameters(recurse=False))) == 0
    assert net.num_parameters() == 3 * (3 + 12) + 4
    assert net.get_submodule("layers.1.fc") is net.layers[1].fc


def test_reassignment_moves_between_stores_and_type_errors():
    block = Block()
    block.fc = None
    assert "fc" in block._modules and block.fc is None
    with pytest.raises(TypeError, match="parameter 'scale'"):
        block.scale = Tensor(np.ones(3))
    with pytest.raises(TypeError, match="buffer 'running'"):
        block.running = np.ones(3)
    block.running = Tensor(np.ones(3))
    assert block._buffers["running"].numpy(force=True).sum() == 3
    del block.scale
    assert "scale" not in dict(block.named_parameters())
    with pytest.raises(KeyError, match="contain"):
        block.register_buffer("a.b", zeros(1))
    with pytest.raises(KeyError, match="already exists"):
        block.register_buffer("running2", zeros(1)) or block.register_parameter("running", None)

    class Early(nn.Module):
        def __init__(self):
            self.w = nn.Parameter(np.ones(1))

    with pytest.raises(AttributeError, match="before Module.__init__"):
        Early()


def test_missing_forward_and_attribute_errors_name_the_module():
    with pytest.raises(NotImplementedError, match="Module \\[Module\\]"):
        nn.Module()(1)
    with pytest.raises(AttributeError, match="'Linear' object has no attribute 'wieght'"):
        nn.Linear(2, 2).wieght


def test_shared_parameters_are_listed_once():
    shared = nn.Linear(3, 3)
    model = nn.Sequential(shared, nn.ReLU(), shared)
    assert [n for n, _ in model.named_parameters()] == ["0.weight", "0.bias"]
    assert len(list(model.modules())) == 3  # Sequential, Linear, ReLU
    tied = nn.Sequential(nn.Linear(3, 3), nn.Linear(3, 3))
    tied[1].weight = tied[0].weight
    assert [n for n, _ in tied.named_parameters()] == ["0.weight", "0.bias", "1.bias"]
    assert len(list(tied.named_parameters(remove_duplicate=False))) == 4
    assert list(tied.state_dict()) == ["0.weight", "0.bias", "1.weight", "1.bias"]


def test_train_eval_propagate():
    net = Net()
    assert all(m.training for m in net.modules())
    assert net.eval() is net
    assert not any(m.training for m in net.modules())
    net.layers.train()
    assert net.layers[1].fc.training and not net.first.training
    with pytest.raises(ValueError, match="bool"):
        net.train("yes")


def test_zero_grad_and_requires_grad():
    net = Net()
    net(Tensor(np.ones((2, 3), dtype=np.float32))).sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad(set_to_none=False)
    assert all(p.grad is not None and not p.grad.numpy(force=True).any() for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())
    net.first.requires_grad_(False)
    assert not net.first.fc.weight.requires_grad and net.head.weight.requires_grad


def test_apply_visits_children_first_and_to_double():
    net = Net()
    visited = []
    assert net.apply(lambda m: visited.append(type(m).__name__)) is net
    assert visited[-1] == "Net" and visited[0] == "Linear"
    weight = net.head.weight
    net.double()
    assert net.head.weight is weight and weight.dtype == np.float64
    assert net.first.running.dtype == np.float64
    assert net(Tensor(np.ones((1, 3)))).dtype == np.float64


def test_forward_hooks_and_pre_hooks_with_removable_handles():
    layer = nn.Linear(2, 2)
    seen = []
    handle = layer.register_forward_hook(
        lambda m, args, out: seen.append((m, args[0].shape, out.shape)))
    pre = layer.register_forward_pre_hook(lambda m, args: (args[0] * 0,))
    out = layer(Tensor(np.ones((4, 2), dtype=np.float32)))
    assert seen == [(layer, (4, 2), (4, 2))]
    np.testing.assert_allclose(out.numpy(force=True),
                               np.broadcast_to(layer.bias.numpy(force=True), (4, 2)))
    handle.remove()
    pre.remove()
    layer(Tensor(np.ones((1, 2), dtype=np.float32)))
    assert len(seen) == 1
    with layer.register_forward_hook(lambda m, a, o: o * 2):
        doubled = layer(Tensor(np.ones((1, 2), dtype=np.float32)))
    plain = layer(Tensor(np.ones((1, 2), dtype=np.float32)))
    np.testing.assert_allclose(doubled.numpy(force=True), 2 * plain.numpy(force=True))


def test_state_dict_values_are_detached_views_and_round_trip():
    net = Net()
    state = net.state_dict()
    assert "first.scratch" not in state and "first.running" in state
    value = state["head.weight"]
    assert isinstance(value, Tensor) and not isinstance(value, nn.Parameter)
    assert not value.requires_grad and value.numpy(force=True) is net.head.weight.numpy(force=True)
    assert net.state_dict(keep_vars=True)["head.weight"] is net.head.weight
    other = Net()
    result = other.load_state_dict({k: v.numpy(force=True).copy() for k, v in state.items()})
    assert result == ([], []) and result.missing_keys == []
    for key, tensor in other.state_dict().items():
        np.testing.assert_array_equal(tensor.numpy(force=True), state[key].numpy(force=True))


def test_load_state_dict_strict_errors_list_keys_and_shapes():
    net = Net()
    state = {k: v.numpy(force=True).copy() for k, v in net.state_dict().items()}
    del state["head.bias"]
    state["head.extra"] = np.zeros(1)
    with pytest.raises(RuntimeError) as info:
        Net().load_state_dict(state)
    message = str(info.value)
    assert 'Missing key(s) in state_dict: "head.bias"' in message
    assert 'Unexpected key(s) in state_dict: "head.extra"' in message
    target = Net()
    before = target.head.weight.numpy(force=True).copy()
    missing, unexpected = target.load_state_dict(state, strict=False)
    assert missing == ["head.bias"] and unexpected == ["head.extra"]
    np.testing.assert_array_equal(target.head.weight.numpy(force=True), state["head.weight"])
    assert not np.array_equal(before, state["head.weight"])
    state = {k: v.numpy(force=True).copy() for k, v in net.state_dict().items()}
    state["head.weight"] = np.zeros((2, 3))
    fresh = Net()
    kept = fresh.first.fc.weight.numpy(force=True).copy()
    with pytest.raises(RuntimeError, match=r"size mismatch for head.weight: copying a param with "
                                            r"shape torch.Size\(\[2, 3\]\) from checkpoint, "
                                            r"the shape in current model is "
                                            r"torch.Size\(\[1, 3\]\)"):
        fresh.load_state_dict(state, strict=False)
    np.testing.assert_array_equal(fresh.first.fc.weight.numpy(force=True), kept)  # nothing copied


def test_load_state_dict_result_prints_as_pytorch_s():
    torch = pytest.importorskip("torch")
    state = Net().state_dict()
    assert str(Net().load_state_dict(state)) == "<All keys matched successfully>"
    assert repr(Net().load_state_dict(state)) == "<All keys matched successfully>"
    del state["head.bias"]
    state["head.extra"] = Tensor(np.zeros(1))
    ours = Net().load_state_dict(state, strict=False)
    assert repr(ours) == ("_IncompatibleKeys(missing_keys=['head.bias'], "
                          "unexpected_keys=['head.extra'])")
    theirs = torch.nn.Linear(3, 1).load_state_dict({"weight": torch.zeros(1, 3)}, strict=False)
    assert repr(theirs) == "_IncompatibleKeys(missing_keys=['bias'], unexpected_keys=[])"
    assert repr(torch.nn.Linear(3, 1).load_state_dict(torch.nn.Linear(3, 1).state_dict())) == \
        str(Net().load_state_dict(Net().state_dict()))


def test_load_state_dict_bumps_versions_and_casts_dtype():
    layer = nn.Linear(2, 2)
    version = layer.weight._version
    layer.load_state_dict({"weight": np.ones((2, 2)), "bias": np.zeros(2)})
    assert layer.weight._version > version and layer.weight.dtype == np.float32


def test_sequential_indexing_and_ordered_dict_form():
    model = nn.Sequential(OrderedDict([("fc", nn.Linear(2, 3)), ("act", nn.ReLU()),
                                       ("out", nn.Linear(3, 1))]))
    assert list(model.state_dict()) == ["fc.weight", "fc.bias", "out.weight", "out.bias"]
    assert model[-1] is model.out and len(model) == 3
    head = model[1:]
    assert isinstance(head, nn.Sequential) and list(head._modules) == ["act", "out"]
    with pytest.raises(IndexError, match="out of range"):
        model[3]
    numbered = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 2))
    del numbered[1]
    assert list(numbered._modules) == ["0", "1"]
    numbered.append(nn.Tanh())
    assert isinstance(numbered[2], nn.Tanh)
    x = Tensor(np.ones((5, 2), dtype=np.float32))
    np.testing.assert_allclose(model(x).numpy(force=True),
                               model.out(model.fc(x).relu()).numpy(force=True))


def test_module_list_and_dict():
    layers = nn.ModuleList([nn.Linear(2, 2)])
    layers.append(nn.ReLU())
    layers += [nn.Tanh()]
    layers.insert(0, nn.Sigmoid())
    assert [type(m).__name__ for m in layers] == ["Sigmoid", "Linear", "ReLU", "Tanh"]
    assert list(layers.state_dict()) == ["1.weight", "1.bias"]
    del layers[0]
    assert list(layers.state_dict()) == ["0.weight", "0.bias"] and len(layers) == 3
    blocks = nn.ModuleDict({"a": nn.Linear(1, 1)})
    blocks["b"] = nn.Linear(1, 2)
    assert list(blocks) == ["a", "b"] and "b" in blocks and len(blocks) == 2
    assert list(blocks.state_dict()) == ["a.weight", "a.bias", "b.weight", "b.bias"]
    assert isinstance(blocks.pop("a"), nn.Linear) and list(blocks.keys()) == ["b"]
    merged = nn.ModuleDict([("c", nn.ReLU())])
    merged.update(blocks)
    assert list(merged) == ["c", "b"] and merged["b"] is blocks["b"]


def test_deepcopy_keeps_sharing_and_copies_data():
    model = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 2))
    model[1].weight = model[0].weight
    clone = copy.deepcopy(model)
    assert clone[1].weight is clone[0].weight and isinstance(clone[0].weight, nn.Parameter)
    assert clone[0].weight is not model[0].weight
    clone[0].weight.numpy(force=True)[...] = 0
    assert model[0].weight.numpy(force=True).any()
    snapshot = copy.deepcopy(model.state_dict())
    assert snapshot["0.weight"].numpy(force=True) is not model[0].weight.numpy(force=True)


def test_call_passes_keyword_arguments():
    class Scale(nn.Module):
        def forward(self, x, factor=1.0):
            return x * factor

    assert Scale()(Tensor(2.0), factor=3.0).item() == 6.0


def test_parameter_repr_and_leafness():
    p = nn.Parameter(np.zeros(2, dtype=np.float32))
    assert repr(p).startswith("Parameter containing:\ntensor(") and "requires_grad=True" in repr(p)
    assert p.is_leaf and p.requires_grad
    shared = Tensor(np.ones(3))
    assert nn.Parameter(shared).numpy(force=True) is shared.numpy(force=True)
    assert nn.Parameter(np.ones(1), requires_grad=False).requires_grad is False


def test_repr_matches_pytorch(torch):
    ours = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.2), nn.Linear(8, 2, bias=False),
                         nn.LeakyReLU(0.1), nn.Flatten(), nn.Identity(),
                         nn.ModuleList([nn.Tanh(), nn.Tanh(), nn.Sigmoid()]),
                         nn.ModuleDict({"g": nn.GELU(), "s": nn.Softmax(dim=1)}),
                         nn.LogSoftmax(dim=-1), nn.Embedding(10, 3, padding_idx=0),
                         nn.Bilinear(2, 3, 4))
    tn = torch.nn
    theirs = tn.Sequential(tn.Linear(4, 8), tn.ReLU(), tn.Dropout(0.2), tn.Linear(8, 2, bias=False),
                           tn.LeakyReLU(0.1), tn.Flatten(), tn.Identity(),
                           tn.ModuleList([tn.Tanh(), tn.Tanh(), tn.Sigmoid()]),
                           tn.ModuleDict({"g": tn.GELU(), "s": tn.Softmax(dim=1)}),
                           tn.LogSoftmax(dim=-1), tn.Embedding(10, 3, padding_idx=0),
                           tn.Bilinear(2, 3, 4))
    assert repr(ours) == repr(theirs)


def test_state_dict_keys_and_shapes_match_pytorch(torch):
    ours = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Sequential(nn.Linear(8, 8), nn.Tanh()),
                         nn.Embedding(5, 4), nn.Bilinear(3, 2, 6), nn.Linear(6, 1, bias=False))
    tn = torch.nn
    theirs = tn.Sequential(tn.Linear(4, 8), tn.ReLU(), tn.Sequential(tn.Linear(8, 8), tn.Tanh()),
                           tn.Embedding(5, 4), tn.Bilinear(3, 2, 6), tn.Linear(6, 1, bias=False))
    assert [(k, tuple(v.shape)) for k, v in ours.state_dict().items()] == \
           [(k, tuple(v.shape)) for k, v in theirs.state_dict().items()]
    theirs.load_state_dict({k: torch.from_numpy(v.numpy(force=True).copy())
                            for k, v in ours.state_dict().items()})
    back = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Sequential(nn.Linear(8, 8), nn.Tanh()),
                         nn.Embedding(5, 4), nn.Bilinear(3, 2, 6), nn.Linear(6, 1, bias=False))
    back.load_state_dict(theirs.state_dict())  # torch tensors accepted through np.asarray
    for key, value in back.state_dict().items():
        np.testing.assert_array_equal(value.numpy(force=True),
                                      ours.state_dict()[key].numpy(force=True))

"""MultiheadAttention, TransformerEncoderLayer and TransformerEncoder against PyTorch: state
dict keys and shapes, forward and backward with every mask and layout option."""
from __future__ import annotations

import numpy as np
import pytest

import nn
from autograd import Tensor, manual_seed


def _twins(torch, ours, theirs):
    """Both modules in float64 with our weights; state dict keys and shapes equal."""
    ours.double()
    theirs.double()
    state = ours.state_dict()
    assert list(state) == list(theirs.state_dict())
    assert {k: tuple(v.shape) for k, v in state.items()} == \
        {k: tuple(v.shape) for k, v in theirs.state_dict().items()}
    theirs.load_state_dict({k: torch.tensor(v.numpy()) for k, v in state.items()})
    return ours, theirs


def _inputs(torch, *shapes, seed=0):
    rng = np.random.default_rng(seed)
    arrays = [rng.standard_normal(shape) for shape in shapes]
    return ([Tensor(a, requires_grad=True) for a in arrays],
            [torch.tensor(a, requires_grad=True) for a in arrays])


def _compare_outputs(torch, ours_out, theirs_out, ours_in, theirs_in, ours_mod, theirs_mod):
    np.testing.assert_allclose(ours_out.numpy(force=True), theirs_out.detach().numpy(),
                               rtol=1e-9, atol=1e-11)
    weights = np.random.default_rng(5).standard_normal(ours_out.shape)
    (ours_out * Tensor(weights)).sum().backward()
    (theirs_out * torch.tensor(weights)).sum().backward()
    for a, b in zip(ours_in, theirs_in):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-8, atol=1e-10)
    theirs_params = dict(theirs_mod.named_parameters())
    for name, p in ours_mod.named_parameters():
        np.testing.assert_allclose(p.grad.numpy(), theirs_params[name].grad.numpy(), rtol=1e-8,
                                   atol=1e-10, err_msg=name)


def _mask(torch, array):
    return Tensor(array), torch.tensor(array)


MHA_OPTIONS = [
    {},
    {"batch_first": True},
    {"bias": False},
    {"kdim": 3, "vdim": 5},
    {"add_bias_kv": True},
    {"add_zero_attn": True},
    {"add_bias_kv": True, "add_zero_attn": True, "batch_first": True},
]


@pytest.mark.parametrize("options", MHA_OPTIONS, ids=lambda o: ",".join(o) or "default")
@pytest.mark.parametrize("need_weights, average", [(False, True), (True, True), (True, False)])
def test_multihead_attention_matches_pytorch(torch, options, need_weights, average):
    embed, heads, length, source, batch = 8, 2, 3, 4, 2
    manual_seed(0)
    ours, theirs = _twins(torch, nn.MultiheadAttention(embed, heads, **options),
                          torch.nn.MultiheadAttention(embed, heads, **options))
    first = options.get("batch_first", False)
    layout = (lambda n, s, e: (n, s, e)) if first else (lambda n, s, e: (s, n, e))
    (q, k, v), (tq, tk, tv) = _inputs(torch, layout(batch, length, embed),
                                      layout(batch, source, options.get("kdim", embed)),
                                      layout(batch, source, options.get("vdim", embed)))
    rng = np.random.default_rng(3)
    attn, tattn = _mask(torch, rng.uniform(size=(length, source)) > 0.7)
    padding, tpadding = _mask(torch, np.array([[False] * source, [False, True, False, True]]))
    out, weights = ours(q, k, v, key_padding_mask=padding, need_weights=need_weights,
                        attn_mask=attn, average_attn_weights=average)
    expected, expected_weights = theirs(tq, tk, tv, key_padding_mask=tpadding,
                                        need_weights=need_weights, attn_mask=tattn,
                                        average_attn_weights=average)
    if need_weights:
        np.testing.assert_allclose(weights.numpy(force=True), expected_weights.detach().numpy(),
                                   rtol=1e-9, atol=1e-11)
    else:
        assert weights is None and expected_weights is None
    _compare_outputs(torch, out, expected, [q, k, v], [tq, tk, tv], ours, theirs)


@pytest.mark.parametrize("mask_kind", ["float", "per_head", "none"])
def test_multihead_attention_masks_unbatched_and_self_attention(torch, mask_kind):
    manual_seed(1)
    ours, theirs = _twins(torch, nn.MultiheadAttention(6, 3), torch.nn.MultiheadAttention(6, 3))
    (x,), (tx,) = _inputs(torch, (4, 6))  # unbatched (L, E)
    rng = np.random.default_rng(2)
    mask = {"float": rng.standard_normal((4, 4)), "per_head": rng.standard_normal((3, 4, 4)),
            "none": None}[mask_kind]
    attn, tattn = (None, None) if mask is None else _mask(torch, mask)
    out, weights = ours(x, x, x, attn_mask=attn)
    expected, expected_weights = theirs(tx, tx, tx, attn_mask=tattn)
    assert weights.shape == tuple(expected_weights.shape) == (4, 4)
    _compare_outputs(torch, out, expected, [x], [tx], ours, theirs)


def test_multihead_attention_init_repr_and_errors(torch):
    layer = nn.MultiheadAttention(8, 2)
    assert repr(layer) == repr(torch.nn.MultiheadAttention(8, 2))
    assert not layer.in_proj_bias.numpy(force=True).any()
    assert not layer.out_proj.bias.numpy(force=True).any()
    bound = np.sqrt(6 / (8 + 24))  # Xavier-uniform over the (3E, E) in_proj_weight
    assert np.abs(layer.in_proj_weight.numpy(force=True)).max() <= bound
    with pytest.raises(AssertionError, match="embed_dim must be divisible by num_heads"):
        nn.MultiheadAttention(8, 3)
    x = Tensor(np.zeros((2, 1, 6), np.float32))
    with pytest.raises(AssertionError, match="expecting embedding dimension of 8, but got 6"):
        layer(x, x, x)
    x = Tensor(np.zeros((2, 1, 8), np.float32))
    with pytest.raises(RuntimeError, match="Need attn_mask if specifying the is_causal hint"):
        layer(x, x, x, is_causal=True)
    with pytest.raises(RuntimeError, match=r"shape of attn_mask \(3, 3\) should be \(2, 2\)"):
        layer(x, x, x, attn_mask=Tensor(np.zeros((3, 3), np.float32)))


ENCODER_OPTIONS = [{}, {"norm_first": True}, {"activation": "gelu", "batch_first": True},
                   {"bias": False, "norm_first": True, "batch_first": True}]


@pytest.mark.parametrize("options", ENCODER_OPTIONS, ids=lambda o: ",".join(o) or "default")
def test_transformer_encoder_layer_matches_pytorch(torch, options):
    manual_seed(0)
    kwargs = dict(dim_feedforward=16, dropout=0.0, **options)
    ours, theirs = _twins(torch, nn.TransformerEncoderLayer(8, 2, **kwargs),
                          torch.nn.TransformerEncoderLayer(8, 2, **kwargs))
    (x,), (tx,) = _inputs(torch, (2, 5, 8) if options.get("batch_first") else (5, 2, 8))
    causal = np.triu(np.ones((5, 5), bool), 1)
    padding = np.zeros((2, 5), bool)
    padding[1, 3:] = True
    out = ours(x, src_mask=Tensor(causal), src_key_padding_mask=Tensor(padding),
               is_causal=True)
    expected = theirs(tx, src_mask=torch.tensor(causal),
                      src_key_padding_mask=torch.tensor(padding), is_causal=True)
    _compare_outputs(torch, out, expected, [x], [tx], ours, theirs)


def test_transformer_encoder_stacks_copies_and_state_dicts_move_both_ways(torch):
    manual_seed(0)
    layer = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0)
    ours = nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(8))
    theirs = torch.nn.TransformerEncoder(
        torch.nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0), 2,
        norm=torch.nn.LayerNorm(8), enable_nested_tensor=False)
    assert ours.layers[0].linear1.weight is not ours.layers[1].linear1.weight
    ours, theirs = _twins(torch, ours, theirs)
    (x,), (tx,) = _inputs(torch, (5, 2, 8))
    _compare_outputs(torch, ours(x), theirs(tx), [x], [tx], ours, theirs)
    back = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, 0.0), 2, nn.LayerNorm(8))
    back.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    back.double()
    np.testing.assert_allclose(back(x).numpy(force=True), ours(x).numpy(force=True))


def test_transformer_encoder_layer_trains_with_dropout_and_refuses_unknown_activations():
    manual_seed(0)
    layer = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.5)
    x = Tensor(np.random.default_rng(0).standard_normal((3, 2, 8)).astype(np.float32))
    train_out = layer(x)
    layer.eval()
    assert not np.allclose(train_out.numpy(force=True), layer(x).numpy(force=True))
    train_out.sum().backward()
    assert all(p.grad is not None for p in layer.parameters())
    with pytest.raises(RuntimeError, match="activation should be relu/gelu, not tanh"):
        nn.TransformerEncoderLayer(8, 2, activation="tanh")


def test_a_float_mask_of_another_dtype_than_the_query_is_refused_as_pytorch(torch):
    """PyTorch refuses it (deep in baddbmm for the module, by name in the function); converting
    it silently would hide a float64 mask in a float32 model."""
    layer = nn.MultiheadAttention(4, 1)
    q = Tensor(np.zeros((3, 1, 4), np.float32))
    with pytest.raises(RuntimeError, match="attn_mask of dtype torch.float64 does not match"):
        layer(q, q, q, attn_mask=Tensor(np.zeros((3, 3))))
    tq = torch.zeros(1, 3, 4)
    F = nn.functional
    for mask in (np.zeros((3, 3)), np.zeros((3, 3), np.int64)):
        with pytest.raises(RuntimeError) as ours:
            F.scaled_dot_product_attention(Tensor(np.zeros((1, 3, 4), np.float32)),
                                           Tensor(np.zeros((1, 3, 4), np.float32)),
                                           Tensor(np.zeros((1, 3, 4), np.float32)),
                                           attn_mask=Tensor(mask))
        with pytest.raises(RuntimeError) as theirs:
            torch.nn.functional.scaled_dot_product_attention(
                tq, tq, tq, attn_mask=torch.from_numpy(mask))
        assert str(ours.value).split(",")[0] == str(theirs.value).split(",")[0]

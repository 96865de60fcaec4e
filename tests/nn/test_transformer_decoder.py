"""TransformerDecoderLayer, TransformerDecoder and Transformer against PyTorch (state dict
keys and shapes, initialisation for a seed, forward and backward with every mask and layout,
reprs, errors), and cosine_similarity / pairwise_distance with their modules."""
from __future__ import annotations

import inspect

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor, gradcheck, gradgradcheck, manual_seed
from nn import functional as F
from tests.nn.test_attention import _compare_outputs, _inputs, _twins

T, S, N, E = 4, 5, 2, 8  # target length, source length, batch, d_model


def _layout(batch_first: bool, length: int) -> tuple:
    return (N, length, E) if batch_first else (length, N, E)


def _masks(torch, float_masks: bool, dtype=np.float64) -> tuple:
    """(ours, theirs) dicts of a causal tgt_mask, a memory_mask and both padding masks."""
    causal = np.triu(np.ones((T, T), bool), 1)
    memory = np.random.default_rng(1).uniform(size=(T, S)) > 0.8
    memory[:, 0] = False  # every target position sees at least one source position
    tgt_padding = np.zeros((N, T), bool)
    tgt_padding[1, 3:] = True
    memory_padding = np.zeros((N, S), bool)
    memory_padding[0, 4:] = True
    arrays = {"tgt_mask": causal, "memory_mask": memory, "tgt_key_padding_mask": tgt_padding,
              "memory_key_padding_mask": memory_padding}
    if float_masks:  # 0 where allowed, -inf where not (PyTorch warns on mixed kinds)
        arrays = {k: np.where(v, -np.inf, 0.0).astype(dtype) for k, v in arrays.items()}
        arrays["tgt_mask"] = nn.Transformer.generate_square_subsequent_mask(T, dtype=dtype).numpy()
    return ({k: Tensor(v) for k, v in arrays.items()},
            {k: torch.tensor(v) for k, v in arrays.items()})


DECODER_OPTIONS = [
    {},
    {"norm_first": True},
    {"batch_first": True},
    {"activation": "gelu", "batch_first": True, "norm_first": True},
    {"bias": False, "layer_norm_eps": 1e-3},
]


@pytest.mark.parametrize("options", DECODER_OPTIONS, ids=lambda o: ",".join(o) or "default")
@pytest.mark.parametrize("float_masks", [False, True], ids=["bool-mask", "float-mask"])
def test_decoder_layer_matches_pytorch(torch, options, float_masks):
    manual_seed(0)
    kwargs = dict(dim_feedforward=16, dropout=0.0, **options)
    ours, theirs = _twins(torch, nn.TransformerDecoderLayer(E, 2, **kwargs),
                          torch.nn.TransformerDecoderLayer(E, 2, **kwargs))
    first = options.get("batch_first", False)
    (tgt, memory), (ttgt, tmemory) = _inputs(torch, _layout(first, T), _layout(first, S))
    masks, tmasks = _masks(torch, float_masks)
    out = ours(tgt, memory, tgt_is_causal=True, **masks)
    expected = theirs(ttgt, tmemory, tgt_is_causal=True, **tmasks)
    _compare_outputs(torch, out, expected, [tgt, memory], [ttgt, tmemory], ours, theirs)


def test_decoder_layer_with_a_module_activation_and_unbatched_input(torch):
    manual_seed(0)
    ours, theirs = _twins(torch, nn.TransformerDecoderLayer(E, 2, 16, 0.0, nn.GELU("tanh")),
                          torch.nn.TransformerDecoderLayer(E, 2, 16, 0.0,
                                                           torch.nn.GELU("tanh")))
    assert "(activation): GELU(approximate='tanh')" in repr(ours)
    (tgt, memory), (ttgt, tmemory) = _inputs(torch, (T, E), (S, E))
    padding = np.array([False, False, True, False, False])
    out = ours(tgt, memory, memory_key_padding_mask=Tensor(padding))
    expected = theirs(ttgt, tmemory, memory_key_padding_mask=torch.tensor(padding))
    assert out.shape == (T, E)
    _compare_outputs(torch, out, expected, [tgt, memory], [ttgt, tmemory], ours, theirs)


def test_decoder_stacks_copies_and_state_dicts_move_both_ways(torch):
    manual_seed(0)
    ours = nn.TransformerDecoder(nn.TransformerDecoderLayer(E, 2, 16, 0.0), 3, nn.LayerNorm(E))
    theirs = torch.nn.TransformerDecoder(torch.nn.TransformerDecoderLayer(E, 2, 16, 0.0), 3,
                                         torch.nn.LayerNorm(E))
    assert ours.layers[0].linear1.weight is not ours.layers[1].linear1.weight
    assert ours.num_layers == 3
    ours, theirs = _twins(torch, ours, theirs)
    (tgt, memory), (ttgt, tmemory) = _inputs(torch, (T, N, E), (S, N, E))
    masks, tmasks = _masks(torch, float_masks=True)
    out = ours(tgt, memory, **masks)  # tgt_is_causal=None: PyTorch detects the causal mask
    expected = theirs(ttgt, tmemory, **tmasks)
    _compare_outputs(torch, out, expected, [tgt, memory], [ttgt, tmemory], ours, theirs)
    back = nn.TransformerDecoder(nn.TransformerDecoderLayer(E, 2, 16, 0.0), 3, nn.LayerNorm(E))
    back.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    back.double()
    np.testing.assert_allclose(back(tgt, memory).numpy(force=True),
                               ours(tgt, memory).numpy(force=True))


def _copied_transformers(torch, **options):
    """A small nn.Transformer of ours and PyTorch's with our float32 weights, in eval mode."""
    manual_seed(0)
    ours = nn.Transformer(E, 2, 2, 2, 16, **options).eval()
    theirs = torch.nn.Transformer(E, 2, 2, 2, 16, **options).eval()
    state = ours.state_dict()
    assert {k: tuple(v.shape) for k, v in state.items()} == \
        {k: tuple(v.shape) for k, v in theirs.state_dict().items()}
    assert list(state) == list(theirs.state_dict())
    theirs.load_state_dict({k: torch.tensor(v.numpy()) for k, v in state.items()})
    return ours, theirs


@pytest.mark.filterwarnings("ignore:enable_nested_tensor is True")
@pytest.mark.parametrize("options", [{}, {"batch_first": True}, {"norm_first": True},
                                     {"batch_first": True, "norm_first": True}],
                         ids=lambda o: ",".join(o) or "default")
def test_transformer_in_eval_mode_matches_pytorch_in_float32(torch, options):
    ours, theirs = _copied_transformers(torch, **options)
    first = options.get("batch_first", False)
    rng = np.random.default_rng(2)
    arrays = [rng.standard_normal(_layout(first, n)).astype(np.float32) for n in (S, T)]
    src, tgt = (Tensor(a, requires_grad=True) for a in arrays)
    tsrc, ttgt = (torch.tensor(a, requires_grad=True) for a in arrays)
    masks, tmasks = _masks(torch, float_masks=True, dtype=np.float32)
    padding = np.zeros((N, S), np.float32)
    padding[1, 3:] = -np.inf
    out = ours(src, tgt, src_key_padding_mask=Tensor(padding), **masks)
    expected = theirs(tsrc, ttgt, src_key_padding_mask=torch.tensor(padding), **tmasks)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out.numpy(force=True), expected.detach().numpy(), rtol=1e-5,
                               atol=1e-5)
    out.pow(2).sum().backward()
    expected.pow(2).sum().backward()
    for a, b in ((src, tsrc), (tgt, ttgt)):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-4, atol=1e-5)
    theirs_params = dict(theirs.named_parameters())
    for name, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad.numpy(), theirs_params[name].grad.numpy(), rtol=1e-4,
                                   atol=1e-5, err_msg=name)


@pytest.mark.filterwarnings("ignore:enable_nested_tensor is True")
def test_transformer_unbatched_and_custom_parts(torch):
    ours, theirs = _copied_transformers(torch)
    rng = np.random.default_rng(4)
    src, tgt = (rng.standard_normal(shape).astype(np.float32) for shape in ((S, E), (T, E)))
    out = ours(Tensor(src), Tensor(tgt))
    assert out.shape == (T, E)
    np.testing.assert_allclose(out.numpy(force=True), theirs(torch.tensor(src), torch.tensor(tgt))
                               .detach().numpy(), rtol=1e-5, atol=1e-5)
    encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(E, 2, 16), 1)
    decoder = nn.TransformerDecoder(nn.TransformerDecoderLayer(E, 2, 16), 1)
    custom = nn.Transformer(E, 2, custom_encoder=encoder, custom_decoder=decoder)
    assert custom.encoder is encoder and custom.decoder is decoder
    assert custom.d_model == E and custom.nhead == 2 and custom.batch_first is False


SEEDED = [
    lambda m: m.TransformerDecoderLayer(E, 2, 16),
    lambda m: m.TransformerDecoder(m.TransformerDecoderLayer(E, 2, 16), 2),
    lambda m: m.Transformer(E, 2, 2, 2, 16),
    lambda m: m.Transformer(E, 2, 1, 1, 16, norm_first=True, bias=False),
]


@pytest.mark.filterwarnings("ignore:enable_nested_tensor is True")
@pytest.mark.parametrize("make", SEEDED)
def test_default_initialisation_draws_pytorchs_numbers(torch, make):
    manual_seed(42)
    torch.manual_seed(42)
    ours, theirs = make(nn), make(torch.nn)
    theirs_state = theirs.state_dict()
    for name, value in ours.state_dict().items():
        np.testing.assert_array_equal(value.numpy(), theirs_state[name].numpy(), err_msg=name)
    np.testing.assert_array_equal(autograd.get_rng_state().numpy(),
                                  torch.get_rng_state().numpy())


@pytest.mark.parametrize("name", ["TransformerDecoderLayer", "TransformerDecoder",
                                  "Transformer"])
def test_signatures_and_defaults_are_pytorchs(torch, name):
    ours = inspect.signature(getattr(nn, name).__init__).parameters
    theirs = inspect.signature(getattr(torch.nn, name).__init__).parameters
    assert list(ours) == list(theirs)
    for key, parameter in ours.items():
        default, expected = parameter.default, theirs[key].default
        if default is not inspect.Parameter.empty and callable(default):  # F.relu
            assert default.__name__ == expected.__name__ == "relu"
        else:
            assert default == expected, key
    forward = inspect.signature(getattr(nn, name).forward).parameters
    assert list(forward) == list(inspect.signature(getattr(torch.nn, name).forward).parameters)


@pytest.mark.filterwarnings("ignore:enable_nested_tensor is True")
@pytest.mark.parametrize("make", [
    lambda m: m.TransformerDecoderLayer(E, 2, 16, norm_first=True),
    lambda m: m.TransformerDecoder(m.TransformerDecoderLayer(E, 2, 16), 2, m.LayerNorm(E)),
    lambda m: m.Transformer(E, 2, 1, 2, 16, bias=False),
    lambda m: m.CosineSimilarity(dim=0, eps=1e-3),
    lambda m: m.PairwiseDistance(p=3.0, keepdim=True),
])
def test_reprs_are_pytorchs(torch, make):
    # our MultiheadAttention names its out_proj class Linear (PyTorch: a Linear subclass)
    expected = repr(make(torch.nn))
    assert repr(make(nn)) == expected


@pytest.mark.parametrize("size, dtype", [(0, None), (1, None), (5, None), (3, "float64"),
                                         (3, "bool")])
def test_generate_square_subsequent_mask_is_pytorchs(torch, size, dtype):
    ours = nn.Transformer.generate_square_subsequent_mask(
        size, device="cpu", dtype=None if dtype is None else getattr(autograd, dtype))
    theirs = torch.nn.Transformer.generate_square_subsequent_mask(
        size, device="cpu", dtype=None if dtype is None else getattr(torch, dtype))
    assert ours.dtype == np.dtype(str(theirs.dtype).removeprefix("torch."))
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    assert not ours.requires_grad


def test_transformer_errors():
    model = nn.Transformer(E, 2, 1, 1, 16)
    with pytest.raises(RuntimeError, match="the batch number of src and tgt must be equal"):
        model(Tensor(np.zeros((S, 2, E), np.float32)), Tensor(np.zeros((T, 3, E), np.float32)))
    with pytest.raises(RuntimeError, match="feature number of src and tgt must be equal to "
                                           "d_model=8"):
        model(Tensor(np.zeros((S, 2, E), np.float32)), Tensor(np.zeros((T, 2, 6), np.float32)))
    with pytest.raises(RuntimeError, match="value cannot be converted to type int64"):
        nn.Transformer.generate_square_subsequent_mask(3, dtype=autograd.int64)
    layer = nn.TransformerDecoderLayer(E, 2, 16)
    tgt = Tensor(np.zeros((T, 2, E), np.float32))
    with pytest.raises(AssertionError, match="expecting embedding dimension of 8, but got 6"):
        layer(Tensor(np.zeros((T, 2, 6), np.float32)), tgt)
    with pytest.raises(AssertionError, match="key and value must end in kdim=8"):
        layer(tgt, Tensor(np.zeros((S, 2, 6), np.float32)))
    with pytest.raises(AssertionError, match="does not match"):
        layer(tgt, Tensor(np.zeros((S, 3, E), np.float32)))
    with pytest.raises(RuntimeError, match="Need attn_mask if specifying the is_causal hint"):
        layer(tgt, tgt, tgt_is_causal=True)
    with pytest.raises(RuntimeError, match="activation should be relu/gelu, not tanh"):
        nn.TransformerDecoderLayer(E, 2, activation="tanh")
    with pytest.raises(TypeError, match="decoder_layer must be a Module"):
        nn.TransformerDecoder("layer", 2)
    with pytest.raises(TypeError, match="num_layers must be a non-negative integer"):
        nn.TransformerDecoder(layer, 1.5)


def test_decoder_layer_gradcheck_in_float64():
    manual_seed(0)
    layer = nn.TransformerDecoderLayer(4, 2, dim_feedforward=6, dropout=0.0,
                                       activation="gelu").double()
    rng = np.random.default_rng(0)
    tgt = Tensor(rng.standard_normal((3, 1, 4)), requires_grad=True)
    memory = Tensor(rng.standard_normal((2, 1, 4)), requires_grad=True)
    mask = nn.Transformer.generate_square_subsequent_mask(3, dtype=autograd.float64)
    weight = layer.multihead_attn.in_proj_weight
    assert gradcheck(lambda t, m, w: layer(t, m, tgt_mask=mask), (tgt, memory, weight))


def test_decoder_layer_trains_with_dropout():
    manual_seed(0)
    layer = nn.TransformerDecoderLayer(E, 2, dim_feedforward=16, dropout=0.5)
    rng = np.random.default_rng(0)
    tgt, memory = (Tensor(rng.standard_normal(s).astype(np.float32)) for s in ((3, 2, E),
                                                                             (4, 2, E)))
    train_out = layer(tgt, memory)
    layer.eval()
    assert not np.allclose(train_out.numpy(force=True), layer(tgt, memory).numpy(force=True))
    train_out.sum().backward()
    assert all(p.grad is not None for p in layer.parameters())


# --- cosine_similarity and pairwise_distance ------------------------------------------------
COSINE_CASES = [  # shape1, shape2, dim, eps
    ((3, 4), (3, 4), 1, 1e-8),
    ((3, 4), (3, 4), 0, 1e-8),
    ((2, 3, 4), (3, 4), -1, 1e-8),
    ((4,), (2, 1, 4), -1, 0.5),
    ((2, 1, 5), (1, 3, 5), 2, 1e-8),
    ((5,), (5,), 0, 1e-8),
    ((), (), 0, 1e-8),
    ((0, 3), (0, 3), 1, 1e-8),
]


def _pair(torch, shapes, seed=0, small_rows=False):
    rng = np.random.default_rng(seed)
    arrays = [rng.standard_normal(shape) for shape in shapes]
    if small_rows and arrays[0].ndim == 2 and arrays[0].shape[0]:
        arrays[0][0] *= 1e-9  # a norm below eps: clamped, the gradient still flows
        arrays[1][-1] = 0.0   # a zero vector
    return ([Tensor(a, requires_grad=True) for a in arrays],
            [torch.tensor(a, requires_grad=True) for a in arrays])


def _forward_backward_equal(torch, out, expected, ours, theirs):
    np.testing.assert_allclose(out.numpy(force=True), expected.detach().numpy(), rtol=1e-12,
                               atol=1e-14)
    weights = np.random.default_rng(9).standard_normal(out.shape)
    (out * Tensor(weights)).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("shape1, shape2, dim, eps", COSINE_CASES)
def test_cosine_similarity_matches_pytorch(torch, shape1, shape2, dim, eps):
    (a, b), (ta, tb) = _pair(torch, (shape1, shape2), small_rows=True)
    out = F.cosine_similarity(a, b, dim=dim, eps=eps)
    expected = torch.nn.functional.cosine_similarity(ta, tb, dim=dim, eps=eps)
    assert out.shape == tuple(expected.shape)
    _forward_backward_equal(torch, out, expected, (a, b), (ta, tb))


def test_cosine_similarity_dtypes_errors_and_module(torch):
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((2, 3, 4)).astype(np.float32)
    assert F.cosine_similarity(Tensor(x), Tensor(y.astype(np.float64))).dtype == np.float64
    ints = np.array([[1, 2, 0, 3]])
    out = F.cosine_similarity(Tensor(ints), Tensor(x[0]))
    assert out.dtype == np.float32
    np.testing.assert_allclose(out.numpy(), torch.cosine_similarity(
        torch.tensor(ints), torch.tensor(x[0])).numpy(), rtol=1e-6)
    with pytest.raises(RuntimeError, match="expected common dtype to be floating point, yet "
                                           "common dtype is Long"):
        F.cosine_similarity(Tensor(ints), Tensor(ints))
    with pytest.raises(IndexError, match="Dimension out of range"):
        F.cosine_similarity(Tensor(x), Tensor(y), dim=2)
    with pytest.raises(RuntimeError, match="broadcast"):
        F.cosine_similarity(Tensor(x), Tensor(y[:, :2]))
    with pytest.raises(TypeError, match="must be Tensor, not list"):
        F.cosine_similarity([1.0], Tensor(x[0]))
    module = nn.CosineSimilarity(dim=0, eps=1e-3)
    np.testing.assert_allclose(module(Tensor(x), Tensor(y)).numpy(),
                               torch.nn.CosineSimilarity(dim=0, eps=1e-3)(
                                   torch.tensor(x), torch.tensor(y)).numpy(), rtol=1e-6)
    assert autograd.cosine_similarity is F.cosine_similarity


PAIRWISE_CASES = [  # shape1, shape2, p, eps, keepdim
    ((3, 4), (3, 4), 2.0, 1e-6, False),
    ((3, 4), (4,), 1.0, 1e-6, True),
    ((2, 3, 4), (3, 4), 3.0, 0.0, False),
    ((3, 4), (3, 4), float("inf"), 1e-6, False),
    ((3, 4), (3, 4), 0.5, 1e-6, False),
    ((5,), (5,), 2.0, 1e-6, True),
    ((), (), 2.0, 1e-6, False),
]


@pytest.mark.parametrize("shape1, shape2, p, eps, keepdim", PAIRWISE_CASES)
def test_pairwise_distance_matches_pytorch(torch, shape1, shape2, p, eps, keepdim):
    (a, b), (ta, tb) = _pair(torch, (shape1, shape2), seed=1)
    out = nn.PairwiseDistance(p, eps, keepdim)(a, b)
    expected = torch.nn.functional.pairwise_distance(ta, tb, p, eps, keepdim)
    assert out.shape == tuple(expected.shape)
    _forward_backward_equal(torch, out, expected, (a, b), (ta, tb))


def test_pairwise_distance_of_integers_and_its_zero_distance_gradient(torch):
    ints = (np.array([[1, 2], [3, 5]]), np.array([[1, 2], [0, 1]]))
    out = F.pairwise_distance(*(Tensor(v) for v in ints), eps=0.0)
    expected = torch.pairwise_distance(*(torch.tensor(v) for v in ints), eps=0.0)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out.numpy(), expected.numpy(), rtol=1e-6)
    same = Tensor(np.ones((2, 3)), requires_grad=True)
    F.pairwise_distance(same, Tensor(np.ones((2, 3))), eps=0.0).sum().backward()
    np.testing.assert_array_equal(same.grad.numpy(), np.zeros((2, 3)))  # PyTorch's 0 at 0


def test_distances_gradcheck_to_second_order():
    rng = np.random.default_rng(3)
    a = Tensor(rng.standard_normal((3, 4)), requires_grad=True)
    b = Tensor(rng.standard_normal((1, 4)), requires_grad=True)
    for fn in (lambda x, y: F.cosine_similarity(x, y, dim=1),
               lambda x, y: F.pairwise_distance(x, y, p=3.0)):
        assert gradcheck(fn, (a, b))
        assert gradgradcheck(fn, (a, b))

"""autograd.return_types: the named tuples of max(dim), sort, topk, ... behave as PyTorch's
structseqs (a tuple with named items, one type per function, printed as torch prints it)."""
import copy
import pickle

import numpy as np
import pytest

import autograd as ag
from autograd import return_types

X = np.array([[1.0, 5.0, 2.0], [4.0, 0.0, 3.0]], np.float32)

# every function of ours that PyTorch gives a return type, with an call on a (2, 3) tensor
CALLS = {
    "max": lambda x: ag.max(x, 1),
    "min": lambda x: ag.min(x, 1),
    "sort": lambda x: ag.sort(x),
    "topk": lambda x: ag.topk(x, 2),
    "kthvalue": lambda x: ag.kthvalue(x, 2),
    "median": lambda x: ag.median(x, 1),
    "nanmedian": lambda x: ag.nanmedian(x, 1),
    "cummax": lambda x: ag.cummax(x, 1),
    "cummin": lambda x: ag.cummin(x, 1),
    "aminmax": lambda x: ag.aminmax(x, dim=1),
    "mode": lambda x: ag.mode(x, 1),
}
FIELDS = {name: ("min", "max") if name == "aminmax" else ("values", "indices")
          for name in CALLS}


@pytest.mark.parametrize("name", CALLS)
def test_each_function_returns_its_own_named_type(name):
    result = CALLS[name](ag.tensor(X))
    assert type(result) is getattr(return_types, name)
    assert type(result).__name__ == type(result).__qualname__ == name
    assert type(result).__module__ == "autograd.return_types"
    assert type(result).__match_args__ == FIELDS[name]
    assert isinstance(result, tuple) and len(result) == 2 == type(result).n_fields
    first, second = result
    assert result[0] is first and result[1] is second and result[-1] is second
    assert getattr(result, FIELDS[name][0]) is first
    assert getattr(result, FIELDS[name][1]) is second
    assert result == (first, second) and (first, second) == result
    assert repr(result) == str(result) == (f"torch.return_types.{name}(\n"
                                           f"{FIELDS[name][0]}={first!r},\n"
                                           f"{FIELDS[name][1]}={second!r})")


@pytest.mark.parametrize("name", CALLS)
def test_out_gives_the_out_type_holding_the_given_tensors(name):
    x = ag.tensor(X)
    plain = CALLS[name](x)
    out = tuple(ag.empty(0, dtype=value.dtype) for value in plain)
    written = _with_out(name, x, out)
    assert type(written) is getattr(return_types, name + "_out")
    assert type(written) is return_types.out_type(plain)
    assert written[0] is out[0] and written[1] is out[1]
    assert [t.tolist() for t in written] == [t.tolist() for t in plain]
    assert repr(written).startswith(f"torch.return_types.{name}_out(\n")


def _with_out(name, x, out):
    """CALLS[name] with out= (the same arguments)."""
    args = {"max": (1,), "min": (1,), "sort": (), "topk": (2,), "kthvalue": (2,),
            "median": (1,), "nanmedian": (1,), "cummax": (1,), "cummin": (1,), "mode": (1,)}
    if name == "aminmax":
        return ag.aminmax(x, dim=1, out=out)
    return getattr(ag, name)(x, *args[name], out=out)


def test_the_constructor_takes_one_sequence_of_every_item():
    values, indices = ag.tensor([2.0]), ag.tensor([1])
    for items in ((values, indices), [values, indices], iter((values, indices))):
        result = return_types.max(items)
        assert result.values is values and result.indices is indices
    with pytest.raises(TypeError, match=r"torch.return_types.max\(\) takes a 2-sequence "
                                        r"\(3-sequence given\)"):
        return_types.max((values, indices, indices))
    with pytest.raises(TypeError, match=r"takes a 2-sequence \(1-sequence given\)"):
        return_types.sort((values,))
    with pytest.raises(TypeError):
        return_types.max(values, indices)  # two arguments, not one sequence


def test_items_cannot_be_reassigned_and_slices_and_sums_are_plain_tuples():
    result = ag.max(ag.tensor(X), 1)
    with pytest.raises(AttributeError):
        result.values = ag.tensor([0.0])
    with pytest.raises(AttributeError):
        result.other = 1
    assert type(result[:1]) is tuple and result[:1] == (result.values,)
    assert type(result + (1,)) is tuple and len(result + (1,)) == 3
    assert not hasattr(result, "_fields")  # a structseq, not a namedtuple (as PyTorch's)


def test_match_statement_unpacks_by_field_names():
    match ag.aminmax(ag.tensor(X)):
        case return_types.aminmax(min=low, max=high):
            assert (low.item(), high.item()) == (0.0, 5.0)
        case _:
            pytest.fail("aminmax's result did not match its own type")


def test_pickle_and_copy_keep_the_type_and_the_items():
    result = ag.sort(ag.tensor(X))
    for clone in (pickle.loads(pickle.dumps(result)), copy.deepcopy(result)):
        assert type(clone) is return_types.sort
        assert clone.values.tolist() == result.values.tolist()
        assert clone.indices.tolist() == result.indices.tolist()
    assert copy.copy(result) == result


def test_gradients_flow_through_the_named_values():
    x = ag.tensor(X.astype(np.float64), requires_grad=True)
    ag.max(x, 1).values.sum().backward()
    assert x.grad.tolist() == [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]


def test_the_types_are_pytorch_s_for_every_function_we_have(torch):
    """Each PyTorch return type whose function autograd (or autograd.linalg, for the
    `linalg_` types) has exists here with its fields, and
    each type here is PyTorch's."""
    theirs = {name for name in torch.return_types.__all__
              if isinstance(getattr(torch.return_types, name), type)}
    ours = {name for name in return_types.__all__
            if isinstance(getattr(return_types, name), type)}
    needed = {name for name in theirs if hasattr(ag, name.removesuffix("_out")) or (
        name.startswith("linalg_") and hasattr(ag.linalg, name[7:].removesuffix("_out")))}
    assert needed == ours
    for name in ours:
        assert getattr(return_types, name).__match_args__ == \
            getattr(torch.return_types, name).__match_args__, name

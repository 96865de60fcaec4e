"""`torch.return_types` through `import backproplab as torch`: the results of max(dim), sort,
topk, ... print exactly as PyTorch's, and the module is reachable as PyTorch's is."""
import subprocess
import sys

import numpy as np
import pytest

import autograd
import backproplab as bl

X = np.array([[1.0, 5.0, 2.0, 5.0], [4.0, 0.0, 3.0, -1.0], [2.0, -2.0, 7.0, 1.0]], np.float32)
X_NAN = np.array([[1.0, np.nan, 2.0], [np.nan, np.nan, np.nan]], np.float32)

# (label, call(L, x)): the same call on backproplab and on PyTorch
CALLS = [
    ("max_dim", lambda L, x: L.max(x, 1)),
    ("max_keepdim", lambda L, x: L.max(x, dim=0, keepdim=True)),
    ("max_method", lambda L, x: x.max(-1)),
    ("min_dim", lambda L, x: L.min(x, 0)),
    ("min_method", lambda L, x: x.min(dim=1, keepdim=True)),
    ("sort", lambda L, x: L.sort(x)),
    ("sort_descending", lambda L, x: L.sort(x, 0, descending=True)),
    ("sort_method_stable", lambda L, x: x.sort(stable=True, dim=1)),
    ("topk", lambda L, x: L.topk(x, 2)),
    ("topk_smallest", lambda L, x: x.topk(1, dim=0, largest=False)),
    ("kthvalue", lambda L, x: L.kthvalue(x, 2, 1)),
    ("kthvalue_keepdim", lambda L, x: x.kthvalue(1, 0, keepdim=True)),
    ("median", lambda L, x: L.median(x, 1)),
    ("median_method", lambda L, x: x.median(0, keepdim=True)),
    ("nanmedian", lambda L, x: L.nanmedian(x, 1)),
    ("cummax", lambda L, x: L.cummax(x, 1)),
    ("cummin", lambda L, x: x.cummin(0)),
    ("aminmax", lambda L, x: L.aminmax(x)),
    ("aminmax_dim", lambda L, x: L.aminmax(x, dim=1)),
    ("aminmax_keepdim", lambda L, x: x.aminmax(dim=0, keepdim=True)),
    ("max_int", lambda L, x: L.max(x.long(), 1)),
    ("sort_0d", lambda L, x: L.sort(x[0, 1])),
    ("max_0d", lambda L, x: L.max(x[1, 2], 0)),
    ("max_empty", lambda L, x: L.max(x[:, :0], 0)),
    ("cummin_empty", lambda L, x: L.cummin(x[:0], 1)),
    ("max_out", lambda L, x: L.max(x, 1, out=(L.empty(0), L.empty(0, dtype=L.long)))),
    ("sort_out", lambda L, x: L.sort(x, out=(L.empty(0), L.empty(0, dtype=L.long)))),
    ("aminmax_out", lambda L, x: L.aminmax(x, out=(L.empty(0), L.empty(0)))),
    ("median_out", lambda L, x: L.median(x, 0, out=(L.empty(0), L.empty(0, dtype=L.long)))),
    ("cummax_out", lambda L, x: L.cummax(x, 0, out=(L.empty(0), L.empty(0, dtype=L.long)))),
]
NAN_CALLS = [
    ("max_nan", lambda L, x: L.max(x, 1)),
    ("median_nan", lambda L, x: L.median(x, 1)),
    ("nanmedian_nan", lambda L, x: L.nanmedian(x, 1)),
    ("sort_nan", lambda L, x: L.sort(x, descending=True)),
]


@pytest.mark.parametrize("call, data", [pytest.param(call, X, id=label) for label, call in CALLS]
                         + [pytest.param(call, X_NAN, id=label) for label, call in NAN_CALLS])
def test_results_print_as_pytorch_s(torch, call, data):
    ours, theirs = call(bl, bl.tensor(data)), call(torch, torch.tensor(data))
    assert type(ours).__name__ == type(theirs).__name__
    assert type(ours).__match_args__ == type(theirs).__match_args__
    assert repr(ours) == repr(theirs)
    assert str(ours) == str(theirs)
    assert f"{ours}" == f"{theirs}"


def test_unpacking_indexing_and_fields_as_pytorch(torch):
    ours, theirs = bl.max(bl.tensor(X), 1), torch.max(torch.tensor(X), 1)
    (values, indices), (their_values, their_indices) = ours, theirs
    assert values.tolist() == their_values.tolist() == ours.values.tolist() == ours[0].tolist()
    assert indices.tolist() == their_indices.tolist() == ours.indices.tolist()
    assert len(ours) == len(theirs) and ours == (values, indices)
    low, high = bl.aminmax(bl.tensor(X))
    assert (low.item(), high.item()) == tuple(torch.aminmax(torch.tensor(X)))


def test_return_types_is_the_autograd_module_as_torch_names_it(torch):
    assert bl.return_types is autograd.return_types
    assert "return_types" in bl.__all__ and "return_types" in dir(bl)
    assert bl.return_types.max is type(bl.max(bl.tensor(X), 1))
    assert hasattr(torch.return_types, "max_out") and hasattr(bl.return_types, "max_out")


def test_return_types_imports_by_its_torch_path():
    code = ("import backproplab as torch\n"
            "import backproplab.return_types\n"
            "from backproplab.return_types import sort\n"
            "print(backproplab.return_types is torch.return_types, "
            "sort is type(torch.sort(torch.tensor([2., 1.]))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split() == ["True", "True"]

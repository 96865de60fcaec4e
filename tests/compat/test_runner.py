"""The compatibility runner's own rules: the import rewrite and the output comparison."""

import pytest

from tests.compat.runner import compare_outputs, rewrite_imports


def test_rewrite_touches_import_lines_only():
    source = (
        "import math\n"
        "import torch\n"
        "import torch.nn as nn\n"
        "import torch.nn.functional as F\n"
        "from torch import optim\n"
        "from torch.utils.data import DataLoader, TensorDataset\n"
        "x = torch.zeros(3)  # import torch in a comment stays\n"
        "s = 'from torch import nn'\n"
    )
    assert rewrite_imports(source) == (
        "import math\n"
        "import backproplab as torch\n"
        "import backproplab.nn as nn\n"
        "import backproplab.nn.functional as F\n"
        "from backproplab import optim\n"
        "from backproplab.utils.data import DataLoader, TensorDataset\n"
        "x = torch.zeros(3)  # import torch in a comment stays\n"
        "s = 'from torch import nn'\n"
    )


def test_rewrite_leaves_other_modules_named_like_torch():
    assert rewrite_imports("import torch\nimport torchvision_like\n").endswith("import torchvision_like\n")


@pytest.mark.parametrize("source", ["import torch.nn\n", "import numpy\n", "import torch, numpy\n"])
def test_rewrite_refuses_forms_it_cannot_rewrite_faithfully(source):
    with pytest.raises(ValueError):
        rewrite_imports(source)


@pytest.mark.parametrize("want, got", [
    ("loss 2.3456", "loss 2.3456"),
    ("loss 2.345678", "loss 2.345690"),                 # within rtol 1e-4
    ("loss 2.3456", "loss 2.3457"),                     # one unit in the last printed digit
    ("tensor([0.0000, 1.5000])", "tensor([-0.0000, 1.5000])"),
    ("tensor([ 1.0000, -0.0000])", "tensor([1.0000, 0.0000])"),  # spacing follows the sign
    ("maxdiff: 4.656612873077393e-10", "maxdiff: 0.0"),  # within atol
    ("names: emma.", "names: emma."),
])
def test_outputs_that_agree(want, got):
    assert compare_outputs(want, got) is None


@pytest.mark.parametrize("want, got, says", [
    ("loss 2.3456", "loss 2.3470", "number differs"),
    ("count 12", "count 13", "number differs"),
    ("12", "12.0", "number differs"),
    ("exact: True", "exact: False", "text differs"),
    ("emma.", "emmy.", "text differs"),
    ("tensor([1, 2])", "tensor([1,  2])", "spacing differs"),
    ("tensor(2.)", "tensor(2.)\nextra", "lines"),
    ("a\nb", "a", "lines"),
    ("loss nan", "loss 1.0", "text differs"),
])
def test_outputs_that_differ(want, got, says):
    difference = compare_outputs(want, got)
    assert difference is not None and says in difference

"""The compatibility runner's own rules: the import rewrite and the output comparison."""

import pytest

from tests.compat import runner
from tests.compat.runner import compare_outputs, every_difference, rewrite_imports, run_program


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
    assert rewrite_imports("import torch\nimport torchvision_like\n").endswith(
        "import torchvision_like\n")


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


def test_a_run_prints_to_its_own_stdout_in_a_fresh_folder():
    outcome = run_program("import os\nprint('hello', os.path.basename(os.getcwd())[:7])\n",
                          "backproplab")
    assert (outcome.stdout, outcome.returncode) == ("hello compat-\n", 0)


def test_the_library_not_under_test_cannot_be_imported():
    outcome = run_program("import torch\n", "backproplab")
    assert (outcome.returncode == 1
            and "ModuleNotFoundError: import of torch halted" in outcome.error_line())


def test_a_crash_gives_its_exception_line_and_status():
    outcome = run_program("print('before')\nraise ValueError('bad shape')\n", "backproplab")
    assert (outcome.stdout, outcome.returncode) == ("before\n", 1)
    assert outcome.error_line() == "ValueError: bad shape"
    assert run_program("raise SystemExit(3)\n", "backproplab").returncode == 3


def test_a_run_that_outlives_the_timeout_is_stopped(monkeypatch):
    monkeypatch.setattr(runner, "TIMEOUT_SECONDS", 0.5)
    outcome = run_program("import time\nprint('started', flush=True)\ntime.sleep(30)\n",
                          "backproplab")
    assert (outcome.stdout, outcome.returncode) == ("started\n", -1)
    assert "timed out" in outcome.error_line()
    monkeypatch.undo()  # a busy machine may take longer than 0.5 s to start the next one
    assert run_program("print('next')\n", "backproplab").stdout == "next\n"


def test_every_difference_lists_each_differing_line():
    want, got = "a 1.0\nb 2\nc\nd 4.0", "a 1.0\nb 3\nc\nd 5.0"
    assert [d.splitlines()[0] for d in every_difference(want, got)] == [
        "line 2: number differs: 2 vs 3", "line 4: number differs: 4.0 vs 5.0"]

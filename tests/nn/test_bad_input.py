"""A sweep of bad inputs to nn: each call is refused clearly, or does what PyTorch does.

Rows: bad_input_generated.py (every layer's sizes and inputs, every function of
nn.functional not in autograd), bad_input_hand.py (hyper-parameters, layer inputs),
bad_input_api.py (Module API, init, utils, data, save/load, fit). What clear, deep and
silent mean: tests/bad_input.py.
"""
import inspect

import pytest

import nn
from nn import data, init, utils
from tests.bad_input import sweep_tests
from tests.nn import bad_input_api as api
from tests.nn.bad_input_generated import MODULES, NOT_LAYERS, functional_names, generated_rows
from tests.nn.bad_input_hand import HYPERPARAMETERS, LAYER_INPUTS

torch = pytest.importorskip("torch")
torch.set_num_threads(1)

CASES = (generated_rows() + HYPERPARAMETERS + LAYER_INPUTS + api.MODULE_API + api.INIT
         + api.UTILS + api.DATA + api.SAVE_LOAD + api.FIT)
WITHOUT_ARGUMENTS = {  # nothing to get wrong, or records the library fills for the user
    "Module", "History", "Callback", "CheckpointError", "names", "FitState",
    "RemovableHandle", "IncompatibleKeys"}


test_bad_input_is_refused_clearly, test_the_sweep_ids_are_unique = sweep_tests(CASES)


def test_every_layer_is_swept():
    layers = [name for name in nn.__all__ if inspect.isclass(getattr(nn, name))
              and issubclass(getattr(nn, name), nn.Module)]
    assert sorted(set(layers) - set(MODULES) - NOT_LAYERS) == []


def test_every_public_name_has_a_row():
    """Functions of nn.functional that are autograd's own are swept in tests/autograd."""
    swept = {row_id.split("-")[0].removeprefix("F.") for row_id, *_ in CASES}
    public = set(nn.__all__) | set(functional_names()) | set(init.__all__) \
        | set(utils.__all__) | set(data.__all__)
    modules = {"functional", "init", "utils"}
    assert sorted(public - swept - modules - WITHOUT_ARGUMENTS) == []

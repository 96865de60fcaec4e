"""A sweep of bad inputs to autograd: each call is refused clearly, or does what PyTorch does.

Rows come from two tables: bad_input_ops.py generates, for every op in `autograd.__all__`,
one bad argument at a time (types, dtypes, empty, 0-d, NaN, dims, shapes); bad_input_hand.py
covers factories, gradients, Tensor methods, indexing, operators and op arguments. The
machinery (what clear, deep and silent mean) is tests/bad_input.py.
"""
import inspect

import pytest

import autograd as ag
from tests.autograd.bad_input_hand import HAND_CASES
from tests.autograd.bad_input_ops import HAND_SWEPT, generated_rows, op_names, valid_call
from tests.bad_input import sweep_tests

torch = pytest.importorskip("torch")
torch.set_num_threads(1)

CASES = generated_rows() + HAND_CASES


test_bad_input_is_refused_clearly, test_the_sweep_ids_are_unique = sweep_tests(CASES)


def test_every_op_is_swept():
    """An op added to autograd.__all__ needs a valid call in bad_input_ops.CALLS."""
    missing = [name for name in op_names() if valid_call(name) is None
               and name not in HAND_SWEPT]
    assert not missing


def test_every_public_function_has_a_row():
    swept = {row_id.split("-")[0] for row_id, *_ in CASES}
    functions = [name for name in ag.__all__ if inspect.isfunction(getattr(ag, name))]
    assert sorted(set(functions) - swept - {"once_differentiable", "seed", "initial_seed",
                                           "get_rng_state", "is_grad_enabled",
                                           "get_printoptions", "get_default_dtype",
                                           "get_default_device"}) == []

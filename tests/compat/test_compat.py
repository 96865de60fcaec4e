"""The compatibility corpus: each program in programs/ printed by PyTorch and by backproplab.

Each program runs twice, at the same time, in fresh subprocesses with one thread: as written
(PyTorch), and with ``torch`` replaced by ``backproplab`` in its import lines only (see
runner.py).  What they print must agree: the same lines, integers equal, decimals equal to
float32 precision.  EXPECTED is the executable list of gaps: a program that does not yet run
or match on backproplab is an xfail(strict=True) whose failure must contain the text in
`match`, so a gap that closes (XPASS) or changes (a different failure) turns the test red and
the table is updated.  Without PyTorch the comparisons skip.

    python -m tests.compat.runner            # one status line per program
"""

import importlib.util
from dataclasses import dataclass
from typing import Optional

import pytest

from tests.compat.runner import program_names, run_both


class CompatGap(Exception):
    """The program does not (yet) print PyTorch's numbers on backproplab, as EXPECTED says."""


@dataclass(frozen=True)
class Expect:
    """How a program fares on backproplab: `gap` None means it must print PyTorch's output."""
    gap: Optional[str] = None
    match: str = ""
    rtol: float = 1e-4
    atol: float = 1e-6


PASS = Expect()


def _gap(reason: str, match: str) -> Expect:
    return Expect(gap=reason, match=match)


_NO_NN = _gap("namespace: backproplab.nn is not importable (issue 10 item 1)",
              "No module named 'backproplab.nn'")
_NO_NN_ATTRIBUTE = _gap("namespace: backproplab has no attribute nn (issue 10 item 1)",
                        "has no attribute 'nn'")
_NO_MANUAL_SEED = _gap("namespace: backproplab has no manual_seed (issue 10 item 1)",
                       "has no attribute 'manual_seed'")
_NO_AUTOGRAD_ATTRIBUTE = _gap("namespace: backproplab has no attribute autograd (issue 10 item 1)",
                              "has no attribute 'autograd'")

EXPECTED = {
    # the character-level language model lectures
    "mm_bigram_counts.py": _gap("namespace: backproplab has no zeros (issue 10 item 1)",
                                "has no attribute 'zeros'"),
    "mm_bigram_net.py": _NO_NN,
    "mm_bigram_net_walkthrough.py": _NO_NN,
    "mm_mlp_embeddings.py": _NO_NN,
    "mm_mlp_lr_search.py": _NO_NN,
    "mm_mlp_init_fix.py": _NO_NN,
    "mm_batchnorm_manual.py": _NO_NN,
    "mm_batchnorm_diagnostics.py": _NO_NN,
    "mm_backprop_ninja.py": _NO_NN,
    "mm_backprop_ninja_train.py": _NO_NN,
    "mm_wavenet.py": _NO_NN,
    "mm_torch_modules.py": _NO_NN,
    "mm_rnn.py": _NO_NN,
    "mm_gru.py": _NO_NN,
    "mm_attention_trick.py": _NO_NN,
    "mm_transformer.py": _NO_NN,
    # the PyTorch beginner tutorials
    "pt_tensors_basics.py": _gap("namespace: backproplab has no tensor (issue 10 item 1)",
                                 "has no attribute 'tensor'"),
    "pt_autograd_basics.py": _NO_NN,
    "pt_poly_tensors.py": _NO_MANUAL_SEED,
    "pt_poly_autograd.py": _NO_MANUAL_SEED,
    "pt_poly_legendre_function.py": _NO_AUTOGRAD_ATTRIBUTE,
    "pt_poly_nn_sequential.py": _NO_MANUAL_SEED,
    "pt_poly_optim_rmsprop.py": _NO_MANUAL_SEED,
    "pt_poly_custom_module.py": _NO_NN_ATTRIBUTE,
    "pt_dynamic_net.py": _NO_NN_ATTRIBUTE,
    "pt_warmup_relu_function.py": _NO_AUTOGRAD_ATTRIBUTE,
    "pt_linear_regression.py": _NO_NN,
    "pt_xor_adam.py": _NO_NN,
    "pt_modules_init.py": _NO_NN,
    "pt_fashion_mlp.py": _gap("namespace: `from backproplab import nn` fails (issue 10 item 1)",
                              "cannot import name 'nn' from 'backproplab'"),
    "pt_fashion_cnn.py": _NO_NN,
    "pt_nn_really.py": _NO_NN,
    "pt_dataloader.py": _gap("namespace: backproplab.utils.data is not importable (issue 10 item 1)",
                             "No module named 'backproplab.utils'"),
    "pt_save_load.py": _NO_NN,
    "pt_schedulers.py": _NO_NN,
    "pt_lbfgs.py": _gap("namespace: backproplab.optim is not importable (issue 10 item 1)",
                        "No module named 'backproplab.optim'"),
    "pt_ngram_embeddings.py": _NO_NN,
    "pt_lstm_tagger.py": _NO_NN,
    "pt_char_rnn_classify.py": _NO_NN,
}

HAS_TORCH = importlib.util.find_spec("torch") is not None


def test_every_program_has_an_expectation():
    assert sorted(EXPECTED) == program_names()


def _case(name):
    gap = EXPECTED[name].gap
    marks = [pytest.mark.xfail(strict=True, raises=CompatGap, reason=gap)] if gap else []
    return pytest.param(name, marks=marks, id=name[:-3])


@pytest.mark.skipif(not HAS_TORCH, reason="PyTorch, the oracle, is not installed")
@pytest.mark.parametrize("name", [_case(name) for name in sorted(EXPECTED)])
def test_program_prints_what_pytorch_prints(name):
    expect = EXPECTED[name]
    _, _, difference = run_both(name, rtol=expect.rtol, atol=expect.atol)
    if difference is None:
        return
    if expect.gap and expect.match in difference:
        raise CompatGap(difference)
    pytest.fail(f"{name}: {difference}" + (
        f"\n(EXPECTED says the gap is: {expect.gap!r}, matching {expect.match!r})" if expect.gap else ""))

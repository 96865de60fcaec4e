"""The bad-input sweep of optim's lr range test (`lr_finder`, `suggest_lr`); the optimizers
are swept in test_bad_input.py and the schedulers in test_bad_input_schedulers.py, in the same
style."""
import numpy as np

from autograd import Tensor
import nn
import optim
from tests.bad_input import sweep_tests


def _finder(**changes):
    def call():
        model = nn.Linear(2, 1)
        arguments = dict(model=model, optimizer=optim.SGD(model.parameters(), lr=0.1),
                         loss_fn=nn.MSELoss(),
                         data=[(Tensor(np.ones((4, 2), np.float32)),
                                Tensor(np.ones((4, 1), np.float32)))], num_iter=3)
        arguments.update(changes)
        return optim.lr_finder(**arguments)
    return call


CASES = [
    ("lr_finder-model-None", _finder(model=None), TypeError, r"model.*NoneType"),
    ("lr_finder-optimizer-str", _finder(optimizer="sgd"), TypeError, r"optimizer.*str"),
    ("lr_finder-loss_fn-None", _finder(loss_fn=None), TypeError, r"loss_fn.*NoneType"),
    ("lr_finder-data-None", _finder(data=None), TypeError, r"data.*NoneType"),
    ("lr_finder-start_lr-str", _finder(start_lr="a"), TypeError, r"start_lr.*'a'"),
    ("lr_finder-start_lr-zero", _finder(start_lr=0), ValueError, r"invalid start_lr: 0"),
    ("lr_finder-end_lr-below-start", _finder(start_lr=1.0, end_lr=0.5), ValueError,
     r"invalid end_lr: 0.5"),
    ("lr_finder-num_iter-one", _finder(num_iter=1), ValueError, r"invalid num_iter: 1"),
    ("lr_finder-num_iter-None", _finder(num_iter=None), TypeError, r"num_iter.*None"),
    ("lr_finder-smooth-one", _finder(smooth=1.0), ValueError, r"invalid smooth: 1.0"),
    ("lr_finder-diverge_threshold-nan", _finder(diverge_threshold=float("nan")), ValueError,
     r"invalid diverge_threshold: nan"),
    ("suggest_lr-lengths", lambda: optim.suggest_lr([1e-3, 1e-2, 1e-1], [1.0, 0.5]),
     ValueError, r"3 lrs and 2 losses"),
    ("suggest_lr-losses-None", lambda: optim.suggest_lr([1e-3], None), TypeError,
     r"losses.*NoneType"),
]


test_bad_input_is_refused_clearly, test_the_sweep_ids_are_unique = sweep_tests(CASES)

"""optim: the Optimizer base, optimizers, learning-rate schedulers and the LR range test."""
from optim import lr_scheduler
from optim.adam import Adam, AdamW
from optim.adam_variants import Adamax, NAdam, RAdam
from optim.adaptive import Adadelta, Adagrad, RMSprop
from optim.lamb import LAMB
from optim.lbfgs import LBFGS
from optim.lr_finder import LRFinderResult, lr_finder, suggest_lr
from optim.optimizer import Optimizer
from optim.sgd import SGD, Momentum

__all__ = [
    "Optimizer", "SGD", "Momentum", "RMSprop", "Adagrad", "Adadelta", "Adam", "AdamW",
    "Adamax", "NAdam", "RAdam", "LAMB", "LBFGS",
    "lr_scheduler", "lr_finder", "LRFinderResult", "suggest_lr",
]

"""Learning-rate schedulers with PyTorch's semantics (chainable updates, state dicts).

Where each lives: ``base`` (`LRScheduler`), ``decay`` (step, multi-step, exponential,
inverse-time, linear and lambda schedules), ``cosine`` (cosine annealing, warm restarts,
warmup then cosine), ``one_cycle`` (`OneCycleLR`), ``plateau`` (`ReduceLROnPlateau`) and
``chaining`` (`SequentialLR`, `ChainedScheduler`).
"""
from optim.lr_scheduler.base import LRScheduler
from optim.lr_scheduler.chaining import ChainedScheduler, SequentialLR
from optim.lr_scheduler.cosine import (
    CosineAnnealingLR, CosineAnnealingWarmRestarts, WarmupCosineLR, warmup_cosine,
)
from optim.lr_scheduler.decay import (
    ExponentialLR, InverseTimeLR, LambdaLR, LinearLR, MultiStepLR, StepLR,
)
from optim.lr_scheduler.one_cycle import OneCycleLR
from optim.lr_scheduler.plateau import ReduceLROnPlateau

__all__ = [
    "LRScheduler", "LambdaLR", "StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR",
    "CosineAnnealingWarmRestarts", "LinearLR", "SequentialLR", "ChainedScheduler", "OneCycleLR",
    "ReduceLROnPlateau", "InverseTimeLR", "WarmupCosineLR", "warmup_cosine",
]

"""The library's random number generator (NumPy's), seeded with `manual_seed`."""
from __future__ import annotations

import numpy as np

__all__ = ["manual_seed", "default_generator"]

_generator = np.random.default_rng()


def manual_seed(seed: int) -> np.random.Generator:
    """Seed every random draw of the library (rand, randn, nn.init, dropout, shuffling)."""
    global _generator
    _generator = np.random.default_rng(seed)
    return _generator


def default_generator() -> np.random.Generator:
    """The generator that `rand`, `randn`, `nn.init` and `Dropout` draw from."""
    return _generator

"""`torch.cuda` without a GPU: backproplab runs on the CPU only (NumPy), so no CUDA device is
ever available. Seeding is accepted and does nothing, as in PyTorch on a machine without
CUDA; anything else that needs a GPU raises an error that says there is none."""
from __future__ import annotations

__all__ = ["is_available", "device_count", "manual_seed", "manual_seed_all", "is_initialized"]


def is_available() -> bool:
    """False: there is no CUDA GPU."""
    return False


def device_count() -> int:
    """0: there is no CUDA GPU."""
    return 0


def is_initialized() -> bool:
    """False: CUDA is never initialised."""
    return False


def manual_seed(seed: int) -> None:
    """Nothing to seed (PyTorch also ignores this when CUDA is unavailable)."""


def manual_seed_all(seed: int) -> None:
    """Nothing to seed (PyTorch also ignores this when CUDA is unavailable)."""


def __getattr__(name: str):
    if name.startswith("_"):
        raise AttributeError(f"module 'backproplab.cuda' has no attribute '{name}'")
    raise AttributeError(f"torch.cuda.{name}: backproplab runs on the CPU only (NumPy); there "
                         "is no CUDA GPU. torch.cuda.is_available() is False.")

"""`torch.backends`: the switches PyTorch code sets or asks about. There is no GPU backend
(`mps`, `cudnn` are never available); cudnn's flags can be set, as reproducibility recipes do
(`torch.backends.cudnn.deterministic = True`), and change nothing: the CPU code here is
deterministic."""
from __future__ import annotations

__all__ = ["mps", "cudnn"]


class mps:  # noqa: N801  (torch.backends.mps)
    """Apple's GPU backend: never available here."""

    @staticmethod
    def is_available() -> bool:
        return False

    @staticmethod
    def is_built() -> bool:
        return False


class cudnn:  # noqa: N801  (torch.backends.cudnn)
    """NVIDIA's cuDNN: never available; its flags are kept but have nothing to switch."""

    enabled = True
    deterministic = False
    benchmark = False

    @staticmethod
    def is_available() -> bool:
        return False

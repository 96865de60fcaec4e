"""Devices: everything runs on the CPU (NumPy), so `device('cpu')` is the only one a tensor
can live on. `device('cuda')` can be named, as in PyTorch, but putting a tensor there raises
an error that says there is no GPU.

    >>> device('cpu'), str(device('cuda:1'))
    (device(type='cpu'), 'cuda:1')
"""
from __future__ import annotations

__all__ = ["device", "CPU", "check_device", "is_device_like", "set_default_device",
           "get_default_device"]

_KNOWN_TYPES = ("cpu", "cuda", "mps", "xpu", "meta", "hpu", "xla", "mtia")


class device:  # noqa: N801  (PyTorch's name)
    """A place a tensor lives: `device('cpu')`, `device('cuda', 0)`, `device('cuda:0')`.

    Args:
        type: 'cpu', 'cuda', 'mps', ... optionally with ':index'; or another device.
        index: the device number (None: the current one).
    """

    __slots__ = ("type", "index")

    def __init__(self, type, index: int | None = None) -> None:  # noqa: A002
        if isinstance(type, device):
            if index is not None:
                raise TypeError("device(): give an index only with a type string")
            self.type, self.index = type.type, type.index
            return
        if isinstance(type, int) and not isinstance(type, bool):  # device(0) is cuda:0
            type, index = "cuda", type
        if not isinstance(type, str):
            raise TypeError(f"device(): expected a string like 'cpu', got {type!r}")
        name, _, number = type.partition(":")
        if name not in _KNOWN_TYPES:
            raise RuntimeError(f"Expected one of {', '.join(_KNOWN_TYPES)} device type at start "
                               f"of device string: {type}")
        if number:
            if index is not None or not number.isdigit():
                raise RuntimeError(f"Invalid device string: '{type}'")
            index = int(number)
        if index is not None and (isinstance(index, bool) or not isinstance(index, int)
                                  or index < 0):
            raise RuntimeError(f"Device index must be a non-negative int, got {index!r}")
        self.type, self.index = name, index

    def __repr__(self) -> str:
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other) -> bool:
        if not isinstance(other, device):
            return NotImplemented
        return (self.type, self.index) == (other.type, other.index)

    def __hash__(self) -> int:
        return hash((self.type, self.index))

    def __reduce__(self):
        return device, (self.type, self.index)


CPU = device("cpu")


def is_device_like(value) -> bool:
    """True for what PyTorch takes as a device: a device, a string, an int (a CUDA index)."""
    return isinstance(value, (device, str)) or (
        isinstance(value, int) and not isinstance(value, bool))


def check_device(value, what: str) -> None:
    """Accept None and the CPU (`'cpu'`, `'cpu:0'`, `device('cpu')`); for any other device,
    raise an error that says backproplab has only the CPU."""
    if value is None or value is CPU:
        return
    place = device(value)
    if place.type == "cpu" and place.index in (None, 0):
        return
    if place.type == "cpu":
        raise RuntimeError(f"{what}: there is only one CPU device, cpu:0; got {place}")
    gpu = {"cuda": "an NVIDIA (CUDA) GPU", "mps": "an Apple (MPS) GPU"}.get(
        place.type, f"a '{place.type}' device")
    raise RuntimeError(
        f"{what}: device '{place}' asks for {gpu}, but backproplab runs on the CPU only "
        "(NumPy): there is no GPU here. Use device='cpu', or pick the device as "
        "`device = 'cuda' if torch.cuda.is_available() else 'cpu'` (is_available() is False).")


def set_default_device(device) -> None:  # noqa: A002  (PyTorch's argument name)
    """Where factories put tensors by default: the CPU ('cpu', 'cpu:0', device('cpu')) or
    None (the CPU again), the only device there is. Any GPU is refused at once, naming it."""
    if device is not None and not is_device_like(device):
        raise TypeError(f"set_default_device: expected a device like 'cpu' or None, got "
                        f"{type(device).__name__}")
    check_device(device, "set_default_device")


def get_default_device() -> device:
    """The device factories put tensors on: always device(type='cpu')."""
    return CPU

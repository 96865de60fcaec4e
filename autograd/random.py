"""PyTorch's CPU random number generator: a 32-bit Mersenne Twister (mt19937).

A `Generator` holds the 624-word state of mt19937 and hands out raw 32-bit and 64-bit
words; `autograd.sampling` turns those words into uniform, normal, integer, ... draws
exactly as PyTorch's CPU kernels do, so that the same seed gives the same numbers.

    >>> g = Generator().manual_seed(2147483647)
    >>> g.random32(3)
    array([1689602031, 3831148394, 2820341149], dtype=uint32)
"""
from __future__ import annotations

import os
import struct

import numpy as np

from autograd.tensor import Tensor

__all__ = ["Generator", "default_generator", "manual_seed", "seed", "initial_seed",
           "get_rng_state", "set_rng_state", "DEFAULT_SEED"]

DEFAULT_SEED = 67280421310721  # the seed PyTorch's default CPU generator starts from

_N, _M = 624, 397  # words of state; offset of the word mixed into each new word
_MATRIX_A = np.uint32(0x9908B0DF)
_UPPER_BIT, _LOWER_BITS = np.uint32(0x80000000), np.uint32(0x7FFFFFFF)


def _seeded_words(seed: int) -> np.ndarray:
    """Knuth's initialisation of the 624 words from the low 32 bits of `seed`."""
    words = [seed & 0xFFFFFFFF]
    for i in range(1, _N):
        prev = words[-1]
        words.append((1812433253 * (prev ^ (prev >> 30)) + i) & 0xFFFFFFFF)
    return np.array(words, dtype=np.uint32)


def _twist(words: np.ndarray, rounds: int) -> np.ndarray:
    """`rounds` twists of the 624-word state: the 624·rounds words that follow `words`.

    Word k + 624 of the sequence is x[k+397] ^ (y >> 1) ^ (A if y is odd), where y joins the
    top bit of x[k] to the low 31 bits of x[k+1]. Word k + 624 depends on nothing later than
    x[k+397], so 227 = 624 - 397 new words at a time can be computed at once.
    """
    sequence = np.empty(_N * (rounds + 1), dtype=np.uint32)
    sequence[:_N] = words
    step = _N - _M
    for start in range(0, _N * rounds, step):
        stop = min(start + step, _N * rounds)
        y = (sequence[start:stop] & _UPPER_BIT) | (sequence[start + 1:stop + 1] & _LOWER_BITS)
        new = sequence[start + _M:stop + _M] ^ (y >> np.uint32(1))
        new ^= (y & np.uint32(1)) * _MATRIX_A
        sequence[start + _N:stop + _N] = new
    return sequence[_N:]


def _temper(y: np.ndarray) -> np.ndarray:
    """mt19937's output function: scrambles the bits of each state word."""
    y = y ^ (y >> np.uint32(11))
    y = y ^ ((y << np.uint32(7)) & np.uint32(0x9D2C5680))
    y = y ^ ((y << np.uint32(15)) & np.uint32(0xEFC60000))
    return y ^ (y >> np.uint32(18))


def _seed_value(seed) -> int:
    """PyTorch's reading of a seed: an integer in [-2**63, 2**64), negatives as two's complement."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"manual_seed expected an int, but got {type(seed).__name__}")
    seed = int(seed)
    if not -2 ** 63 <= seed < 2 ** 64:
        raise RuntimeError(f"Overflow when unpacking long: seed {seed} is outside [-2**63, 2**64)")
    return seed % 2 ** 64


# get_state()/set_state() use the byte layout of PyTorch's CPU generator state (5056 bytes):
# seed, left, seeded, next, 624 state words (each as uint64), three doubles of which the
# second is the cached normal sample, its valid flag, then a cached float normal and its flag.
_STATE_LAYOUT = struct.Struct("<QiiQ624Qdddi4xf?3x")


class Generator:
    """A source of random numbers with PyTorch's CPU algorithm (mt19937) and API.

    Args:
        device: only 'cpu' (PyTorch's other devices have other algorithms).

    Example:
        >>> g = Generator().manual_seed(42)
        >>> g.initial_seed()
        42
    """

    def __init__(self, device="cpu") -> None:
        if str(device) != "cpu":
            raise RuntimeError(f"Generator: only device='cpu' is supported, got {device!r}")
        self.device = "cpu"
        self.manual_seed(DEFAULT_SEED)

    def manual_seed(self, seed: int) -> "Generator":
        """Restart the stream from `seed` (an int in [-2**63, 2**64)); returns self."""
        self._seed = _seed_value(seed)
        self._words = _seeded_words(self._seed)
        self._next = 0  # index of the next word to hand out
        self._left = 1  # words left + 1, as PyTorch counts: 1 means "twist first"
        self.next_double_normal = None  # the second value of a Box-Muller pair, if unused
        self.next_float_normal = None
        return self

    def seed(self) -> int:
        """Seed from the operating system's entropy; returns the seed used."""
        value = int.from_bytes(os.urandom(8), "little")
        self.manual_seed(value)
        return value

    def initial_seed(self) -> int:
        """The seed this generator was last seeded with (as an unsigned 64-bit int)."""
        return self._seed

    def random32(self, count: int) -> np.ndarray:
        """The next `count` 32-bit words of the stream, shape (count,), dtype uint32."""
        taken = min(max(self._left - 1, 0), count)  # words left in the current state
        parts = [self._words[self._next:self._next + taken]]
        self._next += taken
        self._left -= taken
        if taken < count:
            rounds = -(-(count - taken) // _N)
            sequence = _twist(self._words, rounds)
            parts.append(sequence[:count - taken])
            self._words = sequence[-_N:].copy()
            self._next = (count - taken) - _N * (rounds - 1)
            self._left = _N + 1 - self._next
        return _temper(np.concatenate(parts))

    def random64(self, count: int) -> np.ndarray:
        """The next `count` 64-bit words, each two 32-bit words (first one high), dtype uint64."""
        pairs = self.random32(2 * count).astype(np.uint64).reshape(count, 2)
        return (pairs[:, 0] << np.uint64(32)) | pairs[:, 1]

    def get_state(self) -> Tensor:
        """The full state as a uint8 Tensor, in the byte layout of PyTorch's CPU generator."""
        normal = self.next_double_normal
        float_normal = self.next_float_normal
        packed = _STATE_LAYOUT.pack(
            self._seed, self._left, 1, self._next, *self._words.tolist(),
            0.0, 0.0 if normal is None else normal, 0.0, normal is not None,
            0.0 if float_normal is None else float_normal, float_normal is not None)
        return Tensor(np.frombuffer(packed, dtype=np.uint8).copy())

    def set_state(self, new_state) -> "Generator":
        """Restore a state from `get_state()` (a uint8 Tensor or array of 5056 bytes), ours or
        PyTorch's `Generator.get_state()`."""
        array = (new_state.numpy(force=True) if isinstance(new_state, Tensor)
                 else np.asarray(new_state))  # also a PyTorch ByteTensor
        if array.dtype != np.uint8:
            raise TypeError("set_state expects a uint8 Tensor from get_state(), got "
                            f"{type(new_state).__name__} of dtype {array.dtype}")
        if array.size != _STATE_LAYOUT.size:
            raise RuntimeError(f"RNG state is wrong size: expected {_STATE_LAYOUT.size} bytes, "
                               f"got {array.size}")
        fields = _STATE_LAYOUT.unpack(array.tobytes())
        seed, left, _seeded, next_index = fields[:4]
        _, normal, _, normal_valid, float_normal, float_normal_valid = fields[4 + _N:]
        fresh = (left, next_index) == (1, 0)
        if not (fresh or 1 <= left <= _N and left + next_index == _N + 1):
            raise RuntimeError(f"RNG state is corrupt: left={left}, next={next_index}")
        self._seed, self._left, self._next = seed, left, next_index
        self._words = np.array(fields[4:4 + _N], dtype=np.uint32)
        self.next_double_normal = normal if normal_valid else None
        self.next_float_normal = float_normal if float_normal_valid else None
        return self

    def __repr__(self) -> str:
        return f"<Generator device='cpu' initial_seed={self._seed}>"


default_generator = Generator()
default_generator.seed()  # as PyTorch's default generator, seeded from entropy at start-up


def manual_seed(seed: int) -> Generator:
    """Seed the default generator (every random draw that gets no `generator=`); returns it."""
    return default_generator.manual_seed(seed)


def seed() -> int:
    """Seed the default generator from the operating system's entropy; returns the seed."""
    return default_generator.seed()


def initial_seed() -> int:
    """The seed the default generator was last seeded with."""
    return default_generator.initial_seed()


def get_rng_state() -> Tensor:
    """The default generator's state (see `Generator.get_state`)."""
    return default_generator.get_state()


def set_rng_state(new_state) -> None:
    """Restore the default generator's state from `get_rng_state()`."""
    default_generator.set_state(new_state)

"""Random draws as PyTorch's CPU kernels make them, from a `Generator`'s 32/64-bit words.

Each function returns a new NumPy array and advances the generator exactly as PyTorch
advances its own, so draws that follow stay in step too. The recipes (PyTorch 2.x, CPU):

- uniform float32: the low 24 bits of one 32-bit word, u = bits·2⁻²⁴, x = u·(b - a) + a in
  float32; float64: the low 53 bits of one 64-bit word (two 32-bit words, first one high).
- normal: for 16 or more float32 elements, the vectorised Box-Muller of `normal_avx2`; for
  16 or more float64, the same blocks of 16 with the C library's log, cos and sin; below 16
  elements, one Box-Muller pair per two elements in float64, the spare sine value kept in the
  generator for the next call (`Generator.next_double_normal`).
- integers in [low, high): word % (high - low) + low, with a 64-bit word when high - low >= 2²⁸.
- randperm(n): Fisher-Yates, swapping i with i + (word % (n - i)) for i = 0..n-2.
- bernoulli(p): u < p with u a float64 uniform (float32 when p is a float32 array).
- exponential(λ): -log1p(-u)/λ with u a float64 uniform.
- multinomial: with replacement and 2+ samples, a binary search of a uniform float64 in the
  normalised cumulative sums; otherwise (one sample, or no replacement) the largest p/q,
  q ~ Exp(1) (the "exponential race", equivalent to Gumbel-max).
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from autograd.fma import fma32, fma64
from autograd.normal_avx2 import box_muller_blocks
from autograd.random import Generator

__all__ = ["uniform", "normal", "random_int", "random_bits", "randperm", "bernoulli",
           "exponential", "multinomial"]

_FLOAT_DIGITS = {np.dtype(np.float32): 24, np.dtype(np.float64): 53}
_RANDPERM_LIMIT = (2 ** 32 - 1) // 20  # above it PyTorch switches to another shuffle


def _float_dtype(dtype, what: str) -> np.dtype:
    dtype = np.dtype(dtype)
    if dtype not in _FLOAT_DIGITS:
        raise TypeError(f"{what}: expected dtype float32 or float64, got {dtype}")
    return dtype


def _count(shape) -> int:
    return math.prod(shape)


def _unit_uniform(generator: Generator, count: int, dtype) -> np.ndarray:
    """Uniforms in [0, 1): the low k bits of a word (k = 24 or 53) times 2⁻ᵏ. Shape (count,)."""
    if dtype == np.float32:
        bits = generator.random32(count) & np.uint32(2 ** 24 - 1)
        return bits.astype(np.float32) * np.float32(2.0 ** -24)
    bits = generator.random64(count) & np.uint64(2 ** 53 - 1)
    return bits.astype(np.float64) * 2.0 ** -53


def _libm(function, values: np.ndarray) -> np.ndarray:
    """`function` (from `math`, i.e. the C library, as PyTorch's scalar kernels) elementwise
    on a float64 array; NumPy's own log differs from the C library's in the last bit."""
    flat = values.ravel().tolist()
    return np.fromiter(map(function, flat), dtype=np.float64, count=len(flat)).reshape(values.shape)


def uniform(generator: Generator, shape: tuple, low: float = 0.0, high: float = 1.0,
            dtype=np.float32) -> np.ndarray:
    """Samples of U(low, high), as `Tensor.uniform_`. Shape `shape`, dtype float32/float64."""
    dtype = _float_dtype(dtype, "uniform_")
    low_, high_ = dtype.type(low), dtype.type(high)
    if not low_ <= high_:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found "
                           f"from={low} > to={high}")
    if not np.isfinite(high_ - low_):
        raise RuntimeError(f"uniform_ expects to-from <= std::numeric_limits<{dtype}>::max(), "
                           f"but found to={high} and from={low} which result in to-from to "
                           f"exceed the limit")
    unit = _unit_uniform(generator, _count(shape), dtype)
    if (low_, high_) == (0, 1):  # u·1 + 0 is u: skip the work
        return unit.reshape(shape)
    fma = fma32 if dtype == np.float32 else fma64
    return fma(unit, high_ - low_, low_).reshape(shape)


def _normal_pairs(generator: Generator, count: int) -> np.ndarray:
    """`count` float64 standard normals, Box-Muller pairs (cos first), continuing from and
    refilling the generator's spare value."""
    values = []
    if count and generator.next_double_normal is not None:
        values.append(generator.next_double_normal)
        generator.next_double_normal = None
    pairs = (count - len(values) + 1) // 2
    if pairs:
        u = _unit_uniform(generator, 2 * pairs, np.float64).reshape(pairs, 2)
        radius = np.sqrt(-2.0 * _libm(math.log1p, -u[:, 1]))
        theta = 2.0 * math.pi * u[:, 0]
        cos_sin = np.stack([radius * _libm(math.cos, theta), radius * _libm(math.sin, theta)], 1)
        values.extend(cos_sin.ravel().tolist())
        if len(values) > count:
            generator.next_double_normal = values.pop()
    return np.array(values, dtype=np.float64)


def _box_muller_float64(uniform_blocks: np.ndarray, mean: float, std: float) -> np.ndarray:
    """`normal_fill_16` in float64: u[j] gives the radius, u[j+8] the angle. (B, 16) -> (B, 16)."""
    radius = np.sqrt(-2.0 * _libm(math.log, 1.0 - uniform_blocks[:, :8]))
    theta = 2.0 * math.pi * uniform_blocks[:, 8:]
    cos, sin = _libm(math.cos, theta), _libm(math.sin, theta)
    return np.concatenate([fma64(radius * cos, std, mean), fma64(radius * sin, std, mean)], axis=1)


def normal(generator: Generator, shape: tuple, mean: float = 0.0, std: float = 1.0,
           dtype=np.float32) -> np.ndarray:
    """Samples of N(mean, std²), as `Tensor.normal_` / `randn`. Shape `shape`."""
    dtype = _float_dtype(dtype, "normal_")
    if not std >= 0.0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")
    count = _count(shape)
    if count < 16:
        return fma64(_normal_pairs(generator, count), std, mean).astype(dtype).reshape(shape)
    fill = box_muller_blocks if dtype == np.float32 else _box_muller_float64
    values = _unit_uniform(generator, count, dtype)
    full = count // 16 * 16
    values[:full] = fill(values[:full].reshape(-1, 16), mean, std).ravel()
    if full < count:  # PyTorch redraws the last 16 values, overlapping the last full block
        tail = _unit_uniform(generator, 16, dtype).reshape(1, 16)
        values[-16:] = fill(tail, mean, std).ravel()
    return values.reshape(shape)


def _integer_limits(dtype: np.dtype) -> tuple[int, int]:
    """The integers `dtype` holds exactly: its range, or ±2^digits for floats."""
    if dtype == np.bool_:
        return 0, 1
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return int(info.min), int(info.max)
    digits = _FLOAT_DIGITS[dtype]
    return -(2 ** digits), 2 ** digits


def _float_low(low: int, dtype: np.dtype) -> int:
    """PyTorch's update_from: if low + 1 rounds below low in the float dtype, move low up
    to the next integer that dtype holds."""
    rounded = int(dtype.type(low + 1))
    if rounded >= low:
        return low
    return rounded + 2 ** (abs(low + 1).bit_length() - _FLOAT_DIGITS[dtype])


def _float_high(high: int, dtype: np.dtype) -> int:
    """PyTorch's update_to: if high - 1 rounds to high or above in the float dtype, move
    high down to an integer that dtype holds."""
    rounded = int(dtype.type(high - 1))
    if rounded < high:
        return high
    return rounded - 2 ** (abs(high - 1).bit_length() - _FLOAT_DIGITS[dtype])


def _int_words(generator: Generator, count: int, span: int) -> np.ndarray:
    """word % span for `count` words: 32-bit words if span < 2^28, else 64-bit (uint64)."""
    if span < 2 ** 28:
        return generator.random32(count).astype(np.uint64) % np.uint64(span)
    return generator.random64(count) % np.uint64(span)


def random_int(generator: Generator, shape: tuple, low: int, high: int | None,
               dtype=np.int64) -> np.ndarray:
    """Integers in [low, high) (or [low, largest value of dtype] if high is None), as
    `Tensor.random_(low, high)` and `randint`: word % (high - low) + low."""
    dtype = np.dtype(dtype)
    if dtype.kind not in "biuf" or (dtype.kind == "f" and dtype not in _FLOAT_DIGITS):
        raise TypeError(f"random_: unsupported dtype {dtype}")
    smallest, largest = _integer_limits(dtype)
    if high is None and low == -2 ** 63:  # the full 64-bit range
        if dtype not in (np.int64, np.float32, np.float64):
            raise RuntimeError(f"random_: the full 64-bit range needs int64, float32 or "
                               f"float64, got {dtype}")
        return generator.random64(_count(shape)).view(np.int64).astype(dtype).reshape(shape)
    if high is None:
        high = largest + 1
    elif low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got "
                           f"from={low} >= to={high}")
    if dtype.kind == "f":
        low = _float_low(low, dtype)
        high = high if high == largest + 1 else _float_high(high, dtype)
        if low >= high:
            raise RuntimeError(f"random_ expects 'from' casted to dtype to be less than 'to' "
                               f"casted to dtype, but got from={low} >= to={high}")
    for name, value in (("from", low), ("to - 1", high - 1)):
        if not smallest <= value <= largest:
            if dtype.kind != "f":
                raise RuntimeError(f"random_: {name} = {value} is out of bounds for {dtype}")
            digits = _FLOAT_DIGITS[dtype]
            warnings.warn(f"random_: {name} = {value} is out of bounds [-(2^{digits}), "
                          f"2^{digits}]: {dtype} cannot represent every integer there",
                          UserWarning, stacklevel=3)
    offsets = _int_words(generator, _count(shape), high - low)
    return (offsets.astype(np.int64) + np.int64(low)).astype(dtype).reshape(shape)


def random_bits(generator: Generator, shape: tuple, dtype=np.float32) -> np.ndarray:
    """`Tensor.random_()` with no bounds: integers in [0, 2^digits] for floats, [0, max]
    for integer dtypes, 0/1 for bool; 64-bit words for int64 and float64."""
    dtype = np.dtype(dtype)
    count = _count(shape)
    if dtype == np.bool_:
        return (generator.random32(count) & np.uint32(1)).astype(np.bool_).reshape(shape)
    if dtype in _FLOAT_DIGITS:
        modulus = 2 ** _FLOAT_DIGITS[dtype] + 1
    elif dtype.kind in "iu":
        modulus = int(np.iinfo(dtype).max) + 1
    else:
        raise TypeError(f"random_: unsupported dtype {dtype}")
    wide = dtype in (np.float64, np.int64)
    words = generator.random64(count) if wide else generator.random32(count).astype(np.uint64)
    return (words % np.uint64(modulus)).astype(dtype).reshape(shape)


def randperm(generator: Generator, n: int, dtype=np.int64) -> np.ndarray:
    """A random permutation of 0..n-1 (Fisher-Yates): for i = 0..n-2, swap entries i and
    i + (word_i % (n - i)). Shape (n,)."""
    if n >= _RANDPERM_LIMIT:
        raise ValueError(f"randperm: n must be below {_RANDPERM_LIMIT}, got {n}")
    words = generator.random32(max(n - 1, 0)).astype(np.int64)
    offsets = (words % np.arange(n, 1, -1, dtype=np.int64)).tolist()
    order = list(range(n))
    for i, offset in enumerate(offsets):
        j = i + offset
        order[i], order[j] = order[j], order[i]
    return np.array(order, dtype=dtype)


def bernoulli(generator: Generator, shape: tuple, p, dtype=np.float32) -> np.ndarray:
    """1 with probability p, else 0, as `Tensor.bernoulli_(p)`: u < p per element, with u a
    float64 uniform for a Python-number p or float64 p, a float32 uniform for float32 p.

    `p` is a number or an array broadcastable to `shape`."""
    p_array = np.asarray(p)
    if p_array.dtype.kind not in "fiub":
        raise TypeError(f"bernoulli_: p must be a number or a float array, got {p_array.dtype}")
    if np.any(~((p_array >= 0) & (p_array <= 1))):
        raise RuntimeError("bernoulli_ expects p to be in [0, 1]")
    unit_dtype = np.float32 if p_array.dtype == np.float32 else np.float64
    unit = _unit_uniform(generator, _count(shape), unit_dtype).reshape(shape)
    return (unit < np.broadcast_to(p_array, shape)).astype(dtype)


def exponential(generator: Generator, shape: tuple, lambd: float = 1.0,
                dtype=np.float32) -> np.ndarray:
    """Samples of Exp(λ), as `Tensor.exponential_`: -1/λ · log1p(-u), u a float64 uniform."""
    dtype = _float_dtype(dtype, "exponential_")
    if not lambd > 0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd}")
    unit = _unit_uniform(generator, _count(shape), np.float64)
    return ((-1.0 / lambd) * _libm(math.log1p, -unit)).astype(dtype).reshape(shape)


def multinomial(generator: Generator, probs: np.ndarray, num_samples: int,
                replacement: bool = False) -> np.ndarray:
    """Indices drawn from the rows of `probs` (weights, not necessarily normalised), as
    `torch.multinomial`. Shape (K,) -> (num_samples,); (N, K) -> (N, num_samples); int64."""
    probs = np.asarray(probs)
    if probs.ndim not in (1, 2):
        raise RuntimeError(f"multinomial: prob_dist must be 1 or 2 dim, got {probs.ndim} dims")
    if probs.dtype not in _FLOAT_DIGITS:
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, "
                           f"got: {probs.dtype}")
    categories = probs.shape[-1]
    if num_samples <= 0:
        raise RuntimeError(f"multinomial: cannot sample n_sample <= 0 samples, got {num_samples}")
    if not replacement and num_samples > categories:
        raise RuntimeError(f"multinomial: cannot sample n_sample > prob_dist.size(-1) samples "
                           f"without replacement ({num_samples} > {categories})")
    if not np.all(np.isfinite(probs) & (probs >= 0)):
        raise RuntimeError("multinomial: probability tensor contains either `inf`, `nan` or "
                           "element < 0")
    if np.any(probs.sum(axis=-1) <= 0):
        raise RuntimeError("multinomial: invalid multinomial distribution (sum of "
                           "probabilities <= 0)")
    if categories > 2 ** 24:
        raise RuntimeError(f"multinomial: number of categories cannot exceed 2^24, "
                           f"got {categories}")
    rows = probs.reshape(-1, categories)
    if replacement and num_samples > 1:
        samples = np.stack([_search_cumulative(generator, row, num_samples) for row in rows])
    else:
        race = rows / exponential(generator, rows.shape, 1.0, rows.dtype)
        samples = np.argsort(-race, axis=1, kind="stable")[:, :num_samples]
    return samples.reshape(probs.shape[:-1] + (num_samples,)).astype(np.int64)


def _search_cumulative(generator: Generator, row: np.ndarray, num_samples: int) -> np.ndarray:
    """Sampling with replacement: for each uniform u, the first index whose normalised
    cumulative weight (in the row's dtype, last one set to 1) is >= u."""
    cumulative = np.cumsum(row, dtype=row.dtype)
    cumulative = cumulative / cumulative[-1]
    cumulative[-1] = 1
    unit = _unit_uniform(generator, num_samples, np.float64)
    return np.searchsorted(cumulative.astype(np.float64), unit, side="left")

"""Built-in datasets needing no download: spiral, moons, circles, blobs, 8x8 digits and
first names."""
from __future__ import annotations

import functools
import importlib.resources
import numbers
from typing import Sequence

import numpy as np

__all__ = ["spiral", "moons", "circles", "blobs", "digits", "names"]


def _rng(seed: int | np.random.Generator | None) -> np.random.Generator:
    """A generator from an int seed (reproducible), a Generator, or None (fresh entropy)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, numbers.Integral)):
        raise TypeError(f"seed must be an int, a numpy.random.Generator or None, got {seed!r}")
    return np.random.default_rng(seed)


def _check_count(name: str, value: int, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, got {value!r}")
    return int(value)


def _check_noise(noise: float) -> float:
    if noise is None:
        return 0.0
    if not isinstance(noise, numbers.Real) or not noise >= 0:
        raise ValueError(f"noise must be a non-negative number, got {noise!r}")
    return float(noise)


def _finish(X: np.ndarray, y: np.ndarray, shuffle: bool,
            rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Cast to (float32, int64) and optionally shuffle the rows together."""
    if shuffle:
        order = rng.permutation(len(y))
        X, y = X[order], y[order]
    return np.ascontiguousarray(X, dtype=np.float32), np.ascontiguousarray(y, dtype=np.int64)


def spiral(n_per_class: int = 200, n_classes: int = 2, noise: float = 0.2,
           seed: int | np.random.Generator | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, the course's generator (one arm per class).

    For class j: `r = linspace(0, 1, N)`, `t = linspace(4j, 4(j+1), N) + noise * randn(N)`,
    `x = (r sin t, r cos t)`. Rows are ordered class by class (not shuffled).

    Args:
        n_per_class: N, points per class.
        n_classes: number of arms (classes).
        noise: standard deviation of the Gaussian noise added to the angle.
        seed: int for a reproducible draw, a `numpy.random.Generator`, or None.

    Returns:
        `X` float32 of shape `(n_classes * N, 2)`, `y` int64 of shape `(n_classes * N,)`.
        The defaults give the course's 400 points (2 classes x 200).
    """
    n = _check_count("n_per_class", n_per_class)
    k = _check_count("n_classes", n_classes)
    noise, rng = _check_noise(noise), _rng(seed)
    X = np.empty((n * k, 2))
    y = np.repeat(np.arange(k), n)
    for j in range(k):
        r = np.linspace(0.0, 1.0, n)
        t = np.linspace(4.0 * j, 4.0 * (j + 1), n) + noise * rng.standard_normal(n)
        X[j * n:(j + 1) * n] = np.column_stack([r * np.sin(t), r * np.cos(t)])
    return _finish(X, y, False, rng)


def moons(n_samples: int = 200, noise: float = 0.1, shuffle: bool = True,
          seed: int | np.random.Generator | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles ("two moons"), as scikit-learn's `make_moons`.

    Class 0 is the upper arc `(cos a, sin a)`, class 1 the lower arc
    `(1 - cos a, 0.5 - sin a)`, `a` in `[0, pi]`, plus Gaussian noise of std `noise`.

    Returns:
        `X` float32 `(n_samples, 2)`, `y` int64 `(n_samples,)`; class 0 gets
        `n_samples // 2` points, class 1 the rest.
    """
    n = _check_count("n_samples", n_samples, 2)
    noise, rng = _check_noise(noise), _rng(seed)
    n_out, n_in = n // 2, n - n // 2
    a_out, a_in = np.linspace(0.0, np.pi, n_out), np.linspace(0.0, np.pi, n_in)
    X = np.concatenate([np.column_stack([np.cos(a_out), np.sin(a_out)]),
                        np.column_stack([1.0 - np.cos(a_in), 0.5 - np.sin(a_in)])])
    y = np.concatenate([np.zeros(n_out, np.int64), np.ones(n_in, np.int64)])
    if noise:
        X = X + noise * rng.standard_normal(X.shape)
    return _finish(X, y, shuffle, rng)


def circles(n_samples: int = 200, noise: float = 0.05, factor: float = 0.5,
            shuffle: bool = True,
            seed: int | np.random.Generator | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two concentric circles, as scikit-learn's `make_circles`.

    Class 0 is the outer circle of radius 1, class 1 the inner circle of radius `factor`,
    plus Gaussian noise of std `noise`.

    Returns:
        `X` float32 `(n_samples, 2)`, `y` int64 `(n_samples,)`; class 0 gets
        `n_samples // 2` points, class 1 the rest.
    """
    n = _check_count("n_samples", n_samples, 2)
    if not isinstance(factor, numbers.Real) or not 0 <= factor < 1:
        raise ValueError(f"factor must be in [0, 1), got {factor!r}")
    noise, rng = _check_noise(noise), _rng(seed)
    n_out, n_in = n // 2, n - n // 2
    a_out = np.linspace(0.0, 2 * np.pi, n_out, endpoint=False)
    a_in = np.linspace(0.0, 2 * np.pi, n_in, endpoint=False)
    X = np.concatenate([np.column_stack([np.cos(a_out), np.sin(a_out)]),
                        factor * np.column_stack([np.cos(a_in), np.sin(a_in)])])
    y = np.concatenate([np.zeros(n_out, np.int64), np.ones(n_in, np.int64)])
    if noise:
        X = X + noise * rng.standard_normal(X.shape)
    return _finish(X, y, shuffle, rng)


def blobs(n_samples: int = 300, centers: int | Sequence[Sequence[float]] = 3,
          n_features: int = 2, cluster_std: float | Sequence[float] = 1.0,
          center_box: tuple[float, float] = (-10.0, 10.0), shuffle: bool = True,
          seed: int | np.random.Generator | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """Isotropic Gaussian clusters, as scikit-learn's `make_blobs`.

    Args:
        centers: the number of clusters (centres drawn uniformly in `center_box` per
            feature), or an array of centres of shape `(n_centers, n_features)`.
        cluster_std: one standard deviation, or one per cluster.

    Returns:
        `X` float32 `(n_samples, n_features)`, `y` int64 `(n_samples,)` with the cluster
        index; clusters get `n_samples // n_centers` points, the first ones one more
        until the remainder is used up.
    """
    n = _check_count("n_samples", n_samples)
    rng = _rng(seed)
    if isinstance(centers, numbers.Integral) and not isinstance(centers, bool):
        k = _check_count("centers", centers)
        d = _check_count("n_features", n_features)
        if not isinstance(center_box, (tuple, list)) or len(center_box) != 2 or not all(
                isinstance(v, numbers.Real) for v in center_box):
            raise TypeError(f"center_box must be a pair of numbers (low, high), got "
                            f"{center_box!r}")
        low, high = center_box
        centre_points = rng.uniform(low, high, size=(k, d))
    else:
        centre_points = np.asarray(centers, dtype=np.float64)
        if centre_points.ndim != 2 or centre_points.shape[0] < 1:
            raise ValueError(f"centers must be an int or an array of shape (n_centers, "
                             f"n_features), got shape {centre_points.shape}")
        k, d = centre_points.shape
    stds = np.asarray(cluster_std, dtype=np.float64)
    if stds.ndim == 0:
        stds = np.full(k, float(stds))
    if stds.shape != (k,) or np.any(stds < 0):
        raise ValueError(f"cluster_std must be a non-negative number or one per cluster "
                         f"({k}), got {cluster_std!r}")
    counts = np.full(k, n // k)
    counts[:n % k] += 1
    y = np.repeat(np.arange(k), counts)
    X = centre_points[y] + stds[y, None] * rng.standard_normal((n, d))
    return _finish(X, y, shuffle, rng)


@functools.lru_cache(maxsize=1)
def _load_digits() -> tuple[np.ndarray, np.ndarray]:
    """The shipped uint8 images (1797, 8, 8) and labels (1797,), read once."""
    resource = importlib.resources.files("nn").joinpath("datasets").joinpath("digits.npz")
    try:
        with resource.open("rb") as file, np.load(file, allow_pickle=False) as archive:
            images, labels = archive["images"], archive["labels"]
    except (OSError, KeyError, ValueError) as error:
        raise RuntimeError(f"the digits data shipped with the package (nn/datasets/"
                           f"digits.npz) is missing or damaged: {error}") from error
    images.setflags(write=False)
    labels.setflags(write=False)
    return images, labels


def digits(as_images: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The 8x8 handwritten digits: 1,797 images of the digits 0-9, pixel values 0..16.

    Shipped with the package (no download); source and licence (UCI "Optical Recognition
    of Handwritten Digits", Alpaydin and Kaynak 1998, CC BY 4.0) in
    `nn/datasets/DIGITS_LICENSE.txt`. The same numbers as scikit-learn's `load_digits`.
    Pixels are not scaled; divide by 16 or use `Standardizer`.

    Args:
        as_images: return `X` as images of shape `(1797, 8, 8)` instead of rows of 64.

    Returns:
        `X` float32 of shape `(1797, 64)` (or `(1797, 8, 8)`), `y` int64 of shape `(1797,)`.
    """
    if not isinstance(as_images, (bool, np.bool_)):
        raise TypeError(f"digits: as_images must be a bool, got {as_images!r}")
    images, labels = _load_digits()
    X = images.astype(np.float32)
    if not as_images:
        X = X.reshape(len(X), 64)
    return X, labels.astype(np.int64)


@functools.lru_cache(maxsize=1)
def _load_names() -> tuple[str, ...]:
    """The shipped names, read once."""
    resource = importlib.resources.files("nn").joinpath("datasets").joinpath("names.txt")
    try:
        text = resource.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as error:
        raise RuntimeError(f"the names shipped with the package (nn/datasets/names.txt) are "
                           f"missing or damaged: {error}") from error
    return tuple(text.split())


def names() -> list[str]:
    """5,163 first names from the 1990 US census, lower case, letters a-z, most common first.

    Shipped with the package (no download); public domain (a work of the US federal
    government). Source and how the list was made in `nn/datasets/NAMES_LICENSE.txt`.
    The data of character-level language models (bigrams, an MLP, a tiny GPT).

    Returns:
        a new list of str: `['james', 'john', 'robert', 'michael', 'mary', ...]`.
    """
    return list(_load_names())

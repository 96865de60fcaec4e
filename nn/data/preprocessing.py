"""Preparing arrays for training: `train_test_split`, `Standardizer` and `standardize`."""
from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from autograd import Tensor

__all__ = ["train_test_split", "Standardizer", "standardize"]


def _n_test(test_size: float | int, n: int) -> int:
    """The number of test samples: a fraction of n (rounded up, as scikit-learn) or a count."""
    if isinstance(test_size, bool):
        raise TypeError("test_size must be a fraction in (0, 1) or a positive int, got a bool")
    if isinstance(test_size, numbers.Integral):
        if not 0 < test_size < n:
            raise ValueError(f"test_size={test_size} must be between 1 and {n - 1} "
                             f"for {n} samples")
        return int(test_size)
    if isinstance(test_size, numbers.Real) and 0 < test_size < 1:
        n_test = int(np.ceil(test_size * n))
        if not 0 < n_test < n:
            raise ValueError(f"test_size={test_size} leaves an empty train or test set "
                             f"for {n} samples")
        return n_test
    raise ValueError(f"test_size must be a fraction in (0, 1) or a positive int, "
                     f"got {test_size!r}")


def _stratified_counts(class_sizes: np.ndarray, n_test: int) -> np.ndarray:
    """Split n_test among classes in proportion to their sizes (largest remainders first)."""
    exact = class_sizes * n_test / class_sizes.sum()
    counts = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - counts), kind="stable")
    for c in order[:n_test - counts.sum()]:
        counts[c] += 1
    return np.minimum(counts, class_sizes)


def _numbers(function: str, name: str, value: Any) -> np.ndarray:
    """value (a Tensor or array-like) as an array of numbers; TypeError naming it if not."""
    array = value.numpy(force=True) if isinstance(value, Tensor) else np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{function}: {name} must be an array of numbers (or a Tensor), got "
                        f"{type(value).__name__}")
    return array


def train_test_split(X: Any, y: Any, test_size: float | int = 0.25,
                     seed: int | np.random.Generator | None = 0,
                     stratify: Any = None) -> tuple[Any, Any, Any, Any]:
    """Split arrays into random train and test subsets, as scikit-learn's function.

    Args:
        X, y: NumPy arrays (or Tensors) with the same first dimension N.
        test_size: a fraction of N (rounded up) or a number of test samples.
        seed: int for a reproducible split, a `numpy.random.Generator`, or None.
        stratify: class labels of shape `(N,)` (usually `y`, or `True` for `y`): each class
            keeps its proportion in both parts.

    Returns:
        `X_train, X_test, y_train, y_test`, of the input types, rows in random order.
    """
    Xa, ya = _numbers("train_test_split", "X", X), _numbers("train_test_split", "y", y)
    if Xa.ndim == 0 or ya.ndim == 0 or len(Xa) != len(ya):
        raise ValueError(f"train_test_split: X and y need the same first dimension, got "
                         f"shapes {Xa.shape} and {ya.shape}")
    n = len(Xa)
    n_test = _n_test(test_size, n)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    if stratify is None or stratify is False:
        order = rng.permutation(n)
        test, train = order[:n_test], order[n_test:]
    else:
        labels = ya if stratify is True else (
            stratify.data if isinstance(stratify, Tensor) else np.asarray(stratify))
        if labels.shape != (n,):
            raise ValueError(f"train_test_split: stratify must have shape ({n},), "
                             f"got {labels.shape}")
        classes, inverse, sizes = np.unique(labels, return_inverse=True, return_counts=True)
        if sizes.min() < 2:
            rare = classes[sizes.argmin()].item()
            raise ValueError(f"train_test_split: class {rare!r} has only one sample; stratify "
                             f"needs at least 2 per class")
        counts = _stratified_counts(sizes, n_test)
        test_parts, train_parts = [], []
        for c, count in enumerate(counts):
            members = rng.permutation(np.flatnonzero(inverse == c))
            test_parts.append(members[:count])
            train_parts.append(members[count:])
        test = rng.permutation(np.concatenate(test_parts))
        train = rng.permutation(np.concatenate(train_parts))

    def take(value: Any, array: np.ndarray, index: np.ndarray) -> Any:
        return Tensor(array[index]) if isinstance(value, Tensor) else array[index]

    return take(X, Xa, train), take(X, Xa, test), take(y, ya, train), take(y, ya, test)


class Standardizer:
    """Scale features to zero mean and unit variance using statistics of the training set.

    `fit(X_train)` stores the per-feature mean and (population) standard deviation over
    axis 0; `transform(X)` computes `(X - mean) / std` for training and test data alike, so
    test data is scaled with training statistics. Constant features (std 0) are only
    centred.

    Shape:
        `X` of shape `(N, *F)`; `mean_` and `scale_` of shape `F`. Output has `X`'s shape
        and float dtype (integer input becomes float32). NumPy in, NumPy out; Tensor in,
        Tensor out.

    Example:
        >>> scaler = Standardizer().fit(X_train)
        >>> X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    """

    def __init__(self, eps: float = 0.0):
        if isinstance(eps, bool) or not isinstance(eps, (int, float, np.number)) or not eps >= 0:
            raise ValueError(f"Standardizer: eps must be a non-negative number, got {eps!r}")
        self.eps = float(eps)
        self.mean_: np.ndarray | None = None
        self.scale_: np.ndarray | None = None

    def fit(self, X: Any) -> "Standardizer":
        """Learn per-feature mean and standard deviation from `X` (N, *F)."""
        array = self._array(X)
        if array.ndim == 0 or len(array) == 0:
            raise ValueError(f"Standardizer.fit: need at least one sample, got shape "
                             f"{array.shape}")
        data = array.astype(np.float64)
        self.mean_ = data.mean(axis=0)
        std = np.sqrt(data.var(axis=0) + self.eps)
        self.scale_ = np.where(std > 0, std, 1.0)
        return self

    def transform(self, X: Any) -> Any:
        """`(X - mean) / std` with the fitted statistics; same shape as `X`."""
        if self.mean_ is None:
            raise RuntimeError("Standardizer: call fit(X_train) before transform")
        array = self._array(X)
        if array.shape[1:] != self.mean_.shape:
            raise ValueError(f"Standardizer: fitted on features of shape {self.mean_.shape}, "
                             f"got data of shape {array.shape}")
        dtype = array.dtype if array.dtype.kind == "f" else np.float32
        out = ((array - self.mean_) / self.scale_).astype(dtype, copy=False)
        return Tensor(out) if isinstance(X, Tensor) else out

    def fit_transform(self, X: Any) -> Any:
        """`fit(X)` then `transform(X)`."""
        return self.fit(X).transform(X)

    def inverse_transform(self, X: Any) -> Any:
        """Undo `transform`: `X * std + mean`."""
        if self.mean_ is None:
            raise RuntimeError("Standardizer: call fit(X_train) before inverse_transform")
        array = self._array(X)
        dtype = array.dtype if array.dtype.kind == "f" else np.float32
        out = (array * self.scale_ + self.mean_).astype(dtype, copy=False)
        return Tensor(out) if isinstance(X, Tensor) else out

    @staticmethod
    def _array(X: Any) -> np.ndarray:
        return _numbers("Standardizer", "X", X)

    def __repr__(self) -> str:
        fitted = "unfitted" if self.mean_ is None else f"features={self.mean_.shape}"
        return f"Standardizer({fitted})"


def standardize(X_train: Any, *others: Any) -> Any:
    """Standardize `X_train` with its own statistics and `others` (test sets) with the same.

    Returns:
        the standardized `X_train` alone, or a tuple `(X_train, *others)` when others are
        given. Use `Standardizer` to keep the statistics for later data.

    Example:
        >>> X_train, X_test = standardize(X_train, X_test)
    """
    scaler = Standardizer().fit(X_train)
    if not others:
        return scaler.transform(X_train)
    return (scaler.transform(X_train),) + tuple(scaler.transform(X) for X in others)

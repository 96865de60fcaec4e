"""Map-style datasets: `Dataset`, `TensorDataset`, `Subset` and `random_split`."""
from __future__ import annotations

import numbers
from typing import Any, Sequence

import numpy as np

from autograd import Generator, Tensor, default_generator, sampling

__all__ = ["Dataset", "TensorDataset", "Subset", "random_split", "index_array"]


class Dataset:
    """A map-style dataset: subclasses define `__getitem__(index)` and `__len__()`.

    Any object with those two methods works with `DataLoader`; subclassing documents intent.
    """

    def __getitem__(self, index: int) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must define __getitem__")

    def __len__(self) -> int:
        raise NotImplementedError(f"{type(self).__name__} must define __len__")


def _as_tensor(value: Any, position: int) -> Tensor:
    """A Tensor for a Tensor or array-like (a Tensor is kept as is, not copied)."""
    try:
        tensor = value if isinstance(value, Tensor) else Tensor(value)
    except TypeError as error:
        raise TypeError(f"TensorDataset: tensor {position}: {error}") from None
    if tensor.ndim == 0:
        raise ValueError(f"TensorDataset: tensor {position} is 0-d; every tensor needs a first "
                         f"dimension that indexes samples")
    return tensor


class TensorDataset(Dataset):
    """Samples are slices of tensors along their first dimension.

    Args:
        *tensors: Tensors or NumPy arrays, all with the same size N of dimension 0.

    Shape:
        `dataset[i]` is a tuple `(t0[i], t1[i], ...)` of Tensors; `len(dataset) == N`.

    Example:
        >>> ds = TensorDataset(np.zeros((4, 2), np.float32), np.arange(4))
        >>> x, y = ds[1]; x.shape, int(y.item())
        ((2,), 1)
    """

    def __init__(self, *tensors: Any):
        if not tensors:
            raise ValueError("TensorDataset needs at least one tensor")
        self.tensors = tuple(_as_tensor(t, i) for i, t in enumerate(tensors))
        sizes = [t.shape[0] for t in self.tensors]
        if any(size != sizes[0] for size in sizes):
            raise ValueError(f"TensorDataset: size mismatch between tensors: first dimensions "
                             f"are {sizes}; all must be equal")

    @property
    def arrays(self) -> tuple:
        """The NumPy arrays behind `tensors` (what `DataLoader`'s fast path slices)."""
        return tuple(t.numpy(force=True) for t in self.tensors)

    def __getitem__(self, index: int) -> tuple:
        if not isinstance(index, (numbers.Integral, slice, list, np.ndarray)):
            raise TypeError(f"TensorDataset: indices must be ints (or slices or arrays of "
                            f"them), got {type(index).__name__}")
        return tuple(Tensor(a[index]) for a in self.arrays)

    def __len__(self) -> int:
        return self.tensors[0].shape[0]

    def __repr__(self) -> str:
        shapes = ", ".join(str(tuple(a.shape)) for a in self.arrays)
        return f"TensorDataset({shapes})"


class Subset(Dataset):
    """The samples of `dataset` at the given `indices` (in that order).

    `indices` is kept as given (a list, a range, a Tensor), as PyTorch keeps it: `random_split`
    gives lists of Python ints.
    """

    def __init__(self, dataset: Any, indices: Sequence[int]):
        positions = index_array(indices)
        n = len(dataset)
        if positions.size and (positions.min() < -n or positions.max() >= n):
            raise IndexError(f"Subset: indices out of range for a dataset of length {n}")
        self.dataset = dataset
        self.indices = indices

    def __getitem__(self, index: int) -> Any:
        return self.dataset[int(self.indices[index])]

    def __len__(self) -> int:
        return len(self.indices)


def index_array(indices: Sequence[int]) -> np.ndarray:
    """The indices of a `Subset` as a 1-d int64 array (a Tensor's values too)."""
    array = np.asarray(indices.numpy(force=True) if isinstance(indices, Tensor) else indices)
    if array.dtype.kind not in "iu" and array.size:
        raise TypeError(f"Subset: indices must be a sequence of ints, got {indices!r:.60}")
    return array.astype(np.int64).reshape(-1)


def random_split(dataset: Any, lengths: Sequence[float | int],
                 generator: Generator | None = None,
                 seed: int | None = None) -> list[Subset]:
    """Split `dataset` at random into non-overlapping `Subset`s of the given lengths, as
    PyTorch: one `randperm(len(dataset))` cut into consecutive pieces.

    Args:
        lengths: integers summing to `len(dataset)`, or fractions summing to 1 (the
            remainder after flooring is dealt out one by one, as in PyTorch).
        generator: an `autograd.Generator` (default: the default generator, seeded by
            `autograd.manual_seed`).
        seed: an int, shorthand for `generator=Generator().manual_seed(seed)`.
    """
    n = len(dataset)
    if not isinstance(lengths, (list, tuple, np.ndarray)):
        raise TypeError(f"random_split: lengths must be a sequence of ints or fractions, got "
                        f"{type(lengths).__name__}")
    lengths = list(lengths)
    if not lengths:
        raise ValueError("random_split: lengths is empty")
    if all(isinstance(x, numbers.Integral) for x in lengths):
        counts = [int(x) for x in lengths]
    elif all(isinstance(x, numbers.Real) and 0 <= x <= 1 for x in lengths) \
            and abs(sum(lengths) - 1) < 1e-6:
        counts = [int(np.floor(n * f)) for f in lengths]
        for i in range(n - sum(counts)):
            counts[i % len(counts)] += 1
    else:
        raise ValueError(f"random_split: lengths must be integers summing to {n} or fractions "
                         f"summing to 1, got {lengths}")
    if any(c < 0 for c in counts) or sum(counts) != n:
        raise ValueError(f"random_split: lengths {lengths} do not sum to the dataset length {n}")
    order = sampling.randperm(_resolve_generator(generator, seed, "random_split"), n).tolist()
    bounds = np.cumsum([0] + counts).tolist()
    return [Subset(dataset, order[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]


def _resolve_generator(generator: Generator | None, seed: int | None,
                       where: str) -> Generator:
    """The generator given, a new one seeded with `seed`, or the default generator."""
    if generator is not None and seed is not None:
        raise ValueError(f"{where}: give either generator or seed, not both")
    if generator is not None:
        if not isinstance(generator, Generator):
            raise TypeError(f"{where}: generator must be an autograd.Generator, "
                            f"got {type(generator).__module__}.{type(generator).__qualname__}")
        return generator
    if seed is not None:
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
            raise TypeError(f"{where}: seed must be an int, got {type(seed).__name__}")
        return Generator().manual_seed(int(seed))
    return default_generator

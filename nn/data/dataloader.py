"""`DataLoader`: mini-batches over a dataset, reshuffled every epoch, and `default_collate`."""
from __future__ import annotations

import collections.abc
import itertools
import math
import numbers
from typing import Any, Callable, Iterator

import numpy as np

from autograd import Generator, Tensor, default_generator, sampling
from nn.data.dataset import Subset, TensorDataset, _resolve_generator, index_array

__all__ = ["DataLoader", "default_collate"]


def _stack(arrays: list, kind: str) -> Tensor:
    """Stack per-sample arrays along a new first dimension, naming the shapes on mismatch."""
    try:
        return Tensor(np.stack(arrays))
    except ValueError:
        shapes = sorted({tuple(np.shape(a)) for a in arrays})
        raise ValueError(f"default_collate: cannot stack {kind} of different shapes {shapes} "
                         f"into one batch; pad them or pass a collate_fn") from None


def default_collate(batch: list) -> Any:
    """Merge a list of samples into a batch, as PyTorch's `default_collate`.

    Tensors, NumPy arrays and NumPy scalars are stacked into one Tensor with a new first
    dimension of size `len(batch)`; Python ints become an int64 Tensor, Python floats a
    float64 Tensor (as PyTorch's), bools a bool Tensor. Tuples, lists and dicts are collated
    field by field: samples `(x, y)` give a batch `[X, Y]` (a list, as PyTorch's), named
    tuples and dicts keep their type. Strings are gathered into a list.

    Shape:
        samples of shape `S` give a batch of shape `(B, *S)`, `B = len(batch)`.
    """
    if not isinstance(batch, (list, tuple)):
        raise TypeError(f"default_collate: batch must be a list of samples, got "
                        f"{type(batch).__name__}")
    if not batch:
        raise ValueError("default_collate: empty batch")
    elem = batch[0]
    if isinstance(elem, Tensor):
        return _stack([b.data for b in batch], "tensors")
    if isinstance(elem, (np.ndarray, np.generic)):
        if elem.dtype.kind in "OUSV":
            raise TypeError(f"default_collate: cannot batch NumPy arrays of dtype {elem.dtype}")
        return _stack([np.asarray(b) for b in batch], "arrays")
    if isinstance(elem, bool):
        return Tensor(np.array(batch, dtype=np.bool_))
    if isinstance(elem, numbers.Integral):
        return Tensor(np.array(batch, dtype=np.int64))
    if isinstance(elem, numbers.Real):
        return Tensor(np.array(batch, dtype=np.float64))
    if isinstance(elem, (str, bytes)):
        return list(batch)
    if isinstance(elem, collections.abc.Mapping):
        collated = {key: default_collate([d[key] for d in batch]) for key in elem}
        if type(elem) is dict:
            return collated
        try:
            return type(elem)(collated)
        except TypeError:
            return collated
    if isinstance(elem, collections.abc.Sequence):
        size = len(elem)
        if any(len(sample) != size for sample in batch):
            raise ValueError("default_collate: samples in a batch have different lengths "
                             f"{sorted({len(sample) for sample in batch})}")
        fields = [default_collate(list(samples)) for samples in zip(*batch)]
        if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # named tuple
            return type(elem)(*fields)
        return fields
    raise TypeError(f"default_collate: cannot batch samples of type {type(elem).__name__}; "
                    f"return Tensors, NumPy arrays, numbers, or tuples/lists/dicts of them, "
                    f"or pass a collate_fn")


def _tensor_source(dataset: Any) -> tuple[tuple, np.ndarray | None] | None:
    """(arrays, base indices) when batches can be sliced straight from arrays, else None."""
    if type(dataset) is TensorDataset:
        return dataset.arrays, None
    if type(dataset) is Subset and type(dataset.dataset) is TensorDataset:
        return dataset.dataset.arrays, index_array(dataset.indices)
    return None


class DataLoader:
    """Iterate over a dataset in mini-batches, with PyTorch's semantics.

    Args:
        dataset: a `Dataset` (any object with `__getitem__` and `__len__`).
        batch_size: samples per batch (a positive int).
        shuffle: draw a new random order at the start of every epoch (each `iter()`).
        drop_last: drop the last batch if it is smaller than `batch_size`.
        generator: an `autograd.Generator` used for shuffling.
        seed: an int, shorthand for `generator=Generator().manual_seed(seed)`: a loader with
            the same seed gives the same sequence of epochs.
        Without `generator` or `seed`, shuffling follows `autograd.manual_seed`.
        collate_fn: merges a list of samples into a batch (default `default_collate`).

    Shuffling draws what PyTorch's `DataLoader` with a `RandomSampler` draws, so for the same
    seed the batches come in the same order, and the generators are left in the same state:
    every `iter()` draws one 64-bit "base seed" (PyTorch's, for worker processes) from the
    loader's generator or the default one; each epoch is then `randperm(N)` from the
    loader's generator, or, without one, from a new generator seeded with one 63-bit draw
    from the default generator; and, as PyTorch's sampler, a second permutation is drawn
    (and unused) when the epoch runs out.

    `len(loader)` is the number of batches: `ceil(N / batch_size)`, or `floor` with
    `drop_last`. A `TensorDataset` (or a `Subset` of one) with the default collate takes a
    fast path: each batch is one fancy-indexing of each array, with no per-sample Python work.

    Shape:
        with `TensorDataset(X, y)`, `X` of shape `(N, *F)`: each batch is a list `[xb, yb]`
        of Tensors of shapes `(B, *F)` and `(B,)`, with `B = batch_size` except perhaps the
        last batch.

    Example:
        >>> X, y = spiral()                                # (400, 2) float32, (400,) int64
        >>> loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True, seed=0)
        >>> len(loader)
        13
        >>> xb, yb = next(iter(loader)); xb.shape, yb.shape
        ((32, 2), (32,))
    """

    def __init__(self, dataset: Any, batch_size: int = 1, shuffle: bool = False,
                 drop_last: bool = False, generator: Generator | None = None,
                 seed: int | None = None, collate_fn: Callable[[list], Any] | None = None):
        if not (hasattr(dataset, "__getitem__") and hasattr(dataset, "__len__")):
            raise TypeError(f"DataLoader: dataset must define __getitem__ and __len__, got "
                            f"{type(dataset).__name__}")
        if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral) \
                or batch_size < 1:
            raise ValueError(f"DataLoader: batch_size must be a positive int, got {batch_size!r}")
        for name, value in (("shuffle", shuffle), ("drop_last", drop_last)):
            if not isinstance(value, (bool, np.bool_)):
                raise TypeError(f"DataLoader: {name} must be a bool, got {value!r}")
        if collate_fn is not None and not callable(collate_fn):
            raise TypeError(f"DataLoader: collate_fn must be callable, got {collate_fn!r}")
        if generator is not None or seed is not None:
            generator = _resolve_generator(generator, seed, "DataLoader")
        self.dataset = dataset
        self.batch_size = int(batch_size)
        self.shuffle = bool(shuffle)
        self.drop_last = bool(drop_last)
        self.generator = generator
        self.seed = seed
        self.collate_fn = collate_fn if collate_fn is not None else default_collate

    def __len__(self) -> int:
        n = len(self.dataset)
        if self.drop_last:
            return n // self.batch_size
        return math.ceil(n / self.batch_size)

    def _epoch_order(self, n: int) -> Iterator[int]:
        """PyTorch's RandomSampler: a permutation, then one more drawn when it runs out."""
        generator = self.generator
        if generator is None:
            seed = int(sampling.random_bits(default_generator, (), np.int64))
            generator = Generator().manual_seed(seed)
        yield from sampling.randperm(generator, n).tolist()
        sampling.randperm(generator, n)

    def _batches(self, n: int) -> Iterator[slice | np.ndarray]:
        """Index slices (in order) or index arrays (shuffled), one per batch, as PyTorch's
        BatchSampler takes them from the sampler (lazily, so the draws happen in its order)."""
        if not self.shuffle:
            stop = n - n % self.batch_size if self.drop_last else n
            for start in range(0, stop, self.batch_size):
                yield slice(start, min(start + self.batch_size, n))
            return
        order = self._epoch_order(n)
        if self.drop_last:
            batches = zip(*[order] * self.batch_size)
        else:
            batches = iter(lambda: list(itertools.islice(order, self.batch_size)), [])
        for batch in batches:
            yield np.array(batch, dtype=np.int64)

    def __iter__(self) -> Iterator[Any]:
        sampling.random_bits(self.generator or default_generator, (), np.int64)  # base seed
        batches = self._batches(len(self.dataset))  # a new order at every iter()
        source = _tensor_source(self.dataset) if self.collate_fn is default_collate else None
        if source is not None:
            return self._iter_arrays(*source, batches)
        return self._iter_samples(batches)

    def _iter_arrays(self, arrays: tuple, base: np.ndarray | None,
                     batches: Iterator[slice | np.ndarray]) -> Iterator[list]:
        for index in batches:
            if base is not None:
                index = base[index]
            yield [Tensor(a[index]) for a in arrays]

    def _iter_samples(self, batches: Iterator[slice | np.ndarray]) -> Iterator[Any]:
        dataset, collate = self.dataset, self.collate_fn
        for index in batches:
            if isinstance(index, slice):
                index = range(index.start, index.stop)
            yield collate([dataset[int(i)] for i in index])

    def __repr__(self) -> str:
        return (f"DataLoader({type(self.dataset).__name__} of {len(self.dataset)}, "
                f"batch_size={self.batch_size}, shuffle={self.shuffle}, "
                f"drop_last={self.drop_last})")

"""In-place random fills, as PyTorch's Tensor methods: `normal_ uniform_ random_ bernoulli_
exponential_`, each with `generator=`. They draw what PyTorch draws for the same seed (see
`autograd.sampling`). On a leaf that requires grad they are refused outside `no_grad()`, as in
PyTorch; written over a tensor in a graph, its gradient through the old values is zero."""
from __future__ import annotations

from autograd import ops, sampling
from autograd.factories import _generator
from autograd.random import Generator
from autograd.tensor import Tensor

__all__ = []


def _write(self, values) -> Tensor:
    return self._inplace(ops.Fill, Tensor._make(values))


def _normal_(self, mean: float = 0.0, std: float = 1.0, *,
             generator: Generator | None = None) -> Tensor:
    """Fill with samples of N(mean, std²)."""
    if std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")
    gen = _generator(generator, "normal_")
    return _write(self, sampling.normal(gen, self.shape, float(mean), float(std), self.dtype))


def _uniform_(self, a: float = 0.0, b: float = 1.0, *,
              generator: Generator | None = None) -> Tensor:
    """Fill with samples of U(a, b) (PyTorch calls the bounds `from` and `to`)."""
    if a > b:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found "
                           f"from={a} > to={b}")
    gen = _generator(generator, "uniform_")
    return _write(self, sampling.uniform(gen, self.shape, float(a), float(b), self.dtype))


def _random_(self, *bounds, generator: Generator | None = None) -> Tensor:
    """Fill with integers: `random_()` over the dtype's range, `random_(to)` from [0, to),
    `random_(from, to)` from [from, to) (`to=None`: up to the dtype's largest value)."""
    gen = _generator(generator, "random_")
    if len(bounds) > 2:
        raise TypeError(f"random_() takes at most 2 bounds (from, to), got {len(bounds)}")
    if not bounds:
        values = sampling.random_bits(gen, self.shape, self.dtype)
    elif len(bounds) == 1:
        values = sampling.random_int(gen, self.shape, 0, int(bounds[0]), self.dtype)
    else:
        high = None if bounds[1] is None else int(bounds[1])
        values = sampling.random_int(gen, self.shape, int(bounds[0]), high, self.dtype)
    return _write(self, values)


def _bernoulli_(self, p=0.5, *, generator: Generator | None = None) -> Tensor:
    """Fill with 1 with probability p (a number, or a tensor broadcast to this shape), else 0."""
    gen = _generator(generator, "bernoulli_")
    probabilities = p.numpy(force=True) if isinstance(p, Tensor) else float(p)
    return _write(self, sampling.bernoulli(gen, self.shape, probabilities, self.dtype))


def _exponential_(self, lambd: float = 1.0, *, generator: Generator | None = None) -> Tensor:
    """Fill with samples of Exp(lambd): density lambd·exp(-lambd·x)."""
    gen = _generator(generator, "exponential_")
    return _write(self, sampling.exponential(gen, self.shape, float(lambd), self.dtype))


Tensor.normal_ = _normal_
Tensor.uniform_ = _uniform_
Tensor.random_ = _random_
Tensor.bernoulli_ = _bernoulli_
Tensor.exponential_ = _exponential_

"""Tests for nn.data: datasets, DataLoader semantics, built-in data, splitting and scaling."""
import collections
import math
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Tensor
from nn.data import (
    DataLoader, Dataset, Standardizer, Subset, TensorDataset, blobs, circles, default_collate,
    digits, moons, random_split, spiral, standardize, train_test_split,
)
from nn.data import datasets as datasets_module

DATA_DIR = Path(datasets_module.__file__).resolve().parent.parent / "datasets"


class ListDataset(Dataset):
    """A plain map-style dataset over a list of samples (takes the per-sample path)."""

    def __init__(self, samples):
        self.samples = samples
        self.calls = 0

    def __getitem__(self, index):
        self.calls += 1
        return self.samples[index]

    def __len__(self):
        return len(self.samples)


def indices_dataset(n):
    """TensorDataset whose sample i is (i as a float feature row, i as a label)."""
    x = np.arange(n, dtype=np.float32)[:, None] * np.ones((1, 3), np.float32)
    return TensorDataset(x, np.arange(n))


def epoch_labels(loader):
    return [yb.data.tolist() for _, yb in loader]


# --- Dataset / TensorDataset ---------------------------------------------------------------

def test_dataset_base_requires_getitem_and_len():
    with pytest.raises(NotImplementedError):
        Dataset()[0]
    with pytest.raises(NotImplementedError):
        len(Dataset())


def test_tensor_dataset_items_are_tuples_of_tensors():
    x = np.arange(12, dtype=np.float32).reshape(4, 3)
    y = np.array([0, 1, 0, 1])
    ds = TensorDataset(x, Tensor(y))
    assert len(ds) == 4
    xi, yi = ds[2]
    assert isinstance(xi, Tensor) and isinstance(yi, Tensor)
    np.testing.assert_array_equal(xi.data, x[2])
    assert xi.dtype == np.float32 and yi.dtype == y.dtype and yi.item() == 0


def test_tensor_dataset_keeps_given_tensors():
    t = autograd.randn(5, 2)
    ds = TensorDataset(t)
    assert ds.tensors[0] is t and ds.arrays[0] is t.numpy()


def test_tensor_dataset_size_mismatch_names_sizes():
    with pytest.raises(ValueError, match=r"\[4, 3\]"):
        TensorDataset(np.zeros((4, 2)), np.zeros(3))


def test_tensor_dataset_needs_tensors_with_a_first_dimension():
    with pytest.raises(ValueError, match="at least one"):
        TensorDataset()
    with pytest.raises(ValueError, match="0-d"):
        TensorDataset(np.zeros(3), np.float32(1.0))


# --- DataLoader: batches, lengths, order -----------------------------------------------------

@pytest.mark.parametrize("n, batch_size, drop_last, expected", [
    (10, 3, False, [3, 3, 3, 1]),
    (10, 3, True, [3, 3, 3]),
    (9, 3, False, [3, 3, 3]),
    (9, 3, True, [3, 3, 3]),
    (2, 5, False, [2]),
    (2, 5, True, []),
    (0, 4, False, []),
    (7, 1, False, [1] * 7),
])
def test_batch_count_and_sizes(n, batch_size, drop_last, expected):
    loader = DataLoader(indices_dataset(n), batch_size=batch_size, drop_last=drop_last)
    sizes = [xb.shape[0] for xb, _ in loader]
    assert sizes == expected
    assert len(loader) == len(expected)


def test_last_partial_batch_holds_the_remaining_samples():
    loader = DataLoader(indices_dataset(10), batch_size=4)
    batches = list(loader)
    xb, yb = batches[-1]
    assert xb.shape == (2, 3) and yb.shape == (2,)
    assert yb.data.tolist() == [8, 9]
    np.testing.assert_array_equal(xb.data[:, 0], [8.0, 9.0])


def test_without_shuffle_order_is_sequential_every_epoch():
    loader = DataLoader(indices_dataset(7), batch_size=3)
    assert epoch_labels(loader) == [[0, 1, 2], [3, 4, 5], [6]]
    assert epoch_labels(loader) == [[0, 1, 2], [3, 4, 5], [6]]


def test_batches_are_tensors_with_dtypes_kept_and_no_grad():
    x = np.random.default_rng(0).standard_normal((10, 4))  # float64 stays float64
    loader = DataLoader(TensorDataset(x.astype(np.float32), np.arange(10)), batch_size=4)
    xb, yb = next(iter(loader))
    assert isinstance(xb, Tensor) and isinstance(yb, Tensor)
    assert xb.dtype == np.float32 and yb.dtype == np.int64
    assert not xb.requires_grad and xb.is_leaf
    xb64, _ = next(iter(DataLoader(TensorDataset(x, np.arange(10)), batch_size=4)))
    assert xb64.dtype == np.float64


def test_batches_do_not_alias_the_dataset():
    x = np.zeros((6, 2), np.float32)
    xb, = next(iter(DataLoader(TensorDataset(x), batch_size=3)))
    xb.data[...] = 5.0
    assert x.sum() == 0.0


def test_shuffle_covers_every_index_once_per_epoch():
    loader = DataLoader(indices_dataset(103), batch_size=10, shuffle=True, seed=1)
    for _ in range(3):
        labels = np.concatenate([yb.data for _, yb in loader])
        assert sorted(labels.tolist()) == list(range(103))
        assert labels.tolist() != list(range(103))


def test_shuffle_features_follow_labels():
    loader = DataLoader(indices_dataset(50), batch_size=8, shuffle=True, seed=3)
    for xb, yb in loader:
        np.testing.assert_array_equal(xb.numpy()[:, 0], yb.numpy().astype(np.float32))


def test_reshuffles_every_epoch():
    loader = DataLoader(indices_dataset(100), batch_size=10, shuffle=True, seed=0)
    first, second = epoch_labels(loader), epoch_labels(loader)
    assert first != second


def test_each_iter_draws_a_new_order():
    loader = DataLoader(indices_dataset(50), batch_size=50, shuffle=True, seed=0)
    it1, it2 = iter(loader), iter(loader)
    assert next(it1)[1].data.tolist() != next(it2)[1].data.tolist()


def test_same_seed_gives_same_sequence_of_epochs():
    a = DataLoader(indices_dataset(40), batch_size=7, shuffle=True, seed=123)
    b = DataLoader(indices_dataset(40), batch_size=7, shuffle=True, seed=123)
    c = DataLoader(indices_dataset(40), batch_size=7, shuffle=True, seed=124)
    epochs_a = [epoch_labels(a) for _ in range(3)]
    assert epochs_a == [epoch_labels(b) for _ in range(3)]
    assert epochs_a != [epoch_labels(c) for _ in range(3)]


def test_generator_drives_the_shuffle():
    ds = indices_dataset(30)
    a = DataLoader(ds, batch_size=30, shuffle=True, generator=autograd.Generator().manual_seed(5))
    generator = autograd.Generator().manual_seed(5)
    generator.random64(1)  # the base seed every iter() draws, as PyTorch
    expected = autograd.randperm(30, generator=generator).tolist()
    assert epoch_labels(a) == [expected]


def test_default_shuffle_follows_manual_seed():
    ds = indices_dataset(30)
    autograd.manual_seed(7)
    first = epoch_labels(DataLoader(ds, batch_size=8, shuffle=True))
    autograd.manual_seed(7)
    assert epoch_labels(DataLoader(ds, batch_size=8, shuffle=True)) == first


def test_drop_last_with_shuffle_drops_only_the_remainder():
    loader = DataLoader(indices_dataset(23), batch_size=5, shuffle=True, drop_last=True, seed=0)
    labels = np.concatenate([yb.data for _, yb in loader])
    assert len(labels) == 20 and len(set(labels.tolist())) == 20 and len(loader) == 4


@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 60), batch_size=st.integers(1, 20), shuffle=st.booleans(),
       drop_last=st.booleans(), seed=st.integers(0, 2**32 - 1))
def test_loader_partitions_the_dataset(n, batch_size, shuffle, drop_last, seed):
    loader = DataLoader(indices_dataset(n), batch_size=batch_size, shuffle=shuffle,
                        drop_last=drop_last, seed=seed)
    batches = epoch_labels(loader)
    assert len(batches) == len(loader)
    assert all(len(b) == batch_size for b in batches[:-1] if b)
    flat = [i for b in batches for i in b]
    assert len(flat) == len(set(flat))
    expected = (n // batch_size) * batch_size if drop_last else n
    assert len(flat) == expected
    if not shuffle:
        assert flat == list(range(expected))


# --- DataLoader: fast path, generic path and collate ---------------------------------------

def test_fast_path_does_no_per_sample_work(monkeypatch):
    def fail(self, index):
        raise AssertionError("per-sample __getitem__ called on the TensorDataset fast path")
    monkeypatch.setattr(TensorDataset, "__getitem__", fail)
    loader = DataLoader(indices_dataset(20), batch_size=6, shuffle=True, seed=0)
    assert sum(xb.shape[0] for xb, _ in loader) == 20


def test_fast_path_matches_per_sample_path():
    x = np.random.default_rng(0).standard_normal((37, 2, 3)).astype(np.float32)
    y = np.arange(37)
    fast = DataLoader(TensorDataset(x, y), batch_size=8, shuffle=True, seed=9)
    samples = ListDataset([(x[i], y[i]) for i in range(37)])
    slow = DataLoader(samples, batch_size=8, shuffle=True, seed=9)
    for _ in range(2):
        for (xf, yf), (xs, ys) in zip(fast, slow, strict=True):
            np.testing.assert_array_equal(xf.data, xs.data)
            np.testing.assert_array_equal(yf.data, ys.data)
            assert xf.dtype == xs.dtype and yf.dtype == ys.dtype
    assert samples.calls == 2 * 37


def test_collate_gives_lists_for_tuples_and_keeps_dicts_and_named_tuples():
    Pair = collections.namedtuple("Pair", "x label")
    samples = [(np.full(2, i, np.float32), i) for i in range(5)]
    xb, yb = next(iter(DataLoader(ListDataset(samples), batch_size=5)))
    assert xb.shape == (5, 2) and yb.data.tolist() == [0, 1, 2, 3, 4]

    batch = default_collate([(Tensor([1.0, 2.0]), 0), (Tensor([3.0, 4.0]), 1)])
    assert isinstance(batch, list) and len(batch) == 2  # PyTorch's: tuples become lists
    np.testing.assert_array_equal(batch[0].data, [[1.0, 2.0], [3.0, 4.0]])

    batch = default_collate([[np.float32(1), 2], [np.float32(3), 4]])
    assert isinstance(batch, list) and batch[1].data.tolist() == [2, 4]

    batch = default_collate([{"x": np.zeros(3), "y": 1}, {"x": np.ones(3), "y": 0}])
    assert set(batch) == {"x", "y"} and batch["x"].shape == (2, 3)

    batch = default_collate([Pair(np.zeros(2), 1), Pair(np.ones(2), 2)])
    assert isinstance(batch, Pair) and batch.label.data.tolist() == [1, 2]


def test_collate_number_and_string_types():
    assert default_collate([1, 2, 3]).dtype == np.int64
    assert default_collate([1.0, 2.5]).dtype == np.float64  # as PyTorch's
    assert default_collate([True, False]).dtype == np.bool_
    assert default_collate([np.float64(1.0), np.float64(2.0)]).dtype == np.float64
    assert default_collate(["a", "b"]) == ["a", "b"]


def test_collate_errors_are_clear():
    with pytest.raises(ValueError, match=r"\(2,\).*\(3,\)"):
        default_collate([np.zeros(2), np.zeros(3)])
    with pytest.raises(TypeError, match="object"):
        default_collate([object(), object()])
    with pytest.raises(ValueError, match="different lengths"):
        default_collate([(1, 2), (3,)])


def test_custom_collate_fn_is_used():
    loader = DataLoader(indices_dataset(5), batch_size=2, collate_fn=len)
    assert list(loader) == [2, 2, 1]


def test_subset_of_tensor_dataset_and_random_split():
    ds = indices_dataset(20)
    parts = random_split(ds, [12, 5, 3], seed=0)
    assert [len(p) for p in parts] == [12, 5, 3]
    seen = [int(p[i][1].item()) for p in parts for i in range(len(p))]
    assert sorted(seen) == list(range(20))
    labels = np.concatenate([yb.data for _, yb in DataLoader(parts[0], batch_size=5)])
    np.testing.assert_array_equal(labels, parts[0].indices)
    assert [len(p) for p in random_split(ds, [0.5, 0.3, 0.2], seed=0)] == [10, 6, 4]
    assert [len(p) for p in random_split(indices_dataset(10), [0.33, 0.33, 0.34])] == [4, 3, 3]
    again = random_split(ds, [12, 5, 3], seed=0)
    np.testing.assert_array_equal(again[1].indices, parts[1].indices)
    with pytest.raises(ValueError, match="sum"):
        random_split(ds, [10, 5])
    with pytest.raises(IndexError):
        Subset(ds, [0, 20])


def test_random_split_indices_are_python_ints_and_subset_keeps_what_it_is_given():
    parts = random_split(range(10), [3, 7], seed=0)
    assert type(parts[0].indices) is list
    assert all(type(i) is int for p in parts for i in p.indices)
    assert str(parts[0].indices) == str(list(parts[0].indices))  # prints as [4, 1, 7]
    kept = Subset(indices_dataset(5), range(1, 4))
    assert kept.indices == range(1, 4) and len(kept) == 3
    given = Tensor(np.array([4, 0]))
    assert Subset(indices_dataset(5), given).indices is given
    xb, yb = next(iter(DataLoader(Subset(indices_dataset(5), given), batch_size=2)))
    assert yb.tolist() == [4, 0]


def test_a_one_tensor_dataset_batches_as_a_one_element_list():
    loader = DataLoader(TensorDataset(np.arange(5, dtype=np.float32)), batch_size=2)
    batch = next(iter(loader))
    assert isinstance(batch, list) and len(batch) == 1 and batch[0].tolist() == [0.0, 1.0]
    (xb,) = batch
    assert xb.shape == (2,)


def test_batches_random_split_and_collate_print_as_pytorch_s():
    torch = pytest.importorskip("torch")
    from torch.utils import data as tdata
    x = np.arange(10, dtype=np.float32)
    ours = next(iter(DataLoader(TensorDataset(x, x.astype(np.int64)), batch_size=3)))
    theirs = next(iter(tdata.DataLoader(tdata.TensorDataset(torch.from_numpy(x),
                                                            torch.arange(10)), batch_size=3)))
    assert repr(ours) == repr(theirs)
    generator = torch.Generator().manual_seed(7)
    for ours_part, theirs_part in zip(random_split(range(10), [0.3, 0.7], seed=7),
                                      tdata.random_split(range(10), [0.3, 0.7], generator)):
        assert repr(ours_part.indices) == repr(theirs_part.indices)
    samples = [(1.5, 2), (2.5, 3)]
    assert repr(default_collate(samples)) == repr(tdata.default_collate(samples))


# --- DataLoader: argument checks -------------------------------------------------------------

@pytest.mark.parametrize("batch_size", [0, -1, 1.5, True, "2", None])
def test_batch_size_must_be_a_positive_int(batch_size):
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        DataLoader(indices_dataset(4), batch_size=batch_size)


def test_loader_argument_errors():
    ds = indices_dataset(4)
    with pytest.raises(TypeError, match="shuffle"):
        DataLoader(ds, shuffle="yes")
    with pytest.raises(TypeError, match="drop_last"):
        DataLoader(ds, drop_last=1)
    with pytest.raises(ValueError, match="either generator or seed"):
        DataLoader(ds, shuffle=True, seed=0, generator=autograd.Generator())
    with pytest.raises(TypeError, match="autograd.Generator"):
        DataLoader(ds, shuffle=True, generator=np.random.default_rng(0))
    with pytest.raises(TypeError, match="seed must be an int"):
        DataLoader(ds, shuffle=True, seed=1.5)
    with pytest.raises(TypeError, match="__getitem__ and __len__"):
        DataLoader(42)
    with pytest.raises(TypeError, match="collate_fn"):
        DataLoader(ds, collate_fn=3)
    assert len(DataLoader(ds, batch_size=np.int64(3))) == 2


# --- built-in datasets -----------------------------------------------------------------------

GENERATORS = {
    "spiral": (spiral, {}, 400, 2),
    "moons": (moons, {}, 200, 2),
    "circles": (circles, {}, 200, 2),
    "blobs": (blobs, {}, 300, 3),
}


@pytest.mark.parametrize("name", GENERATORS)
def test_generated_dataset_shapes_dtypes_balance(name):
    make, kwargs, n, k = GENERATORS[name]
    X, y = make(**kwargs)
    assert X.shape == (n, 2) and y.shape == (n,)
    assert X.dtype == np.float32 and y.dtype == np.int64
    assert np.bincount(y).tolist() == [n // k] * k
    assert np.isfinite(X).all()


@pytest.mark.parametrize("name", GENERATORS)
def test_generated_dataset_determinism(name):
    make = GENERATORS[name][0]
    X1, y1 = make(seed=3)
    X2, y2 = make(seed=3)
    X3, _ = make(seed=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    X4, _ = make(seed=np.random.default_rng(3))
    np.testing.assert_array_equal(X1, X4)


def test_spiral_is_the_course_generator():
    n = 200
    X, y = spiral(seed=0)
    rng = np.random.default_rng(0)
    for j in range(2):
        r = np.linspace(0, 1, n)
        t = np.linspace(4 * j, 4 * (j + 1), n) + 0.2 * rng.standard_normal(n)
        np.testing.assert_allclose(X[y == j], np.c_[r * np.sin(t), r * np.cos(t)], atol=1e-6)
    X0, _ = spiral(n_per_class=50, n_classes=3, noise=0.0)
    np.testing.assert_allclose(np.hypot(X0[:50, 0], X0[:50, 1]), np.linspace(0, 1, 50),
                               atol=1e-6)
    assert y[:n].tolist() == [0] * n and y[n:].tolist() == [1] * n


def test_spiral_sizes_and_errors():
    X, y = spiral(n_per_class=10, n_classes=5)
    assert X.shape == (50, 2) and np.bincount(y).tolist() == [10] * 5
    with pytest.raises(ValueError, match="n_per_class"):
        spiral(n_per_class=0)
    with pytest.raises(ValueError, match="noise"):
        spiral(noise=-1)
    with pytest.raises(TypeError, match="seed"):
        spiral(seed="x")


def test_moons_geometry_without_noise():
    X, y = moons(n_samples=101, noise=0.0)
    upper, lower = X[y == 0], X[y == 1]
    assert len(upper) == 50 and len(lower) == 51
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0, atol=1e-6)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0, atol=1e-6)
    assert (upper[:, 1] >= -1e-6).all() and (lower[:, 1] <= 0.5 + 1e-6).all()


def test_circles_geometry_without_noise():
    X, y = circles(n_samples=100, noise=0.0, factor=0.3)
    np.testing.assert_allclose(np.hypot(*X[y == 0].T), 1.0, atol=1e-6)
    np.testing.assert_allclose(np.hypot(*X[y == 1].T), 0.3, atol=1e-6)
    with pytest.raises(ValueError, match="factor"):
        circles(factor=1.5)


def test_shuffle_false_keeps_classes_in_blocks():
    _, y = moons(n_samples=10, shuffle=False)
    assert y.tolist() == [0] * 5 + [1] * 5
    _, y = moons(n_samples=10)
    assert y.tolist() != [0] * 5 + [1] * 5


def test_blobs_centres_spread_and_counts():
    centres = np.array([[0.0, 0.0, 0.0], [10.0, 10.0, 10.0]])
    X, y = blobs(n_samples=2001, centers=centres, cluster_std=[0.5, 2.0], seed=0)
    assert X.shape == (2001, 3) and np.bincount(y).tolist() == [1001, 1000]
    np.testing.assert_allclose(X[y == 0].mean(0), centres[0], atol=0.1)
    np.testing.assert_allclose(X[y == 1].mean(0), centres[1], atol=0.3)
    np.testing.assert_allclose(X[y == 0].std(0), 0.5, rtol=0.1)
    np.testing.assert_allclose(X[y == 1].std(0), 2.0, rtol=0.1)
    X, y = blobs(n_samples=10, centers=4, n_features=5, center_box=(-1, 1))
    assert X.shape == (10, 5) and np.bincount(y).tolist() == [3, 3, 2, 2]
    with pytest.raises(ValueError, match="cluster_std"):
        blobs(centers=3, cluster_std=[1.0, 2.0])


def test_digits_samples_classes_and_pixels():
    X, y = digits()
    assert X.shape == (1797, 64) and X.dtype == np.float32
    assert y.shape == (1797,) and y.dtype == np.int64
    assert sorted(set(y.tolist())) == list(range(10))
    assert np.bincount(y).min() >= 170
    assert X.min() == 0 and X.max() == 16 and (X == np.round(X)).all()
    images, labels = digits(as_images=True)
    assert images.shape == (1797, 8, 8)
    np.testing.assert_array_equal(images.reshape(1797, 64), X)
    np.testing.assert_array_equal(labels, y)
    assert y[:10].tolist() == list(range(10))  # the data set's own first rows: 0, 1, ..., 9


def test_digits_returns_fresh_copies():
    X, y = digits()
    X[...] = -1
    y[...] = -1
    X2, y2 = digits()
    assert X2.min() == 0 and y2.min() == 0


def test_digits_loads_offline_from_the_package(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", None)  # importing scikit-learn would fail
    datasets_module._load_digits.cache_clear()
    try:
        X, y = digits()
    finally:
        datasets_module._load_digits.cache_clear()
    assert X.shape == (1797, 64) and len(set(y.tolist())) == 10


def test_digits_file_is_compact_pickle_free_and_licensed():
    path = DATA_DIR / "digits.npz"
    assert path.stat().st_size < 100_000
    with np.load(path, allow_pickle=False) as archive:
        assert sorted(archive.files) == ["images", "labels"]
        assert archive["images"].dtype == np.uint8 and archive["labels"].dtype == np.uint8
    licence = (DATA_DIR / "DIGITS_LICENSE.txt").read_text()
    assert "CC BY 4.0" in licence and "Alpaydin" in licence


# --- against scikit-learn, when installed --------------------------------------------------

@pytest.fixture(scope="module")
def sklearn_datasets():
    return pytest.importorskip("sklearn.datasets")


def test_digits_equal_scikit_learn(sklearn_datasets):
    bunch = sklearn_datasets.load_digits()
    X, y = digits()
    np.testing.assert_array_equal(X, bunch.data)
    np.testing.assert_array_equal(y, bunch.target)


def test_moons_like_scikit_learn(sklearn_datasets):
    X, y = moons(n_samples=300, noise=0.05, seed=0)
    Xs, ys = sklearn_datasets.make_moons(n_samples=300, noise=0.05, random_state=0)
    assert X.shape == Xs.shape and np.bincount(y).tolist() == np.bincount(ys).tolist()
    for c in (0, 1):
        np.testing.assert_allclose(X[y == c].mean(0), Xs[ys == c].mean(0), atol=0.05)
        np.testing.assert_allclose(X[y == c].min(0), Xs[ys == c].min(0), atol=0.15)
        np.testing.assert_allclose(X[y == c].max(0), Xs[ys == c].max(0), atol=0.15)


def test_circles_like_scikit_learn(sklearn_datasets):
    X, y = circles(n_samples=300, noise=0.05, factor=0.5, seed=0)
    Xs, ys = sklearn_datasets.make_circles(n_samples=300, noise=0.05, factor=0.5,
                                           random_state=0)
    assert X.shape == Xs.shape and np.bincount(y).tolist() == np.bincount(ys).tolist()
    for c in (0, 1):
        radius, radius_s = np.hypot(*X[y == c].T), np.hypot(*Xs[ys == c].T)
        assert abs(radius.mean() - radius_s.mean()) < 0.02
        assert abs(radius.std() - radius_s.std()) < 0.02


def test_blobs_like_scikit_learn(sklearn_datasets):
    centres = [[-5.0, 0.0], [5.0, 5.0], [0.0, -6.0]]
    X, y = blobs(n_samples=601, centers=centres, cluster_std=1.5, seed=0)
    Xs, ys = sklearn_datasets.make_blobs(n_samples=601, centers=centres, cluster_std=1.5,
                                         random_state=0)
    assert X.shape == Xs.shape and np.bincount(y).tolist() == np.bincount(ys).tolist()
    for c in range(3):
        np.testing.assert_allclose(X[y == c].mean(0), Xs[ys == c].mean(0), atol=0.4)
        np.testing.assert_allclose(X[y == c].std(0), Xs[ys == c].std(0), rtol=0.2)


# --- train_test_split ------------------------------------------------------------------------

def test_split_sizes_disjoint_and_complete():
    X = np.arange(100, dtype=np.float32).reshape(50, 2)
    y = np.arange(50)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, seed=0)
    assert len(y_te) == math.ceil(0.25 * 50) == 13 and len(y_tr) == 37
    assert sorted(np.concatenate([y_tr, y_te]).tolist()) == list(range(50))
    np.testing.assert_array_equal(X_tr[:, 0], 2 * y_tr)  # rows stay paired
    np.testing.assert_array_equal(X_te[:, 0], 2 * y_te)
    assert len(train_test_split(X, y, test_size=10)[3]) == 10


def test_split_is_deterministic_with_seed():
    X, y = spiral()
    a = train_test_split(X, y, seed=1)
    b = train_test_split(X, y, seed=1)
    c = train_test_split(X, y, seed=2)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[3], c[3])


def test_stratified_split_keeps_class_proportions():
    y = np.repeat([0, 1, 2], [60, 30, 10])
    X = np.arange(100)[:, None]
    _, _, y_tr, y_te = train_test_split(X, y, test_size=0.2, seed=0, stratify=y)
    assert np.bincount(y_te).tolist() == [12, 6, 2]
    assert np.bincount(y_tr).tolist() == [48, 24, 8]
    _, _, _, y_te2 = train_test_split(X, y, test_size=0.2, seed=0, stratify=True)
    assert np.bincount(y_te2).tolist() == [12, 6, 2]
    Xd, yd = digits()
    _, _, _, yd_te = train_test_split(Xd, yd, test_size=0.25, seed=0, stratify=yd)
    assert len(yd_te) == 450
    np.testing.assert_allclose(np.bincount(yd_te) / 450, np.bincount(yd) / 1797, atol=0.005)


def test_split_of_tensors_gives_tensors():
    X_tr, X_te, y_tr, y_te = train_test_split(Tensor(np.zeros((8, 2))), Tensor(np.arange(8)),
                                              test_size=0.5)
    assert all(isinstance(t, Tensor) for t in (X_tr, X_te, y_tr, y_te))
    assert X_te.shape == (4, 2)


def test_split_errors():
    X, y = np.zeros((10, 2)), np.zeros(10)
    with pytest.raises(ValueError, match="same first dimension"):
        train_test_split(X, np.zeros(9))
    for bad in (0, 10, 1.0, 0.0, -0.1):
        with pytest.raises(ValueError, match="test_size"):
            train_test_split(X, y, test_size=bad)
    with pytest.raises(ValueError, match="only one sample"):
        train_test_split(X, y, stratify=np.r_[np.zeros(9), 1])
    with pytest.raises(ValueError, match="stratify must have shape"):
        train_test_split(X, y, stratify=np.zeros(4))


# --- Standardizer ----------------------------------------------------------------------------

def test_standardizer_uses_training_statistics_on_test_data():
    rng = np.random.default_rng(0)
    X_train = (rng.standard_normal((200, 3)) * [1.0, 5.0, 0.1] + [0.0, 10.0, -3.0])
    X_train = X_train.astype(np.float32)
    X_test = np.array([[0.0, 10.0, -3.0]], np.float32)
    scaler = Standardizer().fit(X_train)
    Z = scaler.transform(X_train)
    assert Z.dtype == np.float32 and Z.shape == X_train.shape
    np.testing.assert_allclose(Z.mean(0), 0.0, atol=1e-5)
    np.testing.assert_allclose(Z.std(0), 1.0, atol=1e-5)
    expected = (X_test - X_train.mean(0)) / X_train.std(0)
    np.testing.assert_allclose(scaler.transform(X_test), expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(scaler.inverse_transform(Z), X_train, rtol=1e-5, atol=1e-4)


def test_standardizer_constant_feature_tensors_and_ints():
    X = np.array([[1, 5], [3, 5], [5, 5]])
    Z = Standardizer().fit_transform(X)
    assert Z.dtype == np.float32 and np.isfinite(Z).all()
    np.testing.assert_allclose(Z[:, 1], 0.0)
    Zt = Standardizer().fit_transform(Tensor(X.astype(np.float64)))
    assert isinstance(Zt, Tensor) and Zt.dtype == np.float64


def test_standardizer_errors():
    with pytest.raises(RuntimeError, match="fit"):
        Standardizer().transform(np.zeros((2, 2)))
    scaler = Standardizer().fit(np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"\(3,\)"):
        scaler.transform(np.zeros((4, 2)))


def test_standardize_function():
    X_train = np.array([[0.0], [2.0]], np.float32)
    X_test = np.array([[4.0]], np.float32)
    Z_train, Z_test = standardize(X_train, X_test)
    np.testing.assert_allclose(Z_train[:, 0], [-1.0, 1.0])
    np.testing.assert_allclose(Z_test[:, 0], [3.0])
    np.testing.assert_allclose(standardize(X_train)[:, 0], [-1.0, 1.0])


def test_end_to_end_digits_loader():
    X, y = digits()
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, seed=0, stratify=y)
    X_tr, X_te = standardize(X_tr, X_te)
    loader = DataLoader(TensorDataset(X_tr, y_tr), batch_size=128, shuffle=True, seed=0)
    assert len(loader) == math.ceil(len(y_tr) / 128)
    total = 0
    for xb, yb in loader:
        assert xb.shape[1:] == (64,) and xb.dtype == np.float32 and yb.dtype == np.int64
        total += xb.shape[0]
    assert total == len(y_tr) == 1347

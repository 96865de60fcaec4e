"""nn.data's datasets (Dataset, TensorDataset, Subset, random_split) and the DataLoader:
batches, order, shuffling, collate and argument checks."""
import collections

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Tensor
from nn.data import DataLoader, Dataset, Subset, TensorDataset, default_collate, random_split


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

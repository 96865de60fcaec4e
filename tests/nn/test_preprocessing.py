"""nn.data's preprocessing: train_test_split and Standardizer (and the two with a DataLoader,
end to end)."""
import math

import numpy as np
import pytest

from autograd import Tensor
from nn.data import (
    DataLoader, Standardizer, TensorDataset, digits, spiral, standardize, train_test_split,
)


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

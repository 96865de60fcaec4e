"""nn.data's built-in data: spiral, moons, circles, blobs and digits (and scikit-learn's,
when installed, as the reference)."""
import sys
from pathlib import Path

import numpy as np
import pytest

from nn.data import blobs, circles, digits, moons, spiral
from nn.data import datasets as datasets_module

DATA_DIR = Path(datasets_module.__file__).resolve().parent.parent / "datasets"


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

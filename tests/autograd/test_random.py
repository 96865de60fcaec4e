"""PyTorch's random numbers: the same seed draws the same values and leaves the generator in
the same state (its bytes are compared with PyTorch's). Skipped without torch."""
import numpy as np
import pytest

import autograd as ag
from autograd import Generator, sampling

torch = pytest.importorskip("torch")
torch.set_num_threads(1)

SIZES = [1, 2, 3, 7, 15, 16, 17, 31, 32, 33, 100, 1000, 4097, 100_000]
DTYPES = [(np.float32, torch.float32), (np.float64, torch.float64)]
# PyTorch's float32 normal_ for 16+ elements uses AVX2 maths on x86; elsewhere it uses the C
# library's, which agrees with ours to a few ulp only.
AVX_NORMAL = torch.backends.cpu.get_cpu_capability() in ("AVX2", "AVX512")


def _mkl_bernoulli() -> bool:
    """PyTorch draws bernoulli_(p: float) (and so dropout) with MKL on Intel CPUs."""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            intel = "GenuineIntel" in cpuinfo.read()
    except OSError:
        intel = False
    return intel and torch.backends.mkl.is_available()


MKL_BERNOULLI = pytest.mark.skipif(_mkl_bernoulli(), reason="PyTorch uses MKL's stream here")


def pair(seed):
    return Generator().manual_seed(seed), torch.Generator().manual_seed(seed)


def assert_same_state(ours, theirs):
    np.testing.assert_array_equal(ours.get_state().numpy(), theirs.get_state().numpy())


def assert_same(ours, theirs, exact=True):
    ours = ours.numpy(force=True) if isinstance(ours, ag.Tensor) else ours
    theirs = theirs.detach().numpy()
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    if exact:
        np.testing.assert_array_equal(ours, theirs)
    else:
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-5)


# --- the generator ----------------------------------------------------------------------------

def test_generator_api():
    g = Generator()
    assert g.initial_seed() == 67280421310721 == torch.Generator().initial_seed()
    assert g.manual_seed(5) is g and g.initial_seed() == 5
    assert Generator().manual_seed(-1).initial_seed() == 2 ** 64 - 1
    seed = g.seed()
    assert g.initial_seed() == seed and 0 <= seed < 2 ** 64
    assert ag.manual_seed(3) is ag.default_generator and ag.initial_seed() == 3
    assert ag.seed() == ag.initial_seed()
    for bad, error in [(1.5, TypeError), (True, TypeError), ("3", TypeError),
                       (2 ** 64, RuntimeError), (-2 ** 63 - 1, RuntimeError)]:
        with pytest.raises(error):
            Generator().manual_seed(bad)
    with pytest.raises(RuntimeError, match="cpu"):
        Generator("cuda")


@pytest.mark.parametrize("seed", [0, 1, -5, 2147483647, 2 ** 40 + 3, 2 ** 64 - 1])
def test_state_bytes_equal_pytorch_after_draws(seed):
    ours, theirs = pair(seed)
    assert_same_state(ours, theirs)
    for count in (1, 622, 1, 1, 623, 624, 5000):
        assert_same(sampling.random_bits(ours, (count,), np.int64),
                    torch.empty(count, dtype=torch.int64).random_(generator=theirs))
        assert_same_state(ours, theirs)
    ag.randn(3, generator=ours, dtype=ag.float64)  # leaves a spare normal in the state
    torch.randn(3, generator=theirs, dtype=torch.float64)
    assert_same_state(ours, theirs)


def test_state_round_trips_and_accepts_pytorch_state():
    g = Generator().manual_seed(9)
    ag.randn(5, generator=g, dtype=ag.float64)
    saved = g.get_state()
    first = ag.randn(7, generator=g)
    g.set_state(saved)
    assert_same(ag.randn(7, generator=g), torch.from_numpy(first.numpy()))
    theirs = torch.Generator().manual_seed(4)
    torch.randn(3, generator=theirs, dtype=torch.float64)
    ours = Generator().set_state(theirs.get_state())
    assert_same(ag.randn(5, generator=ours, dtype=ag.float64),
                torch.randn(5, generator=theirs, dtype=torch.float64))
    ag.manual_seed(1)
    state = ag.get_rng_state()
    x = ag.rand(4)
    ag.set_rng_state(state)
    assert_same(ag.rand(4), torch.from_numpy(x.numpy()))


def test_set_state_errors():
    with pytest.raises(RuntimeError, match="wrong size"):
        Generator().set_state(np.zeros(10, dtype=np.uint8))
    with pytest.raises(TypeError, match="uint8"):
        Generator().set_state(np.zeros(5056, dtype=np.int64))
    corrupt = Generator().get_state().numpy().copy()
    corrupt[8:12] = 0  # left = 0
    with pytest.raises(RuntimeError, match="corrupt"):
        Generator().set_state(corrupt)


# --- continuous distributions -------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("dtype, torch_dtype", DTYPES)
def test_rand_and_randn(size, dtype, torch_dtype):
    ours, theirs = pair(size)
    assert_same(ag.rand(size, generator=ours, dtype=dtype),
                torch.rand(size, generator=theirs, dtype=torch_dtype))
    exact = AVX_NORMAL or dtype == np.float64 or size < 16
    assert_same(ag.randn(size, generator=ours, dtype=dtype),
                torch.randn(size, generator=theirs, dtype=torch_dtype), exact)
    assert_same_state(ours, theirs)


@pytest.mark.parametrize("dtype, torch_dtype", DTYPES)
@pytest.mark.parametrize("low, high", [(0.1, 2.35), (-3.7, 1e-3), (5.0, 1e6)])
def test_uniform_and_normal_with_parameters(dtype, torch_dtype, low, high):
    ours, theirs = pair(7)
    for size in (5, 1000):
        assert_same(sampling.uniform(ours, (size,), low, high, dtype),
                    torch.empty(size, dtype=torch_dtype).uniform_(low, high, generator=theirs))
        assert_same(sampling.normal(ours, (size,), low, high, dtype),
                    torch.empty(size, dtype=torch_dtype).normal_(low, high, generator=theirs),
                    AVX_NORMAL or dtype == np.float64)
    assert_same_state(ours, theirs)


def test_spare_normal_carries_over_between_calls():
    ours, theirs = pair(2147483647)
    for size, dtype, torch_dtype in [
            (3, np.float64, torch.float64), (1, np.float32, torch.float32),
            (2, np.float64, torch.float64), (20, np.float32, torch.float32),
            (5, np.float32, torch.float32)]:
        assert_same(ag.randn(size, generator=ours, dtype=dtype),
                    torch.randn(size, generator=theirs, dtype=torch_dtype), AVX_NORMAL)
        assert_same_state(ours, theirs)
    ag.manual_seed(0), torch.manual_seed(0)
    assert_same(ag.randn(3, 5), torch.randn(3, 5))


@pytest.mark.parametrize("dtype, torch_dtype", DTYPES)
def test_exponential_and_bernoulli_with_tensor_p(dtype, torch_dtype):
    ours, theirs = pair(11)
    for lambd in (1.0, 0.3, 7.0):
        assert_same(sampling.exponential(ours, (2, 50), lambd, dtype),
                    torch.empty(2, 50, dtype=torch_dtype).exponential_(lambd, generator=theirs))
    p = ag.rand(6, 9, dtype=dtype, generator=Generator().manual_seed(1))
    assert_same(ag.bernoulli(p, generator=ours),
                torch.bernoulli(torch.from_numpy(p.numpy()), generator=theirs))
    assert_same_state(ours, theirs)


@MKL_BERNOULLI
@pytest.mark.parametrize("dtype, torch_dtype",
                         DTYPES + [(np.int64, torch.int64), (np.bool_, torch.bool)])
def test_bernoulli_with_a_number(dtype, torch_dtype):
    ours, theirs = pair(12)
    for p in (0.0, 0.2, 0.5, 1.0):
        assert_same(sampling.bernoulli(ours, (7, 9), p, dtype),
                    torch.empty(7, 9, dtype=torch_dtype).bernoulli_(p, generator=theirs))
    x = ag.zeros(40, dtype=dtype if dtype != np.bool_ else np.float32)
    assert_same(ag.bernoulli(x, 0.3, generator=ours),
                torch.bernoulli(torch.from_numpy(x.numpy()), 0.3, generator=theirs))


def test_normal_forms():
    mean = ag.rand(2, 1, generator=Generator())
    std = ag.rand(3, generator=Generator().manual_seed(1))
    tmean, tstd = torch.from_numpy(mean.numpy()), torch.from_numpy(std.numpy())
    ours, theirs = pair(3)
    for args, targs in [((mean, std), (tmean, tstd)), ((mean, 2.0), (tmean, 2.0)),
                        ((0.5, std), (0.5, tstd))]:
        assert_same(ag.normal(*args, generator=ours), torch.normal(*targs, generator=theirs))
    assert_same(ag.normal(1.0, 3.0, (4, 5), generator=ours),
                torch.normal(1.0, 3.0, (4, 5), generator=theirs))
    assert_same_state(ours, theirs)
    with pytest.raises(RuntimeError, match="std >= 0"):
        ag.normal(0.0, -1.0, (2,))
    with pytest.raises(TypeError, match="size"):
        ag.normal(0.0, 1.0)


# --- integers, permutations, multinomial ----------------------------------------------------------

INT_DTYPES = [(np.int64, torch.int64), (np.int32, torch.int32), (np.int16, torch.int16),
              (np.uint8, torch.uint8), (np.bool_, torch.bool), (np.float32, torch.float32),
              (np.float64, torch.float64)]


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("dtype, torch_dtype", INT_DTYPES)
def test_random_int_ranges(dtype, torch_dtype):
    ours, theirs = pair(5)
    for low, high in [(0, 2), (-5, 5), (0, 2 ** 16 + 3), (3, 2 ** 28 - 1), (0, 2 ** 28),
                      (-2 ** 31, 2 ** 31 - 1), (-2 ** 40, 2 ** 40), (0, 2 ** 24 + 7),
                      (-2 ** 63, 2 ** 63 - 1), (3, None), (-2 ** 63, None)]:
        try:
            theirs_values = torch.empty(37, dtype=torch_dtype).random_(low, high, generator=theirs)
        except RuntimeError:
            with pytest.raises(RuntimeError):
                sampling.random_int(ours, (37,), low, high, dtype)
            continue
        assert_same(sampling.random_int(ours, (37,), low, high, dtype), theirs_values)
    assert_same(sampling.random_bits(ours, (20,), dtype),
                torch.empty(20, dtype=torch_dtype).random_(generator=theirs))
    assert_same_state(ours, theirs)


def test_randint_forms_and_errors():
    ours, theirs = pair(8)
    assert_same(ag.randint(10, (3, 4), generator=ours), torch.randint(10, (3, 4), generator=theirs))
    assert_same(ag.randint(-3, 3, (5,), generator=ours, dtype=ag.float32),
                torch.randint(-3, 3, (5,), generator=theirs, dtype=torch.float32))
    assert_same(ag.randint(low=2, high=9, size=(4,), generator=ours),
                torch.randint(low=2, high=9, size=(4,), generator=theirs))
    x = ag.zeros(2, 3)
    assert_same(ag.randint_like(x, 5, generator=ours),
                torch.randint_like(torch.zeros(2, 3), 5, generator=theirs))
    assert_same(ag.randint_like(x, 2, 5, generator=ours),
                torch.randint_like(torch.zeros(2, 3), 2, 5, generator=theirs))
    assert_same_state(ours, theirs)
    with pytest.raises(TypeError, match="size"):
        ag.randint(3, 5)
    with pytest.raises(RuntimeError, match="from.*less than.*to"):
        ag.randint(5, 5, (2,))
    with pytest.raises(RuntimeError, match="out of bounds"):
        ag.randint(0, 300, (2,), dtype=np.uint8)
    with pytest.raises(RuntimeError, match="floating point"):
        ag.randint(5, (2,), requires_grad=True)
    assert ag.randint(5, (2,), dtype=ag.float32, requires_grad=True).requires_grad


@pytest.mark.parametrize("n", [0, 1, 2, 10, 1000, 100_000])
def test_randperm(n):
    ours, theirs = pair(n + 1)
    assert_same(ag.randperm(n, generator=ours), torch.randperm(n, generator=theirs))
    assert_same(ag.randperm(5, generator=ours, dtype=ag.float32),
                torch.randperm(5, generator=theirs, dtype=torch.float32))
    assert_same_state(ours, theirs)
    with pytest.raises(RuntimeError, match="non-negative"):
        ag.randperm(-1)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(27,), (4, 27), (3, 1000)])
def test_multinomial(dtype, shape):
    probs = ag.rand(*shape, dtype=dtype, generator=Generator().manual_seed(2))
    probs.numpy()[..., 3] = 0
    tprobs = torch.from_numpy(probs.numpy())
    ours, theirs = pair(6)
    for num_samples, replacement in [(1, True), (1, False), (5, True), (5, False), (40, True)]:
        assert_same(ag.multinomial(probs, num_samples, replacement, generator=ours),
                    torch.multinomial(tprobs, num_samples, replacement, generator=theirs))
    assert_same_state(ours, theirs)


def test_multinomial_errors():
    with pytest.raises(RuntimeError, match="floating"):
        ag.multinomial(ag.tensor([1, 2, 3]), 2)
    with pytest.raises(RuntimeError, match="without replacement"):
        ag.multinomial(ag.tensor([0.5, 0.5]), 3)
    with pytest.raises(RuntimeError, match="sum of probabilities"):
        ag.multinomial(ag.tensor([0.0, 0.0]), 1)
    with pytest.raises(RuntimeError, match="inf"):
        ag.multinomial(ag.tensor([-1.0, 2.0]), 1)
    with pytest.raises(RuntimeError, match="1 or 2 dim"):
        ag.multinomial(ag.ones(2, 2, 2), 1)


def test_makemore_bigram_sampling():
    """The lecture's bigram net: W from randn with a seeded generator, then sampling."""
    ours, theirs = pair(2147483647)
    w, tw = ag.randn((27, 27), generator=ours), torch.randn((27, 27), generator=theirs)
    assert_same(w, tw)
    probs = torch.softmax(tw, 1)
    ours_probs = ag.tensor(probs.numpy())
    for row in range(27):
        assert_same(ag.multinomial(ours_probs[row], 1, replacement=True, generator=ours),
                    torch.multinomial(probs[row], 1, replacement=True, generator=theirs))


# --- factory surface ----------------------------------------------------------------------------

def test_factory_forms_dtypes_and_errors():
    ag.manual_seed(4), torch.manual_seed(4)
    assert_same(ag.rand(2, 3), torch.rand(2, 3))
    assert_same(ag.rand((2, 3)), torch.rand((2, 3)))
    assert_same(ag.randn(size=(4,)), torch.randn(size=(4,)))
    assert_same(ag.rand(()), torch.rand(()))
    x = ag.zeros(3, dtype=ag.float64)
    assert_same(ag.rand_like(x), torch.rand_like(torch.zeros(3, dtype=torch.float64)))
    assert_same(ag.randn_like(x, dtype=ag.float32),
                torch.randn_like(torch.zeros(3), dtype=torch.float32))
    assert ag.randn(2, requires_grad=True).requires_grad
    with pytest.raises(TypeError, match="missing the size"):
        ag.rand()
    with pytest.raises(RuntimeError, match="float32 or float64"):
        ag.rand(2, dtype=ag.int64)
    with pytest.raises(RuntimeError, match="negative dimension"):
        ag.randn(2, -1)
    with pytest.raises(TypeError, match="tuple of ints"):
        ag.rand(2.0)
    with pytest.raises(TypeError, match="autograd.Generator.*numpy"):
        ag.rand(2, generator=np.random.default_rng(0))

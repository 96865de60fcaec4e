"""`import backproplab as torch`: the re-exports, the package aliases (the same module
objects), dtypes, cuda/backends, save/load, and the errors for names PyTorch has and we lack."""
import subprocess
import sys

import pytest

import autograd
import backproplab as bl
import optim
from autograd.attribute_hints import PYTORCH_TENSOR_NAMES
from backproplab.pytorch_names import TORCH_NAMES

TUTORIAL_NAMES = """
tensor zeros ones full arange linspace logspace eye empty zeros_like ones_like full_like
empty_like from_numpy as_tensor rand randn randint randperm multinomial normal bernoulli
manual_seed seed initial_seed Generator get_rng_state set_rng_state default_generator
no_grad enable_grad inference_mode set_grad_enabled is_grad_enabled
tanh sin cos exp log sqrt pow matmul sigmoid relu softmax log_softmax cat stack where maximum
minimum sum mean max min abs clamp std var argmax
float32 float64 float double long int int32 int64 int16 int8 uint8 bool float16 half
get_default_dtype set_default_dtype set_printoptions device Size Tensor
save load nn optim utils autograd cuda backends
""".split()


def _nn():
    """The nn package, or a skip while it does not import (the engine port is under way)."""
    return pytest.importorskip("nn", reason="nn does not import yet", exc_type=ImportError)


def test_every_autograd_name_that_torch_has_is_reexported_as_itself():
    reexported = [name for name in autograd.__all__ if name in TORCH_NAMES and name != "Node"]
    assert len(reexported) > 60
    for name in reexported:
        assert getattr(bl, name) is getattr(autograd, name), name


def test_autograd_names_torch_lacks_stay_out_of_the_namespace():
    for name in ("NumpyFunction", "backward_steps", "relative_difference", "bool_", "Node"):
        assert name in autograd.__all__
        assert name not in bl.__all__
        with pytest.raises(AttributeError):
            getattr(bl, name)


@pytest.mark.parametrize("name", TUTORIAL_NAMES)
def test_names_tutorials_use_exist_here_and_in_torch(torch, name):
    assert hasattr(torch, name)
    if name in ("save", "load", "nn", "utils"):
        _nn()
    assert getattr(bl, name) is not None


def test_pytorch_name_tables_are_pytorch_s(torch):
    assert [name for name in sorted(TORCH_NAMES) if not hasattr(torch, name)] == []
    assert [name for name in sorted(PYTORCH_TENSOR_NAMES)
            if not hasattr(torch.Tensor, name)] == []


def test_the_namespace_is_light_and_lazy():
    code = ("import sys, backproplab, backproplab.cuda, backproplab.backends; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'nn', 'optim', 'viz', 'matplotlib', 'graphviz', 'torch', 'tqdm'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
    assert {"nn", "optim", "utils", "save", "load"} <= set(dir(bl))


def test_importing_the_gradcheck_module_keeps_the_gradcheck_function():
    code = ("import backproplab as torch\n"
            "from backproplab.autograd.gradcheck import GradcheckError\n"
            "import backproplab.autograd.gradcheck\n"
            "print(type(torch.autograd.gradcheck).__name__, GradcheckError.__mro__[1].__name__)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split() == ["function", "RuntimeError"]


def test_optim_and_autograd_are_the_same_module_objects():
    import backproplab.autograd
    import backproplab.autograd.function as function
    import backproplab.optim as optim_alias
    import backproplab.optim.lr_scheduler as lr_scheduler
    from backproplab.optim import SGD
    assert optim_alias is optim and bl.optim is optim and SGD is optim.SGD
    assert lr_scheduler is optim.lr_scheduler and bl.optim.lr_scheduler is optim.lr_scheduler
    assert backproplab.autograd is autograd and bl.autograd is autograd
    assert function is sys.modules["autograd.function"]
    assert bl.autograd.grad is autograd.grad and bl.autograd.Function is autograd.Function
    assert bl.autograd.gradcheck is autograd.gradcheck


def test_nn_and_data_are_the_same_module_objects():
    nn = _nn()
    import backproplab.nn as nn_alias
    import backproplab.nn.functional as F
    import backproplab.nn.init as init
    from backproplab.utils.data import DataLoader, TensorDataset
    assert nn_alias is nn and bl.nn is nn
    assert F is nn.functional and bl.nn.functional is nn.functional and init is nn.init
    assert bl.utils.data is nn.data and DataLoader is nn.data.DataLoader
    assert TensorDataset is nn.data.TensorDataset
    assert sys.modules["backproplab.nn.functional"] is sys.modules["nn.functional"]
    assert bl.save is nn.save and bl.load is nn.load


def test_viz_is_reachable_lazily():
    viz = pytest.importorskip("viz", reason="viz does not import yet", exc_type=ImportError)
    assert bl.viz is viz


def test_save_and_load_a_pt_file_with_torch_s_arguments(tmp_path):
    _nn()
    state = {"weight": bl.randn(2, 3), "step": 3}
    path = tmp_path / "model.pt"
    bl.save(state, path)
    loaded = bl.load(path, map_location="cpu", weights_only=True)
    assert loaded["step"] == 3 and loaded["weight"].tolist() == state["weight"].tolist()


# --- dtypes -----------------------------------------------------------------------------------

DTYPE_NAMES = ["float32", "float", "float64", "double", "float16", "half", "int64", "long",
               "int32", "int", "int16", "short", "int8", "uint8", "bool", "complex64", "cfloat",
               "complex128", "cdouble"]


@pytest.mark.parametrize("name", DTYPE_NAMES)
def test_dtype_aliases_are_torch_s(torch, name):
    assert "torch." + getattr(bl, name).name == str(getattr(torch, name))
    assert getattr(bl, name).itemsize == getattr(torch, name).itemsize


def test_dtypes_compare_with_tensor_dtypes():
    assert bl.tensor([1.0]).dtype == bl.float == bl.float32
    assert bl.tensor([1]).dtype == bl.long and bl.tensor([True]).dtype == bl.bool


def test_default_dtype(torch):
    assert bl.get_default_dtype() == bl.float32
    assert str(torch.get_default_dtype()) == "torch." + bl.get_default_dtype().name
    bl.set_default_dtype(bl.float32)
    with pytest.raises(NotImplementedError, match="always torch.float32.*dtype=torch.float64"):
        bl.set_default_dtype(bl.float64)
    with pytest.raises(TypeError, match="only floating-point types"):
        bl.set_default_dtype(bl.long)
    assert bl.tensor(1.5).dtype == bl.float32


# --- no GPU -----------------------------------------------------------------------------------

def test_cuda_and_backends_say_there_is_no_gpu():
    assert bl.cuda.is_available() is False and bl.cuda.device_count() == 0
    assert bl.cuda.is_initialized() is False
    bl.cuda.manual_seed(0)
    bl.cuda.manual_seed_all(0)
    with pytest.raises(AttributeError, match="no CUDA GPU"):
        bl.cuda.synchronize()
    assert bl.backends.mps.is_available() is False and bl.backends.mps.is_built() is False
    assert bl.backends.cudnn.is_available() is False
    bl.backends.cudnn.deterministic = True
    bl.backends.cudnn.deterministic = False


def test_the_device_idiom_picks_the_cpu():
    place = bl.device("cuda" if bl.cuda.is_available() else "cpu")
    x = bl.zeros(2, device=place).to(place)
    assert x.device == place == bl.device("cpu")


# --- names we lack ----------------------------------------------------------------------------

def test_a_torch_name_we_lack_says_so_and_names_the_nearest():
    with pytest.raises(AttributeError, match="PyTorch has torch.fft, backproplab does not"):
        bl.fft
    with pytest.raises(AttributeError, match="Nearest here: torch.log,"):
        bl.lobpcg
    with pytest.raises(AttributeError, match="Did you mean: torch.tanh[,?]"):  # atanh, tan too
        bl.tanhh
    with pytest.raises(AttributeError, match="use torch.tensor\\(data, dtype=torch.float32\\)"):
        bl.FloatTensor
    with pytest.raises(AttributeError, match="^module 'backproplab' has no attribute '_x'$"):
        bl._x
    assert not hasattr(bl, "fft") and getattr(bl, "fft", 7) == 7


def test_a_tensor_attribute_we_lack_says_so():
    t = bl.tensor([1.0])
    with pytest.raises(AttributeError, match="PyTorch's Tensor has .stft, backproplab does not"):
        t.stft
    with pytest.raises(AttributeError, match="Nearest here: .norm"):
        t.renorm
    with pytest.raises(AttributeError, match="PyTorch's Tensor has .stft"):
        bl.Tensor.stft
    assert not hasattr(t, "stft") and getattr(t, "stft", None) is None
    assert "stft" not in dir(t) and "size" in dir(t)


def test_other_tensor_misses_are_plain_attribute_errors():
    with pytest.raises(AttributeError) as error:
        bl.tensor([1.0]).sizee
    assert error.value.name == "sizee"  # Python's traceback adds "Did you mean: 'size'?"


def test_methods_we_have_are_not_shadowed_by_the_table():
    for name in ("size", "to", "normal_", "numpy", "t", "new_zeros", "exp", "sum", "shape"):
        assert name in PYTORCH_TENSOR_NAMES
        getattr(bl.tensor([1.0]), name)


def test_module_to_takes_devices_as_torch():
    nn = _nn()
    model = nn.Linear(2, 3)
    place = bl.device("cuda" if bl.cuda.is_available() else "cpu")
    assert model.to(place) is model and model.to("cpu") is model and model.cpu() is model
    assert model.to("cpu", bl.float64).weight.dtype == bl.float64
    assert model.to(bl.zeros(1)).weight.dtype == bl.float32
    assert model.to(dtype=bl.float64, device="cpu").bias.dtype == bl.float64
    with pytest.raises(RuntimeError, match="GPU"):
        model.cuda()
    with pytest.raises(RuntimeError, match="GPU"):
        model.to("cuda:0")
    with pytest.raises(TypeError, match="floating-point"):
        model.to(bl.long)

"""backproplab: `import backproplab as torch` runs code written for PyTorch.

This package only re-exports (no maths lives here):
- every function, factory, dtype and class of `autograd` that PyTorch has under the same name
  at the top of `torch` (`torch.tensor`, `torch.tanh`, `torch.float32`, `torch.no_grad`,
  `torch.Generator`, ...), taken from `autograd.__all__`, so new ops appear here by themselves;
- the packages as PyTorch nests them: `torch.nn` is the `nn` package itself,
  `torch.nn.functional`, `torch.nn.init`, `torch.optim`, `torch.optim.lr_scheduler`,
  `torch.utils.data` (`nn.data`), `torch.autograd` (`autograd`: `grad`, `Function`,
  `gradcheck`); `import backproplab.nn as nn` gives the same module objects (see `aliases`);
- `torch.save`/`torch.load` (`nn.save`/`nn.load`), `torch.device`, `torch.cuda` and
  `torch.backends` (there is no GPU).

A name PyTorch has and backproplab lacks raises an AttributeError that says so and names the
nearest names we have. `nn`, `optim`, `utils`, `save`, `load` and `viz` are imported when
first used, so `import backproplab` stays light (it never imports matplotlib or Graphviz).
The command-line interface lives in `backproplab.cli`.
"""
import importlib as _importlib

import autograd
from autograd.attribute_hints import missing_message as _missing_message
from backproplab import aliases as _aliases
from backproplab import backends, cuda
from backproplab.pytorch_names import TORCH_NAMES as _TORCH_NAMES

__version__ = "0.1.0"

_FALSE_FRIENDS = frozenset({"Node"})  # torch.Node is the JIT's; ours is torch.autograd.graph's
_FROM_AUTOGRAD = [name for name in autograd.__all__
                  if name in _TORCH_NAMES and name not in _FALSE_FRIENDS]
globals().update({name: getattr(autograd, name) for name in _FROM_AUTOGRAD})

_LAZY_MODULES = {"nn": "backproplab.nn", "optim": "backproplab.optim",
                 "utils": "backproplab.utils", "viz": "backproplab.viz"}
_LAZY_NAMES = {"save": ("nn", "save"), "load": ("nn", "load")}
_INSTEAD = {  # PyTorch names with a different spelling here
    "FloatTensor": "torch.tensor(data, dtype=torch.float32)",
    "DoubleTensor": "torch.tensor(data, dtype=torch.float64)",
    "LongTensor": "torch.tensor(data, dtype=torch.long)",
    "IntTensor": "torch.tensor(data, dtype=torch.int32)",
    "BoolTensor": "torch.tensor(data, dtype=torch.bool)",
    "bfloat16": "torch.float32 (NumPy has no bfloat16)",
    "compile": "the model itself (there is no compiler: call it as is)",
}

_aliases.install()

__all__ = ["__version__", "autograd", "backends", "cuda", *_FROM_AUTOGRAD,
           *_LAZY_MODULES, *_LAZY_NAMES]


def __getattr__(name: str):
    """The lazily imported names; for any other name, an error that says whether PyTorch
    has it and what is nearest here."""
    if name in _LAZY_MODULES:
        return _importlib.import_module(_LAZY_MODULES[name])
    if name in _LAZY_NAMES:
        module, attribute = _LAZY_NAMES[name]
        value = getattr(_importlib.import_module(module), attribute)
        globals()[name] = value
        return value
    if name.startswith("_"):
        raise AttributeError(f"module 'backproplab' has no attribute '{name}'")
    if name in _INSTEAD:
        raise AttributeError(f"module 'backproplab' has no attribute '{name}': use "
                             f"{_INSTEAD[name]} instead.")
    ours = [known for known in __all__ if not known.startswith("_")]
    raise AttributeError(_missing_message("module 'backproplab'", name, ours, _TORCH_NAMES,
                                          "PyTorch", "torch."))


def __dir__() -> list:
    return sorted(set(globals()) | set(__all__))

"""`import backproplab.nn as nn` gives the `nn` package itself (not a copy), and likewise for
`backproplab.optim`, `backproplab.autograd`, `backproplab.return_types`,
`backproplab.utils.data` (`nn.data`) and `backproplab.viz`, with all their submodules
(`backproplab.nn.functional` is `nn.functional`).

How: a finder placed first on `sys.meta_path` answers for those names; its loader imports the
real module and puts it in `sys.modules` under the alias, so Python's import system hands
back the real module object. Nothing is imported before it is asked for.
"""
from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys

__all__ = ["ALIASES", "real_name", "install"]

ALIASES = {
    "backproplab.nn": "nn",
    "backproplab.optim": "optim",
    "backproplab.autograd": "autograd",
    "backproplab.return_types": "autograd.return_types",
    "backproplab.utils.data": "nn.data",
    "backproplab.viz": "viz",
}


def real_name(name: str) -> str | None:
    """The module an aliased name stands for ('backproplab.nn.functional' -> 'nn.functional'),
    or None for a name that is not an alias."""
    for alias, real in ALIASES.items():
        if name == alias or name.startswith(alias + "."):
            return real + name[len(alias):]
    return None


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, real: str) -> None:
        self.real = real

    def create_module(self, spec):
        return None  # a placeholder module, replaced in exec_module

    def exec_module(self, module) -> None:
        sys.modules[module.__name__] = importlib.import_module(self.real)
        _alias_loaded_submodules(module.__name__, self.real)


def _alias_loaded_submodules(alias: str, real: str) -> None:
    """Register the already imported submodules of `real` under `alias` too.

    Importing `backproplab.autograd.gradcheck` through the finder would end with Python
    setting the package's attribute `gradcheck` to the submodule, hiding the function of that
    name (`torch.autograd.gradcheck` must stay the function, as PyTorch's). A submodule
    already in sys.modules under its alias is handed back without that.
    """
    prefix = real + "."
    for name, loaded in list(sys.modules.items()):
        if name.startswith(prefix):
            sys.modules.setdefault(alias + name[len(real):], loaded)


class _AliasFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path, target=None):
        real = real_name(fullname)
        return None if real is None else importlib.util.spec_from_loader(fullname,
                                                                         _AliasLoader(real))


def install() -> None:
    """Put the alias finder first on sys.meta_path (once)."""
    if not any(isinstance(finder, _AliasFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _AliasFinder())

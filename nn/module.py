"""`Module`, the base class of every layer: registration, traversal, modes, hooks, state dicts."""
from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable, Iterator

import numpy as np

from autograd import Tensor, zeros_like
from autograd.conversion_methods import parse_to
from autograd.hooks import RemovableHandle
from nn.hooks import IncompatibleKeys
from nn.parameter import Parameter
from nn.state_dict import load_state, state_items

__all__ = ["Module", "RemovableHandle", "IncompatibleKeys"]


class Module:
    """Base class of every layer and model, with PyTorch's semantics.

    Assigning a `Parameter` or a `Module` as an attribute registers it, so
    `named_parameters()` finds it under a dotted name ("encoder.0.weight"); buffers
    (e.g. running statistics) are registered with `register_buffer`. Subclasses call
    `super().__init__()` first and define `forward`; call the module, not `forward`,
    so hooks run.

    Example:
        >>> class MLP(Module):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.fc1, self.fc2 = Linear(4, 8), Linear(8, 1)
        ...     def forward(self, x):
        ...         return self.fc2(self.fc1(x).relu())
        >>> [name for name, _ in MLP().named_parameters()]
        ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
    """

    training: bool

    def __init__(self) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "training", True)
        setattr_(self, "_parameters", OrderedDict())
        setattr_(self, "_buffers", OrderedDict())
        setattr_(self, "_non_persistent_buffers", set())
        setattr_(self, "_modules", OrderedDict())
        setattr_(self, "_forward_hooks", OrderedDict())
        setattr_(self, "_forward_pre_hooks", OrderedDict())

    # --- calling --------------------------------------------------------------------------
    def forward(self, *args, **kwargs):
        """The computation; every subclass defines it."""
        raise NotImplementedError(
            f'Module [{type(self).__name__}] is missing the required "forward" function')

    def __call__(self, *args, **kwargs):
        """Run forward pre-hooks, `forward`, then forward hooks."""
        if not (self._forward_pre_hooks or self._forward_hooks):
            return self.forward(*args, **kwargs)
        for hook in list(self._forward_pre_hooks.values()):
            result = hook(self, args)
            if result is not None:
                args = result if isinstance(result, tuple) else (result,)
        output = self.forward(*args, **kwargs)
        for hook in list(self._forward_hooks.values()):
            result = hook(self, args, output)
            if result is not None:
                output = result
        return output

    def register_forward_pre_hook(self, hook: Callable) -> RemovableHandle:
        """Call `hook(module, args)` before forward; a returned value replaces the args."""
        _check_callable("hook", hook)
        handle = RemovableHandle(self._forward_pre_hooks)
        self._forward_pre_hooks[handle.id] = hook
        return handle

    def register_forward_hook(self, hook: Callable) -> RemovableHandle:
        """Call `hook(module, args, output)` after forward; a returned value replaces the output."""
        _check_callable("hook", hook)
        handle = RemovableHandle(self._forward_hooks)
        self._forward_hooks[handle.id] = hook
        return handle

    # --- registration ---------------------------------------------------------------------
    def _check_name(self, name: str, kind: str, store: dict) -> None:
        if "_parameters" not in self.__dict__:
            raise AttributeError(f"cannot assign {kind} before Module.__init__() call")
        if not isinstance(name, str):
            raise TypeError(f"{kind} name should be a string, got {type(name).__name__}")
        if name == "" or "." in name:
            raise KeyError(f"{kind} name can't be empty or contain \".\", got {name!r}")
        if hasattr(self, name) and name not in store:
            raise KeyError(f"attribute {name!r} already exists on {type(self).__name__}")

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Add a parameter (or None, a declared but absent one, like a missing bias)."""
        self._check_name(name, "parameter", self._parameters)
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"cannot assign {type(param).__name__} object to parameter {name!r} "
                            "(nn.Parameter or None required)")
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: Tensor | None, persistent: bool = True) -> None:
        """Add a buffer: state that is not learned (e.g. running mean), saved in state_dict
        unless `persistent=False`."""
        self._check_name(name, "buffer", self._buffers)
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign {type(tensor).__name__} object to buffer {name!r} "
                            "(autograd.Tensor or None required)")
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers.discard(name)
        else:
            self._non_persistent_buffers.add(name)

    def add_module(self, name: str, module: "Module | None") -> None:
        """Add a child module under `name` (same as assigning `self.name = module`)."""
        self._check_name(name, "module", self._modules)
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{type(module).__name__} is not a Module subclass")
        self._modules[name] = module

    register_module = add_module

    def __setattr__(self, name: str, value: Any) -> None:
        params = self.__dict__.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            self._forget(name, keep=self._parameters)
            self.register_parameter(name, value)
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(f"cannot assign {type(value).__name__} as parameter {name!r} "
                                "(nn.Parameter or None expected)")
            params[name] = None
        elif isinstance(value, Module):
            if params is None:
                raise AttributeError("cannot assign module before Module.__init__() call")
            self._forget(name, keep=self._modules)
            self._modules[name] = value
        elif params is not None and name in self._modules:
            if value is not None:
                raise TypeError(f"cannot assign {type(value).__name__} as child module {name!r} "
                                "(nn.Module or None expected)")
            self._modules[name] = None
        elif params is not None and name in self._buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign {type(value).__name__} as buffer {name!r} "
                                "(autograd.Tensor or None expected)")
            self._buffers[name] = value
        else:
            object.__setattr__(self, name, value)

    def _forget(self, name: str, keep: dict) -> None:
        """Remove `name` from every store but `keep` (where it keeps its position)."""
        self.__dict__.pop(name, None)
        for store in (self._parameters, self._buffers, self._modules):
            if store is not keep:
                store.pop(name, None)
        self._non_persistent_buffers.discard(name)

    def __getattr__(self, name: str) -> Any:
        attributes = self.__dict__
        for store in ("_parameters", "_buffers", "_modules"):
            if store in attributes and name in attributes[store]:
                return attributes[store][name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        for store in (self._parameters, self._buffers, self._modules):
            if name in store:
                del store[name]
                self._non_persistent_buffers.discard(name)
                return
        object.__delattr__(self, name)

    # --- traversal ------------------------------------------------------------------------
    def named_modules(self, memo: set | None = None, prefix: str = "",
                      remove_duplicate: bool = True) -> Iterator[tuple[str, "Module"]]:
        """(dotted name, module) for this module ("") and every descendant, pre-order."""
        if memo is None:
            memo = set()
        if remove_duplicate:
            if self in memo:
                return
            memo.add(self)
        yield prefix, self
        for name, module in self._modules.items():
            if module is not None:
                yield from module.named_modules(memo, f"{prefix}.{name}" if prefix else name,
                                                remove_duplicate)

    def modules(self) -> Iterator["Module"]:
        """This module and every descendant, each once."""
        for _, module in self.named_modules():
            yield module

    def named_children(self) -> Iterator[tuple[str, "Module"]]:
        """(name, module) for each direct child, each once."""
        seen = set()
        for name, module in self._modules.items():
            if module is not None and module not in seen:
                seen.add(module)
                yield name, module

    def children(self) -> Iterator["Module"]:
        for _, module in self.named_children():
            yield module

    def _named_members(self, store: str, prefix: str, recurse: bool, remove_duplicate: bool):
        modules = (self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)
                   if recurse else [(prefix, self)])
        seen = set()
        for module_prefix, module in modules:
            for name, value in getattr(module, store).items():
                if value is None or (remove_duplicate and value in seen):
                    continue
                if remove_duplicate:
                    seen.add(value)
                yield (f"{module_prefix}.{name}" if module_prefix else name), value

    def named_parameters(self, prefix: str = "", recurse: bool = True,
                         remove_duplicate: bool = True) -> Iterator[tuple[str, Parameter]]:
        """(dotted name, parameter), each shared parameter once under its first name."""
        return self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(self, prefix: str = "", recurse: bool = True,
                      remove_duplicate: bool = True) -> Iterator[tuple[str, Tensor]]:
        """(dotted name, buffer) for every registered buffer that is not None."""
        return self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        for _, buffer in self.named_buffers(recurse=recurse):
            yield buffer

    def get_submodule(self, target: str) -> "Module":
        """The descendant at dotted path `target` ("" is this module)."""
        module = self
        for part in target.split(".") if target else []:
            child = module._modules.get(part)
            if child is None:
                raise AttributeError(f"{type(module).__name__} has no submodule {part!r} "
                                     f"(looking up {target!r})")
            module = child
        return module

    def num_parameters(self, trainable_only: bool = False) -> int:
        """Number of scalar parameters (each shared parameter counted once)."""
        return sum(p.numel() for p in self.parameters() if p.requires_grad or not trainable_only)

    # --- modes and gradients --------------------------------------------------------------
    def train(self, mode: bool = True) -> "Module":
        """Set training mode (dropout active, batch norm uses batch statistics) here and below."""
        if not isinstance(mode, bool):
            raise ValueError(f"training mode is expected to be a bool, got {type(mode).__name__}")
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self) -> "Module":
        """Set evaluation mode here and below; same as `train(False)`."""
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> "Module":
        """Turn gradient recording on or off for every parameter (e.g. to freeze a layer)."""
        for param in self.parameters():
            param.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset every parameter's gradient: to None (default) or to zeros in place."""
        for param in self.parameters():
            if param.grad is None:
                continue
            grad = param.grad
            if set_to_none:
                param.grad = None
            elif grad.grad_fn is not None or not grad.numpy(force=True).flags.writeable:
                param.grad = zeros_like(param)
            else:
                grad.numpy(force=True)[...] = 0

    def apply(self, fn: Callable[["Module"], None]) -> "Module":
        """Call `fn` on every child (recursively), then on this module; returns self.

        Example: `model.apply(init_weights)` with a function that re-initialises Linear layers.
        """
        _check_callable("fn", fn)
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    def to(self, *args, **kwargs) -> "Module":
        """Convert floating-point parameters and buffers in place; returns self. PyTorch's
        forms: `to(dtype)`, `to(device)`, `to(device, dtype)`, `to(tensor)`. Everything lives
        on the CPU, so `to('cpu')` changes nothing and a GPU device is an error that says so."""
        dtype, _ = parse_to(args, kwargs, "Module.to")
        if dtype is None:
            return self
        if dtype.kind != "f":
            raise TypeError(f"Module.to only accepts floating-point dtypes, got {dtype}")
        for module in self.modules():
            for store in (module._parameters, module._buffers):
                for tensor in store.values():
                    if tensor is not None and tensor.dtype.kind == "f":
                        tensor.data = tensor.numpy(force=True).astype(dtype)
                        if tensor.grad is not None:
                            tensor.grad = Tensor(tensor.grad.numpy(force=True).astype(dtype))
        return self

    def double(self) -> "Module":
        """Convert floating-point parameters and buffers to float64 (e.g. for gradcheck)."""
        return self.to(np.float64)

    def float(self) -> "Module":
        """Convert floating-point parameters and buffers to float32."""
        return self.to(np.float32)

    def cpu(self) -> "Module":
        """The module itself: everything lives on the CPU."""
        return self

    def cuda(self, device=None) -> "Module":
        """Refused with an error that says there is no GPU."""
        parse_to(("cuda" if device is None else device,), {}, "Module.cuda")

    # --- state dicts (nn/state_dict.py) --------------------------------------------------
    def state_dict(self, prefix: str = "", keep_vars: bool = False) -> "OrderedDict[str, Tensor]":
        """Parameters and persistent buffers by dotted name, as in PyTorch.

        Values are detached Tensors sharing memory with the module (the Parameters
        themselves with `keep_vars=True`); keys and shapes equal PyTorch's for the same
        architecture, so `{k: v.numpy() for k, v in sd.items()}` loads into a torch twin.
        """
        return OrderedDict((key, value if keep_vars else value.detach())
                           for key, value in state_items(self, prefix))

    def load_state_dict(self, state_dict: dict, strict: bool = True) -> IncompatibleKeys:
        """Copy parameters and buffers from `state_dict` (values: Tensors, NumPy arrays, or
        anything `np.asarray` accepts, e.g. PyTorch tensors).

        Nothing is copied when an error is raised. Raises RuntimeError naming every
        missing and unexpected key (when `strict`) and every shape mismatch (always).

        Returns:
            (missing_keys, unexpected_keys) as a named tuple.
        """
        return load_state(self, state_dict, strict)

    # --- printing -------------------------------------------------------------------------
    def extra_repr(self) -> str:
        """The module's own settings for its repr, e.g. "in_features=4, out_features=2"."""
        return ""

    def _get_name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [f"({name}): " + _addindent(repr(module), 2)
                       for name, module in self._modules.items()]
        lines = extra_lines + child_lines
        body = ""
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                body = extra_lines[0]
            else:
                body = "\n  " + "\n  ".join(lines) + "\n"
        return f"{self._get_name()}({body})"


def _check_callable(name: str, value) -> None:
    if not callable(value):
        raise TypeError(f"{name} must be callable, got {type(value).__name__}")


def _addindent(text: str, spaces: int) -> str:
    """Indent every line after the first by `spaces` (blank lines stay empty)."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    return lines[0] + "\n" + "\n".join(" " * spaces + line if line.strip() else ""
                                       for line in lines[1:])

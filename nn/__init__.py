"""nn: modules, layers, losses, init, functional, data, the training loop and save/load."""
from nn.containers import ModuleDict, ModuleList, Sequential
from nn.module import IncompatibleKeys, Module, RemovableHandle
from nn.parameter import Parameter

__all__ = [
    "Parameter", "Module", "RemovableHandle", "IncompatibleKeys",
    "Sequential", "ModuleList", "ModuleDict",
]

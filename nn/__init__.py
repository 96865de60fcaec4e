"""nn: modules, layers, losses, init, functional, data, the training loop and save/load."""
from nn.parameter import Parameter
from nn.module import IncompatibleKeys, Module, RemovableHandle
from nn.containers import ModuleDict, ModuleList, Sequential
from nn.linear import Bilinear, Flatten, Identity, Linear
from nn.activation import GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Tanh
from nn.dropout import Dropout
from nn.embedding import Embedding
from nn.rnn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNCell
from nn.conv import AvgPool2d, Conv2d, MaxPool2d
from nn.serialization import CheckpointError, load, save
from nn.loss import (
    BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, L1Loss, MSELoss, NLLLoss,
)
from nn.normalization import BatchNorm1d, BatchNorm2d, LayerNorm
from nn.training import Callback, FitState, History, evaluate, fit
from nn import functional, init, utils

__all__ = [
    "Parameter", "Module", "RemovableHandle", "IncompatibleKeys",
    "Sequential", "ModuleList", "ModuleDict",
    "Linear", "Bilinear", "Identity", "Flatten",
    "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "GELU", "Softmax", "LogSoftmax",
    "Dropout", "Embedding",
    "RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell", "Conv2d", "MaxPool2d", "AvgPool2d",
    "save", "load", "CheckpointError", "functional", "init", "utils",
    "MSELoss", "L1Loss", "HuberLoss", "BCELoss", "BCEWithLogitsLoss", "NLLLoss",
    "CrossEntropyLoss", "BatchNorm1d", "BatchNorm2d", "LayerNorm",
    "fit", "evaluate", "History", "FitState", "Callback",
]

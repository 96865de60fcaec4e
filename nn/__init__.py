"""nn: modules, layers, losses, init, functional, data, the training loop and save/load."""
from nn.parameter import Parameter
from nn.module import IncompatibleKeys, Module, RemovableHandle
from nn.containers import ModuleDict, ModuleList, Sequential
from nn.linear import Bilinear, Identity, Linear
from nn.flatten import Flatten, Unflatten
from nn.activation import (
    CELU, ELU, GELU, SELU, Hardsigmoid, Hardswish, Hardtanh, LeakyReLU, LogSigmoid, LogSoftmax,
    Mish, ReLU, ReLU6, Sigmoid, SiLU, Softmax, Softmin, Softplus, Softsign, Tanh,
)
from nn.activation_piecewise import (
    GLU, Hardshrink, PReLU, RReLU, Softshrink, Tanhshrink, Threshold,
)
from nn.dropout import Dropout
from nn.embedding import Embedding
from nn.rnn import GRU, LSTM, RNN
from nn.rnn_cells import GRUCell, LSTMCell, RNNCell
from nn.conv import Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d
from nn.pooling import (
    AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveMaxPool1d, AdaptiveMaxPool2d, AvgPool1d,
    AvgPool2d, MaxPool1d, MaxPool2d,
)
from nn.conv import Conv3d, ConvTranspose3d
from nn.pooling import (
    AdaptiveAvgPool3d, AdaptiveMaxPool3d, AvgPool3d, LPPool1d, LPPool2d, LPPool3d, MaxPool3d,
    MaxUnpool1d, MaxUnpool2d, MaxUnpool3d,
)
from nn.upsampling import Upsample, UpsamplingBilinear2d, UpsamplingNearest2d
from nn.serialization import CheckpointError, load, save
from nn.loss import (
    BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, L1Loss, MSELoss, NLLLoss,
    SmoothL1Loss,
)
from nn.normalization import BatchNorm1d, BatchNorm2d, BatchNorm3d, GroupNorm, LayerNorm
from nn.attention import MultiheadAttention
from nn.transformer import TransformerEncoder, TransformerEncoderLayer
from nn.transformer_decoder import Transformer, TransformerDecoder, TransformerDecoderLayer
from nn.distance import CosineSimilarity, PairwiseDistance
from nn.training import Callback, FitState, History, evaluate, fit
from nn import functional, init, utils

__all__ = [
    "Parameter", "Module", "RemovableHandle", "IncompatibleKeys",
    "Sequential", "ModuleList", "ModuleDict",
    "Linear", "Bilinear", "Identity", "Flatten", "Unflatten",
    "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "GELU", "Softmax", "LogSoftmax", "Softmin",
    "ELU", "SELU", "CELU", "SiLU", "Mish", "Softplus", "Softsign", "ReLU6", "Hardtanh",
    "Hardswish", "Hardsigmoid", "LogSigmoid",
    "PReLU", "RReLU", "Threshold", "Hardshrink", "Softshrink", "Tanhshrink", "GLU",
    "MultiheadAttention", "TransformerEncoderLayer", "TransformerEncoder",
    "TransformerDecoderLayer", "TransformerDecoder", "Transformer",
    "CosineSimilarity", "PairwiseDistance",
    "Dropout", "Embedding",
    "RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell",
    "Conv1d", "Conv2d", "ConvTranspose1d", "ConvTranspose2d", "MaxPool1d", "MaxPool2d",
    "AvgPool1d", "AvgPool2d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveMaxPool1d",
    "AdaptiveMaxPool2d", "Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d",
    "Conv3d", "ConvTranspose3d", "MaxPool3d", "AvgPool3d", "AdaptiveAvgPool3d",
    "AdaptiveMaxPool3d", "MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d", "LPPool1d", "LPPool2d",
    "LPPool3d",
    "save", "load", "CheckpointError", "functional", "init", "utils",
    "MSELoss", "L1Loss", "HuberLoss", "BCELoss", "BCEWithLogitsLoss", "NLLLoss",
    "CrossEntropyLoss", "SmoothL1Loss", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LayerNorm",
    "GroupNorm",
    "fit", "evaluate", "History", "FitState", "Callback",
]

"""`torch.utils`: `data` is the `nn.data` package (Dataset, TensorDataset, DataLoader, ...)."""
import nn.data as data

__all__ = ["data"]

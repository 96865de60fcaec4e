"""nn.data: datasets, the DataLoader, built-in toy, digits and names data, splitting and scaling."""
from nn.data.dataloader import DataLoader, default_collate
from nn.data.dataset import Dataset, Subset, TensorDataset, random_split
from nn.data.datasets import blobs, circles, digits, moons, names, spiral
from nn.data.preprocessing import Standardizer, standardize, train_test_split

__all__ = [
    "Dataset", "TensorDataset", "Subset", "random_split",
    "DataLoader", "default_collate",
    "spiral", "moons", "circles", "blobs", "digits", "names",
    "train_test_split", "Standardizer", "standardize",
]

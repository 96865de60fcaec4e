"""Datasets and DataLoaders: TensorDataset, a custom Dataset, batching, shuffling with a seed, drop_last."""
import torch
from torch.utils.data import DataLoader, Dataset, TensorDataset, random_split

torch.manual_seed(0)
features = torch.arange(40, dtype=torch.float32).view(20, 2)
targets = torch.arange(20) % 3
dataset = TensorDataset(features, targets)
print(len(dataset), dataset[3], type(dataset[3]).__name__)

loader = DataLoader(dataset, batch_size=6)
print(len(loader))
for xb, yb in loader:
    print(xb.shape, yb.tolist())

loader = DataLoader(dataset, batch_size=6, drop_last=True)
print(len(loader), [yb.shape[0] for _, yb in loader])

loader = DataLoader(dataset, batch_size=8, shuffle=True)
for epoch in range(2):
    print('epoch', epoch, [yb.tolist() for _, yb in loader])
    print('  first rows', [xb[0].tolist() for xb, _ in loader])

g = torch.Generator()
g.manual_seed(42)
loader = DataLoader(dataset, batch_size=5, shuffle=True, generator=g)
print([xb[:, 0].long().tolist() for xb, _ in loader])


class CustomDataset(Dataset):
    """Pairs (x, one-hot label) made on the fly, with an optional transform."""

    def __init__(self, n, transform=None, target_transform=None):
        self.x = torch.linspace(-1, 1, n)
        self.labels = (self.x > 0).long() + (self.x > 0.5).long()
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        x, label = self.x[idx], self.labels[idx].item()
        if self.transform:
            x = self.transform(x)
        if self.target_transform:
            label = self.target_transform(label)
        return x, label


one_hot = lambda y: torch.zeros(3, dtype=torch.float).scatter_(0, torch.tensor(y), value=1)
custom = CustomDataset(9, transform=lambda x: x * 2, target_transform=one_hot)
print(len(custom), custom[0], custom[8])
for xb, yb in DataLoader(custom, batch_size=4):
    print(xb, yb.shape, yb.sum(0))

plain = CustomDataset(7)
for xb, yb in DataLoader(plain, batch_size=3):
    print(xb, yb, yb.dtype)

train, valid = random_split(dataset, [15, 5], generator=torch.Generator().manual_seed(1))
print(len(train), len(valid), sorted(valid.indices))

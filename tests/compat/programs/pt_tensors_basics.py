"""Tensors: creating them, their attributes, indexing, joining, arithmetic, the NumPy bridge."""
import numpy as np
import torch

data = [[1, 2], [3, 4]]
x_data = torch.tensor(data)
print(x_data, x_data.dtype)

np_array = np.array(data)
x_np = torch.from_numpy(np_array)
print(x_np)

x_ones = torch.ones_like(x_data)  # retains the properties of x_data
print(f"Ones Tensor: \n {x_ones} \n")

torch.manual_seed(0)
x_rand = torch.rand_like(x_data, dtype=torch.float)  # overrides the datatype of x_data
print(f"Random Tensor: \n {x_rand} \n")

shape = (2, 3,)
rand_tensor = torch.rand(shape)
ones_tensor = torch.ones(shape)
zeros_tensor = torch.zeros(shape)
print(f"Random Tensor: \n {rand_tensor} \n")
print(f"Ones Tensor: \n {ones_tensor} \n")
print(f"Zeros Tensor: \n {zeros_tensor}")

tensor = torch.rand(3, 4)
print(f"Shape of tensor: {tensor.shape}")
print(f"Datatype of tensor: {tensor.dtype}")
print(f"Device tensor is stored on: {tensor.device}")

tensor = torch.ones(4, 4)
print(f"First row: {tensor[0]}")
print(f"First column: {tensor[:, 0]}")
print(f"Last column: {tensor[..., -1]}")
tensor[:, 1] = 0
print(tensor)

t1 = torch.cat([tensor, tensor, tensor], dim=1)
print(t1)
print(torch.stack([tensor[0], tensor[1]]).shape)

# matrix multiplication three ways
y1 = tensor @ tensor.T
y2 = tensor.matmul(tensor.T)
y3 = torch.rand_like(y1)
torch.matmul(tensor, tensor.T, out=y3)
print(y1, torch.equal(y1, y2), torch.equal(y1, y3))

# element-wise product three ways
z1 = tensor * tensor
z2 = tensor.mul(tensor)
z3 = torch.rand_like(tensor)
torch.mul(tensor, tensor, out=z3)
print(z1, torch.equal(z1, z3))

agg = tensor.sum()
agg_item = agg.item()
print(agg_item, type(agg_item))

print(f"{tensor} \n")
tensor.add_(5)
print(tensor)

t = torch.ones(5)
print(f"t: {t}")
n = t.numpy()
print(f"n: {n}")
t.add_(1)
print(f"t: {t}")
print(f"n: {n}")

n = np.ones(5)
t = torch.from_numpy(n)
np.add(n, 1, out=n)
print(f"t: {t}")
print(f"n: {n}")

# more of the surface a beginner meets
x = torch.arange(12).reshape(3, 4)
print(x, x.dtype, x.size(), x.size(1), x.dim(), x.numel())
print(x.float().mean(), x.sum(dim=0), x.max(), x.argmax())
print(x[x > 5], x.t().contiguous().view(-1))
print(torch.zeros(2, 2, dtype=torch.long), torch.full((2, 3), 7.0), torch.eye(3))
print(torch.linspace(0, 1, 5), torch.arange(0, 1, 0.25))
print(x.to(torch.float64).dtype, x.double().dtype, x.long().dtype, x.int().dtype, x.bool()[0])
print(torch.tensor(3.5), torch.tensor([True, False]), torch.tensor([1.5, -2.25], dtype=torch.float64))
print(x.tolist(), torch.tensor(2.5).item(), x.shape[0], len(x))
print(torch.tensor([[1e-4, 1e5]]), torch.tensor([0.1, 100.0]))
print(torch.randn(2, 3, generator=torch.Generator().manual_seed(7)))

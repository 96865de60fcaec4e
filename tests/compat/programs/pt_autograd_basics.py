"""Automatic differentiation: gradients of a one-layer net, no_grad, detach, vector-Jacobian products."""
import torch
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.ones(5)  # input tensor
y = torch.zeros(3)  # expected output
w = torch.randn(5, 3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
z = torch.matmul(x, w) + b
loss = F.binary_cross_entropy_with_logits(z, y)
print(w, b)
print(z.requires_grad, loss.requires_grad, w.is_leaf, z.is_leaf)
print(f"Gradient function for z = {type(z.grad_fn).__name__}")
print(f"Gradient function for loss = {type(loss.grad_fn).__name__}")

loss.backward()
print(w.grad)
print(b.grad)

z = torch.matmul(x, w) + b
print(z.requires_grad)
with torch.no_grad():
    z = torch.matmul(x, w) + b
print(z.requires_grad)

z = torch.matmul(x, w) + b
z_det = z.detach()
print(z_det.requires_grad)

inp = torch.eye(4, 5, requires_grad=True)
out = (inp + 1).pow(2).t()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"First call\n{inp.grad}")
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\nSecond call\n{inp.grad}")
inp.grad.zero_()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\nCall after zeroing gradients\n{inp.grad}")

# the micrograd-style scalar example
a = torch.tensor(-4.0, requires_grad=True)
b = torch.tensor(2.0, requires_grad=True)
c = a + b
d = a * b + b**3
c = c + c + 1
c = c + 1 + c + (-a)
d = d + d * 2 + (b + a).relu()
d = d + 3 * d + (b - a).relu()
e = c - d
f = e**2
g = f / 2.0
g = g + 10.0 / f
print(f'{g.data.item():.4f}')  # prints 24.7041, the outcome of this forward pass
g.backward()
print(f'{a.grad.item():.4f}')  # prints 138.8338, i.e. the numerical value of dg/da
print(f'{b.grad.item():.4f}')  # prints 645.5773, i.e. the numerical value of dg/db

# gradients without .grad, and of gradients
x = torch.linspace(-2.0, 2.0, 5, requires_grad=True)
y = (x**3).sum()
(dx,) = torch.autograd.grad(y, x, create_graph=True)
print(dx)
(ddx,) = torch.autograd.grad(dx.sum(), x)
print(ddx)

# a hook sees the gradient flowing into a tensor
h = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
seen = []
h.register_hook(lambda grad: seen.append(grad.clone()))
(h * h).sum().backward()
print(seen[0], h.grad)

# the data attribute and requires_grad_
p = torch.ones(3)
p.requires_grad_()
loss = (p * torch.tensor([1.0, 2.0, 3.0])).sum()
loss.backward()
p.data -= 0.5 * p.grad
print(p, p.grad, p.data)
print(torch.is_grad_enabled())
with torch.set_grad_enabled(False):
    print(torch.is_grad_enabled(), (p * 2).requires_grad)
with torch.inference_mode():
    print((p * 2).requires_grad)

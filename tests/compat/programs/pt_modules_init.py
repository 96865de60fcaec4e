"""Inside nn.Module: parameters, buffers, children, apply with nn.init, train/eval, Dropout and hooks."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(6, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(p=0.5))
        self.head = nn.Linear(8, 2)
        self.register_buffer('scale', torch.tensor(2.0))

    def forward(self, x):
        return self.head(self.body(x)) * self.scale


torch.manual_seed(0)
net = Net()
print(net)
print(sum(p.numel() for p in net.parameters() if p.requires_grad))
for name, param in net.named_parameters():
    print(name, tuple(param.shape), param.requires_grad)
print([name for name, _ in net.named_buffers()])
print([name for name, _ in net.named_modules()])
print([type(m).__name__ for m in net.children()])
print(net.head.weight)
print(net.head.bias.data)


def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        nn.init.constant_(m.bias, 0.01)


net.apply(init_weights)
print(net.head.weight.detach(), net.head.bias.detach())
w = torch.empty(3, 5)
print(nn.init.uniform_(w, a=-0.1, b=0.1))
print(nn.init.normal_(w, mean=0.0, std=0.5))
print(nn.init.kaiming_uniform_(w, a=5 ** 0.5))
print(nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu'))
print(nn.init.zeros_(w).sum(), nn.init.ones_(w).sum(), nn.init.eye_(torch.empty(2, 3)))
print(nn.init.calculate_gain('tanh'), nn.init.calculate_gain('relu'), nn.init.calculate_gain('leaky_relu', 0.2))

x = torch.randn(4, 6)
net.eval()
print(net.training, net.body[3].training)
with torch.no_grad():
    print(net(x))
net.train()
print(net.training)

# freezing a layer
for p in net.body.parameters():
    p.requires_grad_(False)
out = net(x).sum()
out.backward()
print(net.body[0].weight.grad, net.head.weight.grad.shape)

# a forward hook records activations
activations = {}


def save_activation(name):
    def hook(module, inputs, output):
        activations[name] = output.detach()
    return hook


handle = net.head.register_forward_hook(save_activation('head'))
net.eval()
with torch.no_grad():
    y = net(x)
print(torch.allclose(activations['head'] * 2, y))
handle.remove()

# functional forms and module forms agree
t = torch.linspace(-3, 3, 7)
print(F.relu(t), nn.ReLU()(t))
print(torch.sigmoid(t), nn.Sigmoid()(t))
print(F.gelu(t), F.silu(t))
print(F.softmax(t, dim=0), F.log_softmax(t, dim=0))
print(F.leaky_relu(t, 0.1), nn.Tanh()(t), F.elu(t))
print(F.mse_loss(t, torch.zeros(7)), F.l1_loss(t, torch.ones(7)), F.smooth_l1_loss(t, torch.zeros(7)))
print(F.normalize(torch.tensor([[3.0, 4.0]])), F.pad(torch.ones(2), (1, 2)))

# dropout draws its mask from the global generator in training mode
torch.manual_seed(3)
drop = nn.Dropout(p=0.5)
print(drop(torch.ones(12)))
drop.eval()
print(drop(torch.ones(4)))

"""Saving and loading: state_dict round trips, a training checkpoint, resuming gives the same numbers."""
import torch
import torch.nn as nn
import torch.optim as optim


class TheModelClass(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8, 16)
        self.bn = nn.BatchNorm1d(16)
        self.fc2 = nn.Linear(16, 3)

    def forward(self, x):
        return self.fc2(torch.relu(self.bn(self.fc1(x))))


torch.manual_seed(0)
X = torch.randn(64, 8)
Y = torch.randint(0, 3, (64,))
model = TheModelClass()
optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()

# Print model's state_dict
print("Model's state_dict:")
for param_tensor in model.state_dict():
    print(param_tensor, "\t", model.state_dict()[param_tensor].size())

# Print optimizer's state_dict
print("Optimizer's state_dict:")
for var_name in optimizer.state_dict():
    print(var_name)
group = optimizer.state_dict()['param_groups'][0]
print({key: group[key] for key in ('lr', 'momentum', 'dampening', 'weight_decay', 'nesterov', 'params')})


def train(steps):
    model.train()
    for _ in range(steps):
        optimizer.zero_grad()
        loss = loss_fn(model(X), Y)
        loss.backward()
        optimizer.step()
    return loss.item()


print(f'{train(5):.6f}')

# save and load the state_dict for inference
torch.save(model.state_dict(), 'model_weights.pth')
model2 = TheModelClass()
print(model2.load_state_dict(torch.load('model_weights.pth', weights_only=True)))
model.eval()
model2.eval()
with torch.no_grad():
    print(torch.equal(model(X), model2(X)), model2.bn.num_batches_tracked.item())
print(model2.bn.running_mean[:4])

# a general checkpoint for resuming training
torch.save({
    'epoch': 5,
    'model_state_dict': model.state_dict(),
    'optimizer_state_dict': optimizer.state_dict(),
    'loss': 0.5,
}, 'checkpoint.tar')

after = [train(1) for _ in range(3)]
print([f'{v:.6f}' for v in after])

model = TheModelClass()
optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
checkpoint = torch.load('checkpoint.tar', weights_only=True)
model.load_state_dict(checkpoint['model_state_dict'])
optimizer.load_state_dict(checkpoint['optimizer_state_dict'])
epoch = checkpoint['epoch']
loss = checkpoint['loss']
print(epoch, loss, sorted(checkpoint.keys()))
resumed = [train(1) for _ in range(3)]
print([f'{v:.6f}' for v in resumed], resumed == after)

# saving a plain tensor and a dict of tensors
torch.save(torch.arange(6).view(2, 3), 'tensor.pt')
print(torch.load('tensor.pt'))
torch.save({'w': torch.ones(2), 'b': torch.tensor(3.5)}, 'tensors.pt')
print(torch.load('tensors.pt', weights_only=True))

# strict=False reports what did not match
state = model.state_dict()
del state['fc2.bias']
print(TheModelClass().load_state_dict(state, strict=False))

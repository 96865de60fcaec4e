"""XOR with a tiny MLP: BCEWithLogitsLoss, Adam, sigmoid probabilities, rounding to classes."""
import torch
import torch.nn as nn

torch.manual_seed(1)
X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
y = torch.tensor([[0.0], [1.0], [1.0], [0.0]])


class XorNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(2, 8)
        self.out = nn.Linear(8, 1)

    def forward(self, x):
        return self.out(torch.relu(self.hidden(x)))


model = XorNet()
print(model)
loss_fn = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)

for step in range(300):
    logits = model(X)
    loss = loss_fn(logits, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 50 == 0:
        print(f'step {step:3d}  loss {loss.item():.6f}')

model.eval()
with torch.no_grad():
    probs = torch.sigmoid(model(X))
    preds = probs.round()
print(probs.squeeze())
print(preds.squeeze().long(), (preds == y).all().item())
print(f'accuracy: {(preds == y).float().mean().item() * 100:.1f}%')
print(optimizer.param_groups[0]['lr'], optimizer.param_groups[0]['betas'])
print(nn.BCELoss()(probs, y).item(), nn.functional.binary_cross_entropy(probs, y).item())

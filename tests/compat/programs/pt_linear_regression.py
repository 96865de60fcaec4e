"""Linear regression with nn.Linear, MSELoss and SGD on noisy synthetic points."""
import torch
import torch.nn as nn

torch.manual_seed(42)
true_w, true_b = 2.0, -1.0
X = torch.rand(100, 1) * 10
y = true_w * X + true_b + torch.randn(100, 1) * 0.5
print(X[:3], y[:3], sep='\n')

model = nn.Linear(1, 1)
print(model.weight, model.bias)
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

for epoch in range(200):
    y_pred = model(X)
    loss = criterion(y_pred, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if (epoch + 1) % 20 == 0:
        print(f'Epoch [{epoch + 1}/200], Loss: {loss.item():.4f}')

w, b = model.weight.item(), model.bias.item()
print(f'w = {w:.3f}, b = {b:.3f}')
with torch.no_grad():
    predicted = model(torch.tensor([[0.0], [5.0], [10.0]]))
print(predicted)
print(predicted.squeeze().tolist())

# the closed form (least squares), for comparison
x_mean, y_mean = X.mean(), y.mean()
slope = ((X - x_mean) * (y - y_mean)).sum() / ((X - x_mean) ** 2).sum()
intercept = y_mean - slope * x_mean
print(f'{slope.item():.3f} {intercept.item():.3f}')

"""L-BFGS with a closure: the Rosenbrock function, then a least-squares fit, with and without line search."""
import math

import torch
import torch.optim as optim


def rosenbrock(xy):
    x, y = xy
    return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2


for line_search_fn in (None, 'strong_wolfe'):
    xy = torch.tensor([-1.5, 2.0], requires_grad=True)
    optimizer = optim.LBFGS([xy], lr=1 if line_search_fn else 0.1, max_iter=20,
                            history_size=10, line_search_fn=line_search_fn)

    def closure():
        optimizer.zero_grad()
        loss = rosenbrock(xy)
        loss.backward()
        return loss

    for step in range(5):
        loss = optimizer.step(closure)
        print(f'{str(line_search_fn):12s} step {step}: loss {loss.item():.6f} at {xy.detach().tolist()}')
    state = optimizer.state[optimizer.param_groups[0]['params'][0]]
    print('function evaluations', state['func_evals'], 'iterations', state['n_iter'])

# fitting sin with a cubic in a few L-BFGS steps
torch.manual_seed(0)
x = torch.linspace(-math.pi, math.pi, 200)
y = torch.sin(x)
xx = x.unsqueeze(-1).pow(torch.tensor([1, 2, 3]))
model = torch.nn.Linear(3, 1)
loss_fn = torch.nn.MSELoss()
optimizer = optim.LBFGS(model.parameters(), line_search_fn='strong_wolfe')


def closure():
    optimizer.zero_grad()
    loss = loss_fn(model(xx).squeeze(-1), y)
    loss.backward()
    return loss


for step in range(4):
    loss = optimizer.step(closure)
    print(f'step {step}: loss {loss.item():.8f}')
with torch.no_grad():
    final = loss_fn(model(xx).squeeze(-1), y).item()
print(f'final {final:.8f}')
print(f'y = {model.bias.item():.5f} + {model.weight[0, 0].item():.5f} x + {model.weight[0, 1].item():.5f} x^2 + {model.weight[0, 2].item():.5f} x^3')

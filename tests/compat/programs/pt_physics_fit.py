"""Fitting the parameters of a physical model: a damped oscillator x(t) = A exp(-g t) cos(w t + p)
observed with noise, first with Adam and a StepLR schedule, then refined with L-BFGS."""
import math

import torch

torch.manual_seed(0)
true = {'amplitude': 2.0, 'damping': 0.3, 'frequency': 2.5, 'phase': 0.4}
t = torch.linspace(0, 10, 200)
x_observed = true['amplitude'] * torch.exp(-true['damping'] * t) * \
    torch.cos(true['frequency'] * t + true['phase']) + 0.05 * torch.randn(200)


class Oscillator(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.log_amplitude = torch.nn.Parameter(torch.tensor(0.0))
        self.log_damping = torch.nn.Parameter(torch.tensor(-1.0))
        self.frequency = torch.nn.Parameter(torch.tensor(2.3))
        self.phase = torch.nn.Parameter(torch.tensor(0.0))

    def forward(self, t):
        return self.log_amplitude.exp() * torch.exp(-self.log_damping.exp() * t) * \
            torch.cos(self.frequency * t + self.phase)

    def report(self):
        return (f'A={self.log_amplitude.exp().item():.4f} g={self.log_damping.exp().item():.4f} '
                f'w={self.frequency.item():.4f} p={self.phase.item():.4f}')


model = Oscillator()
loss_fn = torch.nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=100, gamma=0.5)
for step in range(300):
    loss = loss_fn(model(t), x_observed)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    scheduler.step()
    if step % 50 == 0:
        print(f'adam step {step:3d}: loss {loss.item():.6f} lr {scheduler.get_last_lr()[0]:.4f} {model.report()}')

optimizer = torch.optim.LBFGS(model.parameters(), lr=1, max_iter=50, line_search_fn='strong_wolfe')


def closure():
    optimizer.zero_grad()
    loss = loss_fn(model(t), x_observed)
    loss.backward()
    return loss


for step in range(3):
    loss = optimizer.step(closure)
    print(f'lbfgs step {step}: loss {loss.item():.6f} {model.report()}')

with torch.no_grad():
    residual = model(t) - x_observed
print(f'residual std {residual.std().item():.5f} (noise 0.05)')
print({k: round(v, 3) for k, v in true.items()})
# uncertainty from the curvature: the Hessian of the loss at the optimum
params = torch.stack([model.log_amplitude, model.log_damping, model.frequency, model.phase]).detach()


def loss_of(p):
    prediction = p[0].exp() * torch.exp(-p[1].exp() * t) * torch.cos(p[2] * t + p[3])
    return ((prediction - x_observed) ** 2).sum()


hessian = torch.autograd.functional.hessian(loss_of, params)
sigma2 = residual.pow(2).sum() / (len(t) - 4)
covariance = 2 * sigma2 * torch.linalg.inv(hessian)
print('standard errors', covariance.diagonal().sqrt())
print(f'correlation of frequency and phase {(covariance[2, 3] / (covariance[2, 2] * covariance[3, 3]).sqrt()).item():.3f}')
print(f'period {2 * math.pi / model.frequency.item():.4f}')

"""Learning-rate schedulers: StepLR, ExponentialLR, MultiStepLR, CosineAnnealingLR, OneCycleLR, ReduceLROnPlateau."""
import torch
import torch.nn as nn
import torch.optim as optim
from torch.optim import lr_scheduler

torch.manual_seed(0)
X = torch.randn(128, 4)
w_true = torch.tensor([[1.0], [-2.0], [0.5], [3.0]])
Y = X @ w_true + 0.1 * torch.randn(128, 1)


def run(name, make_scheduler, epochs=8, per_batch=False):
    torch.manual_seed(1)
    model = nn.Linear(4, 1)
    optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = make_scheduler(optimizer)
    lrs, losses = [], []
    for epoch in range(epochs):
        for start in range(0, 128, 32):
            optimizer.zero_grad()
            loss = nn.functional.mse_loss(model(X[start:start + 32]), Y[start:start + 32])
            loss.backward()
            optimizer.step()
            if per_batch:
                scheduler.step()
        lrs.append(optimizer.param_groups[0]['lr'])
        losses.append(loss.item())
        if not per_batch:
            if isinstance(scheduler, lr_scheduler.ReduceLROnPlateau):
                scheduler.step(10.0)  # a metric that never improves
            else:
                scheduler.step()
    print(name)
    print('  lr  ', ' '.join(f'{lr:.5f}' for lr in lrs))
    print('  loss', ' '.join(f'{loss:.5f}' for loss in losses))
    if not isinstance(scheduler, lr_scheduler.ReduceLROnPlateau):
        print('  last', [round(lr, 6) for lr in scheduler.get_last_lr()])


run('StepLR', lambda opt: lr_scheduler.StepLR(opt, step_size=3, gamma=0.5))
run('ExponentialLR', lambda opt: lr_scheduler.ExponentialLR(opt, gamma=0.8))
run('MultiStepLR', lambda opt: lr_scheduler.MultiStepLR(opt, milestones=[2, 5], gamma=0.1))
run('CosineAnnealingLR', lambda opt: lr_scheduler.CosineAnnealingLR(opt, T_max=8, eta_min=0.001))
run('LambdaLR', lambda opt: lr_scheduler.LambdaLR(opt, lr_lambda=lambda epoch: 0.95 ** epoch))
run('OneCycleLR', lambda opt: lr_scheduler.OneCycleLR(opt, max_lr=0.2, total_steps=32), per_batch=True)
run('ReduceLROnPlateau', lambda opt: lr_scheduler.ReduceLROnPlateau(opt, mode='min', factor=0.5, patience=1))

# the scheduler's state travels in a state_dict
model = nn.Linear(4, 1)
optimizer = optim.SGD(model.parameters(), lr=0.1)
scheduler = lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.1)
for _ in range(3):
    optimizer.step()
    scheduler.step()
state = scheduler.state_dict()
print(state['last_epoch'], state['step_size'], state['gamma'], [round(v, 6) for v in state['_last_lr']])

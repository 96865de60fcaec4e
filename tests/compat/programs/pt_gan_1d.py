"""A toy GAN in one dimension: a generator learns to imitate samples of N(3, 0.5²) against a
discriminator, with two optimizers, BCEWithLogitsLoss, detach, and alternating updates."""
import torch
import torch.nn as nn

torch.manual_seed(0)
real_mean, real_std = 3.0, 0.5
latent = 4

generator = nn.Sequential(nn.Linear(latent, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1))
discriminator = nn.Sequential(nn.Linear(1, 16), nn.LeakyReLU(0.2), nn.Linear(16, 16),
                              nn.LeakyReLU(0.2), nn.Linear(16, 1))
criterion = nn.BCEWithLogitsLoss()
opt_g = torch.optim.Adam(generator.parameters(), lr=2e-3, betas=(0.5, 0.999))
opt_d = torch.optim.Adam(discriminator.parameters(), lr=2e-3, betas=(0.5, 0.999))

batch = 64
real_label = torch.ones(batch, 1)
fake_label = torch.zeros(batch, 1)
with torch.no_grad():
    before = generator(torch.randn(1000, latent))
print(f'before training: mean {before.mean().item():.4f} std {before.std().item():.4f}')

for step in range(1, 401):
    # discriminator: real samples towards 1, generated ones towards 0
    real = real_mean + real_std * torch.randn(batch, 1)
    noise = torch.randn(batch, latent)
    fake = generator(noise)
    loss_d = criterion(discriminator(real), real_label) + \
        criterion(discriminator(fake.detach()), fake_label)
    opt_d.zero_grad()
    loss_d.backward()
    opt_d.step()

    # generator: make the discriminator call its samples real
    loss_g = criterion(discriminator(fake), real_label)
    opt_g.zero_grad()
    loss_g.backward()
    opt_g.step()

    if step % 50 == 0:
        with torch.no_grad():
            d_real = torch.sigmoid(discriminator(real)).mean().item()
            d_fake = torch.sigmoid(discriminator(fake)).mean().item()
        print(f'step {step:3d}: loss_D {loss_d.item():.4f} loss_G {loss_g.item():.4f} '
              f'D(real) {d_real:.3f} D(fake) {d_fake:.3f}')

with torch.no_grad():
    samples = generator(torch.randn(1000, latent))
print(f'after training: mean {samples.mean().item():.4f} std {samples.std().item():.4f}')
print('quartiles', torch.quantile(samples.squeeze(1), torch.tensor([0.25, 0.5, 0.75])))
print('histogram', torch.histc(samples, bins=6, min=1.5, max=4.5))
print(type(fake.grad_fn).__name__, fake.detach().grad_fn, fake.detach().requires_grad)
print(discriminator[0].weight.grad.norm(), generator[0].weight.grad.abs().max())

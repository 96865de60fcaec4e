"""A variational autoencoder on synthetic 2-D data: an encoder to (mu, log-variance), the
reparameterisation trick with randn_like, a KL term, Adam, and sampling from the prior."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

# two noisy moons of points in the plane
n = 256
angle = torch.rand(n) * math.pi
upper = torch.stack([torch.cos(angle), torch.sin(angle)], dim=1)
lower = torch.stack([1 - torch.cos(angle), 0.5 - torch.sin(angle)], dim=1)
data = torch.cat([upper, lower]) + 0.05 * torch.randn(2 * n, 2)
print(data.shape, data.mean(dim=0), data.std(dim=0))


class VAE(nn.Module):
    def __init__(self, hidden=32, latent=2):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(2, hidden), nn.PReLU(), nn.Linear(hidden, hidden), nn.PReLU())
        self.to_mu = nn.Linear(hidden, latent)
        self.to_logvar = nn.Linear(hidden, latent)
        self.decoder = nn.Sequential(nn.Linear(latent, hidden), nn.PReLU(), nn.Linear(hidden, 2))

    def encode(self, x):
        h = self.encoder(x)
        return self.to_mu(h), self.to_logvar(h)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return mu + eps * std

    def forward(self, x):
        mu, logvar = self.encode(x)
        z = self.reparameterize(mu, logvar)
        return self.decoder(z), mu, logvar


def loss_function(recon, x, mu, logvar, beta=0.1):
    reconstruction = F.mse_loss(recon, x, reduction='sum') / len(x)
    kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp()) / len(x)
    return reconstruction + beta * kl, reconstruction, kl


model = VAE()
print(model)
print(sum(p.numel() for p in model.parameters()), 'parameters')
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)

for epoch in range(1, 41):
    permutation = torch.randperm(len(data))
    total = rec_total = kl_total = 0.0
    for i in range(0, len(data), 64):
        batch = data[permutation[i:i + 64]]
        recon, mu, logvar = model(batch)
        loss, rec, kl = loss_function(recon, batch, mu, logvar)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(batch)
        rec_total += rec.item() * len(batch)
        kl_total += kl.item() * len(batch)
    if epoch % 8 == 0:
        print(f'epoch {epoch:2d}: loss {total / len(data):.4f}  reconstruction {rec_total / len(data):.4f}  KL {kl_total / len(data):.4f}')

model.eval()
with torch.no_grad():
    mu, logvar = model.encode(data)
    print('latent means', mu.mean(dim=0), 'average variance', logvar.exp().mean(dim=0))
    z = torch.randn(5, 2)
    print('samples from the prior\n', model.decoder(z))
    recon, _, _ = model(data[:3])
    print('reconstructions\n', recon, '\noriginals\n', data[:3])
print('PReLU slopes', [round(m.weight.item(), 4) for m in model.modules() if isinstance(m, nn.PReLU)])
recon, mu, logvar = model(data[:4])
print(loss_function(recon, data[:4], mu, logvar)[0])

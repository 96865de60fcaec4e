"""A convolutional autoencoder on synthetic 16x16 images of squares and crosses: Conv2d down,
ConvTranspose2d up, a bottleneck of 8 numbers, Adam, and reconstructions of unseen images."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def make_images(n):
    """Each image holds a square outline or a cross at a random place, plus a little noise."""
    images = torch.zeros(n, 1, 16, 16)
    kinds = torch.randint(0, 2, (n,))
    corners = torch.randint(1, 9, (n, 2))
    for k, (r, c), image in zip(kinds.tolist(), corners.tolist(), images):
        if k == 0:
            image[0, r:r + 6, c] = image[0, r:r + 6, c + 5] = 1
            image[0, r, c:c + 6] = image[0, r + 5, c:c + 6] = 1
        else:
            image[0, r + 2, c:c + 6] = image[0, r:r + 6, c + 2] = 1
    return (images + 0.05 * torch.randn_like(images)).clamp(0, 1), kinds


train_x, train_kind = make_images(256)
test_x, test_kind = make_images(8)
print(train_x.shape, train_x.mean().item(), train_kind.bincount())


class ConvAutoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 8, 3, stride=2, padding=1), nn.ReLU(),    # 8 x 8 x 8
            nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU(),   # 16 x 4 x 4
            nn.Flatten(), nn.Linear(16 * 4 * 4, 8))
        self.decoder = nn.Sequential(
            nn.Linear(8, 16 * 4 * 4), nn.ReLU(), nn.Unflatten(1, (16, 4, 4)),
            nn.ConvTranspose2d(16, 8, 3, stride=2, padding=1, output_padding=1), nn.ReLU(),
            nn.ConvTranspose2d(8, 1, 3, stride=2, padding=1, output_padding=1))

    def forward(self, x):
        return torch.sigmoid(self.decoder(self.encoder(x)))


model = ConvAutoencoder()
print(model)
x = test_x[:2]
for layer in list(model.encoder) + list(model.decoder):
    x = layer(x)
    print(f'{type(layer).__name__:16s} {tuple(x.shape)}')

optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(1, 21):
    total = 0.0
    for batch in train_x[torch.randperm(len(train_x))].split(32):
        loss = F.binary_cross_entropy(model(batch), batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(batch)
    if epoch % 4 == 0:
        print(f'epoch {epoch:2d}: loss {total / len(train_x):.4f}')

model.eval()
with torch.no_grad():
    codes = model.encoder(test_x)
    recon = model(test_x)
print('test loss', F.binary_cross_entropy(recon, test_x).item())
print('codes', codes.shape, codes[0])
print('reconstruction row 8 of image 0:', recon[0, 0, 8])
print((recon[0, 0] > 0.25).int())
print('per-image error', F.mse_loss(recon, test_x, reduction='none').mean(dim=(1, 2, 3)))

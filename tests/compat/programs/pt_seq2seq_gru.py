"""A sequence-to-sequence GRU encoder-decoder on a toy task (reverse a sequence of digits):
teacher forcing while training, greedy decoding afterwards, gradient clipping."""
import random

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
random.seed(0)
SOS, EOS = 10, 11            # digits 0-9, then the start and end tokens
vocab, hidden, length = 12, 48, 5


def make_batch(n):
    source = torch.randint(0, 10, (n, length))
    target = torch.cat([source.flip(1), torch.full((n, 1), EOS)], dim=1)
    return source, target


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(vocab, hidden)
        self.gru = nn.GRU(hidden, hidden, batch_first=True)

    def forward(self, source):
        outputs, h = self.gru(self.embedding(source))
        return outputs, h


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(vocab, hidden)
        self.gru = nn.GRU(hidden, hidden, batch_first=True)
        self.out = nn.Linear(hidden, vocab)

    def forward(self, token, h):
        output, h = self.gru(F.relu(self.embedding(token)), h)
        return self.out(output.squeeze(1)), h


encoder, decoder = Encoder(), Decoder()
params = list(encoder.parameters()) + list(decoder.parameters())
optimizer = torch.optim.Adam(params, lr=5e-3)
print(encoder.gru, sum(p.numel() for p in params), 'parameters')


def decode_greedy(source, steps=length + 1):
    _, h = encoder(source)
    token = torch.full((len(source), 1), SOS)
    tokens = []
    for _ in range(steps):
        logits, h = decoder(token, h)
        token = logits.argmax(dim=1, keepdim=True)
        tokens.append(token)
    return torch.cat(tokens, dim=1)


for step in range(1, 301):
    source, target = make_batch(32)
    _, h = encoder(source)
    token = torch.full((32, 1), SOS)
    loss = 0
    teacher_forcing = random.random() < 0.5
    for t in range(target.shape[1]):
        logits, h = decoder(token, h)
        loss = loss + F.cross_entropy(logits, target[:, t])
        token = target[:, t:t + 1] if teacher_forcing else logits.argmax(dim=1, keepdim=True)
    loss = loss / target.shape[1]
    optimizer.zero_grad()
    loss.backward()
    norm = nn.utils.clip_grad_norm_(params, 1.0)
    optimizer.step()
    if step % 50 == 0:
        print(f'step {step}: loss {loss.item():.4f} grad norm {norm.item():.3f} teacher forcing {teacher_forcing}')

with torch.no_grad():
    source, target = make_batch(200)
    predicted = decode_greedy(source)
    token_accuracy = (predicted == target).float().mean().item()
    sequence_accuracy = (predicted == target).all(dim=1).float().mean().item()
print(f'token accuracy {token_accuracy:.3f}, whole sequences {sequence_accuracy:.3f}')
for s, p in zip(source[:3].tolist(), predicted[:3].tolist()):
    print(s, '->', p)

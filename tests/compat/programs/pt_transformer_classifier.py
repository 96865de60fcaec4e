"""A small transformer classifier: token and position embeddings, nn.TransformerEncoder with
a padding mask, mean pooling, on a toy task (does the sequence hold more 1s than 2s?), and a
look at nn.MultiheadAttention's weights."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
vocab, d_model, max_len, PAD = 5, 32, 12, 0


def make_batch(n):
    lengths = torch.randint(4, max_len + 1, (n,))
    tokens = torch.randint(1, vocab, (n, max_len))
    padding = torch.arange(max_len) >= lengths.unsqueeze(1)
    tokens = tokens.masked_fill(padding, PAD)
    labels = ((tokens == 1).sum(1) > (tokens == 2).sum(1)).long()
    return tokens, padding, labels


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.tokens = nn.Embedding(vocab, d_model, padding_idx=PAD)
        self.positions = nn.Embedding(max_len, d_model)
        layer = nn.TransformerEncoderLayer(d_model, nhead=4, dim_feedforward=64, dropout=0.0,
                                           batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        self.head = nn.Linear(d_model, 2)

    def forward(self, tokens, padding):
        x = self.tokens(tokens) + self.positions(torch.arange(tokens.shape[1]))
        x = self.encoder(x, src_key_padding_mask=padding)
        keep = (~padding).unsqueeze(-1).float()
        pooled = (x * keep).sum(1) / keep.sum(1)
        return self.head(pooled)


def generate_square_subsequent_mask(size):
    """-inf above the diagonal: position i may attend to positions 0..i only."""
    return torch.triu(torch.ones(size, size) * float('-inf'), diagonal=1)


model = Classifier()
print(sum(p.numel() for p in model.parameters()), 'parameters')
print([name for name, _ in model.encoder.layers[0].named_parameters()])
optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=0.01)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=150)
for step in range(1, 151):
    tokens, padding, labels = make_batch(32)
    logits = model(tokens, padding)
    loss = F.cross_entropy(logits, labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    scheduler.step()
    if step % 30 == 0:
        accuracy = (logits.argmax(1) == labels).float().mean().item()
        print(f'step {step}: loss {loss.item():.4f} accuracy {accuracy:.3f} lr {scheduler.get_last_lr()[0]:.6f}')

model.eval()
with torch.no_grad():
    tokens, padding, labels = make_batch(256)
    accuracy = (model(tokens, padding).argmax(1) == labels).float().mean().item()
print(f'held-out accuracy {accuracy:.3f}')

# one attention layer on its own: the weights, averaged over heads, ignore the padding
attention = nn.MultiheadAttention(embed_dim=8, num_heads=2, batch_first=True)
x = torch.randn(1, 4, 8)
mask = torch.tensor([[False, False, False, True]])
out, weights = attention(x, x, x, key_padding_mask=mask)
print(out.shape, weights.shape)
print(weights)
print(weights.sum(-1))
causal = generate_square_subsequent_mask(4)
print(causal)
out, weights = attention(x, x, x, attn_mask=causal, average_attn_weights=False)
print(weights[0, 1])

"""Case 7, a small character-level transformer: one pre-LayerNorm block, ours vs PyTorch.

Token and position embeddings (64), causal self-attention with 4 heads written from Linear,
matmul and softmax (the causal mask is a large negative constant added to the scores), an MLP
4x wide with GELU (tanh form, as GPT-2), a final LayerNorm and an LM head; cross-entropy,
Adam lr 1e-3, batch 32 of 16 characters, 50 steps. One model definition serves both
libraries. Target: ours <= 1.0x PyTorch (one thread).
"""
from __future__ import annotations

from functools import partial

import numpy as np

from common import Result, check_then_time, compare, libraries, ours

__all__ = ["main"]

TEXT = ("the quick brown fox jumps over the lazy dog. a learner reads the engine end to end, "
        "from the tensor to the graph, from the graph to the gradient, and back again. "
        "small models, short sequences, plain numpy: every step can be seen and checked. "
        "if the loss goes down, the gradients were right; if it does not, the stepper shows why.")
VOCAB = sorted(set(TEXT))
EMBED, HEADS, BLOCK, BATCH, STEPS, LR = 64, 4, 16, 32, 50, 1e-3


def model(lib):
    """The transformer as a Module of `lib.nn`; maps indices (B, T) to logits (B, T, vocab)."""
    nn, head_size = lib.nn, EMBED // HEADS
    causal_mask = lib.tensor(np.triu(np.full((BLOCK, BLOCK), -1e9, np.float32), k=1))
    positions = lib.tensor(np.arange(BLOCK))

    class CausalSelfAttention(nn.Module):
        def __init__(self):
            super().__init__()
            self.query, self.key, self.value = (nn.Linear(EMBED, EMBED) for _ in range(3))
            self.proj = nn.Linear(EMBED, EMBED)

        def forward(self, x):  # (B, T, C) -> (B, T, C)
            B, T, C = x.shape
            q, k, v = (f(x).reshape(B, T, HEADS, head_size).transpose(1, 2)  # (B, H, T, hs)
                       for f in (self.query, self.key, self.value))
            scores = q @ k.transpose(-2, -1) * head_size ** -0.5 + causal_mask[:T, :T]
            out = scores.softmax(dim=-1) @ v
            return self.proj(out.transpose(1, 2).reshape(B, T, C))

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln1, self.attn = nn.LayerNorm(EMBED), CausalSelfAttention()
            self.ln2 = nn.LayerNorm(EMBED)
            self.mlp = nn.Sequential(nn.Linear(EMBED, 4 * EMBED), nn.GELU(approximate="tanh"),
                                     nn.Linear(4 * EMBED, EMBED))

        def forward(self, x):
            x = x + self.attn(self.ln1(x))
            return x + self.mlp(self.ln2(x))

    class CharTransformer(nn.Module):
        def __init__(self):
            super().__init__()
            self.token, self.position = nn.Embedding(len(VOCAB), EMBED), nn.Embedding(BLOCK, EMBED)
            self.block, self.ln_f = Block(), nn.LayerNorm(EMBED)
            self.head = nn.Linear(EMBED, len(VOCAB))

        def forward(self, idx):
            x = self.token(idx) + self.position(positions[:idx.shape[1]])
            return self.head(self.ln_f(self.block(x)))

    return CharTransformer()


def setup():
    """Initial weights (our default init) and STEPS batches of (input, next character) (B, T)."""
    lib = ours()
    lib.manual_seed(0)
    weights = {k: v.numpy(force=True).copy() for k, v in model(lib).state_dict().items()}
    codes = np.array([VOCAB.index(ch) for ch in TEXT])
    rng = np.random.default_rng(0)
    starts = rng.integers(0, len(codes) - BLOCK, (STEPS, BATCH))
    windows = codes[starts[..., None] + np.arange(BLOCK + 1)]  # (STEPS, BATCH, BLOCK + 1)
    return weights, [(w[:, :-1], w[:, 1:]) for w in windows]


def train(lib, net, weights, batches, steps: int) -> float:
    """Reset `net` to `weights`, take `steps` Adam steps, return the last loss."""
    net.load_state_dict({k: lib.tensor(v) for k, v in weights.items()})
    opt = lib.optim.Adam(net.parameters(), lr=LR)
    for idx, targets in batches[:steps]:
        logits = net(lib.tensor(idx))
        loss = lib.F.cross_entropy(logits.reshape(-1, len(VOCAB)), lib.tensor(targets).reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
    return loss.item()


def main(quick: bool = False) -> list[Result]:
    weights, batches = setup()
    runs = {name: partial(train, lib, model(lib), weights, batches)
            for name, lib in libraries().items()}
    timing = check_then_time("transformer: loss at step {k}", runs, STEPS,
                             repeat=3 if quick else 7)
    return [compare(f"7 char transformer block, Adam, {STEPS} steps", timing, "torch", 1.0)]

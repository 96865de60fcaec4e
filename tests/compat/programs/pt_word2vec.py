"""Skip-gram word2vec with negative sampling: (centre, context) pairs from a tiny corpus,
two embedding tables, batched dot products with bmm, logsigmoid, and nearest neighbours."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
corpus = """the king rules the kingdom and the queen rules the kingdom
the king and the queen live in the castle
a man walks to the castle and a woman walks to the town
the man is a king and the woman is a queen
dogs and cats live in the town with the man and the woman
the dog chases the cat and the cat chases the mouse""".split()
vocab = sorted(set(corpus))
word_to_ix = {w: i for i, w in enumerate(vocab)}
print(len(corpus), 'words,', len(vocab), 'in the vocabulary')

window = 2
pairs = [(word_to_ix[corpus[i]], word_to_ix[corpus[j]])
         for i in range(len(corpus))
         for j in range(max(0, i - window), min(len(corpus), i + window + 1)) if j != i]
pairs = torch.tensor(pairs)
print(pairs.shape, pairs[:5].tolist())

# the noise distribution: unigram counts to the power 3/4
counts = torch.bincount(torch.tensor([word_to_ix[w] for w in corpus]), minlength=len(vocab)).float()
noise = counts.pow(0.75)
noise = noise / noise.sum()
print('most frequent:', [vocab[i] for i in counts.topk(3).indices], noise.max())


class SkipGram(nn.Module):
    def __init__(self, vocab_size, dim):
        super().__init__()
        self.centre = nn.Embedding(vocab_size, dim)
        self.context = nn.Embedding(vocab_size, dim)
        nn.init.uniform_(self.centre.weight, -0.5 / dim, 0.5 / dim)
        nn.init.zeros_(self.context.weight)

    def forward(self, centre, context, negatives):
        v = self.centre(centre).unsqueeze(2)                  # (B, D, 1)
        u_pos = self.context(context).unsqueeze(1)            # (B, 1, D)
        u_neg = self.context(negatives)                       # (B, K, D)
        positive = F.logsigmoid(torch.bmm(u_pos, v).squeeze())            # (B,)
        negative = F.logsigmoid(-torch.bmm(u_neg, v).squeeze(2)).sum(1)   # (B,)
        return -(positive + negative).mean()


model = SkipGram(len(vocab), 16)
optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
k, batch = 5, 32
for epoch in range(30):
    order = torch.randperm(len(pairs))
    total = 0.0
    for i in range(0, len(pairs), batch):
        centre, context = pairs[order[i:i + batch]].T
        negatives = torch.multinomial(noise, len(centre) * k, replacement=True).view(-1, k)
        loss = model(centre, context, negatives)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(centre)
    if epoch % 5 == 4:
        print(f'epoch {epoch + 1:2d}: loss {total / len(pairs):.4f}')

embeddings = F.normalize(model.centre.weight.detach(), dim=1)
similarity = embeddings @ embeddings.T
for word in ('king', 'cat', 'castle'):
    scores, neighbours = similarity[word_to_ix[word]].topk(4)
    print(word, '->', [(vocab[j], round(s, 3)) for j, s in zip(neighbours.tolist()[1:], scores.tolist()[1:])])
print(model.centre.weight.grad.shape, type(loss.grad_fn).__name__, loss)

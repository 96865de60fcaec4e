"""A character-level RNN language model: a learned start state, a tanh cell, AdamW."""
import torch
import torch.nn as nn
import torch.nn.functional as F

words = """
emma olivia ava isabella sophia charlotte mia amelia harper evelyn abigail emily elizabeth
mila ella avery sofia camila aria scarlett victoria madison luna grace chloe penelope layla
riley zoey nora lily eleanor hannah lillian addison aubrey ellie stella natalie zoe leah hazel
violet aurora savannah audrey brooklyn bella claire skylar lucy paisley everly anna caroline
nova genesis emilia kennedy samantha maya willow kinsley naomi aaliyah elena sarah ariana
allison gabriella alice madelyn cora ruby eva serenity autumn adeline hailey gianna valentina
isla eliana quinn nevaeh ivy sadie piper lydia alexa josephine emery julia delilah vivian
liam noah oliver elijah william james benjamin lucas henry alexander mason michael ethan
daniel jacob logan jackson levi sebastian mateo jack owen theodore aiden samuel joseph john
david wyatt matthew luke asher carter julian grayson leo jayden gabriel isaac lincoln anthony
hudson dylan ezra thomas charles christopher jaxon maverick josiah isaiah andrew elias joshua
nathan caleb ryan adrian miles eli nolan christian aaron cameron ezekiel colton luca landon
hunter jonathan santiago axel easton cooper jeremiah angel roman connor jameson robert greyson
jordan ian carson leonardo nicholas dominic austin everett brooks xavier kai jose parker adam
wesley silas bennett declan weston evan emmett micah ryder beau damian rowan harrison sawyer
kingston jason vincent chase myles diego jonah river tyler cole george milo zachary jasper
gavin calvin zion juan maxwell max carlos jude august kevin malachi elliott archer arthur
felix oscar peter grant blake victor eric abel finn dean theo enzo hugo kwame yusuf fatima
""".split()
chars = sorted(list(set(''.join(words))))
stoi = {ch: i + 1 for i, ch in enumerate(chars)}
itos = {i: s for s, i in stoi.items()}
vocab_size = len(chars) + 1  # all the possible characters and special 0 token
max_word_length = max(len(w) for w in words)
block_size = max_word_length + 1  # <START> token followed by characters


def encode(word):
    return torch.tensor([stoi[w] for w in word], dtype=torch.long)


def decode(ix):
    return ''.join(itos[i] for i in ix)


def make_example(word):
    ix = encode(word)
    x = torch.zeros(max_word_length + 1, dtype=torch.long)
    y = torch.zeros(max_word_length + 1, dtype=torch.long)
    x[1:1 + len(ix)] = ix
    y[:len(ix)] = ix
    y[len(ix) + 1:] = -1  # index -1 will mask the loss at the inactive locations
    return x, y


test_set_size = 24
rp = torch.randperm(len(words), generator=torch.Generator().manual_seed(3407)).tolist()
train_words = [words[i] for i in rp[:-test_set_size]]
test_words = [words[i] for i in rp[-test_set_size:]]
print(f'split up the dataset into {len(train_words)} training examples and {len(test_words)} test examples')
X = torch.stack([make_example(w)[0] for w in train_words])
Y = torch.stack([make_example(w)[1] for w in train_words])
Xtest = torch.stack([make_example(w)[0] for w in test_words])
Ytest = torch.stack([make_example(w)[1] for w in test_words])
print(X.shape, Y.shape, X.dtype)
print(X[0], Y[0])


class RNNCell(nn.Module):
    """Takes the current input x and the previous hidden state h, returns the new hidden state."""

    def __init__(self, n_embd, n_embd2):
        super().__init__()
        self.xh_to_h = nn.Linear(n_embd + n_embd2, n_embd2)

    def forward(self, xt, hprev):
        xh = torch.cat([xt, hprev], dim=1)
        ht = torch.tanh(self.xh_to_h(xh))
        return ht


class RNN(nn.Module):

    def __init__(self, vocab_size, n_embd, n_embd2):
        super().__init__()
        self.start = nn.Parameter(torch.zeros(1, n_embd2))  # the starting hidden state
        self.wte = nn.Embedding(vocab_size, n_embd)  # token embeddings table
        self.cell = RNNCell(n_embd, n_embd2)
        self.lm_head = nn.Linear(n_embd2, vocab_size)

    def forward(self, idx, targets=None):
        b, t = idx.size()
        emb = self.wte(idx)  # (b, t, n_embd)
        hprev = self.start.expand((b, -1))
        hiddens = []
        for i in range(t):
            xt = emb[:, i, :]  # (b, n_embd)
            ht = self.cell(xt, hprev)  # (b, n_embd2)
            hprev = ht
            hiddens.append(ht)
        hidden = torch.stack(hiddens, 1)  # (b, t, n_embd2)
        logits = self.lm_head(hidden)
        loss = None
        if targets is not None:
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1)
        return logits, loss


torch.manual_seed(3407)
model = RNN(vocab_size, n_embd=16, n_embd2=32)
print(model)
for name, p in model.named_parameters():
    print(name, tuple(p.shape), f'{p.std().item():.4f}')
print(f'number of parameters: {sum(p.numel() for p in model.parameters())}')
optimizer = torch.optim.AdamW(model.parameters(), lr=5e-3, weight_decay=0.01, betas=(0.9, 0.99), eps=1e-8)
g = torch.Generator().manual_seed(3407)
for step in range(150):
    ix = torch.randint(0, X.shape[0], (32,), generator=g)
    logits, loss = model(X[ix], Y[ix])
    model.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    if step % 25 == 0:
        print(f'step {step} | loss {loss.item():.4f}')


@torch.no_grad()
def evaluate(X, Y):
    model.eval()
    _, loss = model(X, Y)
    model.train()
    return loss.item()


print(f'train loss {evaluate(X, Y):.4f} | test loss {evaluate(Xtest, Ytest):.4f}')


@torch.no_grad()
def generate(idx, max_new_tokens, temperature=1.0, top_k=None):
    for _ in range(max_new_tokens):
        logits, _ = model(idx)
        logits = logits[:, -1, :] / temperature
        if top_k is not None:
            v, _ = torch.topk(logits, top_k)
            logits[logits < v[:, [-1]]] = -float('Inf')
        probs = F.softmax(logits, dim=-1)
        idx_next = torch.multinomial(probs, num_samples=1, generator=g)
        idx = torch.cat((idx, idx_next), dim=1)
    return idx


X_init = torch.zeros(6, 1, dtype=torch.long)
X_samp = generate(X_init, max_word_length, top_k=10)
for i in range(X_samp.size(0)):
    row = X_samp[i, 1:].tolist()
    crop_index = row.index(0) if 0 in row else len(row)
    print(decode(row[:crop_index]))

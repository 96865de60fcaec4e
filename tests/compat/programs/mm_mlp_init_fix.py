"""Fixing the initialisation: the initial loss, saturated tanh units, and Kaiming-style scaling."""
import random

import torch
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
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi['.'] = 0
itos = {i: s for s, i in stoi.items()}
vocab_size = len(itos)

block_size = 3  # context length: how many characters do we take to predict the next one?


def build_dataset(words):
    X, Y = [], []
    for w in words:
        context = [0] * block_size
        for ch in w + '.':
            ix = stoi[ch]
            X.append(context)
            Y.append(ix)
            context = context[1:] + [ix]
    X = torch.tensor(X)
    Y = torch.tensor(Y)
    print(X.shape, Y.shape)
    return X, Y


random.seed(42)
random.shuffle(words)
n1 = int(0.8 * len(words))
n2 = int(0.9 * len(words))
Xtr, Ytr = build_dataset(words[:n1])
Xdev, Ydev = build_dataset(words[n1:n2])
Xte, Yte = build_dataset(words[n2:])

# the expected loss of a uniform guess
print(-torch.tensor(1 / 27.0).log())

# 4-dimensional example of the issue
logits = torch.tensor([0.0, 0.0, 0.0, 0.0])
probs = torch.softmax(logits, dim=0)
loss = -probs[2].log()
print(probs, loss)
logits = torch.randn(4, generator=torch.Generator().manual_seed(42)) * 10
probs = torch.softmax(logits, dim=0)
print(logits, probs, -probs[2].log())

x = torch.randn(1000, 10, generator=torch.Generator().manual_seed(1))
w = torch.randn(10, 200, generator=torch.Generator().manual_seed(2)) / 10**0.5
y = x @ w
print(f'{x.mean():.4f} {x.std():.4f}')
print(f'{y.mean():.4f} {y.std():.4f}')


def train(scale_init, steps):
    n_embd = 10
    n_hidden = 200
    g = torch.Generator().manual_seed(2147483647)
    C = torch.randn((vocab_size, n_embd), generator=g)
    if scale_init:
        W1 = torch.randn((n_embd * block_size, n_hidden), generator=g) * (5 / 3) / ((n_embd * block_size)**0.5)
        b1 = torch.randn(n_hidden, generator=g) * 0.01
        W2 = torch.randn((n_hidden, vocab_size), generator=g) * 0.01
        b2 = torch.randn(vocab_size, generator=g) * 0
    else:
        W1 = torch.randn((n_embd * block_size, n_hidden), generator=g)
        b1 = torch.randn(n_hidden, generator=g)
        W2 = torch.randn((n_hidden, vocab_size), generator=g)
        b2 = torch.randn(vocab_size, generator=g)
    parameters = [C, W1, b1, W2, b2]
    for p in parameters:
        p.requires_grad = True
    for i in range(steps):
        ix = torch.randint(0, Xtr.shape[0], (32,), generator=g)
        Xb, Yb = Xtr[ix], Ytr[ix]
        emb = C[Xb]
        embcat = emb.view(emb.shape[0], -1)
        hpreact = embcat @ W1 + b1
        h = torch.tanh(hpreact)
        logits = h @ W2 + b2
        loss = F.cross_entropy(logits, Yb)
        if i == 0:
            print(f'initial loss {loss.item():.4f}')
            print('saturated fraction', (h.abs() > 0.99).float().mean().item())
            print('hpreact', f'{hpreact.mean().item():.4f}', f'{hpreact.std().item():.4f}')
            print('logits range', f'{logits.min().item():.3f}', f'{logits.max().item():.3f}')
        for p in parameters:
            p.grad = None
        loss.backward()
        if i == 0:
            dead = (h.abs() > 0.99).all(0)
            print('dead neurons', dead.sum().item(), dead.nonzero().view(-1)[:5].tolist())
        lr = 0.1
        for p in parameters:
            p.data += -lr * p.grad
        if i % 100 == 0:
            print(f'{i:7d}/{steps:7d}: {loss.item():.4f}')

    @torch.no_grad()
    def split_loss(split):
        x, y = {'train': (Xtr, Ytr), 'val': (Xdev, Ydev), 'test': (Xte, Yte)}[split]
        emb = C[x]
        embcat = emb.view(emb.shape[0], -1)
        h = torch.tanh(embcat @ W1 + b1)
        logits = h @ W2 + b2
        loss = F.cross_entropy(logits, y)
        print(split, loss.item())

    split_loss('train')
    split_loss('val')


train(scale_init=False, steps=300)
train(scale_init=True, steps=300)

"""Finding a learning rate: sweep exponentially spaced rates over one run and track the loss.

The sweep stops at 10**-0.6: past about 10**-0.4 this net is chaotic (two float32
implementations that agree to 1e-7 part by 1e-1 within 30 steps), so no run can be compared.
"""
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

g = torch.Generator().manual_seed(2147483647)
C = torch.randn((27, 2), generator=g)
W1 = torch.randn((6, 100), generator=g)
b1 = torch.randn(100, generator=g)
W2 = torch.randn((100, 27), generator=g)
b2 = torch.randn(27, generator=g)
parameters = [C, W1, b1, W2, b2]
for p in parameters:
    p.requires_grad = True

lre = torch.linspace(-3, -0.6, 400)
lrs = 10**lre
print(lre[:4], lrs[-3:])
print(lrs.dtype, lrs.shape, f'{lrs[200].item():.6f}')

lri = []
lossi = []
for i in range(400):
    ix = torch.randint(0, Xtr.shape[0], (32,), generator=g)
    emb = C[Xtr[ix]]
    h = torch.tanh(emb.view(-1, 6) @ W1 + b1)
    logits = h @ W2 + b2
    loss = F.cross_entropy(logits, Ytr[ix])
    for p in parameters:
        p.grad = None
    loss.backward()
    lr = lrs[i]
    for p in parameters:
        p.data += -lr * p.grad
    lri.append(lre[i].item())
    lossi.append(loss.item())

for i in range(0, 400, 50):
    print(f'lr exponent {lri[i]:+.3f}  loss {lossi[i]:.4f}')
best = min(range(400), key=lambda i: sum(lossi[max(0, i - 10):i + 1]) / len(lossi[max(0, i - 10):i + 1]))
print('lowest smoothed loss at lr exponent', round(lri[best], 3))
print(torch.tensor(lossi).view(-1, 50).mean(1))

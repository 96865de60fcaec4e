"""Bigram model as a one-layer network: one-hot inputs, softmax, gradient descent, sampling."""
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

xs, ys = [], []
for w in words:
    chs = ['.'] + list(w) + ['.']
    for ch1, ch2 in zip(chs, chs[1:]):
        xs.append(stoi[ch1])
        ys.append(stoi[ch2])
xs = torch.tensor(xs)
ys = torch.tensor(ys)
num = xs.nelement()
print('number of examples: ', num)

g = torch.Generator().manual_seed(2147483647)
W = torch.randn((27, 27), generator=g, requires_grad=True)
print(W[0, :5])

for k in range(60):
    # forward pass
    xenc = F.one_hot(xs, num_classes=27).float()
    logits = xenc @ W
    counts = logits.exp()
    probs = counts / counts.sum(1, keepdims=True)
    loss = -probs[torch.arange(num), ys].log().mean() + 0.01 * (W**2).mean()
    if k % 10 == 0 or k == 59:
        print(k, loss.item())

    # backward pass
    W.grad = None
    loss.backward()

    # update
    W.data += -50 * W.grad

print(W.grad.shape, W.grad.abs().max().item())

g = torch.Generator().manual_seed(2147483647)
for i in range(8):
    out = []
    ix = 0
    while True:
        xenc = F.one_hot(torch.tensor([ix]), num_classes=27).float()
        logits = xenc @ W
        counts = logits.exp()
        p = counts / counts.sum(1, keepdims=True)
        ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
        out.append(itos[ix])
        if ix == 0:
            break
    print(''.join(out))

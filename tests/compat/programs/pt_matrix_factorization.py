"""A matrix-factorisation recommender: user and item embeddings with biases, trained with
Adagrad on observed ratings of a synthetic low-rank rating matrix, then top-k recommendations."""
import torch
import torch.nn as nn

torch.manual_seed(0)
n_users, n_items, rank = 30, 20, 3

# ratings 1..5 from hidden tastes; 40% of them observed
tastes = torch.randn(n_users, rank)
features = torch.randn(n_items, rank)
full = (3 + tastes @ features.T).clamp(1, 5).round()
observed = torch.rand(n_users, n_items) < 0.4
users, items = observed.nonzero(as_tuple=True)
ratings = full[users, items]
print(f'{len(ratings)} ratings observed of {n_users * n_items}')
print('rating counts', torch.unique(ratings, return_counts=True))
split = int(0.8 * len(ratings))
order = torch.randperm(len(ratings))
train, test = order[:split], order[split:]


class MatrixFactorization(nn.Module):
    def __init__(self, n_users, n_items, dim):
        super().__init__()
        self.user = nn.Embedding(n_users, dim)
        self.item = nn.Embedding(n_items, dim)
        self.user_bias = nn.Embedding(n_users, 1)
        self.item_bias = nn.Embedding(n_items, 1)
        self.mean = nn.Parameter(torch.tensor(3.0))
        for table in (self.user, self.item):
            nn.init.normal_(table.weight, std=0.1)
        for table in (self.user_bias, self.item_bias):
            nn.init.zeros_(table.weight)

    def forward(self, u, i):
        dot = (self.user(u) * self.item(i)).sum(dim=1)
        return dot + self.user_bias(u).squeeze(1) + self.item_bias(i).squeeze(1) + self.mean


model = MatrixFactorization(n_users, n_items, 4)
optimizer = torch.optim.Adagrad(model.parameters(), lr=0.1, weight_decay=1e-4)
loss_fn = nn.MSELoss()
for epoch in range(1, 61):
    for batch in train[torch.randperm(len(train))].split(32):
        loss = loss_fn(model(users[batch], items[batch]), ratings[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 10 == 0:
        with torch.no_grad():
            train_rmse = loss_fn(model(users[train], items[train]), ratings[train]).sqrt()
            test_rmse = loss_fn(model(users[test], items[test]), ratings[test]).sqrt()
        print(f'epoch {epoch:2d}: train RMSE {train_rmse.item():.4f}  test RMSE {test_rmse.item():.4f}')

with torch.no_grad():
    predicted = model(torch.arange(n_users).repeat_interleave(n_items),
                      torch.arange(n_items).repeat(n_users)).view(n_users, n_items)
    predicted[observed] = -float('inf')  # recommend only what the user has not rated
    top = predicted[:3].topk(3, dim=1)
print('recommendations for users 0-2:', top.indices.tolist())
print(top.values)
print('learned global mean', model.mean.item())
print('item bias ranking', model.item_bias.weight.squeeze(1).argsort(descending=True)[:5].tolist())
state = optimizer.state[model.user.weight]
print(sorted(state), state['sum'].shape, state['step'])

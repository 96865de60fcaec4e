"""A tour of tensor operations: statistics, sorting and searching, their named results, and grad_fn."""
import torch

torch.manual_seed(0)
scores = torch.randint(0, 10, (3, 6))
print(scores)

# reductions along a dim return named tuples: (values, indices)
print(scores.max(dim=1))
print(scores.min(dim=0, keepdim=True))
values, indices = torch.sort(scores, dim=1, descending=True)
print(values, indices, sep='\n')
print(torch.topk(torch.randn(2, 5), k=2, dim=1))  # among equal values topk picks in no set order
print(torch.kthvalue(scores, 2, dim=1).values, scores.median(dim=1).indices.shape)
print(torch.mode(torch.tensor([1, 2, 2, 3, 3, 3, 0])))
print(torch.cummax(torch.tensor([1.0, 3.0, 2.0, 5.0, 4.0]), dim=0))

# counting and uniqueness
labels = torch.tensor([3, 1, 2, 3, 3, 1, 0, 2])
uniq, inverse, counts = torch.unique(labels, return_inverse=True, return_counts=True)
print(uniq, inverse, counts)
print(torch.unique_consecutive(torch.tensor([1, 1, 2, 2, 2, 1, 3, 3]), return_counts=True))
print(torch.bincount(labels), labels.bincount(minlength=6))
print(torch.isin(labels, torch.tensor([1, 3])), torch.count_nonzero(labels))

# quantiles and histograms
x = torch.randn(1000)
q = torch.tensor([0.1, 0.25, 0.5, 0.75, 0.9])
print(torch.quantile(x, q))
print(x.quantile(0.5, interpolation='lower'), x.quantile(0.5, interpolation='nearest'))
print(torch.histc(x, bins=8, min=-3, max=3))
print(x.mean(), x.std(), x.var(unbiased=False))

# binning continuous values: searchsorted and bucketize
boundaries = torch.tensor([-1.0, 0.0, 1.0])
points = torch.tensor([-2.0, -1.0, -0.5, 0.0, 0.3, 1.0, 2.5])
print(torch.bucketize(points, boundaries), torch.bucketize(points, boundaries, right=True))
sorted_seq = torch.tensor([[1, 3, 5, 7, 9], [2, 4, 6, 8, 10]])
print(torch.searchsorted(sorted_seq, torch.tensor([[3, 6, 9], [3, 6, 9]])))
print(torch.searchsorted(sorted_seq, torch.tensor([[3, 6, 9], [3, 6, 9]]), side='right'))

# running sums and differences
steps = torch.tensor([1.0, 4.0, 9.0, 16.0, 25.0])
print(torch.cumsum(steps, dim=0), torch.cumprod(steps, dim=0))
print(torch.diff(steps), torch.diff(steps, n=2), torch.diff(steps, prepend=torch.tensor([0.0])))

# products and distances
a = torch.tensor([[1, 2], [3, 4]])
print(torch.kron(a, torch.eye(2, dtype=torch.long)))
print(torch.outer(torch.arange(1, 4), torch.arange(1, 3)))
pts = torch.tensor([[0.0, 0.0], [3.0, 4.0], [1.0, 1.0]])
print(torch.cdist(pts, pts))
print(torch.cdist(pts, pts, p=1))
print(torch.hypot(pts[:, 0], pts[:, 1]), torch.cartesian_prod(torch.tensor([1, 2]), torch.tensor([5, 6])))
print(torch.block_diag(torch.ones(2, 2), torch.tensor([[5.0]])))

# where a result came from: grad_fn
w = torch.randn(3, 4, requires_grad=True)
print(w.sum(dim=1))
print(w.max(dim=1))
print(w.sort(dim=1).values[:, 0])
print(torch.quantile(w, 0.5, dim=1))
print(torch.cdist(w, w.detach()).diagonal())
print(torch.diff(w, dim=1).abs().mean())
print(torch.kron(w[:1, :2], torch.ones(1, 2)))
print(torch.hypot(w, torch.ones(3, 4))[0])
top = w.topk(2, dim=1)
(top.values.sum() + torch.quantile(w, 0.5)).backward()
print(w.grad)

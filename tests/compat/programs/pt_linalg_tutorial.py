"""Linear algebra with torch.linalg: least squares three ways, PCA by eigh, low-rank SVD,
determinants, Cholesky and QR, and gradients flowing through each."""
import torch

torch.manual_seed(0)

# a least-squares line fit: y = 2.5 x - 1 + noise
x = torch.linspace(-1, 1, 50, dtype=torch.float64)
y = 2.5 * x - 1 + 0.1 * torch.randn(50, dtype=torch.float64)
X = torch.stack([x, torch.ones_like(x)], dim=1)  # design matrix (50, 2)

w_normal = torch.linalg.solve(X.T @ X, X.T @ y)       # the normal equations
w_pinv = torch.linalg.pinv(X) @ y                      # the pseudo-inverse
Q, R = torch.linalg.qr(X)                              # QR: R w = Q^T y
w_qr = torch.linalg.solve(R, Q.T @ y)
print('normal equations', w_normal)
print('pinv            ', w_pinv)
print('qr              ', w_qr)
print(torch.allclose(w_normal, w_pinv), torch.allclose(w_normal, w_qr))
print('Q', Q.shape, 'R', R.shape, 'Q^T Q = I:', torch.allclose(Q.T @ Q, torch.eye(2, dtype=torch.float64)))
residual = y - X @ w_normal
print(f'residual norm {torch.linalg.norm(residual).item():.6f}, orthogonal to columns: {(X.T @ residual).abs().max().item() < 1e-10}')

# PCA of correlated 2-D points through the eigen-decomposition of the covariance
mixing = torch.tensor([[2.0, 0.0], [1.2, 0.5]])
points = torch.randn(500, 2) @ mixing.T + torch.tensor([1.0, -2.0])
centred = points - points.mean(dim=0)
cov = centred.T @ centred / (len(points) - 1)
print('covariance\n', cov)
print(torch.allclose(cov, torch.cov(points.T), atol=1e-5))
evals, evecs = torch.linalg.eigh(cov)
print('eigenvalues', evals)
print('explained variance ratio', evals.flip(0) / evals.sum())
principal = evecs[:, -1] * torch.sign(evecs[0, -1])
print('first principal axis', principal)
projected = centred @ principal
print(f'variance along it {projected.var().item():.4f}')
print(torch.linalg.eigvalsh(cov))

# the SVD: low-rank approximation of a matrix
torch.manual_seed(1)
A = torch.randn(6, 2) @ torch.randn(2, 5) + 0.01 * torch.randn(6, 5)
U, S, Vh = torch.linalg.svd(A, full_matrices=False)
print('singular values', S)
print(U.shape, S.shape, Vh.shape)
for k in (1, 2, 3):
    A_k = U[:, :k] @ torch.diag(S[:k]) @ Vh[:k]
    print(f'rank {k}: error {torch.linalg.matrix_norm(A - A_k).item():.5f}')
print('numerical rank', torch.linalg.matrix_rank(A, atol=0.1).item())
print(torch.linalg.svdvals(A)[:2], torch.linalg.matrix_norm(A, ord=2))

# determinants, inverses, Cholesky
M = torch.tensor([[4.0, 2.0, 0.6], [2.0, 5.0, 1.0], [0.6, 1.0, 3.0]])
print('det', torch.linalg.det(M), 'slogdet', torch.linalg.slogdet(M))
print('inv\n', torch.linalg.inv(M))
print(torch.allclose(M @ torch.linalg.inv(M), torch.eye(3), atol=1e-6))
L = torch.linalg.cholesky(M)
print('cholesky\n', L)
print(torch.allclose(L @ L.T, M))
b = torch.tensor([1.0, 2.0, 3.0])
print('solve', torch.linalg.solve(M, b))
print('matrix_power', torch.linalg.matrix_power(M, 2)[0])

# gradients through the decompositions
M = M.clone().requires_grad_()
logdet = torch.linalg.slogdet(M).logabsdet
print(logdet)
logdet.backward()
print('d logdet / dM = M^-T:', torch.allclose(M.grad, torch.linalg.inv(M).T.detach(), atol=1e-6))
M.grad = None
top = torch.linalg.eigh(M).eigenvalues[-1]
print(top)
top.backward()
v = torch.linalg.eigh(M.detach()).eigenvectors[:, -1]
print('d lambda_max / dM = v v^T:', torch.allclose(M.grad, torch.outer(v, v), atol=1e-5))
M.grad = None
solution = torch.linalg.solve(M, b)
print(solution)
solution.sum().backward()
print(M.grad)

# fitting a matrix: find W whose nuclear norm is small and W x ~ y
torch.manual_seed(2)
W = torch.zeros(4, 4, requires_grad=True)
xs = torch.randn(20, 4)
ys = xs @ torch.randn(4, 1) @ torch.randn(1, 4)
optimizer = torch.optim.Adam([W], lr=0.05)
for step in range(101):
    loss = ((xs @ W - ys) ** 2).mean() + 0.01 * torch.linalg.matrix_norm(W, 'nuc')
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 25 == 0:
        print(f'step {step:3d}: loss {loss.item():.5f}')
print('singular values of W', torch.linalg.svdvals(W.detach()))
print(loss)

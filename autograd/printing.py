"""How a Tensor prints: `tensor([1., 2.], requires_grad=True)`, as PyTorch."""
from __future__ import annotations

import numpy as np

__all__ = ["tensor_repr"]

_DEFAULT_DTYPES = (np.dtype(np.float32), np.dtype(np.int64), np.dtype(np.bool_))


def tensor_repr(tensor) -> str:
    data = tensor._data
    body = np.array2string(data, separator=", ", prefix="tensor(", precision=4,
                           suppress_small=False)
    extras = []
    if data.dtype not in _DEFAULT_DTYPES:
        extras.append(f"dtype=torch.{data.dtype}")
    if tensor.grad_fn is not None:
        extras.append(f"grad_fn=<{tensor.grad_fn.name}Backward0>")
    elif tensor.requires_grad:
        extras.append("requires_grad=True")
    return "tensor(" + body + "".join(", " + e for e in extras) + ")"

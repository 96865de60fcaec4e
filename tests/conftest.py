"""Shared pytest fixtures.

Every folder under tests/ is a package (it has an ``__init__.py``), so test files in
different folders may share a base name and ``tests/autograd`` never shadows the real
``autograd`` package.  Give new test folders an ``__init__.py`` too.
"""

import pytest


@pytest.fixture(scope="session")
def torch():
    """PyTorch, single-threaded, or a clean skip when it is not installed.

    Use it by naming it as an argument: ``def test_matches_torch(torch): ...``.
    """
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    return torch

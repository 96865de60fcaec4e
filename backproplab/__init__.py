"""backproplab: the application package (command-line interface and demo).

The library itself lives in the top-level packages ``autograd``, ``nn``, ``optim`` and ``viz``.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]

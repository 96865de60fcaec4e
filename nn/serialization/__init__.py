"""`save` / `load`: checkpoints (nested state dicts) in a NumPy `.npz` file that is never unpickled.

Format: a zip archive, as `np.savez` writes it. Every array is a member "a0.npy",
"a1.npy", ...; the member "__manifest__.npy" holds UTF-8 JSON describing the nesting (dicts
with their key types, lists, tuples, ints, floats, bools, strings, None, and which arrays
were Tensors, NumPy arrays or NumPy scalars); see `nn.serialization.manifest`. Any file name
works (`model.pt`, `model.pth`, `ckpt.npz`).

Guarantees of `load`: it never runs code from the file and never unpickles; it reads only
regular files (a FIFO or device is refused without blocking); it checks every size before
allocating (the zip directory, each .npy header's dtype and shape against its zip entry,
object dtypes refused) and inflates compressed data in chunks, so it never reads more than
the limits: `MAX_BYTES` = 2 GiB in total, `MAX_ARRAY_BYTES` = 1 GiB per array, `MAX_ARRAYS` =
100,000 arrays, `MAX_MANIFEST_BYTES` = 8 MiB of manifest with at most `MAX_ENTRIES` = 500,000
values nested at most `MAX_DEPTH` = 64 deep, and `MAX_STRING_LENGTH` = 2**20 characters per
string; each is raised by the keyword argument of the same name in lower case. Peak memory
is about the data, plus a copy of the largest array while it becomes a Tensor, plus the
parsed manifest (up to ~25x its size in Python objects). Every stored array is named exactly once.
Anything malformed raises `CheckpointError` (a ValueError) naming the path and the reason;
values come back with the types they were saved with. `save` refuses what `load` would
refuse by default, except sizes.

Guarantees of `save`: the write is atomic (temporary file beside the target, fsync, rename),
an exception leaves no temporary file, and the next save to a path removes temporary files
that killed saves left there (only ours: named after the target and the writing process).
A new file gets the permissions `open()` would give; an overwritten one keeps its own; a
symlink is written through, as `torch.save` does.
"""
from nn.serialization.limits import (
    MAX_ARRAY_BYTES, MAX_ARRAYS, MAX_BYTES, MAX_DEPTH, MAX_ENTRIES, MAX_MANIFEST_BYTES,
    MAX_STRING_LENGTH, CheckpointError,
)
from nn.serialization.loading import load
from nn.serialization.saving import save

__all__ = [
    "save", "load", "CheckpointError", "MAX_BYTES", "MAX_ARRAY_BYTES", "MAX_ARRAYS",
    "MAX_MANIFEST_BYTES", "MAX_ENTRIES", "MAX_DEPTH", "MAX_STRING_LENGTH",
]

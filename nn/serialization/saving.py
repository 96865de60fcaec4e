"""`save`: write a checkpoint atomically, as `open(path, "wb")` would see it, leaving no debris.

The data goes to a temporary file beside the target, is fsynced, then renamed over the
target, so a reader sees the old file or the new one, never a torn one. The temporary
name says which target and which process it belongs to, so the next save to that target
removes what a killed save left behind.
"""
from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import socket
import stat
import time
from typing import Any

import numpy as np

from nn.serialization.archive import MANIFEST
from nn.serialization.manifest import encode_manifest

__all__ = ["save", "temp_name_pattern", "STALE_SECONDS"]

STALE_SECONDS = 3600
"""A temporary file of ours untouched for this long is removed even if its writer may live."""
_TEMP_SUFFIX_BYTES = len(".0123456789ab.ckpt-") + len("0123-4294967296-0123456789ab.tmp")
_DEFAULT_NAME_MAX = 255
_HOST = hashlib.blake2b(socket.gethostname().encode(), digest_size=2).hexdigest()


def save(obj: Any, path: str | os.PathLike) -> None:
    """Write `obj` to `path` atomically (temporary file beside it, fsync, rename).

    `obj` may nest dicts (keys None/bool/int/float/str or tuples of those), lists, tuples,
    Tensors, NumPy arrays and scalars, ints, floats, bools, strings and None, e.g.
    `{"epoch": 3, "model": model.state_dict(), "optimizer": opt.state_dict(), "loss": 0.25}`.
    The file is written at exactly `path`, whatever its name (`model.pt` works; nothing is
    appended). A new file gets the permissions `open()` would give (0o666 less the umask); an
    existing one keeps its permissions; a symlink at `path` is written through and stays.
    On an exception nothing is left behind and an existing file at `path` is untouched.

    Raises:
        TypeError: `obj` holds something else (e.g. a Module: save its state_dict()).
        ValueError: `obj` exceeds what `nn.load` accepts by default (nesting, sizes), or
            `path` exists and is not a regular file.
    """
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise TypeError(f"nn.save: path must be a str or os.PathLike (file objects are not "
                        f"supported), got {type(path).__name__}")
    manifest, arrays = encode_manifest(obj)
    arrays[MANIFEST] = np.frombuffer(manifest, dtype=np.uint8)
    target = _resolve_target(os.fspath(path))
    folder, name = os.path.split(target)
    existing = _existing_regular_file(target)
    remove_stale_temp_files(folder, name)
    temp = os.path.join(folder, _temp_name(folder, name))
    descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
                         | getattr(os, "O_BINARY", 0), 0o666)
    try:
        if existing is not None:
            _copy_permissions(descriptor, existing)
        with os.fdopen(descriptor, "wb") as file:
            np.savez(file, **arrays)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, target)
    except BaseException:
        _remove_quietly(temp)
        raise
    _fsync_folder(folder)


def _resolve_target(path: str) -> str:
    """The file that `open(path, "wb")` would write: symlinks followed, even dangling ones."""
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    target = os.path.realpath(path)
    if os.path.islink(target):
        raise OSError(errno.ELOOP, "Too many levels of symbolic links", path)
    return target


def _existing_regular_file(target: str) -> os.stat_result | None:
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "Is a directory", target)
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(f"nn.save: {target!r} exists and is not a regular file; nn.save "
                         "replaces files atomically and will not replace it")
    return info


def _copy_permissions(descriptor: int, existing: os.stat_result) -> None:
    """Give the new file the old one's mode, and its owner where allowed (as root)."""
    os.fchmod(descriptor, stat.S_IMODE(existing.st_mode))
    if hasattr(os, "fchown") and (existing.st_uid, existing.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.fchown(descriptor, existing.st_uid, existing.st_gid)
        except PermissionError:  # an ordinary user cannot give a file away; the mode still holds
            pass
        os.fchmod(descriptor, stat.S_IMODE(existing.st_mode))  # chown clears setuid/setgid


def temp_name_pattern(name: str, folder: str = ".") -> re.Pattern:
    """The names of temporary files that saves to `folder`/`name` create.

    Groups: `host` (a hash of the writer's host name) and `pid` (its process id).
    """
    stem = re.escape(_temp_stem(folder, name))
    return re.compile(stem + r"(?P<host>[0-9a-f]{4})-(?P<pid>[0-9]{1,10})-[0-9a-f]{12}\.tmp")


def _temp_stem(folder: str, name: str) -> str:
    """".{name}.{hash of name}.ckpt-", the name cut so that the temp name fits NAME_MAX."""
    digest = hashlib.blake2b(os.fsencode(name), digest_size=6).hexdigest()
    room = _name_max(folder) - 1 - _TEMP_SUFFIX_BYTES
    shown = name
    while len(os.fsencode(shown)) > room:
        shown = shown[:-1]
    return f".{shown}.{digest}.ckpt-"


def _temp_name(folder: str, name: str) -> str:
    return f"{_temp_stem(folder, name)}{_HOST}-{os.getpid()}-{secrets.token_hex(6)}.tmp"


def _name_max(folder: str) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (AttributeError, ValueError, OSError):
        return _DEFAULT_NAME_MAX


def remove_stale_temp_files(folder: str, name: str) -> list[str]:
    """Remove temporary files of saves to `folder`/`name` whose writer is gone or that are old.

    Only regular files whose name matches `temp_name_pattern` are touched. A writer is gone
    when its process id (on this host) no longer runs; on systems where that cannot be
    asked, only files untouched for `STALE_SECONDS` are removed. Returns the names removed.
    """
    pattern = temp_name_pattern(name, folder)
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and _is_stale(match, info):
            if _remove_quietly(entry.path):
                removed.append(entry.name)
    return removed


def _is_stale(match: re.Match, info: os.stat_result) -> bool:
    if time.time() - info.st_mtime > STALE_SECONDS:
        return True
    return match["host"] == _HOST and not _process_runs(int(match["pid"]))


def _process_runs(pid: int) -> bool:
    """Whether process `pid` runs on this host; True where that cannot be asked safely."""
    if os.name != "posix":  # os.kill would terminate the process on Windows
        return True
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _remove_quietly(path: str) -> bool:
    """Unlink `path`; False if it is already gone or cannot be removed."""
    try:
        os.unlink(path)
    except OSError:
        return False
    return True


def _fsync_folder(folder: str) -> None:
    """Make the rename durable where the platform allows fsync on a directory."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)

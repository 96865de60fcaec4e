"""nn.save on the file system: no debris, stale temp files cleaned, permissions, symlinks,
long names."""
import os
import stat
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

import nn
from nn.serialization import saving

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file-system semantics")


def _temp_files(folder):
    return [name for name in os.listdir(folder) if name.endswith(".tmp")]


def _dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _temp_name(folder, target, pid, host=saving._HOST, token="0123456789ab"):
    return f"{saving._temp_stem(str(folder), target)}{host}-{pid}-{token}.tmp"


def _fake_temp(folder, target, pid, host=saving._HOST, age=0.0, token="0123456789ab"):
    path = folder / _temp_name(folder, target, pid, host, token)
    path.write_bytes(b"partial checkpoint")
    if age:
        os.utime(path, (time.time() - age, time.time() - age))
    return path.name


def test_write_failing_mid_way_leaves_no_temp_file_and_the_old_file(tmp_path):
    """A real mid-write failure: a file-size limit makes write() fail with EFBIG."""
    path = tmp_path / "model.pt"
    nn.save({"w": np.ones(3)}, path)
    script = textwrap.dedent(f"""
        import resource, signal, numpy as np, nn
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, 1_000_000))
        try:
            nn.save({{"w": np.zeros(2_000_000)}}, {str(path)!r})
        except OSError as error:
            print(error.errno)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}, timeout=60)
    assert result.stdout.strip() == "27", result.stderr  # EFBIG
    assert sorted(os.listdir(tmp_path)) == ["model.pt"]
    np.testing.assert_array_equal(nn.load(path)["w"], np.ones(3))


@pytest.mark.parametrize("error", [OSError("disk full"), KeyboardInterrupt()])
def test_exception_during_the_write_leaves_no_temp_file(tmp_path, monkeypatch, error):
    path = tmp_path / "model.pt"
    nn.save({"w": np.ones(3)}, path)

    def failing_savez(file, **arrays):
        file.write(b"partial" * 1000)
        assert len(_temp_files(tmp_path)) == 1
        raise error

    monkeypatch.setattr(np, "savez", failing_savez)
    with pytest.raises(type(error)):
        nn.save({"w": np.zeros(3)}, path)
    assert sorted(os.listdir(tmp_path)) == ["model.pt"]
    monkeypatch.undo()
    np.testing.assert_array_equal(nn.load(path)["w"], np.ones(3))


def test_stale_temp_files_of_this_target_are_removed_and_no_others(tmp_path):
    dead = _dead_pid()
    gone = _fake_temp(tmp_path, "model.pt", dead)
    old = _fake_temp(tmp_path, "model.pt", os.getpid(), age=saving.STALE_SECONDS + 60,
                     token="0123456789ff")
    live = _fake_temp(tmp_path, "model.pt", os.getpid())
    other_host = _fake_temp(tmp_path, "model.pt", dead,
                            host="ffff" if saving._HOST != "ffff" else "0000")
    other_target = _fake_temp(tmp_path, "model.pth", dead)
    prefix_target = _fake_temp(tmp_path, "model.p", dead)
    lookalike = tmp_path / f".model.pt.{dead}.tmp"
    lookalike.write_bytes(b"not ours")
    directory = _temp_name(tmp_path, "model.pt", dead, token="ba9876543210")
    os.mkdir(tmp_path / directory)
    symlink = _temp_name(tmp_path, "model.pt", dead, token="aaaaaaaaaaaa")
    os.symlink(tmp_path / lookalike, tmp_path / symlink)
    nn.save({"w": np.ones(2)}, tmp_path / "model.pt")
    left = set(os.listdir(tmp_path))
    assert gone not in left and old not in left
    assert {live, other_host, other_target, prefix_target, lookalike.name, directory, symlink,
            "model.pt"} == left


def test_temp_names_fit_name_max_for_the_longest_names(tmp_path, monkeypatch):
    name_max = os.pathconf(tmp_path, "PC_NAME_MAX")
    seen = []
    real_savez = np.savez

    def recording_savez(file, **arrays):
        seen.extend(_temp_files(tmp_path))
        real_savez(file, **arrays)

    monkeypatch.setattr(np, "savez", recording_savez)
    for name in ["a" * (name_max - 4) + ".pth", "é" * ((name_max - 3) // 2) + ".pt"]:
        assert len(os.fsencode(name)) <= name_max
        with open(tmp_path / name, "wb"):  # open() accepts it
            pass
        nn.save({"w": np.ones(2)}, tmp_path / name)
        np.testing.assert_array_equal(nn.load(tmp_path / name)["w"], np.ones(2))
        assert _temp_files(tmp_path) == []
    assert len(seen) == 2 and all(len(os.fsencode(temp)) <= name_max for temp in seen)
    assert saving.temp_name_pattern("a" * (name_max - 4) + ".pth", str(tmp_path)).fullmatch(seen[0])


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_files_get_the_mode_open_would_give(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        nn.save({"w": 1}, tmp_path / "new.pt")
        with open(tmp_path / "by_open.pt", "wb"):
            pass
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "new.pt").st_mode) == mode
    assert stat.S_IMODE(os.stat(tmp_path / "by_open.pt").st_mode) == mode


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600, 0o664])
def test_overwriting_keeps_the_mode(tmp_path, mode):
    path = tmp_path / "model.pt"
    nn.save({"w": 1}, path)
    os.chmod(path, mode)
    old = os.umask(0o077)
    try:
        nn.save({"w": 2}, path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(path).st_mode) == mode and nn.load(path) == {"w": 2}


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_overwriting_as_root_keeps_the_owner(tmp_path):
    path = tmp_path / "model.pt"
    nn.save({"w": 1}, path)
    os.chown(path, 4321, 4322)
    nn.save({"w": 2}, path)
    info = os.stat(path)
    assert (info.st_uid, info.st_gid) == (4321, 4322) and nn.load(path) == {"w": 2}


def test_saving_onto_a_symlink_writes_through_it(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "model.pt"
    nn.save({"w": 1}, target)
    os.chmod(target, 0o640)
    link = tmp_path / "latest.pt"
    os.symlink(os.path.join("real", "model.pt"), link)  # relative, as people make them
    nn.save({"w": 2}, link)
    assert os.path.islink(link) and os.readlink(link) == os.path.join("real", "model.pt")
    assert nn.load(target) == {"w": 2} and nn.load(link) == {"w": 2}
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert _temp_files(tmp_path) == [] and _temp_files(tmp_path / "real") == []
    dangling = tmp_path / "dangling.pt"
    os.symlink(tmp_path / "real" / "new.pt", dangling)
    nn.save({"w": 3}, dangling)
    assert os.path.islink(dangling) and nn.load(tmp_path / "real" / "new.pt") == {"w": 3}
    os.symlink(tmp_path / "loop_b", tmp_path / "loop_a")
    os.symlink(tmp_path / "loop_a", tmp_path / "loop_b")
    with pytest.raises(OSError, match="symbolic links"):
        nn.save({"w": 4}, tmp_path / "loop_a")


def test_saving_onto_something_that_is_not_a_file(tmp_path):
    with pytest.raises(IsADirectoryError):
        nn.save({"w": 1}, tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match="not a regular file"):
        nn.save({"w": 1}, fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and _temp_files(tmp_path) == []
    with pytest.raises(FileNotFoundError):
        nn.save({"w": 1}, tmp_path / "no_such_folder" / "model.pt")

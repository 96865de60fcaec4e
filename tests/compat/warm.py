"""A warm interpreter per library: it imports the library once, then forks one child per run.

Importing PyTorch costs more than most corpus programs take to run, so each library gets one
long-lived Python process that has imported it (and made the other library unimportable).
A run is a forked child of that process: a fresh interpreter state for the program (its own
``__main__``, working folder, stdout and stderr files), sharing only the already imported
modules, exactly as if the program's own ``import`` line had loaded them.
"""

import atexit
import os
import select
import signal
import subprocess
import sys

__all__ = ["WarmInterpreter"]

_SERVER = r'''
import os, runpy, sys, traceback
library, blocked = sys.argv[1], sys.argv[2]
sys.modules[blocked] = None  # the library not under test cannot be imported
try:
    for name in (library, library + ".nn", library + ".optim", library + ".utils.data"):
        __import__(name)
except Exception:
    pass  # a broken library fails again, visibly, in the program's own import line
requests, replies = sys.stdin, sys.stdout
for line in requests:
    folder = line.rstrip("\n")
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.chdir(folder)
            null = os.open(os.devnull, os.O_RDONLY)
            out = os.open("stdout", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            err = os.open("stderr", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(null, 0)
            os.dup2(out, 1)
            os.dup2(err, 2)
            sys.stdin = open(0, closefd=False)
            sys.argv = [os.path.join(folder, "program.py")]
            sys.path[0] = folder
            runpy.run_path(sys.argv[0], run_name="__main__")
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    replies.write(f"{pid}\n")
    replies.flush()
    _, status = os.waitpid(pid, 0)
    replies.write(f"{os.waitstatus_to_exitcode(status)}\n")
    replies.flush()
'''


class WarmInterpreter:
    """One server process for `library` ('torch' or 'backproplab'); runs one program at a time."""

    def __init__(self, library: str, env: dict):
        blocked = {"torch": "backproplab", "backproplab": "torch"}[library]
        self._process = subprocess.Popen(
            [sys.executable, "-c", _SERVER, library, blocked], env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        atexit.register(self.close)

    def start(self, folder: str) -> int:
        """Run ``folder/program.py`` in a forked child writing ``folder/stdout`` and ``stderr``;
        its pid."""
        self._process.stdin.write(folder + "\n")
        self._process.stdin.flush()
        return int(self._reply())

    def wait(self, pid: int, timeout: float):
        """The child's exit code, or None after killing it when it outlives `timeout` seconds."""
        ready, _, _ = select.select([self._process.stdout], [], [], timeout)
        if ready:
            return int(self._reply())
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:  # it ended between the timeout and the kill
            return int(self._reply())
        self._reply()
        return None

    def exited(self) -> bool:
        return self._process.poll() is not None

    def close(self):
        if self._process.poll() is None:
            self._process.stdin.close()
            self._process.wait()

    def _reply(self) -> str:
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"the warm interpreter exited with status {self._process.wait()}")
        return line

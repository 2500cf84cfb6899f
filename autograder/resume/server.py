"""The snapshot server: runs the reference's cells in order and, when asked, forks a snapshot of
itself before a cell; each snapshot forks kernels that go on from there.

Started as ``python -m autograder.resume.server SOCKET PID`` by ``autograder.resume.grader``,
it imports what the warm template imports (``autograder.pipeline.warm.PRELOAD``), runs the cells
in an IPython shell and answers one request at a time on ``SOCKET``, a line of JSON each:

- ``{"op": "cells", "cells": [...], "cwd": ...}``: the reference's code cells, in order;
- ``{"op": "snapshot", "at": K}``: run the cells up to cell ``K`` (never backwards), fork a
  snapshot there and answer ``{"socket": PATH}``.

A snapshot answers ``{"argv": [...], "env": {...}, "cwd": ...}`` on ``PATH`` with ``{"pid": P}``:
process ``P`` is a fork of it that has become an ipykernel (``ipykernel_launcher ARGV``) whose
namespace is the shell's, and ``{"op": "close"}`` by ending. Snapshots and kernels end with the
process that forked them (``PR_SET_PDEATHSIG``); the server ends with ``PID``.

Trusted code only: nothing here is sandboxed.
"""

import ctypes
import importlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from autograder.pipeline import lifetime, sandbox
from autograder.pipeline.warm import PR_SET_PDEATHSIG, PRELOAD, _reap, _receive


def serve(socket_path: str, parent: int) -> None:
    for name in PRELOAD:
        importlib.import_module(name)
    lifetime.exit_with(parent)
    shell = _shell()
    listener = _listen(socket_path)
    cells: list[str] = []
    position = 0
    while True:
        connection, _ = listener.accept()
        with connection:
            request = json.loads(_receive(connection))
            if request["op"] == "cells":
                cells, position = request["cells"], 0
                os.chdir(request["cwd"])
                reply = {"ok": True}
            elif request["at"] < position or request["at"] > len(cells):
                reply = {"error": f"cannot snapshot at cell {request['at']} from {position}"}
            else:
                for source in cells[position : request["at"]]:
                    shell.run_cell(source, store_history=False)
                position = request["at"]
                reply = {"socket": _fork_snapshot(f"{socket_path}-{position}", listener, shell)}
            connection.sendall(json.dumps(reply).encode() + b"\n")


def _shell():
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    return InteractiveShell.instance(config=config)


def _listen(path: str) -> socket.socket:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path + ".binding")
    listener.listen(16)
    os.rename(path + ".binding", path)  # the path appears only once it accepts connections
    return listener


def _fork_snapshot(path: str, server: socket.socket, shell) -> str:
    if os.path.exists(path):
        os.unlink(path)
    listener = _listen(path)
    if _fork():
        listener.close()
        return path
    server.close()
    _die_with_parent()
    signal.signal(signal.SIGCHLD, _reap)
    while True:
        connection, _ = listener.accept()
        with connection:
            request = json.loads(_receive(connection))
            if request.get("op") == "close":
                os._exit(0)
            pid = _fork()
            if pid == 0:
                listener.close()
                connection.close()
                _become_kernel(request, shell)
            connection.sendall(json.dumps({"pid": pid}).encode() + b"\n")


def _fork() -> int:
    """``os.fork``, keeping ``random``'s state in the child (``random`` reseeds itself in every
    fork, where a kernel that never forked keeps what the notebook's seed made it)."""
    state = random.getstate()
    pid = os.fork()
    if pid == 0:
        random.setstate(state)
    return pid


def _die_with_parent() -> None:
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _become_kernel(request: dict, shell) -> None:
    """In a fork of a snapshot: become ``ipykernel_launcher`` over the shell's namespace."""
    try:
        os.setsid()
        _die_with_parent()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["ipykernel_launcher", *request["argv"]]
        from ipykernel.kernelapp import IPKernelApp
        from IPython.core.interactiveshell import InteractiveShell

        from autograder.resume import probe

        namespace, generators = shell.user_ns, probe.rng_state()
        InteractiveShell.clear_instance()
        app = IPKernelApp.instance(user_ns=namespace)
        app.initialize(request["argv"])
        _inline_figures(app.shell)
        # A kernel started anew draws whatever it draws before the notebook's first cell seeds
        # the generators; this one starts after, and must leave them as the cells left them.
        probe.set_rng(generators, list(probe.GENERATORS))
        app.shell.enable_tip = False  # the banner's tip, sent with each kernel_info reply, draws
        app.start()
    finally:
        os._exit(0)


def _inline_figures(shell) -> None:
    """Close and show figures after each cell, as a kernel whose cells imported pyplot does."""
    backend = sys.modules.get("matplotlib_inline.backend_inline")
    if backend is not None and "matplotlib.pyplot" in sys.modules:
        backend.configure_inline_support(shell, "inline")


class SnapshotServer:
    """The grader's handle on a snapshot server for the reference's code ``cells``, run in
    ``folder``: started on entering the ``with`` block, ended (with its snapshots and kernels) on
    leaving it."""

    def __init__(self, folder: str, cells: list[str]):
        self.folder, self.cells = folder, cells
        self.path = os.path.join(tempfile.mkdtemp(prefix="nn-snap-"), "server")

    def __enter__(self):
        env = sandbox.kernel_env(os.environ)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "autograder.resume.server", self.path, str(os.getpid())],
            env=env,
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while not os.path.exists(self.path):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the snapshot server did not start ({self.process.poll()})")
            time.sleep(0.05)
        self._ask(self.path, {"op": "cells", "cells": self.cells, "cwd": self.folder})
        return self

    def __exit__(self, *exc):
        self.process.kill()
        self.process.wait()
        shutil.rmtree(os.path.dirname(self.path), ignore_errors=True)

    def snapshot(self, at: int) -> str:
        """The socket of a snapshot taken before code cell ``at``."""
        reply = self._ask(self.path, {"op": "snapshot", "at": at})
        if "error" in reply:
            raise RuntimeError(f"the snapshot server: {reply['error']}")
        return reply["socket"]

    def close(self, snapshot: str) -> None:
        self._ask(snapshot, {"op": "close"}, answer=False)

    @staticmethod
    def _ask(path: str, request: dict, answer: bool = True) -> dict:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.connect(path)
            connection.sendall(json.dumps(request).encode() + b"\n")
            return json.loads(_receive(connection)) if answer else {}


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]))

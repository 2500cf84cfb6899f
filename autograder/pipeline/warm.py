"""Kernels forked from a warm template that has already imported the course's libraries.

Starting a kernel and importing numpy, torch, scikit-learn, matplotlib and IPython takes about
four seconds of CPU, more than many notebooks take to run. When the code graded is trusted (the
round-trip tests grade the course's own solutions and mutants of them), each worker of the class
grader starts one template process (``python -m autograder.pipeline.warm SOCKET PID``) that imports them once;
every kernel is then a ``fork`` of it that runs ipykernel as a fresh ``ipykernel_launcher`` would,
in its own session, working folder and environment.

Never for students' code: a forked kernel runs outside the sandbox. A forked kernel ends when the
template ends (``PR_SET_PDEATHSIG``), and the template ends with the worker that started it.
"""

import ctypes
import importlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

from jupyter_client.provisioning import LocalProvisioner

from autograder.pipeline import lifetime, sandbox
from autograder.pipeline.kernels import IPCKernelManager

PRELOAD = (
    "numpy",
    "torch",
    "sklearn.datasets",
    "scipy.stats",
    "matplotlib",
    "IPython",
    "ipykernel.kernelapp",
)
LAUNCHER = ("-m", "ipykernel_launcher")
PR_SET_PDEATHSIG = 1
_template: dict = {}  # this process's template: its process and socket
_lock = threading.Lock()


def serve(socket_path: str, parent: int) -> None:
    """The template's main loop: import ``PRELOAD``, then fork a kernel for each request; end
    when the process ``parent`` (the worker that started it) ends.

    The worker names itself: a worker that ended while this process was still starting must end
    it too, and by then ``os.getppid()`` names the process it was handed to instead.
    """
    for name in PRELOAD:
        importlib.import_module(name)
    signal.signal(signal.SIGCHLD, _reap)
    lifetime.exit_with(parent)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(socket_path + ".binding")
    server.listen(16)
    os.rename(
        socket_path + ".binding", socket_path
    )  # the path appears only once it accepts connections
    while True:
        connection, _ = server.accept()
        with connection:
            request = json.loads(_receive(connection))
            pid = os.fork()
            if pid == 0:
                server.close()
                connection.close()
                _become_kernel(request)
            connection.sendall(json.dumps({"pid": pid}).encode() + b"\n")


def _receive(connection) -> bytes:
    chunks = []
    while not chunks or not chunks[-1].endswith(b"\n"):
        chunk = connection.recv(65536)
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def _reap(*_) -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _become_kernel(request: dict) -> None:
    """In the forked child: become ``ipykernel_launcher`` with the request's arguments; never return."""
    try:
        os.setsid()
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["ipykernel_launcher", *request["argv"]]
        sys.path[0] = (
            ""  # as `python -m ipykernel_launcher` run in the kernel's folder would have it
        )
        from ipykernel.kernelapp import IPKernelApp

        IPKernelApp.launch_instance(argv=request["argv"])
    finally:
        os._exit(0)


def template_socket() -> str:
    """The socket of this process's template, started (and waited for) on first use."""
    with _lock:
        if not _template or _template["process"].poll() is not None:
            folder = tempfile.mkdtemp(prefix="nn-warm-")
            path = os.path.join(folder, "template")
            process = subprocess.Popen(
                [sys.executable, "-m", "autograder.pipeline.warm", path, str(os.getpid())]
            )
            deadline = time.monotonic() + 120
            while not os.path.exists(path):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the warm kernel template did not start (exit status {process.poll()})"
                    )
                time.sleep(0.05)
            _template.update(process=process, socket=path)
        return _template["socket"]


def fork_kernel(argv: list[str], env: dict, cwd: str, socket_path: str | None = None) -> int:
    """Ask the template (or the process listening on ``socket_path``, which answers alike) for a
    kernel with ipykernel's ``argv``; return its process id."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(socket_path or template_socket())
        connection.sendall(json.dumps({"argv": argv, "env": env, "cwd": cwd}).encode() + b"\n")
        return json.loads(_receive(connection))["pid"]


class ForkedKernel:
    """The ``Popen``-like handle of a kernel that the template forked (not this process's child)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self._fd = os.pidfd_open(pid) if hasattr(os, "pidfd_open") else None

    def poll(self) -> int | None:
        return None if not lifetime.ended(self.pid, self._fd) else 0

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(0.05)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        return 0

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class WarmProvisioner(LocalProvisioner):
    """Launches an ``ipykernel_launcher`` kernel command as a fork of the template."""

    def socket_path(self) -> str | None:
        """Where the process that forks the kernel listens (``None``: this process's template)."""
        return None

    async def launch_kernel(self, cmd: list[str], **kwargs):
        if cmd[1:3] != list(LAUNCHER):
            return await super().launch_kernel(cmd, **kwargs)
        env = sandbox.kernel_env(kwargs.get("env") or os.environ)
        pid = fork_kernel(cmd[3:], env, str(kwargs.get("cwd") or os.getcwd()), self.socket_path())
        self.process = ForkedKernel(pid)
        self.pid = self.pgid = pid  # the kernel leads a session, and so a process group, of its own
        self.cwd = kwargs.get("cwd")
        return self.connection_info


class WarmKernelManager(IPCKernelManager):
    """``IPCKernelManager`` whose kernels are forks of this process's warm template."""

    async def _async_pre_start_kernel(self, **kw):
        if self.provisioner is None:
            self.provisioner = WarmProvisioner(
                kernel_id=self.kernel_id or "", kernel_spec=self.kernel_spec, parent=self
            )
        return await super()._async_pre_start_kernel(**kw)


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]))

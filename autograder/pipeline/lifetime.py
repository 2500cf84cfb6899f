"""Grading processes that end with the grading run that started them, however it ends.

A class run starts worker processes, and each worker starts kernels through the sandbox's
launcher. Killing the run (SIGKILL included) must not leave a kernel behind: jupyter_client
starts every kernel in a session of its own, out of reach of a signal to the run's process
group. So the launcher stays alive as the kernel's supervisor (``supervise``): it runs the
kernel in its own process group and kills that group, bubblewrap's sandbox with it, as soon as
its parent (the worker) or the grading run ends. Workers in turn end with the run
(``exit_with``).
"""

import os
import select
import signal
import subprocess
import threading
import time

POLL_SECONDS = 0.25


def ended(pid: int | None, fd: int | None) -> bool:
    """Whether process ``pid`` (watched through pidfd ``fd`` where there is one) has ended."""
    if pid is None:
        return False
    if fd is not None:
        return bool(select.select([fd], [], [], 0)[0])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass
    return False


def _pidfd(pid: int | None) -> int | None:
    if pid is None or not hasattr(os, "pidfd_open"):
        return None
    try:
        return os.pidfd_open(pid)
    except ProcessLookupError:
        return os.open(os.devnull, os.O_RDONLY)  # readable at once: the process has already ended
    except OSError:
        return None


def supervise(cmd: list[str], env: dict, run_pid: int | None = None) -> int:
    """Run ``cmd`` until it exits and return its exit status; kill it and everything it started if
    this process's parent or the process ``run_pid`` ends first, or on SIGTERM or SIGHUP.

    The command runs in this process's group (made its own, if it is not yet), so that a kill of
    the group by the kernel manager reaches it too.
    """
    if os.getpgrp() != os.getpid():
        os.setpgid(0, 0)
    parent, run_fd = os.getppid(), _pidfd(run_pid)
    # Before the command starts: a SIGTERM between its start and the handler would orphan it.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda *_: kill_group())
    child = subprocess.Popen(cmd, env=env)
    signal.signal(signal.SIGINT, lambda signum, _: child.send_signal(signum))
    while True:
        try:
            return child.wait(timeout=POLL_SECONDS)
        except subprocess.TimeoutExpired:
            pass
        if os.getppid() != parent or ended(run_pid, run_fd):
            kill_group()


def kill_group() -> None:
    """SIGKILL this process's group, this process last."""
    os.killpg(os.getpgrp(), signal.SIGKILL)


def exit_with(pid: int) -> None:
    """End this process as soon as its parent ``pid`` has ended (a worker pool's initializer)."""

    def watch():
        while os.getppid() == pid:
            time.sleep(POLL_SECONDS)
        os._exit(70)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()

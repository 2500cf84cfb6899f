"""Kernel managers that talk to their kernel over IPC sockets in a private folder, never TCP.

Kernels started over TCP pick free ports that another kernel starting at the same moment can
take ("Address already in use"): a race between the round-trip tests' workers, or between the
students of a class graded in parallel. IPC sockets live in a folder made for each kernel
(``mkdtemp``: mode 0700, so no other user can connect), which is removed with the kernel. On
Windows, which has no IPC transport, the managers keep TCP.

Used by ``autograder.pipeline.execute.GradingExecute`` (nbgrader's autograder and the class grader) and,
through ``tests/conftest.py``, by nbval.
"""

import os
import shutil
import tempfile

from jupyter_client.connect import ConnectionFileMixin
from jupyter_client.manager import AsyncKernelManager, KernelManager
from jupyter_client.utils import run_sync
from traitlets import default

IPC_AVAILABLE = os.name == "posix"
PREFIX = "nn-kernel-"  # short: a socket's path must fit in about 100 characters


def private_socket_prefix() -> str:
    """A fresh private folder's ``kernel`` prefix; the sockets are ``kernel-1`` … ``kernel-5``."""
    return os.path.join(tempfile.mkdtemp(prefix=PREFIX), "kernel")


def remove_socket_folder(manager) -> None:
    """Remove the private folder that ``private_socket_prefix`` made for ``manager``, if it did."""
    folder = os.path.dirname(manager.ip)
    if manager.transport == "ipc" and os.path.basename(folder).startswith(PREFIX):
        shutil.rmtree(folder, ignore_errors=True)


class PrivateIPC(ConnectionFileMixin):
    """Makes a kernel manager listen on IPC sockets in a folder of its own (TCP on Windows)."""

    @default("transport")
    def _transport_default(self) -> str:
        return "ipc" if IPC_AVAILABLE else "tcp"

    @default("ip")
    def _ip_default(self) -> str:
        return private_socket_prefix() if self.transport == "ipc" else super()._ip_default()

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            remove_socket_folder(self)


class IPCKernelManager(PrivateIPC, AsyncKernelManager):
    """nbclient's ``AsyncKernelManager`` over private IPC sockets."""

    cleanup_resources = PrivateIPC._async_cleanup_resources


class SyncIPCKernelManager(PrivateIPC, KernelManager):
    """The blocking ``KernelManager`` (nbval's) over private IPC sockets."""

    cleanup_resources = run_sync(PrivateIPC._async_cleanup_resources)

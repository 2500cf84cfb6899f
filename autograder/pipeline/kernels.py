"""Kernel managers that talk to their kernel over IPC sockets in a private folder, never TCP.

Kernels started over TCP pick free ports that another kernel starting at the same moment can
take ("Address already in use"): a race between the round-trip tests' workers, or between the
students of a class graded in parallel. IPC sockets live in a folder made for each kernel
(``mkdtemp``: mode 0700, so no other user can connect), which is removed with the kernel. On
Windows, which has no IPC transport, the managers keep TCP.

They also leave out two waits of jupyter_client's that every kernel pays for nothing: 0.2 s of
silence on IOPub before a kernel counts as ready (``ReadyClient``), and up to 0.1 s between
checks that a killed kernel has ended. Together a third of a second for each student graded.

Used by ``autograder.pipeline.execute.GradingExecute`` (nbgrader's autograder and the class grader) and,
through ``tests/conftest.py``, by nbval.
"""

import os
import shutil
import tempfile
import time
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
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
    """Makes a kernel manager listen on IPC sockets in a folder of its own (TCP on Windows), and
    check every 10 ms, not 0.1 s, whether a killed kernel has ended."""

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

    async def _async_wait(self, pollinterval: float = 0.01) -> None:
        await super()._async_wait(pollinterval)


class ReadyClient(AsyncKernelClient):
    """jupyter_client's async client, ready as soon as the kernel has answered.

    jupyter_client's ``wait_for_ready`` ends by reading IOPub until it has been silent for 0.2 s,
    to drop the status messages of the kernel's first reply: 0.2 s of every kernel start spent
    waiting. nbclient takes from IOPub only the messages whose parent is its own request, so
    those need not be dropped; the rest of the wait is jupyter_client's.
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                pass
            else:
                if reply["msg_type"] == "kernel_info_reply":
                    try:  # IOPub is connected once a message (the reply's status) comes through
                        await self.iopub_channel.get_msg(timeout=0.2)
                    except Empty:
                        pass
                    else:
                        self._handle_kernel_info_reply(reply)
                        return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")


class IPCKernelManager(PrivateIPC, AsyncKernelManager):
    """nbclient's ``AsyncKernelManager`` over private IPC sockets, with a ``ReadyClient``."""

    cleanup_resources = PrivateIPC._async_cleanup_resources

    @default("client_factory")
    def _client_factory_default(self) -> type:
        return ReadyClient


class SyncIPCKernelManager(PrivateIPC, KernelManager):
    """The blocking ``KernelManager`` (nbval's) over private IPC sockets."""

    cleanup_resources = run_sync(PrivateIPC._async_cleanup_resources)

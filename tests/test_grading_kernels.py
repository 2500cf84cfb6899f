"""Do the kernels the course's tooling starts come up over private IPC sockets, many at once,
without waits that need not be, and is a kernel that dies before the first cell started again,
and reported when it never starts?"""

import asyncio
import json
import os
import sys
from queue import Empty

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.pipeline.execute import KERNEL_START_FAILED, GradingExecute, KernelStartError
from autograder.pipeline.kernels import IPCKernelManager, ReadyClient
from autograder.tools import benchmark

KERNELS_AT_ONCE = (
    8  # more than the grader's default pool of 2 workers, and than the machine's cores
)


async def start_and_ask(index: int) -> tuple[str, str, bool]:
    km = IPCKernelManager(kernel_name="python3")
    await km.start_kernel()
    client = km.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=120)
        reply = await client.execute_interactive(
            f"answer = {index} * 2", timeout=60, user_expressions={"answer": "answer"}
        )
        transport = json.loads(open(km.connection_file).read())["transport"]
    finally:
        client.stop_channels()
        await km.shutdown_kernel(now=True)
    folder_left = os.path.exists(os.path.dirname(km.ip))
    return (
        transport,
        reply["content"]["user_expressions"]["answer"]["data"]["text/plain"],
        folder_left,
    )


def test_many_kernels_started_at_once_all_come_up_over_ipc_and_leave_no_sockets():
    async def all_at_once():
        return await asyncio.gather(*(start_and_ask(i) for i in range(KERNELS_AT_ONCE)))

    results = asyncio.run(all_at_once())
    assert [transport for transport, _, _ in results] == ["ipc"] * KERNELS_AT_ONCE
    assert [answer for _, answer, _ in results] == [str(2 * i) for i in range(KERNELS_AT_ONCE)]
    assert not any(left for _, _, left in results), "a kernel's socket folder was left behind"


async def started(km: IPCKernelManager, record_iopub: list):
    """A ready client of a kernel started by ``km``; what its IOPub reads got, in ``record_iopub``."""
    await km.start_kernel()
    client = km.client()
    client.start_channels()
    get_msg = client.iopub_channel.get_msg

    async def recorded(*args, **kwargs):
        try:
            msg = await get_msg(*args, **kwargs)
        except Empty:
            record_iopub.append("empty")
            raise
        record_iopub.append(msg["msg_type"])
        return msg

    client.iopub_channel.get_msg = recorded
    await client.wait_for_ready(timeout=120)
    client.iopub_channel.get_msg = get_msg
    return client


def test_a_client_is_ready_when_iopub_delivers_without_waiting_for_it_to_fall_silent():
    """jupyter_client's own client reads IOPub until a read finds nothing in 0.2 s; the course's
    stops at the first message, and the first cell's output still arrives whole."""

    async def ready_then_run():
        km, reads = IPCKernelManager(kernel_name="python3"), []
        client = await started(km, reads)
        printed = []
        try:
            reply = await client.execute_interactive(
                "print('first', 6 * 7)",
                timeout=60,
                output_hook=lambda msg: printed.append(msg["content"].get("text")),
            )
        finally:
            client.stop_channels()
            await km.shutdown_kernel(now=True)
        return type(client), reads, reply["content"]["status"], [t for t in printed if t]

    kind, reads, status, printed = asyncio.run(ready_then_run())
    assert kind is ReadyClient
    assert reads and reads[-1] != "empty", f"the client waited for IOPub to fall silent: {reads}"
    assert (status, printed) == ("ok", ["first 42\n"])


def test_a_killed_kernel_is_checked_on_every_10_ms():
    """jupyter_client checks every 0.1 s whether a killed kernel has ended."""

    async def start_and_kill():
        km = IPCKernelManager(kernel_name="python3")
        client = await started(km, [])
        client.stop_channels()
        delays, real_sleep = [], asyncio.sleep

        async def recorded(delay, *args):
            delays.append(delay)
            return await real_sleep(delay, *args)

        asyncio.sleep = recorded
        try:
            await km.shutdown_kernel(now=True)
        finally:
            asyncio.sleep = real_sleep
        return delays, km.has_kernel

    delays, alive = asyncio.run(start_and_kill())
    assert not alive
    assert all(delay <= 0.01 for delay in delays), f"checks {max(delays)} s apart"


def test_nbval_starts_its_kernels_over_ipc():
    from nbval.kernel import RunningKernel

    kernel = RunningKernel("python3")
    try:
        assert kernel.km.transport == "ipc" and kernel.km.ip.endswith("/kernel")
    finally:
        kernel.stop()


def test_the_benchmark_starts_its_kernels_over_ipc(tmp_path):
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import json, ipykernel\n"
                "transport = json.load(open(ipykernel.get_connection_file()))['transport']\n"
                "print(transport)"
            )
        ]
    )
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, path)
    client = benchmark.notebook_client(nbformat.read(path, as_version=4), str(tmp_path))
    executed = client.execute()
    assert executed.cells[0].outputs[0]["text"] == "ipc\n"


def test_the_benchmark_times_notebooks_two_at_once_and_reports_them_in_order(tmp_path, capsys):
    paths = []
    for name, seconds in (("slow", 12.0), ("fast", 0.0), ("also_fast", 0.0)):
        cell = nbformat.v4.new_code_cell(
            f"import time\nstarted = time.time()\ntime.sleep({seconds})\n"
            f"open({str(tmp_path / name)!r}, 'w').write(f'{{started}} {{time.time()}}')"
        )
        paths.append(tmp_path / f"{name}.ipynb")
        nbformat.write(nbformat.v4.new_notebook(cells=[cell]), paths[-1])
    status = benchmark.main([*map(str, paths), "--jobs", "2", "--budget", "10"])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(map(str, paths))
    assert [line.endswith("OVER BUDGET") for line in lines] == [True, False, False]
    assert status == 1
    slow, fast = ([*map(float, (tmp_path / n).read_text().split())] for n in ("slow", "fast"))
    assert fast[0] < slow[1], "the second notebook waited for the first"


class FlakyStart(IPCKernelManager):
    """Kernels whose first ``failures`` starts (counted over all instances) die at once."""

    failures = 1
    starts = 0

    def format_kernel_cmd(self, extra_arguments=None):
        FlakyStart.starts += 1
        if FlakyStart.starts <= FlakyStart.failures:
            return [sys.executable, "-c", "raise SystemExit(3)"]
        return super().format_kernel_cmd(extra_arguments)


def one_cell_notebook():
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])


def test_a_kernel_that_dies_before_the_first_cell_is_started_again(tmp_path):
    FlakyStart.failures, FlakyStart.starts = 1, 0
    executor = GradingExecute(kernel_manager_class=FlakyStart, timeout=60, startup_timeout=60)
    nb, _ = executor.preprocess(one_cell_notebook(), {"metadata": {"path": str(tmp_path)}})
    assert FlakyStart.starts == 2
    assert nb.cells[0].outputs[0]["text"] == "42\n"


def test_a_kernel_that_never_starts_raises_after_the_last_try(tmp_path):
    FlakyStart.failures, FlakyStart.starts = 10, 0
    executor = GradingExecute(
        kernel_manager_class=FlakyStart, timeout=60, startup_timeout=60, kernel_start_attempts=2
    )
    with pytest.raises(KernelStartError, match=f"{KERNEL_START_FAILED} in 2 tries"):
        executor.preprocess(one_cell_notebook(), {"metadata": {"path": str(tmp_path)}})
    assert FlakyStart.starts == 2


def test_nbclient_without_the_course_manager_would_use_tcp():
    """The control: nbclient's own default is TCP, so the tests above can fail."""
    client = NotebookClient(one_cell_notebook(), kernel_name="python3")
    assert client.create_kernel_manager().transport == "tcp"

"""Does a kernel forked from the warm template behave like a fresh one, and end with the template?"""

import asyncio
import os
import signal
import subprocess
import sys
import time

import pytest

from autograder.pipeline import warm
from autograder.pipeline.batch import GradingOptions
from tests.processes import ended

PROBE = (
    "import os, sys; print(os.getcwd(), os.environ.get('PROBE'), os.environ.get('NBGRADER_EXECUTION'), "
    "os.getpid(), os.getsid(0) == os.getpid(), 'torch' in sys.modules, sys.path[0] == '')"
)


async def probe(folder) -> tuple[list[str], int]:
    km = warm.WarmKernelManager(kernel_name="python3")
    await km.start_kernel(
        cwd=str(folder), env={**os.environ, "PROBE": "seen", "NBGRADER_EXECUTION": "autograde"}
    )
    client = km.client()
    client.start_channels()
    lines = []
    try:
        await client.wait_for_ready(timeout=120)
        await client.execute_interactive(
            PROBE, timeout=60, output_hook=lambda msg: lines.append(msg["content"].get("text", ""))
        )
    finally:
        client.stop_channels()
        pid = km.provisioner.pid
        await km.shutdown_kernel(now=True)
    return "".join(lines).split(), pid


def test_a_warm_kernel_runs_in_its_folder_environment_and_session_with_the_libraries_loaded(
    tmp_path,
):
    (cwd, value, grading, pid, leads_session, torch_loaded, path), kernel_pid = asyncio.run(
        probe(tmp_path)
    )
    assert (cwd, value, grading) == (str(tmp_path), "seen", "None")
    assert int(pid) == kernel_pid != os.getpid() and leads_session == "True"
    assert torch_loaded == "True" and path == "True"


def test_kernels_end_with_their_template(tmp_path):
    asyncio.run(probe(tmp_path))  # the template is up
    km = warm.WarmKernelManager(kernel_name="python3")
    asyncio.run(km.start_kernel(cwd=str(tmp_path)))
    kernel = km.provisioner.process
    os.kill(warm._template["process"].pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while kernel.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert kernel.poll() is not None, "a forked kernel outlived its template"
    asyncio.run(km.cleanup_resources())


def test_warm_kernels_are_refused_inside_the_sandbox():
    with pytest.raises(ValueError, match="warm kernels run outside the sandbox"):
        GradingOptions(warm=True)


def test_the_first_kernel_of_a_new_template_starts(tmp_path):
    """The template's socket must accept connections as soon as its path exists."""
    for _ in range(2):
        if warm._template:
            os.kill(warm._template["process"].pid, signal.SIGKILL)
            warm._template["process"].wait()
        asyncio.run(probe(tmp_path))


def test_a_template_whose_worker_ends_while_it_imports_ends_too(tmp_path):
    start = (
        "import os, subprocess, sys; print(subprocess.Popen([sys.executable, '-m', "
        f"'autograder.pipeline.warm', {str(tmp_path / 'template')!r}, str(os.getpid())], "
        "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).pid)"
    )
    worker = subprocess.run([sys.executable, "-c", start], capture_output=True, text=True)
    template = int(worker.stdout)  # the worker has ended; its template is still importing
    deadline = time.monotonic() + 120
    while not ended(template) and time.monotonic() < deadline:
        time.sleep(0.2)
    if not ended(template):
        os.kill(template, signal.SIGKILL)
        pytest.fail("a template outlived the worker that started it")

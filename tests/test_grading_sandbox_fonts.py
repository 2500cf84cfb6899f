"""Does a sandboxed kernel load matplotlib's font list from the copy the grader hands it, rather
than search the system's fonts again in its empty MPLCONFIGDIR?"""

import ast
import asyncio
import json
import os
from pathlib import Path

import pytest

from autograder.pipeline import sandbox
from autograder.pipeline.kernels import IPCKernelManager

NO_SANDBOX = sandbox.unavailable_reason()
pytestmark = pytest.mark.skipif(
    NO_SANDBOX is not None and not os.environ.get("CI"), reason=f"no sandbox here: {NO_SANDBOX}"
)
MARKER = "handed in by the grader"
# The kernel's font list's marker, matplotlib's cache folder and what that folder holds.
PROBE = (
    "(lambda os, mpl, fm: (fm.fontManager.__dict__.get('marker'), mpl.get_cachedir(),"
    " sorted(os.listdir(mpl.get_cachedir()))))"
    "(__import__('os'), __import__('matplotlib'), __import__('matplotlib.font_manager',"
    " fromlist=['fontManager']))"
)


def marked_font_list(folder: Path) -> Path:
    """This machine's font list with one key more, which only a kernel that loaded it has."""
    source = Path(sandbox.font_list())
    path = folder / source.name
    font_list = json.loads(source.read_text())
    path.write_text(json.dumps({**font_list, "marker": MARKER}))
    return path


def sandbox_env(tmp_path: Path, fonts: str | None, monkeypatch) -> None:
    """The environment a worker gives the launcher, with ``fonts`` handed in."""
    for folder in ("run", "student", "course"):
        (tmp_path / folder).mkdir()
    sandbox.write_kernelspec(tmp_path / "run" / "jupyter")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "run" / "jupyter"))
    settings = sandbox.settings_env(tmp_path / "course", [], sandbox.Limits(), fonts=fonts)
    for name, value in settings.items():
        monkeypatch.setenv(name, value)


async def evaluate_in_sandbox(tmp_path: Path, expression: str) -> str:
    """``expression``'s value in a sandboxed kernel started as the class grader starts one."""
    run, student = tmp_path / "run", tmp_path / "student"
    km = IPCKernelManager(kernel_name=sandbox.KERNEL_NAME, transport="ipc", ip=str(run / "kernel"))
    await km.start_kernel(cwd=str(student))
    client = km.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=120)
        reply = await client.execute_interactive(
            "", timeout=120, user_expressions={"probe": expression}
        )
    finally:
        client.stop_channels()
        await km.shutdown_kernel(now=True)
    return reply["content"]["user_expressions"]["probe"]["data"]["text/plain"]


def test_the_kernel_loads_the_font_list_it_was_handed(tmp_path, monkeypatch):
    fonts = marked_font_list(tmp_path)
    sandbox_env(tmp_path, str(fonts), monkeypatch)
    marker, cache, files = ast.literal_eval(asyncio.run(evaluate_in_sandbox(tmp_path, PROBE)))
    assert marker == MARKER, "the kernel built its own font list instead of loading the copy"
    assert cache == str(tmp_path / "run" / "matplotlib")
    assert files == [fonts.name]


def test_without_a_font_list_the_kernel_builds_its_own(tmp_path, monkeypatch):
    """The control: the marker comes only from the copy, and the kernel still has a font list."""
    sandbox_env(tmp_path, None, monkeypatch)
    marker, _, files = ast.literal_eval(asyncio.run(evaluate_in_sandbox(tmp_path, PROBE)))
    assert marker is None
    assert files == [Path(sandbox.font_list()).name]

"""Does the sandbox launcher hide the course, bind back what the kernel needs, and say why it cannot run?"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.pipeline import sandbox

STUDENT = Path("/course/autograded/ada/00_setup")
RUN = Path("/scratch/grade-ada")


def pairs(cmd, flag):
    return [
        tuple(cmd[i + 1 : i + 3]) if flag.endswith("bind") else cmd[i + 1]
        for i, a in enumerate(cmd)
        if a == flag
    ]


def test_bwrap_command_hides_the_course_and_binds_back_only_the_student_folder(tmp_path):
    gradebook = tmp_path / "gradebook.db"
    gradebook.write_text("")
    cmd = sandbox.bwrap_command(
        STUDENT, RUN, [tmp_path, gradebook, tmp_path / "absent"], sandbox.Limits(), uid=61001
    )
    assert {"--unshare-net", "--unshare-pid", "--die-with-parent"} <= set(cmd)
    assert "--new-session" not in cmd  # the sandbox stays in its supervisor's process group
    assert str(tmp_path) in pairs(cmd, "--tmpfs") and "/tmp" in pairs(cmd, "--tmpfs")
    assert ("/dev/null", str(gradebook)) in pairs(cmd, "--ro-bind")
    assert str(tmp_path / "absent") not in cmd
    assert pairs(cmd, "--bind") == [(str(STUDENT), str(STUDENT)), (str(RUN), str(RUN))]
    assert (sys.prefix, sys.prefix) in pairs(cmd, "--ro-bind")


def test_bwrap_command_applies_every_limit_and_drops_root():
    limits = sandbox.Limits(
        memory_bytes=1 << 30, cpu_seconds=30, processes=16, file_bytes=1 << 20, open_files=64
    )
    cmd = sandbox.bwrap_command(STUDENT, RUN, [], limits, uid=61001)
    assert cmd[cmd.index("prlimit") + 1 : cmd.index("--", cmd.index("prlimit"))] == [
        f"--as={1 << 30}",
        "--cpu=30",
        "--nproc=16",
        f"--fsize={1 << 20}",
        "--nofile=64",
    ]
    assert cmd[-4:] == ["setpriv", "--reuid=61001", "--regid=61001", "--clear-groups"]
    assert "setpriv" not in sandbox.bwrap_command(STUDENT, RUN, [], limits, uid=None)


def test_settings_give_each_kernel_its_own_user_and_the_run_it_ends_with():
    first = json.loads(
        sandbox.settings_env(Path("/course"), [], sandbox.Limits(), slot=0)[
            sandbox.SETTINGS_ENV_VAR
        ]
    )
    second = json.loads(
        sandbox.settings_env(Path("/course"), [], sandbox.Limits(), slot=1, run_pid=4242)[
            sandbox.SETTINGS_ENV_VAR
        ]
    )
    assert (
        second["uid"] == first["uid"] + 1
        and first["course_root"] == "/course"
        and first["sandboxed"]
    )
    assert (first["run_pid"], second["run_pid"]) == (None, 4242)


def test_kernelspec_runs_the_launcher_and_interrupts_by_message(tmp_path):
    folder = sandbox.write_kernelspec(tmp_path)
    spec = json.loads((folder / "kernel.json").read_text())
    assert folder == tmp_path / "kernels" / sandbox.KERNEL_NAME
    assert spec["argv"] == [
        sys.executable,
        str(Path(sandbox.__file__).resolve()),
        "{connection_file}",
    ]
    assert spec["interrupt_mode"] == "message"


def test_the_launcher_starts_without_importing_numpy():
    code = (
        "import runpy, sys; sys.argv = [sys.argv[0]]; "
        f"runpy.run_path({sandbox.__file__!r}, run_name='launcher'); "
        "print('numpy' in sys.modules, 'autograder' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_kernel_manager_config_uses_ipc_sockets_in_the_run_folder():
    assert sandbox.kernel_manager_config(RUN) == {
        "Execute.kernel_name": sandbox.KERNEL_NAME,
        "KernelManager.transport": "ipc",
        "KernelManager.ip": str(RUN / "kernel"),
    }


def test_no_sandbox_off_linux(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    assert sandbox.unavailable_reason() == "bubblewrap needs Linux; this is darwin"


def test_no_sandbox_without_bwrap(monkeypatch):
    monkeypatch.setattr(
        sandbox.shutil, "which", lambda tool: None if tool == "bwrap" else f"/usr/bin/{tool}"
    )
    assert (
        sandbox.unavailable_reason()
        == "bwrap is not installed (Debian/Ubuntu: apt install bubblewrap)"
    )


def test_launcher_refuses_tcp_when_sandboxed(tmp_path, monkeypatch):
    connection = tmp_path / "kernel.json"
    connection.write_text(json.dumps({"transport": "tcp", "ip": "127.0.0.1"}))
    monkeypatch.setenv(sandbox.SETTINGS_ENV_VAR, json.dumps({"sandboxed": True}))
    with pytest.raises(SystemExit, match="needs KernelManager.transport = 'ipc'"):
        sandbox.launch(str(connection))

"""A sandboxed Python kernel for grading untrusted notebooks, built on Linux's bubblewrap.

nbgrader starts kernels through a kernelspec. The kernelspec written by ``write_kernelspec``
runs this file, ``python …/autograder/pipeline/sandbox.py {connection_file}``, as a script, not as
``-m autograder.pipeline.sandbox``: importing the ``autograder`` package imports numpy (its checks),
a cost every student's kernel would pay for nothing. This launcher, outside the sandbox,
copies the connection file into the run folder and starts ``bwrap``, which starts ipykernel with

- no network (a network namespace of its own) and its own process namespace;
- a read-only view of the system, in which the course folder, /tmp and the home folders are
  empty, with the Python environment, the ``course`` package, the checks and the guard (not the
  grading pipeline) and the student's own folder (read-write) bound back in;
- limits on memory, CPU time, processes, file size and open files;
- when the grader runs as root, an unprivileged user of its own for each kernel, since Linux
  does not apply the process limit to root.

The launcher stays as the kernel's supervisor (``autograder.pipeline.lifetime``): when the grading run
ends, however it ends, it kills the sandbox. The client must reach the kernel through IPC sockets
in the run folder (TCP cannot cross the
network namespace): ``kernel_manager_config`` gives those settings.
"""

import functools
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, replace
from pathlib import Path

if __package__:
    from autograder.pipeline import lifetime
else:  # started as a script by the kernelspec: lifetime (stdlib only) without the package
    sys.path.pop(0)  # this file's folder, which Python puts first for a script
    _spec = importlib.util.spec_from_file_location(
        "lifetime", Path(__file__).with_name("lifetime.py")
    )
    lifetime = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(lifetime)

KERNEL_NAME = "nn-architectures-sandbox"
SETTINGS_ENV_VAR = "NN_SANDBOX_SETTINGS"
SANDBOX_UID = 61000
SANDBOX_USERS = 4000  # SANDBOX_UID to SANDBOX_UID + 3999
_DROPPED_ENV = ("JPY_PARENT_PID", "NBGRADER_EXECUTION", "NBGRADER_VALIDATING", SETTINGS_ENV_VAR)


@dataclass(frozen=True)
class Limits:
    """Resource limits of one student's kernel.

    Args:
        memory_bytes: address space (``RLIMIT_AS``); importing torch takes about 0.7 GB.
        cpu_seconds: CPU time of the kernel process (``RLIMIT_CPU``).
        processes: processes and threads of the sandbox user (``RLIMIT_NPROC``).
        file_bytes: largest file the kernel may write (``RLIMIT_FSIZE``).
        open_files: open file descriptors (``RLIMIT_NOFILE``).
    """

    memory_bytes: int = 4 << 30
    cpu_seconds: int = 600
    processes: int = 256
    file_bytes: int = 64 << 20
    open_files: int = 1024


def unavailable_reason() -> str | None:
    """Why kernels cannot be sandboxed on this machine, or ``None`` when they can."""
    if not sys.platform.startswith("linux"):
        return f"bubblewrap needs Linux; this is {sys.platform}"
    for tool, package in (
        ("bwrap", "bubblewrap"),
        ("prlimit", "util-linux"),
        ("setpriv", "util-linux"),
    ):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Debian/Ubuntu: apt install {package})"
    probe = subprocess.run(
        [
            "bwrap",
            "--ro-bind",
            "/",
            "/",
            "--unshare-net",
            "--unshare-pid",
            "--dev",
            "/dev",
            "--proc",
            "/proc",
            "true",
        ],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        return f"bwrap cannot create namespaces here ({probe.stderr.strip()[:200]})"
    return None


def write_kernelspec(data_dir: Path) -> Path:
    """Write the sandbox kernelspec under ``data_dir/kernels``; add ``data_dir`` to ``JUPYTER_PATH``."""
    folder = Path(data_dir) / "kernels" / KERNEL_NAME
    folder.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, str(Path(__file__).resolve()), "{connection_file}"],
        "display_name": "Python 3 (sandboxed grading)",
        "language": "python",
        "interrupt_mode": "message",  # a signal to bwrap would not reach the kernel
        "metadata": {"debugger": False},
    }
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1))
    return folder


def kernel_manager_config(run_dir: Path) -> dict:
    """nbgrader command-line settings that make it start this kernel over IPC in ``run_dir``."""
    return {
        "Execute.kernel_name": KERNEL_NAME,
        "KernelManager.transport": "ipc",
        "KernelManager.ip": str(Path(run_dir) / "kernel"),
    }


def settings_env(
    course_root: Path,
    masked_paths: list[Path],
    limits: Limits,
    slot: int = 0,
    sandboxed: bool = True,
    run_pid: int | None = None,
    fonts: str | None = None,
) -> dict:
    """Environment that tells the launcher what to mask (the course folder and ``masked_paths``:
    emptied in the sandbox) and which limits to apply.

    ``slot`` numbers the kernel: under root each kernel runs as a user of its own,
    ``SANDBOX_UID + slot``, so that the processes of one student's fork bomb, even while they are
    still being killed, do not count against the next student's. The kernel is killed when the
    process ``run_pid`` (the grading run) ends. The paths bound back into the sandbox are found
    here, once per worker, so that the launcher need not import the packages to find them.
    ``fonts``: matplotlib's font list (``font_list``), copied into the kernel's empty
    ``MPLCONFIGDIR``.
    """
    settings = {
        "exposed": _exposed_paths(),
        "course_root": str(course_root),
        "masked_paths": [str(p) for p in masked_paths],
        "limits": asdict(limits),
        "uid": SANDBOX_UID + slot,
        "sandboxed": sandboxed,
        "run_pid": run_pid,
        "fonts": fonts,
    }
    return {SETTINGS_ENV_VAR: json.dumps(settings)}


def bwrap_command(
    student_dir: Path,
    run_dir: Path,
    masked_paths: list[Path],
    limits: Limits,
    uid: int | None,
    exposed: list[str] | None = None,
) -> list[str]:
    """The ``bwrap … prlimit … [setpriv …]`` prefix that starts a command in the sandbox.

    No ``--new-session``: the sandbox stays in its supervisor's process group, so that killing the
    group kills the sandbox's first process and with it every process in its pid namespace. The
    kernel has no terminal to inject keystrokes into: jupyter_client starts it in a new session.
    """
    cmd = [
        "bwrap",
        "--die-with-parent",
        "--unshare-net",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--ro-bind",
        "/",
        "/",
        "--dev",
        "/dev",
        "--proc",
        "/proc",
    ]
    cmd += ["--perms", "1777", "--tmpfs", "/tmp", "--perms", "1777", "--tmpfs", "/dev/shm"]
    emptied = ["/tmp", "/dev/shm"]
    for path in ["/home", "/root", "/run", *map(str, masked_paths)]:
        if os.path.isdir(path):
            cmd += ["--tmpfs", path]
            emptied.append(path)
        elif os.path.exists(path):  # a file, such as a gradebook kept outside the course
            cmd += ["--ro-bind", "/dev/null", path]
    exposed = _exposed_paths() if exposed is None else exposed
    bound = [*exposed, str(student_dir), str(run_dir)]
    # Folders leading to a bound path inside an emptied one would be made 0700, closed to the kernel's user.
    for folder in sorted(
        {
            str(a)
            for p in bound
            for a in Path(p).parents
            if any(str(a).startswith(e.rstrip("/") + "/") for e in emptied)
        },
        key=len,
    ):
        cmd += ["--perms", "0755", "--dir", folder]
    for path in exposed:
        cmd += ["--ro-bind", path, path]
    for path in (student_dir, run_dir):
        cmd += ["--bind", str(path), str(path)]
    cmd += [
        "--chdir",
        str(student_dir),
        "--setenv",
        "HOME",
        str(student_dir),
        "--setenv",
        "MPLCONFIGDIR",
        str(run_dir / "matplotlib"),
        "--setenv",
        "IPYTHONDIR",
        str(run_dir / "ipython"),
    ]
    cmd += [
        "prlimit",
        f"--as={limits.memory_bytes}",
        f"--cpu={limits.cpu_seconds}",
        f"--nproc={limits.processes}",
        f"--fsize={limits.file_bytes}",
        f"--nofile={limits.open_files}",
        "--",
    ]
    if uid is not None:
        cmd += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups"]
    return cmd


def font_list() -> str | None:
    """The font list that matplotlib keeps in its cache folder, built there if it was not yet.

    Each sandboxed kernel starts with an empty ``MPLCONFIGDIR``, in which importing matplotlib
    spends about 0.2 s of CPU finding the system's fonts again (``fc-list``), the same for every
    student; a copy of this file spares it. Imports matplotlib.
    """
    from matplotlib import font_manager, get_cachedir

    path = Path(get_cachedir()) / f"fontlist-v{font_manager.FontManager.__version__}.json"
    return str(path) if path.is_file() else None


def _processes_of(uid: int) -> int:
    """Processes and threads that ``uid`` runs now."""
    count = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("Uid", "").split()[:1] == [str(uid)]:
            count += int(fields.get("Threads", "1").strip() or 1)
    return count


# What of the course's code a student's kernel sees: the helpers, the checks and the guard (found,
# not imported: importing course loads torch). The grading pipeline is not among them.
KERNEL_PACKAGES = ("course", "autograder.checks", "autograder.guard")


@functools.cache
def _exposed_paths() -> list[str]:
    """The Python installation, the environment and the packages a notebook imports, read-only."""
    paths = {sys.base_prefix, sys.prefix, os.path.realpath(sys.executable)}
    top = importlib.util.find_spec("autograder")
    paths |= (
        {top.origin} if top and top.origin else set()
    )  # autograder/__init__.py: the checks' names
    for package in KERNEL_PACKAGES:
        spec = importlib.util.find_spec(package)
        paths |= set(spec.submodule_search_locations or []) if spec else set()
    return sorted(p for p in paths if os.path.exists(p))


def kernel_env(environ) -> dict:
    """A grading kernel's environment: ``environ`` without the grader's own variables, one thread.

    ``JPY_PARENT_PID=1`` tells ipykernel it has a parent (so it prints no banner for a terminal)
    that it must not watch: its parent is the supervisor, not the client that set the variable,
    and the supervisor ends it (``autograder.pipeline.lifetime``).
    """
    env = {k: v for k, v in environ.items() if k not in _DROPPED_ENV}
    env.update(OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", MALLOC_ARENA_MAX="2", JPY_PARENT_PID="1")
    return env


def launch(connection_file: str) -> None:
    """Start the grading kernel and supervise it, in the sandbox unless the settings say not."""
    settings = json.loads(os.environ[SETTINGS_ENV_VAR])
    env = kernel_env(os.environ)
    kernel = [
        sys.executable,
        "-m",
        "ipykernel_launcher",
        "--HistoryManager.hist_file=:memory:",
        "-f",
    ]
    if not settings["sandboxed"]:
        sys.exit(lifetime.supervise(kernel + [connection_file], env, settings.get("run_pid")))
    info = json.loads(Path(connection_file).read_text())
    if info.get("transport") != "ipc":
        raise SystemExit(
            "the sandboxed kernel needs KernelManager.transport = 'ipc'; "
            "TCP cannot reach a kernel without network access"
        )
    run_dir = Path(info["ip"]).parent
    student_dir = Path.cwd()
    uid = settings["uid"] if os.geteuid() == 0 else None
    inner = run_dir / "connection.json"
    inner.write_text(json.dumps(info))
    for name in ("matplotlib", "ipython"):
        (run_dir / name).mkdir(exist_ok=True)
    owned = [student_dir, run_dir, run_dir / "matplotlib", run_dir / "ipython"]
    if settings.get("fonts") and os.path.isfile(settings["fonts"]):
        owned.append(Path(shutil.copy(settings["fonts"], run_dir / "matplotlib")))
    if uid is not None:
        for path in owned:
            os.chown(path, uid, uid)
        os.chmod(inner, 0o644)
    limits = Limits(**settings["limits"])
    if uid is None:  # the process limit counts every process of this user, not only the kernel's
        limits = replace(limits, processes=limits.processes + _processes_of(os.getuid()))
    masked = [Path(settings["course_root"]), *map(Path, settings["masked_paths"])]
    cmd = bwrap_command(student_dir, run_dir, masked, limits, uid, settings.get("exposed"))
    cmd += kernel + [str(inner)]
    sys.exit(lifetime.supervise(cmd, env, settings.get("run_pid")))


if __name__ == "__main__":
    launch(sys.argv[1])

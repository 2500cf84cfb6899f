"""Does a supervised kernel end when the grading run that started it ends, however it ends?"""

import subprocess
import sys
import time
import uuid

from tests.processes import command_lines_naming

SLEEPER = "import time; time.sleep(300)"


def naming(marker: str) -> int:
    """How many live processes have ``marker`` in their command line."""
    return len(command_lines_naming(marker))


def wait_for(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def supervisor(command: str, run_pid: int | None) -> subprocess.Popen:
    """``lifetime.supervise`` of ``python -c command`` in a session of its own, as jupyter_client
    starts it."""
    script = (
        "import sys; from autograder.pipeline import lifetime; "
        f"sys.exit(lifetime.supervise([sys.executable, '-c', {command!r}], {{}}, {run_pid}))"
    )
    return subprocess.Popen([sys.executable, "-c", script], start_new_session=True)


def test_the_supervisor_returns_the_exit_status_of_its_command():
    assert supervisor("raise SystemExit(7)", None).wait(timeout=60) == 7


def test_a_supervised_command_and_its_children_end_when_the_run_is_killed():
    marker = f"marker-{uuid.uuid4().hex}"
    run = subprocess.Popen(
        [sys.executable, "-c", SLEEPER]
    )  # stands in for `python -m autograder grade`
    child = (
        f"import subprocess, sys; subprocess.Popen([sys.executable, '-c', {SLEEPER + '  # ' + marker!r}]); "
        f"{SLEEPER}  # {marker}"
    )
    watched = supervisor(child, run.pid)
    try:
        # the supervisor (whose command line holds the command), the command and the command's child
        assert wait_for(lambda: naming(marker) == 3), "the supervised command did not start"
        run.kill()
        run.wait()
        assert wait_for(lambda: naming(marker) == 0), f"{naming(marker)} processes outlived the run"
        assert watched.wait(timeout=10) == -9
    finally:
        watched.kill()


def test_a_supervised_command_ends_when_the_supervisor_is_terminated():
    marker = f"marker-{uuid.uuid4().hex}"
    watched = supervisor(f"{SLEEPER}  # {marker}", None)
    assert wait_for(lambda: naming(marker) == 2)  # the supervisor and its command
    watched.terminate()
    assert wait_for(lambda: naming(marker) == 0)

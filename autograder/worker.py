"""One student's ``nbgrader autograde``, run inside a long-lived worker process.

A worker imports nbgrader once and grades many students, one at a time, each against a
private copy of the gradebook and with a sandbox user of its own.
"""
import os
from pathlib import Path

from traitlets.config import Config

from autograder import sandbox
from autograder.course_api import course_api


def autograde_student(root: str, assignment: str, student: str, run_dir: str, slot: int, hidden: list[str],
                      sandboxed: bool, cell_timeout: int, limits: sandbox.Limits,
                      run_pid: int | None = None, warm: bool = False) -> tuple[bool, str]:
    """Autograde ``student`` from ``run_dir/submitted`` into ``run_dir/gradebook.db``; the kernel
    ends when the process ``run_pid`` (the grading run) does.

    Returns:
        ``(success, log)``: whether nbgrader finished, and what it logged.
    """
    run = Path(run_dir)
    sandbox.write_kernelspec(run / "jupyter")
    os.environ["JUPYTER_PATH"] = str(run / "jupyter")
    os.environ.update(sandbox.settings_env(Path(root), [Path(p) for p in hidden], limits, slot, sandboxed,
                                           run_pid))
    overrides = Config()
    overrides.CourseDirectory.db_url = f"sqlite:///{run / 'gradebook.db'}"
    overrides.CourseDirectory.submitted_directory = str(run / "submitted")
    overrides.Execute.timeout = cell_timeout
    for key, value in sandbox.kernel_manager_config(run).items():
        section, name = key.split(".")
        setattr(overrides[section], name, value)
    if warm:  # trusted code: a fork of this worker's template, not the launcher
        overrides.Execute.kernel_name = "python3"
        overrides.GradingExecute.warm_kernels = True
    result = course_api(root, overrides).autograde(assignment, student, force=True)
    return result["success"], (result.get("log") or "") + (result.get("error") or "")

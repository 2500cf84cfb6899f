"""One student's ``nbgrader autograde``, run inside a long-lived worker process.

A worker imports nbgrader once and grades many students, one at a time, each against a
private copy of the gradebook and with a sandbox user of its own.
"""

import os
from dataclasses import dataclass
from pathlib import Path

from traitlets.config import Config

from autograder.pipeline import sandbox
from autograder.pipeline.course_api import course_api


@dataclass(frozen=True)
class GradingJob:
    """What a worker needs to grade one student.

    Args:
        root: the course folder.
        assignment: the assignment's name.
        student: the student id.
        run_dir: this student's private folder: ``submitted/`` and ``gradebook.db`` in it.
        slot: numbers the kernel, and so its sandbox user (``sandbox.settings_env``).
        masked_paths: files and folders the sandbox empties besides the course folder (the
            course's gradebook, wherever it lies).
        sandboxed: run the kernel in the sandbox.
        cell_timeout: seconds one cell may run.
        limits: the kernel's resource limits.
        run_pid: the grading run; the kernel ends when it does.
        warm: fork the kernel from this worker's warm template (trusted code only).
        fonts: matplotlib's font list, for the sandboxed kernel (``sandbox.font_list``).
    """

    root: str
    assignment: str
    student: str
    run_dir: str
    slot: int
    masked_paths: tuple[str, ...]
    sandboxed: bool
    cell_timeout: int
    limits: sandbox.Limits
    run_pid: int | None = None
    warm: bool = False
    fonts: str | None = None


def autograde_student(job: GradingJob) -> tuple[bool, str]:
    """Autograde ``job.student`` from ``job.run_dir/submitted`` into ``job.run_dir/gradebook.db``.

    Returns:
        ``(success, log)``: whether nbgrader finished, and what it logged.
    """
    run = Path(job.run_dir)
    sandbox.write_kernelspec(run / "jupyter")
    os.environ["JUPYTER_PATH"] = str(run / "jupyter")
    os.environ.update(
        sandbox.settings_env(
            Path(job.root),
            [Path(p) for p in job.masked_paths],
            job.limits,
            job.slot,
            job.sandboxed,
            job.run_pid,
            job.fonts,
        )
    )
    overrides = Config()
    overrides.CourseDirectory.db_url = f"sqlite:///{run / 'gradebook.db'}"
    overrides.CourseDirectory.submitted_directory = str(run / "submitted")
    overrides.Execute.timeout = job.cell_timeout
    for key, value in sandbox.kernel_manager_config(run).items():
        section, name = key.split(".")
        setattr(overrides[section], name, value)
    if job.warm:  # trusted code: a fork of this worker's template, not the launcher
        overrides.Execute.kernel_name = "python3"
        overrides.GradingExecute.warm_kernels = True
    result = course_api(job.root, overrides).autograde(job.assignment, job.student, force=True)
    return result["success"], (result.get("log") or "") + (result.get("error") or "")

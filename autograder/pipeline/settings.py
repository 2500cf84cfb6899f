"""How a class is graded: the course's ``jupyter_config.py`` says, and the command line may override.

``c.Execute.timeout`` (seconds one cell may run) is nbgrader's own setting; the number of students
graded at once and each kernel's resource limits are ``c.ClassGrading.*``. ``GradingOptions``
fields left ``None`` take these values (``resolved``).
"""

from dataclasses import dataclass, fields, replace

from traitlets import Float, Integer
from traitlets.config import Configurable

from autograder.pipeline.sandbox import Limits


class ClassGrading(Configurable):
    """``c.ClassGrading.<name>`` in jupyter_config.py: how ``python -m autograder grade`` runs."""

    jobs = Integer(2, help="Students graded at once (one kernel each).").tag(config=True)
    memory_bytes = Integer(
        Limits.memory_bytes,
        help="Address space of one kernel (importing torch takes about 0.7 GB).",
    ).tag(config=True)
    cpu_seconds = Integer(Limits.cpu_seconds, help="CPU seconds of one kernel process.").tag(
        config=True
    )
    processes = Integer(
        Limits.processes, help="Processes and threads of one sandboxed kernel."
    ).tag(config=True)
    file_bytes = Integer(Limits.file_bytes, help="Largest file a kernel may write.").tag(
        config=True
    )
    open_files = Integer(Limits.open_files, help="Open file descriptors of one kernel.").tag(
        config=True
    )
    similarity_threshold = Float(
        0.9,
        help="Share of each of two students' solution code found in the other's (0 to 1) that "
        "lists the pair as near-identical in the class report (autograder.pipeline.similarity).",
    ).tag(config=True)


@dataclass(frozen=True)
class GradingOptions:
    """How a class is graded; ``None``: as the course's jupyter_config.py says.

    Args:
        jobs: students graded at once (``c.ClassGrading.jobs``).
        sandboxed: run kernels in the bubblewrap sandbox; when False they run as the grader, with
            only the grading guard and a clean environment.
        cell_timeout: seconds one cell may run (``c.Execute.timeout``).
        limits: resource limits of each sandboxed kernel (``c.ClassGrading.memory_bytes`` …).
        regrade: grade again students already graded in an earlier run.
        warm: fork each kernel from a template that has imported the course's libraries
            (``autograder.pipeline.warm``); only for trusted code, so only unsandboxed.
    """

    jobs: int | None = None
    sandboxed: bool = True
    cell_timeout: int | None = None
    limits: Limits | None = None
    regrade: bool = False
    warm: bool = False

    def __post_init__(self):
        if self.warm and self.sandboxed:
            raise ValueError(
                "warm kernels run outside the sandbox: GradingOptions(warm=True) needs sandboxed=False"
            )
        for name in ("jobs", "cell_timeout"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or value < 1):
                raise ValueError(f"GradingOptions.{name} must be a positive int; got {value!r}")


def resolved(options: GradingOptions, config) -> GradingOptions:
    """``options`` with every ``None`` replaced by the value in ``config`` (a course's settings)."""
    from autograder.pipeline.execute import (
        GradingExecute,
    )  # nbgrader's Execute: its default timeout

    grading = ClassGrading(config=config)
    limits = Limits(**{f.name: getattr(grading, f.name) for f in fields(Limits)})
    return replace(
        options,
        jobs=grading.jobs if options.jobs is None else options.jobs,
        cell_timeout=GradingExecute(config=config).timeout
        if options.cell_timeout is None
        else options.cell_timeout,
        limits=limits if options.limits is None else options.limits,
    )

"""Autograde a whole class in parallel, each student in a sandboxed kernel with a private gradebook.

Worker processes, forked once nbgrader is imported, autograde one student after another, each
student against a private copy of the gradebook. When it ends, its grades are copied into the
course's gradebook in one transaction, by one thread at a time: no two processes ever write the
shared SQLite file, and a run killed at any moment leaves every student either fully graded or
not at all. A worker that dies takes the students it was grading with it: each is graded once
more, alone. A student whose notebook cannot be graded (not JSON, another assignment's, a kernel
that died) is scored 0 with the reason, never left "needs manual grading"; one whose kernel never
started is the machine's fault, not the student's, and is recorded as ungraded, to be graded by
the next run. Lines that may tamper with the grader are listed with the outcome. Outcomes are
appended to ``grading/<assignment>/outcomes.jsonl``; a second run skips students already
there unless ``regrade=True``.
"""

import itertools
import json
import multiprocessing
import os
import sqlite3
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path

from autograder.pipeline import lifetime, sandbox
from autograder.pipeline.course_api import course_config
from autograder.pipeline.execute import KERNEL_START_FAILED
from autograder.pipeline.gradebook import (
    gradebook_path,
    graded_cells,
    has_auto_scores,
    merge_submission,
    zero_submission,
)
from autograder.pipeline.progress import ClassProgress
from autograder.pipeline.reasons import failure_reasons
from autograder.pipeline.settings import GradingOptions, resolved
from autograder.pipeline.submission import prepare
from autograder.pipeline.tampering import PREFIX as TAMPERING
from autograder.pipeline.worker import GradingJob, autograde_student

KERNEL_DIED = "the kernel died while running the notebook"
CELL_HUNG = "and the kernel did not answer the interrupt"
WORKER_KILLED = "the grading process was killed twice, the second time grading this student alone"
# Linux only: elsewhere (macOS) a fork of a process that has loaded system frameworks may crash.
_FIRST_START = "fork" if sys.platform.startswith("linux") else "spawn"


@dataclass
class Outcome:
    """How one student's submission was graded.

    Attributes:
        student: the student id.
        score: points scored (0 when the notebook could not be graded).
        max_score: the assignment's points.
        reason: why points were lost, one clause per failing cell; empty for full marks.
        seconds: wall time of grading this student.
        graded: False when the submission could not be graded through no fault of the student's
            (the kernel never started); the next run grades it again.
        flags: lines of the submission that may tamper with the grader, for review by hand.
    """

    student: str
    score: float
    max_score: float
    reason: str
    seconds: float
    graded: bool = True
    flags: list[str] = field(default_factory=list)


class ClassGrader:
    """Grades every submission of one assignment in a course folder.

    Args:
        root: the course folder.
        assignment: the assignment's name.
        options: how to grade; by default as the course's ``jupyter_config.py`` says.
        log: called with one line per student graded.
        progress: where the progress bar is drawn (``autograder.pipeline.progress``); by default
            ``sys.stderr``, and nowhere when that is not a terminal.
    """

    def __init__(
        self,
        root,
        assignment: str,
        options: GradingOptions | None = None,
        log=print,
        progress=None,
    ):
        self.root = Path(root).resolve()
        self.assignment = assignment
        # Options left None: as the course's jupyter_config.py says.
        self.options = resolved(options or GradingOptions(), course_config(str(self.root)))
        self.log = log
        self.progress_stream = progress
        self._progress = None
        self.db_path = gradebook_path(self.root)
        self.ledger = self.root / "grading" / assignment / "outcomes.jsonl"
        self._merge_lock = threading.Lock()
        self._kernels = itertools.count()  # numbers each student's kernel, and so its sandbox user
        self._fonts: str | None = None  # matplotlib's font list, for the kernels (``_find_fonts``)
        self.cells = graded_cells(self.db_path, assignment)
        self.max_score = sum(points for _, points in self.cells.values())

    def students(self) -> list[str]:
        """Students with a ``submitted/<student>/<assignment>`` folder, sorted."""
        submitted = self.root / "submitted"
        return (
            sorted(p.name for p in submitted.iterdir() if (p / self.assignment).is_dir())
            if submitted.is_dir()
            else []
        )

    def done(self) -> dict[str, Outcome]:
        """Graded outcomes recorded by earlier runs, the latest per student."""
        if not self.ledger.exists():
            return {}
        outcomes = {}
        for line in self.ledger.read_text().splitlines():
            if line.strip():
                outcome = Outcome(**json.loads(line))
                outcomes[outcome.student] = outcome
        return {student: outcome for student, outcome in outcomes.items() if outcome.graded}

    def run(self, students: list[str] | None = None, while_grading=None) -> list[Outcome]:
        """Grade ``students`` (default: every submission), ``options.jobs`` at a time.

        Args:
            students: the students to grade; by default every submission.
            while_grading: called in a thread of its own once the workers have started, while
                the kernels run (the command line imports the report's libraries there).
        """
        students = self.students() if students is None else students
        done = {} if self.options.regrade else self.done()
        todo = [s for s in students if s not in done]
        if done:
            self.log(
                f"{len(students) - len(todo)} of {len(students)} already graded; grading {len(todo)}"
            )
        self._workers = self._worker_pool(_FIRST_START)
        self._workers.submit(int).result()  # starts every worker now, before this run's threads
        if self.options.sandboxed:
            threading.Thread(target=self._find_fonts, name="fonts", daemon=True).start()
        if while_grading is not None:
            threading.Thread(target=while_grading, name="while-grading", daemon=True).start()
        self._progress = ClassProgress(len(todo), self.progress_stream)
        log, self.log = self.log, self._progress.log(self.log)
        try:
            with ThreadPoolExecutor(max_workers=self.options.jobs) as pool:
                fresh = list(pool.map(self.grade_student, todo))
        finally:
            self._workers.shutdown()
            self._progress.close()
            self._progress, self.log = None, log
        by_student = {**done, **{o.student: o for o in fresh}}
        return [by_student[s] for s in students if s in by_student]

    def _find_fonts(self) -> None:
        """Find matplotlib's font list for the sandboxed kernels; those that start before it is
        found build their own."""
        self._fonts = sandbox.font_list()

    def grade_student(self, student: str) -> Outcome:
        """Grade one student and record the outcome; never raises for a bad submission."""
        start = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix=f"grade-{student}-") as tmp:
            run_dir = Path(tmp)
            problem, notes = prepare(
                self.root / "submitted" / student / self.assignment,
                run_dir / "submitted" / student / self.assignment,
                self.root / "release" / self.assignment,
                self.assignment,
                self.cells,
            )
            flags = [note for note in notes if note.startswith(TAMPERING)]
            notes = [note for note in notes if not note.startswith(TAMPERING)] + _summary(flags)
            if problem:
                self._write_log(student, flags, problem + "\n")
                return self._record(zero_submission, student, problem, start, flags=flags)
            private_db = run_dir / "gradebook.db"
            with self._merge_lock:
                _copy_sqlite(self.db_path, private_db)
            error, graded = self._autograde(
                student, run_dir, next(self._kernels) % sandbox.SANDBOX_USERS, flags
            )
            if not graded:
                return self._record(None, student, error, start, graded=False, flags=flags)
            if error:
                return self._record(
                    zero_submission, student, "; ".join([error, *notes]), start, flags=flags
                )
            found = failure_reasons(
                self.root / "autograded" / student / self.assignment, self.cells
            )
            reason = "; ".join(filter(None, [*notes, found]))
            return self._record(
                lambda db, a, s, r: merge_submission(db, private_db, a, s),
                student,
                reason,
                start,
                flags=flags,
            )

    def _autograde(
        self, student: str, run_dir: Path, slot: int, flags: list[str]
    ) -> tuple[str, bool]:
        """Autograde one student in a worker process.

        Returns:
            ``(why it failed or "", whether the student was graded)``.
        """
        job = GradingJob(
            str(self.root),
            self.assignment,
            student,
            str(run_dir),
            slot,
            (str(self.db_path),),
            self.options.sandboxed,
            self.options.cell_timeout,
            self.options.limits,
            os.getpid(),
            self.options.warm,
            self._fonts,
        )
        success, log = self._in_worker(job)
        self._write_log(student, flags, log)
        if KERNEL_START_FAILED in log:
            line = next(line for line in log.splitlines() if KERNEL_START_FAILED in line)
            return f"ungraded: {line[line.index(KERNEL_START_FAILED) :][:200]}; grade again", False
        if "DeadKernelError" in log or "Kernel died" in log:
            return (
                f"{KERNEL_DIED} (os._exit, a crash or a resource limit)",
                True,
            )
        if "CellTimeoutError" in log:
            return (
                f"a cell ran past {self.options.cell_timeout} s {CELL_HUNG} "
                "(a fork bomb, or a loop that ignores KeyboardInterrupt)"
            ), True
        if not success or not has_auto_scores(run_dir / "gradebook.db", self.assignment, student):
            last = [line for line in log.splitlines() if line.strip()][-3:]
            return "nbgrader could not grade the notebook: " + " | ".join(last)[-300:], True
        return "", True

    def _write_log(self, student: str, flags: list[str], log: str) -> None:
        """Write ``grading/<assignment>/logs/<student>.log``: possible tampering, then nbgrader's log."""
        log_file = self.ledger.parent / "logs" / f"{student}.log"
        log_file.parent.mkdir(parents=True, exist_ok=True)
        log_file.write_text("".join(f"{flag}\n" for flag in flags) + log)

    def _in_worker(self, job: GradingJob) -> tuple[bool, str]:
        """``autograde_student(job)`` in a worker process.

        When a worker dies (killed for memory, say), its pool breaks and fails every student it
        was grading, not only the one whose grading killed it. So each of them is graded once
        more, in a process of its own, and scores 0 only if that one dies too.
        """
        workers = self._workers
        try:
            return workers.submit(autograde_student, job).result()
        except BrokenProcessPool:
            self._restart_workers(workers)
        with self._worker_pool("spawn", jobs=1) as alone:
            try:
                return alone.submit(autograde_student, job).result()
            except BrokenProcessPool:
                return False, WORKER_KILLED

    def _restart_workers(self, broken: ProcessPoolExecutor) -> None:
        """A new pool in place of ``broken``, unless another student's thread made one already."""
        with self._merge_lock:
            if self._workers is broken:
                broken.shutdown(wait=False)
                self._workers = self._worker_pool("spawn")

    def _worker_pool(self, start: str, jobs: int | None = None) -> ProcessPoolExecutor:
        """Processes that grade one student after another and end with this run, started by
        ``start`` (a ``multiprocessing`` start method).

        A forked worker begins with what this process has imported, nbgrader among it; a spawned
        one spends seconds importing it again before its first student, on the critical path of
        every run. A fork pool starts all its workers at its first task, which ``run`` submits
        before it starts a thread. A pool started while the run's threads may hold locks is
        spawned, since a fork would copy those locks held. ``jobs``: workers, by default
        ``options.jobs``.
        """
        return ProcessPoolExecutor(
            max_workers=jobs or self.options.jobs,
            mp_context=multiprocessing.get_context(start),
            initializer=lifetime.exit_with,
            initargs=(os.getpid(),),
        )

    def _record(
        self,
        write,
        student: str,
        reason: str,
        start: float,
        graded: bool = True,
        flags: list[str] = (),
    ) -> Outcome:
        """Write the student's grades to the course gradebook (unless ungraded), then the outcome
        to the ledger."""
        with self._merge_lock:
            score = write(self.db_path, self.assignment, student, reason) if graded else 0.0
            outcome = Outcome(
                student,
                score,
                self.max_score,
                reason,
                round(time.perf_counter() - start, 2),
                graded,
                list(flags),
            )
            self.ledger.parent.mkdir(parents=True, exist_ok=True)
            with self.ledger.open("a") as f:
                f.write(json.dumps(asdict(outcome)) + "\n")
            if self._progress is not None:
                self._progress.update(student, score, self.max_score, graded)
        result = f"{score:g}/{self.max_score:g}" if graded else "ungraded"
        self.log(f"{student}: {result}" + (f" ({reason})" if reason else ""))
        return outcome


def _summary(flags: list[str]) -> list[str]:
    """The reason's clause for ``flags``: the first line, and how many more the report lists."""
    if not flags:
        return []
    more = f" (and {len(flags) - 1} more in the report)" if len(flags) > 1 else ""
    return [flags[0][:200] + more]


def _copy_sqlite(src: Path, dest: Path) -> None:
    """A consistent copy of a SQLite database, even while another connection writes it."""
    with sqlite3.connect(src) as source, sqlite3.connect(dest) as target:
        source.backup(target)

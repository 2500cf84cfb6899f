"""Autograde a whole class in parallel, each student in a sandboxed kernel with a private gradebook.

Worker processes import nbgrader once and autograde one student after another, each
student against a private copy of the gradebook. When it ends, its grades are copied into the course's gradebook in one
transaction, by one thread at a time: no two processes ever write the shared SQLite file,
and a run killed at any moment leaves every student either fully graded or not at all.
A student whose notebook cannot be graded (not JSON, another assignment's, a kernel that
died) is scored 0 with the reason, never left "needs manual grading". Outcomes are
appended to ``grading/<assignment>/outcomes.jsonl``; a second run skips students already
there unless ``regrade=True``.
"""
import itertools
import json
import multiprocessing
import sqlite3
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from pathlib import Path

from autograder import sandbox
from autograder.gradebook import gradebook_path, graded_cells, has_auto_scores, merge_submission, zero_submission
from autograder.reasons import failure_reasons
from autograder.submission import prepare
from autograder.worker import autograde_student


@dataclass
class Outcome:
    """How one student's submission was graded.

    Attributes:
        student: the student id.
        score: points scored (0 when the notebook could not be graded).
        max_score: the assignment's points.
        reason: why points were lost, one clause per failing cell; empty for full marks.
        seconds: wall time of grading this student.
    """
    student: str
    score: float
    max_score: float
    reason: str
    seconds: float


@dataclass(frozen=True)
class GradingOptions:
    """How a class is graded.

    Args:
        jobs: students graded at once.
        sandboxed: run kernels in the bubblewrap sandbox; when False they run as the grader, with
            only the grading guard and a clean environment.
        cell_timeout: seconds one cell may run.
        limits: resource limits of each sandboxed kernel.
        regrade: grade again students already graded in an earlier run.
    """
    jobs: int = 2
    sandboxed: bool = True
    cell_timeout: int = 120
    limits: sandbox.Limits = sandbox.Limits()
    regrade: bool = False


class ClassGrader:
    """Grades every submission of one assignment in a course folder."""

    def __init__(self, root, assignment: str, options: GradingOptions = GradingOptions(), log=print):
        self.root = Path(root).resolve()
        self.assignment = assignment
        self.options = options
        self.log = log
        self.db_path = gradebook_path(self.root)
        self.ledger = self.root / "grading" / assignment / "outcomes.jsonl"
        self._merge_lock = threading.Lock()
        self._kernels = itertools.count()  # numbers each student's kernel, and so its sandbox user
        self.cells = graded_cells(self.db_path, assignment)
        self.max_score = sum(points for _, points in self.cells.values())

    def students(self) -> list[str]:
        """Students with a ``submitted/<student>/<assignment>`` folder, sorted."""
        submitted = self.root / "submitted"
        return sorted(p.name for p in submitted.iterdir() if (p / self.assignment).is_dir()) if submitted.is_dir() else []

    def done(self) -> dict[str, Outcome]:
        """Outcomes recorded by earlier runs, the latest per student."""
        if not self.ledger.exists():
            return {}
        outcomes = {}
        for line in self.ledger.read_text().splitlines():
            if line.strip():
                outcome = Outcome(**json.loads(line))
                outcomes[outcome.student] = outcome
        return outcomes

    def run(self, students: list[str] | None = None) -> list[Outcome]:
        """Grade ``students`` (default: every submission), ``options.jobs`` at a time."""
        students = self.students() if students is None else students
        done = {} if self.options.regrade else self.done()
        todo = [s for s in students if s not in done]
        if done:
            self.log(f"{len(students) - len(todo)} of {len(students)} already graded; grading {len(todo)}")
        self._workers = _worker_pool(self.options.jobs)
        try:
            with ThreadPoolExecutor(max_workers=self.options.jobs) as pool:
                fresh = list(pool.map(self.grade_student, todo))
        finally:
            self._workers.shutdown()
        by_student = {**done, **{o.student: o for o in fresh}}
        return [by_student[s] for s in students if s in by_student]

    def grade_student(self, student: str) -> Outcome:
        """Grade one student and record the outcome; never raises for a bad submission."""
        start = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix=f"grade-{student}-") as tmp:
            run_dir = Path(tmp)
            problem, notes = prepare(self.root / "submitted" / student / self.assignment,
                                     run_dir / "submitted" / student / self.assignment,
                                     self.root / "release" / self.assignment, self.assignment, self.cells)
            if problem:
                return self._record(zero_submission, student, problem, start)
            private_db = run_dir / "gradebook.db"
            with self._merge_lock:
                _copy_sqlite(self.db_path, private_db)
            error = self._autograde(student, run_dir, next(self._kernels) % sandbox.SANDBOX_USERS)
            if error:
                return self._record(zero_submission, student, "; ".join([error, *notes]), start)
            found = failure_reasons(self.root / "autograded" / student / self.assignment, self.cells)
            reason = "; ".join(filter(None, [*notes, found]))
            return self._record(lambda db, a, s, r: merge_submission(db, private_db, a, s), student, reason, start)

    def _autograde(self, student: str, run_dir: Path, slot: int) -> str:
        """Autograde one student in a worker process; return why it failed, or ``""``."""
        args = (str(self.root), self.assignment, student, str(run_dir), slot, [str(self.db_path)],
                self.options.sandboxed, self.options.cell_timeout, self.options.limits)
        try:
            success, log = self._workers.submit(autograde_student, *args).result()
        except BrokenProcessPool:
            self._restart_workers()
            success, log = False, "the grading process was killed (out of memory?)"
        log_file = self.ledger.parent / "logs" / f"{student}.log"
        log_file.parent.mkdir(parents=True, exist_ok=True)
        log_file.write_text(log)
        if "DeadKernelError" in log or "Kernel died" in log:
            return "the kernel died while running the notebook (os._exit, a crash or a resource limit)"
        if "CellTimeoutError" in log:
            return (f"a cell ran past {self.options.cell_timeout} s and the kernel did not answer the interrupt "
                    "(a fork bomb, or a loop that ignores KeyboardInterrupt)")
        if not success or not has_auto_scores(run_dir / "gradebook.db", self.assignment, student):
            last = [line for line in log.splitlines() if line.strip()][-3:]
            return "nbgrader could not grade the notebook: " + " | ".join(last)[-300:]
        return ""

    def _restart_workers(self) -> None:
        with self._merge_lock:
            self._workers.shutdown(cancel_futures=False)
            self._workers = _worker_pool(self.options.jobs)

    def _record(self, write, student: str, reason: str, start: float) -> Outcome:
        """Write the student's grades to the course gradebook, then the outcome to the ledger."""
        with self._merge_lock:
            score = write(self.db_path, self.assignment, student, reason)
            outcome = Outcome(student, score, self.max_score, reason, round(time.perf_counter() - start, 2))
            self.ledger.parent.mkdir(parents=True, exist_ok=True)
            with self.ledger.open("a") as f:
                f.write(json.dumps(asdict(outcome)) + "\n")
        self.log(f"{student}: {score:g}/{self.max_score:g}" + (f" ({reason})" if reason else ""))
        return outcome


def _worker_pool(jobs: int) -> ProcessPoolExecutor:
    """Processes that import nbgrader once and grade one student after another."""
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))


def _copy_sqlite(src: Path, dest: Path) -> None:
    """A consistent copy of a SQLite database, even while another connection writes it."""
    with sqlite3.connect(src) as source, sqlite3.connect(dest) as target:
        source.backup(target)


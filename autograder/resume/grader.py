"""Grade many edits of a reference solution from their first changed cells (see the package).

``FastGrader(root, assignment, reference).grade({name: notebook})`` gives each submission the
per-cell scores and error lines that nbgrader's autograde with the course's settings gives it:
each notebook is first made what autograde runs (graded and locked cells from the source), then
executed by ``ResumeExecute`` and passed through the same output preprocessors before nbgrader's
own rule scores its graded cells.
"""

import copy
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from nbgrader.preprocessors import IgnorePattern, LimitOutput
from nbgrader.utils import determine_grade

from autograder.pipeline.cells import (
    cells_by_grade_id,
    graded_errors,
    is_graded_test,
    nbgrader_meta,
)
from autograder.pipeline.course_api import course_config
from autograder.pipeline.course_copy import read_notebook
from autograder.pipeline.failures import timed_out_in
from autograder.pipeline.preprocessors import TruncateOutput
from autograder.resume.execute import PlanAbandoned, ResumeExecute
from autograder.resume.plan import Plan, make_plan, run_all
from autograder.resume.server import SnapshotServer

LIVE_SNAPSHOTS = 2  # snapshots kept at once (each is a copy of a kernel's memory)


@dataclass(frozen=True)
class FastResult:
    """One submission as the fast path graded it.

    Attributes:
        scores: ``{grade_id: points}`` of the autograded test cells.
        errors: ``{grade_id: "Error: message"}`` of those that failed.
        seconds: wall time from asking for its kernel to its scores.
        ran: code cells run, of ``cells`` from the first changed one on.
        cells: code cells from the first changed one on.
        abandoned: why the plan was abandoned for running every cell from the first changed one,
            or ``""``.
        timed_out: a cell (graded or not) was interrupted at the cell time-out.
    """

    scores: dict[str, float]
    errors: dict[str, str]
    seconds: float
    ran: int = 0
    cells: int = 0
    abandoned: str = ""
    timed_out: bool = False


def autograde_version(submission, source):
    """``submission`` as nbgrader's autograde runs it: graded test cells and locked cells from
    ``source`` (hidden tests included), outputs cleared, the source's kernel."""
    nb = copy.deepcopy(submission)
    originals = cells_by_grade_id(source)
    for cell in nb.cells:
        original = originals.get(nbgrader_meta(cell).get("grade_id"))
        if original is not None and (
            is_graded_test(original) or nbgrader_meta(original).get("locked")
        ):
            cell.source, cell.cell_type = original.source, original.cell_type
            cell.metadata["nbgrader"] = copy.deepcopy(nbgrader_meta(original))
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata["kernelspec"] = copy.deepcopy(source.metadata.get("kernelspec", {}))
    return nb


def code_sources(nb) -> list[str]:
    return [cell.source for cell in nb.cells if cell.cell_type == "code"]


class FastGrader:
    """The fast path for one assignment of the course at ``root``.

    Args:
        root: the course folder (its ``jupyter_config.py`` and ``source/``).
        assignment: the assignment's name.
        reference: the reference submission (the release with the solutions filled in).
        jobs: submissions graded at once.
        timeout: seconds a cell may run, in place of the course's setting.
    """

    def __init__(self, root, assignment: str, reference, jobs: int = 2, timeout=None):
        self.root, self.assignment, self.jobs = Path(root), assignment, jobs
        self.config = course_config(str(self.root))
        if timeout is not None:
            self.config.Execute.timeout = timeout
        self.source = read_notebook(self.root, "source", assignment)
        self.reference = autograde_version(reference, self.source)
        self.reference_seconds = 0.0

    def grade(self, submissions: dict) -> dict[str, FastResult]:
        """Grade ``{name: notebook}``; the reference itself is run first, in full."""
        notebooks = {n: autograde_version(nb, self.source) for n, nb in submissions.items()}
        reference_code = code_sources(self.reference)
        # Plans made without the types of the values can only check more names: the reference's
        # run fingerprints those, and reports the types the final plans are made with.
        checks: dict[int, set] = {}
        for nb in notebooks.values():
            for cell, names in make_plan(reference_code, code_sources(nb)).checks.items():
                checks.setdefault(cell, set()).update(names)
        with tempfile.TemporaryDirectory(prefix="nn-resume-") as folder:
            shutil.copytree(self.root / "release" / self.assignment, folder, dirs_exist_ok=True)
            with SnapshotServer(folder, reference_code) as server:
                started = time.monotonic()
                executed, recorder = self._execute(
                    self.reference, folder, snapshot=server.snapshot(0), checks=checks
                )
                self.reference_seconds = time.monotonic() - started
                recording = recorder.record
                graded = _graded_cells(self.reference)
                plans = {
                    n: make_plan(reference_code, code_sources(nb), recording.immutable, graded)
                    for n, nb in notebooks.items()
                }
                reference = self._scored(executed, started, Plan(None), 0)
                results = {n: reference for n, p in plans.items() if p.start is None}
                results.update(self._resume_all(notebooks, plans, server, recording, folder))
        return results

    def _resume_all(self, notebooks, plans, server, recording, folder) -> dict[str, FastResult]:
        """Grade every changed submission, in the order of their first changed cells, from a
        snapshot there; at most ``LIVE_SNAPSHOTS`` snapshots live at once."""
        order = sorted((p.start, n) for n, p in plans.items() if p.start is not None)
        results, live = {}, []
        with ThreadPoolExecutor(self.jobs) as pool:
            for start, group in groupby(order, key=lambda item: item[0]):
                if len(live) >= LIVE_SNAPSHOTS:
                    results.update(_finished(server, *live.pop(0)))
                snapshot = server.snapshot(start)
                futures = {
                    n: pool.submit(
                        self._grade_one, notebooks[n], plans[n], snapshot, recording, folder
                    )
                    for _, n in group
                }
                live.append((snapshot, futures))
            for snapshot, futures in live:
                results.update(_finished(server, snapshot, futures))
        return results

    def _grade_one(self, nb, plan, snapshot, recording, folder) -> FastResult:
        started = time.monotonic()
        count = len(code_sources(nb))
        setup = {"snapshot": snapshot, "reference": recording}
        try:
            executed, _ = self._execute(nb, folder, plan=plan, **setup)
            abandoned = ""
        except PlanAbandoned as why:
            plan, abandoned = run_all(plan.start, count), str(why)
            executed, _ = self._execute(nb, folder, plan=plan, **setup)
        return self._scored(executed, started, plan, count, abandoned)

    def _execute(self, nb, folder, **setup):
        """Run ``nb`` (a copy) as ``ResumeExecute`` is set up to; return it and the executor."""
        executor = ResumeExecute(config=self.config).setup(code_index=_code_index(nb), **setup)
        nb = copy.deepcopy(nb)
        executor.preprocess(nb, {"metadata": {"path": folder}})
        return nb, executor

    def _scored(self, executed, started, plan, count, abandoned=""):
        resources = {}
        for step in (IgnorePattern, LimitOutput, TruncateOutput):
            executed, resources = step(config=self.config).preprocess(executed, resources)
        scores = {
            nbgrader_meta(cell)["grade_id"]: determine_grade(cell)[0]
            for cell in executed.cells
            if is_graded_test(cell)
        }
        cells = count - plan.start if plan.start is not None else 0
        return FastResult(
            scores,
            graded_errors(executed),
            time.monotonic() - started,
            len(plan.run),
            cells,
            abandoned,
            timed_out_in(executed) > 0,
        )


def _graded_cells(nb) -> frozenset[int]:
    """The indices, among the code cells, of ``nb``'s autograded test cells."""
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    return frozenset(n for n, cell in enumerate(code) if is_graded_test(cell))


def _code_index(nb) -> dict[int, int]:
    code = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    return {index: n for n, index in enumerate(code)}


def _finished(server, snapshot: str, futures: dict) -> dict[str, FastResult]:
    """Wait for a snapshot's submissions, then end it."""
    results = {name: future.result() for name, future in futures.items()}
    server.close(snapshot)
    return results

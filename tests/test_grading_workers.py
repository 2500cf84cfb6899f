"""Does a grading worker that dies cost only the student whose grading killed it?

The class grader's workers are forked from the run (``autograder.pipeline.batch``). When one dies,
its pool breaks and fails every student in it; each is graded again in a process of its own.
Here the worker's function is replaced by one that kills its process for some students, as the
machine running out of memory would.
"""

import multiprocessing
import os
import threading
import time
from pathlib import Path

import nbformat
import pytest

from autograder.pipeline import batch
from autograder.pipeline.batch import WORKER_KILLED, ClassGrader, GradingOptions
from autograder.pipeline.course_api import course_api, generate_release
from autograder.pipeline.worker import autograde_student
from tests.hostile_submissions import ASSIGNMENT, FULL
from tests.roundtrip import copy_course, reference_submission

KILLED = "crashes"  # every worker that grades this student dies
KILLED_ONCE = "crashes_once"  # the first worker that grades this student dies


def dies_grading(job):
    """``autograde_student``, but the worker dies for ``KILLED``, and once for ``KILLED_ONCE``."""
    marker = Path(job.root) / f"{job.student}.died"
    if job.student == KILLED or (job.student == KILLED_ONCE and not marker.exists()):
        marker.touch()
        time.sleep(1)  # mid-way, as the machine would kill it, while the other worker grades
        os._exit(1)
    return autograde_student(job)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    root = copy_course(tmp_path_factory.mktemp("workers"))
    generate_release(course_api(str(root)), ASSIGNMENT)
    for student in ("ada", KILLED, KILLED_ONCE):
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(reference_submission(ASSIGNMENT), folder / f"{ASSIGNMENT}.ipynb")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batch, "autograde_student", dies_grading)
        options = GradingOptions(jobs=2, sandboxed=False, warm=True)
        grader = ClassGrader(root, ASSIGNMENT, options, log=lambda line: None)
        graded = grader.run(while_grading=seen_while_grading)
    return {outcome.student: outcome for outcome in graded}


WHILE_GRADING = []  # what ``seen_while_grading`` saw


def seen_while_grading() -> None:
    """Record the thread that ``while_grading`` runs in, and the worker processes then alive."""
    WHILE_GRADING.append((threading.current_thread().name, len(multiprocessing.active_children())))


def test_a_student_graded_beside_a_dying_worker_scores_full_marks(outcomes):
    assert (outcomes["ada"].score, outcomes["ada"].reason) == (FULL, "")


def test_a_worker_that_dies_once_costs_its_student_nothing(outcomes):
    assert (outcomes[KILLED_ONCE].score, outcomes[KILLED_ONCE].reason) == (FULL, "")


def test_a_student_whose_grading_kills_every_worker_scores_zero_and_says_why(outcomes):
    outcome = outcomes[KILLED]
    assert outcome.graded and outcome.score == 0 and WORKER_KILLED in outcome.reason


def test_while_grading_runs_in_a_thread_once_every_worker_has_started(outcomes):
    assert WHILE_GRADING == [("while-grading", 2)]

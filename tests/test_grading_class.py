"""Does one sandboxed class run grade every hostile submission right, keep the gradebook whole,
and survive being killed midway?"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

from autograder.pipeline import sandbox
from autograder.pipeline.batch import ClassGrader, GradingOptions
from autograder.pipeline.course_api import course_api, generate_release
from tests.hostile_submissions import ASSIGNMENT, CANARY, FULL, submissions
from tests.processes import command_lines_naming
from tests.roundtrip import copy_course, graded_points, reference_submission

NO_SANDBOX = sandbox.unavailable_reason()
pytestmark = pytest.mark.skipif(
    NO_SANDBOX is not None and not os.environ.get("CI"), reason=f"no sandbox here: {NO_SANDBOX}"
)
CELL_TIMEOUT = 10
FULL_MARKS = (
    len(graded_points(ASSIGNMENT)),
    float(FULL),
    0,
)  # a student's graded cells, total and ungraded ones


def new_course(tmp: Path) -> Path:
    root = copy_course(tmp)
    (root / "source" / "canary.txt").write_text(CANARY)
    generate_release(course_api(str(root)), ASSIGNMENT)
    return root


def hand_in(root: Path, student: str, notebook, files=()) -> None:
    folder = root / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    path = folder / f"{ASSIGNMENT}.ipynb"
    path.write_text(notebook) if isinstance(notebook, str) else nbformat.write(notebook, path)
    for name, text in files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


@pytest.fixture(scope="module")
def run_tmp():
    """A short temporary folder for the grading runs' kernels: every process they start names it."""
    folder = Path(tempfile.mkdtemp(prefix="nnt-"))
    yield folder, {**os.environ, "TMPDIR": str(folder)}
    shutil.rmtree(folder, ignore_errors=True)


def processes_naming(folder: Path, wait: float = 10.0) -> list[str]:
    """Command lines of live processes that name ``folder``, once ``wait`` seconds have let them end."""
    deadline = time.monotonic() + wait
    while (found := command_lines_naming(str(folder))) and time.monotonic() < deadline:
        time.sleep(0.5)
    return found


def grade_command(root: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "autograder",
        "grade",
        ASSIGNMENT,
        "--course",
        str(root),
        "--timeout",
        str(CELL_TIMEOUT),
        *extra,
    ]


def ledger(root: Path) -> dict[str, dict]:
    path = root / "grading" / ASSIGNMENT / "outcomes.jsonl"
    lines = path.read_text().splitlines() if path.exists() else []
    return {o["student"]: o for o in map(json.loads, filter(None, lines))}


def gradebook_rows(root: Path, query: str) -> list[tuple]:
    with sqlite3.connect(root / "gradebook.db") as db:
        return db.execute(query).fetchall()


def student_scores(root: Path) -> dict[str, tuple[int, float, int]]:
    """``{student: (grades, total auto score, grades with no automatic score)}`` from the gradebook."""
    rows = gradebook_rows(
        root,
        """
        SELECT a.student_id, COUNT(g.id), COALESCE(SUM(g.auto_score), 0), SUM(g.auto_score IS NULL)
        FROM submitted_assignment a JOIN submitted_notebook n ON n.assignment_id = a.id
        JOIN grade g ON g.notebook_id = n.id GROUP BY a.student_id""",
    )
    return {student: (count, total, missing) for student, count, total, missing in rows}


def definitions(root: Path) -> list[tuple]:
    """The assignment's cells as the gradebook stores them: a run must leave them alone."""
    return gradebook_rows(
        root,
        "SELECT id, name, type, max_score, notebook_id FROM base_cell "
        "LEFT JOIN grade_cells USING (id) ORDER BY id",
    ) + gradebook_rows(root, "SELECT * FROM source_cell ORDER BY id")


@pytest.fixture(scope="module")
def class_run(tmp_path_factory, run_tmp):
    root = new_course(tmp_path_factory.mktemp("class"))
    expected = submissions(root)
    for student, (hostile, notebook) in expected.items():
        hand_in(root, student, notebook, hostile.files)
    before = definitions(root)
    result = subprocess.run(
        grade_command(root, "--jobs", "2"),
        capture_output=True,
        text=True,
        timeout=1500,
        env=run_tmp[1],
    )
    return root, expected, before, result


def test_no_process_of_the_class_run_outlives_it(class_run, run_tmp):
    assert processes_naming(run_tmp[0]) == []


def test_class_run_finishes_and_says_where_the_results_are(class_run):
    root, expected, _, result = class_run
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"graded {len(expected)} students" in result.stdout
    assert "WITHOUT a sandbox" not in result.stderr


def test_class_run_prints_a_line_a_student_and_nothing_of_the_kernels(class_run):
    root, expected, _, result = class_run
    assert "ipython kernel" not in result.stdout + result.stderr  # ipykernel's terminal banner
    assert len(result.stdout.splitlines()) == len(expected) + 1  # each student, then the summary


@pytest.mark.parametrize("student", list(submissions(Path("/course"))))
def test_each_submission_gets_its_score_and_reason(class_run, student):
    root, expected, _, _ = class_run
    want, outcome = expected[student][0], ledger(root)[student]
    assert (outcome["score"], outcome["max_score"]) == (want.score, FULL)
    if want.reason:
        assert want.reason in outcome["reason"]
    else:
        assert outcome["reason"] == ""
    assert outcome["graded"]


@pytest.mark.parametrize("student", list(submissions(Path("/course"))))
def test_each_attempt_on_the_grader_is_flagged_in_the_ledger_and_log(class_run, student):
    root, expected, _, _ = class_run
    want, flags = expected[student][0], ledger(root)[student]["flags"]
    log = (root / "grading" / ASSIGNMENT / "logs" / f"{student}.log").read_text()
    if want.flag:
        assert any(want.flag in flag for flag in flags), flags
        assert all(flag in log for flag in flags)
    else:
        assert flags == []


def test_gradebook_holds_every_student_fully_graded_with_the_ledger_scores(class_run):
    root, expected, _, _ = class_run
    scores = student_scores(root)
    assert sorted(scores) == sorted(expected)
    for student, outcome in ledger(root).items():
        assert scores[student] == (FULL_MARKS[0], outcome["score"], 0), student


def test_gradebook_is_intact_and_its_assignment_unchanged(class_run):
    root, _, before, _ = class_run
    assert gradebook_rows(root, "PRAGMA integrity_check") == [("ok",)]
    assert definitions(root) == before


def test_canary_in_source_never_reaches_a_graded_notebook(class_run):
    root = class_run[0]
    graded = list((root / "autograded").rglob("*.ipynb"))
    assert len(graded) > 10
    assert not [p for p in graded if CANARY in p.read_text()]
    assert "No such file or directory" in ledger(root)["reads_source"]["reason"]


def test_grades_csv_report_and_feedback_are_written(class_run):
    root, expected, _, _ = class_run
    rows = (root / "grading" / ASSIGNMENT / "grades.csv").read_text().splitlines()
    assert rows[0].startswith("student,score,max_score,reason") and len(rows) == len(expected) + 1
    page = (root / "grading" / ASSIGNMENT / "report" / "index.html").read_text()
    assert "scores.png" in page and "failures.png" in page and "fork_bomb" in page
    feedback = (root / "feedback" / "honest" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    assert "BEGIN HIDDEN TESTS" not in feedback


def test_a_run_killed_midway_leaves_whole_students_no_process_and_resumes(tmp_path, run_tmp):
    root = new_course(tmp_path)
    students = ["ada", "bob", "cy"]
    for student in students:
        hand_in(root, student, reference_submission(ASSIGNMENT))
    run = subprocess.Popen(
        grade_command(root, "--jobs", "1", "--no-feedback"),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=run_tmp[1],
    )
    deadline = time.monotonic() + 600
    while (
        not (ledger(root) and processes_naming(run_tmp[0], wait=0))
        and time.monotonic() < deadline
        and run.poll() is None
    ):
        time.sleep(0.2)
    assert processes_naming(run_tmp[0], wait=0), "no kernel was running when the run was killed"
    run.kill()  # the grader alone, with SIGKILL: its workers and kernels must end by themselves
    run.wait()
    assert processes_naming(run_tmp[0]) == []
    first = ledger(root)
    assert 1 <= len(first) < len(students)
    assert gradebook_rows(root, "PRAGMA integrity_check") == [("ok",)]
    assert all(
        count == FULL_MARKS[0] and missing == 0
        for count, _, missing in student_scores(root).values()
    )

    again = subprocess.run(
        grade_command(root, "--jobs", "2", "--no-feedback"),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert again.returncode == 0, again.stderr[-3000:]
    assert f"{len(first)} of 3 already graded" in again.stdout
    assert {s: o["score"] for s, o in ledger(root).items()} == dict.fromkeys(students, float(FULL))
    assert student_scores(root) == dict.fromkeys(students, FULL_MARKS)


def test_grading_without_a_sandbox_says_so_loudly_and_still_grades(tmp_path):
    root = new_course(tmp_path)
    hand_in(root, "ada", reference_submission(ASSIGNMENT))
    result = subprocess.run(
        grade_command(root, "--unsandboxed", "--no-feedback"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING: grading WITHOUT a sandbox: --unsandboxed was given." in result.stderr
    assert ledger(root)["ada"]["score"] == FULL


def test_a_kernel_that_never_starts_leaves_the_student_ungraded_until_a_later_run(tmp_path):
    root = new_course(tmp_path)
    hand_in(root, "ada", reference_submission(ASSIGNMENT))
    starved = GradingOptions(
        jobs=1, cell_timeout=CELL_TIMEOUT, limits=sandbox.Limits(memory_bytes=48 << 20)
    )
    [outcome] = ClassGrader(root, ASSIGNMENT, starved, log=lambda line: None).run()
    assert not outcome.graded and "ungraded: the kernel did not start in 3 tries" in outcome.reason
    assert student_scores(root) == {} and ledger(root)["ada"]["graded"] is False

    result = subprocess.run(
        grade_command(root, "--no-feedback"), capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert ledger(root)["ada"]["score"] == FULL and student_scores(root) == {"ada": FULL_MARKS}


def test_the_heaviest_notebook_scores_full_marks_within_the_sandbox_limits(tmp_path):
    heavy = "05_cnn"  # torch training: the round trips grade it unsandboxed, in warm kernels
    root = copy_course(tmp_path)
    generate_release(course_api(str(root)), heavy)
    folder = root / "submitted" / "ada" / heavy
    folder.mkdir(parents=True)
    nbformat.write(reference_submission(heavy), folder / f"{heavy}.ipynb")
    [outcome] = ClassGrader(root, heavy, GradingOptions(jobs=1), log=lambda line: None).run()
    assert (outcome.score, outcome.reason) == (outcome.max_score, "")

"""Does an assignment go from the instructor to a student and back, graded, through nbgrader's own
commands and the course-local exchange (`c.Exchange.root` in jupyter_config.py)?"""

import subprocess
import sys

import nbformat
from nbgrader.api import Gradebook
from nbgrader.utils import get_username

from autograder.pipeline.course_api import course_api, generate_release
from tests.roundtrip import copy_course, graded_points, reference_submission

ASSIGNMENT = "00_setup"
COURSE_ID = "nn-architectures"


def nbgrader(cwd, *args: str) -> str:
    """Run ``nbgrader <args>`` in ``cwd``; its output, or a failure that shows it."""
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=cwd, capture_output=True, text=True
    )
    assert result.returncode == 0, f"nbgrader {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout + result.stderr


def test_a_fetched_and_submitted_notebook_is_collected_and_graded(tmp_path):
    root = copy_course(tmp_path / "course")
    generate_release(course_api(str(root)), ASSIGNMENT)  # `make release`: into the gradebook
    nbgrader(root, "release_assignment", ASSIGNMENT)
    assert (root / "exchange" / COURSE_ID / "outbound" / ASSIGNMENT).is_dir()

    # The student works elsewhere; their nbgrader finds the course's exchange from their config,
    # as every user's does on a JupyterHub whose exchange is one shared folder.
    student_home = tmp_path / "student"
    student_home.mkdir()
    (student_home / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
        f"c.Exchange.root = {str(root / 'exchange')!r}\n"
    )
    nbgrader(student_home, "fetch_assignment", ASSIGNMENT)
    fetched = student_home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nbformat.write(reference_submission(ASSIGNMENT), fetched)  # the student's work
    nbgrader(student_home, "submit", ASSIGNMENT)

    student = get_username()  # nbgrader submits as the user running it
    nbgrader(root, "collect", ASSIGNMENT)
    assert (root / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
    nbgrader(root, "autograde", ASSIGNMENT)
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id=COURSE_ID) as gradebook:
        submission = gradebook.find_submission(ASSIGNMENT, student)
        full = sum(graded_points(ASSIGNMENT).values())
        assert (submission.score, submission.max_score) == (full, full)

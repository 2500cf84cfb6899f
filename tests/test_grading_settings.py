"""Grading settings come from the course's jupyter_config.py, and the command line overrides them."""

import json
import subprocess
import sys

import nbformat
import pytest

from autograder.pipeline.batch import ClassGrader
from autograder.pipeline.cells import cells_by_grade_id
from autograder.pipeline.course_api import course_api, generate_release
from autograder.pipeline.settings import GradingOptions
from tests.roundtrip import copy_course, reference_submission

ASSIGNMENT = "00_setup"


def course_with(tmp_path, *settings: str):
    """A copy of the course whose jupyter_config.py ends with ``settings``, ``ASSIGNMENT`` released."""
    root = copy_course(tmp_path / "course")
    config = root / "jupyter_config.py"
    config.write_text(config.read_text() + "\n" + "\n".join(settings) + "\n")
    generate_release(course_api(str(root)), ASSIGNMENT)
    return root


def test_jobs_timeout_and_limits_come_from_jupyter_config(tmp_path):
    root = course_with(
        tmp_path,
        "c.ClassGrading.jobs = 3",
        "c.Execute.timeout = 7",
        "c.ClassGrading.memory_bytes = 1 << 30",
        "c.ClassGrading.open_files = 99",
    )
    options = ClassGrader(root, ASSIGNMENT, log=lambda line: None).options
    assert (options.jobs, options.cell_timeout) == (3, 7)
    assert (options.limits.memory_bytes, options.limits.open_files, options.limits.cpu_seconds) == (
        1 << 30,
        99,
        600,
    )
    given = ClassGrader(
        root, ASSIGNMENT, GradingOptions(jobs=1, cell_timeout=30), log=lambda line: None
    ).options
    assert (given.jobs, given.cell_timeout, given.limits.memory_bytes) == (1, 30, 1 << 30)


@pytest.mark.parametrize("field, value", [("jobs", 0), ("cell_timeout", -1), ("jobs", "2")])
def test_options_refuse_what_is_not_a_positive_int(field, value):
    with pytest.raises(ValueError, match=f"GradingOptions.{field} must be a positive int"):
        GradingOptions(**{field: value})


def test_a_timeout_lowered_in_jupyter_config_interrupts_the_students_cell(tmp_path):
    root = course_with(tmp_path, "c.Execute.timeout = 4")
    nb = reference_submission(ASSIGNMENT)
    cell = cells_by_grade_id(nb)["standardize"]
    cell.source = "import time\ntime.sleep(120)\n" + cell.source
    folder = root / "submitted" / "ada" / ASSIGNMENT
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{ASSIGNMENT}.ipynb")
    result = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", ASSIGNMENT]
        + ["--course", str(root), "--unsandboxed", "--no-feedback"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    graded = nbformat.read(
        root / "autograded" / "ada" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4
    )
    errors = [
        o for o in cells_by_grade_id(graded)["standardize"].outputs if o.output_type == "error"
    ]
    assert errors and errors[0].ename == "KeyboardInterrupt", errors
    [outcome] = [
        json.loads(line)
        for line in (root / "grading" / ASSIGNMENT / "outcomes.jsonl").read_text().splitlines()
    ]
    assert outcome["score"] < outcome["max_score"] and outcome["seconds"] < 100, outcome

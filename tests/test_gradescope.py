"""Does the Gradescope autograder of 00_setup grade a submission as Gradescope runs it, and write
a results.json that follows Gradescope's specification?

Without Gradescope: a temporary folder is laid out as Gradescope lays its container
(``<root>/autograder/source`` holds the unzipped autograder, ``submission`` the student's files,
``results`` the output), and ``run_autograder`` runs there with this environment's Python.
"""

import json
import os
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jsonschema
import nbformat
import pytest

from autograder.pipeline.gradescope import COURSE_FOLDER, export_autograder, requirements
from autograder.pipeline.gradescope_results import results
from autograder.pipeline.gradescope_schema import RESULTS_SCHEMA
from tests import test_grading_00_setup as setup_tests
from tests.roundtrip import REPO, edited, graded_points, read_notebook, reference_submission

ASSIGNMENT = "00_setup"
CELLS = graded_points(ASSIGNMENT)
FULL = float(sum(CELLS.values()))
VARIANCE = "divide_by_variance"  # loses the moments cell
NO_GUARD = "no_guard_for_constant_column"  # loses the constant column cell
VALIDATOR = jsonschema.Draft202012Validator(RESULTS_SCHEMA)


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory) -> Path:
    return export_autograder(REPO, ASSIGNMENT, tmp_path_factory.mktemp("export") / "autograder.zip")


def run_autograder(zip_path: Path, root: Path, files: dict) -> tuple[dict, str]:
    """Lay out ``root`` as Gradescope does, hand in ``files`` (``{name: notebook or text}``), run
    ``run_autograder`` there; return results.json and what run_autograder printed."""
    home = root / "autograder"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(home / "source")
    (home / "submission").mkdir(parents=True)
    for name, content in files.items():
        path = home / "submission" / name
        path.write_text(content) if isinstance(content, str) else nbformat.write(content, path)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
    done = subprocess.run(
        ["bash", str(home / "source" / "run_autograder")],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return json.loads((home / "results" / "results.json").read_text()), done.stdout


@pytest.fixture(scope="module")
def graded(autograder_zip, tmp_path_factory) -> dict[str, dict]:
    """results.json of the solution, the blank release, two mistakes and a broken upload."""
    reference = reference_submission(ASSIGNMENT)
    mutants = setup_tests.TestSetupRoundTrip.MUTANTS
    submissions = {
        "solution": {f"{ASSIGNMENT}.ipynb": reference},
        "release": {f"{ASSIGNMENT}.ipynb": read_notebook("release", ASSIGNMENT)},
        VARIANCE: {f"{ASSIGNMENT} (2).ipynb": edited(reference, mutants[VARIANCE])},
        NO_GUARD: {f"{ASSIGNMENT}.ipynb": edited(reference, mutants[NO_GUARD])},
        "broken": {f"{ASSIGNMENT}.ipynb": '{"cells": [', "notes.ipynb": reference},
    }

    def grade(name):
        root = tmp_path_factory.mktemp(name)
        return name, run_autograder(autograder_zip, root, submissions[name])[0]

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(grade, submissions))


def by_name(found: dict) -> dict[str, dict]:
    return {test["name"]: test for test in found["tests"]}


def test_zip_has_gradescopes_two_scripts_at_its_root_executable(autograder_zip):
    with zipfile.ZipFile(autograder_zip) as archive:
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
    for script in ("setup.sh", "run_autograder"):
        assert script in modes, f"{script} is not at the zip's root: {sorted(modes)[:10]}"
        assert modes[script] & 0o111, f"{script} is not executable: mode {oct(modes[script])}"


def test_zip_ships_the_hidden_tests_and_only_this_assignment(autograder_zip):
    with zipfile.ZipFile(autograder_zip) as archive:
        names = archive.namelist()
        source = archive.read(f"{COURSE_FOLDER}/source/{ASSIGNMENT}/{ASSIGNMENT}.ipynb").decode()
    assert "BEGIN HIDDEN TESTS" in source
    assert f"{COURSE_FOLDER}/gradebook.db" in names
    other = [n for n in names if "/source/" in n and f"/source/{ASSIGNMENT}/" not in n]
    assert other == [], f"the zip ships other assignments: {other[:5]}"


def test_setup_installs_the_courses_pinned_requirements(autograder_zip):
    with zipfile.ZipFile(autograder_zip) as archive:
        setup = archive.read("setup.sh").decode()
        pinned = archive.read("requirements.txt").decode().splitlines()
    assert pinned == requirements(REPO) and "nbgrader==0.9.6" in pinned
    assert "-e ." not in pinned  # the course's packages travel in the zip
    assert "python3.11 -m venv /autograder/venv" in setup
    assert "pip install -r /autograder/source/requirements.txt" in setup


def test_solution_scores_full_marks_with_one_test_per_graded_cell(graded):
    found = graded["solution"]
    assert found["score"] == FULL
    assert [t["max_score"] for t in found["tests"]] == [float(p) for p in CELLS.values()]
    assert all(t["status"] == "passed" and "output" not in t for t in found["tests"])
    assert "a constant column becomes zeros, not NaN" in by_name(found)


def test_blank_release_scores_zero_and_says_why(graded):
    found = graded["release"]
    assert found["score"] == 0.0
    assert all(t["score"] == 0.0 for t in found["tests"])
    assert all("NotImplementedError" in t["output"] for t in found["tests"]), found["tests"]


def test_mistakes_lose_their_cells_with_the_checks_message(graded):
    moments = by_name(graded[VARIANCE])[
        "every column of the result has mean 0 and standard deviation 1"
    ]
    assert moments["score"] == 0.0 and "not by the variance" in moments["output"]
    assert graded[VARIANCE]["score"] < FULL
    constant = by_name(graded[NO_GUARD])["a constant column becomes zeros, not NaN"]
    assert constant["score"] == 0.0 and constant["output"].startswith("AssertionError")
    assert graded[NO_GUARD]["score"] == FULL - CELLS["test_standardize_constant_column"]


def test_outputs_never_quote_the_hidden_tests(graded):
    text = json.dumps(graded)
    assert "BEGIN HIDDEN TESTS" not in text and "default_rng(4)" not in text


def test_a_renamed_notebook_is_graded_and_said_so(graded):
    assert graded[VARIANCE]["output"] == f"{ASSIGNMENT} (2).ipynb was graded as {ASSIGNMENT}.ipynb"


def test_an_unreadable_notebook_and_a_stray_one_are_named_in_the_output(graded):
    found = graded["broken"]
    assert found["score"] == 0.0
    assert "notes.ipynb was not graded" in found["output"]
    assert f"{ASSIGNMENT}.ipynb is not valid JSON" in found["output"]
    assert all("is not valid JSON" in t["output"] for t in found["tests"])


def test_every_results_json_follows_gradescopes_specification(graded):
    for name, found in graded.items():
        errors = [e.message for e in VALIDATOR.iter_errors(found)]
        assert errors == [], f"{name}: {errors}"


@pytest.mark.parametrize(
    "bad",
    [
        {"tests": [{"name": "a", "max_score": 1}]},  # no total and a test without a score
        {"score": 1, "tests": [{"score": 1, "visibility": "public"}]},
        {"score": "7", "tests": []},
        {"score": 1, "tests": [{"score": 1, "status": "ok"}]},
    ],
)
def test_schema_rejects_results_gradescope_would_not_read(bad):
    assert list(VALIDATOR.iter_errors(bad)), f"the schema accepts {bad}"


def test_a_dead_kernel_scores_every_cell_zero_with_the_reason(tmp_path):
    reason = "the kernel died while running the notebook (os._exit, a crash or a resource limit)"
    tests = [("test_a", "a works", 1), ("test_b", "b works", 2)]
    found = results(tests, {}, tmp_path / "autograded", ["nb"], reason, [], 120)
    assert found["score"] == 0.0 and [t["output"] for t in found["tests"]] == [reason, reason]
    assert reason in found["output"]
    assert not list(VALIDATOR.iter_errors(found))


def test_a_cell_interrupted_at_the_timeout_says_so(tmp_path):
    folder = tmp_path / "autograded"
    folder.mkdir()
    cell = nbformat.v4.new_code_cell("while True: pass")
    cell.metadata["nbgrader"] = {
        "grade": True,
        "grade_id": "test_a",
        "points": 1,
        "solution": False,
    }
    cell.outputs = [nbformat.v4.new_output("error", ename="KeyboardInterrupt", evalue="")]
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), folder / "nb.ipynb")
    found = results([("test_a", "a works", 1)], {"test_a": 0.0}, folder, ["nb"], "", [], 30)
    assert (
        found["tests"][0]["output"]
        == "the cell ran past the time limit of 30 s and was interrupted"
    )
    assert "1 cells ran past the time limit of 30 s" in found["output"]


@pytest.mark.parametrize("command", ["gradescope", "grade"])
def test_a_missing_assignment_is_named_with_the_ones_there_are(command):
    done = subprocess.run(
        [sys.executable, "-m", "autograder", command, "99_nothing", "--course", str(REPO)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "no assignment '99_nothing'" in done.stderr and "00_setup" in done.stderr

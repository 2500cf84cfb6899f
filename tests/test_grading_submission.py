"""Does a submission get refused, repaired or described before grading, without touching the original?"""

import nbformat
import pytest

from autograder.pipeline.cells import grade_id
from autograder.pipeline.submission import prepare
from tests.roundtrip import REPO, read_notebook, reference_submission

A = "00_setup"
CELLS = {
    "test_standardize_shape": (A, 1.0),
    "test_standardize_moments": (A, 2.0),
    "test_standardize_constant_column": (A, 1.0),
    "test_standardize_leaves_input": (A, 1.0),
}


def run(tmp_path, notebook):
    submitted = tmp_path / "submitted"
    submitted.mkdir()
    path = submitted / f"{A}.ipynb"
    path.write_text(notebook) if isinstance(notebook, str) else nbformat.write(notebook, path)
    before = path.read_bytes()
    result = prepare(submitted, tmp_path / "graded", REPO / "release" / A, A, CELLS)
    assert path.read_bytes() == before
    return result


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "00_setup.ipynb is an empty file"),
        ("{\"cells\": [", "00_setup.ipynb is not valid JSON"),
        ("{\"cells\": 3}", "00_setup.ipynb is not a notebook nbformat can read"),
    ],
)
def test_unreadable_notebooks_are_refused_with_the_reason(tmp_path, text, problem):
    assert run(tmp_path, text)[0].startswith(problem)


def test_another_assignments_notebook_is_refused(tmp_path):
    problem, _ = run(tmp_path, read_notebook("release", "01_perceptron"))
    assert (
        problem
        == "00_setup.ipynb has none of 00_setup's graded cells: is it another assignment's notebook?"
    )


def test_a_missing_notebook_is_refused(tmp_path):
    (tmp_path / "submitted").mkdir()
    problem, _ = prepare(
        tmp_path / "submitted", tmp_path / "graded", REPO / "release" / A, A, CELLS
    )
    assert problem == "00_setup.ipynb is missing from the submission"


def test_a_deleted_test_cell_is_put_back_in_its_place(tmp_path):
    nb = reference_submission(A)
    ids = [grade_id(c) for c in nb.cells]
    nb.cells = [c for c in nb.cells if grade_id(c) != "test_standardize_moments"]
    problem, notes = run(tmp_path, nb)
    graded = nbformat.read(tmp_path / "graded" / f"{A}.ipynb", as_version=4)
    assert (problem, notes) == ("", ["deleted test cells put back: test_standardize_moments"])
    assert [grade_id(c) for c in graded.cells] == ids


def test_edited_tests_and_grading_probes_are_noted(tmp_path):
    nb = reference_submission(A)
    for cell in nb.cells:
        if grade_id(cell) == "test_standardize_shape":
            cell.source = "pass"
    nb.cells.append(nbformat.v4.new_code_cell("import os\nos.environ.get('NBGRADER_EXECUTION')"))
    assert run(tmp_path, nb) == (
        "",
        [
            "edited test cells restored: test_standardize_shape",
            "code reads NBGRADER_EXECUTION (unset while grading, so it runs as for the student)",
        ],
    )

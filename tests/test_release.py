"""The committed notebooks: release/ is what nbgrader makes of source/, and both stay clean."""
import nbformat
import pytest

from autograder.pipeline.course_api import course_api, generate_release
from autograder.tools.release import assignments
from tests.roundtrip import REPO, copy_course

ASSIGNMENTS = assignments(str(REPO))
NOTEBOOKS = sorted((REPO / "source").glob("*/*.ipynb")) + sorted((REPO / "release").glob("*/*.ipynb"))


def test_every_assignment_has_a_release():
    assert assignments(str(REPO)) == sorted(p.name for p in (REPO / "release").iterdir() if p.is_dir())


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_committed_release_matches_generated_release(tmp_path, assignment):
    root = copy_course(tmp_path)
    generate_release(course_api(str(root)), assignment)
    for generated in (root / "release" / assignment).iterdir():
        committed = REPO / "release" / assignment / generated.name
        assert committed.exists(), f"release/{assignment}/{generated.name} is missing: run `make release`"
        if generated.suffix == ".ipynb":
            same = nbformat.read(generated, as_version=4) == nbformat.read(committed, as_version=4)
        else:
            same = generated.read_bytes() == committed.read_bytes()
        assert same, f"release/{assignment}/{generated.name} is stale: run `make release` and commit it"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(REPO)))
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [i for i, cell in enumerate(nb.cells)
             if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)]
    assert not dirty, f"cells {dirty} of {path.name} have outputs or execution counts; clear them"


def _exercises(nb):
    """Each solution cell's grade id with the graded cells that follow it."""
    exercises = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            current = exercises.setdefault(meta["grade_id"], [])
        elif meta.get("grade"):
            current.append(cell)
    return exercises


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_exercise_has_graded_cells_with_hidden_tests(assignment):
    nb = nbformat.read(REPO / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    for grade_id, tests in _exercises(nb).items():
        assert tests, f"exercise {grade_id} has no graded cell"
        assert any("### BEGIN HIDDEN TESTS" in cell.source for cell in tests), f"exercise {grade_id} has no hidden test"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_graded_cells_open_with_a_one_line_docstring(assignment):
    nb = nbformat.read(REPO / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade"):
            first = cell.source.splitlines()[0]
            assert first.startswith('"""') and first.endswith('"""') and len(first) > 6, \
                f"graded cell {cell.metadata['nbgrader']['grade_id']} must open with a one-line docstring"

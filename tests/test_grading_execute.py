"""Does the grading Execute step put the kernel back before each graded cell, and score 0 a
graded cell that did not run as written?"""

import nbformat

from autograder.guard import MARKER
from autograder.pipeline.execute import NOT_AS_WRITTEN, GradingExecute
from tests.hostile_submissions import GUT, KERNEL_DROPS_GUARD

CHECK = "def check_two(x):\n    assert x == 2, f'x is {x}; expected 2'\n"


def graded(source: str, grade_id: str):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade": True,
        "solution": False,
        "grade_id": grade_id,
        "points": 1,
    }
    return cell


def run(*cells):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CHECK + "x = 1"), *cells])
    nb, _ = GradingExecute(timeout=60).preprocess(nb, {"metadata": {"path": "."}})
    return nb


def errors(cell) -> list[str]:
    return [f"{o.ename}: {o.evalue}" for o in cell.outputs if o.output_type == "error"]


def notes(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def test_an_honest_notebook_runs_with_no_note_and_its_cells_unchanged():
    nb = run(graded("check_two(x + 1)", "passes"), graded("check_two(x)", "fails"))
    assert errors(nb.cells[1]) == [] and notes(nb.cells[1]) == ""
    assert errors(nb.cells[2]) == ["AssertionError: x is 1; expected 2"]
    assert [c.source for c in nb.cells[1:]] == ["check_two(x + 1)", "check_two(x)"]


def test_an_input_transformer_installed_by_the_notebook_is_removed_before_a_graded_cell():
    hack = nbformat.v4.new_code_cell(
        GUT.replace("check_", "check_two") + "get_ipython().input_transformers_cleanup.append(gut)"
    )
    nb = run(hack, graded("check_two(x)", "fails"))
    assert errors(nb.cells[2]) == ["AssertionError: x is 1; expected 2"]
    assert f"{MARKER}: IPython input_transformers_cleanup" in notes(nb.cells[2])


def test_a_kernel_that_drops_the_guard_request_scores_every_graded_cell_0():
    nb = run(
        nbformat.v4.new_code_cell(KERNEL_DROPS_GUARD),
        graded("check_two(x)", "fails"),
        graded("check_two(2)", "passes"),
    )
    assert errors(nb.cells[2]) == [f"GradingError: {NOT_AS_WRITTEN}"]
    assert errors(nb.cells[3]) == [f"GradingError: {NOT_AS_WRITTEN}"]

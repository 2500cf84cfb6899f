"""Does the grading guard undo monkeypatching, and do the grading preprocessors add and remove it?"""
import numpy as np
import nbformat

import autograder
import autograder.values
from autograder import guard
from autograder.preprocessors import TRUNCATED, GuardGradedCells, TruncateOutput, UnguardGradedCells


def test_restore_puts_back_patched_numpy_and_checks(capsys):
    guard.snapshot()
    original_allclose, original_check = np.allclose, autograder.values.check_close
    try:
        np.allclose = lambda *args, **kwargs: True
        autograder.values.check_close = autograder.check_close = lambda *args, **kwargs: None
        restored = guard.restore()
    finally:
        np.allclose, autograder.values.check_close, autograder.check_close = (
            original_allclose, original_check, original_check)
    assert {"numpy.allclose", "autograder.check_close", "autograder.values.check_close"} <= set(restored)
    assert np.allclose is original_allclose and autograder.check_close is original_check
    assert capsys.readouterr().out.startswith(f"{guard.MARKER}: ")


def test_restore_changes_nothing_and_prints_nothing_when_untouched(capsys):
    guard.snapshot()
    assert guard.restore() == []
    assert capsys.readouterr().out == ""


def graded_notebook():
    test = nbformat.v4.new_code_cell('"""a check"""\nassert True')
    test.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "t", "points": 1}
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"), test])


def test_guard_line_goes_into_graded_test_cells_only_and_comes_out_again():
    nb, resources = GuardGradedCells().preprocess(graded_notebook(), {})
    assert nb.cells[0].source == "x = 1" and nb.cells[1].source.startswith(guard.GUARD_LINE + "\n")
    nb, _ = UnguardGradedCells().preprocess(nb, resources)
    assert nb.cells[1].source == graded_notebook().cells[1].source


def test_truncate_output_caps_one_enormous_line():
    nb = graded_notebook()
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * 1_000_000),
                           nbformat.v4.new_output("stream", name="stdout", text="more")]
    nb, _ = TruncateOutput(max_chars=1000).preprocess(nb, {})
    outputs = nb.cells[0].outputs
    assert len(outputs) == 1 and len(outputs[0].text) < 1100
    assert f"{TRUNCATED} (1,000,000 characters)" in outputs[0].text

"""Does the grading guard undo monkeypatching, and does the output cap hold?"""

import functools
import sys
import types

import nbformat
import numpy as np

import autograder
import autograder.checks.values
from autograder import guard
from autograder.pipeline.preprocessors import TRUNCATED, TruncateOutput


def test_restore_puts_back_patched_numpy_and_checks():
    guard.snapshot()
    original_allclose, original_check = np.allclose, autograder.checks.values.check_close
    try:
        np.allclose = lambda *args, **kwargs: True
        autograder.checks.values.check_close = autograder.check_close = lambda *args, **kwargs: None
        restored = guard.restore()
    finally:
        np.allclose, autograder.checks.values.check_close, autograder.check_close = (
            original_allclose,
            original_check,
            original_check,
        )
    assert {
        "numpy.allclose",
        "autograder.check_close",
        "autograder.checks.values.check_close",
    } <= set(restored)
    assert np.allclose is original_allclose and autograder.check_close is original_check


def test_restore_puts_back_a_replaced_module_and_a_trace_function():
    guard.snapshot()
    original = sys.modules["autograder.checks.values"]
    sys.modules["autograder.checks.values"] = types.ModuleType("autograder.checks.values")
    sys.settrace(lambda *args: None)
    try:
        restored = guard.restore()
    finally:
        sys.modules["autograder.checks.values"] = original
        sys.settrace(None)
    assert {"sys.modules['autograder.checks.values']", "sys.settrace"} <= set(restored)


def test_restore_changes_nothing_when_untouched():
    guard.snapshot()
    assert guard.restore() == []


def test_finish_counts_the_cells_last_line_only_for_its_own_nonce():
    assert guard.begin("n1") == ("n1", [])
    guard.ran()
    assert guard.finish("n1") == ("n1", 1)
    guard.begin("n2")
    assert guard.finish("n2") == ("", 0)
    guard.begin("n3")
    guard.ran()
    assert guard.finish("another") == ("", 0)


def graded_notebook():
    test = nbformat.v4.new_code_cell('"""a check"""\nassert True')
    test.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "t", "points": 1}
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"), test])


def test_truncate_output_caps_one_enormous_line():
    nb = graded_notebook()
    nb.cells[0].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="x" * 1_000_000),
        nbformat.v4.new_output("stream", name="stdout", text="more"),
    ]
    nb, _ = TruncateOutput(max_chars=1000).preprocess(nb, {})
    outputs = nb.cells[0].outputs
    assert len(outputs) == 1 and len(outputs[0].text) < 1100
    assert f"{TRUNCATED} (1,000,000 characters)" in outputs[0].text


def test_restore_puts_back_a_library_wrapper_without_naming_it():
    guard.snapshot()
    original = np.linalg.norm
    np.linalg.norm = functools.wraps(original)(lambda *args, **kwargs: original(*args, **kwargs))
    try:
        restored = guard.restore()
        put_back = np.linalg.norm is original
    finally:
        np.linalg.norm = original
    assert put_back and "numpy.linalg.norm" not in restored


def test_snapshot_sends_warnings_to_stdout_where_they_cost_no_points(capsys, monkeypatch):
    import warnings

    monkeypatch.setattr(warnings, "showwarning", warnings.showwarning)  # put back after
    guard.snapshot()
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn("converting a tensor that requires grad", UserWarning, stacklevel=1)
    out, err = capsys.readouterr()
    assert "UserWarning: converting a tensor that requires grad" in out
    assert err == ""

"""Gradescope's ``results.json`` for one graded submission.

One test per graded test cell, in notebook order: its name is the cell's one-line docstring, its
output the failure message of the check (the error's type and message, as the feedback shows it:
never the hidden test code), or, for a cell that shows no error, why the notebook scored 0.
Top-level ``output`` says what was wrong with the submission as a whole: notebooks that were not
graded, one that could not be read, a kernel that died, cells that ran past the time limit.
"""

import ast
from pathlib import Path

import nbformat

from autograder.pipeline.batch import CELL_HUNG, KERNEL_DIED
from autograder.pipeline.cells import grade_id as grade_id_of
from autograder.pipeline.cells import is_graded_test, nbgrader_meta
from autograder.pipeline.failures import TIMEOUT_ERRORS, cell_messages, timed_out_cells

VISIBILITY = "visible"  # each test's result; the hidden tests' code is never in it
MAX_OUTPUT = 2000


def docstring_line(source: str) -> str | None:
    """The first line of the docstring that opens ``source``, or ``None``."""
    try:
        doc = ast.get_docstring(ast.parse(source))
    except SyntaxError:
        return None
    return doc.strip().splitlines()[0] if doc and doc.strip() else None


def graded_tests(source_folder: Path, notebooks) -> list[tuple[str, str, float]]:
    """``(grade_id, name, points)`` of every graded test cell of the source notebooks, in order."""
    tests = []
    for name in notebooks:
        nb = nbformat.read(Path(source_folder) / f"{name}.ipynb", as_version=4)
        for cell in nb.cells:
            if is_graded_test(cell):
                grade_id = grade_id_of(cell)
                tests.append(
                    (
                        grade_id,
                        docstring_line(cell.source) or grade_id,
                        nbgrader_meta(cell)["points"],
                    )
                )
    return tests


def _message(message: str | None, fallback: str, timeout: int) -> str:
    if message and message.split(":")[0] in TIMEOUT_ERRORS:
        return f"the cell ran past the time limit of {timeout} s and was interrupted"
    return (message or fallback)[:MAX_OUTPUT]


def results(
    tests,
    scores: dict[str, float],
    autograded: Path,
    notebooks,
    reason: str,
    notes: list[str],
    timeout: int,
) -> dict:
    """The ``results.json`` object.

    Args:
        tests: ``graded_tests`` of the assignment.
        scores: ``{grade_id: score}`` of the student's graded cells (missing: 0).
        autograded: the folder of the student's autograded notebooks (may not exist).
        notebooks: the assignment's notebook names.
        reason: the class grader's reason for the points lost, or why nothing could be graded.
        notes: what was wrong with the submission's files (notebooks not graded, renamed).
        timeout: seconds one cell may run.
    """
    messages = cell_messages(autograded, notebooks, full=True)
    fallback = reason or "the cell did not pass"
    entries = []
    for grade_id, name, points in tests:
        score = float(scores.get(grade_id, 0.0))
        entry = {"name": name, "score": score, "max_score": float(points)}
        entry["status"] = "passed" if score >= points else "failed"
        if score < points:
            entry["output"] = _message(messages.get(grade_id), fallback, timeout)
        entry["visibility"] = VISIBILITY
        entries.append(entry)
    overall = list(notes)
    if not Path(autograded).is_dir() and reason:
        overall.append(f"This submission could not be graded: {reason}")
    elif KERNEL_DIED in reason or CELL_HUNG in reason:
        overall.append(reason.split("; ")[0])
    if (timeouts := timed_out_cells(autograded, notebooks)) > 0:
        overall.append(f"{timeouts} cells ran past the time limit of {timeout} s")
    return {
        "score": sum(entry["score"] for entry in entries),
        "output": "\n".join(overall)[:MAX_OUTPUT],
        "stdout_visibility": "hidden",
        "tests": entries,
    }

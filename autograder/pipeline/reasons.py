"""Why a graded notebook lost points, or what it tried, in one line for the class report."""

from pathlib import Path

import nbformat

from autograder.guard import MARKER
from autograder.pipeline.cells import error_line
from autograder.pipeline.cells import grade_id as grade_id_of
from autograder.pipeline.preprocessors import TRUNCATED

MAX_CLAUSE = 160
MAX_OTHER = 3


def failure_reasons(folder: Path, cells: dict[str, tuple[str, float]]) -> str:
    """``"test_a: AssertionError: …; cell 4: MemoryError: …"`` for the notebooks in ``folder``.

    Graded cells that failed come first, then errors, truncated output and undone
    monkeypatching in other cells (at most three of those).

    Args:
        folder: ``autograded/<student>/<assignment>``.
        cells: ``{grade_id: (notebook, points)}`` of the assignment's graded cells.
    """
    clauses, others = [], []
    for name in sorted({notebook for notebook, _ in cells.values()}):
        path = Path(folder) / f"{name}.ipynb"
        nb = nbformat.read(path, as_version=4) if path.is_file() else nbformat.v4.new_notebook()
        found = {}
        for index, cell in enumerate(nb.cells):
            grade_id = grade_id_of(cell)
            if grade_id in cells:
                found[grade_id] = cell
            if cell.cell_type == "code":
                others += [f"cell {index}: {note}" for note in _notes(cell, grade_id in cells)]
        for grade_id, (notebook, _) in cells.items():
            if notebook != name:
                continue
            if grade_id not in found:
                clauses.append(f"{grade_id}: cell deleted")
            elif (error := _error(found[grade_id])) is not None:
                clauses.append(f"{grade_id}: {error}")
    return "; ".join(clauses + others[:MAX_OTHER])


def _error(cell) -> str | None:
    for output in cell.get("outputs", []):
        if output.output_type == "error":
            message = error_line(output).splitlines()
            return (message[0] if message else output.ename)[:MAX_CLAUSE]
    return None


def _notes(cell, graded: bool) -> list[str]:
    notes = [] if graded or _error(cell) is None else [_error(cell)]
    for output in cell.get("outputs", []):
        text = output.get("text", "") if output.output_type == "stream" else ""
        if TRUNCATED in text:
            notes.append("output truncated")
        if MARKER in text:
            line = next(line for line in text.splitlines() if MARKER in line)
            notes.append(line[:MAX_CLAUSE])
    return notes

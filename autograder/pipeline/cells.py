"""Reading a notebook's cells as nbgrader marks them: one place for the metadata lookups."""

import re

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def nbgrader_meta(cell) -> dict:
    """The cell's nbgrader metadata (``{}`` for a cell nbgrader does not mark)."""
    return cell.get("metadata", {}).get("nbgrader", {})


def grade_id(cell) -> str | None:
    return nbgrader_meta(cell).get("grade_id")


def is_graded_test(cell) -> bool:
    """A code cell that nbgrader scores and the student does not write: an autograder test."""
    meta = nbgrader_meta(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def is_solution(cell) -> bool:
    return bool(nbgrader_meta(cell).get("solution"))


def cells_by_grade_id(nb) -> dict:
    """``{grade_id: cell}`` for every cell with a grade id, in notebook order."""
    return {grade_id(cell): cell for cell in nb.cells if grade_id(cell) is not None}


def error_line(output) -> str:
    """An error output as one line of plain text: ``"AssertionError: …"`` without colour codes."""
    return _ANSI.sub("", f"{output.get('ename', '')}: {output.get('evalue', '')}")


def graded_errors(nb) -> dict[str, str]:
    """``{grade_id: "AssertionError: …"}`` for the graded test cells of an executed notebook that
    show an error, as feedback shows them (a cell's last error)."""
    return {
        grade_id: error_line(output)
        for grade_id, cell in cells_by_grade_id(nb).items()
        if nbgrader_meta(cell).get("grade")
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    }

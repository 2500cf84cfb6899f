"""The failure messages of a class's graded cells, grouped so that one mistake made by many
students reads as one line with its count.

A graded cell's message is its error line as the feedback shows it (``AssertionError: …``, no
traceback, so no hidden test code). Numbers are normalised away before grouping: ``X has shape
(32, 10); expected (32, 1)`` and ``X has shape (8, 10); expected (8, 1)`` are one mistake.
"""

import re
from collections import Counter
from pathlib import Path

import nbformat

from autograder.pipeline.cells import cells_by_grade_id, error_line, is_graded_test

NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w.])")
TIMEOUT_ERRORS = ("KeyboardInterrupt", "CellTimeoutError")  # a cell interrupted at the timeout
MAX_MESSAGE = 200


def normalised(message: str) -> str:
    """``message`` with every number replaced by ``#`` and runs of white space by one space."""
    return " ".join(NUMBER.sub("#", message).split())[:MAX_MESSAGE]


def cell_messages(folder: Path, notebooks, full: bool = False) -> dict[str, str]:
    """``{grade_id: "AssertionError: …"}`` of the graded test cells that failed in the autograded
    notebooks ``<folder>/<notebook>.ipynb``; a notebook that is missing gives nothing.

    The message is its first line, cut at ``MAX_MESSAGE`` characters, unless ``full``.
    """
    messages = {}
    for name in notebooks:
        path = Path(folder) / f"{name}.ipynb"
        if not path.is_file():
            continue
        for grade_id, cell in cells_by_grade_id(nbformat.read(path, as_version=4)).items():
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            if is_graded_test(cell) and errors:
                message = error_line(errors[0])
                messages[grade_id] = message if full else message.splitlines()[0][:MAX_MESSAGE]
    return messages


def timed_out_cells(folder: Path, notebooks) -> int:
    """How many cells of the autograded notebooks were interrupted for running past the timeout."""
    count = 0
    for name in notebooks:
        path = Path(folder) / f"{name}.ipynb"
        if path.is_file():
            count += timed_out_in(nbformat.read(path, as_version=4))
    return count


def timed_out_in(nb) -> int:
    """How many cells of the executed notebook ``nb`` were interrupted at the timeout."""
    return sum(
        output.get("ename") in TIMEOUT_ERRORS
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    )


def most_common(messages, top: int = 3) -> list[tuple[str, int]]:
    """The ``top`` most common normalised ``messages``, each with how many gave it, most first
    (ties in order of first appearance)."""
    return Counter(normalised(m) for m in messages).most_common(top)

"""The rows of the class report's tables: one short line per student, one per graded cell.

A student's line holds the score, the cells lost, the flags (``autograder.pipeline.flags``) and
links to the feedback and the log; a cell's line holds how many students lost points on it and
its most common failure messages, numbers normalised away (``autograder.pipeline.failures``).
"""

import html
from pathlib import Path

from autograder.pipeline.failures import cell_messages, most_common, timed_out_cells
from autograder.pipeline.flags import student_flags

LOST = 1e-9  # a cell that scores this much below its points lost points
SHOWN_CELLS = 3  # cells named in a student's line; more are counted
TOP_MESSAGES = 3


class Html(str):
    """Text that is already HTML: the report's tables do not escape it."""


def link(href: str, text: str) -> Html:
    return Html(f'<a href="{html.escape(href)}">{html.escape(text)}</a>')


def lost_cells(cells: dict[str, float], by_cell: dict[str, float]) -> list[str]:
    """The graded cells, in notebook order, that scored less than their points."""
    return [g for g, points in cells.items() if by_cell.get(g, 0.0) < points - LOST]


def short_list(names: list[str]) -> str:
    """``"a, b, c and 2 more"``; ``"-"`` for none."""
    if not names:
        return "-"
    more = len(names) - SHOWN_CELLS
    return ", ".join(names[:SHOWN_CELLS]) + (f" and {more} more" if more > 0 else "")


def student_links(root: Path, assignment: str, student: str, out: Path) -> Html:
    """Links from the report folder ``out`` to the student's feedback pages and log, where they exist."""
    feedback = sorted((root / "feedback" / student / assignment).glob("*.html"))
    log = root / "grading" / assignment / "logs" / f"{student}.log"
    links = [link(_relative(page, out), "feedback") for page in feedback]
    links += [link(_relative(log, out), "log")] if log.is_file() else []
    return Html(" ".join(links) or "-")


def _relative(path: Path, start: Path) -> str:
    import os

    return Path(os.path.relpath(path, start)).as_posix()


def student_row(root, assignment, record, cells, notebooks, by_cell, out) -> list:
    """``[student, score, cells lost, flags, links]`` for one outcome record."""
    folder = Path(root) / "autograded" / record["student"] / assignment
    graded = record.get("graded", True)
    lost = lost_cells(cells, by_cell) if graded else []
    flags = student_flags(record, timed_out_cells(folder, notebooks), folder.is_dir())
    return [
        record["student"],
        f"{record['score']:g} / {record['max_score']:g}" if graded else "ungraded",
        f"{len(lost)}: {short_list(lost)}" if lost else "-",
        "; ".join(flags) or "-",
        student_links(Path(root), assignment, record["student"], Path(out)),
    ]


def failure_messages(root, assignment, records, cells, notebooks, scores) -> dict[str, list[str]]:
    """``{grade_id: [message, …]}``: one message per graded student who lost points on the cell.

    The message is the cell's error line in the autograded notebook or, where the cell shows no
    error (the notebook could not be graded, the kernel died), the first clause of the reason.
    """
    messages = {g: [] for g in cells}
    for record in records:
        if not record.get("graded", True):
            continue
        folder = Path(root) / "autograded" / record["student"] / assignment
        found = cell_messages(folder, notebooks)
        fallback = record.get("reason", "").split("; ")[0] or "no error shown"
        for g in lost_cells(cells, scores[record["student"]]):
            messages[g].append(found.get(g, fallback))
    return messages


def cell_row(grade_id: str, points: float, lost: int, n: int, messages: list[str]) -> list:
    """``[cell, points, students who lost points, most common failures]``."""
    common = most_common(messages, TOP_MESSAGES)
    shown = "<br>".join(f"{count}&times; {html.escape(message)}" for message, count in common)
    return [
        grade_id,
        f"{points:g}",
        f"{lost / n:.0%} ({lost} of {n})" if n else "-",
        Html(shown or "-"),
    ]

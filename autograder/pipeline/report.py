"""A class's results on one assignment, as a page: the scores, the cells that failed, and why.

Reads each student's score per graded cell from the course's gradebook and the outcomes that
``autograder.pipeline.batch`` records; writes ``grading/<assignment>/report/`` with ``index.html``,
``scores.png`` and ``failures.png``.
"""

import html
import statistics
from dataclasses import asdict, is_dataclass
from pathlib import Path

import nbformat
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from autograder.pipeline.cells import grade_id as grade_id_of
from autograder.pipeline.gradebook import cell_scores, gradebook_path, graded_cells

LOST = 1e-9  # a cell that scores this much below its points lost points
PAGE_STYLE = (
    "body{font-family:sans-serif;max-width:60em;margin:2em auto}"
    "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.2em .6em;"
    "text-align:left;vertical-align:top}img{max-width:100%}"
)


def as_records(outcomes) -> list[dict]:
    """``Outcome`` objects or dicts as dicts, the last one given per student, sorted by student."""
    latest = {}
    for outcome in outcomes:
        record = asdict(outcome) if is_dataclass(outcome) else dict(outcome)
        latest[record["student"]] = record
    return [latest[student] for student in sorted(latest)]


def cells_in_order(root, assignment: str) -> dict[str, float]:
    """``{grade_id: points}`` of the assignment's graded cells, in notebook order.

    Notebooks come by name, and cells in their order in ``source/<assignment>/<notebook>.ipynb``;
    a cell missing from the source comes last in its notebook.
    """
    cells = graded_cells(gradebook_path(root), assignment)
    position = {}
    for notebook in {notebook for notebook, _ in cells.values()}:
        path = Path(root) / "source" / assignment / f"{notebook}.ipynb"
        if path.is_file():
            nb = nbformat.read(path, as_version=4)
            ids = [grade_id_of(cell) for cell in nb.cells]
            position.update({(notebook, grade_id): i for i, grade_id in enumerate(ids) if grade_id})
    order = sorted(cells, key=lambda g: (cells[g][0], position.get((cells[g][0], g), float("inf"))))
    return {grade_id: cells[grade_id][1] for grade_id in order}


def class_scores(
    root, assignment: str, students: list[str]
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """The graded cells (``{grade_id: points}``, in notebook order) and each student's score per cell.

    A student with no submission in the gradebook scores 0 on every cell.
    """
    cells = cells_in_order(root, assignment)
    found = cell_scores(gradebook_path(root), assignment)
    return cells, {
        student: {g: found.get(student, {}).get(g, 0.0) for g in cells} for student in students
    }


def lost_counts(cells: dict[str, float], scores: dict[str, dict[str, float]]) -> dict[str, int]:
    """How many students scored less than its points on each cell."""
    return {
        g: sum(by_cell[g] < points - LOST for by_cell in scores.values())
        for g, points in cells.items()
    }


def plot_scores(totals: list[float], max_score: float) -> Figure:
    """A histogram of the students' total scores, from 0 to ``max_score``.

    Whole-point scores get one bar per point, centred on it; other scales get 20 bins.
    """
    if max_score == int(max_score) and max_score <= 50:
        bins = np.arange(
            -0.5, max_score + 1.0
        )  # (max_score + 2,) edges around 0, 1, ..., max_score
    else:
        bins = np.linspace(0.0, max_score, 21)  # (21,)
    fig = Figure(figsize=(6, 3.5), layout="constrained")
    ax = fig.subplots()
    ax.hist(totals, bins=bins, rwidth=0.9, color="tab:blue")
    ax.set(
        xlim=(bins[0], bins[-1]),
        xlabel=f"score (out of {max_score:g})",
        ylabel="students",
        title=f"Total scores of {len(totals)} students",
    )
    ax.yaxis.get_major_locator().set_params(integer=True)
    return fig


def plot_failures(cells: dict[str, float], rates: dict[str, float]) -> Figure:
    """A bar per graded cell, in notebook order from the top: the fraction of students who lost points."""
    fig = Figure(figsize=(6, 1.2 + 0.35 * len(cells)), layout="constrained")
    ax = fig.subplots()
    ax.barh(list(cells), [rates[g] for g in cells], color="tab:red")
    ax.set(xlim=(0, 1), xlabel="students who lost points", title="Failures per graded cell")
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=1))
    ax.invert_yaxis()
    return fig


def _table(header: list, rows: list[list]) -> str:
    """An HTML table; every cell's text is escaped."""

    def row(tag, values):
        return "<tr>" + "".join(f"<{tag}>{html.escape(str(v))}</{tag}>" for v in values) + "</tr>"

    return "\n".join(["<table>", row("th", header), *(row("td", r) for r in rows), "</table>"])


def render_page(
    assignment: str, records: list[dict], cells: dict[str, float], lost: dict[str, int]
) -> str:
    """The report's ``index.html``: summary, both figures, the per-cell table, the per-student table,
    and the lines of possible tampering. Ungraded students count in neither the scores nor the cells.
    """
    graded = [record for record in records if record.get("graded", True)]
    totals = [record["score"] for record in graded]
    n = len(graded)
    summary = (
        f"{n} students; mean score {statistics.mean(totals):.2f}, median {statistics.median(totals):g}"
        if n
        else "no students"
    )
    if len(records) > n:
        summary += f"; {len(records) - n} ungraded (the kernel never started): run the grader again"
    cell_rows = [
        [g, f"{points:g}", f"{lost[g] / n:.0%} ({lost[g]} of {n})" if n else "-"]
        for g, points in cells.items()
    ]
    student_rows = [
        [
            r["student"],
            f"{r['score']:g} / {r['max_score']:g}" if r.get("graded", True) else "ungraded",
            r["reason"],
        ]
        for r in records
    ]
    flag_rows = [[r["student"], flag] for r in records for flag in r.get("flags", [])]
    flagged = (
        [
            "<h2>Possible tampering</h2>",
            "<p>Lines that reach into the grader's internals, whether or not the attempt worked: "
            "read them, and the student's notebook, by hand.</p>",
            _table(["student", "line"], flag_rows),
        ]
        if flag_rows
        else []
    )
    title = html.escape(f"{assignment}: class report")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html><head><meta charset="utf-8">',
            f"<title>{title}</title>",
            f"<style>{PAGE_STYLE}</style></head><body>",
            f"<h1>{title}</h1>",
            f"<p>{html.escape(summary)}</p>",
            '<img src="scores.png" alt="histogram of total scores">',
            '<img src="failures.png" alt="fraction of students who lost points on each graded cell">',
            "<h2>Graded cells</h2>",
            _table(["cell", "points", "students who lost points"], cell_rows),
            "<h2>Students</h2>",
            _table(["student", "score", "reason"], student_rows),
            *flagged,
            "</body></html>",
            "",
        ]
    )


def class_report(root, assignment: str, outcomes, out_dir=None) -> Path:
    """Write the class report of ``assignment``; return the path of its ``index.html``.

    Args:
        root: the course folder (holds ``gradebook.db`` and ``source/``).
        assignment: the assignment's name.
        outcomes: ``autograder.pipeline.batch.Outcome`` objects or dicts with the same fields, one per student
            (the last one given counts); a student missing from the gradebook fails every cell.
        out_dir: where to write; by default ``<root>/grading/<assignment>/report``.

    Used after ``autograder.pipeline.batch`` has graded a class.
    """
    records = as_records(outcomes)
    graded = [record["student"] for record in records if record.get("graded", True)]
    cells, scores = class_scores(root, assignment, graded)
    lost = lost_counts(cells, scores)
    out = Path(out_dir) if out_dir is not None else Path(root) / "grading" / assignment / "report"
    out.mkdir(parents=True, exist_ok=True)
    totals = [record["score"] for record in records if record.get("graded", True)]
    plot_scores(totals, sum(cells.values())).savefig(out / "scores.png", dpi=100)
    rates = {g: lost[g] / len(graded) if graded else 0.0 for g in cells}
    plot_failures(cells, rates).savefig(out / "failures.png", dpi=100)
    page = out / "index.html"
    page.write_text(render_page(assignment, records, cells, lost), encoding="utf-8")
    return page

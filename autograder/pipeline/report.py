"""A class's results on one assignment, as a page an instructor of hundreds reads in a minute.

Reads each student's score per graded cell from the course's gradebook, the outcomes that
``autograder.pipeline.batch`` records and the autograded notebooks; writes
``grading/<assignment>/report/`` with ``index.html``, ``scores.png`` and ``failures.png``. Per graded
cell, the share of students who lost points and their most common failure messages; per student,
one short line (``autograder.pipeline.report_rows``); the pairs of near-identical submissions
(``autograder.pipeline.similarity``); the lines of possible tampering.
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
from autograder.pipeline.course_api import course_config
from autograder.pipeline.gradebook import cell_scores, gradebook_path, graded_cells
from autograder.pipeline.report_rows import (
    LOST,
    Html,
    cell_row,
    failure_messages,
    student_row,
)
from autograder.pipeline.similarity import SimilarPair, similar_pairs

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
    """An HTML table; every cell's text is escaped, except ``Html`` values (already HTML)."""

    def cell(value) -> str:
        return value if isinstance(value, Html) else html.escape(str(value))

    def row(tag, values):
        return "<tr>" + "".join(f"<{tag}>{cell(v)}</{tag}>" for v in values) + "</tr>"

    return "\n".join(["<table>", row("th", header), *(row("td", r) for r in rows), "</table>"])


def _similar_section(pairs: list[SimilarPair], threshold: float) -> list[str]:
    rows = [
        [p.first, p.second, f"{p.first_in_second:.0%}", f"{p.second_in_first:.0%}"] for p in pairs
    ]
    intro = (
        "<p>Pairs whose solution cells are near-identical (names, comments and the release's own "
        f"code aside): each student's code found in the other's at least {threshold:.0%} "
        "(<code>c.ClassGrading.similarity_threshold</code>). A lead to read both notebooks, not a "
        "verdict.</p>"
    )
    table = _table(["student", "student", "first's code in second's", "second's in first's"], rows)
    return ["<h2>Similar submissions</h2>", intro, table if rows else "<p>None.</p>"]


def render_page(
    assignment: str,
    records: list[dict],
    cell_rows: list[list],
    student_rows: list[list],
    similar: list[str] = (),
) -> str:
    """The report's ``index.html``: summary, both figures, the per-cell table, the per-student table,
    similar submissions and the lines of possible tampering. Ungraded students count in neither
    the scores nor the cells.
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
            _table(
                ["cell", "points", "students who lost points", "most common failures"], cell_rows
            ),
            "<h2>Students</h2>",
            _table(["student", "score", "cells lost", "flags", "feedback and log"], student_rows),
            *similar,
            *flagged,
            "</body></html>",
            "",
        ]
    )


def submitted_notebooks(root, assignment: str, students, notebooks) -> dict[str, list]:
    """``{student: [notebook, …]}`` as handed in; a notebook that cannot be read is left out."""
    found = {}
    for student in students:
        folder = Path(root) / "submitted" / student / assignment
        found[student] = []
        for name in notebooks:
            try:
                found[student].append(nbformat.read(folder / f"{name}.ipynb", as_version=4))
            except Exception:  # missing, empty, not JSON: the student's line already says so
                continue
    return found


def similarity_threshold(root) -> float:
    """``c.ClassGrading.similarity_threshold`` of the course at ``root``."""
    from autograder.pipeline.settings import ClassGrading

    return ClassGrading(config=course_config(str(root))).similarity_threshold


def class_report(root, assignment: str, outcomes, out_dir=None, threshold=None) -> Path:
    """Write the class report of ``assignment``; return the path of its ``index.html``.

    Args:
        root: the course folder (holds ``gradebook.db``, ``source/``, ``release/``, ``submitted/``
            and ``autograded/``).
        assignment: the assignment's name.
        outcomes: ``autograder.pipeline.batch.Outcome`` objects or dicts with the same fields, one per student
            (the last one given counts); a student missing from the gradebook fails every cell.
        out_dir: where to write; by default ``<root>/grading/<assignment>/report``.
        threshold: the similarity above which two students are listed as near-identical; by
            default ``c.ClassGrading.similarity_threshold`` in the course's jupyter_config.py.

    Used after ``autograder.pipeline.batch`` has graded a class.
    """
    root = Path(root)
    records = as_records(outcomes)
    graded = [record["student"] for record in records if record.get("graded", True)]
    cells, scores = class_scores(root, assignment, graded)
    notebooks = sorted({nb for nb, _ in graded_cells(gradebook_path(root), assignment).values()})
    lost = lost_counts(cells, scores)
    out = Path(out_dir) if out_dir is not None else root / "grading" / assignment / "report"
    out.mkdir(parents=True, exist_ok=True)
    totals = [record["score"] for record in records if record.get("graded", True)]
    plot_scores(totals, sum(cells.values())).savefig(out / "scores.png", dpi=100)
    rates = {g: lost[g] / len(graded) if graded else 0.0 for g in cells}
    plot_failures(cells, rates).savefig(out / "failures.png", dpi=100)
    messages = failure_messages(root, assignment, records, cells, notebooks, scores)
    cell_rows = [cell_row(g, p, lost[g], len(graded), messages[g]) for g, p in cells.items()]
    student_rows = [
        student_row(root, assignment, r, cells, notebooks, scores.get(r["student"], {}), out)
        for r in records
    ]
    threshold = similarity_threshold(root) if threshold is None else threshold
    release = [
        nbformat.read(root / "release" / assignment / f"{name}.ipynb", as_version=4)
        for name in notebooks
    ]
    pairs = similar_pairs(
        submitted_notebooks(root, assignment, graded, notebooks), release, threshold
    )
    page = out / "index.html"
    page.write_text(
        render_page(
            assignment, records, cell_rows, student_rows, _similar_section(pairs, threshold)
        ),
        encoding="utf-8",
    )
    return page

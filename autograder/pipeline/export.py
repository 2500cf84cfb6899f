"""A class's grades on one assignment as a CSV file: one row per student, one column per graded cell."""

import csv
from pathlib import Path

from autograder.pipeline.report import as_records, class_scores


def export_csv(root, assignment: str, outcomes, path=None) -> Path:
    """Write ``student, score, max_score, reason`` and each graded cell's score, one row per student.

    Args:
        root: the course folder (holds ``gradebook.db``).
        assignment: the assignment's name.
        outcomes: ``autograder.pipeline.batch.Outcome`` objects or dicts with the same fields, one per student
            (the last one given counts); a student missing from the gradebook scores 0 on every cell.
        path: the file to write; by default ``<root>/grading/<assignment>/grades.csv``.

    Cell columns come in notebook order, named by grade id; an ungraded student's scores are
    empty. Used after ``autograder.pipeline.batch``.
    """
    records = as_records(outcomes)
    cells, scores = class_scores(root, assignment, [record["student"] for record in records])
    path = Path(path) if path is not None else Path(root) / "grading" / assignment / "grades.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "score", "max_score", "reason", *cells])
        for r in records:
            by_cell = scores[r["student"]]
            if not r.get("graded", True):  # no score yet: the next run grades it
                writer.writerow(
                    [r["student"], "", f"{r['max_score']:g}", r["reason"], *([""] * len(cells))]
                )
                continue
            writer.writerow(
                [
                    r["student"],
                    f"{r['score']:g}",
                    f"{r['max_score']:g}",
                    r["reason"],
                    *(f"{by_cell[g]:g}" for g in cells),
                ]
            )
    return path

"""The class report and the grades CSV, built from a small class that nbgrader graded."""

import csv
import re
import statistics

import pytest

from autograder.pipeline.batch import Outcome
from autograder.pipeline.export import export_csv
from autograder.pipeline.report import class_report
from tests.roundtrip import (
    Edit,
    copy_course,
    edited,
    grade,
    graded_points,
    read_notebook,
    reference_submission,
)

ASSIGNMENT = "00_setup"
CELLS = graded_points(ASSIGNMENT)  # in notebook order
MAX = sum(CELLS.values())
NAN_CELL = "test_standardize_constant_column"  # the one cell cy fails
SCORES = [MAX, 0, MAX - CELLS[NAN_CELL], 0]  # ada, bob, cy, dee
MEAN, MEDIAN = statistics.mean(SCORES), statistics.median(SCORES)
NO_GUARD = [
    Edit("standardize", "np.where(std > 0, std, 1.0)", "std")
]  # a constant column becomes NaN
HOSTILE_REASON = "test_standardize_shape: NotImplementedError: <script>alert('x')</script> & more"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """A course where ada hands in the solution, bob the untouched release, cy a notebook that
    fails one cell, and dee nothing the gradebook knows of; with one outcome per student."""
    root = copy_course(tmp_path_factory.mktemp("report"))
    reference = reference_submission(ASSIGNMENT)
    grades = grade(
        root,
        ASSIGNMENT,
        {
            "ada": reference,
            "bob": read_notebook("release", ASSIGNMENT),
            "cy": edited(reference, NO_GUARD),
        },
    ).scores
    assert grades["cy"] == {**CELLS, NAN_CELL: 0.0}, grades["cy"]
    total = {student: sum(by_cell.values()) for student, by_cell in grades.items()}
    outcomes = [
        Outcome("cy", total["cy"], MAX, f"{NAN_CELL}: AssertionError: NaN", 4.2),
        Outcome("ada", total["ada"], MAX, "", 4.0),
        Outcome("bob", total["bob"], MAX, HOSTILE_REASON, 3.9),
        {
            "student": "dee",
            "score": 0.0,
            "max_score": MAX,
            "reason": "00_setup.ipynb is an empty file",
            "seconds": 0.1,
        },
    ]
    return root, outcomes


@pytest.fixture(scope="module")
def report(graded_class):
    root, outcomes = graded_class
    page = class_report(root, ASSIGNMENT, outcomes)
    return page, page.read_text(encoding="utf-8")


def test_report_is_written_in_the_grading_folder(graded_class, report):
    root, _ = graded_class
    page, _ = report
    assert page == root / "grading" / ASSIGNMENT / "report" / "index.html"


def test_report_embeds_both_figures_as_png_files(report):
    page, text = report
    for name in ("scores.png", "failures.png"):
        assert f'src="{name}"' in text, f"index.html does not show {name}"
        head = (page.parent / name).read_bytes()[:8]
        assert head == PNG_SIGNATURE, f"{name} starts with {head!r}; expected the PNG signature"


def test_report_summarises_the_class(report):
    _, text = report
    assert f"4 students; mean score {MEAN:.2f}, median {MEDIAN:g}" in text


def test_report_gives_each_cell_its_failure_rate_in_notebook_order(report):
    _, text = report
    cells = text.split("<h2>Graded cells</h2>")[1].split("<h2>")[0]
    rows = re.findall(r"<tr><td>(\w+)</td><td>([\d.]+)</td><td>([^<]*)</td><td>", cells)
    # bob (release) and dee (no submission) fail every cell; cy fails the constant column only
    assert rows == [
        (cell, f"{points:g}", "75% (3 of 4)" if cell == NAN_CELL else "50% (2 of 4)")
        for cell, points in CELLS.items()
    ]


def test_report_escapes_reasons_from_student_code(graded_class, tmp_path):
    root, outcomes = graded_class
    hostile = Outcome(
        "eve", 0.0, MAX, HOSTILE_REASON, 0.1
    )  # no autograded notebook: the reason shows
    text = class_report(root, ASSIGNMENT, [*outcomes, hostile], out_dir=tmp_path).read_text()
    assert "<script>" not in text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text


def student_lines(text: str) -> dict[str, list[str]]:
    """``{student: [score, cells lost, flags, links]}`` from the report's Students table."""
    table = text.split("<h2>Students</h2>")[1].split("</table>")[0]
    cell = "<td>(.*?)</td>"
    return {row[0]: list(row[1:]) for row in re.findall(f"<tr>{cell * 5}</tr>", table)}


def test_each_student_gets_one_short_line_with_the_cells_lost_and_flags(report):
    _, text = report
    lines = student_lines(text)
    cy = MAX - CELLS[NAN_CELL]
    assert lines["cy"][:3] == [f"{cy} / {MAX}", f"1: {NAN_CELL}", "-"]
    first_three = ", ".join(list(CELLS)[:3])
    assert lines["bob"][1] == f"{len(CELLS)}: {first_three} and {len(CELLS) - 3} more"
    assert lines["dee"][2] == "not graded: 00_setup.ipynb is an empty file"
    assert lines["ada"][1:3] == ["-", "-"]
    assert HOSTILE_REASON not in text  # bob's notebook was graded: its cells speak, not the reason
    assert max(len("".join(line)) for line in lines.values()) < 400


def test_each_student_links_to_their_log_and_feedback(graded_class, tmp_path):
    root, outcomes = graded_class
    feedback = root / "feedback" / "ada" / ASSIGNMENT / f"{ASSIGNMENT}.html"
    feedback.parent.mkdir(parents=True, exist_ok=True)
    feedback.write_text("<p>feedback</p>")
    page = class_report(root, ASSIGNMENT, outcomes)
    lines = student_lines(page.read_text())
    assert (
        f'<a href="../../../feedback/ada/{ASSIGNMENT}/{ASSIGNMENT}.html">feedback</a>'
        in lines["ada"][3]
    )
    assert '<a href="../logs/ada.log">log</a>' in lines["ada"][3]
    assert (page.parent / "../logs/ada.log").is_file()
    assert lines["dee"][3] == "-"  # dee was never graded: no feedback, no log


def test_each_cell_shows_its_most_common_failures_with_counts(report):
    _, text = report
    table = text.split("<h2>Graded cells</h2>")[1].split("</table>")[0]
    row = next(r for r in table.split("</tr>") if f"<td>{NAN_CELL}</td>" in r)
    failures = row.split("<td>")[-1]
    assert "1&times; AssertionError: constant column of standardize(X)" in failures
    assert "1&times; NotImplementedError:" in failures  # bob's untouched release
    assert "1&times; 00_setup.ipynb is an empty file" in failures  # dee, never graded


def test_report_lists_students_with_their_scores(report):
    _, text = report
    students = text.split("<h2>Students</h2>")[1]
    rows = re.findall(r"<tr><td>(\w+)</td><td>([^<]*)</td><td>", students)
    cy = MAX - CELLS[NAN_CELL]
    assert rows == [("ada", f"{MAX} / {MAX}"), ("bob", f"0 / {MAX}"), ("cy", f"{cy} / {MAX}"),
                    ("dee", f"0 / {MAX}")]  # fmt: skip


def test_csv_has_one_row_per_student_with_each_cell_score(graded_class):
    root, outcomes = graded_class
    path = export_csv(root, ASSIGNMENT, outcomes)
    assert path == root / "grading" / ASSIGNMENT / "grades.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["student", "score", "max_score", "reason", *CELLS]
    full = [f"{points:g}" for points in CELLS.values()]
    zeros = ["0"] * len(CELLS)
    cy = ["0" if cell == NAN_CELL else f"{points:g}" for cell, points in CELLS.items()]
    assert rows[1:] == [
        ["ada", f"{MAX}", f"{MAX}", "", *full],
        ["bob", "0", f"{MAX}", HOSTILE_REASON, *zeros],
        ["cy", f"{MAX - CELLS[NAN_CELL]}", f"{MAX}", f"{NAN_CELL}: AssertionError: NaN", *cy],
        ["dee", "0", f"{MAX}", "00_setup.ipynb is an empty file", *zeros],
    ]


UNGRADED = Outcome(
    "eve",
    0.0,
    MAX,
    "ungraded: the kernel did not start in 3 tries: RuntimeError; grade again",
    9.0,
    graded=False,
)
FLAGGED = Outcome(
    "fay",
    MAX,
    MAX,
    "",
    4.0,
    flags=["possible tampering: review by hand: cell 3 line 1 (ctypes): import ctypes"],
)


def test_an_ungraded_student_counts_in_neither_the_scores_nor_the_cells(graded_class, tmp_path):
    root, outcomes = graded_class
    text = class_report(root, ASSIGNMENT, [*outcomes, UNGRADED], out_dir=tmp_path).read_text(
        encoding="utf-8"
    )
    assert (
        f"4 students; mean score {MEAN:.2f}, median {MEDIAN:g}; 1 ungraded (the kernel never started)"
        in text
    )
    assert "<tr><td>eve</td><td>ungraded</td>" in text
    assert "50% (2 of 4)" in text


def test_lines_of_possible_tampering_are_listed_by_student(graded_class, tmp_path):
    root, outcomes = graded_class
    text = class_report(root, ASSIGNMENT, [*outcomes, FLAGGED], out_dir=tmp_path).read_text(
        encoding="utf-8"
    )
    assert student_lines(text)["fay"][2] == "tampering suspected (1 lines)"
    section = text.split("<h2>Possible tampering</h2>")[1]
    assert (
        "<tr><td>fay</td><td>possible tampering: review by hand: cell 3 line 1 (ctypes): "
        "import ctypes</td></tr>" in section
    )
    assert (
        "Possible tampering"
        not in class_report(root, ASSIGNMENT, outcomes, out_dir=tmp_path).read_text()
    )


def test_csv_leaves_an_ungraded_students_scores_empty(graded_class, tmp_path):
    root, outcomes = graded_class
    path = export_csv(root, ASSIGNMENT, [*outcomes, UNGRADED], tmp_path / "grades.csv")
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[-1] == ["eve", "", f"{MAX}", UNGRADED.reason, *[""] * len(CELLS)]

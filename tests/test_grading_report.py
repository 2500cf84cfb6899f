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
    rows = re.findall(r"<tr><td>(\w+)</td><td>([\d.]+)</td><td>([^<]*)</td></tr>", cells)
    # bob (release) and dee (no submission) fail every cell; cy fails the constant column only
    assert rows == [
        (cell, f"{points:g}", "75% (3 of 4)" if cell == NAN_CELL else "50% (2 of 4)")
        for cell, points in CELLS.items()
    ]


def test_report_escapes_reasons_from_student_code(report):
    _, text = report
    assert "<script>" not in text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more" in text


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

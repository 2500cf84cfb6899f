"""Feedback says why a graded cell failed without showing the cell's hidden tests."""

from html.parser import HTMLParser

import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from autograder.pipeline.course_api import course_api
from autograder.pipeline.feedback import HideHiddenTests
from tests.roundtrip import Edit, copy_course, edited, grade, read_notebook, reference_submission

ASSIGNMENT = "00_setup"
# Right for up to 6 columns, which the visible tests use; the hidden tests use 7 and 9.
AT_MOST_SIX_COLUMNS = [
    Edit(
        "standardize",
        "return (X - mean) / safe_std  # (N, D)",
        "return ((X - mean) / safe_std)[:, :6]  # (N, min(D, 6))",
    )
]
HIDDEN_SHAPE_FAILURE = "AssertionError: standardize(X) has shape (11, 6); expected (11, 7)."
NBGRADER_DEFAULT = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]


class _Text(HTMLParser):
    """The text a reader sees on a page: tags dropped, entities decoded, styles and scripts skipped."""

    def __init__(self):
        super().__init__()
        self.parts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        self.skipping += tag in ("style", "script")

    def handle_endtag(self, tag):
        self.skipping -= tag in ("style", "script")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def hidden_only_lines(nb) -> list[str]:
    """Lines of the hidden regions (delimiters included) that occur nowhere else in the notebook."""
    hidden, shown = [], set()
    for cell in nb.cells:
        inside = False
        for line in (line.strip() for line in cell.source.splitlines()):
            inside = inside or "BEGIN HIDDEN TESTS" in line
            (hidden.append if inside else shown.add)(line)
            inside = inside and "END HIDDEN TESTS" not in line
    return [line for line in hidden if line and line not in shown]


def feedback_text(root, student: str, preprocessors=None) -> str:
    """The text of ``student``'s feedback page, made with the course's settings or ``preprocessors``."""
    api = course_api(str(root))
    if preprocessors is not None:
        api.config.GenerateFeedback.preprocessors = preprocessors
    result = api.generate_feedback(ASSIGNMENT, student, force=True)
    assert result["success"], result.get("error")
    return page_text(
        (root / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text(
            encoding="utf-8"
        )
    )


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Feedback for a submission that fails hidden tests only: the course's settings, and nbgrader's."""
    root = copy_course(tmp_path_factory.mktemp("feedback"))
    got = grade(
        root, ASSIGNMENT, {"sam": edited(reference_submission(ASSIGNMENT), AT_MOST_SIX_COLUMNS)}
    ).scores
    assert got["sam"]["test_standardize_shape"] == 0.0, got  # the submission fails a hidden test
    return feedback_text(root, "sam"), feedback_text(root, "sam", NBGRADER_DEFAULT)


@pytest.fixture(scope="module")
def hidden_lines():
    lines = hidden_only_lines(read_notebook("source", ASSIGNMENT))
    assert len(lines) >= 6, lines
    return lines


def test_feedback_shows_no_hidden_test_line(pages, hidden_lines):
    course, _ = pages
    assert [line for line in hidden_lines if line in course] == []
    assert "# hidden tests" in course


def test_feedback_still_shows_the_failing_checks_message(pages):
    course, _ = pages
    assert HIDDEN_SHAPE_FAILURE in course


def test_nbgrader_feedback_alone_would_show_the_hidden_tests(pages, hidden_lines):
    _, default = pages
    assert [line for line in hidden_lines if line not in default] == []


def _graded(source, solution=False, outputs=()):
    meta = {
        "nbgrader": {
            "grade": True,
            "solution": solution,
            "grade_id": "t",
            "points": 1,
            "schema_version": 3,
        }
    }
    return new_code_cell(source, metadata=meta, outputs=list(outputs))


def _error(ename, evalue, *traceback):
    return new_output("error", ename=ename, evalue=evalue, traceback=list(traceback))


def test_hide_hidden_tests_keeps_visible_lines_and_streams_and_shortens_tracebacks():
    traceback = [
        "\x1b[0;31m----\x1b[0m",
        "\x1b[0;32m----> 3\x1b[0m assert f(7) == 49, 'f(7)'",
        "\x1b[0;31mAssertionError\x1b[0m: f(7) is 48",
    ]
    source = (
        "assert f(1) == 1\n### BEGIN HIDDEN TESTS\nassert f(7) == 49, 'f(7)'\n"
        "### END HIDDEN TESTS\nprint('ok')"
    )
    cell = _graded(
        source,
        outputs=[
            new_output("stream", name="stdout", text="checked f(1)\n"),
            _error("AssertionError", "f(7) is \x1b[1m48\x1b[0m", *traceback),
        ],
    )
    nb, _ = HideHiddenTests().preprocess(new_notebook(cells=[cell]), {})
    cell = nb.cells[0]
    assert cell.source == "assert f(1) == 1\n# hidden tests\nprint('ok')"
    assert cell.outputs[0].text == "checked f(1)\n"
    assert cell.outputs[1].traceback == ["AssertionError: f(7) is 48"]


def test_hide_hidden_tests_keeps_indentation_and_hides_an_unclosed_region():
    cell = _graded(
        "def check():\n    x = 1\n    ### BEGIN HIDDEN TESTS\n    assert x == 2\n    ### END HIDDEN TESTS\n"
        "check()\n### BEGIN HIDDEN TESTS\nsecret()"
    )
    nb, _ = HideHiddenTests().preprocess(new_notebook(cells=[cell]), {})
    assert (
        nb.cells[0].source == "def check():\n    x = 1\n    # hidden tests\ncheck()\n# hidden tests"
    )


def test_hide_hidden_tests_leaves_other_cells_alone():
    source = "x = 1\n### BEGIN HIDDEN TESTS\nassert x\n### END HIDDEN TESTS"
    traceback = ["line 1", "assert x", "AssertionError"]
    cells = [
        _graded(source, solution=True, outputs=[_error("AssertionError", "", *traceback)]),
        new_code_cell(source, outputs=[_error("AssertionError", "", *traceback)]),
    ]
    nb, _ = HideHiddenTests().preprocess(new_notebook(cells=cells), {})
    for cell in nb.cells:
        assert cell.source == source
        assert cell.outputs[0].traceback == traceback

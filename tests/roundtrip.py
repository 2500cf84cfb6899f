"""The nbgrader round trip, run in a temporary copy of the course.

An assignment's test module subclasses ``RoundTrip`` and lists typical mistakes
(``MUTANTS``) and other correct solutions (``ALTERNATIVES``) as edits of the reference
solution, and the feedback some mistakes must get (``MESSAGES``). Every submission is graded
once per class, as one class through the course's own parallel grader
(``autograder.pipeline.batch``), which runs nbgrader's autograder.
"""

from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from autograder.pipeline import course_copy
from autograder.pipeline.batch import ClassGrader, GradingOptions
from autograder.pipeline.cells import cells_by_grade_id, error_line, nbgrader_meta
from autograder.pipeline.course_api import course_api, generate_release
from autograder.pipeline.gradebook import cell_scores, gradebook_path, waiting_for_manual_grade

REPO = Path(__file__).resolve().parents[1]
GRADING_JOBS = 2  # students graded at once in each round trip
INFRASTRUCTURE = (
    "nbgrader could not grade",
    "the grading process was killed",
)  # never a submission's doing


@dataclass(frozen=True)
class Edit:
    """Replace ``old`` (which must occur exactly once) by ``new`` in one solution cell."""

    grade_id: str
    old: str
    new: str


def copy_course(dest: Path) -> Path:
    """Copy what nbgrader needs of this course into ``dest``."""
    return course_copy.copy_course(REPO, dest)


def read_notebook(folder: str, assignment: str):
    return course_copy.read_notebook(REPO, folder, assignment)


def reference_submission(assignment: str):
    """The release notebook with every solution cell filled in from the source."""
    return course_copy.reference_submission(REPO, assignment)


def graded_points(assignment: str, manual: bool = False) -> dict[str, float]:
    """``{grade_id: points}`` of the source notebook's autograded cells, in notebook order, or
    with ``manual=True`` of its manually graded answers (graded solution cells)."""
    return {
        grade_id: nbgrader_meta(cell)["points"]
        for grade_id, cell in cells_by_grade_id(read_notebook("source", assignment)).items()
        if nbgrader_meta(cell).get("grade") and bool(nbgrader_meta(cell).get("solution")) == manual
    }


def edited(nb, edits):
    """A copy of ``nb`` with ``edits`` applied; an edit that does not apply is an error."""
    nb = nbformat.from_dict(nb)
    cells = cells_by_grade_id(nb)
    for edit in edits:
        count = cells[edit.grade_id].source.count(edit.old)
        assert count == 1, (
            f"{edit.old!r} occurs {count} times in cell {edit.grade_id}; the edit is stale"
        )
        cells[edit.grade_id].source = cells[edit.grade_id].source.replace(edit.old, edit.new)
    return nb


@dataclass(frozen=True)
class Graded:
    """What a round trip's class got: each student's score and error line per graded cell."""

    scores: dict[str, dict[str, float]]
    errors: dict[str, dict[str, str]]
    manual: dict[str, set[str]]


def cell_errors(folder: Path, assignment: str) -> dict[str, str]:
    """``{grade_id: "AssertionError: …"}`` for the graded cells that failed in an autograded
    notebook, as its feedback shows them."""
    nb = nbformat.read(folder / f"{assignment}.ipynb", as_version=4)
    return {
        grade_id: error_line(output)
        for grade_id, cell in cells_by_grade_id(nb).items()
        if nbgrader_meta(cell).get("grade")
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    }


def grade(root: Path, assignment: str, submissions: dict) -> Graded:
    """Release ``assignment`` in the course at ``root``, then grade the ``{student: notebook}`` as one
    class with the course's own parallel grader. The notebooks are the course's own code, so their
    kernels are forks of a warm template (``autograder.pipeline.warm``) rather than sandboxed.

    Returns each student's score and error per graded cell.
    """
    api = course_api(str(root))
    generate_release(api, assignment)
    for student, nb in submissions.items():
        folder = root / "submitted" / student / assignment
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{assignment}.ipynb")
    options = GradingOptions(jobs=GRADING_JOBS, sandboxed=False, warm=True)
    outcomes = ClassGrader(root, assignment, options, log=lambda line: None).run()
    trouble = {
        o.student: o.reason for o in outcomes if not o.graded or o.reason.startswith(INFRASTRUCTURE)
    }
    assert not trouble, f"submissions the grader could not grade: {trouble}"
    errors = {
        student: cell_errors(root / "autograded" / student / assignment, assignment)
        for student in submissions
    }
    db = gradebook_path(root)
    manual = graded_points(assignment, manual=True)
    scores = {
        student: {cell: score for cell, score in cells.items() if cell not in manual}
        for student, cells in cell_scores(db, assignment).items()
    }
    return Graded(scores, errors, waiting_for_manual_grade(db, assignment))


class RoundTrip:
    """Round-trip tests shared by every assignment; subclasses set the names below.

    ``MESSAGES`` maps a mutant to ``{grade_id: text}``: that graded cell must fail with an error
    whose line contains the text, so that the hint names the mistake actually made.
    """

    ASSIGNMENT: str
    MUTANTS: dict[str, list[Edit]] = {}
    ALTERNATIVES: dict[str, list[Edit]] = {}
    MESSAGES: dict[str, dict[str, str]] = {}

    @pytest.fixture(scope="class")
    @classmethod
    def grades(cls, tmp_path_factory):
        reference = reference_submission(cls.ASSIGNMENT)
        submissions = {
            "source": read_notebook("source", cls.ASSIGNMENT),
            "release": read_notebook("release", cls.ASSIGNMENT),
            "reference": reference,
        }
        for name, edits in {**cls.MUTANTS, **cls.ALTERNATIVES}.items():
            submissions[name] = edited(reference, edits)
        root = copy_course(tmp_path_factory.mktemp(cls.ASSIGNMENT))
        max_points = graded_points(cls.ASSIGNMENT)
        graded = grade(root, cls.ASSIGNMENT, submissions)
        return graded.scores, max_points, graded.errors, graded.manual

    def test_source_notebook_scores_full_marks(self, grades):
        got, max_points, _, _ = grades
        assert lost_points(got["source"], max_points) == {}

    def test_reference_solution_in_release_scores_full_marks(self, grades):
        got, max_points, _, _ = grades
        assert lost_points(got["reference"], max_points) == {}

    def test_manual_answers_wait_for_the_instructor(self, grades):
        _, _, _, waiting = grades
        manual = set(graded_points(self.ASSIGNMENT, manual=True))
        for student in ("source", "reference"):
            assert waiting[student] == manual, (
                f"{student}: the Formgrader lists {waiting[student] or 'no cell'} for manual "
                f"grading; expected {manual or 'none'}"
            )

    def test_untouched_release_scores_zero(self, grades):
        got, max_points, _, _ = grades
        assert got["release"] == dict.fromkeys(max_points, 0.0)

    def test_typical_mistake_loses_points(self, grades, mutant):
        got, max_points, _, _ = grades
        assert lost_points(got[mutant], max_points), f"mutant {mutant!r} scored full marks"

    def test_alternative_solution_scores_full_marks(self, grades, alternative):
        got, max_points, _, _ = grades
        assert lost_points(got[alternative], max_points) == {}

    def test_mistake_gets_its_own_hint(self, grades, message):
        _, _, errors, _ = grades
        mutant, grade_id, text = message
        got = errors[mutant].get(grade_id)
        assert got is not None, (
            f"mutant {mutant!r} did not fail {grade_id}; failed: {errors[mutant]}"
        )
        assert text in got, f"mutant {mutant!r} in {grade_id}: {got!r} does not say {text!r}"


def lost_points(scores: dict[str, float], max_points: dict[str, float]) -> dict[str, float]:
    """The graded cells that scored less than their points, with the points lost."""
    assert scores.keys() == max_points.keys(), (
        f"graded cells {sorted(scores)}; expected {sorted(max_points)}"
    )
    return {
        grade_id: max_points[grade_id] - score
        for grade_id, score in scores.items()
        if score < max_points[grade_id]
    }

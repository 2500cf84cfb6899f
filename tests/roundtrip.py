"""The nbgrader round trip, run in a temporary copy of the course.

An assignment's test module subclasses ``RoundTrip`` and lists typical mistakes
(``MUTANTS``) and other correct solutions (``ALTERNATIVES``) as edits of the reference
solution. Every submission is graded once per class, as one class through the course's own
parallel grader (``autograder.pipeline.batch``), which runs nbgrader's autograder.
"""

from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from autograder.pipeline import course_copy
from autograder.pipeline.batch import ClassGrader, GradingOptions
from autograder.pipeline.cells import cells_by_grade_id, nbgrader_meta
from autograder.pipeline.course_api import course_api, generate_release
from autograder.pipeline.gradebook import cell_scores, gradebook_path

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


def grade(root: Path, assignment: str, submissions: dict) -> dict[str, dict[str, float]]:
    """Release ``assignment`` in the course at ``root``, then grade the ``{student: notebook}`` as one
    class with the course's own parallel grader. The notebooks are the course's own code, so their
    kernels are forks of a warm template (``autograder.pipeline.warm``) rather than sandboxed.

    Returns each student's score per graded cell.
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
    return cell_scores(gradebook_path(root), assignment)


class RoundTrip:
    """Round-trip tests shared by every assignment; subclasses set the three names below."""

    ASSIGNMENT: str
    MUTANTS: dict[str, list[Edit]] = {}
    ALTERNATIVES: dict[str, list[Edit]] = {}

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
        max_points = {
            grade_id: nbgrader_meta(cell)["points"]
            for grade_id, cell in cells_by_grade_id(read_notebook("source", cls.ASSIGNMENT)).items()
            if nbgrader_meta(cell).get("grade")
        }
        return grade(root, cls.ASSIGNMENT, submissions), max_points

    def test_source_notebook_scores_full_marks(self, grades):
        got, max_points = grades
        assert lost_points(got["source"], max_points) == {}

    def test_reference_solution_in_release_scores_full_marks(self, grades):
        got, max_points = grades
        assert lost_points(got["reference"], max_points) == {}

    def test_untouched_release_scores_zero(self, grades):
        got, max_points = grades
        assert got["release"] == dict.fromkeys(max_points, 0.0)

    def test_typical_mistake_loses_points(self, grades, mutant):
        got, max_points = grades
        assert lost_points(got[mutant], max_points), f"mutant {mutant!r} scored full marks"

    def test_alternative_solution_scores_full_marks(self, grades, alternative):
        got, max_points = grades
        assert lost_points(got[alternative], max_points) == {}


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

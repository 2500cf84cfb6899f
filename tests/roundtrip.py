"""The nbgrader round trip, run in a temporary copy of the course.

An assignment's test module subclasses ``RoundTrip`` and lists typical mistakes
(``MUTANTS``) and other correct solutions (``ALTERNATIVES``) as edits of the reference
solution, and the feedback some mistakes must get (``MESSAGES``).

Two graders grade them. The real one: the source notebook, the blank release, the reference and
a fixed sample of the edits (``real_sample``: every edit where ``ALL_REAL`` is set) go as one class
through the course's own parallel grader (``autograder.pipeline.batch``), which runs nbgrader's
autograder. The fast path (``autograder.resume``): the reference and every edit, each from its
first changed cell. Every edit's tests read the fast path's grades; the agreement test asserts
that on the reference and the sample both give the same score and error line in every cell.
"""

import time
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat
import pytest

from autograder.pipeline import course_copy
from autograder.pipeline.batch import ClassGrader, GradingOptions
from autograder.pipeline.cells import cells_by_grade_id, graded_errors, nbgrader_meta
from autograder.pipeline.course_api import course_api, generate_release
from autograder.pipeline.gradebook import cell_scores, gradebook_path, waiting_for_manual_grade
from autograder.resume.grader import FastGrader

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
    return graded_errors(nbformat.read(folder / f"{assignment}.ipynb", as_version=4))


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


def fast_grade(root: Path, assignment: str, reference, submissions: dict) -> tuple[Graded, float]:
    """Grade ``{name: notebook}`` (edits of ``reference``) with the fast path; also return the
    seconds its run of the reference took."""
    grader = FastGrader(root, assignment, reference, jobs=GRADING_JOBS)
    results = grader.grade({"reference": reference, **submissions})
    return Graded(
        {name: r.scores for name, r in results.items()},
        {name: r.errors for name, r in results.items()},
        {},
    ), grader.reference_seconds


def disagreements(fast: Graded, real: Graded, names) -> list[str]:
    """Where the fast path's scores or error lines differ from the real grader's, for ``names``."""
    return [
        f"{name}: {what} {getattr(fast, what)[name]} by the fast path, "
        f"{getattr(real, what)[name]} by nbgrader"
        for name in names
        for what in ("scores", "errors")
        if getattr(fast, what)[name] != getattr(real, what)[name]
    ]


@dataclass(frozen=True)
class Seconds:
    """Where a round trip's time went."""

    real: float  # nbgrader's autograde of the source, release, reference and the sample
    reference: float  # the fast path's run of the reference, in full
    edits: float  # the fast path's snapshots and every edit


class RoundTrip:
    """Round-trip tests shared by every assignment; subclasses set the names below.

    ``MESSAGES`` maps a mutant to ``{grade_id: text}``: that graded cell must fail with an error
    whose line contains the text, so that the hint names the mistake actually made.
    ``ALL_REAL``: grade every edit with the real grader too, not only ``real_sample()``.
    """

    ASSIGNMENT: str
    MUTANTS: dict[str, list[Edit]] = {}
    ALTERNATIVES: dict[str, list[Edit]] = {}
    MESSAGES: dict[str, dict[str, str]] = {}
    ALL_REAL = False
    SAMPLE_MUTANTS = 3
    SAMPLE_ALTERNATIVES = 1

    @classmethod
    def real_sample(cls) -> list[str]:
        """The edits the real grader grades too: all with ``ALL_REAL``, else the first mutants
        and alternatives, in the order the class lists them."""
        if cls.ALL_REAL:
            return [*cls.MUTANTS, *cls.ALTERNATIVES]
        return [*cls.MUTANTS][: cls.SAMPLE_MUTANTS] + [*cls.ALTERNATIVES][: cls.SAMPLE_ALTERNATIVES]

    @pytest.fixture(scope="class")
    @classmethod
    def grades(cls, tmp_path_factory):
        reference = reference_submission(cls.ASSIGNMENT)
        edits = {
            name: edited(reference, changes)
            for name, changes in {**cls.MUTANTS, **cls.ALTERNATIVES}.items()
        }
        root = copy_course(tmp_path_factory.mktemp(cls.ASSIGNMENT))
        started = time.monotonic()
        real = grade(
            root,
            cls.ASSIGNMENT,
            {
                "source": read_notebook("source", cls.ASSIGNMENT),
                "release": read_notebook("release", cls.ASSIGNMENT),
                "reference": reference,
                **{name: edits[name] for name in cls.real_sample()},
            },
        )
        real_seconds = time.monotonic() - started
        fast, reference_seconds = fast_grade(root, cls.ASSIGNMENT, reference, edits)
        seconds = Seconds(
            real_seconds,
            reference_seconds,
            time.monotonic() - started - real_seconds - reference_seconds,
        )
        return RoundTripGrades(real, fast, graded_points(cls.ASSIGNMENT), seconds)

    def test_source_notebook_scores_full_marks(self, grades, record_property):
        record_property("round_trip_seconds", asdict(grades.seconds))
        assert lost_points(grades.real.scores["source"], grades.max_points) == {}

    def test_reference_solution_in_release_scores_full_marks(self, grades):
        assert lost_points(grades.real.scores["reference"], grades.max_points) == {}

    def test_manual_answers_wait_for_the_instructor(self, grades):
        waiting = grades.real.manual
        manual = set(graded_points(self.ASSIGNMENT, manual=True))
        for student in ("source", "reference"):
            assert waiting[student] == manual, (
                f"{student}: the Formgrader lists {waiting[student] or 'no cell'} for manual "
                f"grading; expected {manual or 'none'}"
            )

    def test_untouched_release_scores_zero(self, grades):
        assert grades.real.scores["release"] == dict.fromkeys(grades.max_points, 0.0)

    def test_fast_path_agrees_with_the_real_grader(self, grades):
        names = ["reference", *self.real_sample()]
        assert disagreements(grades.fast, grades.real, names) == []

    def test_typical_mistake_loses_points(self, grades, mutant):
        got = grades.fast.scores[mutant]
        assert lost_points(got, grades.max_points), f"mutant {mutant!r} scored full marks"

    def test_alternative_solution_scores_full_marks(self, grades, alternative):
        assert lost_points(grades.fast.scores[alternative], grades.max_points) == {}

    def test_mistake_gets_its_own_hint(self, grades, message):
        errors = grades.fast.errors
        mutant, grade_id, text = message
        got = errors[mutant].get(grade_id)
        assert got is not None, (
            f"mutant {mutant!r} did not fail {grade_id}; failed: {errors[mutant]}"
        )
        assert text in got, f"mutant {mutant!r} in {grade_id}: {got!r} does not say {text!r}"


@dataclass(frozen=True)
class RoundTripGrades:
    """A round trip's grades: ``real`` by nbgrader, ``fast`` by the fast path."""

    real: Graded
    fast: Graded
    max_points: dict[str, float]
    seconds: Seconds


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

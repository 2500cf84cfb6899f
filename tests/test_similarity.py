"""Are two students who share a renamed copy listed as near-identical, and students who wrote
their own solutions (or nothing beyond the release) not?"""

import nbformat
import pytest

from autograder.pipeline.course_api import course_api, generate_release
from autograder.pipeline.report import class_report
from autograder.pipeline.similarity import similar_pairs, solution_code
from tests import test_grading_00_setup as setup_tests
from tests.roundtrip import copy_course, edited, read_notebook, reference_submission

ASSIGNMENT = "00_setup"
OWN = ("column_loop", "divide_where", "row_loop_float_list")  # solutions written another way
RENAMES = {"mean": "centre", "safe_std": "divisor", "std": "spread", "# (D,)": "# one per column"}


def renamed_copy(nb):
    """``nb`` with its solution's variables renamed and comments reworded, as a copier would."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            for old, new in RENAMES.items():
                cell.source = cell.source.replace(old, new)
    return nb


def the_class() -> dict[str, list]:
    """ada hands in the solution, bo a renamed copy of it, cy, dee and eve their own, fay and gus
    the untouched release."""
    ada = reference_submission(ASSIGNMENT)
    alternatives = setup_tests.TestSetupRoundTrip.ALTERNATIVES
    own = [edited(ada, alternatives[name]) for name in OWN]
    release = read_notebook("release", ASSIGNMENT)
    students = {"ada": ada, "bo": renamed_copy(ada), "cy": own[0], "dee": own[1], "eve": own[2]}
    return {s: [nb] for s, nb in {**students, "fay": release, "gus": release}.items()}


def test_the_copy_really_is_renamed():
    students = the_class()
    ada, bo = (solution_code(students[s]) for s in ("ada", "bo"))
    assert ada != bo and "centre" in bo and "mean" not in bo.split('"""')[-1]


def test_only_the_renamed_copy_is_listed():
    pairs = similar_pairs(the_class(), [read_notebook("release", ASSIGNMENT)], threshold=0.9)
    assert [(p.first, p.second) for p in pairs] == [("ada", "bo")]
    assert pairs[0].first_in_second >= 0.9 and pairs[0].second_in_first >= 0.9


def test_students_who_wrote_their_own_stay_below_the_threshold():
    students = {s: nbs for s, nbs in the_class().items() if s != "bo"}
    assert similar_pairs(students, [read_notebook("release", ASSIGNMENT)], threshold=0.9) == []


def test_a_threshold_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError, match=r"similarity threshold must be in \(0, 1\]; got 90"):
        similar_pairs(the_class(), [read_notebook("release", ASSIGNMENT)], threshold=90)


def test_class_report_lists_the_pair_with_the_threshold_from_jupyter_config(tmp_path):
    root = copy_course(tmp_path)
    generate_release(course_api(str(root)), ASSIGNMENT)
    for student, [nb] in the_class().items():
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{ASSIGNMENT}.ipynb")
    outcomes = [
        {"student": s, "score": 0.0, "max_score": 7.0, "reason": "", "seconds": 1.0}
        for s in the_class()
    ]
    text = class_report(root, ASSIGNMENT, outcomes).read_text()
    section = text.split("<h2>Similar submissions</h2>")[1].split("<h2>")[0]
    assert "at least 90%" in section  # c.ClassGrading.similarity_threshold = 0.9
    assert "<tr><td>ada</td><td>bo</td><td>100%</td><td>100%</td></tr>" in section
    assert section.count("<tr><td>") == 1

"""The class report's short forms: failure messages grouped with numbers normalised away, and
the flags of one student's line."""

from autograder.pipeline.failures import most_common, normalised
from autograder.pipeline.flags import student_flags

SHAPE_32 = "AssertionError: logits has shape (32, 1, 10); expected (32, 10). Flatten first."
SHAPE_8 = "AssertionError: logits has shape (8, 1, 10); expected (8, 10). Flatten first."
CLOSE = "AssertionError: loss differs: max abs error 0.25 at index (3,), rtol 1e-05"


def test_numbers_are_normalised_away_but_names_with_digits_stay():
    assert (
        normalised(SHAPE_32)
        == "AssertionError: logits has shape (#, #, #); expected (#, #). Flatten first."
    )
    assert (
        normalised(CLOSE) == "AssertionError: loss differs: max abs error # at index (#,), rtol #"
    )
    assert (
        normalised("05_cnn.ipynb  is   missing; conv2 -1.5") == "05_cnn.ipynb is missing; conv2 #"
    )


def test_the_same_mistake_with_other_numbers_is_counted_once_most_common_first():
    got = most_common([CLOSE, SHAPE_32, SHAPE_8, "NameError: name 'f' is not defined"], top=2)
    assert got == [(normalised(SHAPE_8), 2), (normalised(CLOSE), 1)]


def test_flags_name_restored_cells_tampering_timeouts_and_a_dead_kernel():
    record = {
        "reason": "deleted test cells put back: test_a; the kernel died while running the notebook",
        "flags": ["possible tampering: review by hand: cell 3 line 1 (ctypes): import ctypes"] * 2,
    }
    assert student_flags(record, timeouts=2) == [
        "test cells restored",
        "tampering suspected (2 lines)",
        "timeouts: 2 cells",
        "kernel died",
    ]


def test_a_full_marks_student_has_no_flag_and_an_ungraded_one_says_so():
    assert student_flags({"reason": "", "flags": []}) == []
    assert student_flags({"reason": "x", "graded": False})[0].startswith("ungraded")


def test_a_notebook_that_could_not_be_graded_quotes_why():
    record = {"reason": "05_cnn.ipynb is not valid JSON (Expecting value); more", "flags": []}
    assert student_flags(record, graded_notebook=False) == [
        "not graded: 05_cnn.ipynb is not valid JSON (Expecting value)"
    ]

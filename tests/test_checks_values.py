"""Do check_close, check_equal and check_between compare by value and explain failures?"""

import numpy as np
import pytest
import torch

from autograder import check_between, check_close, check_equal
from tests.hostile import AlwaysEqual, LyingArray


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def test_check_close_passes_same_values_and_matching_kinds():
    x = np.random.default_rng(0).standard_normal((3, 4))
    check_close("softmax(x)", softmax(x), torch.softmax(torch.tensor(x), -1).numpy())
    check_close("loss", np.float64(0.5), 0.5)
    check_close("loss", np.array(0.5), 0.5)
    check_close("h", torch.ones(2), torch.ones(2))


def test_check_close_reports_worst_error_index_values_and_tolerance():
    got, expected = np.zeros((3, 5)), np.zeros((3, 5))
    got[2, 4], expected[2, 4] = 0.12, 0.43
    with pytest.raises(AssertionError) as info:
        check_close("softmax(x)", got, expected, hint="Normalise over the last axis.")
    assert str(info.value) == (
        "softmax(x) differs from the reference: max abs error 0.31 at index (2, 4) (got 0.12, "
        "expected 0.43), max rel error 0.721; tolerance 'float64' (rtol=1e-07, atol=1e-09). "
        "Normalise over the last axis."
    )


def test_check_close_rejects_list_where_array_expected():
    with pytest.raises(AssertionError) as info:
        check_close("y_pred", [1.0, 2.0], np.array([1.0, 2.0]), hint="Return np.array(...).")
    assert str(info.value) == "y_pred is a list; expected a numpy.ndarray. Return np.array(...)."


def test_check_close_rejects_array_where_tensor_expected():
    with pytest.raises(
        AssertionError, match=r"^h is a numpy\.ndarray; expected a torch\.Tensor\.$"
    ):
        check_close("h", np.ones(2), torch.ones(2))


def test_check_close_rejects_always_equal_object():
    with pytest.raises(AssertionError, match=r"^y is an AlwaysEqual; expected a numpy\.ndarray\.$"):
        check_close("y", AlwaysEqual(), np.ones(2))
    with pytest.raises(AssertionError, match=r"^y is an AlwaysEqual; expected real numbers"):
        check_close("y", AlwaysEqual(), [1.0, 2.0])


def test_check_close_compares_lying_subclass_by_value():
    with pytest.raises(AssertionError, match="^y differs from the reference: max abs error 1"):
        check_close("y", np.zeros(3).view(LyingArray), np.array([0.0, 1.0, 0.0]))


def test_check_close_rejects_wrong_shape():
    with pytest.raises(
        AssertionError, match=r"^logits has shape \(32, 1, 10\); expected \(32, 10\)\.$"
    ):
        check_close("logits", np.zeros((32, 1, 10)), np.zeros((32, 10)))


def test_check_close_rejects_nan_in_got():
    with pytest.raises(AssertionError) as info:
        check_close("p", np.array([0.5, np.nan, np.nan]), np.array([0.5, 0.25, 0.25]))
    assert str(info.value) == (
        "p has NaN/inf unlike the reference in 2 of 3 entries, "
        "first at index (1,) (got nan); expected 0.25."
    )


def test_check_close_rejects_finite_where_reference_is_inf_and_accepts_matching_inf():
    check_close("z", np.array([np.inf, np.nan, 1.0]), np.array([np.inf, np.nan, 1.0]))
    with pytest.raises(
        AssertionError, match=r"^z has NaN/inf unlike .* \(got 1e\+300\); expected inf\.$"
    ):
        check_close("z", np.array([1e300]), np.array([np.inf]))


def test_check_close_rejects_tensor_on_other_device_naming_both():
    with pytest.raises(AssertionError) as info:
        check_close("x", torch.empty(3, device="meta"), torch.zeros(3))
    assert str(info.value) == "x is on meta; expected on cpu, like the reference."


def test_check_close_float32_result_passes_float32_and_fails_float64():
    x = np.random.default_rng(1).standard_normal((4, 6))
    got = torch.softmax(torch.tensor(x, dtype=torch.float32), -1).numpy()
    check_close("softmax(x)", got, softmax(x), tol="float32")
    with pytest.raises(AssertionError, match=r"tolerance 'float64' \(rtol=1e-07, atol=1e-09\)\.$"):
        check_close("softmax(x)", got, softmax(x), tol="float64")


def test_check_close_accepts_tolerance_pair_and_reports_zero_expected_as_inf_rel_error():
    check_close("x", np.array([1.05]), np.array([1.0]), tol=(0.1, 0.0))
    with pytest.raises(
        AssertionError, match=r"max rel error inf; tolerance 'exact' \(rtol=0, atol=0\)"
    ):
        check_close("x", 1e-9, 0.0, tol="exact")


def test_check_equal_passes_equal_labels():
    check_equal("y_pred", np.array([0, 2, 1]), np.array([0, 2, 1]))
    check_equal("n", 3, 3)
    check_equal("mask", torch.tensor([True, False]), torch.tensor([True, False]))


def test_check_equal_counts_differences_and_shows_first():
    with pytest.raises(AssertionError) as info:
        check_equal(
            "y_pred", np.array([0, 2, 1, 1]), np.array([0, 1, 1, 0]), "Take argmax over axis 1."
        )
    assert str(info.value) == (
        "y_pred differs from the reference in 2 of 4 entries, first at index (1,) "
        "(got 2); expected 1. Take argmax over axis 1."
    )


def test_check_equal_reports_scalars_plainly():
    with pytest.raises(AssertionError, match=r"^n_correct is 3; expected 4\.$"):
        check_equal("n_correct", 3, 4)


def test_check_equal_rejects_always_equal_object():
    with pytest.raises(AssertionError, match="^label is an AlwaysEqual; expected an int"):
        check_equal("label", AlwaysEqual(), 3)


def test_check_between_passes_value_in_range():
    check_between("test accuracy", 0.95, 0.94, 1.0)
    check_between("test accuracy", torch.tensor(0.95), 0.94, 1.0)


def test_check_between_reports_value_and_range():
    with pytest.raises(AssertionError) as info:
        check_between("test accuracy", 0.912, 0.94, 1.0, "Train for more epochs.")
    assert (
        str(info.value)
        == "test accuracy is 0.912; expected between 0.94 and 1.0. Train for more epochs."
    )


def test_check_between_shows_all_digits_when_rounding_would_hide_the_failure():
    with pytest.raises(
        AssertionError, match=r"^test accuracy is 0\.9399999976\d*; expected between 0\.94"
    ):
        check_between("test accuracy", torch.tensor(0.94), 0.94, 1.0)


def test_check_between_rejects_nan_and_arrays():
    with pytest.raises(AssertionError, match=r"^loss is nan; expected between 0\.0 and 1\.0\.$"):
        check_between("loss", float("nan"), 0, 1)
    with pytest.raises(
        AssertionError, match=r"^loss has shape \(2,\); expected a single number\.$"
    ):
        check_between("loss", [0.5, 0.5], 0, 1)

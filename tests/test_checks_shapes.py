"""Do the shape, type and dtype checks pass the right values and name both sides otherwise?"""

import numpy as np
import pytest
import torch

from autograder import check_dtype, check_shape, check_type
from tests.hostile import AlwaysEqual


class FakeArray:
    """Pretends to be an ndarray through __class__."""

    __class__ = np.ndarray


def test_check_shape_passes_matching_shape_and_none_wildcard():
    check_shape("logits", np.zeros((32, 10)), (32, 10))
    check_shape("logits", torch.zeros(7, 10), (None, 10))
    check_shape("logits", torch.empty(2, 3, device="meta"), torch.Size([2, 3]))
    check_shape("y", [[1, 2, 3]], (1, 3))


def test_check_shape_reports_both_shapes_and_hint():
    with pytest.raises(AssertionError) as info:
        check_shape("logits", torch.zeros(32, 1, 10), (32, 10), "Flatten after the conv block.")
    assert (
        str(info.value)
        == "logits has shape (32, 1, 10); expected (32, 10). Flatten after the conv block."
    )


def test_check_shape_rejects_wrong_length_on_a_fixed_axis():
    with pytest.raises(AssertionError, match=r"^h has shape \(4, 5\); expected \(None, 6\)\.$"):
        check_shape("h", np.zeros((4, 5)), (None, 6))


def test_check_shape_rejects_object_that_is_not_numbers():
    with pytest.raises(AssertionError, match="^h is an AlwaysEqual; expected real numbers"):
        check_shape("h", AlwaysEqual(), ())


def test_check_type_passes_instance_of_one_of_the_types():
    check_type("y_pred", np.zeros(2), np.ndarray)
    check_type("y_pred", torch.zeros(2), (np.ndarray, torch.Tensor))


def test_check_type_rejects_list_where_array_expected():
    with pytest.raises(AssertionError) as info:
        check_type("y_pred", [1, 2], np.ndarray, "Return np.array(...), not a list.")
    assert (
        str(info.value)
        == "y_pred is a list; expected a numpy.ndarray. Return np.array(...), not a list."
    )


def test_check_type_lists_every_accepted_type():
    with pytest.raises(
        AssertionError, match=r"^x is an int; expected a float or a numpy\.ndarray\.$"
    ):
        check_type("x", 3, (float, np.ndarray))


def test_check_type_is_not_fooled_by_a_faked_class():
    with pytest.raises(AssertionError, match="^x is a FakeArray; expected a numpy.ndarray"):
        check_type("x", FakeArray(), np.ndarray)


def test_check_dtype_passes_matching_numpy_torch_and_kind():
    check_dtype("x", np.zeros(2, dtype=np.float32), np.float32)
    check_dtype("x", torch.zeros(2), torch.float32)
    check_dtype("x", torch.zeros(2, dtype=torch.float64), np.float64)
    check_dtype("y", np.array([1, 2], dtype=np.uint8), "int")
    check_dtype("mask", torch.ones(2, dtype=torch.bool), "bool")
    check_dtype("x", torch.zeros(2, dtype=torch.bfloat16), "float")


def test_check_dtype_shows_both_dtypes():
    with pytest.raises(AssertionError) as info:
        check_dtype("x", torch.zeros(2, dtype=torch.float64), torch.float32, "Use .float().")
    assert str(info.value) == "x has dtype torch.float64; expected torch.float32. Use .float()."
    with pytest.raises(AssertionError, match=r"^x has dtype float32; expected float64\.$"):
        check_dtype("x", np.zeros(2, dtype=np.float32), np.dtype("float64"))


def test_check_dtype_rejects_wrong_kind():
    with pytest.raises(AssertionError, match=r"^y has dtype float64; expected an int dtype\.$"):
        check_dtype("y", np.zeros(2), "int")

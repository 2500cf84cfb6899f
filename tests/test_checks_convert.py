"""Does as_array turn values into plain numbers, and refuse everything else clearly?"""

import subprocess
import sys

import numpy as np
import pytest
import torch

from autograder import as_array, describe_kind, failure, is_tensor
from tests.hostile import AlwaysEqual, LyingArray


def test_failure_message_has_name_found_expected_and_hint():
    assert (
        str(failure("logits", "has shape (32, 1, 10)", "(32, 10)", "Flatten."))
        == "logits has shape (32, 1, 10); expected (32, 10). Flatten."
    )
    assert str(failure("x", "is None", "numbers")) == "x is None; expected numbers."


def test_as_array_reads_lists_numbers_and_cpu_tensors_as_float64():
    assert as_array("x", [[1.5, 2.0]]).dtype == np.float64
    assert as_array("x", np.float32(2.5)).shape == ()
    out = as_array("x", torch.ones(2, 3, dtype=torch.float16, requires_grad=True))
    assert type(out) is np.ndarray and out.dtype == np.float64 and out.shape == (2, 3)


def test_as_array_keeps_ints_and_bools():
    assert as_array("y", [1, 2]).dtype.kind == "i"
    assert as_array("mask", torch.tensor([True])).dtype == np.bool_


def test_as_array_returns_a_copy_of_a_plain_ndarray_not_a_subclass():
    lying = np.arange(3.0).view(LyingArray)
    out = as_array("x", lying)
    assert type(out) is np.ndarray and np.shares_memory(out, lying) is False


@pytest.mark.parametrize(
    "value, message",
    [
        (None, "x is None; expected numbers. Return a value."),
        ("0.5", "x is a str; expected numbers. Return a value."),
        (
            AlwaysEqual(),
            "x is an AlwaysEqual; expected real numbers (float, int or bool). Return a value.",
        ),
        ([1, "a"], "x has dtype <U21; expected real numbers (float, int or bool). Return a value."),
        (np.array([1, None]), "x has dtype object; expected real numbers"),
        (1 + 2j, "x has dtype complex128; expected real numbers"),
        (torch.tensor([1j]), "x has dtype torch.complex64; expected real numbers"),
    ],
)
def test_as_array_rejects_values_that_are_not_real_numbers(value, message):
    with pytest.raises(AssertionError) as info:
        as_array("x", value, "Return a value.")
    assert str(info.value).startswith(message)


def test_as_array_rejects_ragged_lists():
    with pytest.raises(
        AssertionError, match=r"^x cannot be read as numbers \(ValueError: .*inhomogeneous"
    ):
        as_array("x", [[1, 2], [3]])


def test_as_array_rejects_tensor_not_on_cpu_naming_its_device():
    with pytest.raises(AssertionError, match=r"^x is on meta; expected on cpu\. Call \.cpu\(\)\.$"):
        as_array("x", torch.empty(3, device="meta"), "Call .cpu().")


def test_describe_kind_names_common_values():
    kinds = [
        describe_kind(v) for v in ([1], np.zeros(2), torch.zeros(2), 1.0, 3, None, np.float64(1))
    ]
    assert kinds == [
        "a list",
        "a numpy.ndarray",
        "a torch.Tensor",
        "a float",
        "an int",
        "None",
        "a numpy.float64",
    ]


def test_is_tensor_sees_tensors_and_not_arrays():
    assert is_tensor(torch.zeros(1)) and not is_tensor(np.zeros(1))


def test_importing_autograder_does_not_import_torch():
    code = "import sys, numpy, autograder; autograder.as_array('x', [1]); print('torch' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"

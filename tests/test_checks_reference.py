"""Does check_against_reference catch wrong, crashing and input-mutating functions?"""

import numpy as np
import pytest
import torch
from torch import nn

from autograder import check_against_reference


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_wrong_axis(x):
    e = np.exp(x - x.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def softmax_in_place(x):
    x -= x.max(axis=-1, keepdims=True)
    np.exp(x, out=x)
    x /= x.sum(axis=-1, keepdims=True)
    return x


def softmax_crashing(x):
    raise ValueError("operands could not be broadcast")


def matrix_inputs(rng):
    return (rng.standard_normal((4, 5)),)


def test_check_against_reference_passes_correct_function():
    check_against_reference(
        "softmax", softmax, lambda x: torch.softmax(torch.tensor(x), -1).numpy(), matrix_inputs
    )


def test_check_against_reference_catches_softmax_over_wrong_axis():
    with pytest.raises(AssertionError) as info:
        check_against_reference(
            "softmax",
            softmax_wrong_axis,
            softmax,
            matrix_inputs,
            hint="Normalise over the last axis.",
        )
    message = str(info.value)
    assert message.startswith("softmax differs from the reference: max abs error ")
    assert message.endswith(
        "Seen on inputs of shape (4, 5) (trial 0). Normalise over the last axis."
    )


def test_check_against_reference_catches_function_that_mutates_its_input():
    with pytest.raises(AssertionError) as info:
        check_against_reference("softmax", softmax_in_place, softmax, matrix_inputs)
    assert str(info.value).startswith(
        "softmax changed argument 0 in place on inputs of shape (4, 5) "
        "(trial 0); expected its inputs unchanged. Work on a copy"
    )


def test_check_against_reference_reports_exception_type_text_and_shapes():
    with pytest.raises(AssertionError) as info:
        check_against_reference("softmax", softmax_crashing, softmax, matrix_inputs)
    assert str(info.value) == (
        "softmax raised ValueError: operands could not be broadcast "
        "on inputs of shape (4, 5) (trial 0)."
    )
    assert isinstance(info.value.__cause__, ValueError)


def test_check_against_reference_reports_failing_trial():
    def wrong_on_wide_inputs(x):
        return softmax(x) if x.shape[1] < 3 else softmax(x) + 1

    def growing_inputs(rng):
        return rng.standard_normal((2, int(rng.integers(1, 6)))), -1

    with pytest.raises(
        AssertionError, match=r"Seen on inputs of shape \(2, \d\), -1 \(trial \d\)\.$"
    ):
        check_against_reference(
            "f",
            lambda x, axis: wrong_on_wide_inputs(x),
            lambda x, axis: softmax(x),
            growing_inputs,
            trials=10,
        )


def test_check_against_reference_compares_tuples_element_by_element():
    def stats(x):
        return x.mean(), x.std()

    check_against_reference("stats", stats, lambda x: (np.mean(x), np.std(x)), matrix_inputs)
    with pytest.raises(AssertionError, match=r"^stats\[1\] differs from the reference"):
        check_against_reference("stats", lambda x: (x.mean(), x.var()), stats, matrix_inputs)
    with pytest.raises(
        AssertionError, match=r"^stats returned a numpy\.float64 .*; expected a tuple of 2"
    ):
        check_against_reference("stats", lambda x: x.mean(), stats, matrix_inputs)


def test_check_against_reference_compares_torch_modules_as_tensors():
    torch.manual_seed(0)
    reference = nn.Linear(5, 3)
    student = nn.Linear(5, 3)
    student.load_state_dict(reference.state_dict())

    def tensor_inputs(rng):
        return (torch.tensor(rng.standard_normal((4, 5)), dtype=torch.float32),)

    check_against_reference("layer", student, reference, tensor_inputs, tol="float32")
    with torch.no_grad():
        student.bias += 1
    with pytest.raises(AssertionError, match="^layer differs from the reference: max abs error 1 "):
        check_against_reference("layer", student, reference, tensor_inputs, tol="float32")
    with pytest.raises(
        AssertionError, match=r"^layer is a numpy\.ndarray; expected a torch\.Tensor"
    ):
        check_against_reference(
            "layer", lambda x: reference(x).detach().numpy(), reference, tensor_inputs
        )

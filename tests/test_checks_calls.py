import pytest

from autograder import check_runs


def _raise(error):
    def call():
        raise error

    return call


def test_check_runs_returns_what_the_call_returns():
    assert check_runs("conv_output_size(3, 3)", lambda: 1, "1") == 1


def test_check_runs_names_the_input_the_error_and_the_expected_result():
    with pytest.raises(
        AssertionError,
        match=(
            r"^conv_output_size\(3, 3\) raised ValueError: kernel too long; expected 1\. "
            r"Raise only when the kernel is longer\.$"
        ),
    ):
        check_runs(
            "conv_output_size(3, 3)",
            _raise(ValueError("kernel too long")),
            "1",
            hint="Raise only when the kernel is longer.",
        )


def test_check_runs_names_an_exception_without_a_message():
    with pytest.raises(
        AssertionError, match=r"^model\(x\) raised KeyError; expected logits of shape \(3, 10\)\.$"
    ):
        check_runs("model(x)", _raise(KeyError()), "logits of shape (3, 10)")


def test_check_runs_keeps_the_original_error_as_the_cause():
    with pytest.raises(AssertionError) as caught:
        check_runs("model(x)", _raise(RuntimeError("mat1 and mat2 shapes")), "(3, 10)")
    assert isinstance(caught.value.__cause__, RuntimeError)
    assert "mat1 and mat2 shapes" in str(caught.value)

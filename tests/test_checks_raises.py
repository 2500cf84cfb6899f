import pytest

from autograder import check_raises


def _raise(error):
    def call():
        raise error

    return call


def test_check_raises_passes_and_returns_the_expected_exception():
    error = check_raises("fit(X, y)", _raise(ValueError("labels must be -1 or +1")), ValueError)
    assert str(error) == "labels must be -1 or +1"


def test_check_raises_accepts_a_subclass():
    check_raises("lookup", _raise(KeyError("k")), LookupError)


def test_check_raises_rejects_code_that_raises_nothing():
    with pytest.raises(
        AssertionError,
        match=r"^fit\(X, y\) raised nothing; expected ValueError\. Check the labels\.$",
    ):
        check_raises("fit(X, y)", lambda: None, ValueError, hint="Check the labels.")


def test_check_raises_names_the_wrong_exception():
    with pytest.raises(
        AssertionError,
        match=r"^predict\(X\) raised TypeError: bad operand; expected RuntimeError\.",
    ):
        check_raises("predict(X)", _raise(TypeError("bad operand")), RuntimeError)


def test_check_raises_does_not_count_an_unfinished_stub_as_runtime_error():
    with pytest.raises(
        AssertionError,
        match=r"raised NotImplementedError; expected RuntimeError\. Finish the exercise first\.",
    ):
        check_raises("predict(X)", _raise(NotImplementedError()), RuntimeError)


def test_check_raises_accepts_not_implemented_error_when_asked_for():
    check_raises("abstract()", _raise(NotImplementedError()), NotImplementedError)

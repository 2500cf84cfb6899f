"""Running a student's call so that an exception becomes a check's message, not a traceback."""

from autograder.checks.convert import failure


def check_runs(name: str, call, expected: str, hint: str = ""):
    """Call ``call()`` and return its result; fail if it raises, saying what was expected.

    A mistake that makes the student's code raise (a ``ValueError`` for a kernel that fits
    exactly, a matrix product of the wrong sizes on larger images) then reads like any other
    check's failure: the input, the error, and the result the spec asks for.

    Args:
        name: the call as the student would write it, with its input, e.g.
            ``"DigitsCNN()(x) for x of shape (3, 1, 16, 16)"``.
        call: a function of no arguments that runs the code under test.
        expected: what the call should return, e.g. ``"logits of shape (3, 10)"``.
        hint: what to change when the check fails.

    Returns:
        What ``call()`` returned, for the checks that follow.

    Raises:
        AssertionError: ``"conv_output_size(3, 3) raised ValueError: too long; expected 1.
            {hint}"``.
    """
    try:
        return call()
    except Exception as error:
        detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        raise failure(name, f"raised {detail}", expected, hint) from error

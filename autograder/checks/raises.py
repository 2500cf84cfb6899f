"""Checking that student code refuses bad input with the right exception."""

from autograder.checks.convert import failure


def check_raises(name: str, call, expected: type[BaseException], hint: str = "") -> BaseException:
    """Fail unless ``call()`` raises ``expected`` (or a subclass of it).

    Args:
        name: what is called, as the student would write it, e.g. ``"fit(X, y) with labels {0, 1}"``.
        call: a function of no arguments that runs the code under test.
        expected: the exception type that must be raised.
        hint: what to change when the check fails.

    Returns:
        The exception raised, so a caller can check its message too.

    An exercise's stub raises ``NotImplementedError``, a subclass of ``RuntimeError``: it never
    counts as the expected exception unless ``expected`` is ``NotImplementedError`` itself.
    """
    try:
        call()
    except expected as error:
        if not isinstance(error, NotImplementedError) or issubclass(expected, NotImplementedError):
            return error
        raise failure(
            name,
            "raised NotImplementedError",
            expected.__name__,
            f"Finish the exercise first. {hint}",
        ) from error
    except Exception as error:  # the wrong exception: say which one
        raise failure(
            name, f"raised {type(error).__name__}: {error}", expected.__name__, hint
        ) from error
    raise failure(name, "raised nothing", expected.__name__, hint)

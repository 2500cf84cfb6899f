"""Running a student's function beside a reference on small seeded inputs."""

import copy

import numpy as np

from autograder.checks.convert import as_array, describe_kind, failure, is_tensor, to_host
from autograder.checks.values import check_close


def check_against_reference(
    name: str,
    student,
    reference,
    make_inputs,
    trials: int = 3,
    seed: int = 0,
    tol="float64",
    hint: str = "",
) -> None:
    """Fail unless ``student`` returns what ``reference`` returns, on ``trials`` seeded inputs.

    Trial ``t`` builds ``make_inputs(np.random.default_rng(seed + t))``; the reference runs
    first on a deep copy, the student on another, so neither sees the other's changes, and
    the student must leave its top-level array and tensor inputs unchanged. Outputs are
    compared with ``check_close``; tuples entry by entry as ``name[0]``, ``name[1]``...

    Args:
        name: the student-facing name, e.g. ``"softmax"``.
        student, reference: functions or ``nn.Module``s (numpy or torch), same signature.
        make_inputs: ``rng -> tuple`` of positional arguments (a single value is wrapped).
        trials: how many input sets. seed: the seed of the first.
        tol: a name in ``TOLERANCES`` or an ``(rtol, atol)`` pair. hint: appended to the message.
    """
    for trial in range(trials):
        args = make_inputs(np.random.default_rng(seed + trial))
        args = args if isinstance(args, tuple) else (args,)
        where = f"on inputs of shape {_shapes(args)} (trial {trial})"
        expected = reference(*copy.deepcopy(args))
        student_args = copy.deepcopy(args)
        got = _call(name, student, student_args, where, hint)
        _check_unchanged(name, args, student_args, where)
        _compare(name, got, expected, tol, where, hint)


def _call(name: str, student, args: tuple, where: str, hint: str):
    try:
        return student(*args)
    except Exception as err:
        detail = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
        raise AssertionError(f"{name} raised {detail} {where}. {hint}".strip()) from err


def _check_unchanged(name: str, before: tuple, after: tuple, where: str) -> None:
    for i, (old, new) in enumerate(zip(before, after, strict=True)):
        if is_tensor(old) or issubclass(type(old), np.ndarray):
            old, new = (
                as_array(f"argument {i}", to_host(old)),
                as_array(f"argument {i}", to_host(new)),
            )
            if not np.array_equal(old, new, equal_nan=old.dtype.kind == "f"):
                raise failure(
                    name,
                    f"changed argument {i} in place {where}",
                    "its inputs unchanged",
                    "Work on a copy (x.copy() or x.clone()) instead of -=, *= or [...] =.",
                )


def _compare(name: str, got, expected, tol, where: str, hint: str) -> None:
    pairs = [(name, got, expected)]
    if isinstance(expected, tuple):
        if not isinstance(got, tuple) or len(got) != len(expected):
            size = f" of {len(got)}" if isinstance(got, tuple) else ""
            raise failure(
                name,
                f"returned {describe_kind(got)}{size} {where}",
                f"a tuple of {len(expected)}",
                hint,
            )
        pairs = [(f"{name}[{i}]", g, e) for i, (g, e) in enumerate(zip(got, expected, strict=True))]
    for label, g, e in pairs:
        try:
            check_close(label, g, e, tol)
        except AssertionError as err:
            raise AssertionError(f"{err} Seen {where}. {hint}".strip()) from None


def _shapes(args: tuple) -> str:
    """``"(4, 5), (5,)"``; non-arrays shown by a short repr."""
    parts = []
    for arg in args:
        if is_tensor(arg) or issubclass(type(arg), np.ndarray):
            parts.append(str(tuple(int(n) for n in arg.shape)))
        else:
            text = repr(arg)
            parts.append(text if len(text) <= 30 else text[:27] + "...")
    return ", ".join(parts)

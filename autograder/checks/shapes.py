"""Checks on the form of a value: its shape, its type and its dtype."""

import sys

import numpy as np

from autograder.checks.convert import as_array, describe_kind, failure, is_tensor, type_name

_KINDS = {"float": "a float dtype", "int": "an int dtype", "bool": "a bool dtype"}


def shape_of(name: str, value, hint: str = "") -> tuple:
    """The shape as a tuple of ints: tensors (on any device) via ``.shape``, others via ``as_array``."""
    if is_tensor(value):
        return tuple(int(n) for n in value.shape)
    return np.shape(as_array(name, value, hint))


def check_shape(name: str, value, expected, hint: str = "") -> None:
    """Fail unless ``value`` has shape ``expected``.

    Args:
        name: the student-facing name, e.g. ``"logits"``.
        value: an ndarray, a tensor or a nested list of numbers.
        expected: a tuple or ``torch.Size``; ``None`` matches any length on its axis.
        hint: appended to the message, e.g. ``logits has shape (32, 1, 10); expected (32, 10).``
    """
    got, expected = shape_of(name, value, hint), tuple(expected)
    if len(got) != len(expected) or any(
        e not in (None, g) for e, g in zip(expected, got, strict=True)
    ):
        raise failure(name, f"has shape {got}", str(expected), hint)


def check_type(name: str, value, expected_type, hint: str = "") -> None:
    """Fail unless ``type(value)`` is ``expected_type`` (a type or tuple of types) or a subclass.

    The real type is used, so faking ``__class__`` does not help. Message:
    ``y_pred is a list; expected a numpy.ndarray. Return np.array(...), not a list.``
    """
    types = expected_type if isinstance(expected_type, tuple) else (expected_type,)
    if not issubclass(type(value), types):
        raise failure(name, f"is {describe_kind(value)}", " or ".join(map(type_name, types)), hint)


def check_dtype(name: str, value, expected, hint: str = "") -> None:
    """Fail unless ``value`` has dtype ``expected``.

    Args:
        value: an ndarray, numpy scalar or tensor (anything else is read with ``as_array``).
        expected: a numpy or torch dtype, compared by name (``np.float32`` matches
            ``torch.float32``), or a kind: ``"float"``, ``"int"`` (or uint) or ``"bool"``.
    """
    own = is_tensor(value) or issubclass(type(value), (np.ndarray, np.generic))
    got = value.dtype if own else as_array(name, value, hint).dtype
    if isinstance(expected, str) and expected in _KINDS:
        ok, wanted = _kind(got) == expected, _KINDS[expected]
    else:
        ok, wanted = _name(got) == _name(expected), _show(expected)
    if not ok:
        raise failure(name, f"has dtype {_show(got)}", wanted, hint)


def _is_torch_dtype(dtype) -> bool:
    return "torch" in sys.modules and isinstance(dtype, sys.modules["torch"].dtype)


def _name(dtype) -> str:
    """``"float32"`` for ``np.float32``, ``"float32"`` and ``torch.float32``."""
    return str(dtype).removeprefix("torch.") if _is_torch_dtype(dtype) else np.dtype(dtype).name


def _show(dtype) -> str:
    return str(dtype) if _is_torch_dtype(dtype) else np.dtype(dtype).name


def _kind(dtype) -> str:
    name = _name(dtype)
    return "float" if "float" in name else "int" if name.startswith(("int", "uint")) else name

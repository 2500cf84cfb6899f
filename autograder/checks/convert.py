"""Turning a student's value into plain numbers, so that no object can pass a check by
overriding ``__eq__``; used by every other check."""

import sys

import numpy as np


def failure(name: str, found: str, expected: str, hint: str = "") -> AssertionError:
    """The error every check raises: ``"{name} {found}; expected {expected}. {hint}"``.

    Args:
        name: the student-facing name of the thing checked, e.g. ``"logits"``.
        found: e.g. ``"has shape (32, 1, 10)"``. expected: e.g. ``"(32, 10)"``.
        hint: one sentence on how to fix it; omitted when empty.
    """
    return AssertionError(f"{name} {found}; expected {expected}. {hint}".strip())


def is_tensor(value) -> bool:
    """True if ``value`` is a ``torch.Tensor``; only looks if the notebook imported torch."""
    torch = sys.modules.get("torch")
    return torch is not None and issubclass(type(value), torch.Tensor)


def loaded_torch():
    """The ``torch`` module the notebook imported: never imported here, so that importing the
    checks stays fast and torch-free. ImportError if the notebook has not imported it."""
    torch = sys.modules.get("torch")
    if torch is None:
        raise ImportError("these checks need torch; import torch before calling them.")
    return torch


def type_name(cls: type) -> str:
    """A type with its article: ``"an int"``, ``"a torch.Tensor"``, ``"a numpy.ndarray"``."""
    qualified = cls.__module__.split(".")[0] in ("numpy", "torch")
    name = f"{cls.__module__}.{cls.__qualname__}" if qualified else cls.__qualname__
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"


def describe_kind(value) -> str:
    """What ``value`` is, for messages: ``"a list"``, ``"a numpy.ndarray"``, ``"None"``."""
    return "None" if value is None else type_name(type(value))


def at_index(index: tuple) -> str:
    """``" at index (2, 4)"`` with plain ints, or ``""`` for a scalar's empty index."""
    return f" at index {tuple(int(i) for i in index)}" if len(index) else ""


def to_host(value):
    """A tensor on a GPU copied to the CPU; anything else (meta tensors too) unchanged."""
    if is_tensor(value) and value.device.type not in ("cpu", "meta"):
        return value.detach().cpu()
    return value


def as_array(name: str, value, hint: str = "") -> np.ndarray:
    """``value`` as a fresh base-class ndarray of float64 (any float), int or bool.

    Args:
        name: the student-facing name used in the failure message.
        value: an ndarray, a CPU tensor, a python/numpy number or a nested list.
        hint: appended to the failure message.

    Raises:
        AssertionError: for None, strings, ragged lists, objects that are not numbers,
            object or complex dtypes, and tensors not on the CPU.
    """
    if value is None or isinstance(value, (str, bytes)):
        raise failure(name, f"is {describe_kind(value)}", "numbers", hint)
    if is_tensor(value):
        value = _tensor_to_numpy(name, value, hint)
    try:
        array = np.array(value, subok=False)
    except Exception as err:  # ragged lists, objects whose __array__ raises
        raise failure(
            name,
            f"cannot be read as numbers ({type(err).__name__}: {err})",
            "an array of numbers",
            hint,
        ) from err
    if array.dtype.kind not in "biuf":
        plain = array.dtype == object and not isinstance(value, (list, tuple, np.ndarray))
        found = f"is {describe_kind(value)}" if plain else f"has dtype {array.dtype}"
        raise failure(name, found, "real numbers (float, int or bool)", hint)
    return array.astype(np.float64) if array.dtype.kind == "f" else array


def _tensor_to_numpy(name: str, tensor, hint: str) -> np.ndarray:
    if tensor.device.type != "cpu":
        raise failure(name, f"is on {tensor.device}", "on cpu", hint)
    tensor = tensor.detach()
    if tensor.is_complex():
        raise failure(name, f"has dtype {tensor.dtype}", "real numbers", hint)
    try:
        return (tensor.double() if tensor.is_floating_point() else tensor).numpy()
    except Exception as err:  # sparse and other layouts numpy cannot view
        raise failure(name, f"cannot be read as numbers ({err})", "a dense tensor", hint) from err

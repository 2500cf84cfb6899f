"""Checks on numbers: close to a reference, equal to it, or inside a range."""

import numpy as np

from autograder.checks.convert import as_array, at_index, describe_kind, failure, is_tensor, to_host
from autograder.checks.shapes import check_shape
from autograder.checks.text import as_text, holds_text, text_difference
from autograder.checks.tolerances import describe_tolerance, get_tolerance


def check_close(name: str, got, expected, tol="float64", hint: str = "") -> None:
    """Fail unless ``got`` is within ``tol`` of ``expected`` everywhere.

    An entry passes if ``|got - expected| <= atol + rtol * |expected|``; NaN/inf must sit
    in the same places in both. Kinds must match where ``expected`` is an ndarray, a
    tensor or a scalar (a 0-d array counts as a scalar); tensors must share a device.

    Args:
        name: the student-facing name, e.g. ``"softmax(x)"``.
        got: the student's value. expected: the reference value, computed by the caller.
        tol: a name in ``TOLERANCES`` or an ``(rtol, atol)`` pair.
        hint: appended to the failure message.

    Shape:
        got: the same shape as expected.
    """
    rtol, atol = get_tolerance(tol)
    g, e = (a.astype(np.float64) for a in _as_pair(name, got, expected, hint))
    _check_finite(name, g, e, hint)
    finite = np.isfinite(g) & np.isfinite(e)
    g_fin, e_fin = np.where(finite, g, 0.0), np.where(finite, e, 0.0)
    err = np.abs(g_fin - e_fin)
    if np.all(err <= atol + rtol * np.abs(e_fin)):
        return
    idx = np.unravel_index(np.argmax(err), err.shape)
    rel = np.divide(err, np.abs(e_fin), out=np.where(err > 0, np.inf, 0.0), where=e_fin != 0)
    raise AssertionError(
        f"{name} differs from the reference: max abs error {err[idx]:.3g}{at_index(idx)} "
        f"(got {g[idx]:.8g}, expected {e[idx]:.8g}), max rel error {rel.max():.3g}; "
        f"tolerance {describe_tolerance(tol)}. {hint}".strip()
    )


def check_equal(name: str, got, expected, hint: str = "") -> None:
    """Fail unless ``got`` equals ``expected`` exactly (labels, ints, bools, tokens).

    Same kind, device and shape rules as ``check_close``; the message counts the
    entries that differ and shows the first. Strings, and lists or tuples of them (tokens,
    merges), are compared as plain ``str`` and tuples, with the first difference shown.
    """
    if holds_text(expected) or (isinstance(expected, (list, tuple)) and holds_text(got)):
        difference = text_difference(as_text(name, got, hint), as_text("the reference", expected))
        if difference:
            raise failure(name, *difference, hint)
        return
    g, e = _as_pair(name, got, expected, hint)
    differ = g != e
    if g.ndim == 0 and differ:
        raise failure(name, f"is {g.item()}", str(e.item()), hint)
    if differ.any():
        idx = tuple(np.argwhere(differ)[0])
        raise failure(
            name,
            f"differs from the reference in {differ.sum()} of {differ.size} "
            f"entries, first{at_index(idx)} (got {g[idx].item()})",
            str(e[idx].item()),
            hint,
        )


def check_between(name: str, value, low: float, high: float, hint: str = "") -> None:
    """Fail unless the single number ``value`` is in ``[low, high]``; NaN fails.

    Message: ``test accuracy is 0.912; expected between 0.94 and 1.0. Train for more epochs.``
    """
    array = as_array(name, value, hint)
    if array.size != 1:
        raise failure(name, f"has shape {array.shape}", "a single number", hint)
    number = float(array.reshape(()))
    if not low <= number <= high:
        shown = f"{number:.6g}"  # all digits where rounding would hide the failure
        shown = repr(number) if low <= float(shown) <= high else shown
        raise failure(name, f"is {shown}", f"between {float(low)!r} and {float(high)!r}", hint)


def _kind(value) -> str | None:
    """``"tensor"``, ``"array"`` or ``"scalar"``; None for lists and other containers."""
    if is_tensor(value):
        return "tensor"
    if issubclass(type(value), np.ndarray):
        return "array" if value.ndim else "scalar"
    return "scalar" if issubclass(type(value), (int, float, np.generic)) else None


def _as_pair(name: str, got, expected, hint: str) -> tuple[np.ndarray, np.ndarray]:
    """Both values as plain arrays of one shape, after the kind and device checks."""
    kind = _kind(expected)
    if kind is not None and _kind(got) != kind:
        raise failure(name, f"is {describe_kind(got)}", describe_kind(expected), hint)
    if kind == "tensor" and got.device != expected.device:
        raise failure(
            name, f"is on {got.device}", f"on {expected.device}, like the reference", hint
        )
    g = as_array(name, to_host(got), hint)
    e = as_array(f"the reference for {name}", to_host(expected))
    check_shape(name, g, e.shape, hint)
    return g, e


def _check_finite(name: str, g: np.ndarray, e: np.ndarray, hint: str) -> None:
    """Fail where one array has NaN/inf and the other has not the same NaN/inf."""
    same = (np.isnan(g) & np.isnan(e)) | (np.isinf(g) & (g == e))
    bad = ~(np.isfinite(g) & np.isfinite(e)) & ~same
    if bad.any():
        idx = tuple(np.argwhere(bad)[0])
        raise failure(
            name,
            f"has NaN/inf unlike the reference in {bad.sum()} of {bad.size} "
            f"entries, first{at_index(idx)} (got {g[idx]:.8g})",
            f"{e[idx]:.8g}",
            hint,
        )

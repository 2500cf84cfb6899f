"""Gradient checking: an analytic gradient against centred differences, in float64."""

import numpy as np

from autograder.checks.convert import as_array, at_index, failure
from autograder.checks.shapes import check_shape


def numeric_gradient(f, x, eps: float = 1e-6) -> np.ndarray:
    """``grad[i] = (f(x + eps*e_i) - f(x - eps*e_i)) / (2*eps)`` in float64.

    Every call of ``f`` gets its own copy of ``x``, so ``f`` cannot change ``x``.

    Args:
        f: takes an ndarray shaped like ``x``; returns one number (python, numpy or CPU tensor).
        x: the point, any array-like of numbers. eps: the step.

    Shape:
        x: any shape. Output: the same shape as x.
    """
    x = as_array("x", x).astype(np.float64)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        grad[idx] = (_value_at(f, x, idx, eps) - _value_at(f, x, idx, -eps)) / (2 * eps)
    return grad


def relative_error(a, b) -> float:
    """``max|a - b| / max(max(|a| + |b|), 1e-12)``: the worst difference over the largest scale.

    Dividing by the largest entry, not entry by entry as CS231n's ``rel_error`` does,
    stops entries near zero (where differences carry roundoff) from dominating.
    """
    a, b = as_array("a", a).astype(np.float64), as_array("b", b).astype(np.float64)
    scale = np.max(np.abs(a) + np.abs(b), initial=0.0)
    return float(np.max(np.abs(a - b), initial=0.0) / max(scale, 1e-12))


def check_gradient(name: str, f, x, analytic, threshold: float = 1e-7, hint: str = "") -> None:
    """Fail unless ``relative_error(analytic, numeric_gradient(f, x)) <= threshold``.

    Args:
        name: the student-facing name of the gradient, e.g. ``"dW"``.
        f: a scalar function of an ndarray shaped like ``x``. x: the point.
        analytic: the student's gradient at ``x``. hint: appended to the message.

    Shape:
        analytic: the same shape as x.
    """
    x = as_array("x", x).astype(np.float64)
    analytic = as_array(name, analytic, hint).astype(np.float64)
    check_shape(name, analytic, x.shape, hint)
    try:
        numeric = numeric_gradient(f, x)
    except Exception as err:
        raise AssertionError(
            f"{name} could not be checked: f raised {type(err).__name__}: "
            f"{err} at x of shape {x.shape}. {hint}".strip()
        ) from err
    error = relative_error(analytic, numeric)
    if not error <= threshold:  # NaN fails too
        idx = np.unravel_index(np.argmax(np.abs(analytic - numeric)), x.shape)
        raise failure(
            name,
            f"has relative error {error:.3g}",
            f"at most {threshold:g}; worst"
            f"{at_index(idx)}: analytic {analytic[idx]:.8g}, numeric {numeric[idx]:.8g}",
            hint,
        )


def _value_at(f, x: np.ndarray, idx: tuple, step: float) -> float:
    """``f`` at a copy of ``x`` moved by ``step`` along ``idx``, as a python float."""
    shifted = x.copy()
    shifted[idx] += step
    out = as_array("f(x)", f(shifted))
    if out.size != 1:
        raise failure("f(x)", f"has shape {out.shape}", "a single number")
    return float(out.reshape(()))

"""Named tolerances: an entry passes if ``|got - expected| <= atol + rtol * |expected|``."""

import math

import numpy as np

TOLERANCES = {
    "exact": (0.0, 0.0),
    "float64": (1e-7, 1e-9),
    "float32": (1e-4, 1e-5),
    "loose": (1e-2, 1e-3),
}  # name -> (rtol, atol)


def get_tolerance(tol) -> tuple[float, float]:
    """The ``(rtol, atol)`` of a name in ``TOLERANCES`` or of an ``(rtol, atol)`` pair.

    Raises:
        ValueError: for an unknown name or a bad pair: the notebook's mistake, not the student's.
    """
    if isinstance(tol, str):
        if tol not in TOLERANCES:
            raise ValueError(
                f"unknown tolerance {tol!r}; expected one of "
                f"{', '.join(map(repr, TOLERANCES))} or an (rtol, atol) pair."
            )
        return TOLERANCES[tol]
    try:
        rtol, atol = (float(t) for t in tol)
    except (TypeError, ValueError) as err:
        raise ValueError(f"tolerance {tol!r} is not a name or an (rtol, atol) pair.") from err
    if not (rtol >= 0 and atol >= 0 and math.isfinite(rtol + atol)):
        raise ValueError(f"tolerance {tol!r} must hold two finite non-negative numbers.")
    return rtol, atol


def describe_tolerance(tol) -> str:
    """``"'float64' (rtol=1e-07, atol=1e-09)"``, or ``"(rtol=..., atol=...)"`` for a pair."""
    rtol, atol = get_tolerance(tol)
    return f"{f'{tol!r} ' if isinstance(tol, str) else ''}(rtol={rtol:g}, atol={atol:g})"


ROUNDING_MARGIN = 4.0  # times the worst-case rounding of a sum in the order of its terms


def standardized_tolerance(x, tol="float64") -> tuple[float, float]:
    """``tol``, with its ``atol`` raised to what any summation order may lose in ``(x - mean) / std``
    of the 1-D float64 ``x``: a mean summed term by term is off by up to ``N * eps * max|x|``,
    which the division by ``std`` scales up. A column with a large offset and a small spread is
    ill-conditioned, and a loop that follows the formula may differ from numpy's pairwise sums by
    more than ``tol`` there; on a well-conditioned column the tolerance stays ``tol``.

    Shape:
        x: (N,)
    """
    rtol, atol = get_tolerance(tol)
    x = np.asarray(x, dtype=np.float64)
    std = float(x.std())
    if std == 0 or not np.isfinite(std):
        return rtol, atol
    rounding = x.size * np.finfo(np.float64).eps * float(np.abs(x).max()) / std
    return rtol, max(atol, ROUNDING_MARGIN * rounding)

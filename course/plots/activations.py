"""An activation function and its derivative, shaded where the gradient saturates or dies.

Used in: 03_activations_normalization, and by ``course.activation_explorer``.
"""

import matplotlib.pyplot as plt
import numpy as np


def _runs(mask):
    """(start, stop) index pairs of the runs of True in a boolean ``(M,)`` mask, stop inclusive."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))  # (M + 1,)
    return zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1, strict=True)


def plot_activation(report: dict, ax=None):
    """Draw an activation, its derivative, and shade where the gradient saturates or dies.

    Args:
        report: what ``course.activation_report`` returns.
        ax: the matplotlib axes to draw on; a new figure's when ``None``.

    Shape:
        - report["x"], report["y"], report["dy"]: ``(M,)``

    Returns:
        The axes; the title gives the fractions of inputs with zero and with small gradient.

    Used in: 03_activations_normalization.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    x, name = report["x"], report["name"]
    saturated = f"saturated: |f'| < {report['threshold']:g}"
    spans = (
        (report["saturated"] & ~report["dead"], "#f4c27a", saturated),
        (report["dead"], "#e8837c", "zero gradient"),
    )
    for mask, color, label in spans:
        for start, stop in _runs(mask):
            ax.axvspan(x[start], x[stop], color=color, alpha=0.35, lw=0, label=label)
            label = None  # one legend entry per kind
    ax.axhline(0.0, color="0.6", lw=0.8)
    ax.plot(x, report["y"], color="C0", lw=2, label=f"{name}(x)")
    ax.plot(x, report["dy"], color="C3", lw=2, ls="--", label=f"{name}'(x)")
    params = ", ".join(f"{k}={v:g}" for k, v in report["params"].items())
    ax.set_title(f"{name}({params})" if params else name, fontsize=11)
    ax.text(
        0.01,
        0.98,
        f"zero gradient: {report['dead_fraction']:.0%} of inputs\n"
        f"saturated (incl. zero): {report['saturated_fraction']:.0%}",
        transform=ax.transAxes,
        va="top",
        fontsize=9,
        bbox={"fc": "white", "alpha": 0.8, "lw": 0},
    )
    ax.set_xlabel("x")
    ax.set_xlim(x[0], x[-1])
    ax.legend(loc="lower right", fontsize=8)
    return ax

"""A classifier's decision regions in the plane, with the points on top.

Used in: 01_perceptron.
"""

import matplotlib.pyplot as plt
import numpy as np


def plot_decision_boundary(predict, X, y, ax=None, resolution: int = 200, title: str | None = None):
    """Colour the plane by a classifier's prediction and scatter the points on top.

    Args:
        predict: a function from points ``(M, 2)`` to labels ``(M,)``.
        X: the points to show.
        y: their labels, which colour the markers.
        ax: the matplotlib axes to draw on; a new figure's when ``None``.
        resolution: grid points along each axis.
        title: the axes' title.

    Shape:
        - X: ``(N, 2)``
        - y: ``(N,)``

    Returns:
        The axes.

    Used in: 01_perceptron.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X has shape {X.shape}; expected (N, 2) points in the plane.")
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4))
    pad = 0.5
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad  # (2,), (2,)
    xx, yy = np.meshgrid(
        np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution)
    )  # (resolution, resolution) each
    grid = np.column_stack([xx.ravel(), yy.ravel()])  # (resolution**2, 2)
    zz = np.asarray(predict(grid)).reshape(xx.shape)  # (resolution, resolution)
    ax.contourf(xx, yy, zz, alpha=0.25, cmap="coolwarm")
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", edgecolors="k", s=20)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return ax

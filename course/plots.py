"""Plots the notebooks share."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator


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
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([xx.ravel(), yy.ravel()])  # (resolution**2, 2)
    zz = np.asarray(predict(grid)).reshape(xx.shape)  # (resolution, resolution)
    ax.contourf(xx, yy, zz, alpha=0.25, cmap="coolwarm")
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", edgecolors="k", s=20)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return ax


NORMALIZATION_LABELS = {"input": "input", "bn_train": "BN train", "bn_eval": "BN eval", "ln": "LN", "gn": "GN"}
NORMALIZATION_COLORS = {"input": "0.55", "bn_train": "C0", "bn_eval": "C1", "ln": "C2", "gn": "C3"}


def _runs(mask):
    """(start, stop) index pairs of the runs of True in a boolean ``(M,)`` mask, stop inclusive."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))  # (M + 1,)
    return zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1)


def plot_activation(report: dict, ax=None):
    """Draw an activation, its derivative, and shade where the gradient saturates or dies.

    Args:
        report: what ``course.explorers.activation_report`` returns.
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
    spans = ((report["saturated"] & ~report["dead"], "#f4c27a", f"saturated: |f'| < {report['threshold']:g}"),
             (report["dead"], "#e8837c", "zero gradient"))
    for mask, color, label in spans:
        for start, stop in _runs(mask):
            ax.axvspan(x[start], x[stop], color=color, alpha=0.35, lw=0, label=label)
            label = None  # one legend entry per kind
    ax.axhline(0.0, color="0.6", lw=0.8)
    ax.plot(x, report["y"], color="C0", lw=2, label=f"{name}(x)")
    ax.plot(x, report["dy"], color="C3", lw=2, ls="--", label=f"{name}'(x)")
    params = ", ".join(f"{k}={v:g}" for k, v in report["params"].items())
    ax.set_title(f"{name}({params})" if params else name, fontsize=11)
    ax.text(0.01, 0.98, f"zero gradient: {report['dead_fraction']:.0%} of inputs\n"
            f"saturated (incl. zero): {report['saturated_fraction']:.0%}",
            transform=ax.transAxes, va="top", fontsize=9, bbox={"fc": "white", "alpha": 0.8, "lw": 0})
    ax.set_xlabel("x")
    ax.set_xlim(x[0], x[-1])
    ax.legend(loc="lower right", fontsize=8)
    return ax


def _errorbars(ax, means, stds, keys, labels):
    """Mean ± std markers for each key, side by side at each index."""
    offsets = np.linspace(-0.3, 0.3, len(keys))
    for offset, key in zip(offsets, keys):
        index = np.arange(len(means[key]))
        ax.errorbar(index + offset, means[key], yerr=stds[key], fmt="o", ms=3, lw=1,
                    color=NORMALIZATION_COLORS[key], label=labels[key])
    ax.axhline(0.0, color="0.6", lw=0.8)


def plot_normalization(stats: dict, fig=None, max_samples: int = 16):
    """Four panels: statistics before and after BN, LN, GN, and batch norm's train/eval gap.

    Top left: mean ± std of each feature over the batch (batch norm in training mode makes
    them 0 ± 1). Top right: mean ± std of each sample over its features (layer and group
    norm make them 0 ± 1). Bottom left: batch norm's training-mode output against its
    evaluation-mode output. Bottom right: the gap between the two against the batch size.

    Args:
        stats: what ``course.explorers.normalization_stats`` returns.
        fig: the matplotlib figure to draw on; a new one when ``None``.
        max_samples: the most samples the top-right panel shows.

    Shape:
        - stats["outputs"][k]: ``(N, C)``

    Returns:
        The figure.

    Used in: 03_activations_normalization.
    """
    if fig is None:
        fig = plt.figure(figsize=(10, 7), layout="constrained")
    (features, samples), (scatter, gap) = fig.subplots(2, 2)
    keys = list(NORMALIZATION_LABELS)
    labels = {**NORMALIZATION_LABELS, "gn": f"GN, {stats['groups']} groups"}
    _errorbars(features, stats["feature_mean"], stats["feature_std"], keys, labels)
    features.set(title="each feature over the batch: BN's target", xlabel="feature", ylabel="mean ± std")
    means = {k: v[:max_samples] for k, v in stats["sample_mean"].items()}  # each (min(N, max_samples),)
    stds = {k: v[:max_samples] for k, v in stats["sample_std"].items()}
    _errorbars(samples, means, stds, keys, labels)
    samples.set(title="each sample over its features: LN's target", xlabel="sample", ylabel="mean ± std")
    samples.xaxis.set_major_locator(MaxNLocator(integer=True))
    features.legend(fontsize=7, ncols=3, loc="upper left")
    train, evaluation = stats["outputs"]["bn_train"].ravel(), stats["outputs"]["bn_eval"].ravel()  # (N*C,)
    lo, hi = min(train.min(), evaluation.min()), max(train.max(), evaluation.max())
    scatter.plot([lo, hi], [lo, hi], color="0.6", lw=0.8, label="train = eval (LN, GN)")
    scatter.scatter(evaluation, train, s=8, color="C0", label="BN")
    scatter.set(title=f"BN train vs eval mode: mean |gap| = {stats['gap']:.2f}",
                xlabel="eval mode (running stats)", ylabel="train mode (batch stats)")
    scatter.legend(fontsize=8, loc="upper left")
    gap.semilogx(stats["gap_batch_sizes"], stats["gap_curve"], "o-", color="C0", base=2, label="BN")
    gap.plot([stats["batch_size"]], [stats["gap"]], "*", ms=14, color="C1", label="this batch size")
    gap.axhline(0.0, color="C2", lw=1.5, label="LN, GN")
    gap.set_xticks(stats["gap_batch_sizes"], [str(b) for b in stats["gap_batch_sizes"]])
    gap.set(title=f"BN train/eval gap (shift {stats['shift']:g}, scale {stats['scale']:g})",
            xlabel="batch size", ylabel="mean |train - eval|")
    gap.legend(fontsize=8)
    return fig

"""Statistics of a batch before and after batch, layer and group normalization.

Used in: 03_activations_normalization, and by ``course.normalization_explorer``.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

NORMALIZATION_LABELS = {
    "input": "input",
    "bn_train": "BN train",
    "bn_eval": "BN eval",
    "ln": "LN",
    "gn": "GN",
}
NORMALIZATION_COLORS = {"input": "0.55", "bn_train": "C0", "bn_eval": "C1", "ln": "C2", "gn": "C3"}


def _errorbars(ax, means, stds, keys, labels):
    """Mean ± std markers for each key, side by side at each index."""
    offsets = np.linspace(-0.3, 0.3, len(keys))
    for offset, key in zip(offsets, keys, strict=True):
        index = np.arange(len(means[key]))
        ax.errorbar(
            index + offset,
            means[key],
            yerr=stds[key],
            fmt="o",
            ms=3,
            lw=1,
            color=NORMALIZATION_COLORS[key],
            label=labels[key],
        )
    ax.axhline(0.0, color="0.6", lw=0.8)


def plot_normalization(stats: dict, fig=None, max_samples: int = 16):
    """Four panels: statistics before and after BN, LN, GN, and batch norm's train/eval gap.

    Top left: mean ± std of each feature over the batch (batch norm in training mode makes
    them 0 ± 1). Top right: mean ± std of each sample over its features (layer and group
    norm make them 0 ± 1). Bottom left: batch norm's training-mode output against its
    evaluation-mode output. Bottom right: the gap between the two against the batch size.

    Args:
        stats: what ``course.normalization_stats`` returns.
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
    features.set(
        title="each feature over the batch: BN's target", xlabel="feature", ylabel="mean ± std"
    )
    means = {k: v[:max_samples] for k, v in stats["sample_mean"].items()}  # (min(N, max_samples),)
    stds = {k: v[:max_samples] for k, v in stats["sample_std"].items()}
    _errorbars(samples, means, stds, keys, labels)
    samples.set(
        title="each sample over its features: LN's target", xlabel="sample", ylabel="mean ± std"
    )
    samples.xaxis.set_major_locator(MaxNLocator(integer=True))
    features.legend(fontsize=7, ncols=3, loc="upper left")
    train = stats["outputs"]["bn_train"].ravel()  # (N*C,)
    evaluation = stats["outputs"]["bn_eval"].ravel()  # (N*C,)
    lo, hi = min(train.min(), evaluation.min()), max(train.max(), evaluation.max())
    scatter.plot([lo, hi], [lo, hi], color="0.6", lw=0.8, label="train = eval (LN, GN)")
    scatter.scatter(evaluation, train, s=8, color="C0", label="BN")
    scatter.set(
        title=f"BN train vs eval mode: mean |gap| = {stats['gap']:.2f}",
        xlabel="eval mode (running stats)",
        ylabel="train mode (batch stats)",
    )
    scatter.legend(fontsize=8, loc="upper left")
    gap.semilogx(stats["gap_batch_sizes"], stats["gap_curve"], "o-", color="C0", base=2, label="BN")
    gap.plot([stats["batch_size"]], [stats["gap"]], "*", ms=14, color="C1", label="this batch size")
    gap.axhline(0.0, color="C2", lw=1.5, label="LN, GN")
    gap.set_xticks(stats["gap_batch_sizes"], [str(b) for b in stats["gap_batch_sizes"]])
    gap.set(
        title=f"BN train/eval gap (shift {stats['shift']:g}, scale {stats['scale']:g})",
        xlabel="batch size",
        ylabel="mean |train - eval|",
    )
    gap.legend(fontsize=8)
    return fig

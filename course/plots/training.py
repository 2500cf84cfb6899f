"""Plots of training runs: loss and a metric per epoch, a learning-rate sweep, gradient norms.

Each function draws a new figure and returns it, so a notebook cell ending in ``plot_...(...);``
shows it and a test can inspect its lines.

Used in: 04_pytorch_mlp onwards.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator


def plot_history(history: dict, title: str | None = None, metric: str = "accuracy"):
    """Training loss and the test metric after each epoch, side by side.

    Args:
        history: what ``course.fit`` returns; needs ``"loss"`` and ``metric``, one entry
            per epoch. ``"device"`` and ``"seconds"``, when present, go in the title.
        title: the figure's title; by default the device and the training time.
        metric: the history's key of the test metric, the ``metric`` given to ``fit``
            (``"accuracy"``, ``"token_accuracy"``, ``"mse"``).

    Shape:
        - history["loss"], history[metric]: ``(epochs,)``

    Returns:
        The figure; its first axes holds the loss line, its second the metric's line.

    Used in: 04_pytorch_mlp onwards.
    """
    if not isinstance(history, dict) or not {"loss", metric} <= history.keys():
        keys = (
            f"; it has {', '.join(map(repr, history))}: name fit's metric with metric="
            if isinstance(history, dict)
            else ""
        )
        raise ValueError(
            f"history must be a dict with 'loss' and {metric!r} lists, as course.fit returns{keys}."
        )
    loss = _numbers("history['loss']", history["loss"])
    scores = _numbers(f"history[{metric!r}]", history[metric])
    if len(loss) == 0 or len(loss) != len(scores):
        kind = "accuracies" if metric == "accuracy" else f"{metric} values"
        raise ValueError(
            f"history has {len(loss)} losses and {len(scores)} {kind}; "
            "expected one of each per epoch, at least one epoch."
        )
    epochs = np.arange(1, len(loss) + 1)  # (epochs,)
    fig, (ax_loss, ax_metric) = plt.subplots(1, 2, figsize=(9, 3.2))
    ax_loss.plot(epochs, loss, "o-", color="C0", label="training loss")
    ax_loss.set_ylabel("training loss (per example)")
    ax_metric.plot(epochs, scores, "o-", color="C1", label=f"test {metric}")
    ax_metric.set_ylabel(f"test {metric}")
    for ax in (ax_loss, ax_metric):
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
    if title is None and "device" in history:
        title = f"{len(loss)} epochs on {history['device']}"
        if "seconds" in history:
            title += f" in {history['seconds']:.1f} s"
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_lr_sweep(lrs, losses, accuracies=None, title: str = "Learning-rate sweep"):
    """Final training loss (and test accuracy) against the learning rate, on a log axis.

    The learning rate with the lowest loss is marked by a dotted vertical line. Losses
    of runs that diverged may be NaN or inf: those points are left out of the line.

    Args:
        lrs: the learning rates tried, all positive.
        losses: the final training loss of each run.
        accuracies: the final test accuracy of each run, drawn on a second y-axis.
        title: the axes' title.

    Shape:
        - lrs, losses, accuracies: ``(R,)``, one entry per run

    Returns:
        The figure; its first axes holds the loss line, a twin axes the accuracy line.

    Used in: 04_pytorch_mlp.
    """
    lrs = np.asarray(lrs, dtype=np.float64).reshape(-1)  # (R,)
    losses = np.asarray(losses, dtype=np.float64).reshape(-1)  # (R,)
    if len(lrs) < 2 or len(losses) != len(lrs):
        raise ValueError(
            f"got {len(lrs)} learning rates and {len(losses)} losses; "
            "expected at least two runs with one loss each."
        )
    if not np.all(np.isfinite(lrs) & (lrs > 0)):
        raise ValueError(
            f"learning rates must be positive and finite for a log axis; got {lrs.tolist()}."
        )
    fig, ax = plt.subplots(figsize=(6, 4))
    finite = np.where(np.isfinite(losses), losses, np.nan)  # (R,), diverged runs as gaps
    ax.plot(lrs, finite, "o-", color="C0", label="training loss")
    ax.set_xscale("log")
    ax.set_xlabel("learning rate")
    ax.set_ylabel("final training loss", color="C0")
    if np.isfinite(losses).any():
        best = lrs[np.nanargmin(np.where(np.isfinite(losses), losses, np.nan))]
        ax.axvline(best, color="0.5", ls=":", label=f"lowest loss at lr = {best:g}")
    handles = ax.get_lines()
    if accuracies is not None:
        accuracies = np.asarray(accuracies, dtype=np.float64).reshape(-1)  # (R,)
        if len(accuracies) != len(lrs):
            raise ValueError(
                f"got {len(accuracies)} accuracies for {len(lrs)} learning rates; "
                "expected one per run."
            )
        twin = ax.twinx()
        twin.plot(lrs, accuracies, "s--", color="C1", label="test accuracy")
        twin.set_ylabel("final test accuracy", color="C1")
        twin.set_ylim(0.0, 1.05)
        handles = handles + twin.get_lines()
    ax.legend(
        handles,
        [h.get_label() for h in handles],
        fontsize=8,
        ncol=3,
        frameon=False,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.2),
    )
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_grad_norms(
    norms: dict,
    title: str = "Gradient norm of each layer's weights",
    xlabel: str = "layer (1 = next to the input)",
):
    """Per-layer gradient norms of one or more models, first layer to last, on a log axis.

    Args:
        norms: ``{label: [norm of layer 1, norm of layer 2, ...]}``, one line per model;
            models may have different numbers of layers (or of time steps, with ``xlabel``).
        title: the axes' title.
        xlabel: what the x-axis counts from 1, e.g. ``"input step t"`` for the gradient
            reaching each input of a recurrent network.

    Shape:
        - norms[label]: ``(L,)``, non-negative and finite

    Returns:
        The figure; one line per label, in the order given.

    Used in: 04_pytorch_mlp, 06_rnn_lstm.
    """
    if not isinstance(norms, dict) or not norms:
        raise ValueError("norms must be a non-empty dict {label: list of per-layer norms}.")
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for label, values in norms.items():
        values = np.asarray(values, dtype=np.float64).reshape(-1)  # (L,)
        if values.size == 0 or not np.all(np.isfinite(values) & (values >= 0)):
            plt.close(fig)
            raise ValueError(
                f"norms[{label!r}] must be a non-empty list of finite, non-negative "
                f"norms; got {values.tolist()}."
            )
        ax.plot(np.arange(1, values.size + 1), values, "o-", label=str(label))
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("gradient norm")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    ax.legend()
    ax.set_title(title)
    fig.tight_layout()
    return fig


def _numbers(name: str, values) -> np.ndarray:
    """``values`` as a float64 ``(E,)`` array; a ValueError naming ``name`` if not numbers."""
    try:
        return np.asarray(values, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a list of numbers; got {values!r}.") from None

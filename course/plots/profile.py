"""Profiles of architectures: their sizes side by side, latency against batch size, and the
Pareto front of accuracy against cost.

Used in: 09_architecture_design.
"""

import matplotlib.pyplot as plt
import numpy as np
from torch import nn


def plot_architecture_comparison(models: dict):
    """Parameter counts as log-scale bars on the left, a table of the models on the right.

    Args:
        models: ``{name: (module, "what it is")}``, drawn top to bottom in the order given.

    Returns:
        The figure; its first axes holds one horizontal bar per model (width: its number of
        parameters), its second a table with the columns name, parameters, description.

    Used in: 09_architecture_design.
    """
    names, counts, descriptions = _architectures(models)
    fig, (bars, table) = plt.subplots(
        1, 2, figsize=(10, 1.0 + 0.45 * len(names)), gridspec_kw={"width_ratios": [1, 1.6]}
    )
    positions = np.arange(len(names))[::-1]  # first model on top
    bars.barh(positions, counts, color="C0")
    bars.set_yticks(positions, names)
    bars.set_xscale("log")
    bars.set_xlabel("parameters (log scale)")
    table.axis("off")
    cells = [[n, f"{c:,}", d] for n, c, d in zip(names, counts, descriptions, strict=True)]
    drawn = table.table(
        cellText=cells,
        colLabels=["name", "parameters", "description"],
        loc="center",
        cellLoc="left",
    )
    drawn.auto_set_column_width([0, 1, 2])
    fig.tight_layout()
    return fig


def plot_latency_throughput(batch_sizes, latencies):
    """Latency (ms per batch) and throughput (examples per second) against the batch size.

    Args:
        batch_sizes: the batch sizes measured, positive.
        latencies: seconds per batch at each batch size, positive.

    Shape:
        - batch_sizes, latencies: ``(N,)``; throughput is ``batch_sizes / latencies``

    Returns:
        The figure; its two axes (latency, throughput) each hold one line, both with a log x.

    Used in: 09_architecture_design.
    """
    sizes = _positive("batch_sizes", batch_sizes)
    seconds = _positive("latencies", latencies, len(sizes))
    fig, (latency, throughput) = plt.subplots(1, 2, figsize=(9, 3.5))
    latency.plot(sizes, 1000 * seconds, "o-")  # (N,) ms per batch
    latency.set_ylabel("latency (ms per batch)")
    throughput.plot(sizes, sizes / seconds, "o-", color="C1")  # (N,) examples per second
    throughput.set_ylabel("throughput (examples / s)")
    for ax in (latency, throughput):
        ax.set_xscale("log")
        ax.set_xlabel("batch size")
        ax.grid(alpha=0.3, which="both")
    fig.tight_layout()
    return fig


def plot_pareto(
    points, front, xlabel: str = "parameters", ylabel: str = "test accuracy", labels=None
):
    """Every candidate as a point, and the Pareto front as a line through its points by x.

    Args:
        points: ``[(x, y), ...]`` one per candidate, e.g. (parameters, test accuracy); x > 0.
        front: ``[(x, y), ...]`` the candidates on the front, in any order.
        xlabel, ylabel: the axes' labels.
        labels: one name per point, written beside it.

    Shape:
        - points: ``(N, 2)``; front: ``(K, 2)``; labels: ``N`` entries

    Returns:
        The figure; its axes holds the scatter of ``points`` and one line, the front sorted
        by x, on a log x axis.

    Used in: 09_architecture_design.
    """
    points, front = _pairs("points", points), _pairs("front", front)
    if labels is not None and len(labels) != len(points):
        raise ValueError(f"got {len(labels)} labels for {len(points)} points; expected one each.")
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.scatter(points[:, 0], points[:, 1], color="C0", label="candidates")
    front = front[np.argsort(front[:, 0], kind="stable")]  # (K, 2) by x
    ax.plot(front[:, 0], front[:, 1], "o-", color="C3", label="Pareto front")
    for (x, y), label in zip(points, labels or [], strict=False):
        ax.annotate(str(label), (x, y), textcoords="offset points", xytext=(4, 4), fontsize=8)
    ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3, which="both")
    ax.legend()
    fig.tight_layout()
    return fig


def _architectures(models) -> tuple[list, list, list]:
    """Names, parameter counts and descriptions; a ValueError or TypeError naming a bad entry."""
    if not isinstance(models, dict) or not models:
        raise ValueError("models must be a non-empty dict {name: (module, description)}.")
    names, counts, descriptions = [], [], []
    for name, entry in models.items():
        if not isinstance(entry, tuple) or len(entry) != 2:
            raise ValueError(
                f"models[{name!r}] must be a pair (module, description); got {entry!r}."
            )
        module, description = entry
        if not isinstance(module, nn.Module):
            raise TypeError(
                f"models[{name!r}][0] must be an nn.Module; got a {type(module).__name__}."
            )
        names.append(str(name))
        counts.append(sum(p.numel() for p in module.parameters()))
        descriptions.append(str(description))
    if min(counts) < 1:
        raise ValueError("every model needs parameters for a log scale; one has none.")
    return names, counts, descriptions


def _positive(name: str, values, size: int | None = None) -> np.ndarray:
    """``values`` as float64 ``(N,)``; a ValueError unless ``size`` (or some) positive finite numbers."""
    array = np.asarray(values, dtype=np.float64).reshape(-1)  # (N,)
    if array.size == 0 or (size is not None and array.size != size):
        expected = "at least one" if size is None else f"{size}, one per batch size"
        raise ValueError(f"{name} has {array.size} values; expected {expected}.")
    if not np.all(np.isfinite(array) & (array > 0)):
        raise ValueError(f"{name} must be positive and finite; got {array.tolist()}.")
    return array


def _pairs(name: str, values) -> np.ndarray:
    """``values`` as float64 ``(N, 2)``; a ValueError unless non-empty pairs with finite y, x > 0."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a list of (x, y) pairs of numbers; {error}") from None
    if array.ndim != 2 or array.shape[1] != 2 or len(array) == 0:
        raise ValueError(
            f"{name} has shape {array.shape}; expected (N, 2), a list of (x, y) pairs."
        )
    if not np.all(np.isfinite(array)) or not np.all(array[:, 0] > 0):
        raise ValueError(
            f"{name} needs finite values and x > 0 for the log x axis; got {array.tolist()}."
        )
    return array

"""Attention seen two ways: one head's weights as a heatmap, and its cost against the length.

Used in: 07_transformer.
"""

import matplotlib.pyplot as plt
import numpy as np

from course.plots.images import _as_numpy

_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def plot_attention(weights, queries=None, keys=None, title: str = "Attention weights"):
    """A heatmap of attention weights: row i is how much query i attends to each key.

    Args:
        weights: one head's weights for one example, e.g. ``attn[0, head]``, as a tensor
            (any device, with gradients or not) or an array.
        queries: the token of each query (row), written as y tick labels.
        keys: the token of each key (column), written as x tick labels.
        title: the axes' title.

    Shape:
        - weights: ``(T_q, T_k)``
        - queries: ``T_q`` entries; keys: ``T_k`` entries

    Returns:
        The figure; its first axes holds the image, its second the colorbar.

    Used in: 07_transformer.
    """
    weights = _as_numpy(weights)
    _check_attention(weights, queries, keys)
    n_queries, n_keys = weights.shape
    size = (min(2.0 + 0.35 * n_keys, 10.0), min(1.5 + 0.35 * n_queries, 9.0))  # inches
    fig, ax = plt.subplots(figsize=size)
    image = ax.imshow(weights, cmap="viridis", aspect="auto")
    fig.colorbar(image, ax=ax, label="weight")
    if keys is not None:
        ax.set_xticks(range(n_keys), [str(k) for k in keys], rotation=90)
    if queries is not None:
        ax.set_yticks(range(n_queries), [str(q) for q in queries])
    ax.set_xlabel("key")
    ax.set_ylabel("query")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_scaling(
    lengths,
    series: dict,
    slope: float = 2,
    ylabel: str = "seconds",
    title: str = "Cost against sequence length",
):
    """Measurements against the sequence length on log-log axes, beside a line ∝ T^slope.

    On log-log axes a cost ``c T^k`` is a straight line of slope ``k``; the dashed reference
    line ``y_0 (T / T_0)^slope`` goes through the first point of the first series, so a
    series that runs parallel to it grows as ``T^slope``.

    Args:
        lengths: the sequence lengths T measured, all positive.
        series: ``{label: [value at each length]}``, one line per entry, e.g. seconds per
            forward pass or bytes of memory; every value positive and finite.
        slope: the exponent of the reference line; 2 for self-attention's ``T²``.
        ylabel: what the values measure.
        title: the axes' title.

    Shape:
        - lengths: ``(L,)``; series[label]: ``(L,)``

    Returns:
        The figure; one line per label in the order given, then the reference line,
        labelled ``"∝ T²"`` (``"∝ T^slope"`` in general).

    Used in: 07_transformer.
    """
    lengths = _positive("lengths", lengths)
    if not isinstance(series, dict) or not series:
        raise ValueError("series must be a non-empty dict {label: values, one per length}.")
    values = {
        label: _positive(f"series[{label!r}]", v, len(lengths)) for label, v in series.items()
    }
    fig, ax = plt.subplots(figsize=(6, 4))
    for label, ys in values.items():
        ax.plot(lengths, ys, "o-", label=str(label))
    first = next(iter(values.values()))
    reference = first[0] * (lengths / lengths[0]) ** slope  # (L,)
    ax.plot(lengths, reference, "--", color="0.5", label=_power_label(slope))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("sequence length T")
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3, which="both")
    ax.legend()
    ax.set_title(title)
    fig.tight_layout()
    return fig


def _check_attention(weights: np.ndarray, queries, keys) -> None:
    """A ValueError naming the shapes unless weights is 2-D with one label per row and column."""
    if weights.ndim != 2:
        raise ValueError(
            f"weights has shape {weights.shape}; expected (T_q, T_k), one head of one "
            "example (index the batch and the head: attn[0, 0])."
        )
    for name, labels, size in (
        ("queries", queries, weights.shape[0]),
        ("keys", keys, weights.shape[1]),
    ):
        if labels is not None and len(labels) != size:
            raise ValueError(
                f"weights has shape {weights.shape} but got {len(labels)} {name}; "
                f"expected {size}, one per {'row' if name == 'queries' else 'column'}."
            )


def _positive(name: str, values, size: int | None = None) -> np.ndarray:
    """``values`` as a float64 ``(L,)`` array; a ValueError unless ``size`` positive finite numbers."""
    array = np.asarray(_as_numpy(values), dtype=np.float64).reshape(-1)  # (L,)
    if size is None and array.size == 0:
        raise ValueError(f"{name} is empty; expected at least one length.")
    if size is not None and array.size != size:
        raise ValueError(f"{name} has {array.size} values; expected {size}, one per length.")
    if not np.all(np.isfinite(array) & (array > 0)):
        raise ValueError(f"{name} must be positive and finite for log axes; got {array.tolist()}.")
    return array


def _power_label(slope: float) -> str:
    """``"∝ T²"`` for slope 2, ``"∝ T"`` for 1, ``"∝ T^1.5"`` for a slope that is not whole."""
    if float(slope) == 1:
        return "∝ T"
    if float(slope).is_integer():
        return f"∝ T{str(int(slope)).translate(_SUPERSCRIPTS)}"
    return f"∝ T^{slope:g}"

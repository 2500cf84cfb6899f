"""Grouped bars: one group per setting, one bar per model, e.g. accuracy after deleting a block.

Used in: 08_resnet.
"""

import matplotlib.pyplot as plt
import numpy as np


def plot_grouped_bars(values: dict, ylabel: str = "test accuracy", title: str = "", chance=None):
    """One group of bars per setting, one bar per model, with an optional chance line.

    Args:
        values: ``{model: {setting: value}}``; every model names the same settings, in the
            order the first one gives them.
        ylabel, title: the axes' labels.
        chance: draws a dotted horizontal line at this value when given.

    Returns:
        The figure; its axes holds one bar container per model, in the order given.
    """
    if not isinstance(values, dict) or not values:
        raise ValueError("values must be a non-empty dict {model: {setting: value}}.")
    settings = list(next(iter(values.values())))
    for model, row in values.items():
        if not isinstance(row, dict) or list(row) != settings:
            raise ValueError(f"values[{model!r}] must name the settings {settings}; got {row!r}.")
    fig, ax = plt.subplots(figsize=(6, 3.5))
    width = 0.8 / len(values)
    positions = np.arange(len(settings))  # (S,)
    for i, (model, row) in enumerate(values.items()):
        ax.bar(
            positions + (i - (len(values) - 1) / 2) * width, list(row.values()), width, label=model
        )
    if chance is not None:
        ax.axhline(chance, color="grey", linestyle=":", label="chance")
    ax.set_xticks(positions, settings)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    return fig

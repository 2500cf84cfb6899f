"""A series and its forecasts over time, one line per forecaster.

Used in: 06_rnn_lstm.
"""

import matplotlib.pyplot as plt
import numpy as np

from course.plots.images import _as_numpy


def plot_forecast(truth, forecasts: dict, start: int = 0, title: str = "Forecasts"):
    """The true series and each forecast of it, against the time step.

    Every forecast covers the first steps of ``truth`` from ``start`` on: a one-step forecast
    of the test set, or a multi-step forecast that feeds its own predictions back.

    Args:
        truth: the observed values.
        forecasts: ``{label: values}``, one dashed line per label, in the order given.
        start: time step of ``truth[0]``, so that a test set keeps its steps on the x-axis.
        title: the axes' title.

    Shape:
        - truth: ``(T,)``
        - forecasts[label]: ``(H,)`` with ``H <= T``, drawn at steps ``start .. start + H - 1``

    Returns:
        The figure; its axes holds the truth's line first, then one line per forecast.

    Used in: 06_rnn_lstm.
    """
    truth = _as_numpy(truth).reshape(-1)  # (T,)
    if not isinstance(forecasts, dict):
        raise ValueError("forecasts must be a dict {label: forecast values}.")
    fig, ax = plt.subplots(figsize=(9, 3.5))
    ax.plot(start + np.arange(truth.size), truth, color="0.3", lw=1.5, label="truth")
    for label, values in forecasts.items():
        values = _as_numpy(values).reshape(-1)  # (H,)
        if values.size > truth.size:
            plt.close(fig)
            raise ValueError(
                f"forecasts[{label!r}] has {values.size} steps but truth has {truth.size}; "
                "a forecast cannot be longer than the series it forecasts."
            )
        ax.plot(start + np.arange(values.size), values, "--", lw=1.2, label=str(label))
    ax.set_xlabel("time step")
    ax.set_ylabel("value")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    ax.set_title(title)
    fig.tight_layout()
    return fig

"""Does plot_forecast draw the truth and each forecast at their time steps, and refuse a
forecast longer than the truth?"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from course import plot_forecast


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_forecast_draws_the_truth_then_one_labelled_line_per_forecast():
    truth = np.sin(np.arange(10.0))
    forecasts = {"one-step": truth + 0.1, "multi-step": torch.zeros(4)}
    fig = plot_forecast(truth, forecasts, start=100)
    (ax,) = fig.axes
    line_truth, one_step, multi_step = ax.get_lines()
    assert np.array_equal(line_truth.get_xdata(), np.arange(100, 110))
    assert np.allclose(line_truth.get_ydata(), truth)
    assert np.allclose(one_step.get_ydata(), truth + 0.1)
    assert np.array_equal(multi_step.get_xdata(), np.arange(100, 104))
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["truth", "one-step", "multi-step"]


def test_forecast_refuses_a_forecast_longer_than_the_truth_and_leaves_no_figure():
    before = plt.get_fignums()
    with pytest.raises(ValueError, match=r"forecasts\['long'\] has 6 steps but truth has 5"):
        plot_forecast(np.zeros(5), {"ok": np.zeros(5), "long": np.zeros(6)})
    assert plt.get_fignums() == before


def test_forecast_refuses_forecasts_that_are_not_a_dict():
    with pytest.raises(ValueError, match="forecasts must be a dict"):
        plot_forecast(np.zeros(5), [np.zeros(5)])

"""Are the forecasting baselines the MSEs they claim to be?"""

import numpy as np
import pytest
import torch

from course import forecast_baselines


def _windows(series, window):
    X = np.lib.stride_tricks.sliding_window_view(series, window + 1)  # (N - window, window + 1)
    return X[:, :window], X[:, window]


def test_persistence_is_the_mse_of_the_last_value():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 5)), rng.normal(size=20)
    got = forecast_baselines(X, y, X[:7], y[:7])["persistence"]
    assert got == pytest.approx(np.mean((X[:7, -1] - y[:7]) ** 2))


def test_linear_ar_recovers_a_linear_recurrence_exactly():
    series = np.zeros(60)
    series[:2] = 1.0, 0.5
    for t in range(2, 60):
        series[t] = 0.9 * series[t - 1] - 0.4 * series[t - 2] + 0.1
    X, y = _windows(series, 3)
    assert forecast_baselines(X[:40], y[:40], X[40:], y[40:])["linear AR"] < 1e-20


def test_tensors_of_shape_n_window_1_are_accepted():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(30, 4)), rng.normal(size=30)
    flat = forecast_baselines(X, y, X, y)
    shaped = forecast_baselines(torch.tensor(X)[..., None], torch.tensor(y), X[..., None], y)
    assert flat == pytest.approx(shaped)


def test_mismatched_windows_and_targets_are_refused():
    with pytest.raises(ValueError, match="every window needs one target: got 5 and 5 windows"):
        forecast_baselines(np.zeros((5, 3)), np.zeros(4), np.zeros((5, 3)), np.zeros(5))


def test_windows_of_the_wrong_rank_are_refused():
    with pytest.raises(ValueError, match=r"\(N, window\) or \(N, window, 1\); got \(5,\)"):
        forecast_baselines(np.zeros(5), np.zeros(5), np.zeros((5, 3)), np.zeros(5))

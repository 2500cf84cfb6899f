"""Synthetic sequences: the adding problem (long-range memory) and a seasonal series to forecast.

Used in: 06_rnn_lstm.
"""

import numpy as np
import torch


def make_adding_problem(n_samples: int, length: int = 50, seed: int = 0):
    """The adding problem: remember two marked values among ``length`` steps and add them.

    Channel 0 holds values drawn uniformly from [0, 1); channel 1 is a marker that is 1 at
    exactly two steps, one in the first half (``t < length // 2``) and one in the second, and 0
    elsewhere. The target is the sum of the two marked values. Predicting the mean, 1.0, for
    every sequence gives MSE ``Var(u1 + u2) = 1/6 ~ 0.167``: the baseline a model must beat.

    Args:
        n_samples: number of sequences.
        length: steps per sequence, at least 2.
        seed: seed of the ``torch.Generator`` that draws values and markers.

    Returns:
        ``X, y`` as float32 tensors, ready for a ``TensorDataset``.

    Shape:
        - X: ``(n_samples, length, 2)``, (value, marker) at each step
        - y: ``(n_samples,)``

    Used in: 06_rnn_lstm.
    """
    if length < 2:
        raise ValueError(f"length must be at least 2 to hold two markers; got {length}.")
    gen = torch.Generator().manual_seed(seed)
    values = torch.rand(n_samples, length, generator=gen)  # (n, T)
    half = length // 2
    first = torch.randint(0, half, (n_samples,), generator=gen)  # (n,)
    second = torch.randint(half, length, (n_samples,), generator=gen)  # (n,)
    marker = torch.zeros(n_samples, length)  # (n, T)
    rows = torch.arange(n_samples)
    marker[rows, first] = 1.0
    marker[rows, second] = 1.0
    X = torch.stack([values, marker], dim=-1)  # (n, T, 2)
    y = values[rows, first] + values[rows, second]  # (n,)
    return X, y


LOGISTIC_RATE = 3.8  # r of the logistic map, in its chaotic range
LOGISTIC_SCALE = 1.5  # how much of the series the chaotic part is


def make_seasonal_series(n_steps: int = 1200, period: int = 24, noise: float = 0.1, seed: int = 0):
    """A seasonal cycle plus a chaotic component: easy for a GRU, hard for a linear forecaster.

    The series is ``x_t = sin(2 pi t / period) + 1.5 (h_t - 0.5) + noise * e_t`` with
    ``e_t ~ N(0, 1)`` and ``h_t = 3.8 h_{t-1} (1 - h_{t-1})``, the logistic map in its chaotic
    range, started from ``h_0 ~ U(0.1, 0.9)``. The sine gives the season (autocorrelation near
    0.8 at lag ``period``); ``h`` is predictable one step ahead, but only through a nonlinear
    function of the last value once the season is taken off, which no linear autoregression
    can express. With a window of ``period`` values, a small GRU beats both predicting the last
    value and a least-squares linear autoregression by a wide margin.

    Args:
        n_steps: length of the series.
        period: steps per seasonal cycle.
        noise: standard deviation of the Gaussian observation noise; 0 gives a noise-free series.
        seed: seed of the numpy generator that draws ``h_0`` and the noise.

    Shape:
        - output: ``(n_steps,)`` float64

    Used in: 06_rnn_lstm.
    """
    rng = np.random.default_rng(seed)
    h = np.empty(n_steps)  # (n_steps,)
    h[0] = rng.uniform(0.1, 0.9)
    for t in range(1, n_steps):
        h[t] = LOGISTIC_RATE * h[t - 1] * (1.0 - h[t - 1])
    season = np.sin(2.0 * np.pi * np.arange(n_steps) / period)  # (n_steps,)
    return season + LOGISTIC_SCALE * (h - 0.5) + noise * rng.normal(size=n_steps)

"""Baselines a forecaster must beat: persistence and a linear autoregression.

Used in: 06_rnn_lstm.
"""

import numpy as np


def forecast_baselines(X_train, y_train, X_test, y_test) -> dict:
    """Test MSE of predicting the last value of each window, and of a linear autoregression.

    The autoregression is fitted by least squares on the training windows, with a bias:
    ``y ≈ X w + b``.

    Args:
        X_train, X_test: windows of past values, arrays or tensors.
        y_train, y_test: the value right after each window.

    Returns:
        ``{"persistence": mse, "linear AR": mse}`` on the test windows, as floats.

    Shape:
        - X_train: ``(N, window)`` or ``(N, window, 1)``; y_train: ``(N,)``; the same for test
    """
    X_train, X_test = (_windows(X) for X in (X_train, X_test))  # (N, window)
    y_train, y_test = (np.asarray(y, dtype=np.float64).reshape(-1) for y in (y_train, y_test))
    if len(X_train) != len(y_train) or len(X_test) != len(y_test):
        raise ValueError(
            f"every window needs one target: got {len(X_train)} and {len(X_test)} windows "
            f"for {len(y_train)} and {len(y_test)} targets."
        )
    with_bias = np.hstack([X_train, np.ones((len(X_train), 1))])  # (N, window + 1)
    coef, *_ = np.linalg.lstsq(with_bias, y_train, rcond=None)
    ar = X_test @ coef[:-1] + coef[-1]  # (N_test,)
    return {
        "persistence": float(np.mean((X_test[:, -1] - y_test) ** 2)),
        "linear AR": float(np.mean((ar - y_test) ** 2)),
    }


def _windows(X) -> np.ndarray:
    X = np.asarray(X, dtype=np.float64)
    if X.ndim == 3 and X.shape[-1] == 1:
        X = X[..., 0]
    if X.ndim != 2:
        raise ValueError(f"windows must have shape (N, window) or (N, window, 1); got {X.shape}.")
    return X

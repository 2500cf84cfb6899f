"""Helpers that the course notebooks import, each as ``course.X`` or ``from course import X``.

One module per concern:

- ``device``, ``seeding``, ``environment``: where tensors live, repeatable randomness, versions
- ``data``: the offline data sets, one module per kind (digits, points, text, series, sequences,
  frames, tabular)
- ``training``, ``metrics``: the reference training loop and what it measures
- ``forecasting``: the baselines a forecaster must beat
- ``models``: the course's models of 04-08 from torch's own layers, to compare in 09
- ``profiling``, ``report``: what a forward pass costs, and the architecture report
- ``activations``, ``normalization``: what 03's playgrounds compute
- ``plots``: every figure, one module per kind of plot
- ``widgets``: the ipywidgets playgrounds (``Explorer`` and the explorers built on it)

Nothing here runs on import: notebooks call ``seed_everything`` and ``pick_device``
themselves, so every notebook says what it sets up. The widgets load on first use
(``course.activation_explorer``), so that ``import course`` does not import ipywidgets.
"""

import importlib

from course.activations import activation_curve, activation_report
from course.data import (
    digits_arrays,
    digits_loaders,
    is_review,
    make_adding_problem,
    make_blobs,
    make_digit_sequences,
    make_reversal,
    make_reviews,
    make_seasonal_series,
    make_sorted_sequences,
    make_tabular,
    make_xor,
    word_polarity,
)
from course.device import DEVICE_ENV_VAR, device_report, pick_device
from course.environment import environment_report
from course.forecasting import forecast_baselines
from course.metrics import Accuracy, MeanSquaredError, Metric, TokenAccuracy, get_metric
from course.models import (
    MLP,
    LSTMClassifier,
    MeanOfFrames,
    ResidualBlock,
    ResNet,
    SmallCNN,
    TransformerClassifier,
)
from course.normalization import bn_train_eval_gap, normalization_stats
from course.plots import (
    plot_activation,
    plot_architecture_comparison,
    plot_attention,
    plot_decision_boundary,
    plot_digits,
    plot_embeddings,
    plot_feature_maps,
    plot_filters,
    plot_forecast,
    plot_grad_norms,
    plot_grouped_bars,
    plot_history,
    plot_latency_throughput,
    plot_lr_sweep,
    plot_normalization,
    plot_pareto,
    plot_scaling,
)
from course.profiling import flop_count, peak_memory
from course.report import REPORT_SECTIONS, Report, architecture_report, layer_table
from course.seeding import seed_everything
from course.training import evaluate, fit, train_epoch, uses_cuda

_LAZY = {
    "Explorer": "course.widgets",
    "activation_explorer": "course.widgets",
    "normalization_explorer": "course.widgets",
}

__all__ = [
    "Accuracy",
    "DEVICE_ENV_VAR",
    "Explorer",
    "LSTMClassifier",
    "MLP",
    "MeanOfFrames",
    "MeanSquaredError",
    "Metric",
    "REPORT_SECTIONS",
    "Report",
    "ResNet",
    "ResidualBlock",
    "SmallCNN",
    "TokenAccuracy",
    "TransformerClassifier",
    "activation_curve",
    "activation_explorer",
    "activation_report",
    "architecture_report",
    "bn_train_eval_gap",
    "device_report",
    "digits_arrays",
    "digits_loaders",
    "environment_report",
    "evaluate",
    "fit",
    "flop_count",
    "forecast_baselines",
    "get_metric",
    "is_review",
    "layer_table",
    "make_adding_problem",
    "make_blobs",
    "make_digit_sequences",
    "make_reversal",
    "make_reviews",
    "make_seasonal_series",
    "make_sorted_sequences",
    "make_tabular",
    "make_xor",
    "normalization_explorer",
    "normalization_stats",
    "peak_memory",
    "pick_device",
    "plot_activation",
    "plot_architecture_comparison",
    "plot_attention",
    "plot_decision_boundary",
    "plot_digits",
    "plot_embeddings",
    "plot_feature_maps",
    "plot_filters",
    "plot_forecast",
    "plot_grad_norms",
    "plot_grouped_bars",
    "plot_history",
    "plot_latency_throughput",
    "plot_lr_sweep",
    "plot_normalization",
    "plot_pareto",
    "plot_scaling",
    "seed_everything",
    "train_epoch",
    "uses_cuda",
    "word_polarity",
]


def __getattr__(name: str):
    """``course.activation_explorer`` and the other widgets, imported on first use."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'course' has no attribute {name!r}")


def __dir__():
    return sorted({*globals(), *_LAZY})

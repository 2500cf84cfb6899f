"""Plots the notebooks draw, one module per kind; every ``plot_*`` is also ``course.plot_*``.

- ``boundaries``: a classifier's decision regions in the plane (01_perceptron)
- ``activations``: an activation and its derivative (03_activations_normalization)
- ``normalization``: a batch's statistics under BN, LN and GN (03_activations_normalization)
- ``training``: loss and metric per epoch, learning-rate sweeps, gradient norms (04 onwards)
- ``bars``: grouped bars, e.g. accuracy after deleting a block (08_resnet)
- ``images``: digits, convolution filters and feature maps (05_cnn)
- ``embeddings``: word vectors projected on the plane, each labelled (06_rnn_lstm)
- ``series``: a series and its forecasts over time (06_rnn_lstm)
- ``attention``: attention weights as a heatmap, and cost against sequence length (07_transformer)
- ``profile``: models' sizes side by side, latency and throughput, a Pareto front
  (09_architecture_design)

A new kind of plot gets a module here, not one per assignment.
"""

from course.plots.activations import plot_activation
from course.plots.attention import plot_attention, plot_scaling
from course.plots.bars import plot_grouped_bars
from course.plots.boundaries import plot_decision_boundary
from course.plots.embeddings import plot_embeddings
from course.plots.images import plot_digits, plot_feature_maps, plot_filters
from course.plots.normalization import plot_normalization
from course.plots.profile import plot_architecture_comparison, plot_latency_throughput, plot_pareto
from course.plots.series import plot_forecast
from course.plots.training import plot_grad_norms, plot_history, plot_lr_sweep

__all__ = [
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
]

"""Helpers that the course notebooks import: device, seeding, data, training, plots, playgrounds.

Nothing here runs on import: notebooks call ``seed_everything`` and ``pick_device``
themselves, so every notebook says what it sets up. The interactive playgrounds live in
``course.widgets``, imported by the cells that show them.
"""
from course.data import digits_arrays, digits_loaders, make_blobs, make_xor
from course.device import DEVICE_ENV_VAR, device_report, pick_device
from course.environment import environment_report
from course.explorers import activation_curve, activation_report, bn_train_eval_gap, normalization_stats
from course.plots import plot_activation, plot_decision_boundary, plot_normalization
from course.seeding import seed_everything
from course.training import evaluate, fit, train_epoch, uses_cuda

__all__ = [
    "DEVICE_ENV_VAR",
    "activation_curve",
    "activation_report",
    "bn_train_eval_gap",
    "device_report",
    "digits_arrays",
    "digits_loaders",
    "environment_report",
    "evaluate",
    "fit",
    "make_blobs",
    "make_xor",
    "normalization_stats",
    "pick_device",
    "plot_activation",
    "plot_decision_boundary",
    "plot_normalization",
    "seed_everything",
    "train_epoch",
    "uses_cuda",
]

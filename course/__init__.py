"""Helpers that the course notebooks import: device, seeding, data, plots.

Nothing here runs on import: notebooks call ``seed_everything`` and ``pick_device``
themselves, so every notebook says what it sets up.
"""
from course.data import digits_arrays, digits_loaders, make_blobs, make_xor
from course.device import DEVICE_ENV_VAR, device_report, pick_device
from course.environment import environment_report
from course.plots import plot_decision_boundary
from course.seeding import seed_everything

__all__ = [
    "DEVICE_ENV_VAR",
    "device_report",
    "digits_arrays",
    "digits_loaders",
    "environment_report",
    "make_blobs",
    "make_xor",
    "pick_device",
    "plot_decision_boundary",
    "seed_everything",
]

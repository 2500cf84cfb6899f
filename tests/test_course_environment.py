"""Does environment_report name the Python, the packages and the device?"""

import platform

import numpy as np
import sklearn
import torch

from course import DEVICE_ENV_VAR, device_report, environment_report, pick_device


def test_environment_report_has_five_lines_naming_python_packages_and_device(monkeypatch):
    monkeypatch.delenv(DEVICE_ENV_VAR, raising=False)
    lines = environment_report().splitlines()
    expected = [
        ("Python", platform.python_version()),
        ("numpy", np.__version__),
        ("scikit-learn", sklearn.__version__),
        ("torch", torch.__version__),
        ("device", device_report(pick_device())),
    ]
    assert len(lines) == 5, lines
    for line, (name, value) in zip(lines, expected, strict=True):
        assert line.split()[0] == name and line.endswith(value), (line, name, value)


def test_environment_report_follows_the_device_variable(monkeypatch):
    monkeypatch.setenv(DEVICE_ENV_VAR, "cpu")
    assert environment_report().splitlines()[-1].endswith(device_report("cpu"))

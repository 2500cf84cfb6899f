"""What a student's environment has: versions of the course's packages."""

import platform

import numpy as np
import sklearn
import torch

from course.device import device_report, pick_device


def environment_report() -> str:
    """A few lines naming the Python, numpy, scikit-learn and torch versions and the device.

    Used in: 00_setup.
    """
    lines = [
        f"Python        {platform.python_version()}",
        f"numpy         {np.__version__}",
        f"scikit-learn  {sklearn.__version__}",
        f"torch         {torch.__version__}",
        f"device        {device_report(pick_device())}",
    ]
    return "\n".join(lines)

"""Values that try to pass a check without being right; the checks tests use them."""

import numpy as np


class AlwaysEqual:
    """Claims to equal anything; has no __array__."""

    def __eq__(self, other):
        return True


class LyingArray(np.ndarray):
    """An ndarray subclass whose == always says True."""

    def __eq__(self, other):
        return np.ones(np.shape(self), dtype=bool)

"""Small synthetic 2-D point sets for linear classifiers and their limits.

Used in: 01_perceptron.
"""

import numpy as np


def make_blobs(n_samples: int = 100, margin: float = 0.5, seed: int = 0):
    """Two Gaussian blobs that a line separates with at least ``margin`` to spare.

    Points are drawn around (0.5, 0.5) and (3.5, 3.5); any point closer than
    ``margin`` to the line x1 + x2 = 4, or on its wrong side, is drawn again. The line
    misses the origin, so a classifier needs its bias.

    Args:
        n_samples: number of points, half of each class (an odd count gives class 0 one more).
        margin: the smallest distance from any point to the separating line.
        seed: seed of the generator that draws the points.

    Returns:
        ``X, y`` with labels in {0, 1}.

    Shape:
        - X: ``(n_samples, 2)`` float64
        - y: ``(n_samples,)`` int64

    Used in: 01_perceptron.
    """
    rng = np.random.default_rng(seed)
    y = (np.arange(n_samples) % 2).astype(np.int64)
    sign = 2.0 * y - 1.0  # (n,) in {-1, +1}
    X = np.empty((n_samples, 2))
    todo = np.arange(n_samples)
    while todo.size:
        X[todo] = 2.0 + sign[todo, None] * 1.5 + rng.normal(size=(todo.size, 2))
        distance = sign[todo] * (X[todo].sum(axis=1) - 4.0) / np.sqrt(2.0)  # signed, (len(todo),)
        todo = todo[distance < margin]
    return X, y


def make_xor(n_samples: int = 200, noise: float = 0.2, seed: int = 0):
    """Four clusters at (+-1, +-1); the label is 1 where the two coordinates' signs differ.

    No line separates the classes. ``noise`` is clipped so that no point crosses an axis,
    which keeps the product x1 * x2 a perfect separating feature.

    Args:
        n_samples: number of points, spread evenly over the four corners.
        noise: standard deviation of the Gaussian jitter around each corner (at most 0.9).
        seed: seed of the generator that draws the points.

    Returns:
        ``X, y`` with labels in {0, 1}.

    Shape:
        - X: ``(n_samples, 2)`` float64
        - y: ``(n_samples,)`` int64

    Used in: 01_perceptron.
    """
    if not 0 <= noise <= 0.9:
        raise ValueError(
            f"noise must lie in [0, 0.9] so that clusters stay in their quadrants; got {noise}."
        )
    rng = np.random.default_rng(seed)
    corners = np.array([[1, 1], [-1, -1], [1, -1], [-1, 1]], dtype=np.float64)
    X = corners[np.arange(n_samples) % 4]  # (n, 2)
    X = X + np.clip(rng.normal(scale=noise, size=X.shape), -0.9, 0.9)
    y = (X[:, 0] * X[:, 1] < 0).astype(np.int64)
    return X, y

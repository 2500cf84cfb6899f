"""A generated tabular classification set, the kind of data where an MLP is the right family.

Its columns sit on very different scales and offsets, as measurements in different units do,
and its three classes follow a nonlinear rule of a few of them: a linear model cannot draw the
boundaries, and an MLP only finds them once the columns are standardized.

Used in: 09_architecture_design.
"""

import math

import torch

SCALES = (100.0, 0.01, 1.0, 10.0, 1000.0, 0.1)  # column j is scaled by SCALES[j % 6]
OFFSETS = (50.0, -3.0, 0.0, 200.0, -5000.0, 1.0)  # and shifted by OFFSETS[j % 6]
INFORMATIVE = 2  # the label depends on the first two latent columns only
_TERTILES = (2 * math.log(1.5), 2 * math.log(3))  # P(z_0² + z_1² <= t) = 1/3 and 2/3


def make_tabular(n_samples: int, n_features: int = 12, seed: int = 0):
    """Three classes from a nonlinear rule of two columns, among columns of mixed scales.

    The latent columns ``z`` are standard normal. The label is which of three rings around
    the origin the point ``(z_0, z_1)`` falls in, with radii at the tertiles of its
    distribution (so the classes are balanced up to sampling): class 0 inside, class 2
    outside. No straight line separates rings, so a linear model stays near chance. The other
    columns are noise. Each column is then scaled and shifted, ``X_j = SCALES[j % 6] * z_j +
    OFFSETS[j % 6]``, by factors from 0.01 to 1000 and offsets from -5000 to 200: a model fed
    the raw columns sees the two informative ones on scales 100 and 0.01, beside noise
    columns a thousand times larger.

    Args:
        n_samples: number of rows.
        n_features: columns, at least 2 (the informative ones come first).
        seed: seed of the ``torch.Generator`` that draws the rows.

    Returns:
        ``X, y``: float32 features and int64 labels in {0, 1, 2}.

    Shape:
        - X: ``(n_samples, n_features)``
        - y: ``(n_samples,)``

    Used in: 09_architecture_design.
    """
    if not isinstance(n_features, int) or isinstance(n_features, bool) or n_features < INFORMATIVE:
        raise ValueError(f"n_features must be an int >= {INFORMATIVE}; got {n_features!r}.")
    if not isinstance(n_samples, int) or n_samples < 1:
        raise ValueError(f"n_samples must be a positive int; got {n_samples!r}.")
    gen = torch.Generator().manual_seed(seed)
    z = torch.randn(n_samples, n_features, generator=gen, dtype=torch.float64)  # (n, F)
    radius2 = z[:, :INFORMATIVE].pow(2).sum(1)  # (n,) chi-squared with 2 degrees of freedom
    y = torch.bucketize(radius2, torch.tensor(_TERTILES, dtype=torch.float64))  # (n,)
    columns = torch.arange(n_features) % len(SCALES)  # (F,)
    scales = torch.tensor(SCALES, dtype=torch.float64)[columns]  # (F,)
    offsets = torch.tensor(OFFSETS, dtype=torch.float64)[columns]  # (F,)
    return (z * scales + offsets).float(), y  # (n, F) float32, (n,) int64

"""Word vectors seen in the plane: a 2-D PCA of an embedding table, each point labelled.

Used in: 06_rnn_lstm.
"""

import matplotlib.pyplot as plt
import numpy as np

from course.plots.images import _as_numpy


def plot_embeddings(vectors, words, groups=None, title: str = "Word embeddings, first two PCs"):
    """Project word vectors on their first two principal components and label each point.

    The projection is a PCA by numpy's SVD of the centred vectors; the axes' labels give the
    share of the variance each component explains.

    Args:
        vectors: one row per word, e.g. ``embedding.weight`` or a selection of its rows.
        words: the word of each row, written next to its point.
        groups: a label per word (``"positive"``, ``"negative"``, ``"other"``); one colour and
            one legend entry per distinct label, in order of first appearance.
        title: the axes' title.

    Shape:
        - vectors: ``(V, E)`` with ``E >= 2``
        - words, groups: ``V`` entries each

    Returns:
        The figure; its axes holds one scatter per group and one text per word.

    Used in: 06_rnn_lstm.
    """
    vectors = _as_numpy(vectors)
    groups = ["words"] * len(words) if groups is None else [str(g) for g in groups]
    _check_embeddings(vectors, words, groups)
    points, explained = _pca_2d(vectors)  # (V, 2), (2,)
    fig, ax = plt.subplots(figsize=(6, 5))
    for group in dict.fromkeys(groups):
        rows = [i for i, g in enumerate(groups) if g == group]
        ax.scatter(points[rows, 0], points[rows, 1], label=group)
    for word, (x, y) in zip(words, points, strict=True):
        ax.annotate(str(word), (x, y), xytext=(3, 3), textcoords="offset points", fontsize=8)
    ax.set_xlabel(f"PC 1 ({explained[0]:.0%} of the variance)")
    ax.set_ylabel(f"PC 2 ({explained[1]:.0%} of the variance)")
    ax.legend(fontsize=8)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def _check_embeddings(vectors: np.ndarray, words, groups: list) -> None:
    """A ValueError naming the shapes unless vectors is ``(V, E >= 2)`` with V words and groups."""
    if vectors.ndim != 2 or vectors.shape[1] < 2:
        raise ValueError(
            f"vectors has shape {vectors.shape}; expected (V, E) with E >= 2, one row per word."
        )
    if len(words) != len(vectors) or len(groups) != len(vectors):
        raise ValueError(
            f"vectors has shape {vectors.shape} but got {len(words)} words and "
            f"{len(groups)} groups; expected one of each per row."
        )


def _pca_2d(vectors: np.ndarray):
    """The centred vectors on their first two principal axes, and each axis's variance share."""
    centred = vectors - vectors.mean(axis=0)  # (V, E)
    _, singular, axes = np.linalg.svd(centred, full_matrices=False)  # axes: (min(V, E), E)
    total = float((singular**2).sum()) or 1.0
    explained = np.zeros(2)
    explained[: len(singular[:2])] = singular[:2] ** 2 / total
    points = np.zeros((len(vectors), 2))  # (V, 2), zero where V < 2 leaves no second axis
    points[:, : len(axes[:2])] = centred @ axes[:2].T
    return points, explained

"""Pictures of what a convolutional network learned: its filters, its feature maps, its mistakes.

Each function takes numpy arrays or tensors (on any device, with or without gradients),
draws one small grid of grey images, and returns the matplotlib Figure.

Used in: 05_cnn.
"""

import math

import matplotlib.pyplot as plt
import numpy as np


def plot_filters(weight, in_channel: int = 0, ncols: int = 8, title: str | None = "Filters"):
    """Draw each output channel's kernel of a 2-D convolution as a small image.

    Each panel is one filter, seen through input channel ``in_channel``, with its own
    colour scale centred on zero (red positive, blue negative).

    Args:
        weight: a convolution's weight, e.g. ``conv.weight``.
        in_channel: which input channel of each filter to draw.
        ncols: panels per row.
        title: the figure's title; none when ``None``.

    Shape:
        - weight: ``(C_out, C_in, kH, kW)``; one panel per output channel.

    Returns:
        The Figure, with exactly ``C_out`` axes.

    Used in: 05_cnn.
    """
    weight = _as_numpy(weight)
    if weight.ndim != 4:
        raise ValueError(
            f"weight has shape {weight.shape}; expected (C_out, C_in, kH, kW), a Conv2d's weight."
        )
    if not 0 <= in_channel < weight.shape[1]:
        raise ValueError(
            f"in_channel {in_channel} is out of range for weight of shape {weight.shape}."
        )
    kernels = weight[:, in_channel]  # (C_out, kH, kW)
    fig, axes = _grid(len(kernels), ncols, title)
    for ax, kernel in zip(axes, kernels, strict=True):
        limit = float(np.abs(kernel).max()) or 1.0
        ax.imshow(kernel, cmap="RdBu_r", vmin=-limit, vmax=limit)
    return fig


def plot_feature_maps(maps, ncols: int = 8, title: str | None = "Feature maps"):
    """Draw each channel of one example's activations as a grey image.

    Args:
        maps: the output of a convolutional layer for ONE example, e.g. ``features(x)[0]``.
        ncols: panels per row.
        title: the figure's title; none when ``None``.

    Shape:
        - maps: ``(C, H, W)``; one panel per channel.

    Returns:
        The Figure, with exactly ``C`` axes.

    Used in: 05_cnn.
    """
    maps = _as_numpy(maps)
    if maps.ndim != 3:
        raise ValueError(
            f"maps has shape {maps.shape}; expected (C, H, W), the activations "
            "of one example (index the batch: maps[0])."
        )
    fig, axes = _grid(len(maps), ncols, title)
    for ax, channel in zip(axes, maps, strict=True):
        ax.imshow(channel, cmap="gray")
    return fig


def plot_digits(images, labels, predictions=None, ncols: int = 10, title: str | None = None):
    """Draw small grey images with their labels, and the predictions where given.

    A panel whose prediction differs from its label is titled in red, ``"7 → 1"``.

    Args:
        images: the images, e.g. misclassified test digits.
        labels: the true label of each image.
        predictions: the predicted label of each image, or ``None``.
        ncols: panels per row.
        title: the figure's title; none when ``None``.

    Shape:
        - images: ``(N, H, W)`` or ``(N, 1, H, W)``; one panel per image.
        - labels, predictions: ``(N,)``

    Returns:
        The Figure, with exactly ``N`` axes.

    Used in: 05_cnn.
    """
    images = _as_numpy(images)
    if images.ndim == 4 and images.shape[1] == 1:
        images = images[:, 0]  # (N, H, W)
    if images.ndim != 3:
        raise ValueError(f"images has shape {images.shape}; expected (N, H, W) or (N, 1, H, W).")
    labels = _as_numpy(labels).reshape(-1)
    predictions = labels if predictions is None else _as_numpy(predictions).reshape(-1)
    if not len(images) == len(labels) == len(predictions):
        raise ValueError(
            f"images has shape {images.shape} but labels has {len(labels)} and "
            f"predictions {len(predictions)} entries; expected one per image."
        )
    fig, axes = _grid(len(images), ncols, title)
    for ax, image, label, predicted in zip(axes, images, labels, predictions, strict=True):
        ax.imshow(image, cmap="gray_r")
        wrong = int(predicted) != int(label)
        ax.set_title(
            f"{int(label)} → {int(predicted)}" if wrong else f"{int(label)}",
            color="C3" if wrong else "black",
            fontsize=9,
        )
    return fig


def _grid(count: int, ncols: int, title: str | None):
    """A figure of ``count`` bare square axes, ``ncols`` to a row; spare grid cells removed."""
    if count < 1:
        raise ValueError("nothing to draw: expected at least one panel.")
    ncols = max(1, min(ncols, count))
    nrows = math.ceil(count / ncols)
    figsize = (1.1 * ncols, 1.1 * nrows + (0.4 if title else 0))
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize, squeeze=False)
    axes = axes.ravel()
    for ax in axes[count:]:
        fig.delaxes(ax)
    for ax in axes[:count]:
        ax.set_xticks([])
        ax.set_yticks([])
    if title:
        fig.suptitle(title)
    return fig, axes[:count]


def _as_numpy(value) -> np.ndarray:
    """A tensor (any device, with gradients or not) or array-like as a float numpy array."""
    if hasattr(value, "detach"):
        value = value.detach().cpu().float().numpy()
    return np.asarray(value, dtype=np.float64)

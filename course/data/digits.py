"""scikit-learn's bundled 8x8 digits: a fixed train/test split and its ``DataLoader``s.

Nothing here downloads: the digits ship inside scikit-learn.
"""

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch.utils.data import DataLoader, TensorDataset

DIGITS_TEST_SIZE = 0.25
DIGITS_SPLIT_SEED = 0


def digits_arrays(images: bool = False):
    """The 1,797 digits split 75/25, stratified by class, the same split on every machine.

    Pixels are scaled from 0..16 to 0..1.

    Args:
        images: return each digit as an ``(8, 8)`` image instead of a flat vector.

    Returns:
        ``X_train, X_test, y_train, y_test`` as numpy arrays.

    Shape:
        - X_train: ``(1347, 64)`` float64, or ``(1347, 8, 8)`` with ``images=True``
        - X_test: ``(450, 64)`` or ``(450, 8, 8)``
        - y_train, y_test: ``(1347,)`` and ``(450,)`` int64 labels in 0..9

    Used in: 01_perceptron, 02_mlp_numpy, and through ``digits_loaders`` 04 onwards.
    """
    digits = load_digits()
    X = digits.images if images else digits.data  # (1797, 8, 8) or (1797, 64)
    X = X.astype(np.float64) / 16.0
    y = digits.target.astype(np.int64)
    return train_test_split(
        X, y, test_size=DIGITS_TEST_SIZE, stratify=y, random_state=DIGITS_SPLIT_SEED
    )


def digits_loaders(batch_size: int = 64, images: bool = False, pin_memory: bool = False):
    """Train and test ``DataLoader``s over ``digits_arrays`` as float32 tensors.

    The training loader shuffles with its own seeded generator, so batches come in
    the same order on every run whatever else drew random numbers.

    Args:
        batch_size: examples per batch.
        images: yield ``(B, 1, 8, 8)`` images for convolutional models.
        pin_memory: pin host memory for faster copies to a CUDA device.

    Shape:
        - batches of X: ``(B, 64)``, or ``(B, 1, 8, 8)`` with ``images=True``
        - batches of y: ``(B,)`` int64

    Used in: 04_pytorch_mlp onwards.
    """
    X_train, X_test, y_train, y_test = digits_arrays(images=images)
    if images:
        X_train, X_test = X_train[:, None], X_test[:, None]  # (N, 1, 8, 8)
    train = TensorDataset(torch.tensor(X_train, dtype=torch.float32), torch.tensor(y_train))
    test = TensorDataset(torch.tensor(X_test, dtype=torch.float32), torch.tensor(y_test))
    shuffle_gen = torch.Generator().manual_seed(DIGITS_SPLIT_SEED)
    return (
        DataLoader(
            train, batch_size=batch_size, shuffle=True, generator=shuffle_gen, pin_memory=pin_memory
        ),
        DataLoader(test, batch_size=batch_size, shuffle=False, pin_memory=pin_memory),
    )

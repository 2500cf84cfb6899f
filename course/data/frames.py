"""Sequences of digit images whose label lies in their order: is the first digit the larger?

Each frame is one of scikit-learn's 8x8 digits, so a model must read every frame (a CNN's
job) and remember which came first (a recurrent network's): the case for a hybrid.

Used in: 09_architecture_design.
"""

import torch

from course.data.digits import digits_arrays


def make_digit_sequences(n_samples: int, length: int = 4, split: str = "train", seed: int = 0):
    """Sequences of digit images labelled 1 when the first digit is greater than the last.

    Half of the labels are 1 (``n_samples // 2`` of them, in a random order). The first and
    last digits of a row are a pair of different digits drawn uniformly among the pairs that
    give its label; the digits between them are uniform. Each digit is then shown as a random
    image of that digit from ``split``'s images of ``course.digits_arrays`` (train and test
    share no image). Swapping a row's first and last frames flips its label and is as likely
    as the row itself, so a model that ignores the order of the frames (a mean of per-frame
    features, say) sees the same frames under both labels: at best it reaches 50% accuracy.

    Args:
        n_samples: number of sequences.
        length: frames per sequence, at least 2.
        split: ``"train"`` or ``"test"``, whose images the frames are.
        seed: seed of the ``torch.Generator`` that draws labels, digits and images.

    Returns:
        ``X, digits, y``: float32 images in [0, 1], the int64 digit of each frame, and int64
        labels in {0, 1} (``y = digits[:, 0] > digits[:, -1]``).

    Shape:
        - X: ``(n_samples, length, 1, 8, 8)``
        - digits: ``(n_samples, length)``
        - y: ``(n_samples,)``

    Used in: 09_architecture_design.
    """
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test'; got {split!r}.")
    if not isinstance(length, int) or length < 2:
        raise ValueError(f"length must be an int >= 2 (a first and a last frame); got {length!r}.")
    if not isinstance(n_samples, int) or n_samples < 1:
        raise ValueError(f"n_samples must be a positive int; got {n_samples!r}.")
    gen = torch.Generator().manual_seed(seed)
    y = (torch.arange(n_samples) % 2)[torch.randperm(n_samples, generator=gen)]  # (n,)
    digits = torch.randint(0, 10, (n_samples, length), generator=gen)  # (n, T)
    digits[:, 0], digits[:, -1] = _ends(y, gen)
    images, labels = _split_images(split)  # (N, 8, 8), (N,)
    X = images[_image_of(digits, labels, gen)]  # (n, T, 8, 8)
    return X[:, :, None], digits, y  # (n, T, 1, 8, 8), (n, T), (n,)


def _ends(y: torch.Tensor, gen) -> tuple[torch.Tensor, torch.Tensor]:
    """First and last digits: a uniform pair of different digits, the larger first where y = 1."""
    a = torch.randint(0, 10, y.shape, generator=gen)  # (n,)
    b = (a + torch.randint(1, 10, y.shape, generator=gen)) % 10  # (n,) uniform among b != a
    high, low = torch.maximum(a, b), torch.minimum(a, b)
    return torch.where(y == 1, high, low), torch.where(y == 1, low, high)


def _split_images(split: str) -> tuple[torch.Tensor, torch.Tensor]:
    """``split``'s digit images as float32 ``(N, 8, 8)`` and their int64 labels ``(N,)``."""
    X_train, X_test, y_train, y_test = digits_arrays(images=True)
    images, labels = (X_train, y_train) if split == "train" else (X_test, y_test)
    return torch.tensor(images, dtype=torch.float32), torch.tensor(labels)


def _image_of(digits: torch.Tensor, labels: torch.Tensor, gen) -> torch.Tensor:
    """For each digit, the index of a uniformly drawn image of it among ``labels``."""
    index = torch.empty_like(digits)  # (n, T)
    for d in range(10):
        where = digits == d
        pool = torch.nonzero(labels == d).flatten()  # (N_d,)
        index[where] = pool[torch.randint(0, len(pool), (int(where.sum()),), generator=gen)]
    return index

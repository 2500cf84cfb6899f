"""Token sequences whose answer lies in the order of the tokens: reversal and sortedness.

Both are small enough to train a transformer on a CPU in seconds, and neither can be solved
by counting tokens: reversing needs each position to find its mirror, and a sorted sequence
and an unsorted one hold the same tokens.

Used in: 07_transformer.
"""

import torch


def make_reversal(n_samples: int, length: int = 8, vocab_size: int = 10, seed: int = 0):
    """Random token sequences and the same sequences read backwards, a sequence-to-sequence task.

    Args:
        n_samples: number of sequences.
        length: tokens per sequence, at least 1.
        vocab_size: tokens are drawn uniformly from ``[0, vocab_size)``.
        seed: seed of the ``torch.Generator`` that draws the tokens.

    Returns:
        ``X, y`` as int64 tensors with ``y[i, t] = X[i, length - 1 - t]``.

    Shape:
        - X, y: ``(n_samples, length)``

    Used in: 07_transformer.
    """
    _check_sizes(length, vocab_size, min_length=1, min_vocab=1)
    gen = torch.Generator().manual_seed(seed)
    X = torch.randint(0, vocab_size, (n_samples, length), generator=gen)  # (n, T)
    return X, X.flip(1)  # (n, T), (n, T)


def make_sorted_sequences(n_samples: int, length: int = 10, vocab_size: int = 20, seed: int = 0):
    """Sequences labelled 1 if sorted (non-decreasing), 0 if the same tokens come shuffled.

    Every sequence starts as ``length`` uniform tokens from ``[0, vocab_size)``, sorted. The
    negatives are then shuffled by a random permutation, drawn again until the row is no
    longer sorted (a row of equal tokens is redrawn first), so a negative holds exactly the
    tokens of a sorted sequence: a bag of tokens cannot tell the classes apart, only the
    order can. Half of the labels (``n_samples // 2`` ones) are 1, in a random order.

    Args:
        n_samples: number of sequences.
        length: tokens per sequence, at least 2.
        vocab_size: number of distinct tokens, at least 2.
        seed: seed of the ``torch.Generator`` that draws tokens, labels and permutations.

    Returns:
        ``X, y``: int64 tokens and int64 labels in {0, 1} (1 = sorted).

    Shape:
        - X: ``(n_samples, length)``
        - y: ``(n_samples,)``

    Used in: 07_transformer.
    """
    _check_sizes(length, vocab_size, min_length=2, min_vocab=2)
    gen = torch.Generator().manual_seed(seed)
    X = _sorted_tokens(n_samples, length, vocab_size, gen)  # (n, T)
    y = (torch.arange(n_samples) % 2)[torch.randperm(n_samples, generator=gen)]  # (n,)
    negatives = torch.nonzero(y == 0).flatten()  # (n_neg,)
    X[negatives] = _shuffled(X[negatives], vocab_size, gen)
    return X, y


def _sorted_tokens(n_samples: int, length: int, vocab_size: int, gen) -> torch.Tensor:
    """``(n_samples, length)`` uniform tokens, each row sorted non-decreasing."""
    tokens = torch.randint(0, vocab_size, (n_samples, length), generator=gen)  # (n, T)
    return tokens.sort(dim=1).values


def _shuffled(X: torch.Tensor, vocab_size: int, gen) -> torch.Tensor:
    """Sorted rows put in a random order that is not sorted; constant rows are redrawn first."""
    constant = (X == X[:, :1]).all(dim=1)  # (n,)
    while constant.any():
        X[constant] = _sorted_tokens(int(constant.sum()), X.shape[1], vocab_size, gen)
        constant = (X == X[:, :1]).all(dim=1)
    todo = torch.ones(len(X), dtype=torch.bool)  # (n,) rows still sorted
    while todo.any():
        keys = torch.rand(int(todo.sum()), X.shape[1], generator=gen)  # (n_todo, T)
        X[todo] = X[todo].gather(1, keys.argsort(dim=1))
        todo = (X[:, 1:] >= X[:, :-1]).all(dim=1)
    return X


def _check_sizes(length: int, vocab_size: int, min_length: int, min_vocab: int) -> None:
    """A ValueError unless ``length >= min_length`` and ``vocab_size >= min_vocab``."""
    if length < min_length or vocab_size < min_vocab:
        raise ValueError(
            f"length {length} and vocab_size {vocab_size}; expected length >= {min_length} "
            f"and vocab_size >= {min_vocab}."
        )

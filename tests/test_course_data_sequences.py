"""Are the reversal and sortedness data sets deterministic, of the documented shapes, and made so
that only the order of the tokens tells the answer?"""

import pytest
import torch

from course import make_reversal, make_sorted_sequences


def _inversions(X):
    """The number of adjacent pairs that decrease, per row."""
    return (X[:, 1:] < X[:, :-1]).sum(dim=1)  # (n,)


def test_reversal_has_the_documented_shapes_dtypes_and_tokens():
    X, y = make_reversal(50, length=6, vocab_size=4)
    assert (X.shape, y.shape, X.dtype, y.dtype) == ((50, 6), (50, 6), torch.int64, torch.int64)
    assert int(X.min()) >= 0 and int(X.max()) < 4 and len(X.unique()) == 4


def test_reversal_targets_are_the_inputs_read_backwards():
    X, y = make_reversal(20)
    assert torch.equal(y[:, 0], X[:, -1]) and torch.equal(y, X.flip(1))


def test_reversal_is_repeatable_from_its_seed_and_another_seed_gives_others():
    first, second, other = make_reversal(30, seed=3), make_reversal(30, seed=3), make_reversal(30)
    assert torch.equal(first[0], second[0]) and not torch.equal(first[0], other[0])


def test_sorted_sequences_have_the_documented_shapes_dtypes_and_balanced_labels():
    X, y = make_sorted_sequences(101, length=7, vocab_size=5)
    assert (X.shape, y.shape, X.dtype, y.dtype) == ((101, 7), (101,), torch.int64, torch.int64)
    assert int(X.min()) >= 0 and int(X.max()) < 5
    assert set(y.tolist()) == {0, 1} and int(y.sum()) == 50
    assert not torch.equal(y[:50], torch.ones(50, dtype=torch.int64))  # not in blocks


def test_sorted_sequences_are_repeatable_from_their_seed():
    first, second = make_sorted_sequences(40, seed=2), make_sorted_sequences(40, seed=2)
    other = make_sorted_sequences(40)
    assert torch.equal(first[0], second[0]) and torch.equal(first[1], second[1])
    assert not torch.equal(first[0], other[0])


@pytest.mark.parametrize("length, vocab_size", [(10, 20), (2, 2), (6, 2)])
def test_positives_are_sorted_and_negatives_are_not(length, vocab_size):
    X, y = make_sorted_sequences(400, length=length, vocab_size=vocab_size)
    inversions = _inversions(X)
    assert inversions[y == 1].eq(0).all() and inversions[y == 0].ge(1).all()


def test_negatives_hold_the_tokens_of_a_sorted_sequence_in_another_order():
    X, y = make_sorted_sequences(300, length=8, vocab_size=6)
    negatives = X[y == 0]
    resorted = negatives.sort(dim=1).values  # (n_neg, T)
    assert _inversions(resorted).eq(0).all()
    assert (negatives != resorted).any(dim=1).all()


def test_negatives_are_shuffled_not_just_swapped_once():
    X, y = make_sorted_sequences(400, length=10, vocab_size=20)
    assert _inversions(X[y == 0]).float().mean() > 2


def test_sorted_sequences_refuse_sizes_that_leave_no_negative():
    with pytest.raises(ValueError, match="length 1 and vocab_size 20; expected length >= 2"):
        make_sorted_sequences(10, length=1)
    with pytest.raises(ValueError, match="vocab_size >= 2"):
        make_sorted_sequences(10, vocab_size=1)
    with pytest.raises(ValueError, match="expected length >= 1"):
        make_reversal(10, length=0)

"""Is the course's data offline, deterministic, and shaped as documented?"""
import numpy as np
import pytest
import torch

from course import digits_arrays, digits_loaders, make_blobs, make_xor


def test_digits_split_shapes_and_scale():
    X_train, X_test, y_train, y_test = digits_arrays()
    assert (X_train.shape, X_test.shape, y_train.shape, y_test.shape) == ((1347, 64), (450, 64), (1347,), (450,))
    assert X_train.min() >= 0 and X_train.max() == 1.0 and X_train.dtype == np.float64


def test_digits_images_are_8_by_8():
    assert digits_arrays(images=True)[0].shape == (1347, 8, 8)


def test_digits_split_is_stratified_and_repeatable():
    _, _, y_train, y_test = digits_arrays()
    share_test = np.bincount(y_test) / len(y_test)
    share_all = np.bincount(np.concatenate([y_train, y_test])) / (len(y_train) + len(y_test))
    assert np.all(np.abs(share_test - share_all) <= 1 / len(y_test))
    assert np.array_equal(y_test, digits_arrays()[3])


def test_digits_loaders_batches_and_order():
    train, test = digits_loaders(batch_size=32, images=True)
    X, y = next(iter(train))
    assert X.shape == (32, 1, 8, 8) and X.dtype == torch.float32 and y.dtype == torch.int64
    torch.manual_seed(123)  # the shuffle has its own generator
    again = next(iter(digits_loaders(batch_size=32, images=True)[0]))[1]
    assert torch.equal(y, again)
    assert np.array_equal(torch.cat([b for _, b in test]).numpy(), digits_arrays()[3])


def test_blobs_are_separated_by_the_margin_and_repeatable():
    X, y = make_blobs(n_samples=101, margin=0.5, seed=3)
    assert X.shape == (101, 2) and set(np.unique(y)) == {0, 1} and np.bincount(y).tolist() == [51, 50]
    signed_distance = (2 * y - 1) * (X.sum(axis=1) - 4.0) / np.sqrt(2)
    assert signed_distance.min() >= 0.5
    assert np.array_equal(X, make_blobs(n_samples=101, margin=0.5, seed=3)[0])
    assert not np.array_equal(X, make_blobs(n_samples=101, margin=0.5, seed=4)[0])


def test_xor_labels_are_the_sign_of_the_product():
    X, y = make_xor(n_samples=200, noise=0.9, seed=1)
    assert X.shape == (200, 2) and np.bincount(y).tolist() == [100, 100]
    assert np.array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(int))
    assert np.abs(X).min() >= 0.1 - 1e-12


def test_xor_refuses_noise_that_would_cross_quadrants():
    with pytest.raises(ValueError, match="noise must lie in"):
        make_xor(noise=1.5)

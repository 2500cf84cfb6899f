"""Is the course's data offline, deterministic, and shaped as documented?"""

import numpy as np
import pytest
import torch

from course import digits_arrays, digits_loaders, make_blobs, make_xor


def _epoch_labels(loader):
    return torch.cat([y for _, y in loader])  # (N,)


# digits_arrays


def test_digits_split_has_the_documented_shapes_and_dtypes():
    X_train, X_test, y_train, y_test = digits_arrays()
    assert (X_train.shape, X_test.shape, y_train.shape, y_test.shape) == (
        (1347, 64),
        (450, 64),
        (1347,),
        (450,),
    )
    assert X_train.dtype == X_test.dtype == np.float64
    assert y_train.dtype == y_test.dtype == np.int64


def test_digits_images_are_8_by_8():
    X_train, X_test, _, _ = digits_arrays(images=True)
    assert (X_train.shape, X_test.shape) == ((1347, 8, 8), (450, 8, 8))


def test_digits_images_are_the_flat_vectors_reshaped():
    assert np.array_equal(digits_arrays(images=True)[0].reshape(1347, 64), digits_arrays()[0])


def test_digits_pixels_are_scaled_into_0_1():
    X_train, X_test, _, _ = digits_arrays()
    for X in (X_train, X_test):
        assert X.min() == 0.0 and X.max() == 1.0, (X.min(), X.max())


def test_digits_labels_are_all_ten_classes():
    _, _, y_train, y_test = digits_arrays()
    assert set(np.unique(y_train)) == set(np.unique(y_test)) == set(range(10))


def test_digits_split_is_stratified_by_class():
    _, _, y_train, y_test = digits_arrays()
    y_all = np.concatenate([y_train, y_test])
    share_test = np.bincount(y_test, minlength=10) / len(y_test)  # (10,)
    share_all = np.bincount(y_all, minlength=10) / len(y_all)  # (10,)
    gap_in_examples = np.abs(share_test - share_all) * len(y_test)
    assert gap_in_examples.max() <= 1, gap_in_examples


def test_digits_split_is_the_same_on_every_call():
    first, second = digits_arrays(), digits_arrays()
    for a, b in zip(first, second, strict=True):
        assert np.array_equal(a, b)


# digits_loaders


def test_digits_loaders_yield_flat_float32_batches_and_int64_labels():
    train, test = digits_loaders(batch_size=32)
    for loader in (train, test):
        X, y = next(iter(loader))
        assert X.shape == (32, 64) and X.dtype == torch.float32
        assert y.shape == (32,) and y.dtype == torch.int64


def test_digits_loaders_yield_one_channel_images_when_asked():
    train, test = digits_loaders(batch_size=16, images=True)
    for loader in (train, test):
        X, y = next(iter(loader))
        assert X.shape == (16, 1, 8, 8) and X.dtype == torch.float32 and y.dtype == torch.int64


def test_digits_train_loader_covers_the_training_set_once_per_epoch():
    train, _ = digits_loaders(batch_size=100)
    labels = _epoch_labels(train)
    assert len(labels) == 1347
    assert np.array_equal(np.sort(labels.numpy()), np.sort(digits_arrays()[2]))


def test_digits_train_loader_shuffles():
    train, _ = digits_loaders(batch_size=100)
    assert not np.array_equal(_epoch_labels(train).numpy(), digits_arrays()[2])


def test_digits_train_order_ignores_the_global_torch_seed():
    torch.manual_seed(1)
    first = _epoch_labels(digits_loaders(batch_size=32)[0])
    torch.manual_seed(2)
    second = _epoch_labels(digits_loaders(batch_size=32)[0])
    assert torch.equal(first, second)


def test_digits_test_loader_is_not_shuffled():
    _, test = digits_loaders(batch_size=64)
    assert np.array_equal(_epoch_labels(test).numpy(), digits_arrays()[3])


# make_blobs


@pytest.mark.parametrize("n_samples", [100, 101])
def test_blobs_have_the_documented_shapes_and_balanced_labels(n_samples):
    X, y = make_blobs(n_samples=n_samples)
    assert X.shape == (n_samples, 2) and y.shape == (n_samples,) and y.dtype == np.int64
    assert set(np.unique(y)) == {0, 1}
    assert np.bincount(y).tolist() == [(n_samples + 1) // 2, n_samples // 2]


@pytest.mark.parametrize("margin", [0.0, 0.5, 1.0])
def test_blobs_lie_at_least_margin_from_the_line_on_their_class_side(margin):
    X, y = make_blobs(n_samples=200, margin=margin, seed=3)
    signed_distance = (
        (2 * y - 1) * (X.sum(axis=1) - 4.0) / np.sqrt(2)
    )  # (n,), > 0 on the class's side
    assert signed_distance.min() >= margin, signed_distance.min()
    assert np.all((X.sum(axis=1) > 4) == (y == 1))


def test_blobs_are_repeatable_by_seed_and_change_with_it():
    X, y = make_blobs(n_samples=50, seed=3)
    X_again, y_again = make_blobs(n_samples=50, seed=3)
    assert np.array_equal(X, X_again) and np.array_equal(y, y_again)
    assert not np.array_equal(X, make_blobs(n_samples=50, seed=4)[0])


# make_xor


def test_xor_has_the_documented_shapes_and_balanced_labels():
    X, y = make_xor(n_samples=200)
    assert X.shape == (200, 2) and y.shape == (200,) and y.dtype == np.int64
    assert np.bincount(y).tolist() == [100, 100]


@pytest.mark.parametrize("noise", [0.0, 0.2, 0.9])
def test_xor_labels_are_the_sign_of_the_product_and_points_keep_off_the_axes(noise):
    X, y = make_xor(n_samples=400, noise=noise, seed=1)
    assert np.array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(np.int64))
    assert np.abs(X).min() >= 0.1 - 1e-12, np.abs(X).min()  # 1 - 0.9 rounds to just below 0.1


def test_xor_is_repeatable_by_seed_and_changes_with_it():
    X, _ = make_xor(seed=2)
    assert np.array_equal(X, make_xor(seed=2)[0])
    assert not np.array_equal(X, make_xor(seed=3)[0])


@pytest.mark.parametrize("noise", [-0.1, 0.95, 1.5, float("nan")])
def test_xor_refuses_noise_that_would_cross_quadrants(noise):
    with pytest.raises(ValueError, match=rf"noise must lie in \[0, 0.9\] .*; got {noise}\."):
        make_xor(noise=noise)

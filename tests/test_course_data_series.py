"""Are the sequence tasks deterministic and built as documented: two marked values to add,
and a noisy seasonal series?"""

import numpy as np
import torch

from course import make_adding_problem, make_seasonal_series

# make_adding_problem


def test_adding_problem_has_the_documented_shapes_and_dtypes():
    X, y = make_adding_problem(5, length=12)
    assert (X.shape, X.dtype, y.shape, y.dtype) == ((5, 12, 2), torch.float32, (5,), torch.float32)


def test_adding_problem_is_the_same_for_a_seed_and_differs_for_another():
    X, y = make_adding_problem(20, seed=1)
    X_again, y_again = make_adding_problem(20, seed=1)
    X_other, _ = make_adding_problem(20, seed=2)
    assert torch.equal(X, X_again) and torch.equal(y, y_again)
    assert not torch.equal(X, X_other)


def test_each_sequence_marks_one_step_in_each_half():
    length = 11
    X, _ = make_adding_problem(500, length=length)
    marker = X[..., 1]  # (n, T)
    assert set(marker.unique().tolist()) == {0.0, 1.0}
    assert torch.equal(marker[:, : length // 2].sum(1), torch.ones(500))
    assert torch.equal(marker[:, length // 2 :].sum(1), torch.ones(500))


def test_target_is_the_sum_of_the_two_marked_values():
    X, y = make_adding_problem(300, length=20)
    values = X[..., 0]  # (n, T)
    assert float(values.min()) >= 0.0 and float(values.max()) < 1.0
    assert torch.allclose(y, (values * X[..., 1]).sum(1))


def test_predicting_the_mean_gives_the_documented_baseline_of_one_sixth():
    _, y = make_adding_problem(20000, length=10)
    assert abs(float(((y - 1.0) ** 2).mean()) - 1 / 6) < 0.01


# make_seasonal_series


def test_series_is_finite_float64_and_the_same_for_a_seed():
    x = make_seasonal_series(300, seed=4)
    assert (x.shape, x.dtype) == ((300,), np.float64)
    assert np.all(np.isfinite(x))
    assert np.array_equal(x, make_seasonal_series(300, seed=4))
    assert not np.array_equal(x, make_seasonal_series(300, seed=5))


def test_series_repeats_with_its_period():
    for period in (12, 24):
        x = make_seasonal_series(1200, period=period)
        assert np.corrcoef(x[:-period], x[period:])[0, 1] > 0.5


def test_noise_changes_the_series_and_zero_noise_leaves_it_out():
    clean = make_seasonal_series(200, noise=0.0)
    noisy = make_seasonal_series(200, noise=0.1)
    assert not np.allclose(clean, noisy)
    assert 0.05 < np.std(noisy - clean) < 0.15

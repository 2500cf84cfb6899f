"""Does the gradient check accept a right gradient and report the relative error of a wrong one?"""

import numpy as np
import pytest
import torch

from autograder import check_gradient, numeric_gradient, relative_error


def sum_of_cubes(x):
    return np.sum(x**3)


def test_numeric_gradient_matches_known_derivative():
    x = np.random.default_rng(0).standard_normal((3, 4))
    assert np.allclose(numeric_gradient(sum_of_cubes, x), 3 * x**2, rtol=1e-7, atol=1e-8)


def test_numeric_gradient_cannot_be_changed_by_a_mutating_f():
    def mutating(x):
        value = float(np.sum(x**2))
        x[...] = 100.0
        return value

    x = np.array([1.0, 2.0], dtype=np.float32)
    assert np.allclose(numeric_gradient(mutating, x), [2.0, 4.0])
    assert x.tolist() == [1.0, 2.0]


def test_numeric_gradient_accepts_torch_scalar_output():
    grad = numeric_gradient(lambda x: torch.tensor(x).pow(2).sum(), np.array([3.0]))
    assert np.allclose(grad, [6.0])


def test_relative_error_is_max_difference_over_largest_scale():
    assert relative_error([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert relative_error([3.0, 1.0], [1.0, 1.0]) == pytest.approx(2.0 / 4.0)


def test_check_gradient_passes_right_gradient():
    x = np.random.default_rng(0).standard_normal((3, 4))
    check_gradient("dx", sum_of_cubes, x, 3 * x**2)


def test_check_gradient_reports_relative_error_and_worst_index():
    x = np.array([[1.0, 2.0], [0.5, -1.0]])
    with pytest.raises(AssertionError) as info:
        check_gradient("dx", sum_of_cubes, x, 2 * x**2, hint="d(x**3)/dx = 3x**2.")
    assert str(info.value) == (
        "dx has relative error 0.2; expected at most 1e-07; worst at index (0, 1): "
        "analytic 8, numeric 12. d(x**3)/dx = 3x**2."
    )


def test_check_gradient_rejects_wrong_shape_and_nan():
    x = np.ones(3)
    with pytest.raises(AssertionError, match=r"^dx has shape \(3, 1\); expected \(3,\)\.$"):
        check_gradient("dx", sum_of_cubes, x, np.ones((3, 1)))
    with pytest.raises(AssertionError, match="^dx has relative error nan; expected at most 1e-07"):
        check_gradient("dx", sum_of_cubes, x, np.array([3.0, np.nan, 3.0]))


def test_check_gradient_reports_exception_raised_by_f():
    def broken(x):
        raise ValueError("shapes do not align")

    with pytest.raises(
        AssertionError, match=r"^dx could not be checked: f raised ValueError: shapes do"
    ):
        check_gradient("dx", broken, np.ones(2), np.ones(2))

"""Does an overflow fail with the name of what overflowed, and does autograd give the elementwise
derivatives?"""

import subprocess
import sys

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from autograder import autograd_derivative, evaluate_without_overflow

EXTREMES = np.array([-1000.0, -1.0, 0.0, 1.0, 1000.0])


def naive_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def stable_sigmoid(x):
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))


def test_evaluate_without_overflow_returns_the_value_and_allows_underflow():
    out = evaluate_without_overflow("sigmoid(x)", stable_sigmoid, EXTREMES)
    assert np.allclose(out, torch.sigmoid(torch.from_numpy(EXTREMES)).numpy())


def test_evaluate_without_overflow_passes_keyword_calls_through_a_lambda():
    assert evaluate_without_overflow("round", lambda: np.round(1.26, decimals=1)) == 1.3


def test_evaluate_without_overflow_names_the_overflow():
    with pytest.raises(AssertionError) as info:
        evaluate_without_overflow(
            "sigmoid(x) at x = ±1000", naive_sigmoid, EXTREMES, hint="Take exp of -|x| only."
        )
    assert str(info.value) == (
        "sigmoid(x) at x = ±1000 raised FloatingPointError (overflow "
        "encountered in exp); expected no overflow, division by zero or "
        "invalid value. Take exp of -|x| only."
    )


def test_evaluate_without_overflow_rejects_division_by_zero_and_invalid_values():
    with pytest.raises(AssertionError, match=r"^1 / x raised FloatingPointError \(divide by zero"):
        evaluate_without_overflow("1 / x", lambda x: 1 / x, np.zeros(2))
    with pytest.raises(AssertionError, match=r"^inf - inf raised FloatingPointError \(invalid"):
        evaluate_without_overflow("inf - inf", lambda x: x - x, np.full(2, np.inf))


def test_evaluate_without_overflow_leaves_other_errors_and_the_error_state_alone():
    def buggy():
        raise ValueError("student bug")

    before = np.geterr()
    with pytest.raises(ValueError, match="student bug"):
        evaluate_without_overflow("f(x)", buggy)
    assert np.geterr() == before


def test_autograd_derivative_matches_known_derivatives():
    x = np.linspace(-3.0, 3.0, 12).reshape(3, 4)
    assert np.allclose(autograd_derivative(torch.tanh, x), 1 - np.tanh(x) ** 2, rtol=1e-12)
    slope = autograd_derivative(lambda t: F.leaky_relu(t, 0.2), [-1.0, 0.0, 2.0])
    assert slope.dtype == np.float64 and slope.tolist() == [0.2, 0.2, 1.0]


def test_autograd_derivative_works_in_float64_under_no_grad_and_leaves_x_alone():
    x = np.array([0.1, 0.2], dtype=np.float32)
    with torch.no_grad():
        got = autograd_derivative(lambda t: t**3, x)
    assert got.dtype == np.float64
    assert np.allclose(got, 3 * x.astype(np.float64) ** 2, rtol=1e-15, atol=0)
    assert x.dtype == np.float32 and x.tolist() == np.array([0.1, 0.2], dtype=np.float32).tolist()


def test_autograd_derivative_rejects_a_function_that_is_not_elementwise():
    with pytest.raises(AssertionError) as info:
        autograd_derivative(lambda t: t.sum(dim=1), np.ones((2, 3)))
    assert str(info.value) == (
        "fn(x) has shape (2,); expected a tensor of shape (2, 3), like x. fn must be elementwise."
    )


def test_autograd_derivative_rejects_a_detached_output():
    with pytest.raises(AssertionError) as info:
        autograd_derivative(lambda t: torch.sigmoid(t).detach(), np.ones(3))
    assert str(info.value) == (
        "fn(x) does not depend on x through autograd; expected a tensor "
        "computed from x. Do not detach it or convert it to numpy."
    )


def test_autograd_derivative_rejects_a_numpy_result():
    with pytest.raises(AssertionError, match=r"^fn\(x\) is a numpy\.ndarray; expected a tensor"):
        autograd_derivative(lambda t: t.detach().numpy(), np.ones(3))


def test_autograd_derivative_needs_torch_imported_by_the_caller():
    code = (
        "import numpy, autograder\ntry:\n    autograder.autograd_derivative(abs, [1.0])\n"
        "except ImportError as err:\n    print(err)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "these checks need torch; import torch before calling them."

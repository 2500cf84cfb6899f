"""Do the activation computations behind 03's playground agree with torch, and do they show what the
playground claims (dead ReLUs, saturation)?"""

import numpy as np
import pytest
import torch
from torch import nn

from course import activation_curve, activation_report
from course.activations import ACTIVATIONS, activation_params

X = np.linspace(-4.0, 4.0, 81)  # (81,), includes 0
MODULES = {
    "sigmoid": nn.Sigmoid(),
    "tanh": nn.Tanh(),
    "relu": nn.ReLU(),
    "leaky_relu": nn.LeakyReLU(0.01),
    "elu": nn.ELU(1.0),
    "gelu": nn.GELU(),
    "gelu_tanh": nn.GELU(approximate="tanh"),
    "silu": nn.SiLU(),
    "swish": nn.SiLU(),
}


def test_every_activation_has_a_torch_module_to_compare_with():
    assert set(MODULES) == set(ACTIVATIONS)


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_values_match_torch_module(name):
    y, _ = activation_curve(name, X)
    np.testing.assert_allclose(y, MODULES[name](torch.tensor(X)).numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_derivative_matches_central_differences_away_from_zero(name):
    x = X[np.abs(X) > 0.05]  # (M,) kinks of relu, leaky_relu and elu sit at 0
    h = 1e-6
    numeric = (activation_curve(name, x + h)[0] - activation_curve(name, x - h)[0]) / (2 * h)
    np.testing.assert_allclose(activation_curve(name, x)[1], numeric, rtol=1e-6, atol=1e-8)


def test_relu_derivative_is_zero_for_negative_and_one_for_positive_inputs():
    _, dy = activation_curve("relu", X)
    assert np.all(dy[X < 0] == 0.0) and np.all(dy[X > 0] == 1.0)


def test_gelu_matches_torch_gelu_and_its_tanh_approximation_differs_slightly():
    exact, _ = activation_curve("gelu", X)
    approx, _ = activation_curve("gelu_tanh", X)
    np.testing.assert_allclose(exact, torch.nn.functional.gelu(torch.tensor(X)).numpy(), rtol=1e-12)
    assert 0 < np.abs(exact - approx).max() < 1e-3


def test_parameters_change_the_negative_side():
    _, leaky = activation_curve("leaky_relu", [-2.0], negative_slope=0.2)
    elu, _ = activation_curve("elu", [-50.0], alpha=2.5)
    np.testing.assert_allclose([leaky[0], elu[0]], [0.2, -2.5])


def test_swish_with_beta_one_is_silu_and_large_beta_approaches_relu():
    swish, _ = activation_curve("swish", X, beta=1.0)
    np.testing.assert_allclose(swish, activation_curve("silu", X)[0])
    steep, _ = activation_curve("swish", X, beta=50.0)
    np.testing.assert_allclose(steep, np.maximum(X, 0), atol=1e-2)


def test_unknown_activation_and_parameter_are_rejected_with_the_choices():
    with pytest.raises(ValueError, match="unknown activation 'relu6'; choose one of sigmoid, tanh"):
        activation_curve("relu6", X)
    with pytest.raises(TypeError, match=r"relu takes no parameters; got \['alpha'\]"):
        activation_curve("relu", X, alpha=1.0)
    assert activation_params("elu") == {"alpha": 1.0}


def test_activation_curve_keeps_the_shape_of_x():
    y, dy = activation_curve("tanh", np.zeros((2, 3)))
    assert y.shape == dy.shape == (2, 3) and y.dtype == np.float64


def test_report_shows_dying_relu_and_leaky_relu_keeps_a_gradient():
    x = np.linspace(-5.0, 5.0, 1001)  # (1001,)
    assert activation_report("relu", x)["dead_fraction"] == pytest.approx(0.5, abs=1e-2)
    assert activation_report("relu", np.linspace(-5.0, -1.0, 11))["dead_fraction"] == 1.0
    assert activation_report("leaky_relu", x)["dead_fraction"] == 0.0


def test_report_marks_sigmoid_saturated_at_the_tails_only():
    report = activation_report("sigmoid", np.array([-8.0, 0.0, 8.0]))
    assert report["saturated"].tolist() == [True, False, True]
    assert report["dead"].tolist() == [False, False, False]
    assert report["params"] == {} and report["saturated_fraction"] == pytest.approx(2 / 3)

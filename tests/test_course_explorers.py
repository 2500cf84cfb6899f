"""Do the playground computations of 03_activations_normalization agree with torch, and do they show
what the playgrounds claim (dead ReLUs, saturation, what each normalization fixes, BN's train/eval gap)?"""
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from torch import nn

from course.explorers import (ACTIVATIONS, GAP_BATCH_SIZES, activation_curve, activation_params,
                              activation_report, bn_train_eval_gap, normalization_stats)
from course.plots import plot_activation, plot_normalization

X = np.linspace(-4.0, 4.0, 81)  # (81,), includes 0
MODULES = {"sigmoid": nn.Sigmoid(), "tanh": nn.Tanh(), "relu": nn.ReLU(), "leaky_relu": nn.LeakyReLU(0.01),
           "elu": nn.ELU(1.0), "gelu": nn.GELU(), "gelu_tanh": nn.GELU(approximate="tanh"),
           "silu": nn.SiLU(), "swish": nn.SiLU()}


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
    np.testing.assert_allclose(activation_curve("swish", X, beta=1.0)[0], activation_curve("silu", X)[0])
    np.testing.assert_allclose(activation_curve("swish", X, beta=50.0)[0], np.maximum(X, 0), atol=1e-2)


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


def test_batch_norm_in_train_mode_gives_each_feature_zero_mean_unit_std():
    stats = normalization_stats(batch_size=16, shift=1.5, groups=2)
    np.testing.assert_allclose(stats["feature_mean"]["bn_train"], 0.0, atol=1e-12)
    np.testing.assert_allclose(stats["feature_std"]["bn_train"], 1.0, atol=1e-4)


def test_layer_norm_gives_each_sample_zero_mean_unit_std():
    stats = normalization_stats(batch_size=5, groups=2)
    np.testing.assert_allclose(stats["sample_mean"]["ln"], 0.0, atol=1e-12)
    np.testing.assert_allclose(stats["sample_std"]["ln"], 1.0, atol=1e-4)


def test_group_norm_gives_each_group_of_each_sample_zero_mean_unit_std():
    stats = normalization_stats(batch_size=5, groups=4)
    assert stats["group_mean"]["gn"].shape == (5, 4)
    np.testing.assert_allclose(stats["group_mean"]["gn"], 0.0, atol=1e-12)
    np.testing.assert_allclose(stats["group_std"]["gn"], 1.0, atol=1e-2)  # eps vs 2-value groups


def test_group_norm_with_one_group_is_layer_norm():
    outputs = normalization_stats(batch_size=6, groups=1)["outputs"]
    np.testing.assert_allclose(outputs["gn"], outputs["ln"], atol=1e-12)


def test_outputs_match_torch_modules_on_the_same_batch():
    stats = normalization_stats(batch_size=6, shift=0.5, groups=2, scale=2.0)
    x, outputs = torch.tensor(stats["outputs"]["input"]), stats["outputs"]  # (6, 8)
    bn = nn.BatchNorm1d(8, affine=False).double().eval()
    bn.running_mean.copy_(torch.tensor(stats["running_mean"]))
    bn.running_var.copy_(torch.tensor(stats["running_var"]))
    np.testing.assert_allclose(outputs["bn_eval"], bn(x).detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(outputs["bn_train"], bn.train()(x).detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(outputs["gn"], nn.GroupNorm(2, 8, affine=False).double()(x).detach().numpy(),
                               atol=1e-12)


def test_bn_train_eval_gap_shrinks_as_batch_size_grows():
    gaps = [bn_train_eval_gap(b) for b in (2, 8, 32, 128)]
    assert gaps == sorted(gaps, reverse=True) and gaps[0] > 4 * gaps[-1]


def test_gap_curve_covers_the_listed_batch_sizes_and_contains_this_batch_size():
    stats = normalization_stats(batch_size=16, groups=2)
    assert stats["gap_batch_sizes"].tolist() == list(GAP_BATCH_SIZES)
    assert stats["gap_curve"][GAP_BATCH_SIZES.index(16)] == stats["gap"] == bn_train_eval_gap(16)


def test_shift_moves_bn_eval_output_but_not_layer_or_group_norm():
    still, shifted = normalization_stats(8, 0.0, 2), normalization_stats(8, 2.0, 2, scale=3.0)
    for key in ("ln", "gn", "bn_train"):
        np.testing.assert_allclose(shifted["outputs"][key], still["outputs"][key], atol=1e-4)  # eps
    moved = normalization_stats(8, 2.0, 2)
    assert np.all(moved["feature_mean"]["bn_eval"] - still["feature_mean"]["bn_eval"] > 0.5)
    assert moved["gap"] > 2 * still["gap"]


def test_normalization_stats_are_repeatable_and_depend_on_the_seed():
    a, b, c = normalization_stats(seed=3), normalization_stats(seed=3), normalization_stats(seed=4)
    np.testing.assert_array_equal(a["outputs"]["input"], b["outputs"]["input"])
    assert not np.allclose(a["outputs"]["input"], c["outputs"]["input"])


def test_normalization_stats_rejects_batch_of_one_and_groups_that_do_not_divide():
    with pytest.raises(ValueError, match="batch_size is 1; batch norm in training mode needs at least 2"):
        normalization_stats(batch_size=1)
    with pytest.raises(ValueError, match="groups is 3; it must divide num_features=8"):
        normalization_stats(groups=3)


def test_plot_activation_titles_the_parameters_and_shades_the_dead_region():
    ax = plot_activation(activation_report("leaky_relu", X, negative_slope=0.0))
    labels = ax.get_legend_handles_labels()[1]
    assert ax.get_title() == "leaky_relu(negative_slope=0)"
    assert "zero gradient" in labels and "leaky_relu'(x)" in labels
    plt.close(ax.figure)


def test_plot_normalization_draws_four_panels_with_the_gap_in_a_title():
    stats = normalization_stats(batch_size=4, groups=2)
    fig = plot_normalization(stats)
    assert len(fig.axes) == 4
    assert fig.axes[2].get_title() == f"BN train vs eval mode: mean |gap| = {stats['gap']:.2f}"
    plt.close(fig)

"""Does plot_attention draw one head's weights with its tokens as ticks, plot_scaling each series
on log-log axes beside a T^slope line, and do both refuse inputs that do not fit?"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from course import plot_attention, plot_scaling

TOKENS = ["the", "film", "was", "good"]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_attention_shows_the_weights_with_a_colorbar_and_the_tokens_as_ticks():
    weights = torch.softmax(torch.randn(4, 4, requires_grad=True), dim=-1)  # (T_q, T_k)
    fig = plot_attention(weights, queries=TOKENS, keys=TOKENS, title="head 0")
    ax, colorbar = fig.axes
    assert np.allclose(ax.images[0].get_array(), weights.detach().numpy())
    assert [t.get_text() for t in ax.get_xticklabels()] == TOKENS
    assert [t.get_text() for t in ax.get_yticklabels()] == TOKENS
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("key", "query", "head 0")
    assert colorbar.get_ylabel() == "weight"


def test_attention_takes_queries_and_keys_of_different_lengths_without_labels():
    fig = plot_attention(np.full((2, 5), 0.2))
    assert fig.axes[0].images[0].get_array().shape == (2, 5)
    assert fig.axes[0].get_title() == "Attention weights"


@pytest.mark.parametrize(
    "weights, queries, keys, message",
    [
        (np.zeros((1, 4, 4)), None, None, r"weights has shape \(1, 4, 4\); expected \(T_q, T_k\)"),
        (np.zeros(4), None, None, r"weights has shape \(4,\); expected \(T_q, T_k\)"),
        (
            np.zeros((2, 4)),
            TOKENS,
            None,
            r"shape \(2, 4\) but got 4 queries; expected 2, one per row",
        ),
        (
            np.zeros((4, 3)),
            None,
            TOKENS,
            r"shape \(4, 3\) but got 4 keys; expected 3, one per column",
        ),
    ],
)
def test_attention_refuses_weights_of_another_rank_or_labels_of_another_length(
    weights, queries, keys, message
):
    with pytest.raises(ValueError, match=message):
        plot_attention(weights, queries, keys)


def test_scaling_draws_each_series_and_a_dashed_t_squared_line_through_the_first_point():
    lengths = [64, 128, 256]
    fig = plot_scaling(lengths, {"attention": [1.0, 4.2, 15.8], "linear": [2.0, 4.0, 8.0]})
    (ax,) = fig.axes
    attention, linear, reference = ax.get_lines()
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    assert np.allclose(linear.get_ydata(), [2.0, 4.0, 8.0])
    assert np.allclose(reference.get_ydata(), [1.0, 4.0, 16.0])
    assert reference.get_linestyle() == "--"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["attention", "linear", "∝ T²"]
    assert ax.get_ylabel() == "seconds"


@pytest.mark.parametrize("slope, label", [(1, "∝ T"), (3, "∝ T³"), (1.5, "∝ T^1.5")])
def test_scaling_labels_the_reference_line_with_its_slope(slope, label):
    fig = plot_scaling(np.array([10, 100]), {"a": [1.0, 2.0]}, slope=slope, ylabel="bytes")
    reference = fig.axes[0].get_lines()[-1]
    assert reference.get_label() == label
    assert np.allclose(reference.get_ydata(), [1.0, 10.0**slope])
    assert fig.axes[0].get_ylabel() == "bytes"


@pytest.mark.parametrize(
    "lengths, series, message",
    [
        ([8, 16], {"a": [1.0]}, r"series\['a'\] has 1 values; expected 2, one per length"),
        ([8, 16], {"a": [1.0, 0.0]}, r"series\['a'\] must be positive and finite"),
        ([8, 16], {"a": [1.0, float("nan")]}, r"series\['a'\] must be positive and finite"),
        ([0, 16], {"a": [1.0, 2.0]}, r"lengths must be positive and finite"),
        ([], {"a": []}, r"lengths is empty"),
        ([8, 16], {}, r"series must be a non-empty dict"),
    ],
)
def test_scaling_refuses_mismatched_lengths_and_values_a_log_axis_cannot_show(
    lengths, series, message
):
    with pytest.raises(ValueError, match=message):
        plot_scaling(lengths, series)

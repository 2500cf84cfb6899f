"""Do the convolution plots draw one panel per filter, channel or image, and refuse bad shapes?"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from course import plot_digits, plot_feature_maps, plot_filters


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _shown(fig):
    """The arrays drawn in each panel, panel by panel."""
    return [np.asarray(ax.images[0].get_array()) for ax in fig.axes]


def test_filters_draw_one_panel_per_output_channel():
    fig = plot_filters(np.zeros((12, 3, 3, 3)), ncols=5)
    assert isinstance(fig, plt.Figure)
    assert len(fig.axes) == 12


def test_filters_show_the_chosen_input_channel_of_each_kernel():
    weight = np.arange(2 * 3 * 2 * 2, dtype=float).reshape(2, 3, 2, 2)
    shown = _shown(plot_filters(weight, in_channel=1))
    assert all(np.array_equal(got, weight[k, 1]) for k, got in enumerate(shown))


def test_filters_accept_a_conv_weight_that_requires_grad():
    conv = torch.nn.Conv2d(1, 6, 3)
    assert len(plot_filters(conv.weight).axes) == 6


def test_filters_reject_a_weight_of_the_wrong_rank_naming_its_shape():
    with pytest.raises(
        ValueError, match=r"weight has shape \(6, 3, 3\); expected \(C_out, C_in, kH, kW\)"
    ):
        plot_filters(np.zeros((6, 3, 3)))


def test_filters_reject_an_input_channel_out_of_range():
    with pytest.raises(
        ValueError, match=r"in_channel 2 is out of range for weight of shape \(4, 2, 3, 3\)"
    ):
        plot_filters(np.zeros((4, 2, 3, 3)), in_channel=2)


def test_feature_maps_draw_one_panel_per_channel():
    maps = torch.randn(10, 8, 8)
    fig = plot_feature_maps(maps, ncols=4)
    assert len(fig.axes) == 10
    assert np.allclose(_shown(fig)[3], maps[3].numpy())


def test_feature_maps_reject_a_batch_naming_its_shape():
    with pytest.raises(ValueError, match=r"maps has shape \(1, 4, 8, 8\); expected \(C, H, W\)"):
        plot_feature_maps(np.zeros((1, 4, 8, 8)))


def test_digits_draw_one_panel_per_image_and_mark_mistakes():
    images = np.random.default_rng(0).random((3, 1, 8, 8))
    fig = plot_digits(images, labels=[7, 2, 5], predictions=[7, 3, 5])
    assert len(fig.axes) == 3
    assert [ax.get_title() for ax in fig.axes] == ["7", "2 → 3", "5"]


def test_digits_reject_labels_of_another_length():
    with pytest.raises(ValueError, match=r"images has shape \(2, 8, 8\) but labels has 3"):
        plot_digits(np.zeros((2, 8, 8)), labels=[1, 2, 3])


def test_digits_reject_a_single_image_naming_its_shape():
    with pytest.raises(ValueError, match=r"images has shape \(8, 8\); expected \(N, H, W\)"):
        plot_digits(np.zeros((8, 8)), labels=[1])


def test_empty_input_is_refused():
    with pytest.raises(ValueError, match="at least one panel"):
        plot_feature_maps(np.zeros((0, 8, 8)))

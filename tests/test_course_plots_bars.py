"""Does plot_grouped_bars draw one bar per model and setting, and refuse ragged values?"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course import plot_grouped_bars


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_one_container_per_model_with_its_heights_and_the_settings_as_ticks():
    values = {"ResNet": {"none": 0.99, "block 0": 0.9}, "plain": {"none": 0.98, "block 0": 0.1}}
    fig = plot_grouped_bars(values, chance=0.1, title="deleting blocks")
    (ax,) = fig.axes
    resnet, plain = ax.containers
    assert np.allclose([bar.get_height() for bar in resnet], [0.99, 0.9])
    assert np.allclose([bar.get_height() for bar in plain], [0.98, 0.1])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["none", "block 0"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["chance", "ResNet", "plain"]
    assert ax.get_title() == "deleting blocks"


def test_models_naming_other_settings_are_refused():
    with pytest.raises(ValueError, match=r"values\['plain'\] must name the settings \['a'\]"):
        plot_grouped_bars({"ResNet": {"a": 1.0}, "plain": {"b": 1.0}})


def test_an_empty_dict_is_refused():
    with pytest.raises(ValueError, match="non-empty dict"):
        plot_grouped_bars({})

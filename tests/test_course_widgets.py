"""Do the playgrounds redraw when a control changes, and work where no widget frontend runs?"""

import base64

import ipywidgets as widgets
import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from course import Explorer, activation_explorer, normalization_explorer
from tests.roundtrip import REPO


def _png(explorer):
    """The PNG the explorer's Output holds, as bytes."""
    (output,) = explorer.output.outputs
    return base64.b64decode(output["data"]["image/png"])


@pytest.fixture(scope="module")
def activations():
    return activation_explorer()


def test_activation_explorer_is_a_vbox_with_dropdown_first_sliders_and_output_last(activations):
    first, *middle, last = activations.children
    assert isinstance(activations, widgets.VBox)
    assert isinstance(first, widgets.Dropdown) and first.description == "activation"
    assert [type(c) for c in middle] == [widgets.FloatSlider] * 3
    assert [c.description for c in middle[1:]] == ["x min", "x max"]
    assert isinstance(last, widgets.Output)


def test_activation_explorer_draws_a_png_on_creation(activations):
    assert _png(activations).startswith(b"\x89PNG") and _png(activations) == activations.png
    assert activations.state["name"] == "relu"
    assert activations.state["dead_fraction"] == pytest.approx(0.5, abs=0.01)


def test_changing_the_activation_dropdown_redraws_the_output():
    explorer = activation_explorer()
    before = _png(explorer)
    explorer.children[0].value = "tanh"
    assert explorer.state["name"] == "tanh" and explorer.state["dead_fraction"] == 0.0
    assert _png(explorer) != before


def test_changing_the_activation_redraws_once_though_it_resets_the_parameter_slider():
    explorer = activation_explorer("relu")
    calls = []
    draw = explorer._draw
    explorer._draw = lambda values, fig: calls.append(values) or draw(values, fig)
    explorer.controls["activation"].value = "elu"
    assert calls == [{"activation": "elu", "param": 1.0, "x min": -5.0, "x max": 5.0}]


def test_parameter_slider_follows_the_activation():
    explorer = activation_explorer("leaky_relu")
    param = explorer.controls["param"]
    assert (param.description, param.value, param.disabled) == ("negative_slope", 0.01, False)
    explorer.controls["activation"].value = "swish"
    assert (param.description, param.value, param.min, param.max) == ("beta", 1.0, 0.1, 10.0)
    param.value = 4.0
    assert explorer.state["params"] == {"beta": 4.0}
    explorer.controls["activation"].value = "sigmoid"
    assert param.disabled and explorer.state["params"] == {}


def test_input_range_sliders_set_the_plotted_inputs_even_when_they_cross():
    explorer = activation_explorer("relu")
    explorer.controls["x max"].value = -1.0
    assert explorer.state["x"][[0, -1]].tolist() == [-5.0, -1.0]
    assert explorer.state["dead_fraction"] == 1.0
    explorer.controls["x min"].value = 3.0
    assert explorer.state["x"][[0, -1]].tolist() == [-1.0, 3.0]


def test_explorer_offers_the_figure_as_a_still_image_beside_the_widget(activations):
    bundle = activations._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]) == activations.png


def test_normalization_explorer_controls():
    explorer = normalization_explorer()
    kinds = {name: type(control) for name, control in explorer.controls.items()}
    assert kinds == {
        "batch size": widgets.IntSlider,
        "shift": widgets.FloatSlider,
        "scale": widgets.FloatSlider,
        "groups": widgets.Dropdown,
    }
    assert [c.description for c in explorer.children[:-1]] == list(kinds)
    assert isinstance(explorer, Explorer) and isinstance(explorer.children[-1], widgets.Output)


def test_normalization_explorer_redraws_with_a_smaller_gap_for_a_larger_batch():
    explorer = normalization_explorer(batch_size=4)
    before, gap = _png(explorer), explorer.state["gap"]
    explorer.controls["batch size"].value = 64
    assert explorer.state["batch_size"] == 64 and explorer.state["gap"] < gap / 2
    assert _png(explorer) != before


def test_normalization_explorer_groups_and_shift_reach_the_statistics():
    explorer = normalization_explorer()
    explorer.controls["groups"].value = 4
    assert explorer.state["group_mean"]["gn"].shape == (8, 4)
    explorer.controls["shift"].value = 2.0
    assert explorer.state["shift"] == 2.0
    assert np.all(explorer.state["feature_mean"]["bn_eval"] > 0.5)


def test_explorers_run_in_a_headless_notebook_and_leave_a_png():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "from course import activation_explorer\nactivation_explorer()"
            ),
            nbformat.v4.new_code_cell(
                "from course import normalization_explorer\nnormalization_explorer()"
            ),
        ]
    )
    resources = {"metadata": {"path": str(REPO)}}
    NotebookClient(nb, timeout=120, kernel_name="python3", resources=resources).execute()
    for cell in nb.cells:
        (output,) = [o for o in cell.outputs if o["output_type"] == "execute_result"]
        assert "image/png" in output["data"]
        assert "application/vnd.jupyter.widget-view+json" in output["data"]

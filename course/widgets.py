"""Interactive playgrounds, the ipywidgets UI: each a thin wrapper around a pure computation
(``course.activations``, ``course.normalization``) and its plot (``course.plots``).

Each playground is an ``Explorer``: its controls above an ``Output`` that holds the figure
as a PNG. A change of any control recomputes and redraws; the figure is drawn once on
creation too, so the playground shows something wherever it runs, frontend or not.
``import course`` does not import this module: ``course.activation_explorer`` and the other
names here load it on first use.

Used in: 03_activations_normalization.
"""

import base64
import io

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from course.activations import ACTIVATIONS, activation_params, activation_report
from course.normalization import normalization_stats
from course.plots import plot_activation, plot_normalization

PARAM_RANGES = {
    "negative_slope": (0.0, 1.0, 0.01),
    "alpha": (0.1, 3.0, 0.1),
    "beta": (0.1, 10.0, 0.1),
}
NO_PARAM = "(none)"
_STYLE = {"description_width": "100px"}


class Explorer(widgets.VBox):
    """Controls above an ``Output`` holding a figure; any change of a control redraws it.

    Args:
        controls: the control widgets by name, shown in this order.
        draw: ``draw(values, fig) -> state`` draws on ``fig`` from the controls' values
            (a dict by name) and returns what it computed.
        prepare: ``prepare(change)`` runs before each redraw that a control's change causes;
            changes it makes to controls cause no redraw of their own.
        figsize: the figure's size in inches.

    Attributes:
        controls: the control widgets by name.
        output: the ``Output`` widget.
        state: what the last ``draw`` returned.
        png: the last figure as PNG bytes.

    Used in: 03_activations_normalization.
    """

    def __init__(self, controls: dict, draw, prepare=None, figsize=(6.5, 3.8)):
        super().__init__()
        self.controls, self.output = dict(controls), widgets.Output()
        self.children = (*self.controls.values(), self.output)
        self.state, self.png = {}, b""
        self._draw, self._prepare, self._figsize, self._holding = draw, prepare, figsize, False
        for control in self.controls.values():
            control.observe(self.update, names="value")
        self.update()

    def values(self) -> dict:
        """The controls' current values by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, change=None):
        """Recompute and redraw from the controls' current values."""
        if self._holding:
            return
        if change is not None and self._prepare is not None:
            self._holding = True
            try:
                self._prepare(change)
            finally:
                self._holding = False
        fig = Figure(figsize=self._figsize, layout="constrained")  # no pyplot: nothing left open
        self.state = self._draw(self.values(), fig)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        self.png = buffer.getvalue()
        self.output.outputs = (
            {
                "output_type": "display_data",
                "metadata": {},
                "data": {"image/png": self._png_text(), "text/plain": "<Figure>"},
            },
        )

    def _png_text(self) -> str:
        return base64.b64encode(self.png).decode("ascii")

    def _repr_mimebundle_(self, **kwargs):
        """The widget, and the figure as a still image where no widget frontend runs."""
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["image/png"] = self._png_text()
        return bundle


def _slider(description, value, low, high, step):
    return widgets.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        continuous_update=False,
        style=_STYLE,
    )


def _configure_param(slider, name):
    """Show the parameter ``name`` takes on ``slider`` at its default, or disable the slider."""
    params = activation_params(name)
    if not params:
        slider.description, slider.disabled = NO_PARAM, True
        return
    ((key, default),) = params.items()
    low, high, step = PARAM_RANGES[key]
    slider.min, slider.max = min(slider.min, low), max(slider.max, high)  # widen, so nothing clamps
    slider.value, slider.step = default, step
    slider.min, slider.max = low, high
    slider.description, slider.disabled = key, False


def _draw_activation(values, fig):
    name, (low, high) = values["activation"], sorted((values["x min"], values["x max"]))
    high = max(high, low + 0.5)  # the sliders may cross; show at least half a unit
    params = {key: values["param"] for key in activation_params(name)}
    report = activation_report(name, np.linspace(low, high, 401), **params)  # (401,) arrays
    plot_activation(report, ax=fig.subplots())
    return report


def activation_explorer(name: str = "relu", x_min: float = -5.0, x_max: float = 5.0) -> Explorer:
    """Pick an activation, move its parameter and the input range; see it, its derivative,
    and where the gradient saturates or is zero.

    Args:
        name: the activation shown first, one of ``course.activations.ACTIVATIONS``.
        x_min, x_max: the input range shown first, within [-10, 10].

    Returns:
        An ``Explorer`` with controls ``activation`` (Dropdown), ``param`` (FloatSlider for
        negative_slope, alpha or beta; disabled for activations without one), ``x min`` and
        ``x max`` (FloatSliders). Its ``state`` is ``course.activation_report``'s dict.

    Used in: 03_activations_normalization.
    """
    activation = widgets.Dropdown(
        options=ACTIVATIONS, value=name, description="activation", style=_STYLE
    )
    param = _slider(NO_PARAM, 0.0, 0.0, 1.0, 0.01)
    _configure_param(param, name)

    def prepare(change):
        if change["owner"] is activation:
            _configure_param(param, change["new"])

    controls = {
        "activation": activation,
        "param": param,
        "x min": _slider("x min", x_min, -10.0, 10.0, 0.5),
        "x max": _slider("x max", x_max, -10.0, 10.0, 0.5),
    }
    return Explorer(controls, _draw_activation, prepare)


def _draw_normalization(values, fig):
    stats = normalization_stats(
        values["batch size"], values["shift"], values["groups"], scale=values["scale"]
    )
    plot_normalization(stats, fig=fig)
    return stats


def normalization_explorer(batch_size: int = 8, shift: float = 0.0, groups: int = 2) -> Explorer:
    """Move the batch size, a train-to-eval shift of the inputs and GroupNorm's group count;
    see feature and sample statistics after BN, LN and GN, and BN's train/eval gap.

    Args:
        batch_size: the batch size shown first, 2 to 128.
        shift: the shift shown first, -3 to 3.
        groups: the group count shown first: 1 (the same as LayerNorm), 2 or 4 (8 features).

    Returns:
        An ``Explorer`` with controls ``batch size`` (IntSlider), ``shift`` and ``scale``
        (FloatSliders) and ``groups`` (Dropdown). Its ``state`` is
        ``course.normalization_stats``'s dict.

    Used in: 03_activations_normalization.
    """
    controls = {
        "batch size": widgets.IntSlider(
            value=batch_size,
            min=2,
            max=128,
            description="batch size",
            continuous_update=False,
            style=_STYLE,
        ),
        "shift": _slider("shift", shift, -3.0, 3.0, 0.25),
        "scale": _slider("scale", 1.0, 0.25, 4.0, 0.25),
        "groups": widgets.Dropdown(
            options=[1, 2, 4], value=groups, description="groups", style=_STYLE
        ),
    }
    return Explorer(controls, _draw_normalization, figsize=(10, 7))

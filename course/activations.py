"""What an activation function does: its values, its derivative (by torch's autograd), and where
that derivative vanishes.

Used in: 03_activations_normalization, behind ``course.activation_explorer``.
"""

import numpy as np
import torch
import torch.nn.functional as F

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "gelu_tanh", "silu", "swish")
ACTIVATION_PARAMS = {
    "leaky_relu": {"negative_slope": 0.01},
    "elu": {"alpha": 1.0},
    "swish": {"beta": 1.0},
}
SATURATION_THRESHOLD = 0.05

_FUNCTIONS = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": F.relu,
    "leaky_relu": lambda x, negative_slope: F.leaky_relu(x, negative_slope),
    "elu": lambda x, alpha: F.elu(x, alpha),
    "gelu": F.gelu,
    "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"),
    "silu": F.silu,
    "swish": lambda x, beta: x * torch.sigmoid(beta * x),
}


def activation_params(name: str) -> dict:
    """The parameters ``name`` takes, with their defaults (``{}`` when it takes none).

    Used in: 03_activations_normalization.
    """
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}.")
    return dict(ACTIVATION_PARAMS.get(name, {}))


def activation_curve(name: str, x, **params):
    """An activation and its derivative at the points ``x``, the derivative by torch's autograd.

    Args:
        name: one of ``ACTIVATIONS``; ``swish`` is ``x * sigmoid(beta * x)``, so ``silu``
            is swish with ``beta=1``; ``gelu_tanh`` is GELU's tanh approximation.
        x: the inputs.
        **params: ``negative_slope`` (leaky_relu), ``alpha`` (elu) or ``beta`` (swish);
            a missing one takes its default from ``ACTIVATION_PARAMS``.

    Shape:
        - x: ``(M,)``, or any shape
        - y, dy: the shape of ``x``, float64

    Returns:
        ``(y, dy)``: numpy arrays of the function's values and of its derivative.

    Examples:
        >>> y, dy = activation_curve("relu", [-1.0, 2.0])
        >>> dy.tolist()
        [0.0, 1.0]

    Used in: 03_activations_normalization.
    """
    defaults = activation_params(name)
    unknown = set(params) - set(defaults)
    if unknown:
        takes = sorted(defaults) or "no parameters"
        raise TypeError(f"{name} takes {takes}; got {sorted(unknown)}.")
    x = torch.as_tensor(np.asarray(x, dtype=np.float64)).requires_grad_(True)
    y = _FUNCTIONS[name](x, **{**defaults, **params})
    (dy,) = torch.autograd.grad(y.sum(), x)  # each y depends on its own x only
    return y.detach().numpy(), dy.numpy()


def activation_report(name: str, x, threshold: float = SATURATION_THRESHOLD, **params) -> dict:
    """``activation_curve`` plus where the gradient dies or saturates.

    An input is *dead* where the derivative is exactly zero (no gradient flows back:
    a ReLU unit whose inputs all land there stops learning) and *saturated* where
    ``|dy| < threshold`` (the gradient shrinks each time it passes such a layer).

    Args:
        name, x, **params: as for ``activation_curve``.
        threshold: the derivative's size below which an input counts as saturated.

    Shape:
        - x, y, dy, dead, saturated: ``(M,)``
        - dead_fraction, saturated_fraction: floats in [0, 1], fractions of the M inputs

    Returns:
        A dict with keys ``name``, ``params``, ``x``, ``y``, ``dy``, ``dead``,
        ``saturated``, ``dead_fraction``, ``saturated_fraction``.

    Used in: 03_activations_normalization.
    """
    x = np.asarray(x, dtype=np.float64).ravel()  # (M,)
    y, dy = activation_curve(name, x, **params)
    dead, saturated = dy == 0, np.abs(dy) < threshold  # (M,), (M,)
    return {
        "name": name,
        "params": {**activation_params(name), **params},
        "x": x,
        "y": y,
        "dy": dy,
        "dead": dead,
        "saturated": saturated,
        "threshold": threshold,
        "dead_fraction": float(dead.mean()),
        "saturated_fraction": float(saturated.mean()),
    }

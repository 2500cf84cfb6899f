"""Does plot_decision_boundary draw the points it was given, where it was told?"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection

from course import plot_decision_boundary

X = np.array([[0.0, 0.0], [1.0, 2.0], [3.0, 1.0], [2.0, -1.0]])  # (4, 2)
y = np.array([0, 1, 1, 0])


def _above_x1_equals_1(P):
    return (P[:, 0] > 1).astype(int)  # (M,)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _scatter(ax):
    scatters = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(scatters) == 1, f"expected one scatter, found {len(scatters)}"
    return scatters[0]


def test_decision_boundary_returns_axes_scattering_exactly_the_points():
    ax = plot_decision_boundary(_above_x1_equals_1, X, y)
    assert isinstance(ax, plt.Axes)
    assert np.array_equal(np.asarray(_scatter(ax).get_offsets()), X)


def test_decision_boundary_colours_the_points_by_their_labels():
    ax = plot_decision_boundary(_above_x1_equals_1, X, y)
    assert np.array_equal(np.asarray(_scatter(ax).get_array()), y)


def test_decision_boundary_sets_the_title():
    assert plot_decision_boundary(_above_x1_equals_1, X, y, title="demo").get_title() == "demo"


def test_decision_boundary_asks_predict_about_a_grid_covering_the_points():
    seen = []

    def predict(P):
        seen.append(P.shape)
        lo, hi = P.min(axis=0), P.max(axis=0)
        assert np.all(lo <= X.min(axis=0)) and np.all(hi >= X.max(axis=0)), (lo, hi)
        return _above_x1_equals_1(P)

    plot_decision_boundary(predict, X, y, resolution=30)
    assert seen == [(30 * 30, 2)]


def test_decision_boundary_accepts_lists():
    ax = plot_decision_boundary(_above_x1_equals_1, X.tolist(), y.tolist())
    assert np.array_equal(np.asarray(_scatter(ax).get_offsets()), X)


def test_decision_boundary_draws_on_the_axes_passed_in():
    fig, ax = plt.subplots()
    assert plot_decision_boundary(_above_x1_equals_1, X, y, ax=ax) is ax
    assert len(fig.axes) == 1
    assert np.array_equal(np.asarray(_scatter(ax).get_offsets()), X)


@pytest.mark.parametrize("shape", [(4, 3), (4,), (2, 2, 2)])
def test_decision_boundary_refuses_points_not_in_the_plane_naming_the_shape(shape):
    expected = str(shape).replace("(", r"\(").replace(")", r"\)")
    with pytest.raises(ValueError, match=rf"X has shape {expected}; expected \(N, 2\)"):
        plot_decision_boundary(_above_x1_equals_1, np.zeros(shape), np.zeros(4))

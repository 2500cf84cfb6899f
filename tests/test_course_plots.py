"""Does plot_decision_boundary draw the points it was given, where it was told?"""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from course import plot_decision_boundary


def test_decision_boundary_scatters_the_points_with_a_title():
    X = np.array([[0.0, 0.0], [1.0, 2.0], [3.0, 1.0]])
    ax = plot_decision_boundary(lambda P: (P[:, 0] > 1).astype(int), X, np.array([0, 1, 1]), title="demo")
    assert np.allclose(ax.collections[-1].get_offsets(), X)
    assert ax.get_title() == "demo"
    plt.close(ax.figure)


def test_decision_boundary_draws_on_the_axes_passed_in():
    fig, ax = plt.subplots()
    assert plot_decision_boundary(lambda P: np.zeros(len(P)), np.zeros((2, 2)), np.array([0, 1]), ax=ax) is ax
    plt.close(fig)


def test_decision_boundary_refuses_points_not_in_the_plane():
    with pytest.raises(ValueError, match=r"X has shape \(4, 3\); expected \(N, 2\)"):
        plot_decision_boundary(lambda P: P[:, 0], np.zeros((4, 3)), np.zeros(4))

"""Does the activation plot title the parameters and shade where the gradient dies?"""

import matplotlib.pyplot as plt
import numpy as np

from course import activation_report, plot_activation

X = np.linspace(-4.0, 4.0, 81)  # (81,), includes 0


def test_plot_activation_titles_the_parameters_and_shades_the_dead_region():
    ax = plot_activation(activation_report("leaky_relu", X, negative_slope=0.0))
    labels = ax.get_legend_handles_labels()[1]
    assert ax.get_title() == "leaky_relu(negative_slope=0)"
    assert "zero gradient" in labels and "leaky_relu'(x)" in labels
    plt.close(ax.figure)

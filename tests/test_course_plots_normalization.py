"""Does the normalization plot draw its four panels, with batch norm's gap in a title?"""

import matplotlib.pyplot as plt

from course import normalization_stats, plot_normalization


def test_plot_normalization_draws_four_panels_with_the_gap_in_a_title():
    stats = normalization_stats(batch_size=4, groups=2)
    fig = plot_normalization(stats)
    assert len(fig.axes) == 4
    assert fig.axes[2].get_title() == f"BN train vs eval mode: mean |gap| = {stats['gap']:.2f}"
    plt.close(fig)

"""Do the profile plots draw one bar per model beside their table, latency and throughput against
the batch size, every candidate with the Pareto front sorted by cost, and refuse bad input?"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from torch import nn

from course import MLP, ResNet, plot_architecture_comparison, plot_latency_throughput, plot_pareto


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _count(model):
    return sum(p.numel() for p in model.parameters())


def test_comparison_draws_one_log_scale_bar_per_model_and_a_row_each_in_the_table():
    models = {
        "MLP": (MLP(64, (32,)), "two linear layers"),
        "ResNet": (ResNet(channels=(8, 16)), "residual stages"),
        "linear": (nn.Linear(64, 10), "one layer"),
    }
    fig = plot_architecture_comparison(models)
    bars, table = fig.axes
    widths = [bar.get_width() for bar in bars.patches]
    assert widths == [_count(module) for module, _ in models.values()]
    assert bars.get_xscale() == "log"
    labels = [t.get_text() for t in bars.get_yticklabels()]
    ticks = sorted(zip(bars.get_yticks(), labels, strict=True))
    assert [name for _, name in ticks][::-1] == list(models)  # the first model on top
    cells = table.tables[0].get_celld()
    assert [cells[0, col].get_text().get_text() for col in range(3)] == [
        "name",
        "parameters",
        "description",
    ]
    assert [cells[2, col].get_text().get_text() for col in range(3)] == [
        "ResNet",
        f"{_count(models['ResNet'][0]):,}",
        "residual stages",
    ]


@pytest.mark.parametrize(
    "models, error, message",
    [
        ({}, ValueError, "models must be a non-empty dict"),
        ({"MLP": MLP(4)}, ValueError, r"models\['MLP'\] must be a pair \(module, description\)"),
        ({"f": (len, "a function")}, TypeError, r"models\['f'\]\[0\] must be an nn.Module"),
        ({"relu": (nn.ReLU(), "no weights")}, ValueError, "every model needs parameters"),
    ],
)
def test_comparison_refuses_entries_it_cannot_draw(models, error, message):
    with pytest.raises(error, match=message):
        plot_architecture_comparison(models)


def test_latency_and_throughput_against_batch_size_on_log_x():
    sizes, seconds = [1, 8, 64], [0.001, 0.002, 0.008]
    fig = plot_latency_throughput(sizes, seconds)
    latency, throughput = fig.axes
    assert np.allclose(latency.get_lines()[0].get_ydata(), [1.0, 2.0, 8.0])  # ms
    assert np.allclose(throughput.get_lines()[0].get_ydata(), [1000.0, 4000.0, 8000.0])
    assert np.allclose(throughput.get_lines()[0].get_xdata(), sizes)
    assert latency.get_xscale() == throughput.get_xscale() == "log"
    assert "ms" in latency.get_ylabel() and "examples" in throughput.get_ylabel()


@pytest.mark.parametrize(
    "sizes, seconds, message",
    [
        ([1, 2], [0.1], "latencies has 1 values; expected 2, one per batch size"),
        ([], [], "batch_sizes has 0 values; expected at least one"),
        ([1, 0], [0.1, 0.2], "batch_sizes must be positive and finite"),
        ([1, 2], [0.1, float("nan")], "latencies must be positive and finite"),
    ],
)
def test_latency_refuses_lengths_that_differ_or_values_that_are_not_positive(
    sizes, seconds, message
):
    with pytest.raises(ValueError, match=message):
        plot_latency_throughput(sizes, seconds)


def test_pareto_scatters_every_point_and_draws_the_front_sorted_by_x():
    points = [(1e4, 0.95), (1e3, 0.90), (5e4, 0.93), (1e5, 0.99)]
    front = [(1e5, 0.99), (1e3, 0.90), (1e4, 0.95)]
    fig = plot_pareto(points, front, labels=["a", "b", "c", "d"], ylabel="accuracy")
    (ax,) = fig.axes
    (scatter,) = ax.collections
    assert np.allclose(scatter.get_offsets(), points)
    (line,) = ax.get_lines()
    assert np.allclose(line.get_xdata(), [1e3, 1e4, 1e5])
    assert np.allclose(line.get_ydata(), [0.90, 0.95, 0.99])
    assert [t.get_text() for t in ax.texts] == ["a", "b", "c", "d"]
    assert ax.get_xscale() == "log" and (ax.get_xlabel(), ax.get_ylabel()) == (
        "parameters",
        "accuracy",
    )


@pytest.mark.parametrize(
    "points, front, labels, message",
    [
        ([(1, 0.5)], [(1, 0.5)], ["a", "b"], "got 2 labels for 1 points"),
        ([1, 2, 3], [(1, 0.5)], None, r"points has shape \(3,\); expected \(N, 2\)"),
        ([(1, 0.5)], [], None, r"front has shape \(0,\); expected \(N, 2\)"),
        ([(0, 0.5)], [(1, 0.5)], None, "points needs finite values and x > 0"),
        ([(1, 0.5), (2,)], [(1, 0.5)], None, "points must be a list of \\(x, y\\) pairs"),
    ],
)
def test_pareto_refuses_points_that_are_not_pairs_or_labels_of_another_length(
    points, front, labels, message
):
    with pytest.raises(ValueError, match=message):
        plot_pareto(points, front, labels=labels)

"""Do the training plots draw the lines they were given, and refuse input they cannot draw?"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course import plot_grad_norms, plot_history, plot_lr_sweep

HISTORY = {"loss": [1.2, 0.5, 0.3], "accuracy": [0.8, 0.9, 0.95], "seconds": 1.25, "device": "cpu"}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _ydata(line):
    return np.asarray(line.get_ydata(), dtype=np.float64)


def test_history_draws_loss_and_accuracy_against_epochs_from_one():
    fig = plot_history(HISTORY)
    assert isinstance(fig, plt.Figure)
    ax_loss, ax_acc = fig.axes
    (loss_line,), (acc_line,) = ax_loss.get_lines(), ax_acc.get_lines()
    assert np.array_equal(loss_line.get_xdata(), [1, 2, 3])
    assert np.allclose(_ydata(loss_line), HISTORY["loss"])
    assert np.allclose(_ydata(acc_line), HISTORY["accuracy"])
    assert (ax_loss.get_xlabel(), ax_acc.get_ylabel()) == ("epoch", "test accuracy")


def test_history_title_names_the_device_and_the_time():
    assert plot_history(HISTORY).get_suptitle() == "3 epochs on cpu in 1.2 s"
    assert plot_history(HISTORY, title="run A").get_suptitle() == "run A"


@pytest.mark.parametrize(
    "history, message",
    [
        ({"loss": [1.0]}, "must be a dict with 'loss' and 'accuracy'"),
        ([1.0, 0.5], "must be a dict with 'loss' and 'accuracy'"),
        ({"loss": [1.0, 0.5], "accuracy": [0.9]}, "2 losses and 1 accuracies"),
        ({"loss": [], "accuracy": []}, "at least one epoch"),
        ({"loss": ["a"], "accuracy": [0.5]}, r"history\['loss'\] must be a list of numbers"),
    ],
)
def test_history_refuses_what_fit_does_not_return(history, message):
    with pytest.raises(ValueError, match=message):
        plot_history(history)


def test_history_draws_the_metric_fit_recorded_under_its_name():
    history = {"loss": [0.9, 0.4], "mse": [0.5, 0.2], "seconds": 0.5, "device": "cpu"}
    fig = plot_history(history, metric="mse")
    (mse_line,) = fig.axes[1].get_lines()
    assert np.allclose(_ydata(mse_line), history["mse"])
    assert fig.axes[1].get_ylabel() == "test mse"


def test_history_without_the_metric_names_the_keys_it_has():
    history = {"loss": [0.9], "token_accuracy": [0.5]}
    message = (
        r"with 'loss' and 'accuracy' lists, as course.fit returns; "
        r"it has 'loss', 'token_accuracy': name fit's metric"
    )
    with pytest.raises(ValueError, match=message):
        plot_history(history)
    with pytest.raises(ValueError, match="2 losses and 1 mse values"):
        plot_history({"loss": [1.0, 0.5], "mse": [0.9]}, metric="mse")


def test_lr_sweep_draws_loss_and_accuracy_on_a_log_axis_and_marks_the_best_rate():
    lrs, losses, accuracies = [1e-3, 1e-2, 1e-1, 1.0], [2.0, 0.5, 0.3, 2.5], [0.3, 0.9, 0.95, 0.1]
    fig = plot_lr_sweep(lrs, losses, accuracies)
    ax, twin = fig.axes
    loss_line, best_line = ax.get_lines()
    assert ax.get_xscale() == "log"
    assert np.allclose(loss_line.get_xdata(), lrs) and np.allclose(_ydata(loss_line), losses)
    assert np.allclose(best_line.get_xdata(), [0.1, 0.1])
    assert np.allclose(_ydata(twin.get_lines()[0]), accuracies)
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["training loss", "lowest loss at lr = 0.1", "test accuracy"]


def test_lr_sweep_leaves_diverged_runs_out_of_the_line():
    fig = plot_lr_sweep([0.01, 0.1, 1.0], [0.4, 0.2, float("nan")])
    (ax,) = fig.axes
    loss_line, best_line = ax.get_lines()
    assert np.isnan(_ydata(loss_line)[2])
    assert np.allclose(best_line.get_xdata(), [0.1, 0.1])


@pytest.mark.parametrize(
    "lrs, losses, accuracies, message",
    [
        ([0.1], [0.5], None, "got 1 learning rates and 1 losses; expected at least two runs"),
        ([0.1, 1.0], [0.5], None, "got 2 learning rates and 1 losses"),
        ([0.0, 1.0], [0.5, 0.4], None, "learning rates must be positive"),
        ([-0.1, 1.0], [0.5, 0.4], None, "learning rates must be positive"),
        ([0.1, 1.0], [0.5, 0.4], [0.9], "got 1 accuracies for 2 learning rates"),
    ],
)
def test_lr_sweep_refuses_mismatched_or_non_positive_input(lrs, losses, accuracies, message):
    with pytest.raises(ValueError, match=message):
        plot_lr_sweep(lrs, losses, accuracies)


def test_grad_norms_draws_one_labelled_line_per_model_on_a_log_axis():
    norms = {"sigmoid": [1e-6, 1e-3, 0.5], "ReLU": [0.6, 0.7, 0.5, 0.4]}
    fig = plot_grad_norms(norms)
    (ax,) = fig.axes
    sigmoid, relu = ax.get_lines()
    assert ax.get_yscale() == "log"
    assert np.array_equal(sigmoid.get_xdata(), [1, 2, 3])
    assert np.allclose(_ydata(sigmoid), norms["sigmoid"])
    assert np.array_equal(relu.get_xdata(), [1, 2, 3, 4])
    assert np.allclose(_ydata(relu), norms["ReLU"])
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["sigmoid", "ReLU"]


def test_grad_norms_labels_the_x_axis_as_asked_and_by_layer_by_default():
    assert plot_grad_norms({"a": [0.1]}).axes[0].get_xlabel() == "layer (1 = next to the input)"
    fig = plot_grad_norms({"RNN": [1e-4, 1e-2, 1.0]}, xlabel="input step t")
    assert fig.axes[0].get_xlabel() == "input step t"


@pytest.mark.parametrize(
    "norms, message",
    [
        ({}, "must be a non-empty dict"),
        ([0.1, 0.2], "must be a non-empty dict"),
        ({"a": []}, r"norms\['a'\] must be a non-empty list"),
        (
            {"a": [0.1, float("nan")]},
            r"norms\['a'\] must be a non-empty list of finite, non-negative norms",
        ),
        ({"a": [0.1, -1.0]}, "finite, non-negative"),
    ],
)
def test_grad_norms_refuses_empty_or_negative_norms(norms, message):
    with pytest.raises(ValueError, match=message):
        plot_grad_norms(norms)


def test_grad_norms_leaves_no_figure_behind_when_it_refuses():
    before = plt.get_fignums()
    with pytest.raises(ValueError):
        plot_grad_norms({"ok": [0.1], "bad": [-1.0]})
    assert plt.get_fignums() == before

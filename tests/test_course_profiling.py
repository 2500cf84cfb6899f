"""Does peak_memory measure what a function holds at its peak, and flop_count the FLOPs of a forward
pass, the model's modes left as they were?"""

import pytest
import torch
from torch import nn

from course import SmallCNN, flop_count, peak_memory

MATRIX_BYTES = 1000 * 1000 * 4  # one (1000, 1000) float32 tensor


def _one_matrix():
    matrix = torch.ones(1000, 1000)
    del matrix


def _two_matrices_at_once():
    first, second = torch.ones(1000, 1000), torch.ones(1000, 1000)
    del first, second


def _two_matrices_one_after_the_other():
    _one_matrix()
    _one_matrix()


def test_one_matrix_allocated_and_freed_peaks_at_its_size():
    assert peak_memory(_one_matrix, "cpu") == pytest.approx(MATRIX_BYTES, rel=0.1)


def test_two_matrices_alive_at_once_peak_at_twice_the_size():
    assert peak_memory(_two_matrices_at_once, torch.device("cpu")) == pytest.approx(
        2 * MATRIX_BYTES, rel=0.1
    )


def test_matrices_freed_before_the_next_is_made_peak_at_one():
    assert peak_memory(_two_matrices_one_after_the_other, "cpu") == pytest.approx(
        MATRIX_BYTES, rel=0.1
    )


def test_a_function_that_allocates_nothing_peaks_at_zero():
    matrix = torch.ones(1000, 1000)
    assert peak_memory(lambda: matrix.sum(), "cpu") < 1000


def test_peak_memory_refuses_what_it_cannot_call_or_measure():
    with pytest.raises(TypeError, match="fn must be a function of no arguments; got a Tensor"):
        peak_memory(torch.ones(3), "cpu")
    with pytest.raises(ValueError, match="measures 'cpu' or 'cuda' devices; got 'meta'"):
        peak_memory(_one_matrix, "meta")


def test_flop_count_of_a_linear_layer_is_two_per_multiply_add():
    layer = nn.Linear(30, 20)
    assert flop_count(layer, torch.zeros(5, 30)) == 2 * 5 * 30 * 20


def test_flop_count_of_a_cnn_sums_its_convolutions_and_head_and_keeps_its_mode():
    model = SmallCNN(1, num_classes=10, channels=(4, 6))
    model.features[1].eval()  # a mixed mode, which must survive
    conv1 = 2 * (8 * 8) * 4 * (1 * 9)  # per output pixel and channel, 9 multiply-adds
    conv2 = 2 * (4 * 4) * 6 * (4 * 9)
    assert flop_count(model, torch.zeros(1, 1, 8, 8)) == conv1 + conv2 + 2 * 6 * 10
    assert model.training and not model.features[1].training
    assert model.features[1].num_batches_tracked == 0  # no BatchNorm statistics updated


def test_flop_count_refuses_what_is_not_a_module():
    with pytest.raises(TypeError, match="model must be a torch.nn.Module; got a function"):
        flop_count(lambda x: x, torch.zeros(1))


def test_peak_memory_on_the_cpu_prints_nothing_under_the_cell(capfd):
    peak_memory(lambda: torch.zeros(10, 10), "cpu")
    assert capfd.readouterr().err == ""

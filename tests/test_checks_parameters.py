"""Does the parameter count count parameters only, and explain a mismatch layer by layer?"""

import pytest
import torch
from torch import nn

from autograder import check_param_count, count_parameters


def test_count_parameters_counts_batchnorm_weight_and_bias_not_running_stats():
    model = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3))
    assert (
        count_parameters(model) == 4 * 3 + 3 + 3 + 3
    )  # running mean/var and num_batches_tracked excluded


def test_count_parameters_counts_shared_weights_once():
    layer = nn.Linear(2, 2)
    assert count_parameters(nn.Sequential(layer, layer)) == 6


def test_check_param_count_passes_int_and_reference_module():
    check_param_count("model", nn.Linear(64, 10), 650)
    check_param_count("model", nn.Linear(64, 10), nn.Linear(64, 10))


def test_check_param_count_reports_counts_and_breakdown():
    model = nn.Sequential(nn.Linear(64, 10), nn.Linear(10, 10, bias=False))
    with pytest.raises(AssertionError) as info:
        check_param_count("model", model, 1300, "Add a bias to the second layer.")
    assert str(info.value) == (
        "model has 750 parameters; expected 1,300. Add a bias to the second layer.\n"
        "  per layer (got): 0.weight (10, 64) 640, 0.bias (10,) 10, "
        "1.weight (10, 10) 100"
    )


def test_check_param_count_lists_the_reference_layers_too():
    with pytest.raises(AssertionError) as info:
        check_param_count("model", nn.Linear(100, 20), nn.Linear(100, 10))
    assert str(info.value).splitlines() == [
        "model has 2,020 parameters; expected 1,010.",
        "  per layer (got): weight (20, 100) 2,000, bias (20,) 20",
        "  per layer (expected): weight (10, 100) 1,000, bias (10,) 10",
    ]


def test_check_param_count_rejects_non_module():
    with pytest.raises(
        AssertionError, match=r"^model is a torch\.Tensor; expected a torch\.nn\.Module\.$"
    ):
        check_param_count("model", torch.zeros(3), 3)


def test_check_param_count_rejects_uninitialised_lazy_module():
    with pytest.raises(AssertionError, match="^model has uninitialised .*Run one forward pass"):
        check_param_count("model", nn.LazyLinear(3), 3)

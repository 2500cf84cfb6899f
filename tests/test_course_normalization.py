"""Do the normalization statistics behind 03's playground agree with torch, and do they show
what the playground claims (what each normalization fixes, BN's train/eval gap)?"""

import numpy as np
import pytest
import torch
from torch import nn

from course import bn_train_eval_gap, normalization_stats
from course.normalization import GAP_BATCH_SIZES


def test_batch_norm_in_train_mode_gives_each_feature_zero_mean_unit_std():
    stats = normalization_stats(batch_size=16, shift=1.5, groups=2)
    np.testing.assert_allclose(stats["feature_mean"]["bn_train"], 0.0, atol=1e-12)
    np.testing.assert_allclose(stats["feature_std"]["bn_train"], 1.0, atol=1e-4)


def test_layer_norm_gives_each_sample_zero_mean_unit_std():
    stats = normalization_stats(batch_size=5, groups=2)
    np.testing.assert_allclose(stats["sample_mean"]["ln"], 0.0, atol=1e-12)
    np.testing.assert_allclose(stats["sample_std"]["ln"], 1.0, atol=1e-4)


def test_group_norm_gives_each_group_of_each_sample_zero_mean_unit_std():
    stats = normalization_stats(batch_size=5, groups=4)
    assert stats["group_mean"]["gn"].shape == (5, 4)
    np.testing.assert_allclose(stats["group_mean"]["gn"], 0.0, atol=1e-12)
    np.testing.assert_allclose(stats["group_std"]["gn"], 1.0, atol=1e-2)  # eps vs 2-value groups


def test_group_norm_with_one_group_is_layer_norm():
    outputs = normalization_stats(batch_size=6, groups=1)["outputs"]
    np.testing.assert_allclose(outputs["gn"], outputs["ln"], atol=1e-12)


def test_outputs_match_torch_modules_on_the_same_batch():
    stats = normalization_stats(batch_size=6, shift=0.5, groups=2, scale=2.0)
    x, outputs = torch.tensor(stats["outputs"]["input"]), stats["outputs"]  # (6, 8)
    bn = nn.BatchNorm1d(8, affine=False).double().eval()
    bn.running_mean.copy_(torch.tensor(stats["running_mean"]))
    bn.running_var.copy_(torch.tensor(stats["running_var"]))
    np.testing.assert_allclose(outputs["bn_eval"], bn(x).detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(outputs["bn_train"], bn.train()(x).detach().numpy(), atol=1e-12)
    gn = nn.GroupNorm(2, 8, affine=False).double()
    np.testing.assert_allclose(outputs["gn"], gn(x).detach().numpy(), atol=1e-12)


def test_bn_train_eval_gap_shrinks_as_batch_size_grows():
    gaps = [bn_train_eval_gap(b) for b in (2, 8, 32, 128)]
    assert gaps == sorted(gaps, reverse=True) and gaps[0] > 4 * gaps[-1]


def test_gap_curve_covers_the_listed_batch_sizes_and_contains_this_batch_size():
    stats = normalization_stats(batch_size=16, groups=2)
    assert stats["gap_batch_sizes"].tolist() == list(GAP_BATCH_SIZES)
    assert stats["gap_curve"][GAP_BATCH_SIZES.index(16)] == stats["gap"] == bn_train_eval_gap(16)


def test_shift_moves_bn_eval_output_but_not_layer_or_group_norm():
    still, shifted = normalization_stats(8, 0.0, 2), normalization_stats(8, 2.0, 2, scale=3.0)
    for key in ("ln", "gn", "bn_train"):
        np.testing.assert_allclose(shifted["outputs"][key], still["outputs"][key], atol=1e-4)  # eps
    moved = normalization_stats(8, 2.0, 2)
    assert np.all(moved["feature_mean"]["bn_eval"] - still["feature_mean"]["bn_eval"] > 0.5)
    assert moved["gap"] > 2 * still["gap"]


def test_normalization_stats_are_repeatable_and_depend_on_the_seed():
    a, b, c = normalization_stats(seed=3), normalization_stats(seed=3), normalization_stats(seed=4)
    np.testing.assert_array_equal(a["outputs"]["input"], b["outputs"]["input"])
    assert not np.allclose(a["outputs"]["input"], c["outputs"]["input"])


def test_normalization_stats_rejects_batch_of_one_and_groups_that_do_not_divide():
    with pytest.raises(
        ValueError, match="batch_size is 1; batch norm in training mode needs at least 2"
    ):
        normalization_stats(batch_size=1)
    with pytest.raises(ValueError, match="groups is 3; it must divide num_features=8"):
        normalization_stats(groups=3)

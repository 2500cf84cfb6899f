"""The budget checks: layer families, and latency as a ratio to a reference timed alongside."""

import pytest
import torch
import torch.nn as nn

from autograder import check_latency_ratio, check_uses, latency_ratio
from autograder.checks.budget import median_latency


def deep(width: int, depth: int) -> nn.Module:
    return nn.Sequential(*[nn.Linear(width, width) for _ in range(depth)])


def test_check_uses_passes_a_model_with_one_of_the_kinds():
    model = nn.Sequential(nn.Embedding(5, 4), nn.LSTM(4, 3, batch_first=True))
    check_uses("sequence_model", model, (nn.GRU, nn.LSTM))


def test_check_uses_names_the_layers_found_and_the_kinds_expected():
    model = nn.Sequential(nn.Flatten(), nn.Linear(4, 3), nn.ReLU())
    with pytest.raises(AssertionError) as err:
        check_uses("sequence_model", model, (nn.LSTM, nn.GRU), hint="Use a recurrent layer.")
    message = str(err.value)
    assert "uses only Flatten, Linear, ReLU" in message
    assert "one of LSTM, GRU" in message
    assert message.endswith("Use a recurrent layer.")


def test_check_uses_rejects_what_is_not_a_module():
    with pytest.raises(AssertionError, match="is a list"):
        check_uses("model", [nn.Linear(2, 2)], (nn.Linear,))


def test_a_model_ten_times_deeper_is_slower_than_the_reference_by_a_large_ratio():
    x = torch.randn(1, 64)
    small, large = deep(64, 1), deep(64, 20)
    assert latency_ratio(large, small, x) > 3
    assert latency_ratio(small, large, x) < 1


def test_check_latency_ratio_passes_within_the_limit_and_fails_beyond_it():
    x = torch.randn(1, 64)
    small, large = deep(64, 1), deep(64, 20)
    assert check_latency_ratio("design", small, large, x, limit=1.0) < 1
    with pytest.raises(AssertionError) as err:
        check_latency_ratio("design", large, small, x, limit=2.0, hint="Use fewer layers.")
    assert "design's latency at batch 1 is" in str(err.value)
    assert "at most 2 times" in str(err.value)


def test_timing_restores_the_mode_and_runs_without_gradients():
    seen = []

    class Spy(nn.Module):
        def forward(self, x):
            seen.append((self.training, torch.is_grad_enabled()))
            return x

    spy = Spy().train()
    median_latency(spy, torch.zeros(1))
    assert spy.training
    assert set(seen) == {(False, False)}

"""The budget check: latency as a ratio to a reference timed alongside."""

import pytest
import torch
import torch.nn as nn

from autograder import check_latency_ratio, latency_ratio
from autograder.checks.budget import median_latency


def deep(width: int, depth: int) -> nn.Module:
    return nn.Sequential(*[nn.Linear(width, width) for _ in range(depth)])


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

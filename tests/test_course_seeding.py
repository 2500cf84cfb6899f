"""Does seed_everything make python, numpy and torch repeat themselves?"""

import os
import random

import numpy as np
import pytest
import torch

from course import seed_everything


@pytest.fixture(autouse=True)
def restore_hash_seed(monkeypatch):
    """seed_everything sets PYTHONHASHSEED; put the test process's value back afterwards."""
    monkeypatch.delenv("PYTHONHASHSEED", raising=False)


def _draws(seed):
    rng = seed_everything(seed)
    return (
        random.random(),
        np.random.rand(3).tolist(),
        torch.rand(3).tolist(),
        rng.random(3).tolist(),
        rng.integers(0, 10**9),
    )


def test_same_seed_gives_the_same_draws_everywhere():
    assert _draws(0) == _draws(0)


def test_same_seed_repeats_after_other_draws_in_between():
    first = _draws(7)
    random.random(), np.random.rand(), torch.rand(5)
    assert _draws(7) == first


def test_another_seed_gives_other_draws_from_every_source():
    for name, a, b in zip(
        ["random", "numpy", "torch", "generator", "integers"], _draws(0), _draws(1), strict=True
    ):
        assert a != b, f"{name} gave {a} for seeds 0 and 1"


def test_seed_everything_returns_a_fresh_generator_seeded_with_the_seed():
    rng = seed_everything(5)
    assert isinstance(rng, np.random.Generator)
    assert rng.random() == np.random.default_rng(5).random()


def test_seed_everything_records_the_hash_seed():
    seed_everything(3)
    assert os.environ["PYTHONHASHSEED"] == "3"


@pytest.mark.parametrize("seed", [-1, 1.5, 0.0, True, False, "0", None])
def test_seed_everything_refuses_a_seed_that_is_not_a_non_negative_int(seed):
    with pytest.raises(ValueError, match=rf"seed must be a non-negative int; got {seed!r}\."):
        seed_everything(seed)

"""Does seed_everything make python, numpy and torch repeat themselves?"""
import random

import numpy as np
import pytest
import torch

from course import seed_everything


def _draws(seed):
    rng = seed_everything(seed)
    return random.random(), np.random.rand(), torch.rand(1).item(), rng.random()


def test_same_seed_gives_the_same_draws_everywhere():
    assert _draws(0) == _draws(0)


def test_another_seed_gives_other_draws():
    assert all(a != b for a, b in zip(_draws(0), _draws(1)))


@pytest.mark.parametrize("seed", [-1, 1.5, True, "0"])
def test_seed_everything_refuses_a_seed_that_is_not_a_non_negative_int(seed):
    with pytest.raises(ValueError, match="seed must be a non-negative int"):
        seed_everything(seed)

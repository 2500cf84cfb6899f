"""Do tolerance names resolve to (rtol, atol), do unknown ones list the valid names, and does the
standardized tolerance follow a column's conditioning?"""

import math

import numpy as np
import pytest

from autograder import (
    TOLERANCES,
    check_close,
    describe_tolerance,
    get_tolerance,
    standardized_tolerance,
)


def test_get_tolerance_resolves_names_and_pairs():
    assert get_tolerance("float32") == (1e-4, 1e-5)
    assert get_tolerance((0.1, 0)) == (0.1, 0.0)
    assert set(TOLERANCES) == {"exact", "float64", "float32", "loose"}


def test_get_tolerance_rejects_unknown_name_listing_valid_names():
    with pytest.raises(ValueError) as info:
        get_tolerance("tight")
    assert str(info.value) == (
        "unknown tolerance 'tight'; expected one of 'exact', 'float64', "
        "'float32', 'loose' or an (rtol, atol) pair."
    )


@pytest.mark.parametrize("tol", [(1e-3,), (-1.0, 0.0), 0.5, ("a", "b")])
def test_get_tolerance_rejects_malformed_pairs(tol):
    with pytest.raises(ValueError, match="^tolerance "):
        get_tolerance(tol)


def test_describe_tolerance_shows_name_rtol_and_atol():
    assert describe_tolerance("float64") == "'float64' (rtol=1e-07, atol=1e-09)"
    assert describe_tolerance((0.01, 0)) == "(rtol=0.01, atol=0)"


def _standardized_exactly(x):
    """(x - mean) / std with sums rounded once (math.fsum): a faithful, other summation order."""
    mean = math.fsum(x) / len(x)
    return (x - mean) / math.sqrt(math.fsum((v - mean) ** 2 for v in x) / len(x))


def _offset_column(seed):
    return 5e5 + 1e-2 * np.random.default_rng(seed).normal(size=40)  # (40,) offset 5e5, std 0.01


def test_another_summation_order_of_an_ill_conditioned_column_needs_the_standardized_tolerance():
    failed = 0
    for seed in range(10):
        x = _offset_column(seed)
        expected = (x - x.mean()) / x.std()
        check_close("exact sums", _standardized_exactly(x), expected, standardized_tolerance(x))
        try:
            check_close("exact sums", _standardized_exactly(x), expected)
        except AssertionError:
            failed += 1
    assert failed, "numpy's sums and exact sums agreed within 'float64' on every column"


@pytest.mark.parametrize(
    ("mistake", "column"),
    [
        ("std + 1e-8", 1e-6 * np.random.default_rng(1).normal(size=30)),
        ("std + 1e-8", _offset_column(2)),
        ("sqrt(mean(x**2) - mean**2)", 1e7 + 2.0 * np.random.default_rng(3).normal(size=30)),
    ],
)
def test_the_standardized_tolerance_still_fails_a_wrong_formula(mistake, column):
    mean = column.mean()
    spread = {
        "std + 1e-8": column.std() + 1e-8,
        "sqrt(mean(x**2) - mean**2)": np.sqrt(np.mean(column**2) - mean**2),
    }[mistake]
    with pytest.raises(AssertionError):
        check_close(
            mistake,
            (column - mean) / spread,
            (column - mean) / column.std(),
            standardized_tolerance(column),
        )


def test_a_well_conditioned_or_constant_column_keeps_the_tolerance_given():
    assert standardized_tolerance(np.random.default_rng(4).normal(size=50)) == (1e-7, 1e-9)
    assert standardized_tolerance(np.full(5, 3.0), "float32") == (1e-4, 1e-5)

"""Do tolerance names resolve to (rtol, atol), and do unknown ones list the valid names?"""

import pytest

from autograder import TOLERANCES, describe_tolerance, get_tolerance


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

import pytest

pytest.register_assert_rewrite("tests.roundtrip")

import matplotlib

matplotlib.use("Agg")


def pytest_generate_tests(metafunc):
    """Give round-trip tests one case per mutant and per alternative solution of their class."""
    for name, attribute in (("mutant", "MUTANTS"), ("alternative", "ALTERNATIVES")):
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, list(getattr(metafunc.cls, attribute)))

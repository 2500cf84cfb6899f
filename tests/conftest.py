import functools

import matplotlib
import pytest

pytest.register_assert_rewrite("tests.roundtrip", "tests.browser")
matplotlib.use("Agg")


SLOWEST_FILES = 8
_seconds_by_file: dict[str, float] = {}
_round_trips: dict[str, dict[str, float]] = {}  # test file -> where its round trip's time went


def pytest_configure(config):
    """nbval's kernels, like every kernel the course starts, listen on private IPC sockets.

    nbgrader runs the ``alembic`` program each time it makes a gradebook, only to read the
    newest revision of its own schema: 2.6 s of CPU, and the suite makes 37 gradebooks. Within
    one test process the answer cannot change, so nbgrader asks once."""
    import nbgrader.api
    import nbval.kernel

    from autograder.pipeline.kernels import SyncIPCKernelManager

    nbval.kernel.KernelManager = SyncIPCKernelManager
    nbgrader.api.get_alembic_version = functools.cache(nbgrader.api.get_alembic_version)


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::")[0]
    _seconds_by_file[path] = _seconds_by_file.get(path, 0.0) + report.duration
    for name, value in report.user_properties:
        if name == "round_trip_seconds":
            _round_trips[path] = value


def pytest_terminal_summary(terminalreporter):
    """The test files that took longest (setup, calls and teardown summed over their tests)."""
    slowest = sorted(_seconds_by_file.items(), key=lambda item: -item[1])[:SLOWEST_FILES]
    if slowest:
        terminalreporter.section(f"slowest {len(slowest)} test files")
        for path, seconds in slowest:
            terminalreporter.write_line(f"{seconds:8.1f} s  {path}")
    if _round_trips:
        terminalreporter.section(
            "round trips: seconds by nbgrader, the fast path's reference, its edits"
        )
        for path, seconds in sorted(_round_trips.items()):
            terminalreporter.write_line(
                f"{seconds['real']:8.1f} {seconds['reference']:8.1f} {seconds['edits']:8.1f}  {path}"
            )


def pytest_generate_tests(metafunc):
    """Give round-trip tests one case per mutant, per alternative solution and per expected hint of
    their class."""
    from tests.roundtrip import RoundTrip

    if metafunc.cls is None or not issubclass(metafunc.cls, RoundTrip):
        return  # other tests may have parameters of these names
    for name, attribute in (("mutant", "MUTANTS"), ("alternative", "ALTERNATIVES")):
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, list(getattr(metafunc.cls, attribute)))
    if "message" in metafunc.fixturenames:
        messages = [
            (mutant, grade_id, text)
            for mutant, expected in metafunc.cls.MESSAGES.items()
            for grade_id, text in expected.items()
        ]
        metafunc.parametrize("message", messages, ids=[f"{m}-{g}" for m, g, _ in messages])

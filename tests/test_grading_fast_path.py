"""The fast path of the round trips (``autograder.resume``): what each cell binds and reads,
which cells a change reaches, and that a broken fast path disagrees with nbgrader."""

import nbformat
import pytest

from autograder.pipeline.execute import GradingExecute
from autograder.resume import grader as fast
from autograder.resume.execute import PlanAbandoned, Recording, ResumeExecute, SnapshotMismatch
from autograder.resume.names import cell_names
from autograder.resume.plan import Plan, make_plan
from autograder.resume.server import SnapshotServer
from tests.roundtrip import (
    REPO,
    Edit,
    copy_course,
    disagreements,
    edited,
    fast_grade,
    grade,
    reference_submission,
)


def test_cell_names_separate_what_a_cell_binds_from_what_it_reads_first():
    names = cell_names(
        "import numpy as np\n"
        "x = np.ones(3)\n"
        "def f(a=q):\n"
        "    return a + g + x\n"
        "model.fc = f(x) + y\n"
        "y = [i * r for i in range(2)]\n"
    )
    assert names.binds == {"np", "x", "f", "model", "y"}
    assert names.reads == {"q", "g", "model", "y", "r", "range"}
    assert names.lazy["f"] == {"g", "x"}
    assert names.constants == {"np", "f"}
    assert not names.opaque


def test_a_loop_target_read_in_its_body_is_not_read_from_outside():
    assert "kind" not in cell_names("for kind in ('a', 'b'):\n    print(kind)\n").reads


@pytest.mark.parametrize(
    "source", ["exec('x = 1')", "globals()['x'] = 1", "%time x = 1", "from m import *", "x = ("]
)
def test_cells_that_reach_the_namespace_unseen_are_opaque(source):
    assert cell_names(source).opaque


CELLS = [
    "import numpy as np",
    "def double(x):\n    return 2 * x",
    "def half(x):\n    return x / 2",
    "data = np.arange(4)",
    "assert (double(data) == 2 * data).all()",
    "assert (half(data) == data / 2).all()",
    "total = double(3)",
]


def test_an_unchanged_submission_has_no_plan():
    assert make_plan(CELLS, list(CELLS)) == Plan(None)


def test_a_change_runs_the_cells_it_reaches_and_skips_the_others():
    changed = [*CELLS]
    changed[1] = "def double(x):\n    return x + x"
    plan = make_plan(CELLS, changed)
    assert plan.start == 1
    assert plan.changed == {1, 4, 6}
    assert plan.run == {1, 3, 4, 6}  # cell 3 binds the data they read
    assert 5 not in plan.run


def test_a_reached_cell_no_graded_cell_needs_is_dead():
    changed = [*CELLS]
    changed[1] = "def double(x):\n    return x + x"
    plan = make_plan(CELLS, changed, graded={4, 5})
    assert plan.dead == {6}  # binds total, which no graded cell reads
    assert plan.run == {1, 3, 4}


def test_a_reached_cell_whose_result_a_graded_cell_reads_runs():
    cells = [*CELLS, "assert total == 6"]
    changed = [*cells]
    changed[1] = "def double(x):\n    return x + x"
    plan = make_plan(cells, changed, graded={4, 5, 7})
    assert plan.dead == set()
    assert plan.run == {1, 3, 4, 6, 7}


def test_a_reached_cell_that_mutates_what_a_graded_cell_reads_runs():
    cells = [
        "data = [1, 2]",
        "def grow(xs):\n    xs.append(3)",
        "grow(data)",
        "assert len(data) == 3",
    ]
    changed = [*cells]
    changed[1] = "def grow(xs):\n    xs.append(4)"
    plan = make_plan(cells, changed, graded={3})
    assert plan.dead == set()
    assert 2 in plan.run


def test_data_a_changed_cell_may_mutate_is_checked_before_a_skipped_reader():
    cells = ["data = [1, 2]", "def grow(xs):\n    xs.append(3)", "grow(data)", "print(len(data))"]
    changed = [*cells]
    changed[1] = "def grow(xs):\n    xs.append(4)"
    plan = make_plan(cells, changed)
    assert plan.changed == {1, 2}
    assert plan.checks[3] == {"data"}


def test_an_opaque_cell_after_the_change_makes_every_cell_run():
    changed = [*CELLS, "exec('y = 1')"]
    changed[2] = "def half(x):\n    return x * 0.5"
    plan = make_plan([*CELLS, "exec('y = 1')"], changed)
    assert plan.run == set(range(2, len(changed)))


# The agreement test's own check: a fast path broken on purpose disagrees with nbgrader.
SETUP = "00_setup"
MUTANTS = {
    "mean_not_subtracted": [
        Edit("standardize", "return (X - mean) / safe_std", "return X / safe_std")
    ],
    "sample_std": [Edit("standardize", "std = X.std(axis=0)", "std = X.std(axis=0, ddof=1)")],
}


@pytest.fixture(scope="module")
def setup_grades(tmp_path_factory):
    reference = reference_submission(SETUP)
    edits = {name: edited(reference, changes) for name, changes in MUTANTS.items()}
    root = copy_course(tmp_path_factory.mktemp(SETUP))
    real = grade(root, SETUP, {"reference": reference, **edits})
    return root, reference, edits, real


def test_the_fast_path_agrees_with_nbgrader_on_mutants(setup_grades):
    root, reference, edits, real = setup_grades
    graded, _ = fast_grade(root, SETUP, reference, edits)
    assert disagreements(graded, real, ["reference", *MUTANTS]) == []


def test_a_fast_path_that_skips_what_a_change_reaches_disagrees(setup_grades, monkeypatch):
    root, reference, edits, real = setup_grades

    def changed_cell_only(reference_cells, cells, immutable=None, graded=None):
        plan = make_plan(reference_cells, cells, immutable, graded)
        if plan.start is None:
            return plan
        return Plan(plan.start, frozenset({plan.start}), frozenset({plan.start}), {})

    monkeypatch.setattr(fast, "make_plan", changed_cell_only)
    graded, _ = fast_grade(root, SETUP, reference, edits)
    assert disagreements(graded, real, list(MUTANTS))


def test_a_kernel_forked_before_the_snapshot_cell_is_caught(setup_grades, monkeypatch):
    root, reference, edits, _ = setup_grades
    snapshot = SnapshotServer.snapshot
    monkeypatch.setattr(SnapshotServer, "snapshot", lambda self, at: snapshot(self, 0))
    with pytest.raises(SnapshotMismatch, match="holds the generators"):
        fast_grade(root, SETUP, reference, edits)


@pytest.mark.parametrize(
    ("source", "seeds"),
    [
        ('"""a test"""\ntorch.manual_seed(0)\nx = torch.randn(3)', {"torch"}),
        ("rng = course.seed_everything(0)", {"torch", "numpy", "random"}),
        ("np.random.seed(1)\nrandom.seed(2)", {"numpy", "random"}),
        ("x = torch.randn(3)\ntorch.manual_seed(0)", set()),  # drew first
        ("rng.seed(3)", set()),  # a generator of its own
    ],
)
def test_a_cell_seeds_the_generators_its_first_statements_seed(source, seeds):
    assert cell_names(source).seeds == seeds


def test_autograde_version_restores_the_hidden_tests_and_keeps_the_solutions():
    source = fast.read_notebook(fast.Path(REPO), "source", SETUP)
    submission = reference_submission(SETUP)
    cells = [c for c in submission.cells if c.cell_type == "code"]
    test_cell = next(c for c in cells if c.metadata.get("nbgrader", {}).get("grade"))
    test_cell.source = "pass  # the student deleted the test"
    solution = next(c for c in cells if c.metadata.get("nbgrader", {}).get("solution"))
    solution.source += "\n# the student's own line"
    version = fast.autograde_version(submission, source)
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in version.cells}
    original = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in source.cells}
    test_id = test_cell.metadata["nbgrader"]["grade_id"]
    assert by_id[test_id].source == original[test_id].source
    assert "BEGIN HIDDEN TESTS" in "".join(c.source for c in version.cells)
    assert by_id[solution.metadata["nbgrader"]["grade_id"]].source.endswith("own line")


# After a dead cell, the generators' states are unknown until a cell seeds them.
DIGESTS = {"torch": "t0", "numpy": "n0", "random": "r0"}
MOVED = {**DIGESTS, "torch": "t1"}


def resumed(sources: list[str], plan: Plan, digests: list[dict]) -> list[str]:
    """Run ``sources`` through ``ResumeExecute`` with no kernel: a run cell's probes answer
    ``digests`` in turn; return the probe calls made."""
    recording = Recording(
        outputs={i: [] for i in range(len(sources))},
        before=dict.fromkeys(range(len(sources)), DIGESTS),
        after={i: MOVED for i in range(len(sources))},  # every reference cell drew from torch
        states=dict.fromkeys(range(len(sources)), "state"),
    )
    executor = ResumeExecute().setup("socket", {i: i for i in range(len(sources))}, plan, recording)
    answers, calls = iter(digests), []

    async def probe(call):
        calls.append(call)
        return next(answers) if call == "rng_digests()" else True

    async def ran(self, cell, *args, **kwargs):
        return cell

    executor._probe = probe
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(GradingExecute, "async_execute_cell", ran)
        for i, source in enumerate(sources):
            executor.execute_cell(nbformat.v4.new_code_cell(source), i)
    return calls


def test_a_cell_that_draws_after_a_dead_cell_gives_the_plan_up():
    plan = Plan(0, frozenset({0, 1}), frozenset({0}), {}, dead=frozenset({1}))
    with pytest.raises(PlanAbandoned, match="a cell that did not run"):
        resumed(["f = 1", "demo = f", "x = torch.randn(3)"], plan, [MOVED])


def test_a_cell_that_seeds_first_after_a_dead_cell_keeps_the_plan():
    plan = Plan(0, frozenset({0, 1}), frozenset({0}), {}, dead=frozenset({1}))
    sources = ["f = 1", "demo = f", "course.seed_everything(0)\nx = torch.randn(3)"]
    calls = resumed(sources, plan, [MOVED])
    assert calls[-1].startswith("set_rng(")  # the skipped cell's draws are replayed


def test_a_running_cell_that_draws_after_a_dead_cell_gives_the_plan_up():
    plan = Plan(0, frozenset({0, 1, 2}), frozenset({0, 2}), {}, dead=frozenset({1}))
    with pytest.raises(PlanAbandoned, match="code cell 2 draws from the torch"):
        resumed(["f = 1", "demo = f", "x = f + torch.randn(3)"], plan, [MOVED, DIGESTS, MOVED])

"""The mutation-score tool (``make mutation-score``): its operators, its draw, and one small
assignment scored end to end. The scores of the course's own assignments are a benchmark, not a
test."""

import nbformat
import pytest

from autograder.mutation.operators import mutations
from autograder.mutation.sample import draw
from autograder.mutation.score import mutant, read_equivalents
from autograder.pipeline.cells import cells_by_grade_id
from autograder.pipeline.course_api import course_api, generate_release
from autograder.pipeline.course_copy import reference_submission
from autograder.resume.grader import FastGrader
from autograder.tools.mutation_score import score_assignment, summary
from tests.roundtrip import copy_course

SOLUTION = '''def clip_scale(x):
    """Twice ``x``, clipped to [0, 10]."""
    ### BEGIN SOLUTION
    y = 2 * np.asarray(x, dtype=float)
    print("scaling")
    return np.clip(y, 0, 10)
    ### END SOLUTION
'''
TEST = "assert np.allclose(clip_scale([1.0, 2.0]), [2.0, 4.0])"


def changes(source: str, operator: str) -> set[str]:
    """What ``operator`` makes of the region of ``source``, each mutant's changed text."""
    return {m.new for m in mutations("cell", source) if m.operator == operator}


def region(code: str) -> str:
    body = "".join(f"    {line}\n" for line in code.splitlines())
    return f"def f(x, model):\n    ### BEGIN SOLUTION\n{body}    ### END SOLUTION\n"


@pytest.mark.parametrize(
    "code, operator, expected",
    [
        ("y = x + 1", "delete", {"pass"}),
        ("x = model(x)", "duplicate", {"x = model(x)\n    x = model(x)"}),
        ("y = model(x)", "duplicate", set()),
        (
            "model.h = model(model.h)",
            "duplicate",
            {"model.h = model(model.h)\n    model.h = model(model.h)"},
        ),
        ("model.h = model(x)", "duplicate", set()),
        ("y += x", "duplicate", {"y += x\n    y += x"}),
        ("model.step()", "duplicate", {"model.step()\n    model.step()"}),
        ("y = x[:, -1]", "constant", {"-2", "0"}),
        ("y = x.sum(dim=1)", "constant", {"0", "2"}),
        ("y = x.mean() * 0.5", "constant", {"1.0", "0.25"}),
        ("y = x - model", "operator", {"x + model"}),
        ("y = x < model", "operator", {"x <= model"}),
        ("y = x - model", "swap", {"model - x"}),
        ("y = torch.cat(x, model)", "swap", {"torch.cat(model, x)"}),
        ("y = torch.softmax(x, dim=-1)", "keyword", {"torch.softmax(x)"}),
        ("y = model(x).detach()", "chain", {"model(x)"}),
        ("model.eval()", "chain", {"model"}),
        (
            "with torch.no_grad():\n    y = model(x)\n    z = y",
            "unwrap",
            {"y = model(x)\n    z = y"},
        ),
    ],
)
def test_each_operator_makes_its_change(code, operator, expected):
    assert changes(region(code), operator) == expected


def test_commutative_operators_and_docstrings_are_left_alone():
    source = region('"""A docstring."""\ny = x + model\nz = x * model')
    assert changes(source, "swap") == set()
    assert "pass" not in {m.new for m in mutations("cell", source) if m.old.startswith('"""')}


def test_only_the_solution_region_changes_and_the_rest_keeps_its_text():
    source = "scale = 3  # setup\n" + region("y = x * 2  # double")
    found = mutations("cell", source)
    assert found and all(m.line > 2 for m in found)
    mutated = next(m for m in found if m.operator == "constant").apply(source)
    assert mutated.startswith("scale = 3  # setup\n") and "# double" in mutated


def test_a_mutation_refuses_a_cell_that_has_changed():
    m = mutations("cell", region("y = x + 1"))[0]
    with pytest.raises(ValueError, match="does not match the cell"):
        m.apply(region("y = x + 2"))


def test_draw_is_fixed_by_its_seed_and_spread_over_every_operator():
    found = mutations("cell", SOLUTION) + mutations("other", region("y = x - model"))
    groups = {(m.operator, m.grade_id) for m in found}
    assert len(found) > len(groups)
    drawn = draw(found, len(groups), seed=1)
    assert drawn == draw(found, len(groups), seed=1) != draw(found, len(groups), seed=2)
    assert {(m.operator, m.grade_id) for m in drawn} == groups  # one of each
    assert draw(found, None) == found


def test_equivalents_file_needs_a_reason_on_every_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("# reviewed\ncell:delete:0123abcd  a print: no test reads stdout\n")
    assert read_equivalents(path) == {"cell:delete:0123abcd": "a print: no test reads stdout"}
    path.write_text("cell:delete:0123abcd\n")
    with pytest.raises(ValueError, match="has no reason"):
        read_equivalents(path)


def tiny_assignment(root, name: str) -> None:
    """``source/<name>``: one solution cell and one graded test cell that checks it loosely."""
    meta = {"schema_version": 3, "locked": False, "task": False}
    nb = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    nb.cells = [
        nbformat.v4.new_code_cell("import numpy as np"),
        nbformat.v4.new_code_cell(
            SOLUTION,
            metadata={"nbgrader": {**meta, "grade": False, "solution": True, "grade_id": "clip"}},
        ),
        nbformat.v4.new_code_cell(
            TEST,
            metadata={
                "nbgrader": {
                    **meta,
                    "locked": True,
                    "grade": True,
                    "solution": False,
                    "points": 1,
                    "grade_id": "test_clip",
                }
            },
        ),  # fmt: skip
    ]
    (root / "source" / name).mkdir()
    nbformat.write(nb, root / "source" / name / f"{name}.ipynb")


@pytest.fixture(scope="module")
def tiny_course(tmp_path_factory):
    """A copy of the course with the small assignment ``tiny``, released."""
    root = copy_course(tmp_path_factory.mktemp("mutation") / "course")
    tiny_assignment(root, "tiny")
    generate_release(course_api(str(root)), "tiny")
    return root


def test_a_small_assignment_scores_its_killed_equivalent_and_surviving_mutants(tiny_course):
    root = tiny_course
    found = {m.diff(): m for m in mutations("clip", SOLUTION)}
    printed = found['clip line 5: print("scaling")  ->  pass']
    result = score_assignment(root, "tiny", None, 0, 2, 30, {printed.id: "a print"})
    killed = {o.mutation.diff() for o in result.outcomes if o.killed}
    assert "clip line 4: 2  ->  3" in killed  # doubles no more: the test sees it
    assert result.equivalent == [printed] and printed not in [o.mutation for o in result.outcomes]
    survivors = {m.diff() for m in result.survivors}
    assert "clip line 6: 10  ->  11" in survivors  # the test never reaches the clip
    lines = summary(result, 1.0, {printed.id: "a print", "clip:delete:00000000": "gone"})
    assert lines[0].startswith(f"tiny: {result.killed}/{len(result.outcomes)} mutants killed")
    assert ", 1 marked equivalent," in lines[0]
    assert any("clip line 6: 10  ->  11" in line for line in lines[1:])
    assert lines[-1] == "  stale equivalent clip:delete:00000000: no such mutant now"


def test_a_mutant_that_runs_past_the_time_out_is_marked_timed_out_and_loses_the_points(
    tiny_course,
):
    root = tiny_course
    reference = reference_submission(root, "tiny")
    loops = mutant(reference, mutations("clip", SOLUTION)[0])
    forever = "    while True:\n        pass\n    print("
    cells_by_grade_id(loops)["clip"].source = SOLUTION.replace("    print(", forever)
    results = FastGrader(root, "tiny", reference, timeout=2).grade(
        {"reference": reference, "loops": loops}
    )
    assert (results["reference"].timed_out, results["reference"].scores) == (
        False,
        {"test_clip": 1.0},
    )
    assert (results["loops"].timed_out, results["loops"].scores) == (True, {"test_clip": 0.0})

"""The committed notebooks: release/ is what nbgrader makes of source/, and both stay clean."""

import ast
import re

import nbformat
import pytest

from autograder.pipeline.cells import grade_id, is_graded_test, nbgrader_meta
from autograder.pipeline.course_api import course_api, generate_release
from autograder.resume.names import cell_names
from autograder.tools.release import assignments
from tests.roundtrip import REPO, copy_course

ASSIGNMENTS = assignments(str(REPO))
NOTEBOOKS = sorted((REPO / "source").glob("*/*.ipynb")) + sorted(
    (REPO / "release").glob("*/*.ipynb")
)


def test_every_assignment_has_a_release():
    assert assignments(str(REPO)) == sorted(
        p.name for p in (REPO / "release").iterdir() if p.is_dir()
    )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_committed_release_matches_generated_release(tmp_path, assignment):
    root = copy_course(tmp_path)
    generate_release(course_api(str(root)), assignment)
    for generated in (root / "release" / assignment).iterdir():
        committed = REPO / "release" / assignment / generated.name
        assert committed.exists(), (
            f"release/{assignment}/{generated.name} is missing: run `make release`"
        )
        if generated.suffix == ".ipynb":
            same = nbformat.read(generated, as_version=4) == nbformat.read(committed, as_version=4)
        else:
            same = generated.read_bytes() == committed.read_bytes()
        assert same, (
            f"release/{assignment}/{generated.name} is stale: run `make release` and commit it"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(REPO)))
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not dirty, f"cells {dirty} of {path.name} have outputs or execution counts; clear them"


# Names of the course's own working documents, which no student has seen: "seed 000", "the seeds'
# recipe", "the seed model", a class ``SeedBlock``. Words about random seeds stay allowed.
INTERNAL_WORDS = re.compile(
    r"\bseeds?\s*\d{3}\b|\bseeds?'s?(?=\s)|\bseed_?(?:model|mlp|architecture|block|design|"
    r"reference|style)\b|(?-i:\bSeed[A-Z]\w*)|\bthe seeds\b(?! of\b)",
    re.IGNORECASE,
)
STUDENT_FACING = [*NOTEBOOKS, REPO / "README.md"]


def internal_words(text: str) -> list[str]:
    """The lines of ``text`` that name the course's working documents."""
    return [line.strip() for line in text.splitlines() if INTERNAL_WORDS.search(line)]


@pytest.mark.parametrize("path", STUDENT_FACING, ids=lambda p: str(p.relative_to(REPO)))
def test_student_facing_text_names_no_internal_document(path):
    if path.suffix == ".ipynb":
        text = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells)
    else:
        text = path.read_text()
    found = internal_words(text)
    assert found == [], (
        f"{path.relative_to(REPO)} names documents students have not seen, in {found}; name the "
        "model by what it is (\"the basic block of He et al., 2016\")"
    )


@pytest.mark.parametrize(
    ("line", "internal"),
    [
        ("Seed 000's `ResidualBlock(in_channels, out_channels)`", True),
        ("The seeds' recipe is AdamW", True),
        ("as the seeds write it", True),
        ("check on the seed's version", True),
        ("seed_model = build_mlp()", True),
        ("class SeedBlock(nn.Module):", True),
        ("(seed 002, as in BERT)", True),
        ("torch.manual_seed(0)  # the same seed gives the same output", False),
        ("Averaged over seeds, dropout helps; the spread from seed to seed", False),
        ("course.seed_everything(0) seeds every random generator", False),
        ("rng = np.random.default_rng(seed=3)", False),
    ],
)
def test_internal_words_are_told_from_words_about_random_seeds(line, internal):
    assert bool(internal_words(line)) == internal


def _exercises(nb):
    """Each solution cell's grade id with the graded cells that follow it; a manually graded
    answer (a solution cell that is graded itself) is graded by hand, not by tests."""
    exercises = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and meta.get("grade"):
            continue
        if meta.get("solution"):
            current = exercises.setdefault(meta["grade_id"], [])
        elif meta.get("grade"):
            current.append(cell)
    return exercises


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_exercise_has_graded_cells_with_hidden_tests(assignment):
    nb = nbformat.read(REPO / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    for exercise, tests in _exercises(nb).items():
        assert tests, f"exercise {exercise} has no graded cell"
        assert any("### BEGIN HIDDEN TESTS" in cell.source for cell in tests), (
            f"exercise {exercise} has no hidden test"
        )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_graded_cells_open_with_a_one_line_docstring(assignment):
    nb = nbformat.read(REPO / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    for cell in nb.cells:
        if is_graded_test(cell):
            first = cell.source.splitlines()[0]
            assert first.startswith('"""') and first.endswith('"""') and len(first) > 6, (
                f"graded cell {cell.metadata['nbgrader']['grade_id']} must open with a one-line docstring"
            )


# One definition of each helper. A helper is a name that a graded test cell binds with ``def``,
# ``async def``, ``class`` or ``name = lambda ...`` in its top-level code: at the cell's top level
# or inside its top-level if/for/while/with/try/match blocks, which bind module-level names too;
# definitions inside a function or class are local and do not count. Each helper is defined in one
# graded cell of a notebook. A cell that uses another cell's helper (without binding the name
# itself) does so in its hidden tests only, after the defining cell, and the definition sits in a
# hidden region that holds the first statement after the defining cell's docstring, so that no
# failing visible check can skip it. A cell's own hidden helper is used in its hidden tests only.
HIDDEN_BEGIN, HIDDEN_END = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"  # nbgrader's delimiters
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _hidden_regions(source: str) -> list[tuple[int, int]]:
    """``(first, last)`` line numbers (1-based, delimiters included) of each hidden region."""
    regions, start = [], None
    for number, line in enumerate(source.split("\n"), start=1):
        if start is None and HIDDEN_BEGIN in line:
            start = number
        elif start is not None and HIDDEN_END in line:
            regions.append((start, number))
            start = None
    return regions + ([(start, source.count("\n") + 1)] if start is not None else [])


def _inside(line: int, regions) -> bool:
    return any(first <= line <= last for first, last in regions)


def _top_level_definitions(tree: ast.Module):
    """``(name, line)`` of each def, class and ``name = lambda`` outside functions and classes."""
    pending = list(tree.body)
    while pending:
        node = pending.pop(0)
        if isinstance(node, DEFINITIONS):
            yield node.name, node.lineno
        elif (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Lambda)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            yield node.targets[0].id, node.lineno
        else:  # the statements inside a compound statement's blocks
            for field in ("body", "orelse", "finalbody"):
                pending += getattr(node, field, [])
            for block in getattr(node, "handlers", []) + getattr(node, "cases", []):
                pending += block.body


def _bound_names(tree: ast.Module) -> set[str]:
    """Every name the cell binds anywhere: assignments, loop targets, imports, defs, arguments."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.add(node.id)
        elif isinstance(node, DEFINITIONS):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return names


def helper_problems(nb) -> list[str]:
    """What breaks the one-definition rule above, one sentence each (empty: nothing)."""
    cells = [
        (grade_id(cell), ast.parse(cell.source), _hidden_regions(cell.source))
        for cell in nb.cells
        if is_graded_test(cell)
    ]
    problems, defined = [], {}  # helper name -> (index of its cell, line)
    for index, (gid, tree, _) in enumerate(cells):
        for name, line in _top_level_definitions(tree):
            if name in defined and defined[name][0] != index:
                first = cells[defined[name][0]][0]
                problems.append(
                    f"{name} is defined in graded cells {first} and {gid}; expected "
                    "one definition, in a hidden region at the top of the first cell "
                    "that uses it, or a check in autograder.checks"
                )
            defined.setdefault(name, (index, line))
    for index, (_, tree, _) in enumerate(cells):
        bound = _bound_names(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in defined:
                problems += _use_problems(cells, index, node, defined[node.id], bound)
    return list(dict.fromkeys(problems))


def _use_problems(cells, index: int, node: ast.Name, definition, bound) -> list[str]:
    """What is wrong with cell ``index`` using the helper ``node.id`` defined at ``definition``."""
    (gid, _, regions), (home, line) = cells[index], definition
    home_id, home_tree, home_regions = cells[home]
    hidden_use = _inside(node.lineno, regions)
    if home == index:
        hidden_definition = _inside(line, regions)
        if hidden_definition and not hidden_use:
            return [f"{gid} uses its hidden helper {node.id} in visible code (line {node.lineno})"]
        return []
    if node.id in bound:  # the cell's own name, which happens to match another cell's helper
        return []
    if home > index:
        return [f"{gid} uses {node.id}, which the later graded cell {home_id} defines"]
    if not hidden_use:
        return [f"{gid} uses {node.id} of {home_id} in visible code (line {node.lineno})"]
    # a seeding call (course.seed_everything(0)) cannot fail: the helper may come after it
    checks = [s for s in home_tree.body[1:] if not cell_names(ast.unparse(s)).seeds]
    after_docstring = checks[0].lineno if checks else 0
    if not any(
        first <= after_docstring <= last and first <= line <= last for first, last in home_regions
    ):
        return [
            f"{node.id}, which {gid} uses, must be defined in {home_id}'s hidden region right "
            "after its docstring, before any visible check"
        ]
    return []


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_each_helper_is_defined_once_and_shared_only_from_hidden_tests(assignment):
    nb = nbformat.read(REPO / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    assert helper_problems(nb) == []


def _graded(gid: str, *lines: str):
    metadata = {"nbgrader": {"grade": True, "solution": False, "grade_id": gid, "points": 1}}
    return nbformat.v4.new_code_cell("\n".join(lines), metadata=metadata)


def test_helper_rule_rejects_a_reference_pasted_into_two_cells():
    nb = nbformat.v4.new_notebook(
        cells=[
            _graded(
                "test_a",
                '"""a"""',
                "check(f(1))",
                "### BEGIN HIDDEN TESTS",
                "def reference(x):",
                "    return 2 * x",
                "check(reference(1))",
                "### END HIDDEN TESTS",
            ),
            _graded(
                "test_b",
                '"""b"""',
                "### BEGIN HIDDEN TESTS",
                "if True:",
                "    def reference(x):",
                "        return 2 * x",
                "check(reference(2))",
                "### END HIDDEN TESTS",
            ),
        ]
    )
    assert helper_problems(nb) == [
        "reference is defined in graded cells test_a and test_b; expected one definition, in a "
        "hidden region at the top of the first cell that uses it, or a check in autograder.checks"
    ]


def test_helper_rule_rejects_a_shared_reference_below_visible_checks_or_used_in_visible_code():
    nb = nbformat.v4.new_notebook(
        cells=[
            _graded(
                "test_a",
                '"""a"""',
                "check(f(1))",
                "### BEGIN HIDDEN TESTS",
                "def reference(x):",
                "    return x",
                "### END HIDDEN TESTS",
            ),
            _graded(
                "test_b",
                '"""b"""',
                "check(reference(1))",
                "### BEGIN HIDDEN TESTS",
                "check(reference(2))",
                "### END HIDDEN TESTS",
            ),
        ]
    )
    assert helper_problems(nb) == [
        "test_b uses reference of test_a in visible code (line 2)",
        "reference, which test_b uses, must be defined in test_a's hidden region right after its "
        "docstring, before any visible check",
    ]


def test_helper_rule_rejects_a_helper_used_before_the_cell_that_defines_it():
    nb = nbformat.v4.new_notebook(
        cells=[
            _graded(
                "test_a",
                '"""a"""',
                "### BEGIN HIDDEN TESTS",
                "check(reference(2))",
                "### END HIDDEN TESTS",
            ),
            _graded(
                "test_b",
                '"""b"""',
                "### BEGIN HIDDEN TESTS",
                "reference = lambda x: x",
                "### END HIDDEN TESTS",
            ),
        ]
    )
    assert helper_problems(nb) == [
        "test_a uses reference, which the later graded cell test_b defines"
    ]


def test_helper_rule_accepts_a_reference_at_the_top_of_the_first_cell_and_local_names():
    nb = nbformat.v4.new_notebook(
        cells=[
            _graded(
                "test_a",
                '"""a"""',
                "course.seed_everything(0)",  # cannot fail: the helper is still defined first
                "### BEGIN HIDDEN TESTS",
                "def reference(x):",
                "    def step(y):",
                "        return y",
                "    return step(x)",
                "### END HIDDEN TESTS",
                "check(f(1))",
            ),
            _graded(
                "test_b",
                '"""b"""',
                "step = 3",
                "check(f(step))",
                "### BEGIN HIDDEN TESTS",
                "check(reference(2))",
                "### END HIDDEN TESTS",
            ),
        ]
    )
    assert helper_problems(nb) == []


def heading_points(nb) -> list[tuple[str, int, float]]:
    """``(heading, points it states, points of the graded cells under it)`` for each markdown
    heading that states "(N points)"; a heading's cells run to the next heading of its level
    or above."""
    open_headings, found = [], []  # open_headings: [level, title, stated, counted]
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if heading := re.match(r"^(#+)\s+(.*)$", line):
                    level = len(heading.group(1))
                    while open_headings and open_headings[-1][0] >= level:
                        found.append(open_headings.pop())
                    stated = re.search(r"\((\d+) points?\)", heading.group(2))
                    open_headings.append([level, heading.group(2), stated and int(stated[1]), 0.0])
        elif nbgrader_meta(cell).get("grade"):
            for heading in open_headings:
                heading[3] += nbgrader_meta(cell).get("points", 0)
    found += open_headings
    return [(title, stated, counted) for _, title, stated, counted in found if stated is not None]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_heading_states_the_points_of_the_cells_beneath_it(assignment):
    nb = nbformat.read(REPO / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    wrong = [
        f"{t!r} says {s}, its graded cells total {c:g}" for t, s, c in heading_points(nb) if s != c
    ]
    assert wrong == []


def test_heading_points_count_only_the_cells_beneath_each_heading():
    def graded(points):
        meta = {
            "nbgrader": {
                "grade": True,
                "solution": False,
                "grade_id": f"t{points}",
                "points": points,
            }
        }
        return nbformat.v4.new_code_cell("", metadata=meta)

    md = nbformat.v4.new_markdown_cell
    nb = nbformat.v4.new_notebook(
        cells=[
            md("## A (3 points)"),
            graded(1),
            md("### A.1"),
            graded(2),
            md("## B (1 point)"),
            graded(4),
        ]
    )
    assert heading_points(nb) == [("A (3 points)", 3, 3.0), ("B (1 point)", 1, 4.0)]

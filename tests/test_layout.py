"""The grading code's layout: the checks and the guard, which run in a student's kernel, never
reach for the instructor's pipeline or nbgrader."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "autograder"
IN_KERNEL = ("checks", "guard")  # what a notebook's kernel imports
FORBIDDEN = (
    "autograder.pipeline",
    "autograder.tools",
    "nbgrader",
    "nbconvert",
    "nbclient",
    "jupyter_client",
)


def imported_names(path: Path) -> set[str]:
    """Every module that ``path`` imports, at any depth of its code, as a dotted name."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
    return names


def forbidden(names: set[str]) -> set[str]:
    return {n for n in names if any(n == f or n.startswith(f + ".") for f in FORBIDDEN)}


@pytest.mark.parametrize(
    "path",
    sorted(
        [
            PACKAGE / "__init__.py",
            *(p for part in IN_KERNEL for p in (PACKAGE / part).rglob("*.py")),
        ]
    ),
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_no_module_of_the_checks_or_guard_imports_the_pipeline(path):
    assert forbidden(imported_names(path)) == set(), (
        f"{path.relative_to(PACKAGE)} imports the grading pipeline"
    )


def test_the_import_check_sees_a_forbidden_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "def f():\n    from autograder.pipeline import batch\n    import nbgrader.api\n"
    )
    assert forbidden(imported_names(module)) == {
        "autograder.pipeline",
        "autograder.pipeline.batch",
        "nbgrader.api",
    }


def test_importing_autograder_and_its_guard_loads_no_pipeline():
    code = (
        "import sys, autograder, autograder.guard; autograder.guard.snapshot(); "
        "print(' '.join(sorted(sys.modules)))"
    )
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "autograder.checks.values" in loaded
    assert forbidden(loaded) == set()


def test_every_subpackage_holds_only_its_own_concern():
    parts = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert parts == {"checks", "guard", "mutation", "pipeline", "resume", "tools"}
    assert sorted(p.name for p in PACKAGE.glob("*.py")) == ["__init__.py", "__main__.py"]


def test_the_grading_benchmark_finds_the_course_folder():
    from autograder.tools import grading_benchmark

    assert (grading_benchmark.REPO / "jupyter_config.py").is_file()

"""A course folder's copy and its reference submissions, for tests and benchmarks of grading."""

import shutil
from pathlib import Path

import nbformat

from autograder.pipeline.cells import cells_by_grade_id, is_solution

COURSE_FILES = ("jupyter_config.py", "nbgrader_config.py", "pyproject.toml", "source", "release")


def copy_course(src: Path, dest: Path) -> Path:
    """Copy what nbgrader needs of the course at ``src`` into ``dest`` (made if missing)."""
    Path(dest).mkdir(parents=True, exist_ok=True)
    for name in COURSE_FILES:
        path = Path(src) / name
        (shutil.copytree if path.is_dir() else shutil.copy)(path, Path(dest) / name)
    return Path(dest)


def read_notebook(root: Path, folder: str, assignment: str):
    """``<root>/<folder>/<assignment>/<assignment>.ipynb``."""
    return nbformat.read(Path(root) / folder / assignment / f"{assignment}.ipynb", as_version=4)


def reference_submission(root: Path, assignment: str):
    """The release notebook with every solution cell filled in from the source."""
    nb = read_notebook(root, "release", assignment)
    source = cells_by_grade_id(read_notebook(root, "source", assignment))
    for grade_id, cell in cells_by_grade_id(nb).items():
        if is_solution(cell):
            cell.source = source[grade_id].source
    return nb

"""Does ``course`` offer every helper under one import style, list them all in ``__all__``, and
leave ipywidgets unimported until a notebook asks for a playground?"""

import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import course
import course.plots
from tests.roundtrip import REPO

WIDGETS = ("Explorer", "activation_explorer", "normalization_explorer")


def _public_helpers(module):
    """The functions, classes and constants ``module`` offers, without the submodules."""
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }


def test_all_is_sorted_and_every_name_in_it_resolves():
    assert course.__all__ == sorted(course.__all__)
    missing = [name for name in course.__all__ if not hasattr(course, name)]
    assert missing == []


def test_all_lists_every_helper_course_offers_and_every_plot():
    assert _public_helpers(course) - set(course.__all__) == set()
    assert set(course.plots.__all__) <= set(course.__all__)
    assert set(WIDGETS) <= set(course.__all__) and set(WIDGETS) <= set(dir(course))


def test_import_course_leaves_ipywidgets_unimported_until_a_playground_is_asked_for():
    code = (
        "import sys, course; before = 'ipywidgets' in sys.modules; "
        "from course import activation_explorer; "
        "print(before, 'ipywidgets' in sys.modules, "
        "course.Explorer is course.widgets.Explorer)"
    )
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True, env=env
    )
    assert result.stdout.split() == ["False", "True", "True"]


def test_an_unknown_name_is_an_attribute_error_naming_it():
    with pytest.raises(AttributeError, match="module 'course' has no attribute 'plot_nothing'"):
        course.plot_nothing  # noqa: B018


def _course_names(source: str) -> tuple[list[str], list[str]]:
    """Names a cell takes from ``course`` (``course.X``, ``from course import X``) and the
    ``from course.<module> import`` lines it has."""
    used = re.findall(
        r"\bcourse\.(\w+)", re.sub(r"^from course\.\w+ import.*$", "", source, flags=re.M)
    )
    for grouped, line in re.findall(
        r"^from course import (?:\(([^)]*)\)|([^#\n]+))", source, flags=re.M
    ):
        used += [name.strip() for name in (grouped or line).split(",") if name.strip()]
    return used, re.findall(r"^from course\.[\w.]+ import .*$", source, flags=re.M)


@pytest.mark.parametrize("path", sorted((REPO / "source").glob("*/*.ipynb")), ids=lambda p: p.stem)
def test_notebooks_take_every_helper_from_course_itself(path: Path):
    cells = nbformat.read(path, as_version=4).cells
    used, module_imports = [], []
    for cell in cells:
        if cell.cell_type == "code":
            names, lines = _course_names(cell.source)
            used, module_imports = used + names, module_imports + lines
    assert module_imports == [], "write these imports as `from course import ...`"
    assert sorted(set(used) - set(course.__all__)) == []

"""The Colab badge and setup cell: one template, one repository URL, in every release notebook."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.pipeline import colab, course_copy
from autograder.pipeline.course_api import course_api, generate_release
from autograder.tools.release import assignments
from tests.roundtrip import copy_course, read_notebook

REPO = Path(__file__).resolve().parents[1]
HOME = colab.course_home(REPO)


@pytest.mark.parametrize("assignment", assignments(str(REPO)))
def test_every_release_notebook_opens_with_the_badge_and_the_setup_cell(assignment):
    cells = read_notebook("release", assignment).cells
    expected = colab.setup_cells(HOME, assignment)
    assert [(c.cell_type, c.source) for c in cells[:2]] == [
        (c.cell_type, c.source) for c in expected
    ]
    assert HOME.colab_url(assignment) in cells[0].source
    assert not any(colab.is_generated(cell) for cell in cells[2:])
    assert not any(colab.is_generated(c) for c in read_notebook("source", assignment).cells), (
        "the setup cell belongs to the release step, not to the source"
    )


def test_colab_url_opens_the_release_notebook_at_the_tag():
    home = colab.Home("nn-architectures", "https://github.com/someone/fork", "v2.1.0")
    assert home.colab_url("05_cnn") == (
        "https://colab.research.google.com/github/someone/fork/blob/v2.1.0/"
        "release/05_cnn/05_cnn.ipynb"
    )
    assert not home.is_placeholder
    assert HOME.is_placeholder == ("/OWNER/" in HOME.repository)


def test_a_repository_url_colab_cannot_open_is_refused_by_name():
    home = colab.Home("nn-architectures", "https://gitlab.com/someone/fork", "v0.1.0")
    with pytest.raises(ValueError, match="gitlab.com/someone/fork.*not https://github.com"):
        home.badge("00_setup")


def test_a_pyproject_without_a_repository_url_is_refused(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "1.0"\n')
    with pytest.raises(ValueError, match=r"sets no \[project.urls\] Repository"):
        colab.course_home(tmp_path)


def test_readme_badges_are_those_the_release_step_writes():
    text = (REPO / "README.md").read_text()
    assert colab.readme_badges(HOME, assignments(str(REPO))) in text, (
        "README's Colab badges are stale: run `make release`"
    )


def test_release_builds_cells_and_badges_from_the_url_set_in_pyproject(tmp_path):
    root = copy_course(tmp_path / "course")
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace(HOME.repository, "https://github.com/a/b"))
    generate_release(course_api(str(root)), "00_setup")
    badge, setup = course_copy.read_notebook(root, "release", "00_setup").cells[:2]
    assert "colab.research.google.com/github/a/b/blob/" in badge.source
    assert f"git+https://github.com/a/b@{HOME.tag}" in setup.source
    readme = tmp_path / "README.md"
    shutil.copy(REPO / "README.md", readme)
    colab.update_readme(readme, colab.course_home(root), ["00_setup"])
    assert "github/a/b/blob/" in readme.read_text()
    assert "github/OWNER/" not in readme.read_text().split(colab.README_BEGIN)[1]


def test_setup_cell_outside_colab_installs_nothing_and_says_so(tmp_path):
    setup = colab.setup_cells(HOME, "00_setup")[1].source
    fake_pip = tmp_path / "pip_was_called"
    guarded = f"import subprocess\nsubprocess.run = lambda *a, **k: open({str(fake_pip)!r}, 'w')\n"
    result = subprocess.run(
        [sys.executable, "-c", guarded + setup], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "Not on Colab: using the course package installed locally."
    assert not fake_pip.exists()


def test_update_readme_refuses_a_readme_without_the_block(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# A course\n")
    with pytest.raises(ValueError, match="has no block between"):
        colab.update_readme(readme, HOME, ["00_setup"])
    assert readme.read_text() == "# A course\n"

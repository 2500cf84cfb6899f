"""environment.yml is the single source of truth; the pip install reads the same pins."""

import importlib.util

import pytest
import yaml

from tests.roundtrip import REPO

spec = importlib.util.spec_from_file_location("requirements", REPO / ".ci" / "requirements.py")
requirements = importlib.util.module_from_spec(spec)
spec.loader.exec_module(requirements)


def _yaml_pip_list(text):
    dependencies = yaml.safe_load(text)["dependencies"]
    return next(item["pip"] for item in dependencies if isinstance(item, dict))


def test_pip_requirements_match_what_conda_reads():
    text = (REPO / "environment.yml").read_text()
    assert requirements.pip_requirements(text) == _yaml_pip_list(text)


def test_torch_is_pinned_exactly():
    assert "torch==2.13.0" in requirements.pip_requirements((REPO / "environment.yml").read_text())


def test_pip_requirements_reads_a_list_that_ends_the_file_and_ignores_comments():
    text = (
        "dependencies:\n  - python=3.11\n  - pip:\n"
        "      - numpy  # arrays\n      # a comment\n      - 'torch==2.13.0'\n"
    )
    assert requirements.pip_requirements(text) == _yaml_pip_list(text) == ["numpy", "torch==2.13.0"]


def test_pip_requirements_refuses_a_file_without_pip_list():
    with pytest.raises(SystemExit, match="no `- pip:` list"):
        requirements.pip_requirements("dependencies:\n  - python=3.11\n")

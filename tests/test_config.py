"""jupyter_config.py is the one place course settings live, for nbgrader and for JupyterLab."""

import os
import subprocess
import sys

import nbformat

from tests.roundtrip import REPO, cells_by_grade_id, copy_course


def _run(command, cwd, **env):
    path = os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]
    return subprocess.run(
        command,
        cwd=cwd,
        env={**os.environ, "PATH": path, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_nbgrader_run_from_course_root_obeys_jupyter_config(tmp_path):
    root = copy_course(tmp_path)
    config = root / "jupyter_config.py"
    config.write_text(
        config.read_text().replace(
            '"# YOUR CODE HERE\\nraise NotImplementedError()"',
            '"# WRITE YOUR ANSWER BELOW\\nraise NotImplementedError()"',
        )
    )
    result = _run(["nbgrader", "generate_assignment", "00_setup", "--force"], cwd=root)
    assert result.returncode == 0, result.stderr
    release = nbformat.read(root / "release" / "00_setup" / "00_setup.ipynb", as_version=4)
    stub = cells_by_grade_id(release)["standardize"].source
    assert "# WRITE YOUR ANSWER BELOW" in stub and "# YOUR CODE HERE" not in stub


def test_nbgrader_config_only_loads_jupyter_config():
    lines = [
        line for line in (REPO / "nbgrader_config.py").read_text().splitlines() if line.strip()
    ]
    assert len(lines) == 1 and lines[0].startswith('load_subconfig("jupyter_config.py")')


def test_lab_command_reads_jupyter_config():
    result = _run(["make", "--no-print-directory", "-s", "lab", "ARGS=--show-config"], cwd=REPO)
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.split("Loaded config files:")[1].split("\n\n")[0]
    assert str(REPO / "jupyter_config.py") in loaded
    assert "nn-architectures" in result.stdout  # CourseDirectory.course_id from jupyter_config.py

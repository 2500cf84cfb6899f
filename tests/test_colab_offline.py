"""The release notebooks as Colab runs them, offline.

A fresh virtual environment holds what Colab ships (torch, numpy, matplotlib, scikit-learn,
ipywidgets and a kernel) and a stand-in ``google.colab`` that its kernel imports at start, as
Colab's does. The course is not installed: each release notebook's setup cell installs it from a
local git repository of this working tree at the release's tag (``git+file://``), and the
notebook then runs through its first exercise in that kernel.
"""

import hashlib
import json
import shutil
import subprocess
import venv
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.pipeline import colab
from autograder.pipeline.cells import is_graded_test
from autograder.pipeline.kernels import IPCKernelManager
from autograder.tools.release import assignments
from tests.roundtrip import reference_submission

REPO = Path(__file__).resolve().parents[1]
COLAB_SHIPS = [
    "torch==2.13.0",
    "numpy",
    "matplotlib",
    "scikit-learn",
    "ipywidgets",
    "ipykernel",
    "tqdm",
    "tokenizers",
]  # what Colab's runtime holds of the course's requirements
COLAB_LACKS = {"torchinfo"}  # small pure-Python requirements that the setup cell installs
KERNEL = "colab-standin"
STAND_IN = '"""A stand-in for Colab\'s own package: only its presence matters to the course."""\n'


def run(*command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{command} failed:\n{result.stderr[-3000:]}"
    return result


def site_packages(env: Path) -> Path:
    return next((env / "lib").glob("python3*/site-packages"))


def torch_fingerprint(env: Path) -> str:
    """torch's version and the hash of its installed files' list: changes if pip touches torch."""
    (dist,) = site_packages(env).glob("torch-*.dist-info")
    return dist.name + hashlib.sha256((dist / "RECORD").read_bytes()).hexdigest()


def tagged_repository(dest: Path, tag: str) -> Path:
    """A git repository of this working tree's files (tracked and new, not ignored) at ``tag``."""
    listed = run("git", "ls-files", "-co", "--exclude-standard", "-z", cwd=REPO).stdout
    for name in filter(None, listed.split("\0")):
        if (REPO / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, dest / name)
    git = ["git", "-c", "user.name=course", "-c", "user.email=course@localhost", "-C", str(dest)]
    run(*git[:-2], "init", "-q", str(dest))
    run(*git, "add", "-A")
    run(*git, "commit", "-q", "-m", "release")
    run(*git, "tag", tag)
    return dest


@pytest.fixture(scope="module")
def colab_runtime(tmp_path_factory):
    """``(kernels folder, environment, home)``: Colab's packages, a stand-in ``google.colab``, a
    kernelspec for that environment, and the course's home pointed at a local repository."""
    base = tmp_path_factory.mktemp("colab")
    env = base / "env"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run(*pip, "--upgrade", "pip")  # Colab's pip is recent; venv's bundled one may not be
    run(*pip, *COLAB_SHIPS)
    stand_in = site_packages(env) / "google" / "colab"
    stand_in.mkdir(parents=True)
    (stand_in / "__init__.py").write_text(STAND_IN)
    spec = base / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    argv.append("--IPKernelApp.exec_lines=['import google.colab']")  # as Colab's kernel does
    spec.joinpath("kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": KERNEL, "language": "python"})
    )
    home = colab.course_home(REPO)
    origin = tagged_repository(base / "origin", home.tag)
    local = colab.Home(home.package, f"file://{origin}", home.tag)
    return base / "kernels", env, local


def first_exercise(assignment: str, home: colab.Home):
    """The reference submission's cells up to its first graded test cell, its setup cell built
    for ``home``."""
    nb = reference_submission(assignment)
    assert colab.is_generated(nb.cells[1]) and nb.cells[1].cell_type == "code"
    nb.cells[1].source = colab.setup_source(home)
    end = next(i for i, cell in enumerate(nb.cells) if is_graded_test(cell))
    nb.cells = nb.cells[: end + 1]
    return nb


def execute_on_colab(nb, kernels: Path, workdir: Path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(kernels.parent))
    monkeypatch.delenv("PYTHONPATH", raising=False)
    monkeypatch.setenv("COURSE_DEVICE", "cpu")
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        kernel_manager_class=IPCKernelManager,
        timeout=600,
        resources={"metadata": {"path": str(workdir)}},
    )
    return client.execute()


def text_of(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def test_installing_the_course_beside_colabs_torch_adds_only_what_colab_lacks(colab_runtime):
    _, env, home = colab_runtime
    planned = run(
        str(env / "bin" / "python"), "-m", "pip", "install", "--dry-run", "--quiet",
        "--disable-pip-version-check", "--report", "-",
        f"{home.package} @ git+{home.repository}@{home.tag}",
    ).stdout  # fmt: skip
    names = {item["metadata"]["name"] for item in json.loads(planned)["install"]}
    assert names == {home.package, *COLAB_LACKS}, f"pip would install {sorted(names)}"


@pytest.mark.parametrize("assignment", assignments(str(REPO)))
def test_release_notebook_runs_on_colab_through_its_first_exercise(
    assignment, colab_runtime, tmp_path, monkeypatch
):
    kernels, env, home = colab_runtime
    before = torch_fingerprint(env)
    nb = first_exercise(assignment, home)
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "import course, autograder, torch\nprint(course.__file__, torch.__version__)"
        )
    )
    done = execute_on_colab(nb, kernels, tmp_path, monkeypatch)
    assert f"Colab: installed {home.package} @ git+{home.repository}@{home.tag}" in text_of(
        done.cells[1]
    )
    where, version = text_of(done.cells[-1]).split()
    assert where.startswith(str(site_packages(env))), f"course imported from {where}"
    assert version.startswith("2.13.0"), f"Colab's torch is now {version}"
    assert torch_fingerprint(env) == before, "installing the course changed Colab's torch"


def test_playground_renders_as_a_widget_and_leaves_its_png_on_colab(
    colab_runtime, tmp_path, monkeypatch
):
    kernels, env, home = colab_runtime
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(colab.setup_source(home)),
        nbformat.v4.new_code_cell("import course\ncourse.activation_explorer('elu')"),
    ]
    done = execute_on_colab(nb, kernels, tmp_path, monkeypatch)
    (result,) = [o for o in done.cells[1].outputs if o.output_type == "execute_result"]
    assert "application/vnd.jupyter.widget-view+json" in result.data
    assert result.data["image/png"], "no PNG for a frontend without widgets"

"""An assignment as a Gradescope autograder: ``python -m autograder gradescope <assignment>``.

Writes ``grading/<assignment>/gradescope/autograder.zip`` in the layout of Gradescope's
autograder specification: at the root of the archive ``setup.sh`` (run once, as root, when
Gradescope builds the autograder's image: it installs the course's Python and its pinned
requirements, those ``.ci/requirements.py environment.yml`` prints) and ``run_autograder`` (run
once per submission: it grades ``/autograder/submission/*.ipynb`` with the course's own grader and
writes ``/autograder/results/results.json``, ``autograder.pipeline.gradescope_run``). Beside them,
``course_folder/``: the course's settings, the ``course`` and ``autograder`` packages, the
assignment's source notebooks (they hold the hidden tests, which students never see), its
release and a gradebook that knows the assignment.
"""

import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from autograder.pipeline.course_api import course_api, generate_release, unknown_assignment

COURSE_FOLDER = (
    "course_folder"  # the course's copy inside the zip, /autograder/source/course_folder
)
MANIFEST = "gradescope.json"  # in it: which assignment this autograder grades
SETTINGS = ("jupyter_config.py", "nbgrader_config.py", "pyproject.toml", "README.md")
PACKAGES = ("course", "autograder")
TORCH_INDEX = "https://download.pytorch.org/whl/cpu"  # CPU wheels: Gradescope has no GPU

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu): the
# course's Python, bubblewrap for the sandbox where the image allows it, and the course's pinned
# requirements in /autograder/venv. torch comes from its CPU-only wheels.
set -euxo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends software-properties-common bubblewrap util-linux
if ! apt-cache show python{python}-venv >/dev/null 2>&1; then
  add-apt-repository -y ppa:deadsnakes/ppa
  apt-get update
fi
apt-get install -y --no-install-recommends python{python} python{python}-venv
python{python} -m venv /autograder/venv
/autograder/venv/bin/python -m pip install --upgrade pip
/autograder/venv/bin/python -m pip install --index-url {torch_index} "{torch}"
/autograder/venv/bin/python -m pip install -r /autograder/source/requirements.txt
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this once per submission. It grades /autograder/submission/*.ipynb with the
# course's own grader (autograder.pipeline.gradescope_run) and writes
# /autograder/results/results.json. AUTOGRADER_ROOT (default /) is the folder that holds
# autograder/, AUTOGRADER_PYTHON (default the one setup.sh installed) the Python to grade with.
ROOT="${AUTOGRADER_ROOT:-/}"
PYTHON="${AUTOGRADER_PYTHON:-/autograder/venv/bin/python}"
RESULTS="$ROOT/autograder/results"
export PYTHONPATH="$ROOT/autograder/source/course_folder${PYTHONPATH:+:$PYTHONPATH}"
export OMP_NUM_THREADS=1
mkdir -p "$RESULTS"
"$PYTHON" -m autograder.pipeline.gradescope_run --root "$ROOT"
status=$?
if [ ! -s "$RESULTS/results.json" ]; then
  WHY="The autograder failed (exit status $status) before it could grade this submission"
  printf '{"score": 0, "output": "%s; please tell your instructor.", "tests": []}\\n' "$WHY" \\
    > "$RESULTS/results.json"
fi
"""


def requirements(root: Path) -> list[str]:
    """The pip requirements of ``root``'s environment.yml, as ``.ci/requirements.py`` prints them,
    less the editable install of the course (the zip ships the packages)."""
    script = Path(root) / ".ci" / "requirements.py"
    if not script.is_file():
        raise FileNotFoundError(f"no {script}: it reads environment.yml's pip list")
    result = subprocess.run(
        [sys.executable, str(script), str(Path(root) / "environment.yml")],
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in result.stdout.splitlines() if line and not line.startswith("-e")]


def python_version(root: Path) -> str:
    """The ``python=X.Y`` that environment.yml pins."""
    found = re.search(
        r"^\s*-\s*python=(\d+\.\d+)", (Path(root) / "environment.yml").read_text(), re.M
    )
    if not found:
        raise ValueError(f"{Path(root) / 'environment.yml'} pins no python=X.Y")
    return found.group(1)


def setup_script(root: Path, pins: list[str]) -> str:
    torch = next((pin for pin in pins if re.match(r"torch\b", pin)), "torch")
    return SETUP_SH.format(python=python_version(root), torch_index=TORCH_INDEX, torch=torch)


def build_course(root: Path, assignment: str, dest: Path) -> Path:
    """The course folder that the zip ships: settings, packages, the assignment's source, its
    release and a gradebook with the assignment in it."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")
    dest.mkdir(parents=True)
    for name in SETTINGS:
        shutil.copy(root / name, dest / name)
    for name in PACKAGES:
        shutil.copytree(root / name, dest / name, ignore=ignore)
    shutil.copytree(root / "source" / assignment, dest / "source" / assignment, ignore=ignore)
    generate_release(course_api(str(dest)), assignment)
    (dest / MANIFEST).write_text(json.dumps({"assignment": assignment}) + "\n")
    return dest


def export_autograder(root, assignment: str, out=None) -> Path:
    """Write the Gradescope autograder of ``assignment``; return the zip's path.

    Args:
        root: the course folder (holds ``source/<assignment>`` and environment.yml).
        assignment: the assignment's name, e.g. ``00_setup``.
        out: the zip to write; by default ``<root>/grading/<assignment>/gradescope/autograder.zip``.
    """
    root = Path(root).resolve()
    if problem := unknown_assignment(root, assignment):
        raise FileNotFoundError(problem)
    out = Path(out) if out else root / "grading" / assignment / "gradescope" / "autograder.zip"
    out.parent.mkdir(parents=True, exist_ok=True)
    pins = requirements(root)
    with tempfile.TemporaryDirectory(prefix="gradescope-") as tmp:
        course = build_course(root, assignment, Path(tmp) / COURSE_FOLDER)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            _add_text(archive, "setup.sh", setup_script(root, pins), executable=True)
            _add_text(archive, "run_autograder", RUN_AUTOGRADER, executable=True)
            _add_text(archive, "requirements.txt", "\n".join(pins) + "\n")
            for path in sorted(course.rglob("*")):
                if path.is_file():
                    archive.write(path, f"{COURSE_FOLDER}/{path.relative_to(course).as_posix()}")
    return out


def _add_text(archive: zipfile.ZipFile, name: str, text: str, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.external_attr = (0o100755 if executable else 0o100644) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, text)

"""Bringing LMS downloads into nbgrader's ``submitted/`` tree with nbgrader's own zip collect."""

import shutil
import subprocess
import sys
from pathlib import Path


def collect_downloads(root: Path, assignment: str, downloads: Path) -> int:
    """Copy ``downloads``' zip and notebook files to ``downloaded/<assignment>/archive`` and run
    ``nbgrader zip_collect``; return how many files were copied.

    File names follow ``<student>_<notebook>.ipynb`` (``FileNameCollectorPlugin.named_regexp``
    in ``jupyter_config.py``); zip files are extracted first.
    """
    if not downloads.is_dir():
        raise FileNotFoundError(f"no folder {downloads} to collect submissions from")
    archive = root / "downloaded" / assignment / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    files = [p for p in sorted(downloads.iterdir()) if p.suffix in (".zip", ".ipynb")]
    for path in files:
        shutil.copy2(path, archive / path.name)
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", "zip_collect", assignment, "--force"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"nbgrader zip_collect {assignment} failed:\n{result.stdout}{result.stderr}"
        )
    return len(files)

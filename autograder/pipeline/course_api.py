"""The course seen through nbgrader's Python API: config, releases and scores.

A thin layer over ``nbgrader.apps.NbGraderAPI`` that reads the course's
``jupyter_config.py`` and raises, naming the step, where nbgrader would only log.
"""

import os
import sys
from pathlib import Path

from traitlets.config.loader import PyFileConfigLoader

from autograder.pipeline import colab

CONFIG_FILE = "jupyter_config.py"


def course_api(root: str, overrides=None):
    """An ``NbGraderAPI`` for the course whose ``jupyter_config.py`` lies in ``root``.

    Args:
        root: the course folder.
        overrides: a ``traitlets.config.Config`` applied over the course's settings.
    """
    from nbgrader.apps import NbGraderAPI  # imported late: nbgrader is slow to import

    # nbgrader runs `alembic` as a program: the environment's bin folder must be on PATH.
    bin_dir = os.path.dirname(sys.executable)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    config = course_config(root)
    if overrides is not None:
        config.merge(overrides)
    return NbGraderAPI(config=config)


def course_config(root: str):
    """The settings in ``root``'s ``jupyter_config.py``, as a ``traitlets.config.Config``."""
    root = os.path.abspath(root)
    if not os.path.isfile(os.path.join(root, CONFIG_FILE)):
        raise FileNotFoundError(f"no {CONFIG_FILE} in {root}: is this the course folder?")
    return PyFileConfigLoader(CONFIG_FILE, path=root).load_config()


def unknown_assignment(root, assignment: str) -> str | None:
    """Why ``assignment`` is not one of the course's at ``root`` (no ``source/<assignment>``
    folder), naming the ones there are; ``None`` when it is."""
    source = Path(root) / "source"
    if (source / assignment).is_dir():
        return None
    known = sorted(p.name for p in source.glob("*") if p.is_dir())
    return (
        f"no assignment {assignment!r}: {source / assignment} does not exist "
        f"(assignments: {', '.join(known) or 'none'})"
    )


def _raise_unless_success(result: dict, step: str) -> None:
    if not result["success"]:
        raise RuntimeError(
            f"nbgrader {step} failed:\n{result.get('error') or ''}\n{result.get('log') or ''}"
        )


def generate_release(api, assignment: str) -> None:
    """Write ``release/<assignment>`` from ``source/<assignment>``, replacing what was there, each
    notebook opening with the Colab badge and setup cell (``autograder.pipeline.colab``)."""
    _raise_unless_success(
        api.generate_assignment(assignment, force=True), f"generate_assignment {assignment}"
    )
    root = Path(api.coursedir.root)
    home = colab.course_home(root)
    for path in sorted((root / api.coursedir.release_directory / assignment).glob("*.ipynb")):
        colab.add_setup_cells(path, home, assignment)

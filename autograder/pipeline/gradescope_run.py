"""The body of Gradescope's ``run_autograder``: grade one submission, write ``results.json``.

Run as ``python -m autograder.pipeline.gradescope_run --root ROOT`` where ``ROOT/autograder`` is
laid out as Gradescope lays it: ``source/`` (the unzipped autograder, ``autograder.pipeline.gradescope``),
``submission/`` (the student's files) and ``results/``. The submission is graded by the course's
own class grader, as a class of one, in a fresh copy of the course folder: sandboxed where
bubblewrap can make namespaces in the container, unsandboxed (the container is then the only
wall) where it cannot. Whatever happens, ``results.json`` is written and the exit status is 0:
a cell that times out or kills the kernel scores 0 with the reason; a failure of the grader
itself scores 0 and says so (the traceback goes to stdout, which only the instructor sees).
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

import autograder.pipeline.quick_start  # noqa: F401  (first: before nbformat is imported)
from autograder.pipeline.gradescope import COURSE_FOLDER, MANIFEST

STUDENT = "student"  # the one student of the class; Gradescope knows who it is
COPIED = ("jupyter_config.py", "nbgrader_config.py", "gradebook.db", "source", "release")


def place_submission(submission: Path, dest: Path, notebooks: list[str]) -> list[str]:
    """Copy the submission's notebooks to ``dest`` under the assignment's notebook names.

    A notebook named as the assignment's is graded; where the assignment has one notebook and the
    submission one other (``00_setup (2).ipynb``), that one is graded in its place. Returns what
    the student should know: notebooks renamed, notebooks not graded, no notebook at all.
    """
    expected = ", ".join(f"{name}.ipynb" for name in notebooks)
    found = sorted(
        p for p in Path(submission).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )
    dest.mkdir(parents=True, exist_ok=True)
    by_name = {p.name: p for p in found}
    others = [p for p in found if p.stem not in notebooks]
    notes = []
    for name in notebooks:
        path = by_name.get(f"{name}.ipynb")
        if path is None and len(notebooks) == 1 and len(others) == 1:
            path = others.pop()
            notes.append(f"{path.name} was graded as {name}.ipynb")
        if path is not None:
            shutil.copyfile(path, dest / f"{name}.ipynb")
    notes += [
        f"{p.relative_to(submission)} was not graded: this assignment's notebooks are {expected}"
        for p in others
    ]
    if not found:
        notes.append(f"the submission holds no notebook: upload {expected}")
    return notes


def grade_submission(source: Path, submission: Path) -> dict:
    """Grade ``submission`` against the course folder ``source``; return ``results.json``'s object."""
    from autograder.pipeline import sandbox
    from autograder.pipeline.batch import ClassGrader, GradingOptions
    from autograder.pipeline.gradebook import cell_scores, gradebook_path, graded_cells
    from autograder.pipeline.gradescope_results import graded_tests, results

    assignment = json.loads((source / MANIFEST).read_text())["assignment"]
    with tempfile.TemporaryDirectory(prefix="gradescope-") as tmp:
        course = Path(tmp) / "course"
        course.mkdir()
        for name in COPIED:
            path = source / name
            (shutil.copytree if path.is_dir() else shutil.copy)(path, course / name)
        notebooks = sorted(
            {nb for nb, _ in graded_cells(gradebook_path(course), assignment).values()}
        )
        notes = place_submission(submission, course / "submitted" / STUDENT / assignment, notebooks)
        unsandboxed = sandbox.unavailable_reason()
        if unsandboxed:
            print(f"grading without a sandbox: {unsandboxed}")
        grader = ClassGrader(
            course, assignment, GradingOptions(jobs=1, sandboxed=unsandboxed is None)
        )
        [outcome] = grader.run([STUDENT])
        log = course / "grading" / assignment / "logs" / f"{STUDENT}.log"
        print(log.read_text() if log.is_file() else "(no grading log)")
        scores = cell_scores(gradebook_path(course), assignment).get(STUDENT, {})
        return results(
            graded_tests(course / "source" / assignment, notebooks),
            scores if outcome.graded else {},
            course / "autograded" / STUDENT / assignment,
            notebooks,
            outcome.reason,
            notes,
            grader.options.cell_timeout,
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root",
        default=os.environ.get("AUTOGRADER_ROOT", "/"),
        help="the folder that holds autograder/ (Gradescope: /)",
    )
    args = parser.parse_args(argv)
    home = Path(args.root) / "autograder"
    out = home / "results" / "results.json"
    start = time.monotonic()
    try:
        found = grade_submission(home / "source" / COURSE_FOLDER, home / "submission")
    except Exception as err:  # the grader's own failure: still a results.json, and the traceback
        traceback.print_exc(file=sys.stdout)
        found = {
            "score": 0.0,
            "output": f"The autograder failed ({type(err).__name__}: {err}); "
            "please tell your instructor.",
            "tests": [],
        }
    found["execution_time"] = round(time.monotonic() - start)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(found, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How much faster a class is graded in parallel: ``make grading-benchmark``.

Hands in N copies of an assignment's reference solution in two temporary copies of the
course, grades one with plain ``nbgrader autograde`` (one student after another, the
kernels unsandboxed) and the other with ``python -m autograder grade --jobs J`` (sandboxed
when the machine allows), and prints both wall times and their ratio.
"""

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from autograder.pipeline import sandbox
from autograder.pipeline.course_api import course_api, generate_release
from autograder.pipeline.course_copy import copy_course, reference_submission

REPO = Path(__file__).resolve().parents[2]


def class_of(dest: Path, assignment: str, students: int) -> Path:
    """A course copy in ``dest`` with ``students`` reference submissions of ``assignment``."""
    root = copy_course(REPO, dest)
    generate_release(course_api(str(root)), assignment)
    nb = reference_submission(root, assignment)
    for index in range(students):
        folder = root / "submitted" / f"student{index:03d}" / assignment
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{assignment}.ipynb")
    return root


def timed(cmd: list[str], root: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stderr[-2000:]}")
    return time.perf_counter() - start


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="00_setup")
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        serial_root = class_of(Path(tmp) / "serial", args.assignment, args.students)
        parallel_root = class_of(Path(tmp) / "parallel", args.assignment, args.students)
        serial = timed(
            [sys.executable, "-m", "nbgrader", "autograde", args.assignment, "--force"], serial_root
        )
        parallel = timed(
            [
                sys.executable,
                "-m",
                "autograder",
                "grade",
                args.assignment,
                "--course",
                str(parallel_root),
                "--jobs",
                str(args.jobs),
                "--no-feedback",
            ],
            parallel_root,
        )
    mode = "sandboxed" if sandbox.unavailable_reason() is None else "unsandboxed"
    print(f"{args.students} submissions of {args.assignment}:")
    print(f"  nbgrader autograde, one at a time:         {serial:6.1f} s")
    print(f"  python -m autograder grade --jobs {args.jobs} ({mode}): {parallel:6.1f} s")
    print(f"  speed-up (serial / parallel):              {serial / parallel:6.2f}x")


if __name__ == "__main__":
    main()

"""How much faster a class is graded in parallel: ``make grading-benchmark``.

For each assignment (by default 00_setup, the lightest, and 05_cnn, a torch notebook that
trains), hands in N copies of its reference solution in two temporary copies of the course,
grades one with plain ``nbgrader autograde`` (one student after another, the kernels
unsandboxed) and the other with ``python -m autograder grade --jobs J`` (sandboxed when the
machine allows), the two in turn ``--repeats`` times. It prints the median wall time of each,
their ratio and the range of the turns' ratios side by side, with the machine's load averages.
On a machine shared with other work the ratio is pessimistic; a virtual machine's speed also
drifts from one minute to the next, which taking turns spreads over both graders. Kernels of
both run torch on one thread (``ONE_THREAD``), so that the ratio measures the parallel grading
alone.
"""

import argparse
import os
import statistics
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
# Both graders' kernels run torch on one thread, as the class grader's always do: with torch's
# default of one thread per core, two threads of one serial kernel contend with each other and
# with any other work, and the serial baseline would be slower for that alone.
ONE_THREAD = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


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
    """Wall seconds of ``cmd`` run in ``root``, its kernels on one thread each (``ONE_THREAD``)."""
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=root, capture_output=True, text=True, env=ONE_THREAD)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stderr[-2000:]}")
    return time.perf_counter() - start


def compare(
    assignment: str, students: int, jobs: int, repeats: int = 1
) -> list[tuple[float, float]]:
    """Wall seconds of serial ``nbgrader autograde`` and of ``python -m autograder grade --jobs``
    on ``students`` reference submissions of ``assignment``, each in a course copy of its own:
    one ``(serial, parallel)`` pair per turn, the two run one after the other."""
    with tempfile.TemporaryDirectory() as tmp:
        serial_root = class_of(Path(tmp) / "serial", assignment, students)
        parallel_root = class_of(Path(tmp) / "parallel", assignment, students)
        serial = [sys.executable, "-m", "nbgrader", "autograde", assignment, "--force"]
        parallel = [sys.executable, "-m", "autograder", "grade", assignment]
        parallel += ["--course", str(parallel_root), "--jobs", str(jobs), "--no-feedback"]
        return [
            (timed(serial, serial_root), timed([*parallel, "--regrade"], parallel_root))
            for _ in range(repeats)
        ]


def load() -> str:
    """The machine's load averages over 1, 5 and 15 minutes, as ``uptime`` prints them."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignments", nargs="+", default=["00_setup", "05_cnn"])
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3, help="turns of each grader")
    args = parser.parse_args(argv)
    mode = "sandboxed" if sandbox.unavailable_reason() is None else "unsandboxed"
    before = load()
    rows = [(a, compare(a, args.students, args.jobs, args.repeats)) for a in args.assignments]
    print(
        f"{args.students} submissions of each assignment, {os.cpu_count()} CPUs, "
        f"median of {args.repeats} turns each; load average {before} before, {load()} after"
    )
    ours = f"autograder grade --jobs {args.jobs} ({mode})"
    print(
        f"  {'assignment':<12} {'nbgrader, one at a time':>24} {ours:>36} {'speed-up':>9}"
        f" {'of the turns':>14}"
    )
    for assignment, turns in rows:
        serial = statistics.median(s for s, _ in turns)
        parallel = statistics.median(p for _, p in turns)
        ratios = [s / p for s, p in turns]
        print(
            f"  {assignment:<12} {serial:>22.1f} s {parallel:>34.1f} s {serial / parallel:>8.2f}x"
            f" {min(ratios):>7.2f}–{max(ratios):.2f}x"
        )


if __name__ == "__main__":
    main()

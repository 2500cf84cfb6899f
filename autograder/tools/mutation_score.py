"""The mutation score of each assignment: how many small automatic changes to the reference
solution its graded cells notice.

Usage: python -m autograder.tools.mutation_score [ASSIGNMENT ...] [--all] [--size N] [--seed S]
                                                 [--jobs N] [--timeout SECONDS]

For each assignment (default: all), every solution region of the source notebook is mutated one
change at a time (``autograder.mutation.operators``); ``--size`` of them (60 by default, ``--all``:
every one) are drawn with a fixed seed across every operator and cell, and graded with the round
trip's fast path, each from the snapshot before its cell. Prints one line per assignment and each
surviving mutant below it. Mutants listed in ``autograder/mutation/equivalents/<assignment>.txt``
are not graded. Exits with status 1 if the reference itself does not score full marks.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

from autograder.mutation.sample import DEFAULT_SIZE, SEED, draw, notebook_mutations
from autograder.mutation.score import EQUIVALENTS, Score, read_equivalents, score
from autograder.pipeline.course_api import course_api, generate_release
from autograder.pipeline.course_copy import copy_course, read_notebook
from autograder.tools.release import assignments

REPO = Path(__file__).resolve().parents[2]
CELL_TIMEOUT = 60  # seconds: a mutant that makes a cell run longer is interrupted there


def score_assignment(root: Path, assignment: str, size, seed, jobs, timeout, equivalents) -> Score:
    """Release ``assignment`` in the course copy at ``root`` and score a draw of its mutants that
    ``equivalents`` (``{id: reason}``) does not list."""
    generate_release(course_api(str(root)), assignment)
    found = notebook_mutations(read_notebook(root, "source", assignment))
    candidates = [m for m in found if m.id not in equivalents]
    equivalent = [m for m in found if m.id in equivalents]
    chosen = draw(candidates, size, seed)
    return score(root, assignment, chosen, equivalent, len(found), jobs, timeout)


def summary(result: Score, seconds: float, equivalents: dict[str, str]) -> list[str]:
    """The assignment's line, then one line per surviving mutant and per entry of ``equivalents``
    that names no mutant any more (the cell changed: review it)."""
    lines = [
        f"{result.assignment}: {result.killed}/{len(result.outcomes)} mutants killed "
        f"({result.percent:.0f}%), {len(result.equivalent)} marked equivalent, "
        f"{result.timed_out} timed out [a draw of {len(result.outcomes)} of the "
        f"{result.drawn_from - len(result.equivalent)} not marked; {seconds:.0f} s]"
    ]
    lines += [f"  survived {m.id}  {m.diff()}" for m in result.survivors]
    named = {m.id for m in result.equivalent}
    lines += [f"  stale equivalent {i}: no such mutant now" for i in equivalents if i not in named]
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", help="default: every assignment")
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE, help="mutants per assignment")
    parser.add_argument("--all", action="store_true", help="grade every mutant")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--jobs", type=int, default=2, help="mutants graded at once")
    parser.add_argument("--timeout", type=int, default=CELL_TIMEOUT, help="seconds per cell")
    parser.add_argument("--course", type=Path, default=REPO, help="the course folder")
    args = parser.parse_args(argv)
    names = args.assignments or assignments(str(args.course))
    size = None if args.all else args.size
    with tempfile.TemporaryDirectory(prefix="nn-mutation-") as tmp:
        root = copy_course(args.course, Path(tmp) / "course")
        for assignment in names:
            started = time.monotonic()
            equivalents = read_equivalents(EQUIVALENTS / f"{assignment}.txt")
            try:
                result = score_assignment(
                    root, assignment, size, args.seed, args.jobs, args.timeout, equivalents
                )
            except RuntimeError as err:
                print(f"{assignment}: {err}", file=sys.stderr)
                return 1
            lines = summary(result, time.monotonic() - started, equivalents)
            print("\n".join(lines), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Grade an assignment's mutants with the fast path and count those the graded cells notice.

A mutant is the reference submission with one mutation in one solution cell. It is killed when the
fast path (``autograder.resume``) scores it below full marks, as nbgrader would; a mutant that runs
a cell past the time-out counts as killed only if it scored lower too. Mutants listed as equivalent
(a change no test could see) are neither drawn nor graded.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.mutation.operators import Mutation
from autograder.pipeline.cells import cells_by_grade_id, is_graded_test, nbgrader_meta
from autograder.pipeline.course_copy import read_notebook, reference_submission
from autograder.resume.grader import FastGrader

EQUIVALENTS = Path(__file__).parent / "equivalents"  # <assignment>.txt: "<mutant id>  <reason>"


@dataclass(frozen=True)
class Outcome:
    """One graded mutant: ``killed`` (it lost points), ``timed_out`` (a cell hit the time-out)."""

    mutation: Mutation
    killed: bool
    timed_out: bool


@dataclass(frozen=True)
class Score:
    """An assignment's mutation score."""

    assignment: str
    outcomes: list[Outcome]
    equivalent: list[Mutation]
    drawn_from: int  # mutations found, equivalents included

    @property
    def killed(self) -> int:
        return sum(o.killed for o in self.outcomes)

    @property
    def survivors(self) -> list[Mutation]:
        return [o.mutation for o in self.outcomes if not o.killed]

    @property
    def timed_out(self) -> int:
        return sum(o.timed_out for o in self.outcomes)

    @property
    def percent(self) -> float:
        return 100.0 * self.killed / len(self.outcomes) if self.outcomes else 100.0


def read_equivalents(path: Path) -> dict[str, str]:
    """``{mutant id: reason}`` from a file of lines ``<id>  <reason>`` (``#`` starts a comment).

    Raises:
        ValueError: a line without a reason.
    """
    if not path.is_file():
        return {}
    found = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = re.split(r"\s+", line, maxsplit=1)
        if len(parts) < 2:
            raise ValueError(
                f"{path}:{number}: {parts[0]!r} has no reason; write why it is equivalent"
            )
        found[parts[0]] = parts[1]
    return found


def mutant(reference, mutation: Mutation):
    """The reference submission ``reference`` (a copy) with ``mutation`` made."""
    nb = nbformat.from_dict(reference)
    cell = cells_by_grade_id(nb)[mutation.grade_id]
    cell.source = mutation.apply(cell.source)
    return nb


def score(
    root,
    assignment: str,
    chosen: list[Mutation],
    equivalent: list[Mutation],
    drawn_from: int,
    jobs: int = 2,
    timeout: int | None = None,
) -> Score:
    """Grade the ``chosen`` mutations of ``assignment`` in the course copy at ``root`` (its release
    made); ``equivalent`` (not graded) and ``drawn_from`` are reported with the score.

    Raises:
        RuntimeError: the reference solution itself does not score full marks.
    """
    reference = reference_submission(Path(root), assignment)
    grader = FastGrader(root, assignment, reference, jobs=jobs, timeout=timeout)
    results = grader.grade({"reference": reference, **{m.id: mutant(reference, m) for m in chosen}})
    full = full_marks(read_notebook(Path(root), "source", assignment))
    if results["reference"].scores != full:
        raise RuntimeError(
            f"{assignment}'s reference solution scores {results['reference'].scores}, not full "
            f"marks {full}: a mutation score needs a reference that passes"
        )
    outcomes = [
        Outcome(m, any(results[m.id].scores[g] < full[g] for g in full), results[m.id].timed_out)
        for m in chosen
    ]
    return Score(assignment, outcomes, equivalent, drawn_from)


def full_marks(source) -> dict[str, float]:
    """``{grade_id: points}`` of the source notebook's autograded test cells."""
    return {
        grade_id: float(nbgrader_meta(cell)["points"])
        for grade_id, cell in cells_by_grade_id(source).items()
        if is_graded_test(cell)
    }

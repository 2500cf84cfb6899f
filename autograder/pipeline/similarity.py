"""Pairs of students whose solution cells are near-identical, for the class report.

Built on copydetect, which fingerprints code as MOSS does (winnowing over k-grams of the
tokenized code, in which every name reads ``V`` and every string ``S``, so that renaming variables
or rewording comments changes nothing). Only the solution cells are compared, and every k-gram of
the release's own code (its setup, demos, tests and the stubs of the solution cells) is ignored as
boilerplate: two students are similar for what they wrote, not for what they were given.

A pair is listed when each student's fingerprinted code is found in the other's at least
``threshold`` (``c.ClassGrading.similarity_threshold`` in jupyter_config.py): near-identical both
ways, not one short answer inside a longer one.
"""

import io
from dataclasses import dataclass
from itertools import combinations

from autograder.pipeline.cells import is_solution

NOISE = 25  # characters of the tokenized code in a k-gram (copydetect's default noise threshold)
WINDOW = 1  # winnowing window: with 1, every k-gram is a fingerprint (solution cells are short)
MIN_COVERAGE = NOISE  # characters a student must have written beyond the boilerplate to compare


@dataclass(frozen=True)
class SimilarPair:
    """Two students and the share of each one's solution code found in the other's."""

    first: str
    second: str
    first_in_second: float
    second_in_first: float


def solution_code(notebooks) -> str:
    """The code of every solution cell in ``notebooks`` (nbformat notebooks), in order."""
    return "\n\n".join(
        cell.source
        for nb in notebooks
        for cell in nb.cells
        if cell.get("cell_type") == "code" and is_solution(cell)
    )


def release_code(notebooks) -> str:
    """Every code cell of the release notebooks: what no student's similarity may rest on."""
    return "\n\n".join(
        cell.source for nb in notebooks for cell in nb.cells if cell.get("cell_type") == "code"
    )


def _fingerprint(code: str, boilerplate=None):
    from copydetect import CodeFingerprint  # imported late: it imports matplotlib's pyplot

    return CodeFingerprint(
        "solution.py",
        NOISE,
        WINDOW,
        boilerplate=boilerplate,
        language="python",  # by name: guessing it from the file name searches every lexer
        fp=io.StringIO(code),
    )


def similar_pairs(submissions: dict, release: list, threshold: float) -> list[SimilarPair]:
    """The pairs of ``submissions`` whose solution cells are near-identical, most similar first.

    Args:
        submissions: ``{student: [notebook, …]}``, each student's notebooks of the assignment.
        release: the release's notebooks, the boilerplate.
        threshold: the share of each student's code that must be found in the other's, 0 to 1.
    """
    from copydetect import compare_files

    if not 0 < threshold <= 1:
        raise ValueError(f"the similarity threshold must be in (0, 1]; got {threshold!r}")
    boilerplate = list(_fingerprint(release_code(release)).hashes)
    prints = {
        student: _fingerprint(solution_code(notebooks), boilerplate)
        for student, notebooks in sorted(submissions.items())
    }
    prints = {s: fp for s, fp in prints.items() if fp.token_coverage >= MIN_COVERAGE}
    pairs = []
    for first, second in combinations(prints, 2):
        _, (a_in_b, b_in_a), _ = compare_files(prints[first], prints[second])
        if min(a_in_b, b_in_a) >= threshold:
            pairs.append(SimilarPair(first, second, float(a_in_b), float(b_in_a)))
    return sorted(pairs, key=lambda p: -min(p.first_in_second, p.second_in_first))

"""Which mutants a run grades: all of them, or a fixed-seed draw spread over every operator and cell."""

import random
from itertools import zip_longest

from autograder.mutation.operators import Mutation, mutations
from autograder.pipeline.cells import is_solution, nbgrader_meta

DEFAULT_SIZE = 60  # mutants per assignment in a default run
SEED = 0


def notebook_mutations(nb) -> list[Mutation]:
    """Every mutation of every autograded solution cell of the source notebook ``nb``, in order."""
    found = []
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if cell.cell_type == "code" and is_solution(cell) and not meta.get("grade"):
            found += mutations(meta["grade_id"], cell.source)
    return found


def draw(candidates: list[Mutation], size: int | None, seed: int = SEED) -> list[Mutation]:
    """At most ``size`` of ``candidates`` (all of them for ``None``), taken in turn from each
    (operator, cell) group, each group and the groups' order shuffled with ``seed``.

    Returns them in the candidates' order.
    """
    if size is None or size >= len(candidates):
        return list(candidates)
    rng = random.Random(seed)
    groups: dict[tuple[str, str], list[Mutation]] = {}
    for m in candidates:
        groups.setdefault((m.operator, m.grade_id), []).append(m)
    shuffled = [rng.sample(group, len(group)) for _, group in sorted(groups.items())]
    rng.shuffle(shuffled)
    taken = [m for turn in zip_longest(*shuffled) for m in turn if m is not None][:size]
    chosen = set(map(id, taken))
    return [m for m in candidates if id(m) in chosen]

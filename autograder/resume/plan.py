"""Which cells of a submission must run, given the reference's cells and the submission's.

From the first cell that differs from the reference's, a cell runs when it differs, or reads
(directly or through a function it calls) a name that a running cell rebinds: a data name, or a
function or class that the running cell defines differently (it differs, or reads a changed name as
it runs). A running cell may also mutate the data it reads; a later cell that reads such a name
is not run for it, but checked: before it, the name must hold what it held in the reference
(``Plan.checks``, compared by ``autograder.resume.probe``), or the plan is abandoned. A cell also
runs when a running cell needs a name it binds or may change (an input cell), and when it may
change a name checked later (else the check would miss what it did). Every other cell is
skipped: it would compute what the reference computed. A cell the change reaches is skipped too
when no autograded cell needs what it does (``Plan.dead``: a demonstration that trains and plots,
say): it may change no name that a later graded, checked or running cell reads. What such a cell
would have drawn from the random generators is unknown, so ``autograder.resume.execute`` treats
their states as unknown until a cell seeds them, and gives the plan up if a cell draws from one
before that. What it would have done outside the notebook's names (a global setting of torch,
a file) is not seen: the course's cells keep such settings inside the functions that change them.
A cell the symbol tables cannot see into (``names.CellNames.opaque``) makes every cell from the
first changed one run.

The global random generators are not names: ``autograder.resume.execute`` checks them as it goes.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import zip_longest

from autograder.resume.names import cell_names

_names = lru_cache(maxsize=4096)(cell_names)


@dataclass(frozen=True)
class Plan:
    """Attributes:
    start: index (among the code cells) of the first cell that differs from the reference's;
        ``None`` when none does.
    changed: the cells from ``start`` on whose results may differ from the reference's.
    run: the cells from ``start`` on that run: ``changed`` and the input cells.
    checks: for every other cell from ``start`` on, the names a changed cell may have mutated
        that it reads: they must hold the reference's values before it.
    promotable: the other cells that may run all the same, when they would draw from a random
        generator that a changed cell has moved on: every cell that may change what they read
        runs, and every later cell that reads what they may change is among ``changed``.
    dead: the cells of ``changed`` that no autograded cell needs: they do not run.
    """

    start: int | None
    changed: frozenset[int] = frozenset()
    run: frozenset[int] = frozenset()
    checks: dict[int, frozenset[str]] = field(default_factory=dict)
    promotable: frozenset[int] = frozenset()
    dead: frozenset[int] = frozenset()


def make_plan(reference: list[str], submission: list[str], immutable=None, graded=None) -> Plan:
    """The plan for ``submission``'s code cells (sources, in order) against ``reference``'s.

    ``immutable``: for each reference cell, the names it binds to values nothing can change in
    place (``autograder.resume.probe.immutable``); reading those changes nothing.
    ``graded``: the indices of the autograded cells; ``None`` counts every cell as graded (no
    cell is dead).
    """
    immutable = immutable or {}
    start = next((i for i, (a, b) in enumerate(zip_longest(reference, submission)) if a != b), None)
    if start is None:
        return Plan(None)
    if len(reference) != len(submission) or any(_names(s).opaque for s in submission[start:]):
        return run_all(start, len(submission))
    deps: dict[str, set[str]] = {}
    constants: set[str] = set()  # bound by import, def or class
    frozen: set[str] = set()  # bound to values nothing changes in place
    for i, source in enumerate(reference[:start]):
        _bind(_names(source), deps, constants, frozen, immutable.get(i, ()))
    imported = {n for n in constants if any(n in _names(s).imports for s in reference[:start])}
    reach, changes, changed, checks, tainted, mutated = {}, {}, set(), {}, set(), set()
    for i in range(start, len(submission)):
        names = _names(submission[i])
        reach[i] = _closure(names.reads, deps)
        data = reach[i] & deps.keys() - constants - frozen  # what it may mutate as it reads
        changes[i] = names.binds - (names.imports & imported) | data  # an import gives the same
        same = reference[i] == submission[i]
        if not same:
            tainted |= names.binds | _names(reference[i]).binds
        elif reach[i] & tainted:
            tainted |= names.binds - names.constants
            if _closure(names.eager, deps) & tainted:  # its functions and classes may differ
                tainted |= names.constants
        else:
            checks[i] = frozenset(reach[i] & mutated)
            _bind(names, deps, constants, frozen, immutable.get(i, ()))
            continue
        changed.add(i)
        mutated |= data
        _bind(names, deps, constants, frozen, immutable.get(i, ()) if same else ())
    live = _live(start, len(submission), changed, checks, graded, reach, changes)
    # A checked name must hold all that the cells before the check did to it.
    needs = {i: reach[i] for i in live} | {i: names for i, names in checks.items() if names}
    run = _with_inputs(needs, start, reach, changes)
    data_changes = {i: changes[i] - _names(submission[i]).constants for i in changes}
    promotable = {
        i
        for i in checks
        if all(j in run for j in range(start, i) if changes[j] & reach[i])
        and all(j in changed for j in range(i + 1, len(submission)) if data_changes[i] & reach[j])
    }
    return Plan(
        start,
        frozenset(changed),
        frozenset(run),
        checks,
        frozenset(promotable),
        frozenset(changed - live),
    )


def run_all(start: int, count: int) -> Plan:
    """Every code cell from ``start`` on runs, none is checked."""
    cells = frozenset(range(start, count))
    return Plan(start, cells, cells, {})


def _bind(names, deps: dict, constants: set, frozen: set, immutable) -> None:
    for name in names.binds:
        deps.setdefault(name, set()).update(names.lazy.get(name, ()))
        (constants.add if name in names.constants else constants.discard)(name)
        (frozen.add if name in immutable else frozen.discard)(name)


def _closure(names, deps: dict) -> set[str]:
    seen, work = set(names), list(names)
    while work:
        for name in deps.get(work.pop(), ()):
            if name not in seen:
                seen.add(name)
                work.append(name)
    return seen


def _live(start, count, changed, checks, graded, reach, changes) -> set[int]:
    """The changed cells that an autograded cell needs: graded ones, and those that may change
    a name that a later graded, checked or needed cell reads."""
    live, read = set(), set()
    for i in reversed(range(start, count)):
        sink = graded is None or i in graded or bool(checks.get(i))
        if i in changed and (sink or changes[i] & read):
            live.add(i)
            read |= reach[i]
        elif i not in changed and sink:
            read |= reach[i]
    return live


def _with_inputs(needs: dict, start: int, reach: dict, changes: dict) -> set[int]:
    """The cells of ``needs`` that run (``{cell: names it needs}``, changed cells with all they
    read) and every earlier cell from ``start`` that may change a name a running cell reads or a
    needed name; a checked cell that is not changed does not run for its check."""
    run = {i for i in needs if needs[i] is reach[i]}
    work = [(i, needs[i]) for i in needs]
    while work:
        cell, names = work.pop()
        for earlier in range(start, cell):
            if earlier not in run and changes[earlier] & names:
                run.add(earlier)
                work.append((earlier, reach[earlier]))
    return run

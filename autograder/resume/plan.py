"""Which cells of a submission must run, given the reference's cells and the submission's.

From the first cell that differs from the reference's, a cell runs when it differs, or reads
(directly or through a function it calls) a name that a running cell rebinds: a data name, or a
function or class that the running cell defines differently (it differs, or reads a changed name as
it runs). A running cell may also mutate the data it reads; a later cell that reads such a name
is not run for it, but checked: before it, the name must hold what it held in the reference
(``Plan.checks``, compared by ``autograder.resume.probe``), or the plan is abandoned. A cell also
runs when a running cell needs a name it binds or may change (an input cell), and when it may
change a name checked later (else the check would miss what it did). Every other cell is
skipped: it would compute what the reference computed. A cell the symbol tables cannot see into
(``names.CellNames.opaque``) makes every cell from the first changed one run.

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
    """

    start: int | None
    changed: frozenset[int] = frozenset()
    run: frozenset[int] = frozenset()
    checks: dict[int, frozenset[str]] = field(default_factory=dict)
    promotable: frozenset[int] = frozenset()


def make_plan(reference: list[str], submission: list[str], immutable=None) -> Plan:
    """The plan for ``submission``'s code cells (sources, in order) against ``reference``'s.

    ``immutable``: for each reference cell, the names it binds to values nothing can change in
    place (``autograder.resume.probe.immutable``); reading those changes nothing.
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
    # A checked name must hold all that the cells before the check did to it.
    needs = {i: reach[i] for i in changed} | {i: names for i, names in checks.items() if names}
    run = _with_inputs(needs, start, reach, changes)
    data_changes = {i: changes[i] - _names(submission[i]).constants for i in changes}
    promotable = {
        i
        for i in checks
        if all(j in run for j in range(start, i) if changes[j] & reach[i])
        and all(j in changed for j in range(i + 1, len(submission)) if data_changes[i] & reach[j])
    }
    return Plan(start, frozenset(changed), frozenset(run), checks, frozenset(promotable))


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

"""A static scan of a submission for code that reaches into the grader, for the instructor to review.

The guard (``autograder.guard``) undoes what it knows of; this scan names every line that
touches the grader's internals, whether or not the attempt worked: IPython's hooks, the kernel,
``sys.modules``, ``builtins``, frames, the garbage collector, ``ctypes``, interpreter hooks, the
guard itself, and the notebook file. It reads the cells a student wrote: solution cells and
cells added to the release, not the release's own cells.
"""

import re

from autograder.pipeline.cells import is_graded_test, is_solution

PATTERNS = (
    (
        r"\bget_ipython\b|\bInteractiveShell\b|\bipykernel\b|\bIPython\.core\b",
        "IPython's shell or kernel",
    ),
    (
        r"input_transformer|ast_transformers|set_custom_exc|CustomTB|showtraceback|InteractiveTB|\.events\b"
        r"|register_magic|prefilter",
        "IPython's execution hooks",
    ),
    (r"\bsys\.modules\b", "sys.modules"),
    (r"\bbuiltins\b|__builtins__", "builtins"),
    (
        r"_getframe|currentframe|\bf_back\b|\bf_locals\b|\bf_globals\b|\btb_frame\b|\binspect\.stack\b",
        "frames",
    ),
    (r"\bimport\s+gc\b|\bgc\.", "the garbage collector"),
    (r"\bctypes\b", "ctypes"),
    (
        r"\bsettrace\b|\bsetprofile\b|\bexcepthook\b|\bdisplayhook\b|\bmeta_path\b|\bpath_hooks\b",
        "interpreter hooks",
    ),
    (
        r"autograder\.guard|_grading_guard|\bguard\.(restore|begin|finish|ran|snapshot)\b",
        "the grading guard",
    ),
    (r"\.ipynb\b|__session__|__vsc_ipynb_file__", "the notebook file"),
)
_COMPILED = tuple((re.compile(pattern), what) for pattern, what in PATTERNS)
PREFIX = "possible tampering: review by hand"


def scan_source(source: str) -> list[tuple[int, str, str]]:
    """``(line number, line, what it reaches)`` for each line of ``source`` that reaches the grader."""
    hits = []
    for number, line in enumerate(source.splitlines(), start=1):
        found = [what for pattern, what in _COMPILED if pattern.search(line)]
        if found:
            hits.append((number, line.strip()[:120], ", ".join(found)))
    return hits


def scan_notebook(nb, release) -> list[str]:
    """One line per hit in the cells of ``nb`` that the student wrote (see the module docstring).

    Args:
        nb: the submitted notebook.
        release: the release notebook it was handed out as.
    """
    given = {cell.source.strip() for cell in release.cells if cell.cell_type == "code"}
    flags = []
    for index, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code" or is_graded_test(cell):
            continue
        if not is_solution(cell) and cell.source.strip() in given:
            continue
        flags += [
            f"{PREFIX}: cell {index} line {number} ({what}): {line}"
            for number, line, what in scan_source(cell.source)
        ]
    return flags

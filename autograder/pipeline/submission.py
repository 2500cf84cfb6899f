"""Reading a student's submission before it is graded: refuse what cannot be graded, repair
what can be, and say what was found.
"""

import json
import shutil
from pathlib import Path

import nbformat

from autograder.pipeline.cells import cells_by_grade_id, is_graded_test
from autograder.pipeline.cells import grade_id as grade_id_of
from autograder.pipeline.tampering import scan_notebook

TIMESTAMP = "timestamp.txt"  # written by nbgrader collect; read for late penalties
PUT_BACK = "deleted test cells put back"
RESTORED = "edited test cells restored"
LEFT_OUT = "files the release does not ship were not graded"


def prepare(
    submitted: Path, dest: Path, release: Path, assignment: str, cells: dict[str, tuple[str, float]]
) -> tuple[str, list[str]]:
    """Copy ``submitted`` to ``dest`` for grading, putting back test cells the student deleted.

    Args:
        submitted: ``submitted/<student>/<assignment>``; never modified.
        dest: the folder nbgrader will grade instead.
        release: ``release/<assignment>``, where the original test cells are read.
        assignment: the assignment's name.
        cells: ``{grade_id: (notebook, points)}`` of the assignment's graded cells.

    Returns:
        ``(problem, notes)``: why the submission cannot be graded at all (``""`` when it
        can), and what was repaired, left out or will be restored by nbgrader, and each line of
        possible tampering (``autograder.pipeline.tampering``).

    Only the notebooks and the files the release ships are copied: a module or an IPython
    config file handed in beside the notebook would otherwise be imported by the kernel.
    """
    notebooks = sorted({notebook for notebook, _ in cells.values()})
    shipped = (
        {p.name for p in release.iterdir()} | {f"{name}.ipynb" for name in notebooks} | {TIMESTAMP}
    )
    left_out = sorted(
        str(p.relative_to(submitted)) for p in submitted.iterdir() if p.name not in shipped
    )
    shutil.copytree(
        submitted,
        dest,
        ignore=lambda folder, names: [
            n for n in names if Path(folder) == submitted and n not in shipped
        ],
    )
    notes = [f"{LEFT_OUT}: {', '.join(left_out)[:200]}"] if left_out else []
    for name in notebooks:
        expected = [g for g, (notebook, _) in cells.items() if notebook == name]
        nb, problem = _read(dest / f"{name}.ipynb", name)
        if problem:
            return problem, notes
        if not set(expected) & cells_by_grade_id(nb).keys():
            return (
                f"{name}.ipynb has none of {assignment}'s graded cells: is it another assignment's notebook?",
                notes,
            )
        original = nbformat.read(release / f"{name}.ipynb", as_version=4)
        notes += _restore_deleted(nb, original, expected)
        notes += _edited(nb, original, expected)
        notes += _probes(nb)
        notes += scan_notebook(nb, original)
        nbformat.write(nb, dest / f"{name}.ipynb")
    return "", notes


def _read(path: Path, name: str):
    if not path.is_file():
        return None, f"{name}.ipynb is missing from the submission"
    text = path.read_text(encoding="utf-8", errors="replace")
    if not text.strip():
        return None, f"{name}.ipynb is an empty file"
    try:
        return nbformat.reads(text, as_version=4), ""
    except (json.JSONDecodeError, nbformat.reader.NotJSONError) as err:
        return None, f"{name}.ipynb is not valid JSON ({str(err).splitlines()[0][:120]})"
    except Exception as err:  # nbformat raises several kinds for malformed notebooks
        return (
            None,
            f"{name}.ipynb is not a notebook nbformat can read ({type(err).__name__}: {str(err)[:120]})",
        )


def _restore_deleted(nb, original, expected) -> list[str]:
    """Insert each deleted graded cell after the cell that preceded it in the release."""
    present, restored = set(cells_by_grade_id(nb)), []
    for index, cell in enumerate(original.cells):
        grade_id = grade_id_of(cell)
        if grade_id not in expected or grade_id in present:
            continue
        before = [grade_id_of(c) for c in original.cells[:index]]
        anchor = next((g for g in reversed(before) if g in present), None)
        ids = [grade_id_of(c) for c in nb.cells]
        nb.cells.insert(ids.index(anchor) + 1 if anchor else len(nb.cells), cell)
        present.add(grade_id)
        restored.append(grade_id)
    return [f"{PUT_BACK}: {', '.join(restored)}"] if restored else []


def _edited(nb, original, expected) -> list[str]:
    """Graded test cells whose source differs from the release (nbgrader restores them)."""
    source = {g: c.source for g, c in cells_by_grade_id(original).items() if g in expected}
    edited = [
        g
        for g, c in cells_by_grade_id(nb).items()
        if is_graded_test(c) and g in source and c.source.strip() != source[g].strip()
    ]
    return [f"{RESTORED}: {', '.join(edited)}"] if edited else []


GRADING_SIGNALS = ("NBGRADER_EXECUTION", "NBGRADER_VALIDATING")


def _probes(nb) -> list[str]:
    """Code that looks for signs of grading (those variables are unset in the grading kernel)."""
    found = sorted(
        {
            s
            for c in nb.cells
            if c.get("cell_type") == "code"
            for s in GRADING_SIGNALS
            if s in c.source
        }
    )
    return (
        [f"code reads {', '.join(found)} (unset while grading, so it runs as for the student)"]
        if found
        else []
    )

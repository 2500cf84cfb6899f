"""nbgrader preprocessors of the grading pipeline (set in jupyter_config.py).

Before execution each graded test cell gets the guard's first line; after it, the line is
taken out again and every cell's output is capped in characters.
"""
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer

from autograder.guard import GUARD_LINE

TRUNCATED = "... output truncated by the grader"


def _is_graded_test(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and meta.get("grade") and not meta.get("solution")


class GuardGradedCells(NbGraderPreprocessor):
    """Before execution: start every graded test cell with ``GUARD_LINE``."""

    def preprocess_cell(self, cell, resources, index):
        if _is_graded_test(cell) and not cell.source.startswith(GUARD_LINE):
            cell.source = f"{GUARD_LINE}\n{cell.source}"
        return cell, resources


class UnguardGradedCells(NbGraderPreprocessor):
    """After execution: take ``GUARD_LINE`` out again, so saved notebooks show the real cell."""

    def preprocess_cell(self, cell, resources, index):
        if _is_graded_test(cell) and cell.source.startswith(GUARD_LINE):
            cell.source = cell.source[len(GUARD_LINE) + 1:]
        return cell, resources


class TruncateOutput(NbGraderPreprocessor):
    """Keep at most ``max_chars`` characters of each cell's stream and text outputs.

    nbgrader's ``LimitOutput`` counts lines, so one line of megabytes passes it.
    """
    max_chars = Integer(100_000, help="characters of output kept per cell").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        budget, kept = self.max_chars, []
        for output in cell.outputs:
            text = _text_of(output)
            if text is None:
                kept.append(output)
                continue
            if len(text) > budget:
                _set_text(output, text[:budget] + f"\n{TRUNCATED} ({len(text):,} characters) ...\n")
                kept.append(output)
                budget = 0
                break
            budget -= len(text)
            kept.append(output)
        cell.outputs = kept
        return cell, resources


def _text_of(output):
    if output.output_type == "stream":
        return output.text
    if output.output_type in ("execute_result", "display_data"):
        return output.get("data", {}).get("text/plain")
    return None


def _set_text(output, text):
    if output.output_type == "stream":
        output.text = text
    else:
        output.data = {"text/plain": text}

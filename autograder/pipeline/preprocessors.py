"""nbgrader preprocessors of the grading pipeline (set in jupyter_config.py): after execution,
every cell's output is capped in characters.
"""

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer

TRUNCATED = "... output truncated by the grader"


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

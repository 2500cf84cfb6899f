"""Feedback that does not reveal the hidden tests.

The autograded notebooks that ``nbgrader generate_feedback`` turns into HTML still hold each
graded cell's hidden tests, and a failing cell's traceback quotes the line that failed.
``HideHiddenTests`` runs in that step (see ``jupyter_config.py``): in every graded test cell it
replaces the hidden region by one ``# hidden tests`` line and each traceback by one line, the
error's type and message: what the checks write for the student.
"""

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Unicode

from autograder.pipeline.cells import error_line, is_graded_test

PLACEHOLDER = "# hidden tests"


def hide_hidden_region(
    source: str, begin: str = "BEGIN HIDDEN TESTS", end: str = "END HIDDEN TESTS"
) -> str:
    """``source`` with each region from a line holding ``begin`` to a line holding ``end`` replaced
    by one ``# hidden tests`` line at the indentation of its first line; an unclosed region runs to the end.
    """
    lines, hidden = [], False
    for line in source.split("\n"):
        if not hidden and begin in line:
            hidden = True
            lines.append(line[: len(line) - len(line.lstrip())] + PLACEHOLDER)
        elif hidden:
            hidden = end not in line
        else:
            lines.append(line)
    return "\n".join(lines)


class HideHiddenTests(Preprocessor):
    """Hide the hidden tests, and the traceback lines that quote them, in graded test cells.

    A graded test cell is one whose nbgrader metadata has ``grade`` true and ``solution`` false.
    Stream and display outputs are kept. The delimiters are nbgrader's defaults: where the course
    changes ``ClearHiddenTests.begin_test_delimeter`` or ``end_test_delimeter``, change them here too.
    """

    enabled = Bool(True, help="Whether to hide the hidden tests").tag(config=True)
    begin_delimiter = Unicode("BEGIN HIDDEN TESTS", help="Marks the start of hidden tests").tag(
        config=True
    )
    end_delimiter = Unicode("END HIDDEN TESTS", help="Marks the end of hidden tests").tag(
        config=True
    )

    def preprocess_cell(self, cell, resources, index):
        if not is_graded_test(cell):
            return cell, resources
        cell.source = hide_hidden_region(cell.source, self.begin_delimiter, self.end_delimiter)
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output["traceback"] = [error_line(output)]
        return cell, resources

"""Do the grader's commands start without the IRI grammar, and still validate notebooks?"""

import subprocess
import sys

import nbformat
import pytest

from tests.roundtrip import reference_submission

PROBE = """
import sys, nbformat
nb = nbformat.reads(sys.stdin.read(), as_version=4)
nbformat.validate(nb)
print(sorted(m for m in sys.modules if m.startswith("rfc3987_syntax.")))
"""


def nbformat_text() -> str:
    return nbformat.writes(reference_submission("00_setup"))


@pytest.mark.parametrize("command", ["autograder.__main__", "autograder.pipeline.gradescope_run"])
def test_a_command_validates_notebooks_without_compiling_the_iri_grammar(command):
    result = subprocess.run(
        [sys.executable, "-c", f"import {command}\n{PROBE}"],
        input=nbformat_text(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"


def test_without_the_quick_start_jsonschema_compiles_it():
    """The probe itself can fail: a bare nbformat import loads the grammar's module."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE], input=nbformat_text(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "rfc3987_syntax.syntax_helpers" in result.stdout

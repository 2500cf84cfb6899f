"""``python -m autograder grade <assignment>``: the class grader (``autograder.pipeline.cli``)."""

import sys

# jsonschema, which nbformat imports, imports rfc3987_syntax where it is installed (Jupyter's
# event schemas ask for it) to check the "iri" format, and that import compiles a grammar: 1.6 s
# of every run's start, before any student is graded. The notebook schema checks no format, so
# the grader does without it.
sys.modules.setdefault("rfc3987_syntax", None)

from autograder.pipeline.cli import main  # noqa: E402  (after the line above, which it needs)

if __name__ == "__main__":
    sys.exit(main())

"""``python -m autograder grade <assignment>``: the class grader (``autograder.pipeline.cli``)."""

import sys

import autograder.pipeline.quick_start  # noqa: F401  (first: before nbformat is imported)
from autograder.pipeline.cli import main

if __name__ == "__main__":
    sys.exit(main())

"""``python -m autograder grade <assignment>``: the class grader (``autograder.pipeline.cli``)."""

import sys

from autograder.pipeline.cli import main

if __name__ == "__main__":
    sys.exit(main())

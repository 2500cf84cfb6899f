"""The course's grading code, in four parts; a notebook imports only the first.

- ``autograder.checks``: the checks that the notebooks' test cells call, re-exported here, so that
  ``from autograder import check_close`` works. It imports neither nbgrader nor the rest.
- ``autograder.guard``: runs inside the grading kernel and puts it back as it was at start before
  each graded cell.
- ``autograder.pipeline``: the instructor's class grading on nbgrader: sandboxed kernels,
  submissions, the gradebook, grades, feedback and the class report
  (``python -m autograder grade …``).
- ``autograder.tools``: the maintainers' commands behind ``make release``, ``make benchmark`` and
  ``make grading-benchmark``.
"""

from autograder import checks
from autograder.checks import *  # noqa: F403  (every check, as the notebooks import them)

__all__ = checks.__all__

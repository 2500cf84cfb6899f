"""A progress bar over the students of a class run, drawn by tqdm, on a terminal only.

It shows students done out of the total, the last student graded with their score, and how many
so far lost points or could not be graded. Written to a stream that is not a terminal (a log
file, CI, a pipe), it prints nothing at all.
"""

import sys

from tqdm import tqdm


def is_terminal(stream) -> bool:
    """Whether ``stream`` is an interactive terminal (``isatty``); False for a closed stream."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class ClassProgress:
    """``grading 3/8 students | ada 5/7, lost points: 2, ungraded: 0``, updated per student.

    Args:
        total: students to grade in this run.
        stream: where to draw it; by default ``sys.stderr``. Not a terminal: silent.

    Used in: ``autograder.pipeline.batch.ClassGrader.run``.
    """

    def __init__(self, total: int, stream=None):
        self.stream = sys.stderr if stream is None else stream
        self.lost = self.ungraded = 0
        self.bar = tqdm(
            total=total,
            desc="grading",
            unit="student",
            file=self.stream,
            disable=not is_terminal(self.stream),
            dynamic_ncols=True,
            mininterval=0,  # students are seconds apart: draw each one
            miniters=1,
        )

    def update(self, student: str, score: float, max_score: float, graded: bool) -> None:
        """Count one student more: their score, and the totals of lost points and ungraded."""
        self.ungraded += not graded
        self.lost += graded and score < max_score
        last = f"{student} {score:g}/{max_score:g}" if graded else f"{student} ungraded"
        self.bar.set_postfix_str(
            f"{last}, lost points: {self.lost}, ungraded: {self.ungraded}", refresh=False
        )
        self.bar.update(1)

    def log(self, write):
        """``write`` (a function of one line), called so that its line prints above the bar."""

        def logged(line: str) -> None:
            with tqdm.external_write_mode(file=self.stream):
                write(line)

        return logged

    def close(self) -> None:
        self.bar.close()

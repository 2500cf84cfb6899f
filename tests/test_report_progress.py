"""Does the class run's progress bar show done/total, the last score and the failures so far on a
terminal, and print nothing elsewhere?"""

import io

from autograder.pipeline.progress import ClassProgress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def grade_three(stream) -> None:
    progress = ClassProgress(3, stream)
    progress.update("ada", 7.0, 7.0, graded=True)
    progress.update("bob", 5.0, 7.0, graded=True)
    progress.log(lambda line: stream.write(line + "\n"))("bob: 5/7 (test_a: AssertionError)")
    progress.update("cy", 0.0, 7.0, graded=False)
    progress.close()


def test_not_a_terminal_prints_nothing():
    stream = io.StringIO()
    progress = ClassProgress(3, stream)
    progress.update("ada", 7.0, 7.0, graded=True)
    progress.close()
    assert stream.getvalue() == ""


def test_on_a_terminal_it_shows_done_of_total_the_last_score_and_the_failures():
    stream = Terminal()
    grade_three(stream)
    screens = stream.getvalue().split("\r")
    assert any("2/3" in s and "bob 5/7, lost points: 1, ungraded: 0" in s for s in screens)
    assert "3/3" in screens[-1] and "cy ungraded, lost points: 1, ungraded: 1" in screens[-1]


def test_a_log_line_prints_above_the_bar():
    stream = Terminal()
    grade_three(stream)
    assert "bob: 5/7 (test_a: AssertionError)\n" in stream.getvalue()

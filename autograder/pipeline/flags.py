"""What an instructor should know about one student's grading, in a few words each.

Read from the outcome the class grader records (its reason and its lines of possible
tampering) and from how many cells of the autograded notebook ran past the timeout: test cells
put back or restored, tampering suspected, timeouts, a kernel that died, a notebook that could not
be graded at all, a student not graded yet.
"""

from autograder.pipeline.batch import CELL_HUNG, KERNEL_DIED
from autograder.pipeline.submission import LEFT_OUT, PUT_BACK, RESTORED

MAX_PROBLEM = 80  # characters of the reason a notebook could not be graded, in the flag


def student_flags(record: dict, timeouts: int = 0, graded_notebook: bool = True) -> list[str]:
    """Short flags for one student's outcome (``Outcome`` as a dict).

    Args:
        record: the student's outcome: ``reason``, ``flags`` (tampering lines) and ``graded``.
        timeouts: cells of the autograded notebooks interrupted at the timeout.
        graded_notebook: whether an autograded notebook exists; without one the reason says why
            the submission could not be graded, and the flag quotes it.
    """
    if not record.get("graded", True):
        return ["ungraded (the kernel never started): run the grader again"]
    reason = record.get("reason", "")
    flags = []
    if PUT_BACK in reason or RESTORED in reason:
        flags.append("test cells restored")
    if record.get("flags"):
        flags.append(f"tampering suspected ({len(record['flags'])} lines)")
    if timeouts or CELL_HUNG in reason:
        flags.append(f"timeouts: {timeouts} cells" if timeouts else "a cell hung past the timeout")
    if KERNEL_DIED in reason:
        flags.append("kernel died")
    if LEFT_OUT in reason:
        flags.append("extra files not graded")
    if not graded_notebook and reason and not flags:
        flags.append(f"not graded: {reason.split('; ')[0][:MAX_PROBLEM]}")
    return flags

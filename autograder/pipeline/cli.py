"""Grade a class: ``python -m autograder grade <assignment>`` (see ``--help``).

Collects LMS downloads (optional), autogrades every submission in parallel in sandboxed
kernels, writes grades.csv, generates feedback and writes the class report, all under the
course folder. A run that is stopped can be started again: graded students are skipped.
``python -m autograder gradescope <assignment>`` exports the assignment as a Gradescope
autograder instead (``autograder.pipeline.gradescope``).
"""

import argparse
import sys
from pathlib import Path

from autograder.pipeline import sandbox
from autograder.pipeline.batch import ClassGrader
from autograder.pipeline.collect import collect_downloads
from autograder.pipeline.course_api import course_api, unknown_assignment
from autograder.pipeline.settings import GradingOptions

UNSANDBOXED_WARNING = """\
************************************************************************************
WARNING: grading WITHOUT a sandbox: {reason}.
Student code will run as you, can read every file you can (solutions, hidden tests,
the gradebook, other students' work) and reach the network. Grade only code you trust,
or grade on Linux with bubblewrap installed (see README, "Grading a class safely").
************************************************************************************"""


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    root = Path(args.course).resolve()
    if problem := unknown_assignment(root, args.assignment):
        print(problem, file=sys.stderr)
        return 2
    if args.command == "gradescope":
        return _gradescope(root, args.assignment)
    reason = "--unsandboxed was given" if args.unsandboxed else sandbox.unavailable_reason()
    if reason:
        print(UNSANDBOXED_WARNING.format(reason=reason), file=sys.stderr)
    if args.downloads:
        print(
            f"collected {collect_downloads(root, args.assignment, Path(args.downloads))} notebooks "
            f"from {args.downloads}"
        )
    options = GradingOptions(
        jobs=args.jobs, sandboxed=reason is None, cell_timeout=args.timeout, regrade=args.regrade
    )
    grader = ClassGrader(root, args.assignment, options)
    outcomes = grader.run(while_grading=_import_report)
    if not outcomes:
        print(f"no submissions of {args.assignment} under {root / 'submitted'}", file=sys.stderr)
        return 1
    from autograder.pipeline.export import export_csv
    from autograder.pipeline.report import class_report

    csv_path = export_csv(root, args.assignment, outcomes)
    if not args.no_feedback:
        api = course_api(str(root))
        for outcome in outcomes:
            if outcome.graded:
                api.generate_feedback(args.assignment, outcome.student, force=True)
    report = class_report(root, args.assignment, outcomes)
    ungraded = [o.student for o in outcomes if not o.graded]
    print(f"graded {len(outcomes) - len(ungraded)} students; grades: {csv_path}; report: {report}")
    if ungraded:
        print(
            f"{len(ungraded)} ungraded (their kernel never started): {', '.join(ungraded)}; "
            "run the same command "
            "again to grade them",
            file=sys.stderr,
        )
        return 3
    return 0


def _import_report() -> None:
    """Import the report and its libraries (matplotlib among them) while the class is graded.

    Not at the top of this module: the grading workers, forked before this runs, need neither.
    """
    import autograder.pipeline.export  # noqa: F401
    import autograder.pipeline.report  # noqa: F401


def _gradescope(root: Path, assignment: str) -> int:
    from autograder.pipeline.gradescope import export_autograder

    try:
        path = export_autograder(root, assignment)
    except FileNotFoundError as err:
        print(err, file=sys.stderr)
        return 2
    print(
        f"Gradescope autograder of {assignment}: {path} (upload it as the assignment's autograder)"
    )
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m autograder", description=__doc__.splitlines()[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    grade = commands.add_parser(
        "grade", help="autograde, export, feedback and report for one assignment"
    )
    grade.add_argument("assignment", help="e.g. 05_cnn")
    grade.add_argument(
        "--course", default=".", help="the course folder (holds jupyter_config.py); default: here"
    )
    grade.add_argument(
        "--downloads",
        help="a folder of LMS downloads (zip files or name_<notebook>.ipynb) to collect first",
    )
    grade.add_argument(
        "--jobs",
        type=int,
        help="students graded at once (default: c.ClassGrading.jobs in jupyter_config.py)",
    )
    grade.add_argument(
        "--timeout",
        type=int,
        help="seconds one cell may run (default: c.Execute.timeout in jupyter_config.py)",
    )
    grade.add_argument(
        "--regrade", action="store_true", help="grade again students graded by an earlier run"
    )
    grade.add_argument(
        "--unsandboxed",
        action="store_true",
        help="run kernels without the sandbox (trusted code only)",
    )
    grade.add_argument("--no-feedback", action="store_true", help="skip generating feedback")
    gradescope = commands.add_parser(
        "gradescope",
        help="write grading/<assignment>/gradescope/autograder.zip, a Gradescope autograder",
    )
    gradescope.add_argument("assignment", help="e.g. 05_cnn")
    gradescope.add_argument(
        "--course", default=".", help="the course folder (holds jupyter_config.py); default: here"
    )
    return parser

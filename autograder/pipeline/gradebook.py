"""Writing one student's grades into the course gradebook in a single transaction.

Built on nbgrader's own ORM (``nbgrader.api``). Every function here either commits the
student's whole submission or, if interrupted, nothing: SQLite rolls back an open transaction.
"""

from pathlib import Path

from autograder.pipeline.course_api import course_api

GRADE_FIELDS = ("auto_score", "manual_score", "extra_credit", "needs_manual_grade")
COMMENT_FIELDS = ("auto_comment", "manual_comment")


def gradebook_path(root: Path) -> Path:
    """The SQLite file of the course's gradebook (``CourseDirectory.db_url``)."""
    url = course_api(str(root)).coursedir.db_url
    if not url.startswith("sqlite:///"):
        raise ValueError(
            f"grading a class needs a SQLite gradebook; CourseDirectory.db_url is {url!r}"
        )
    return Path(url[len("sqlite:///") :]).resolve()


def _url(db: Path) -> str:
    return f"sqlite:///{Path(db).resolve()}"


def graded_cells(db: Path, assignment: str) -> dict[str, tuple[str, float]]:
    """``{grade_id: (notebook, points)}`` for every autograded cell of ``assignment``."""
    from nbgrader.api import Gradebook

    with Gradebook(_url(db)) as gb:
        return {
            cell.name: (notebook.name, cell.max_score)
            for notebook in gb.find_assignment(assignment).notebooks
            for cell in notebook.grade_cells
        }


def cell_scores(db: Path, assignment: str) -> dict[str, dict[str, float]]:
    """Each student's score per graded cell of ``assignment``: ``{student: {grade_id: points}}``."""
    from nbgrader.api import Gradebook

    with Gradebook(_url(db)) as gb:
        return {
            submission.student_id: {
                grade.name: grade.score
                for notebook in submission.notebooks
                for grade in notebook.grades
            }
            for submission in gb.assignment_submissions(assignment)
        }


def waiting_for_manual_grade(db: Path, assignment: str) -> dict[str, set[str]]:
    """``{student: {grade_id, ...}}``: the cells the Formgrader lists as needing a manual grade."""
    from nbgrader.api import Gradebook

    with Gradebook(_url(db)) as gb:
        return {
            submission.student_id: {
                grade.name
                for notebook in submission.notebooks
                for grade in notebook.grades
                if grade.needs_manual_grade
            }
            for submission in gb.assignment_submissions(assignment)
        }


def has_auto_scores(db: Path, assignment: str, student: str) -> bool:
    """Whether ``student``'s submission in ``db`` has an automatic score for every graded cell
    that nbgrader grades automatically: a manually graded answer (a graded solution cell) waits
    for the instructor instead.
    """
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(_url(db)) as gb:
        try:
            submission = gb.find_submission(assignment, student)
        except MissingEntry:
            return False
        grades = [
            (g, {cell.name for cell in nb.notebook.solution_cells})
            for nb in submission.notebooks
            for g in nb.grades
        ]
        return bool(grades) and all(
            g.auto_score is not None or g.name in manual for g, manual in grades
        )


def merge_submission(main_db: Path, private_db: Path, assignment: str, student: str) -> float:
    """Copy ``student``'s graded submission from ``private_db`` into ``main_db``; return its score.

    An earlier submission of the same student in ``main_db`` is replaced.
    """
    from nbgrader.api import Gradebook

    with Gradebook(_url(private_db)) as gb:
        source = gb.find_submission(assignment, student)
        timestamp = source.timestamp
        grades = {
            (nb.name, g.name): {f: getattr(g, f) for f in GRADE_FIELDS}
            for nb in source.notebooks
            for g in nb.grades
        }
        comments = {
            (nb.name, c.name): {f: getattr(c, f) for f in COMMENT_FIELDS}
            for nb in source.notebooks
            for c in nb.comments
        }
    return _write(main_db, assignment, student, timestamp, grades, comments)


def zero_submission(main_db: Path, assignment: str, student: str, reason: str) -> float:
    """Record ``student``'s submission in ``main_db`` with every graded cell at 0, and the reason
    as the automatic comment of every solution cell; return 0.
    """
    return _write(main_db, assignment, student, None, {}, {}, zero_reason=reason)


def _write(main_db, assignment, student, timestamp, grades, comments, zero_reason=None) -> float:
    from nbgrader.api import (
        Comment,
        Grade,
        Gradebook,
        MissingEntry,
        Student,
        SubmittedAssignment,
        SubmittedNotebook,
    )

    with Gradebook(_url(main_db)) as gb:
        db = gb.db
        try:
            old = gb.find_submission(assignment, student)
            for notebook in old.notebooks:
                for row in [*notebook.grades, *notebook.comments, notebook]:
                    db.delete(row)
            db.delete(old)
            db.flush()
        except MissingEntry:
            pass
        if db.get(Student, student) is None:
            db.add(Student(id=student))
        submission = SubmittedAssignment(
            assignment=gb.find_assignment(assignment),
            student=db.get(Student, student),
            timestamp=timestamp,
        )
        db.add(submission)
        total = 0.0
        for notebook in submission.assignment.notebooks:
            nb = SubmittedNotebook(notebook=notebook, assignment=submission)
            db.add(nb)  # SQLAlchemy 2 no longer adds objects to the session through backrefs
            for cell in notebook.grade_cells:
                values = grades.get(
                    (notebook.name, cell.name), {"auto_score": 0.0, "needs_manual_grade": False}
                )
                grade = Grade(cell_id=cell.id, notebook=nb, **values)
                db.add(grade)
                total += (
                    (grade.auto_score or 0.0) if grade.manual_score is None else grade.manual_score
                )
            for cell in notebook.solution_cells:
                values = comments.get((notebook.name, cell.name), {"auto_comment": zero_reason})
                db.add(Comment(cell_id=cell.id, notebook=nb, **values))
        db.commit()
        return total

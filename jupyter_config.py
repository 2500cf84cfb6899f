"""The course's settings, in one place.

Read by nbgrader (through nbgrader_config.py, when it runs from this folder) and by the
JupyterLab that `make lab` opens (which puts this folder on JUPYTER_CONFIG_PATH).
"""
import os

c = get_config()  # noqa: F821  (injected by traitlets when it loads this file)

COURSE_ROOT = os.path.dirname(os.path.abspath(__file__))

# --- the course ------------------------------------------------------------------------
c.CourseDirectory.course_id = "nn-architectures"
c.CourseDirectory.root = COURSE_ROOT
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(COURSE_ROOT, "gradebook.db")

# --- the student's notebook --------------------------------------------------------------
# What replaces each solution in the release.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# --- grading -------------------------------------------------------------------------------
# Seconds one cell may run while autograding; a slower cell is interrupted and scores 0,
# and the rest of the notebook still runs. Every reference solution's cells take seconds.
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True

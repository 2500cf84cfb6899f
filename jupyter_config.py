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
# Where Release puts assignments for students to fetch, and where they submit: a folder in the
# course (git-ignored), for a class on this one machine. A JupyterHub class points every user's
# configuration at one shared folder instead (see README, "A class on JupyterHub").
c.Exchange.root = os.path.join(COURSE_ROOT, "exchange")

# --- the student's notebook --------------------------------------------------------------
# What replaces each solution in the release.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# --- grading -------------------------------------------------------------------------------
# Seconds one cell may run while autograding (nbgrader's and the class grader's); a slower cell
# is interrupted and scores 0, and the rest of the notebook still runs. Every reference
# solution's cells take seconds.
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True

# GradingExecute is nbgrader's Execute with kernels on private IPC sockets (no port races), a
# kernel that dies before the first cell started again, and every graded cell guarded: the kernel
# is put back as it was at start before it, and a cell that did not run as written scores 0
# (autograder/pipeline/execute.py). TruncateOutput caps each cell's output in characters, where
# LimitOutput counts lines.
c.Autograde.autograde_preprocessors = [
    "autograder.pipeline.execute.GradingExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "autograder.pipeline.preprocessors.TruncateOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# --- grading a class (`python -m autograder grade A`; its --jobs and --timeout override) --------
# Students graded at once, each in a kernel of its own; each kernel also needs about 1 GB.
c.ClassGrading.jobs = 2
# Limits of each student's kernel in the sandbox (autograder/pipeline/sandbox.py).
c.ClassGrading.memory_bytes = 4 << 30  # address space; importing torch takes about 0.7 GB
c.ClassGrading.cpu_seconds = 600
c.ClassGrading.processes = 256  # processes and threads
c.ClassGrading.file_bytes = 64 << 20  # largest file written
c.ClassGrading.open_files = 1024
# The class report lists pairs of students whose solution cells are near-identical: each one's
# code (names and comments aside, the release's own code ignored) found in the other's at least
# this share (autograder/pipeline/similarity.py). A renamed copy scores 1.0; two students who wrote
# the same short function their own way score well below 0.9.
c.ClassGrading.similarity_threshold = 0.9

# --- collecting LMS downloads (`python -m autograder grade A --downloads DIR`) ----------------
# A downloaded notebook is named <student>_<notebook>.ipynb, e.g. ada_05_cnn.ipynb.
c.FileNameCollectorPlugin.named_regexp = (
    r"(?:.*/)?(?P<student_id>[^/_]+)_(?P<file_id>[^/]+\.ipynb)$"
)

# --- feedback ------------------------------------------------------------------------------
# The autograded notebooks that feedback is made from hold the hidden tests, and a failing
# cell's traceback quotes them: HideHiddenTests shows "# hidden tests" in their place and each
# error as one line, its type and message (autograder/pipeline/feedback.py). nbgrader's defaults otherwise.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "autograder.pipeline.feedback.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

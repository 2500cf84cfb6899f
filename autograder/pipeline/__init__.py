"""The instructor's class grading, built on nbgrader (``python -m autograder grade …``).

- Kernels: ``kernels`` (private IPC sockets), ``execute`` (nbgrader's Execute step with the
  guard around graded cells), ``sandbox`` and ``lifetime`` (bubblewrap, supervised), ``warm``
  (kernels forked from a preloaded template, for trusted code).
- A class: ``collect`` (LMS downloads), ``submission`` and ``tampering`` (what is graded, what
  looks like an attack), ``worker`` and ``batch`` (one student per worker, many at once),
  ``gradebook`` (merging into nbgrader's database), ``cells`` (reading graded cells).
- Results: ``reasons``, ``report`` (with ``report_rows``, ``failures``, ``flags`` and
  ``similarity``), ``export``, ``feedback``, ``preprocessors``, ``progress`` (the bar over students).
- Gradescope: ``gradescope`` (the autograder zip), ``gradescope_run`` (its ``run_autograder``),
  ``gradescope_results`` and ``gradescope_schema`` (``results.json`` and its schema).
- ``course_api`` and ``course_copy``: nbgrader's API over a course folder, and copies of one.
- ``quick_start``: imported first by the commands, to start without what they never use.
"""

"""Put the grading kernel back as it was at start before each graded cell, and count the cells
that ran to their end.

``snapshot()`` runs as the kernel starts, before any student code (the grader asks for it as soon
as the kernel answers, outside any cell). It records

- the attributes of numpy, torch, math, operator, some builtins and the ``autograder`` checks,
  and the ``sys.modules`` entries of those modules;
- IPython's execution machinery: input and AST transformers, the custom exception handler and
  traceback display, the event callbacks, the shell's and kernel's execution methods and
  message handlers, ``sys``'s output streams and its trace and import hooks.

Before each graded test cell the grader (``autograder.pipeline.execute``) calls ``begin(nonce)`` through
the execute request's ``user_expressions``, which IPython evaluates without any transformer.
It puts back whatever a submission replaced or added and returns ``(nonce, what it restored)``;
the graded cell then ends with a call to ``ran()``, and ``finish(nonce)`` after it tells the grader
whether the cell ran to that last line. So ``np.allclose = lambda *a, **k: True`` or an input
transformer that rewrites test cells no longer makes the hidden tests pass.

Code in the same process can still defeat any in-process guard: the sandbox protects the
machine; this guard raises the bar, and the grader's static scan (``autograder.pipeline.tampering``)
names the attempt for the instructor.
"""

from autograder.guard.state import MARKER, begin, finish, ran, restore, snapshot

__all__ = ["MARKER", "begin", "finish", "ran", "restore", "snapshot"]

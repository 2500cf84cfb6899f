"""Grading from the first changed cell: the fast path of the round-trip tests.

A typical-mistake submission differs from the reference solution in one or two cells, and every
cell before the first of them computes what the reference computed. The fast path runs the
reference once in a snapshot server (``server``), forks a kernel from it before a submission's
first changed cell, and from there runs only the cells the change can reach (``plan``, from the
names each cell binds and reads, ``names``); every other cell keeps the reference's outputs.
Graded cells run and are scored as nbgrader's autograde runs and scores them, guard included
(``execute``, ``grader``). Between cells the kernel is compared with the reference's (``probe``):
the data a changed cell may have mutated, by fingerprint, and the global random generators, by
digest. Where skipping would not give what running gives, the submission is graded again from
its first changed cell without skipping anything.

For the course's own code only (the forked kernels run outside the sandbox). The round trips
check it against nbgrader on a sample of every assignment (``tests/roundtrip.py``).
"""

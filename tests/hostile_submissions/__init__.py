"""Hostile and broken submissions of 00_setup, each with the score and reason it must get.

Most are the reference solution plus one cell of hostile code, built from the release at
test time so that they follow the assignment; ``empty.ipynb`` and ``not_json.ipynb`` here
are kept as the files a student would hand in. ``CANARY`` is written to ``source/`` by the
test, and must never reach a graded notebook.
"""

from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.pipeline import colab
from tests.roundtrip import graded_points, read_notebook, reference_submission

ASSIGNMENT = "00_setup"
FULL = sum(graded_points(ASSIGNMENT).values())
HERE = Path(__file__).parent
CANARY = "canary-7f3e91: solutions live here"
WRONG_SOLUTION = "def standardize(X):\n    return X"
PATCHES = """import numpy as np, autograder, autograder.checks.values
np.allclose = lambda *args, **kwargs: True
np.isclose = lambda a, b, **kwargs: np.ones(np.shape(a), bool)
autograder.check_close = autograder.checks.values.check_close = lambda *args, **kwargs: None"""
ALWAYS_EQUAL = """class AlwaysEqual:
    shape = (6, 3)
    def __eq__(self, other):
        return True

def standardize(X):
    return AlwaysEqual()"""
GUT = """def gut(lines):
    return ["pass\\n"] if any("check_" in line for line in lines) else lines
"""
INPUT_TRANSFORMER = GUT + "get_ipython().input_transformers_cleanup.append(gut)"
AST_TRANSFORMER = """import ast
class Gut(ast.NodeTransformer):
    def visit_Module(self, node):
        if "check_" in ast.unparse(node):
            node.body = []
        return node
get_ipython().ast_transformers.append(Gut())"""
CUSTOM_EXCEPTION = (
    "get_ipython().set_custom_exc((AssertionError,), "
    "lambda shell, etype, value, tb, tb_offset=None: None)"
)
TRACEBACK_DISPLAY = "get_ipython().showtraceback = lambda *args, **kwargs: None"
EVENT_CALLBACK = (
    GUT
    + """def sneak(info):
    if gut not in get_ipython().input_transformers_cleanup:
        get_ipython().input_transformers_cleanup.append(gut)
get_ipython().events.register("pre_run_cell", sneak)"""
)
KERNEL_OBJECT = """kernel = get_ipython().kernel
original = kernel.do_execute
async def do_execute(code, *args, **kwargs):
    return await original("pass" if "check_" in code else code, *args, **kwargs)
kernel.do_execute = do_execute"""
KERNEL_DROPS_GUARD = """kernel = get_ipython().kernel
original = kernel.do_execute
async def do_execute(code, silent, store_history=True, user_expressions=None, allow_stdin=False, **kwargs):
    code = "pass" if "check_" in code else code
    return await original(code, silent, store_history, {}, allow_stdin, **kwargs)
kernel.do_execute = do_execute"""
SYS_MODULES = """import sys, types
fake = types.ModuleType("autograder")
fake.__getattr__ = lambda name: (lambda *args, **kwargs: None)
sys.modules["autograder"] = fake"""
INSPECTS_FRAMES = """import gc, sys
frame = sys._getframe()
objects = len(gc.get_objects())"""
SHADOW_PACKAGE = "def __getattr__(name):\n    return lambda *args, **kwargs: None\n"
SKIPS_WHEN_GRADED = """import os
if os.environ.get("NBGRADER_EXECUTION"):
    def standardize(X):
        return X"""


@dataclass(frozen=True)
class Hostile:
    """A submission, the points it must score out of ``FULL``, words its reason must contain, words its
    flags for review by hand must contain (none: it must have no flags), and files handed in beside
    the notebook, as ``(path, text)``."""

    name: str
    score: float
    reason: str
    flag: str = ""
    files: tuple = ()


def with_cell(code: str, after: str | None = None, solution: str | None = None):
    """The reference submission with ``code`` in a new cell after the course's setup cell (the
    first code cell below the Colab one), or after the solution cell when ``after="solution"``;
    ``solution`` replaces the solution's code."""
    nb = reference_submission(ASSIGNMENT)
    index = next(
        i for i, c in enumerate(nb.cells) if c.cell_type == "code" and not colab.is_generated(c)
    )
    for i, cell in enumerate(nb.cells):
        if cell.metadata.get("nbgrader", {}).get("solution"):
            if solution is not None:
                cell.source = solution
            if after == "solution":
                index = i
    if code:
        nb.cells.insert(index + 1, nbformat.v4.new_code_cell(code))
    return nb


def edit_tests(nb, new_source=None, drop=None):
    for cell in list(nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            if meta["grade_id"] == drop:
                nb.cells.remove(cell)
            elif new_source is not None:
                cell.source = new_source
    return nb


def submissions(course_root: Path) -> dict[str, tuple[Hostile, object]]:
    """``{student: (expectation, notebook or raw file text)}`` for one class run."""
    source = course_root / "source"
    return {
        h.name: (h, nb)
        for h, nb in [
            (Hostile("honest", FULL, ""), reference_submission(ASSIGNMENT)),
            (Hostile("blank", 0, "NotImplementedError"), read_notebook("release", ASSIGNMENT)),
            (
                Hostile("wrong", 2, "test_standardize_moments: AssertionError"),
                with_cell("", solution=WRONG_SOLUTION),
            ),
            (
                Hostile("infinite_loop", FULL, "KeyboardInterrupt"),
                with_cell("while True:\n    pass"),
            ),
            (Hostile("exits", 0, "the kernel died"), with_cell("import os\nos._exit(0)")),
            (
                Hostile("segfault", 0, "the kernel died", "(ctypes)"),
                with_cell("import ctypes\nctypes.string_at(0)"),
            ),
            (Hostile("memory_bomb", FULL, "MemoryError"), with_cell("hog = bytearray(64 << 30)")),
            (
                Hostile("fork_bomb", 0, "did not answer the interrupt"),
                with_cell("import os\nwhile True:\n    os.fork()"),
            ),
            (
                Hostile("output_flood", FULL, "output truncated"),
                with_cell("print('x' * (16 << 20))"),
            ),
            (
                Hostile("edits_tests", FULL, "edited test cells restored"),
                edit_tests(reference_submission(ASSIGNMENT), new_source="pass"),
            ),
            (
                Hostile(
                    "deletes_a_test", FULL, "deleted test cells put back: test_standardize_moments"
                ),
                edit_tests(reference_submission(ASSIGNMENT), drop="test_standardize_moments"),
            ),
            (Hostile("not_json", 0, "not valid JSON"), (HERE / "not_json.ipynb").read_text()),
            (Hostile("empty", 0, "is an empty file"), (HERE / "empty.ipynb").read_text()),
            (
                Hostile("other_assignment", 0, "another assignment's notebook"),
                read_notebook("release", "01_perceptron"),
            ),
            (
                Hostile("reads_source", FULL, "FileNotFoundError", "(the notebook file)"),
                with_cell(
                    f"print(open({str(source / 'canary.txt')!r}).read())\n"
                    f"print(open({str(source / ASSIGNMENT / (ASSIGNMENT + '.ipynb'))!r}).read())"
                ),
            ),
            (
                Hostile("writes_gradebook", FULL, "gradebook.db"),
                with_cell(f"open({str(course_root / 'gradebook.db')!r}, 'w').write('gone')"),
            ),
            (
                Hostile("opens_a_socket", FULL, "Network is unreachable"),
                with_cell("import socket\nsocket.create_connection(('192.0.2.1', 80), timeout=5)"),
            ),
            (
                Hostile("monkeypatches_checks", 2, "grading guard restored: numpy.allclose"),
                with_cell(PATCHES, solution=WRONG_SOLUTION),
            ),
            (
                Hostile("always_equal", 1, "expected a numpy.ndarray"),
                with_cell(ALWAYS_EQUAL, after="solution"),
            ),
            (
                Hostile("detects_grading", FULL, "code reads NBGRADER_EXECUTION"),
                with_cell(SKIPS_WHEN_GRADED, after="solution"),
            ),
            (
                Hostile(
                    "input_transformer",
                    2,
                    "grading guard restored: IPython input_transformers_cleanup",
                    "(IPython's shell or kernel, IPython's execution hooks): "
                    "get_ipython().input_transformers_cleanup",
                ),
                with_cell(INPUT_TRANSFORMER, solution=WRONG_SOLUTION),
            ),
            (
                Hostile(
                    "ast_transformer",
                    2,
                    "grading guard restored: IPython ast_transformers",
                    "ast_transformers",
                ),
                with_cell(AST_TRANSFORMER, solution=WRONG_SOLUTION),
            ),
            (
                Hostile(
                    "custom_exception",
                    2,
                    "grading guard restored: IPython shell.CustomTB",
                    "set_custom_exc",
                ),
                with_cell(CUSTOM_EXCEPTION, solution=WRONG_SOLUTION),
            ),
            (
                Hostile(
                    "traceback_display",
                    2,
                    "grading guard restored: IPython shell.showtraceback",
                    "showtraceback",
                ),
                with_cell(TRACEBACK_DISPLAY, solution=WRONG_SOLUTION),
            ),
            (
                Hostile("event_callback", 2, "IPython event callbacks['pre_run_cell']", "events"),
                with_cell(EVENT_CALLBACK, solution=WRONG_SOLUTION),
            ),
            (
                Hostile(
                    "kernel_object",
                    2,
                    "grading guard restored: kernel.do_execute",
                    "get_ipython().kernel",
                ),
                with_cell(KERNEL_OBJECT, solution=WRONG_SOLUTION),
            ),
            (
                Hostile(
                    "kernel_drops_guard",
                    0,
                    "GradingError: the test cell did not run as written",
                    "get_ipython().kernel",
                ),
                with_cell(KERNEL_DROPS_GUARD, solution=WRONG_SOLUTION),
            ),
            (
                Hostile(
                    "sys_modules",
                    2,
                    "grading guard restored: sys.modules['autograder']",
                    "(sys.modules)",
                ),
                with_cell(SYS_MODULES, solution=WRONG_SOLUTION),
            ),
            (
                Hostile("inspects_frames", FULL, "possible tampering: review by hand", "(frames)"),
                with_cell(INSPECTS_FRAMES),
            ),
            (
                Hostile(
                    "shadows_a_package",
                    2,
                    "files the release does not ship were not graded: autograder",
                    files=(("autograder/__init__.py", SHADOW_PACKAGE),),
                ),
                with_cell("", solution=WRONG_SOLUTION),
            ),
        ]
    }

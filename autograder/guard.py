"""Undo a submission's monkeypatching of the modules that graded cells rely on.

The grading kernel calls ``snapshot()`` at start-up, before any student code runs; every
graded test cell then begins with ``GUARD_LINE`` (added by ``autograder.preprocessors``), which puts back each attribute of
numpy, torch, math, operator, builtins and the ``autograder`` checks that earlier cells
replaced or deleted, and prints which ones, where the class report finds them.
So ``np.allclose = lambda *a, **k: True`` in a solution cell no longer makes the hidden
tests pass. Code in the same process can still defeat any in-process guard: the sandbox
protects the machine; this guard only raises the bar, and the report names the attempt.
"""
import importlib
import sys

GUARD_LINE = "import autograder.guard as _grading_guard; _grading_guard.restore()  # grading guard"
GUARDED_MODULES = ("builtins", "math", "operator", "numpy", "numpy.testing", "numpy.linalg", "torch",
                   "torch.testing", "torch.nn.functional")
GUARDED_CLASSES = (("torch", "Tensor"),)
# IPython itself rebinds some builtins (``_``, ``display``) while cells run: guard only these.
GUARDED_BUILTINS = ("__import__", "abs", "all", "any", "bool", "float", "getattr", "hasattr", "int", "isinstance",
                    "issubclass", "len", "max", "min", "print", "repr", "round", "str", "sum", "type", "zip")
MARKER = "grading guard restored"

_saved: dict[str, tuple[object, dict]] = {}


def _targets():
    """Every (label, object whose attributes are guarded) that is importable now."""
    import autograder
    names = [*GUARDED_MODULES, *sorted(n for n in sys.modules if n == "autograder" or n.startswith("autograder."))]
    for name in names:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        yield name, module
        for owner, cls in GUARDED_CLASSES:
            if owner == name and hasattr(module, cls):
                yield f"{name}.{cls}", getattr(module, cls)
    del autograder


def snapshot() -> None:
    """Record the guarded modules' attributes (the kernel does this before student code runs)."""
    import autograder.values, autograder.reference, autograder.gradients, autograder.devices  # noqa: E401,F401
    for label, target in _targets():
        if label not in _saved:
            attributes = dict(vars(target))
            if label == "builtins":
                attributes = {k: attributes[k] for k in GUARDED_BUILTINS}
            _saved[label] = (target, attributes)


def restore() -> list[str]:
    """Put back every guarded attribute changed since ``snapshot``; return their names."""
    if not _saved:
        snapshot()
    restored = []
    for label, (target, attributes) in _saved.items():
        current = vars(target)
        for key, value in attributes.items():
            if current.get(key, _MISSING) is not value:
                try:
                    setattr(target, key, value)
                except (AttributeError, TypeError):
                    continue
                restored.append(f"{label}.{key}")
    if restored:
        print(f"{MARKER}: {', '.join(restored[:10])}")  # stdout: nbgrader fails a graded cell that writes to stderr
    return restored


_MISSING = object()

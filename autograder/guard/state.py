"""Record the kernel's guarded state at start, put it back before each graded cell, and count
the cells that ran to their end (see ``autograder.guard``)."""

import sys
import warnings

from autograder.guard.targets import GUARDED_BUILTINS, machinery, targets

MARKER = "grading guard restored"

_MISSING = object()
_saved: dict[str, tuple[object, dict]] = {}  # label -> (object, its guarded attributes)
_lists: list[tuple[str, list, list]] = []  # (label, the list, its items at start)
_dicts: list[tuple[str, dict, dict]] = []  # (label, the dict, its items at start)
_modules: dict[str, object] = {}  # sys.modules entries at start
_hooks: dict[str, object] = {}  # sys.gettrace() and sys.getprofile() at start
_cell = {"nonce": None, "ran": 0}


def snapshot() -> None:
    """Record what the guard restores (the kernel does this before student code runs).

    Also sends warnings to stdout: nbgrader scores 0 a graded cell that wrote to stderr, and
    a library's warning (torch's on ``float(loss)``) is no error of the student's.
    """
    import autograder.checks  # noqa: F401  (every check module, so that each is recorded)

    warnings.showwarning = _show_warning_on_stdout

    for label, target in targets():
        if label not in _saved:
            attributes = dict(vars(target))
            if label == "builtins":
                attributes = {k: attributes[k] for k in GUARDED_BUILTINS}
            _saved[label] = (target, attributes)
            _modules.setdefault(label, sys.modules.get(label, _MISSING))
    if _lists or _dicts:
        return
    owners, lists, dicts = machinery()
    for label, owner, names in owners:
        _saved[label] = (owner, {name: _own(owner, name) for name in names})
    _lists.extend((label, items, list(items)) for label, items in lists)
    _dicts.extend(
        (label, mapping, {k: list(v) if isinstance(v, list) else v for k, v in mapping.items()})
        for label, mapping in dicts
    )
    _hooks.update(trace=sys.gettrace(), profile=sys.getprofile())


def _show_warning_on_stdout(message, category, filename, lineno, file=None, line=None):
    sys.stdout.write(warnings.formatwarning(message, category, filename, lineno, line))


def restore() -> list[str]:
    """Put back everything recorded by ``snapshot`` that changed since; return what, by name."""
    if not _saved:
        snapshot()
    restored = []
    for name, module in _modules.items():
        if module is not _MISSING and sys.modules.get(name) is not module:
            sys.modules[name] = module
            restored.append(f"sys.modules[{name!r}]")
    for label, (target, attributes) in _saved.items():
        for key, value in attributes.items():
            replaced_by = _own(target, key)
            if _put_back(target, key, value) and not _wraps(replaced_by, value):
                restored.append(f"{label}.{key}")
    for label, items, original in _lists:
        if len(items) != len(original) or any(
            a is not b for a, b in zip(items, original, strict=True)
        ):
            items[:] = original
            restored.append(label)
    for label, mapping, original in _dicts:
        restored += [
            f"{label}[{key!r}]" for key in list(mapping) if _put_back_item(mapping, key, original)
        ]
    if sys.gettrace() is not _hooks.get("trace"):
        sys.settrace(_hooks.get("trace"))
        restored.append("sys.settrace")
    if sys.getprofile() is not _hooks.get("profile"):
        sys.setprofile(_hooks.get("profile"))
        restored.append("sys.setprofile")
    return restored


def _put_back(target, key: str, value) -> bool:
    """Give ``target`` its attribute ``key`` as recorded (``_MISSING``: not its own); say if it changed."""
    if _own(target, key) is value:
        return False
    try:
        if value is _MISSING:
            delattr(target, key)
        else:
            setattr(target, key, value)
    except (AttributeError, TypeError):
        return False
    return True


def _wraps(wrapper, original) -> bool:
    """Whether ``wrapper`` wraps ``original`` (``functools.wraps``), as libraries do: torch's dynamo
    wraps ``torch.manual_seed`` when it is first imported. Put back all the same, but not reported."""
    for _ in range(8):
        wrapper = getattr(wrapper, "__wrapped__", None)
        if wrapper is None:
            return False
        if wrapper is original:
            return True
    return False


def _own(owner, name: str):
    """``owner``'s own value of ``name``: a trait's value, else its ``__dict__`` entry or ``_MISSING``."""
    if (
        not isinstance(owner, type)
        and callable(getattr(owner, "has_trait", None))
        and owner.has_trait(name)
    ):
        return getattr(owner, name)
    return vars(owner).get(name, _MISSING)


def _put_back_item(mapping: dict, key, original: dict) -> bool:
    """Give ``mapping[key]`` its recorded value; in lists, keep only items the notebook did not add."""
    if key not in original:
        del mapping[key]
        return True
    current, value = mapping[key], original[key]
    if not isinstance(value, list):
        if current is value:
            return False
        mapping[key] = value
        return True
    # Libraries register callbacks as they are imported (matplotlib's inline figures): keep
    # those, drop callbacks defined in the notebook, put back any that were removed.
    kept = [c for c in current if any(c is v for v in value) or not _from_notebook(c)]
    kept += [v for v in value if not any(v is c for c in kept)]
    if len(kept) == len(current) and all(a is b for a, b in zip(kept, current, strict=True)):
        return False
    current[:] = kept
    return True


def _from_notebook(obj) -> bool:
    return "__main__" in (
        getattr(obj, "__module__", None),
        type(obj).__module__,
        getattr(getattr(obj, "__func__", None), "__module__", None),
    )


def begin(nonce: str) -> tuple[str, list[str]]:
    """Before a graded cell: restore everything, start counting ``ran()``; return ``(nonce, restored)``."""
    restored = restore()
    _cell.update(nonce=nonce, ran=0)
    return nonce, restored


def ran() -> None:
    """The graded cell's last line: it ran to its end."""
    _cell["ran"] += 1


def finish(nonce: str) -> tuple[str, int]:
    """After a graded cell: ``(nonce, how often ran() was called)``, or ``("", 0)`` out of turn."""
    count = _cell["ran"] if _cell["nonce"] == nonce else 0
    _cell.update(nonce=None, ran=0)
    return (nonce if count else ""), count

"""Put the grading kernel back as it was at start before each graded cell, and count the cells
that ran to their end.

``snapshot()`` runs as the kernel starts, before any student code (the grader asks for it as soon
as the kernel answers, outside any cell). It records

- the attributes of numpy, torch, math, operator, some builtins and the ``autograder`` checks,
  and the ``sys.modules`` entries of those modules;
- IPython's execution machinery: input and AST transformers, the custom exception handler and
  traceback display, the event callbacks, the shell's and kernel's execution methods and
  message handlers, ``sys``'s output streams and its trace and import hooks.

Before each graded test cell the grader (``autograder.execute``) calls ``begin(nonce)`` through
the execute request's ``user_expressions``, which IPython evaluates without any transformer.
It puts back whatever a submission replaced or added and returns ``(nonce, what it restored)``;
the graded cell then ends with a call to ``ran()``, and ``finish(nonce)`` after it tells the grader
whether the cell ran to that last line. So ``np.allclose = lambda *a, **k: True`` or an input
transformer that rewrites test cells no longer makes the hidden tests pass.

Code in the same process can still defeat any in-process guard: the sandbox protects the
machine; this guard raises the bar, and the grader's static scan (``autograder.tampering``)
names the attempt for the instructor.
"""
import importlib
import sys

GUARDED_MODULES = ("builtins", "math", "operator", "numpy", "numpy.testing", "numpy.linalg", "torch",
                   "torch.testing", "torch.nn.functional")
GUARDED_CLASSES = (("torch", "Tensor"),)
# IPython itself rebinds some builtins (``_``, ``display``) while cells run: guard only these.
GUARDED_BUILTINS = ("__import__", "abs", "all", "any", "bool", "callable", "compile", "eval", "exec", "float",
                    "getattr", "hasattr", "int", "isinstance", "issubclass", "len", "max", "min", "print", "repr",
                    "round", "setattr", "str", "sum", "type", "vars", "zip")
SHELL_ATTRIBUTES = ("input_transformer_manager", "compile", "displayhook", "display_pub", "display_formatter",
                    "events", "InteractiveTB", "SyntaxTB", "CustomTB", "custom_exceptions", "showtraceback",
                    "_showtraceback", "showsyntaxerror", "run_cell", "run_cell_async", "_run_cell", "run_ast_nodes",
                    "run_code", "transform_cell", "transform_ast", "should_run_async", "user_expressions", "ev",
                    "ex", "excepthook", "set_custom_exc")
SHELL_LISTS = ("input_transformers_cleanup", "input_transformers_post", "ast_transformers")
TRANSFORMER_LISTS = ("cleanup_transforms", "line_transforms", "token_transformers")
KERNEL_ATTRIBUTES = ("do_execute", "execute_request", "dispatch_shell", "process_one", "send_response",
                     "session", "shell", "shell_handlers", "control_handlers")
SESSION_ATTRIBUTES = ("send", "sign", "serialize", "msg")
# IPython swaps sys.displayhook and sys.excepthook around every cell and puts them back after it.
SYS_ATTRIBUTES = ("breakpointhook", "stdout", "stderr")
MARKER = "grading guard restored"

_MISSING = object()
_saved: dict[str, tuple[object, dict]] = {}  # label -> (object, its guarded attributes)
_lists: list[tuple[str, list, list]] = []  # (label, the list, its items at start)
_dicts: list[tuple[str, dict, dict]] = []  # (label, the dict, its items at start)
_modules: dict[str, object] = {}  # sys.modules entries at start
_hooks: dict[str, object] = {}  # sys.gettrace() and sys.getprofile() at start
_cell = {"nonce": None, "ran": 0}


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


def _machinery():
    """(label, object, attribute names) of IPython's execution machinery, and its lists and dicts."""
    shell = _shell()
    if shell is None:
        return [], [], []
    kernel = getattr(shell, "kernel", None)
    owners = [("IPython shell", shell, SHELL_ATTRIBUTES)]
    owners += [(f"IPython shell class {c.__name__}", c, SHELL_ATTRIBUTES) for c in type(shell).__mro__[:-1]]
    if kernel is not None:
        owners += [("kernel", kernel, KERNEL_ATTRIBUTES), ("kernel session", kernel.session, SESSION_ATTRIBUTES)]
        owners += [(f"kernel class {c.__name__}", c, KERNEL_ATTRIBUTES) for c in type(kernel).__mro__[:-1]]
    owners.append(("sys", sys, SYS_ATTRIBUTES))
    lists = [(f"IPython {name}", getattr(shell, name)) for name in SHELL_LISTS if hasattr(shell, name)]
    manager = shell.input_transformer_manager
    lists += [(f"IPython {name}", getattr(manager, name)) for name in TRANSFORMER_LISTS if hasattr(manager, name)]
    lists += [("sys.meta_path", sys.meta_path), ("sys.path_hooks", sys.path_hooks)]
    dicts = [("IPython event callbacks", shell.events.callbacks)]
    if kernel is not None:
        dicts += [("kernel shell handlers", kernel.shell_handlers), ("kernel control handlers", kernel.control_handlers)]
    return owners, lists, dicts


def _shell():
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None else None


def snapshot() -> None:
    """Record what the guard restores (the kernel does this before student code runs)."""
    import autograder.values, autograder.reference, autograder.gradients, autograder.devices  # noqa: E401,F401
    for label, target in _targets():
        if label not in _saved:
            attributes = dict(vars(target))
            if label == "builtins":
                attributes = {k: attributes[k] for k in GUARDED_BUILTINS}
            _saved[label] = (target, attributes)
            _modules.setdefault(label, sys.modules.get(label, _MISSING))
    if _lists or _dicts:
        return
    owners, lists, dicts = _machinery()
    for label, owner, names in owners:
        _saved[label] = (owner, {name: _own(owner, name) for name in names})
    _lists.extend((label, items, list(items)) for label, items in lists)
    _dicts.extend((label, mapping, {k: list(v) if isinstance(v, list) else v for k, v in mapping.items()})
                  for label, mapping in dicts)
    _hooks.update(trace=sys.gettrace(), profile=sys.getprofile())


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
        if len(items) != len(original) or any(a is not b for a, b in zip(items, original)):
            items[:] = original
            restored.append(label)
    for label, mapping, original in _dicts:
        restored += [f"{label}[{key!r}]" for key in list(mapping) if _put_back_item(mapping, key, original)]
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
    if not isinstance(owner, type) and callable(getattr(owner, "has_trait", None)) and owner.has_trait(name):
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
    if len(kept) == len(current) and all(a is b for a, b in zip(kept, current)):
        return False
    current[:] = kept
    return True


def _from_notebook(obj) -> bool:
    return "__main__" in (getattr(obj, "__module__", None), type(obj).__module__,
                          getattr(getattr(obj, "__func__", None), "__module__", None))


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

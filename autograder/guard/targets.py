"""What the grading guard records and restores: library modules' attributes and IPython's
execution machinery (see ``autograder.guard``)."""

import importlib
import sys

GUARDED_MODULES = (
    "builtins",
    "math",
    "operator",
    "numpy",
    "numpy.testing",
    "numpy.linalg",
    "torch",
    "torch.testing",
    "torch.nn.functional",
)
GUARDED_CLASSES = (("torch", "Tensor"),)
# IPython itself rebinds some builtins (``_``, ``display``) while cells run: guard only these.
GUARDED_BUILTINS = (
    "__import__",
    "abs",
    "all",
    "any",
    "bool",
    "callable",
    "compile",
    "eval",
    "exec",
    "float",
    "getattr",
    "hasattr",
    "int",
    "isinstance",
    "issubclass",
    "len",
    "max",
    "min",
    "print",
    "repr",
    "round",
    "setattr",
    "str",
    "sum",
    "type",
    "vars",
    "zip",
)
SHELL_ATTRIBUTES = (
    "input_transformer_manager",
    "compile",
    "displayhook",
    "display_pub",
    "display_formatter",
    "events",
    "InteractiveTB",
    "SyntaxTB",
    "CustomTB",
    "custom_exceptions",
    "showtraceback",
    "_showtraceback",
    "showsyntaxerror",
    "run_cell",
    "run_cell_async",
    "_run_cell",
    "run_ast_nodes",
    "run_code",
    "transform_cell",
    "transform_ast",
    "should_run_async",
    "user_expressions",
    "ev",
    "ex",
    "excepthook",
    "set_custom_exc",
)
SHELL_LISTS = ("input_transformers_cleanup", "input_transformers_post", "ast_transformers")
TRANSFORMER_LISTS = ("cleanup_transforms", "line_transforms", "token_transformers")
KERNEL_ATTRIBUTES = (
    "do_execute",
    "execute_request",
    "dispatch_shell",
    "process_one",
    "send_response",
    "session",
    "shell",
    "shell_handlers",
    "control_handlers",
)
SESSION_ATTRIBUTES = ("send", "sign", "serialize", "msg")
# IPython swaps sys.displayhook and sys.excepthook around every cell and puts them back after it.
SYS_ATTRIBUTES = ("breakpointhook", "stdout", "stderr")


def targets():
    """Every (label, object whose attributes are guarded) that is importable now."""
    import autograder

    names = [
        *GUARDED_MODULES,
        *sorted(n for n in sys.modules if n == "autograder" or n.startswith("autograder.")),
    ]
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


def machinery():
    """(label, object, attribute names) of IPython's execution machinery, and its lists and dicts."""
    shell = _shell()
    if shell is None:
        return [], [], []
    kernel = getattr(shell, "kernel", None)
    owners = [("IPython shell", shell, SHELL_ATTRIBUTES)]
    owners += [
        (f"IPython shell class {c.__name__}", c, SHELL_ATTRIBUTES) for c in type(shell).__mro__[:-1]
    ]
    if kernel is not None:
        owners += [
            ("kernel", kernel, KERNEL_ATTRIBUTES),
            ("kernel session", kernel.session, SESSION_ATTRIBUTES),
        ]
        owners += [
            (f"kernel class {c.__name__}", c, KERNEL_ATTRIBUTES) for c in type(kernel).__mro__[:-1]
        ]
    owners.append(("sys", sys, SYS_ATTRIBUTES))
    lists = [
        (f"IPython {name}", getattr(shell, name)) for name in SHELL_LISTS if hasattr(shell, name)
    ]
    manager = shell.input_transformer_manager
    lists += [
        (f"IPython {name}", getattr(manager, name))
        for name in TRANSFORMER_LISTS
        if hasattr(manager, name)
    ]
    lists += [("sys.meta_path", sys.meta_path), ("sys.path_hooks", sys.path_hooks)]
    dicts = [("IPython event callbacks", shell.events.callbacks)]
    if kernel is not None:
        dicts += [
            ("kernel shell handlers", kernel.shell_handlers),
            ("kernel control handlers", kernel.control_handlers),
        ]
    return owners, lists, dicts


def _shell():
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None else None

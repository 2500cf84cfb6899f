"""Tokens, vocabularies and merges compared as plain strings.

``check_equal`` sends values that hold strings here: a list of tokens, a list of
``(left, right)`` merges. Every string must be a built-in ``str`` (or numpy's) and every container a
list or tuple, so that no object can pass by overriding ``__eq__``.
"""

import numpy as np

from autograder.checks.convert import describe_kind, failure

_STRINGS = (str, np.str_)  # exactly these types: a subclass could override __eq__


def holds_text(value) -> bool:
    """Whether ``value`` is a string, or a list or tuple with a string somewhere inside."""
    if isinstance(value, str):
        return True
    return isinstance(value, (list, tuple)) and any(holds_text(item) for item in value)


def as_text(name: str, value, hint: str = ""):
    """``value`` rebuilt from plain ``str`` and ``tuple``; fail on anything else inside.

    Raises:
        AssertionError: ``"word_tokenize(...) holds an int at index 2; expected strings"``.
    """
    if type(value) in _STRINGS:
        return str(value)
    if not isinstance(value, (list, tuple)):
        raise failure(name, f"is {describe_kind(value)}", "strings, or a list of them", hint)
    items = []
    for i, item in enumerate(value):
        if type(item) not in _STRINGS and not isinstance(item, (list, tuple)):
            raise failure(name, f"holds {describe_kind(item)} at index {i}", "strings", hint)
        items.append(as_text(f"{name}[{i}]", item, hint))
    return tuple(items)


def text_difference(got, expected) -> tuple[str, str] | None:
    """``(found, expected)`` phrases for the first difference of two ``as_text`` values."""
    if got == expected:
        return None
    if isinstance(got, str) or isinstance(expected, str):
        return f"is {_show_all(got)}", _show_all(expected)
    for i, (g, e) in enumerate(zip(got, expected, strict=False)):
        if g != e:
            return (
                f"differs first at index {i}: {_show(g)}",
                f"{_show(e)} there ({_count(expected)})",
            )
    extra = got[len(expected) :] or expected[len(got) :]
    which = "has the extra" if len(got) > len(expected) else "lacks the last"
    return (
        f"has {_count(got)}: it {which} {_show(list(extra[:3]))}",
        _count(expected),
    )


def _count(value) -> str:
    return f"{len(value)} {'entry' if len(value) == 1 else 'entries'}"


def _show_all(value) -> str:
    return _show(list(value) if isinstance(value, tuple) else value)


def _show(value) -> str:
    text = repr(list(value) if isinstance(value, tuple) and not _is_pair(value) else value)
    return text if len(text) <= 80 else text[:77] + "..."


def _is_pair(value) -> bool:
    return len(value) == 2 and all(isinstance(v, str) for v in value)

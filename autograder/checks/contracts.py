"""What a call must leave alone and what must change its result: mistakes that pass a check of
one output. A function that edits its caller's array in place, a ``fit`` that continues from the
previous fit, and an ``epochs`` argument that is never read all return the right numbers once.

Results are compared as plain numbers (``as_array``); a ``torch.nn.Module`` result counts as
its ``state_dict``. torch is never imported here: it is found once the notebook has imported it.
"""

import contextlib
import inspect
import itertools
import random
import sys

import numpy as np

from autograder.checks.convert import as_array, at_index, describe_kind, failure, is_tensor, to_host
from autograder.checks.tolerances import get_tolerance

_CHANGED = "its inputs unchanged"


def check_inputs_unchanged(name: str, fn, *args, hint: str = "", **kwargs):
    """Call ``fn(*args, **kwargs)`` and fail if it changed any array or tensor it was given.

    Every ndarray and tensor among the arguments, also inside dicts, lists and tuples (a
    ``params`` dict, a ``cache`` tuple), is copied before the call and compared after it; a
    container entry replaced, added or removed counts as a change too. Catches dropout
    zeroing the caller's ``x``, a backward pass scaling the caller's ``dout``, in-place ReLU.

    Args:
        name: the student-facing name of the function, e.g. ``"dropout_forward"``.
        fn: the student's function or module. args, kwargs: what it is called with; an
            argument is named by its parameter name where ``fn``'s signature gives one.
        hint: how to avoid the change; keyword only (wrap an ``fn`` that takes ``hint`` in
            a lambda).

    Returns:
        What ``fn`` returned, for the checks that follow.

    Raises:
        AssertionError: ``"dropout_forward changed x in place at 3 of 12 entries, first at
            index (0, 2) (was 0.5, now 0); expected its inputs unchanged. {hint}"``.
        ValueError: if no argument holds an array or tensor, so there is nothing to watch.
    """
    _check_callable(name, fn, hint)
    labels = _argument_labels(fn, len(args))
    roots = list(zip(labels, args, strict=True)) + list(kwargs.items())
    before = [(label, leaf, _snapshot(leaf)) for label, leaf in _leaves(roots)]
    if not before:
        raise ValueError(f"check_inputs_unchanged({name!r}, ...) got no array or tensor to watch.")
    result = fn(*args, **kwargs)
    after = dict(_leaves(roots))
    for label, leaf, saved in before:
        if label not in after or after[label] is not leaf:
            verb = "removed" if label not in after else "replaced"
            raise failure(name, f"{verb} {label}", _CHANGED, hint)
        change = _change(leaf, saved)
        if change:
            raise failure(name, f"changed {label} in place {change}", _CHANGED, hint)
    added = sorted(set(after) - {label for label, _, _ in before})
    if added:
        raise failure(name, f"added {added[0]}", _CHANGED, hint)
    return result


def check_fresh_fit(
    name: str,
    make,
    fit,
    data_a: tuple,
    data_b: tuple,
    result,
    seed: int = 0,
    tol="float64",
    hint: str = "",
) -> None:
    """Fail unless fitting on ``data_a`` and then on ``data_b`` ends where one fit on ``data_b``
    ends: every fit must start afresh.

    Two objects come from ``make()``: one is fitted on A then B, the other on B only. Before
    each ``make`` and each ``fit`` the CPU random generators of python's ``random``, numpy's
    global state and torch (if imported) are reset to ``seed``, so both fits on B draw the
    same numbers; the generators are restored afterwards. An object that keeps its own
    generator must re-create it in ``fit``. Then ``result`` must agree within ``tol``, and
    each list attribute (``errors_``) must have the same length in both.

    Args:
        name: the student-facing name, e.g. ``"Perceptron.fit"``.
        make: ``make()`` returns a new unfitted object, e.g. ``lambda: Perceptron(epochs=5)``.
        fit: ``fit(obj, *data)`` fits it, e.g. ``Perceptron.fit``.
        data_a, data_b: the positional arguments of each fit, e.g. ``(X, y)``; same shapes,
            different values. A value that is not a tuple is passed as the only argument.
        result: an attribute name (``"w_"``), a tuple of them, or a function of the fitted
            object returning numbers or a ``torch.nn.Module``.
        seed: the seed the generators are reset to. tol: a name in ``TOLERANCES`` or an
            ``(rtol, atol)`` pair. hint: appended to the message.

    Raises:
        AssertionError: ``"Perceptron.fit continued from the previous fit (w_ differs from a
            fresh fit's by 2 at index (0,)); expected every fit to start afresh. {hint}"``,
            or ``"(errors_ has 8 entries, a fresh fit's 4)"`` for a list that grew.
    """
    get_tolerance(tol)
    readers = _readers(result)
    if not callable(make):
        raise TypeError(f"make must be a function returning a new object; got {make!r}.")
    _check_callable(name, fit, hint)
    with _generators_reset_to(seed) as reset:
        again = _made_and_fitted(make, fit, [data_a, data_b], reset)
        fresh = _made_and_fitted(make, fit, [data_b], reset)
    for label, read in readers:
        got, want = _numbers(label, read(again), hint), _numbers(label, read(fresh), hint)
        difference = _difference(got, want, tol)
        if difference:
            raise _continued(name, f"{label} {difference}", hint)
    grown = _grown_list(again, fresh)
    if grown:
        raise _continued(name, grown, hint)


def check_parameter_matters(
    name: str, fn, param: str, values, seed: int = 0, tol="float64", hint: str = ""
) -> list:
    """Fail if ``fn(**{param: v})`` gives the same result for two of ``values``.

    Each call starts from the same random state (see ``check_fresh_fit``), so a parameter
    that is never read gives equal results, not results that differ by chance. Catches
    ``epochs``, ``lr`` or ``batch_size`` accepted and then ignored.

    Args:
        name: the student-facing name of the function, e.g. ``"train_digits"``.
        fn: called with one keyword argument; bind the others with a lambda, e.g.
            ``lambda epochs: train_digits(X, y, epochs=epochs)``. Its result: numbers, a
            tensor or a ``torch.nn.Module`` (compared by its ``state_dict``).
        param: the keyword, e.g. ``"epochs"``. values: two or more values for it.
        seed: the seed the generators are reset to before each call. tol: results within
            it count as the same. hint: appended to the message.

    Returns:
        ``fn``'s results, one per value, for the checks that follow.

    Raises:
        AssertionError: ``"train_digits(epochs=1) and train_digits(epochs=3) gave the same
            result; expected epochs to change it. {hint}"``.
    """
    results = _results_by_value(name, fn, param, values, seed, tol, hint)
    for (call_a, _, a), (call_b, _, b) in itertools.combinations(results, 2):
        if a.shape == b.shape and _gap(a, b, tol) is None:
            raise failure(
                f"{call_a} and {call_b}", "gave the same result", f"{param} to change it", hint
            )
    return [raw for _, raw, _ in results]


def check_parameter_invariant(
    name: str, fn, param: str, values, seed: int = 0, tol="float64", hint: str = ""
) -> list:
    """Fail unless ``fn(**{param: v})`` gives the same result (within ``tol``) for every value.

    The converse of ``check_parameter_matters``, with the same arguments and random state.
    Catches an ``evaluate`` whose accuracy depends on ``batch_size`` (a mean of batch means
    with an uneven last batch), or a result that depends on ``device`` or ``progress``.

    Returns:
        ``fn``'s results, one per value.

    Raises:
        AssertionError: ``"evaluate(batch_size=16) and evaluate(batch_size=7) differ by
            0.0143 (got 0.7 and 0.714286); expected batch_size not to change the result."``.
    """
    results = _results_by_value(name, fn, param, values, seed, tol, hint)
    call_a, _, a = results[0]
    for call_b, _, b in results[1:]:
        if a.shape != b.shape:
            found = f"have shapes {a.shape} and {b.shape}"
        else:
            gap = _gap(a, b, tol)
            if gap is None:
                continue
            err, idx = gap
            found = f"differ by {err:.3g}{at_index(idx)} (got {a[idx]:.6g} and {b[idx]:.6g})"
        raise failure(f"{call_a} and {call_b}", found, f"{param} not to change the result", hint)
    return [raw for _, raw, _ in results]


@contextlib.contextmanager
def _generators_reset_to(seed: int):
    """Yield ``reset()``, which seeds python's, numpy's and torch's CPU generators with
    ``seed``; their states before the block are restored after it. CUDA's are left alone."""
    torch = sys.modules.get("torch")
    saved = random.getstate(), np.random.get_state(), torch and torch.get_rng_state()

    def reset():
        random.seed(seed)
        np.random.seed(seed)
        if torch is not None:
            torch.default_generator.manual_seed(seed)

    try:
        yield reset
    finally:
        random.setstate(saved[0])
        np.random.set_state(saved[1])
        if torch is not None:
            torch.set_rng_state(saved[2])


def _made_and_fitted(make, fit, datasets: list, reset):
    reset()
    obj = make()
    for data in datasets:
        reset()
        fit(obj, *(data if isinstance(data, tuple) else (data,)))
    return obj


def _continued(name: str, difference: str, hint: str) -> AssertionError:
    return failure(
        name, f"continued from the previous fit ({difference})", "every fit to start afresh", hint
    )


def _difference(got: np.ndarray, want: np.ndarray, tol) -> str:
    """``"differs from a fresh fit's by 2 at index (1,)"``, or ``""`` within ``tol``."""
    if got.shape != want.shape:
        return f"has shape {got.shape}, a fresh fit's {want.shape}"
    gap = _gap(got, want, tol)
    return f"differs from a fresh fit's by {gap[0]:.3g}{at_index(gap[1])}" if gap else ""


def _grown_list(again, fresh) -> str:
    """``"errors_ has 2 entries, a fresh fit's 1"`` for the first list attribute whose
    length differs between the two objects, or ``""``."""
    for attr, value in getattr(again, "__dict__", {}).items():
        other = getattr(fresh, "__dict__", {}).get(attr)
        if issubclass(type(value), list) and issubclass(type(other), list):
            if len(value) != len(other):
                return f"{attr} has {len(value)} entries, a fresh fit's {len(other)}"
    return ""


def _readers(result) -> list:
    """``[(label, obj -> value)]`` for an attribute name, a tuple of them, or a function."""
    if callable(result):
        return [("the result", result)]
    names = (result,) if isinstance(result, str) else tuple(result)
    if not names or not all(isinstance(n, str) for n in names):
        raise TypeError(
            f"result must be an attribute name, a tuple of them or a function; got {result!r}."
        )
    return [(n, lambda obj, n=n: getattr(obj, n)) for n in names]


def _results_by_value(name, fn, param, values, seed, tol, hint) -> list:
    """``[(call, raw result, numbers)]``, one per value, each call from the same random state."""
    get_tolerance(tol)
    _check_callable(name, fn, hint)
    values = list(values)
    if len(values) < 2:
        raise ValueError(f"{param} needs two or more values to compare; got {values!r}.")
    results = []
    with _generators_reset_to(seed) as reset:
        for value in values:
            call = f"{name}({param}={value!r})"
            reset()
            raw = fn(**{param: value})
            results.append((call, raw, _numbers(call, raw, hint)))
    return results


def _numbers(name: str, value, hint: str) -> np.ndarray:
    """``value`` as numbers; a module as its ``state_dict`` entries, flattened and joined."""
    torch = sys.modules.get("torch")
    if torch is not None and issubclass(type(value), torch.nn.Module):
        parts = [
            as_array(f"{name}.{k}", to_host(t), hint).ravel() for k, t in value.state_dict().items()
        ]
        return np.concatenate(parts) if parts else np.zeros(0)
    return as_array(name, to_host(value), hint)


def _gap(a: np.ndarray, b: np.ndarray, tol):
    """None if ``a`` and ``b`` agree within ``tol`` (NaN/inf in the same places); else the
    largest ``|a - b|`` (inf where only one is NaN/inf) and its index."""
    rtol, atol = get_tolerance(tol)
    a, b = a.astype(np.float64), b.astype(np.float64)
    same = (a == b) | (np.isnan(a) & np.isnan(b))
    with np.errstate(invalid="ignore"):
        err = np.where(same, 0.0, np.nan_to_num(np.abs(a - b), nan=np.inf))
    bound = atol + rtol * np.where(np.isfinite(b), np.abs(b), 0.0)
    if np.all(err <= bound):
        return None
    idx = np.unravel_index(np.argmax(err - bound), err.shape)
    return float(err[idx]), idx


def _check_callable(name: str, fn, hint: str) -> None:
    if not callable(fn):
        raise failure(name, f"is {describe_kind(fn)}", "a function", hint)


def _argument_labels(fn, count: int) -> list[str]:
    """The parameter name of each positional argument (``"x"``), else ``"argument 2"``."""
    torch = sys.modules.get("torch")
    if torch is not None and issubclass(type(fn), torch.nn.Module):
        fn = fn.forward
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):  # builtins without a signature
        params = []
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    names = [p.name for p in params if p.kind in positional]
    return [names[i] if i < len(names) else f"argument {i}" for i in range(count)]


def _watched(value) -> bool:
    """An ndarray of numbers or a tensor with data: what ``check_inputs_unchanged`` compares."""
    if issubclass(type(value), np.ndarray):
        return value.dtype.kind in "biuf"
    return is_tensor(value) and value.device.type != "meta" and not value.is_complex()


def _leaves(items, seen=None):
    """``(label, array)`` for every watched array in ``items``, through dicts, lists, tuples."""
    seen = set() if seen is None else seen
    for label, value in items:
        if _watched(value):
            yield label, value
        elif isinstance(value, (dict, list, tuple)) and id(value) not in seen:
            seen.add(id(value))
            entries = value.items() if isinstance(value, dict) else enumerate(value)
            yield from _leaves(((f"{label}[{k!r}]", v) for k, v in entries), seen)


def _snapshot(leaf):
    return leaf.detach().clone() if is_tensor(leaf) else np.array(leaf, subok=False)


def _change(leaf, saved) -> str:
    """``"at 3 of 12 entries, first at index (0, 2) (was 0.5, now 0)"``, or ``""``."""
    if tuple(leaf.shape) != tuple(saved.shape):
        return f"from shape {tuple(saved.shape)} to {tuple(leaf.shape)}"
    now, was = as_array("input", to_host(leaf)), as_array("input", to_host(saved))
    differ = (now != was) & ~(np.isnan(now) & np.isnan(was))
    if not differ.any():
        return ""
    idx = tuple(np.argwhere(differ)[0])
    first = f", first{at_index(idx)}" if now.ndim else ""
    return (
        f"at {differ.sum()} of {differ.size} entries{first} "
        f"(was {was[idx]:.6g}, now {now[idx]:.6g})"
    )

"""Counting a model's parameters, and checking the count."""

import numbers
import sys

from autograder.checks.convert import describe_kind, failure

_MAX_LISTED = 12


def count_parameters(model) -> int:
    """Total ``numel`` of a ``torch.nn.Module``'s parameters: buffers excluded, shared ones once."""
    return _count("model", model, "")


def check_param_count(name: str, model, expected, hint: str = "") -> None:
    """Fail unless ``model`` has ``expected`` parameters (buffers such as BatchNorm's
    running statistics are not parameters).

    Args:
        name: the student-facing name, e.g. ``"model"``.
        model: the student's ``torch.nn.Module``.
        expected: an int, or a reference ``torch.nn.Module`` whose count is expected.
        hint: appended to the message's first line, ``model has 1,290 parameters; expected
            1,300.``; one line follows listing each parameter (name, shape, numel) of the
            student's model, and one for the reference's when one was given.
    """
    got = _count(name, model, hint)
    reference = None if isinstance(expected, numbers.Integral) else expected
    want = int(expected) if reference is None else _count("the reference model", reference, "")
    if got != want:
        lines = [
            str(failure(name, f"has {got:,} parameters", f"{want:,}", hint)),
            f"  per layer (got): {_breakdown(model)}",
        ]
        if reference is not None:
            lines.append(f"  per layer (expected): {_breakdown(reference)}")
        raise AssertionError("\n".join(lines))


def _count(name: str, model, hint: str) -> int:
    torch = sys.modules.get("torch")
    if torch is None or not issubclass(type(model), torch.nn.Module):
        raise failure(name, f"is {describe_kind(model)}", "a torch.nn.Module", hint)
    if any(torch.nn.parameter.is_lazy(p) for p in model.parameters()):
        raise failure(
            name,
            "has uninitialised (lazy) parameters",
            "initialised ones",
            "Run one forward pass before counting.",
        )
    return sum(p.numel() for p in model.parameters())


def _breakdown(model) -> str:
    """``"fc1.weight (10, 64) 640, fc1.bias (10,) 10, ..."``."""
    named = list(model.named_parameters())
    parts = [f"{n} {tuple(p.shape)} {p.numel():,}" for n, p in named[:_MAX_LISTED]]
    if len(named) > _MAX_LISTED:
        parts.append(f"... ({len(named) - _MAX_LISTED} more)")
    return ", ".join(parts) or "(no parameters)"

"""Checks on a student's ``torch.nn.Module``: its layers against the spec, the families of layers
it uses, and the device of the targets its training step hands the loss.

torch is never imported here: layers are matched by the types the notebook passes in or by
class name, and the device check uses the torch the notebook imported.
"""

import sys

from autograder.checks.convert import describe_kind, failure, is_tensor, loaded_torch
from autograder.checks.devices import on_meta


class _Stop(BaseException):
    """Ends the student's function at the loss call; a ``BaseException`` so that a student's
    ``except Exception`` cannot swallow it."""


def check_layers(name: str, module, expected, hint: str = "") -> None:
    """Fail unless ``module``'s layers, in registration order, match ``expected`` one by one.

    The layers are the leaf modules of ``module.named_modules()`` (containers such as
    ``nn.Sequential`` or a student's block class are looked into, not counted; a layer
    registered twice counts twice). Functions called in ``forward`` (``F.relu``) are not layers.

    Args:
        name: the student-facing name, e.g. ``"DigitsCNN"``.
        module: the student's ``torch.nn.Module``.
        expected: one entry per layer: a type (``nn.ReLU``, subclasses match), a class name
            (``"ReLU"`` or ``"nn.ReLU"``, also matching subclasses), or a pair of either with
            attributes, ``(nn.Conv2d, {"kernel_size": 3, "bias": False})``. An int matches a
            tuple of equal ints (``3`` matches ``(3, 3)``); a bool for ``bias`` (or another
            parameter) says whether the layer has one.
        hint: appended to the message.

    Raises:
        AssertionError: ``"DigitsCNN's layers differ at position 6 (features.6): found
            MaxPool2d where the spec has ReLU; expected [Conv2d(bias=False), ...]. {hint}"``.
        TypeError: for an entry of ``expected`` that is none of the above.
    """
    torch = sys.modules.get("torch")
    if torch is None or not issubclass(type(module), torch.nn.Module):
        raise failure(name, f"is {describe_kind(module)}", "a torch.nn.Module", hint)
    if isinstance(expected, (str, dict)):
        raise TypeError(f"expected must be a list of layers; got {expected!r}.")
    specs = [_spec(entry) for entry in expected]
    layers = [
        (path, layer)
        for path, layer in module.named_modules(remove_duplicate=False)
        if next(layer.children(), None) is None
    ]
    for i in range(max(len(layers), len(specs))):
        path, layer = layers[i] if i < len(layers) else ("", None)
        problem = _mismatch(layer, specs[i] if i < len(specs) else None)
        if problem:
            raise failure(
                f"{name}'s layers",
                f"differ at position {i}{f' ({path})' if path else ''}: {problem}",
                f"[{', '.join(_show_spec(s) for s in specs)}]",
                hint,
            )


def check_uses(name: str, model, kinds, hint: str = "") -> None:
    """Fail unless ``model`` contains at least one module of one of ``kinds``.

    Args:
        name: the student-facing name, e.g. ``"sequence_model"``.
        model: the student's ``torch.nn.Module``.
        kinds: a tuple of module types, e.g. ``(nn.LSTM, nn.GRU, nn.TransformerEncoderLayer)``;
            subclasses match.
        hint: appended to the message.

    Raises:
        AssertionError: ``"sequence_model uses only Embedding, Flatten, Linear, ReLU; expected a
            module of one of LSTM, GRU, ... . {hint}"``.
    """
    torch = loaded_torch()
    if not isinstance(model, torch.nn.Module):
        raise failure(name, f"is {describe_kind(model)}", "a torch.nn.Module", hint)
    kinds = tuple(kinds)
    if any(isinstance(module, kinds) for module in model.modules()):
        return
    used = sorted({type(m).__name__ for m in model.modules() if next(m.children(), None) is None})
    raise failure(
        name,
        f"uses only {', '.join(used) or 'no layers'}",
        f"a module of one of {', '.join(kind.__name__ for kind in kinds)}",
        hint,
    )


def check_targets_moved(name: str, run, model, hint: str = "") -> None:
    """Fail unless ``run(model_on_meta, loss_fn, meta_device)`` calls the model on a batch on
    that device and then ``loss_fn`` with every tensor (outputs and targets) on it.

    Like ``check_batches_moved``, it works on a CPU-only machine: the model is a copy on
    PyTorch's ``meta`` device, and ``loss_fn`` is a stand-in module that records the devices
    of its arguments and ends the run at its first call, before any value is read.

    Args:
        name: the student-facing name of the function, e.g. ``"train_epoch"``.
        run: ``run(model, loss_fn, device)`` calls the student's function with them, e.g.
            ``lambda m, loss_fn, dev: train_epoch(m, loader, loss_fn, SGD(m.parameters(),
            lr=0.1), dev)``.
        model: a small ``torch.nn.Module``; the original stays where it is.
        hint: appended to the message.

    Raises:
        AssertionError: ``"train_epoch passed loss_fn the targets on cpu; expected the
            targets on the device it was given (meta). {hint}"``; also when the model is
            never called, gets a batch elsewhere, or the given ``loss_fn`` is never called.
    """
    torch = loaded_torch()
    if not callable(run) or not issubclass(type(model), torch.nn.Module):
        raise TypeError(
            f"run must be a function and model a torch.nn.Module; got {run!r}, {model!r}."
        )
    meta = torch.device("meta")
    seen = {"batch": None, "loss": None}
    model = on_meta(model)
    handle = model.register_forward_pre_hook(lambda module, args: _record_batch(seen, args, meta))
    try:
        run(model, _recording_loss(torch, seen), meta)
    except _Stop:
        pass
    except Exception as err:  # e.g. .item() on meta after a loss computed without loss_fn
        if seen["batch"] != meta or seen["loss"] is not None:
            raise
        found = (
            f"never called the loss_fn it was given ({type(err).__name__} after the forward pass)"
        )
        raise failure(name, found, "loss_fn(outputs, y) on each batch", hint) from err
    finally:
        handle.remove()
    _report_devices(name, seen, meta, hint)


def _record_batch(seen: dict, args: tuple, meta) -> None:
    first = next((a for a in args if is_tensor(a)), None)
    seen["batch"] = "no tensor" if first is None else first.device
    if seen["batch"] != meta:
        raise _Stop


def _recording_loss(torch, seen: dict):
    """A loss module that records ``[(label, device)]`` of its tensor arguments, then stops."""

    class RecordingLoss(torch.nn.Module):
        def forward(self, *args, **kwargs):
            labels = ["the model's output", "the targets"]
            named = [(labels[i] if i < 2 else f"argument {i}", a) for i, a in enumerate(args)]
            named += list(kwargs.items())
            seen["loss"] = [(label, a.device) for label, a in named if is_tensor(a)]
            raise _Stop

    return RecordingLoss()


def _report_devices(name: str, seen: dict, meta, hint: str) -> None:
    if seen["batch"] is None:
        raise failure(name, "never called the model", "at least one forward pass", hint)
    if seen["batch"] != meta:
        raise failure(
            name,
            f"passed the model a batch on {seen['batch']}",
            f"a batch on the device it was given ({meta})",
            hint,
        )
    if seen["loss"] is None:
        raise failure(
            name, "never called the loss_fn it was given", "loss_fn(outputs, y) on each batch", hint
        )
    for label, device in seen["loss"]:
        if device != meta:
            raise failure(
                name,
                f"passed loss_fn {label} on {device}",
                f"{label} on the device it was given ({meta})",
                hint,
            )


def _spec(entry) -> tuple:
    """``(type or class name, {attribute: value})`` from one entry of ``expected``."""
    kind, attrs = entry if isinstance(entry, tuple) and len(entry) == 2 else (entry, {})
    if isinstance(kind, str):
        kind = kind.rsplit(".", 1)[-1]
    if not isinstance(kind, (str, type)) or not isinstance(attrs, dict):
        raise TypeError(
            "each expected layer must be a type, a class name or a (type, {attribute: value}) "
            f"pair; got {entry!r}."
        )
    return kind, attrs


def _show_spec(spec: tuple) -> str:
    """``"Conv2d(kernel_size=3, bias=False)"`` or ``"ReLU"``."""
    kind, attrs = spec
    shown = kind if isinstance(kind, str) else kind.__name__
    return f"{shown}({', '.join(f'{k}={v!r}' for k, v in attrs.items())})" if attrs else shown


def _mismatch(layer, spec) -> str:
    """``"found ReLU where the spec has MaxPool2d"``, or ``""`` if ``layer`` fits ``spec``."""
    if spec is None:
        return f"found {type(layer).__name__} after the spec's last layer"
    if layer is None:
        return f"found no more layers where the spec has {_show_spec(spec)}"
    kind, attrs = spec
    classes = type(layer).__mro__
    if not (kind in classes if isinstance(kind, type) else kind in {c.__name__ for c in classes}):
        return f"found {type(layer).__name__} where the spec has {_show_spec(spec)}"
    for attr, want in attrs.items():
        got = getattr(layer, attr, _MISSING)
        if got is _MISSING:
            return (
                f"found {type(layer).__name__} without {attr} where the spec has {_show_spec(spec)}"
            )
        got = (
            (got is not None) if isinstance(want, bool) and (got is None or is_tensor(got)) else got
        )
        if not _same_setting(got, want):
            return f"found {type(layer).__name__} with {attr}={got!r} where the spec has {_show_spec(spec)}"
    return ""


_MISSING = object()


def _same_setting(got, want) -> bool:
    """Equal plain values, an int matching a tuple of equal ints (``3`` and ``(3, 3)``)."""
    if isinstance(got, tuple) and type(want) is int:
        want = (want,) * len(got)
    if isinstance(want, tuple) and type(got) is int:
        got = (got,) * len(want)
    if isinstance(got, tuple) and isinstance(want, tuple):
        return len(got) == len(want) and all(map(_same_setting, got, want))
    numbers = (int, float)
    if type(got) in numbers and type(want) in numbers:
        return float(got) == float(want)
    return type(got) is type(want) and type(got) in (bool, str, type(None)) and got == want

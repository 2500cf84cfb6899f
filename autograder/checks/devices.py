"""Checks that code honours the device it is given, and the mode it runs a model in.

A CPU-only machine cannot tell "moved to the device" from "left on the CPU", so these
checks hand the student's code a model on PyTorch's ``meta`` device: tensors there have
shapes but no data, and a batch left on the CPU shows up as a CPU tensor at the model's
first forward call. The probe stops the student's function at that call, before any
arithmetic, so it works on every machine and never needs a GPU. ``check_returned_on_cpu`` lets
the function run to its end instead, with copies of ``meta`` tensors to the CPU allowed.
"""

import copy

from autograder.checks.convert import describe_kind, failure, loaded_torch


class _Stop(BaseException):
    """Raised by the probe's hook to end the student's function at the first forward call.

    A ``BaseException`` so that a student's ``except Exception`` cannot swallow it.
    """


def probe_forward(run, model) -> dict:
    """Call ``run(model)`` and record the model's first forward call, then stop it there.

    Args:
        run: a function of the model that is expected to call it, e.g.
            ``lambda m: train_epoch(m, loader, loss_fn, opt, device)``.
        model: a ``torch.nn.Module``; a forward pre-hook is attached for the call only.

    Returns:
        ``{"called": bool, "device": torch.device | None, "training": bool | None,
        "grad_enabled": bool | None}``, the state seen at the first forward call.
    """
    torch = loaded_torch()
    seen = {"called": False, "device": None, "training": None, "grad_enabled": None}

    def hook(module, args):
        first = next((a for a in args if isinstance(a, torch.Tensor)), None)
        seen.update(
            called=True,
            device=None if first is None else first.device,
            training=module.training,
            grad_enabled=torch.is_grad_enabled(),
        )
        raise _Stop

    handle = model.register_forward_pre_hook(hook)
    try:
        run(model)
    except _Stop:
        pass
    finally:
        handle.remove()
    return seen


def on_meta(model):
    """A copy of ``model`` on the ``meta`` device (the original is untouched)."""
    return copy.deepcopy(model).to("meta")


def check_batches_moved(name: str, run, model, hint: str = "") -> None:
    """Fail unless ``run(model_on_meta, meta_device)`` hands the model its batches on that device.

    Args:
        name: the student-facing name of the function, e.g. ``"train_epoch"``.
        run: ``run(model, device)`` calls the student's function with that model and device.
        model: a small ``torch.nn.Module``; a copy of it is moved to ``meta``.
    """
    torch = loaded_torch()
    meta = torch.device("meta")
    seen = _probe_called(name, lambda m: run(m, meta), on_meta(model), hint)
    if seen["device"] != meta:
        raise failure(
            name,
            f"passed the model a batch on {seen['device']}",
            f"a batch on the device it was given ({meta})",
            hint,
        )


def check_forward_mode(
    name: str, run, model, training: bool, grad_enabled: bool, hint: str = ""
) -> None:
    """Fail unless ``run(model)`` calls the model in the given mode and gradient state.

    Args:
        name: the student-facing name of the function.
        run: ``run(model)`` calls the student's function with that model.
        model: a ``torch.nn.Module``; it is put in the opposite mode first, so that only
            code that sets the mode itself passes.
        training: whether ``model.training`` must be True at the forward call.
        grad_enabled: whether gradients must be recorded there.
    """
    model.train(not training)
    seen = _probe_called(name, run, model, hint)
    if seen["training"] != training:
        got = "training" if seen["training"] else "eval"
        raise failure(
            name,
            f"called the model in {got} mode",
            f"{'training' if training else 'eval'} mode",
            hint,
        )
    if seen["grad_enabled"] != grad_enabled:
        got = "with" if seen["grad_enabled"] else "without"
        raise failure(
            name,
            f"called the model {got} gradient tracking",
            f"{'with' if grad_enabled else 'without'} it",
            hint,
        )


def check_on_device(name: str, value, device, hint: str = "") -> None:
    """Fail unless a tensor, or every parameter and buffer of a module, is on ``device``.

    Args:
        name: the student-facing name, e.g. ``"model"`` or ``"logits"``.
        value: a ``torch.Tensor`` or ``torch.nn.Module``.
        device: the expected device; ``"cuda"`` matches ``"cuda:0"`` and so on.
    """
    torch = loaded_torch()
    want = torch.device(device)
    if isinstance(value, torch.nn.Module):
        tensors = list(value.named_parameters()) + list(value.named_buffers())
    elif isinstance(value, torch.Tensor):
        tensors = [("", value)]
    else:
        raise failure(name, f"is {describe_kind(value)}", "a torch.Tensor or torch.nn.Module", hint)
    for label, tensor in tensors:
        if not _same_device(tensor.device, want):
            where = f"{name}.{label}" if label else name
            raise failure(where, f"is on {tensor.device}", f"on {want}", hint)


def check_returned_on_cpu(name: str, run, model, hint: str = "") -> None:
    """Fail unless ``run(model_on_meta, meta_device)`` returns a tensor on the CPU.

    A CPU-only machine cannot tell "brought back to the CPU" from "left on the device", so the
    student's code gets a copy of ``model`` on ``meta``; while it runs, a copy of a ``meta``
    tensor to the CPU (``.cpu()``, ``.to("cpu")``, ``.to(other_cpu_tensor)``) gives an
    uninitialized CPU tensor of the same shape and dtype instead of failing, as ``meta`` holds
    no data to copy, and reading one (``.tolist()``, ``.numpy()``, ``.item()``) reads such a
    tensor. Only the returned tensor's device is checked, never its values; code that ``meta``
    cannot run otherwise makes the probe inconclusive, and the check passes.

    Args:
        name: the student-facing name of the function, e.g. ``"predict"``.
        run: ``run(model, device)`` calls the student's function with that model and device and
            returns its result.
        model: a small ``torch.nn.Module``; a copy of it is moved to ``meta``.
    """
    torch = loaded_torch()
    try:
        with _copies_off_meta():
            got = run(on_meta(model), torch.device("meta"))
    except NotImplementedError as err:
        if _meta_cannot_run(err):
            return
        raise
    if not isinstance(got, torch.Tensor):
        raise failure(name, f"returned {describe_kind(got)}", "a torch.Tensor", hint)
    if got.device.type != "cpu":
        raise failure(
            name,
            f"returned its result on {got.device} when the model was there",
            "it on the CPU whatever the model's device",
            hint,
        )


def _copies_off_meta():
    """A torch function mode in which copies of ``meta`` tensors to the CPU succeed."""
    torch = loaded_torch()
    reads = {
        torch.Tensor.cpu,
        torch.Tensor.to,
        torch.Tensor.tolist,
        torch.Tensor.numpy,
        torch.Tensor.item,
    }

    class CopiesOffMeta(torch.overrides.TorchFunctionMode):
        def __torch_function__(self, func, types, args=(), kwargs=None):
            kwargs = kwargs or {}
            source = args[0] if args else None
            if func in reads and isinstance(source, torch.Tensor) and source.is_meta:
                stand_in = torch.zeros(source.shape, dtype=source.dtype)
                moved = func(stand_in, *args[1:], **kwargs)
                if func is not torch.Tensor.to or moved.device.type == "cpu":
                    return moved
            return func(*args, **kwargs)

    return CopiesOffMeta()


def check_device_agnostic(name: str, model, example, hint: str = "", cpu_args: tuple = ()) -> None:
    """Fail unless a copy of ``model`` on ``meta`` maps a ``meta`` copy of ``example`` to a
    ``meta`` output of the same shape as on the CPU.

    Catches tensors created inside ``forward`` without ``device=`` (an ``h0`` of zeros), which
    work on a laptop and break on a GPU, and lengths moved to the device, where
    ``pack_padded_sequence`` refuses them. An operation that ``meta`` cannot run because it
    reads values (``pad_packed_sequence`` copies data) makes the probe inconclusive: the
    check then passes rather than fail correct code.

    Args:
        name: the student-facing name of the model.
        model: the module under test, on the CPU; a copy goes to ``meta``.
        example: the batch, moved to ``meta`` for the probe.
        hint: appended to the failure message.
        cpu_args: further arguments that stay on the CPU on every device, e.g. ``lengths``.

    Shape:
        - example: a batch the model accepts, on the CPU
    """
    torch = loaded_torch()
    with torch.no_grad():
        want = tuple(model.eval()(example, *cpu_args).shape)
        try:
            out = on_meta(model).eval()(example.to("meta"), *cpu_args)
        except NotImplementedError as err:
            if _meta_cannot_run(err):
                return
            raise _not_agnostic(name, err, hint) from None
        except (RuntimeError, TypeError, ValueError) as err:
            raise _not_agnostic(name, err, hint) from None
    check_on_device(f"{name}'s output", out, "meta", hint)
    if tuple(out.shape) != want:
        raise failure(
            f"{name}'s output",
            f"has shape {tuple(out.shape)} on another device",
            f"{want}, as on the CPU",
            hint,
        )


def _meta_cannot_run(err: NotImplementedError) -> bool:
    """Whether ``err`` says the ``meta`` device lacks an operation: the probe is inconclusive."""
    return "meta" in str(err)


def _not_agnostic(name: str, err: Exception, hint: str) -> AssertionError:
    return failure(
        name,
        f"failed on a device other than the CPU ({type(err).__name__}: {err})",
        "the same code to run on any device",
        hint,
    )


def _probe_called(name, run, model, hint):
    seen = probe_forward(run, model)
    if not seen["called"]:
        raise failure(name, "never called the model", "at least one forward pass", hint)
    return seen


def _same_device(got, want) -> bool:
    if got.type != want.type:
        return False
    return want.index is None or (got.index or 0) == want.index

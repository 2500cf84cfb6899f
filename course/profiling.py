"""What a forward pass costs: the peak memory of a call, and the FLOPs of a model.

Used in: 09_architecture_design.
"""

import contextlib
import os
import sys

import torch
from torch.profiler import ProfilerActivity, profile
from torch.utils.flop_counter import FlopCounterMode


def peak_memory(fn, device) -> int:
    """Bytes allocated at the peak while ``fn()`` runs, above what was allocated before.

    On CUDA this is the allocator's own peak (``torch.cuda.max_memory_allocated``, reset
    first). On the CPU it comes from ``torch.profiler`` with ``profile_memory=True``: each
    operator's own allocations (positive) and frees (negative), summed in the order they
    happened; the peak is the largest running total. The CPU count sees one total per
    operator, so memory that an operator allocates and frees inside itself is missed.

    Args:
        fn: a function of no arguments, e.g. ``lambda: model(X)``.
        device: ``"cpu"``, ``"cuda"`` or a ``torch.device`` of either type.

    Returns:
        The peak in bytes, 0 if ``fn`` allocated nothing that it kept at any time.

    Used in: 09_architecture_design.
    """
    if not callable(fn):
        raise TypeError(f"fn must be a function of no arguments; got a {type(fn).__name__}.")
    device = torch.device(device)
    if device.type == "cuda":
        return _cuda_peak(fn, device)
    if device.type == "cpu":
        return _cpu_peak(fn)
    raise ValueError(f"peak_memory measures 'cpu' or 'cuda' devices; got {str(device)!r}.")


def flop_count(model: torch.nn.Module, *inputs) -> int:
    """Floating-point operations of one forward pass of ``model`` on ``inputs``.

    Counted by ``torch.utils.flop_counter.FlopCounterMode`` under ``torch.no_grad()``, with
    the model in eval mode (each module's mode is restored after). A multiply-add counts as
    two FLOPs; only the operators the counter knows (matrix products, convolutions,
    attention) are counted, not elementwise ones, nor ``nn.LSTM``'s fused kernel (an LSTM
    alone counts 0).

    Args:
        model: the module to run.
        inputs: its positional inputs, on the model's device, e.g. one ``(1, 1, 8, 8)`` batch.

    Returns:
        The total FLOPs, an int.

    Used in: 09_architecture_design.
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module; got a {type(model).__name__}.")
    counter = FlopCounterMode(display=False)
    with eval_mode(model), torch.no_grad(), counter:
        model(*inputs)
    return int(counter.get_total_flops())


@contextlib.contextmanager
def eval_mode(model: torch.nn.Module):
    """Put ``model`` in eval mode for the block, then give every submodule its mode back.

    Used in: ``flop_count`` and ``course.report``.
    """
    modes = [(module, module.training) for module in model.modules()]
    model.eval()
    try:
        yield model
    finally:
        for module, training in modes:
            module.training = training


def _cuda_peak(fn, device: torch.device) -> int:
    """The CUDA allocator's peak during ``fn()`` above what was allocated before it."""
    torch.cuda.synchronize(device)
    torch.cuda.reset_peak_memory_stats(device)
    before = torch.cuda.memory_allocated(device)
    fn()
    torch.cuda.synchronize(device)
    return int(torch.cuda.max_memory_allocated(device) - before)


def _cpu_peak(fn) -> int:
    """The largest running total of the profiler's CPU allocations and frees during ``fn()``."""
    prof = profile(activities=[ProfilerActivity.CPU], profile_memory=True)
    with _quiet_stderr():
        prof.__enter__()
    try:
        fn()
    finally:
        with _quiet_stderr():
            prof.__exit__(None, None, None)
    events = sorted(prof.events(), key=lambda event: event.time_range.start)
    total = peak = 0
    for event in events:
        total += event.self_cpu_memory_usage  # allocations made by this operator, not its callees
        peak = max(peak, total)
    return int(peak)


@contextlib.contextmanager
def _quiet_stderr():
    """Send file descriptor 2 to /dev/null for the block: the profiler's C++ side prints a line
    when it starts and when it stops, which a notebook would show under the cell."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)

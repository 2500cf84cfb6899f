"""Checks of a design against a deployment budget: its latency as a ratio to a reference model
timed in the same kernel.

No grade here depends on an absolute time: a slow or busy grading machine slows the reference
as much as the student's model, so the ratio holds where a limit in milliseconds would not.
torch is never imported here: the notebook's torch is used.
"""

import statistics

from autograder.checks.convert import describe_kind, failure, loaded_torch

LATENCY_ROUNDS = 5  # reference and design timed in turn, this many times each
LATENCY_MIN_RUN_TIME = 0.05  # seconds of timing per model per round


def median_latency(model, x) -> float:
    """Median seconds of ``model(x)`` in eval mode without gradients, timed with
    ``torch.utils.benchmark.Timer.blocked_autorange`` (which also warms up and synchronises
    CUDA); the model's mode is restored afterwards."""
    torch = loaded_torch()
    from torch.utils import benchmark

    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            for _ in range(3):
                model(x)
            timer = benchmark.Timer(
                "model(x)",
                globals={"model": model, "x": x},
                num_threads=torch.get_num_threads(),
            )
            return timer.blocked_autorange(min_run_time=LATENCY_MIN_RUN_TIME).median
    finally:
        model.train(was_training)


def latency_ratio(model, reference, x) -> float:
    """Median over ``LATENCY_ROUNDS`` rounds of ``latency(model) / latency(reference)`` on ``x``,
    the two timed in turn so that a change of load hits both alike."""
    ratios = []
    for _ in range(LATENCY_ROUNDS):
        ratios.append(median_latency(model, x) / median_latency(reference, x))
    return statistics.median(ratios)


def check_latency_ratio(name: str, model, reference, x, limit: float, hint: str = "") -> float:
    """Fail unless ``model(x)`` takes at most ``limit`` times as long as ``reference(x)``.

    Both are timed in this kernel, in turn (``latency_ratio``), in eval mode without
    gradients.

    Args:
        name: the student-facing name, e.g. ``"design"``.
        model: the student's ``torch.nn.Module``. reference: the model the budget is set by.
        x: the input both are timed on, e.g. one image ``(1, 1, 8, 8)``.
        limit: the largest ratio allowed, e.g. ``1.5``.
        hint: appended to the message.

    Returns:
        The measured ratio.
    """
    torch = loaded_torch()
    if not isinstance(model, torch.nn.Module):
        raise failure(name, f"is {describe_kind(model)}", "a torch.nn.Module", hint)
    ratio = latency_ratio(model, reference, x)
    if ratio > limit:
        raise failure(
            f"{name}'s latency at batch {x.shape[0]}",
            f"is {ratio:.2f} times the reference model's (timed just now, in this kernel)",
            f"at most {limit:g} times",
            hint,
        )
    return ratio

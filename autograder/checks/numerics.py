"""Floating-point behaviour of a student's numpy code: evaluating it so that an overflow fails,
and the exact derivative of an elementwise function by torch's autograd, as a reference.

Used in: 03_activations_normalization.
"""

import numpy as np

from autograder.checks.convert import as_array, describe_kind, failure, is_tensor, loaded_torch


def evaluate_without_overflow(name: str, fn, *args, hint: str = ""):
    """``fn(*args)``, failing if numpy overflows, divides by zero or makes an invalid value.

    It runs under ``np.errstate(over="raise", divide="raise", invalid="raise")``, so what numpy
    would only warn about (``np.exp(1000)``, ``1 / 0``, ``inf - inf``) raises
    ``FloatingPointError``, reported as ``"{name} raised FloatingPointError (...); expected ..."``.
    Underflow (``np.exp(-1000)`` is 0) is allowed. Other exceptions pass through unchanged.

    Args:
        name: what is evaluated, as the student would write it, e.g. ``"sigmoid(x) at x = ±1000"``.
        fn: the function to call; args: its positional arguments (wrap a call with keyword
            arguments in a lambda).
        hint: how to avoid the overflow; keyword only.

    Returns:
        What ``fn(*args)`` returns, for the checks that follow.

    Examples:
        >>> out = evaluate_without_overflow("sigmoid(x)", sigmoid, x, hint="Use exp(-|x|).")
    """
    try:
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            return fn(*args)
    except FloatingPointError as err:
        raise failure(
            name,
            f"raised FloatingPointError ({err})",
            "no overflow, division by zero or invalid value",
            hint,
        ) from None


def autograd_derivative(fn, x) -> np.ndarray:
    """``fn'(x)`` entry by entry, for an elementwise torch function ``fn``, by autograd in float64.

    ``fn`` is called once, with gradients enabled, on a float64 leaf tensor holding a copy of
    ``x``; the gradient of the sum of its output is then the derivative at each entry. torch is
    never imported here: it is the module the caller imported (``sys.modules["torch"]``).

    Args:
        fn: an elementwise function of a tensor, e.g. ``torch.sigmoid`` or
            ``lambda t: F.elu(t, alpha=0.3)``.
        x: the points, any array-like of numbers (an ndarray, a list, a CPU tensor).

    Shape:
        x: any shape. Output: the same shape as x, float64.

    Raises:
        AssertionError: if ``fn``'s output is not a tensor of ``x``'s shape computed from it.
        ImportError: if the caller has not imported torch.

    Examples:
        >>> autograd_derivative(torch.tanh, np.zeros(3))
        array([1., 1., 1.])
    """
    torch = loaded_torch()
    x = as_array("x", x).astype(np.float64)
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    with torch.enable_grad():
        out = fn(t)
        if not is_tensor(out) or tuple(out.shape) != x.shape:
            found = f"is {describe_kind(out)}"
            if is_tensor(out):
                found = f"has shape {tuple(out.shape)}"
            raise failure(
                "fn(x)", found, f"a tensor of shape {x.shape}, like x", "fn must be elementwise."
            )
        if not out.requires_grad:
            raise failure(
                "fn(x)",
                "does not depend on x through autograd",
                "a tensor computed from x",
                "Do not detach it or convert it to numpy.",
            )
        (grad,) = torch.autograd.grad(out.sum(), t, allow_unused=True)
    return np.zeros_like(x) if grad is None else grad.detach().numpy().copy()

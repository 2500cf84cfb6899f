"""Attention: PyTorch's weights loaded into the course's own modules, and batch independence.

A student's multi-head attention and encoder block are compared with
``nn.MultiheadAttention`` and ``nn.TransformerEncoderLayer`` by copying the torch module's
weights into them by name, then comparing outputs on one input: the student may create the
layers in any order. ``check_batch_independent`` catches attention across the batch, such as
``nn.MultiheadAttention`` called on ``(B, T, d)`` without ``batch_first=True``.

Used in: 07_transformer.
"""

import numpy as np

from autograder.checks.convert import as_array, failure, is_tensor, loaded_torch, to_host
from autograder.checks.tolerances import get_tolerance

PROJECTIONS = ("W_q", "W_k", "W_v", "W_o")
ENCODER_PARTS = ("self_attn", "linear1", "linear2", "norm1", "norm2")


def load_attention_from_torch(module, torch_mha, hint: str = ""):
    """Copy an ``nn.MultiheadAttention``'s weights into the course's attention module.

    ``in_proj_weight`` and ``in_proj_bias`` are split in three, rows for q, k, v in that
    order, into ``W_q``, ``W_k``, ``W_v``; ``out_proj`` goes into ``W_o``. Both modules must
    split ``d`` into the same number of heads, each head taking ``d / num_heads`` contiguous
    features (as torch does); ``batch_first`` does not matter, only the weights are copied.

    A module may instead fuse the three input projections into one ``nn.Linear(d, 3d)``
    named ``W_qkv``, whose output splits into q, k, v in that order; it gets
    ``in_proj_weight`` whole.

    Args:
        module: has four ``nn.Linear(d, d)`` with bias named ``W_q, W_k, W_v, W_o``, or
            ``W_qkv`` (``nn.Linear(d, 3d)``) and ``W_o``.
        torch_mha: an ``nn.MultiheadAttention(d, num_heads)`` with ``bias=True`` and no
            ``kdim``/``vdim`` of its own.
        hint: appended to the failure message.

    Returns:
        ``module``, its four projections overwritten under ``torch.no_grad()``.

    Raises:
        AssertionError: naming the attribute that is missing, or a projection's shapes.
        ValueError: if ``torch_mha`` has separate k/v sizes or no bias (the notebook's mistake).
    """
    torch = loaded_torch()
    if torch_mha.in_proj_weight is None or torch_mha.in_proj_bias is None:
        raise ValueError("torch_mha must have kdim == vdim == embed_dim and bias=True.")
    d = torch_mha.embed_dim
    if getattr(module, "W_qkv", None) is not None:  # one fused projection (d, 3d)
        layers = [_projection(module, "W_qkv", d, hint, rows=3 * d)]
        layers.append(_projection(module, "W_o", d, hint))
        weights = (torch_mha.in_proj_weight, torch_mha.out_proj.weight)  # (3d, d), (d, d)
        biases = (torch_mha.in_proj_bias, torch_mha.out_proj.bias)  # (3d,), (d,)
    else:
        layers = [_projection(module, name, d, hint) for name in PROJECTIONS]
        weights = (*torch_mha.in_proj_weight.chunk(3), torch_mha.out_proj.weight)  # 4 x (d, d)
        biases = (*torch_mha.in_proj_bias.chunk(3), torch_mha.out_proj.bias)  # 4 x (d,)
    with torch.no_grad():
        for layer, weight, bias in zip(layers, weights, biases, strict=True):
            layer.weight.copy_(weight)
            layer.bias.copy_(bias)
    return module


def load_encoder_layer_from_torch(block, torch_layer, hint: str = ""):
    """Copy an ``nn.TransformerEncoderLayer``'s weights into the course's encoder block.

    ``self_attn`` is loaded by ``load_attention_from_torch``; ``linear1``, ``linear2``,
    ``norm1`` and ``norm2`` by ``load_state_dict``. Whether the outputs then agree depends on
    the block computing what the torch layer does (post-norm unless ``norm_first``, ReLU,
    dropout off in eval mode).

    Args:
        block: has ``self_attn`` (the course's attention module), ``linear1``, ``linear2``,
            ``norm1``, ``norm2``, named as in ``nn.TransformerEncoderLayer``.
        torch_layer: an ``nn.TransformerEncoderLayer`` of the same sizes.
        hint: appended to the failure message.

    Returns:
        ``block``, its weights overwritten.

    Raises:
        AssertionError: naming a missing attribute, or a part whose parameter shapes differ.
    """
    owner = type(block).__name__
    for name in ENCODER_PARTS:
        if getattr(block, name, None) is None:
            raise failure(
                owner,
                f"has no attribute {name}",
                f"the attributes {', '.join(ENCODER_PARTS)}, named as in "
                "nn.TransformerEncoderLayer",
                hint,
            )
    load_attention_from_torch(block.self_attn, torch_layer.self_attn, hint)
    for name in ENCODER_PARTS[1:]:
        _load_part(owner, name, getattr(block, name), getattr(torch_layer, name), hint)
    return block


def check_batch_independent(name: str, fn, x, hint: str = "") -> None:
    """Fail unless changing example 0 of a batch leaves the outputs of the other examples alone.

    Example 0 of a copy of ``x`` is changed: 1 is added to each of its entries if ``x`` is
    floating point; otherwise (token ids) it is replaced by example 1's values. ``fn`` runs
    on both batches (and once more on ``x``, to make sure it is deterministic) under
    ``torch.no_grad()``; outputs 1..B-1 must agree within the float32 tolerance.

    Args:
        name: the student-facing name of what ``fn`` runs, e.g. ``"MultiHeadAttention"``.
        fn: maps a batch to outputs with the batch first; a tuple's first element is taken
            as the output (``nn.MultiheadAttention`` returns ``(output, weights)``). Put a
            module in eval mode first, so that dropout is off.
        x: a tensor batch of at least two examples; for token ids, examples 0 and 1 differ.
        hint: appended to the failure message.

    Shape:
        - x: ``(B, ...)`` with ``B >= 2``; fn(x): ``(B, ...)``

    Raises:
        AssertionError: if the other examples' outputs change, the outputs are not one per
            example, or ``fn`` gives different outputs for the same batch.
    """
    torch = loaded_torch()
    changed = _change_first_example(x)
    with torch.no_grad():
        before, again, after = (_outputs(name, fn, batch, hint) for batch in (x, x, changed))
    rtol, atol = get_tolerance("float32")
    if not np.allclose(again, before, rtol=rtol, atol=atol, equal_nan=True):
        raise failure(
            name,
            f"gave other outputs for the same batch (max change {_max_change(again, before)})",
            "the same outputs each time (put the model in eval mode, so that dropout is off)",
            hint,
        )
    if not np.allclose(after[1:], before[1:], rtol=rtol, atol=atol, equal_nan=True):
        raise failure(
            name,
            f"changed the outputs of examples 1..{len(x) - 1} when only example 0 changed "
            f"(max change {_max_change(after[1:], before[1:])})",
            "each example to be processed on its own",
            hint,
        )


def _projection(module, name: str, d: int, hint: str, rows: int | None = None):
    """``module.<name>``, failing unless it is a linear layer ``(rows, d)`` with a bias."""
    rows = d if rows is None else rows
    owner = type(module).__name__
    layer = getattr(module, name, None)
    if layer is None:
        raise failure(
            owner,
            f"has no attribute {name}",
            f"four nn.Linear(d_model, d_model) named {', '.join(PROJECTIONS)}",
            hint,
        )
    shapes = tuple(_shape(getattr(layer, p, None)) for p in ("weight", "bias"))
    if shapes != ((rows, d), (rows,)):
        raise failure(
            f"{owner}.{name}",
            f"has weight of shape {shapes[0]} and bias of shape {shapes[1]}",
            f"nn.Linear({d}, {rows}) with a bias: weight ({rows}, {d}) and bias ({rows},)",
            hint,
        )
    return layer


def _load_part(owner: str, name: str, part, torch_part, hint: str) -> None:
    """``part.load_state_dict(torch_part.state_dict())``, failing first if the shapes differ."""
    mine, theirs = _param_shapes(part), _param_shapes(torch_part)
    if mine != theirs:
        raise failure(
            f"{owner}.{name}",
            f"has parameters {_describe(mine)}",
            f"{_describe(theirs)}, as nn.TransformerEncoderLayer's {name}",
            hint,
        )
    part.load_state_dict(torch_part.state_dict())


def _change_first_example(x):
    """A copy of ``x`` with example 0 shifted by 1 (floats) or replaced by example 1 (ints)."""
    if not is_tensor(x) or x.ndim == 0 or len(x) < 2:
        raise ValueError("x must be a tensor batch (B, ...) of at least two examples.")
    changed = x.clone()
    if x.is_floating_point():
        changed[0] += 1
    elif bool((x[0] == x[1]).all()):
        raise ValueError("examples 0 and 1 of x are equal; give token ids that differ.")
    else:
        changed[0] = x[1]
    return changed


def _outputs(name: str, fn, batch, hint: str) -> np.ndarray:
    """``fn(batch)`` (a tuple's first element) as an array, failing unless one per example."""
    out = fn(batch.clone())
    out = out[0] if isinstance(out, (tuple, list)) else out
    array = as_array(f"{name}'s output", to_host(out), hint)
    if array.ndim == 0 or array.shape[0] != len(batch):
        raise failure(
            f"{name}'s output",
            f"has shape {array.shape}",
            f"({len(batch)}, ...), one output per example of the batch",
            hint,
        )
    return array


def _shape(tensor):
    """A tensor's shape as a tuple, or None for no tensor."""
    return None if tensor is None or not hasattr(tensor, "shape") else tuple(tensor.shape)


def _param_shapes(module) -> dict:
    """``{parameter name: shape}`` of a module's state dict."""
    return {key: tuple(value.shape) for key, value in module.state_dict().items()}


def _describe(shapes: dict) -> str:
    """``"weight (64, 16), bias (64,)"``, or ``"none"`` for a module without parameters."""
    return ", ".join(f"{key} {shape}" for key, shape in shapes.items()) or "none"


def _max_change(got: np.ndarray, expected: np.ndarray) -> str:
    """The largest absolute difference, to two significant digits."""
    return f"{float(np.nanmax(np.abs(got - expected))):.2g}"

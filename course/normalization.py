"""What normalization layers do to a batch: statistics before and after batch, layer and group
normalization, and how far batch norm's training-mode output is from its evaluation-mode output.

Used in: 03_activations_normalization, behind ``course.normalization_explorer``.
"""

from functools import lru_cache

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

NUM_FEATURES = 8
NORMALIZATIONS = ("input", "bn_train", "bn_eval", "ln", "gn")
GAP_BATCH_SIZES = (2, 4, 8, 16, 32, 64, 128)


def feature_distribution(num_features: int = NUM_FEATURES):
    """The per-feature mean and std of the inputs the normalization explorer draws.

    Features differ on purpose: means run from -2 to 2, stds from 2 down to 0.5.

    Shape:
        - mean, std: ``(num_features,)`` float64 tensors

    Used in: 03_activations_normalization.
    """
    mean = torch.linspace(-2.0, 2.0, num_features, dtype=torch.float64)  # (C,)
    std = torch.logspace(np.log10(2.0), np.log10(0.5), num_features, dtype=torch.float64)  # (C,)
    return mean, std


def _draw(batch_size, generator, num_features):
    mean, std = feature_distribution(num_features)
    noise = torch.randn(
        batch_size, num_features, generator=generator, dtype=torch.float64
    )  # (N, C)
    return mean + std * noise  # (N, C)


def _trained_batch_norm(batch_size, generator, num_features, num_batches, momentum):
    bn = nn.BatchNorm1d(num_features, affine=False, momentum=momentum).double()
    with torch.no_grad():
        for _ in range(num_batches):
            bn(_draw(batch_size, generator, num_features))  # updates the running statistics
    return bn.eval()


def _check_normalization_args(batch_size, groups, num_features):
    if batch_size < 2:
        raise ValueError(
            f"batch_size is {batch_size}; batch norm in training mode needs at least 2."
        )
    if groups < 1 or num_features % groups:
        raise ValueError(f"groups is {groups}; it must divide num_features={num_features}.")


def normalization_stats(
    batch_size: int = 8,
    shift: float = 0.0,
    groups: int = 2,
    seed: int = 0,
    scale: float = 1.0,
    num_features: int = NUM_FEATURES,
    num_batches: int = 100,
    momentum: float = 0.1,
) -> dict:
    """One evaluation batch before and after BatchNorm (train, eval mode), LayerNorm and GroupNorm.

    Batch norm first sees ``num_batches`` training batches of ``batch_size`` rows drawn from
    ``feature_distribution`` and keeps running statistics. The evaluation batch is drawn from
    the same distribution, then scaled by ``scale`` and moved by ``shift``: a distribution
    shift between training and evaluation. ``bn_train`` normalizes it with its own batch
    statistics, ``bn_eval`` with the running ones; ``ln`` and ``gn`` normalize each row on
    its own, so they behave the same in both modes and ignore the shift. No affine parameters.

    Args:
        batch_size: rows per batch, at least 2.
        shift: added to every evaluation input.
        groups: GroupNorm's number of groups; it must divide ``num_features``
            (``groups=1`` is LayerNorm).
        seed: seed of the generator that draws the batches.
        scale: multiplies every evaluation input before the shift.
        num_features: features per row.
        num_batches: training batches batch norm sees.
        momentum: batch norm's momentum for its running statistics.

    Shape:
        - outputs[k]: ``(N, C)`` for k in ``NORMALIZATIONS`` (``input`` is the batch itself)
        - feature_mean[k], feature_std[k]: ``(C,)``, over the batch (what batch norm fixes)
        - sample_mean[k], sample_std[k]: ``(N,)``, over the features (what layer norm fixes)
        - group_mean[k], group_std[k]: ``(N, groups)`` (what group norm fixes)
        - running_mean, running_var: ``(C,)``
        - gap: float, ``mean |bn_train - bn_eval|`` averaged over 20 evaluation batches

    Returns:
        A dict with the keys above (stds are population stds, ``ddof=0``) and ``gap_batch_sizes``,
        ``gap_curve``: ``gap`` for each batch size in ``GAP_BATCH_SIZES``.

    Used in: 03_activations_normalization.
    """
    _check_normalization_args(batch_size, groups, num_features)
    generator = torch.Generator().manual_seed(seed)
    bn = _trained_batch_norm(batch_size, generator, num_features, num_batches, momentum)
    x = _draw(batch_size, generator, num_features) * scale + shift  # (N, C)
    outputs = {
        "input": x,
        "bn_train": F.batch_norm(x, None, None, training=True, eps=bn.eps),  # batch statistics
        "bn_eval": bn(x),  # running statistics
        "ln": F.layer_norm(x, (num_features,)),
        "gn": F.group_norm(x, groups),
    }
    outputs = {k: v.numpy() for k, v in outputs.items()}  # each (N, C)
    grouped = {k: v.reshape(batch_size, groups, -1) for k, v in outputs.items()}  # (N, G, C // G)
    key = (shift, scale, seed, num_features, num_batches, momentum)
    return {
        "outputs": outputs,
        "feature_mean": {k: v.mean(axis=0) for k, v in outputs.items()},
        "feature_std": {k: v.std(axis=0) for k, v in outputs.items()},
        "sample_mean": {k: v.mean(axis=1) for k, v in outputs.items()},
        "sample_std": {k: v.std(axis=1) for k, v in outputs.items()},
        "group_mean": {k: v.mean(axis=2) for k, v in grouped.items()},
        "group_std": {k: v.std(axis=2) for k, v in grouped.items()},
        "running_mean": bn.running_mean.numpy(),
        "running_var": bn.running_var.numpy(),
        "gap": bn_train_eval_gap(batch_size, *key),
        "gap_batch_sizes": np.array(GAP_BATCH_SIZES),
        "gap_curve": np.array(_gap_curve(*key)),
        "batch_size": batch_size,
        "shift": shift,
        "scale": scale,
        "groups": groups,
        "seed": seed,
    }


@lru_cache(maxsize=256)
def bn_train_eval_gap(
    batch_size: int,
    shift: float = 0.0,
    scale: float = 1.0,
    seed: int = 0,
    num_features: int = NUM_FEATURES,
    num_batches: int = 100,
    momentum: float = 0.1,
    num_eval: int = 20,
) -> float:
    """How far batch norm's training-mode output is from its evaluation-mode output.

    Trains the running statistics as ``normalization_stats`` does, then averages
    ``|bn_train - bn_eval|`` over all entries of ``num_eval`` evaluation batches. Small
    batches give noisy batch statistics, so the gap grows as ``batch_size`` shrinks.

    Args:
        batch_size, shift, scale, seed, num_features, num_batches, momentum: as for
            ``normalization_stats``.
        num_eval: evaluation batches to average over.

    Shape:
        - returns: a float

    Used in: 03_activations_normalization.
    """
    _check_normalization_args(batch_size, 1, num_features)
    generator = torch.Generator().manual_seed(seed)
    bn = _trained_batch_norm(batch_size, generator, num_features, num_batches, momentum)
    gaps = []
    with torch.no_grad():
        for _ in range(num_eval):
            x = _draw(batch_size, generator, num_features) * scale + shift  # (N, C)
            train = F.batch_norm(x, None, None, training=True, eps=bn.eps)  # (N, C)
            gaps.append((train - bn(x)).abs().mean().item())
    return float(np.mean(gaps))


@lru_cache(maxsize=64)
def _gap_curve(*key):
    return tuple(bn_train_eval_gap(b, *key) for b in GAP_BATCH_SIZES)

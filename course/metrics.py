"""What ``course.evaluate`` measures: accuracy, per-token accuracy, mean squared error.

A metric is stateless: ``sums(outputs, targets)`` gives one batch's total and the number of
elements it counted, and ``evaluate`` divides the sums over all batches. So the result is the
metric of the whole data set, whatever the batch sizes, not a mean of batch means. Each
metric also names the loss ``fit`` trains with by default.
"""

from dataclasses import dataclass
from typing import ClassVar

import torch
from torch import nn


class Metric:
    """A metric ``course.evaluate`` accumulates over batches.

    Attributes:
        name: the key under which ``course.fit`` records it in the history.
        fmt: the format spec ``fit`` prints it with.

    Used in: 04_pytorch_mlp onwards, through ``course.fit`` and ``course.evaluate``.
    """

    name: ClassVar[str]
    fmt: ClassVar[str] = ".3f"

    def sums(self, outputs: torch.Tensor, targets: torch.Tensor) -> tuple[float, int]:
        """``(total, count)`` over one batch: the metric is ``sum(totals) / sum(counts)``."""
        raise NotImplementedError

    def loss_fn(self) -> nn.Module:
        """The loss ``course.fit`` trains with when it is given none."""
        raise NotImplementedError


@dataclass(frozen=True)
class Accuracy(Metric):
    """The fraction of examples whose largest logit is the label.

    Shape:
        - outputs: ``(B, C)`` logits
        - targets: ``(B,)`` class indices

    Examples:
        >>> Accuracy().sums(torch.tensor([[2.0, 1.0], [0.0, 3.0]]), torch.tensor([0, 0]))
        (1, 2)

    Used in: 04_pytorch_mlp, 05_cnn (the default of ``course.fit``).
    """

    name: ClassVar[str] = "accuracy"

    def sums(self, outputs, targets):
        if outputs.ndim != 2 or targets.shape != outputs.shape[:1]:
            hint = " For per-token logits use metric='token_accuracy'." if outputs.ndim == 3 else ""
            raise ValueError(
                f"accuracy expects logits (B, C) and targets (B,); got logits "
                f"{tuple(outputs.shape)} and targets {tuple(targets.shape)}.{hint}"
            )
        correct = (outputs.argmax(dim=1) == targets).sum().item()  # (B, C) -> (B,) -> int
        return correct, targets.numel()

    def loss_fn(self):
        return nn.CrossEntropyLoss()


@dataclass(frozen=True)
class TokenAccuracy(Metric):
    """The fraction of tokens whose largest logit is the target, padding left out.

    Args:
        ignore_index: the target value of padded positions; they count in neither the
            numerator nor the denominator, and the default loss ignores them too.

    Shape:
        - outputs: ``(B, T, V)`` logits over a vocabulary of ``V``
        - targets: ``(B, T)`` token indices, ``ignore_index`` where padded

    Used in: 06 (RNN, LSTM) and 07 (Transformer), for per-token predictions.
    """

    ignore_index: int = -100
    name: ClassVar[str] = "token_accuracy"

    def sums(self, outputs, targets):
        if outputs.ndim != 3 or targets.shape != outputs.shape[:2]:
            raise ValueError(
                f"token_accuracy expects logits (B, T, V) and targets (B, T); got "
                f"logits {tuple(outputs.shape)} and targets {tuple(targets.shape)}."
            )
        counted = targets != self.ignore_index  # (B, T)
        correct = (outputs.argmax(dim=-1) == targets) & counted  # (B, T)
        return correct.sum().item(), counted.sum().item()

    def loss_fn(self):
        return nn.CrossEntropyLoss(ignore_index=self.ignore_index)  # train_epoch flattens tokens


@dataclass(frozen=True)
class MeanSquaredError(Metric):
    """The mean of ``(output - target) ** 2`` over every element.

    Shape:
        - outputs, targets: the same shape, any; floating point

    Used in: 06 (RNN, LSTM), for a forecast.
    """

    name: ClassVar[str] = "mse"
    fmt: ClassVar[str] = ".4g"

    def sums(self, outputs, targets):
        if outputs.shape != targets.shape:
            raise ValueError(
                f"mse expects outputs and targets of the same shape; got outputs "
                f"{tuple(outputs.shape)} and targets {tuple(targets.shape)}."
            )
        if not targets.is_floating_point():
            raise ValueError(f"mse expects floating-point targets; got {targets.dtype}.")
        squared = (outputs.float() - targets.float()).square()  # the shape of targets
        return squared.sum().item(), targets.numel()

    def loss_fn(self):
        return nn.MSELoss()


METRICS = {metric.name: metric for metric in (Accuracy, TokenAccuracy, MeanSquaredError)}


def get_metric(metric) -> Metric:
    """The metric named ``metric`` (with its defaults), or ``metric`` itself if it is one.

    Args:
        metric: ``"accuracy"``, ``"token_accuracy"``, ``"mse"``, or a ``Metric`` such as
            ``TokenAccuracy(ignore_index=0)``.

    Used in: ``course.fit`` and ``course.evaluate``.
    """
    if isinstance(metric, Metric):
        return metric
    if isinstance(metric, str) and metric in METRICS:
        return METRICS[metric]()
    raise ValueError(
        f"unknown metric {metric!r}; expected one of {', '.join(map(repr, METRICS))} "
        "or a course.Metric such as course.TokenAccuracy(ignore_index=0)."
    )

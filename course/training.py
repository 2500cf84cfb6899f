"""The course's reference training loop: one epoch, an evaluation, and a timed ``fit``.

Students write their own ``train_epoch`` and ``evaluate`` in 04_pytorch_mlp; later
notebooks use these. A batch is ``(X, y)``, or ``(X, lengths, y)`` for padded sequences, for
which the model is called as ``model(X, lengths)``. Both take the device from the caller and
move X and y to it; lengths stay on the CPU, where ``pack_padded_sequence`` needs them. What
``evaluate`` measures is a ``course.metrics`` metric: accuracy unless told otherwise.
CUDA-only features switch on by themselves on a CUDA device: non-blocking copies (which
pay off with ``pin_memory=True`` loaders) and float16 autocast with a gradient scaler.
``clip_norm`` caps the total gradient norm after each backward pass (07_transformer).
"""

import contextlib
import time
from functools import partial

import torch
from tqdm.auto import tqdm

from course.metrics import get_metric


def uses_cuda(device) -> bool:
    """Whether ``device`` is a CUDA device, where pinned memory and mixed precision pay off.

    Used in: 04_pytorch_mlp onwards, to set ``pin_memory`` on the data loaders.
    """
    return torch.device(device).type == "cuda"


def train_epoch(
    model, loader, loss_fn, optimizer, device, amp: bool | None = None, clip_norm=None
) -> float:
    """Train ``model`` for one pass over ``loader``; return the mean loss per target.

    The mean is over every target the loss counted (those that are not its ``ignore_index``),
    as if the epoch were one batch, not a mean of batch means. Per-token logits ``(B, T, V)``
    with targets ``(B, T)`` are flattened to ``(B*T, V)`` and ``(B*T,)`` for the loss.

    Args:
        model: a module already on ``device``.
        loader: yields ``(X, y)`` or ``(X, lengths, y)`` batches on the CPU.
        loss_fn: maps ``(outputs, y)`` to a scalar mean loss.
        optimizer: an optimizer over ``model``'s parameters.
        device: where X and y are moved before the forward pass.
        amp: autocast the forward pass (float16 on CUDA, bfloat16 elsewhere). ``None``
            turns it on exactly when ``device`` is a CUDA device.
        clip_norm: if given, a positive number: after each backward pass the gradients of
            all of ``model``'s parameters are rescaled together so that their total L2 norm
            is at most ``clip_norm`` (``torch.nn.utils.clip_grad_norm_``), unscaled first
            when a gradient scaler is on. ``None`` leaves them as they are.

    Shape:
        - X: ``(B, *)`` as the model expects; lengths: ``(B,)``
        - y: ``(B,)`` class indices, ``(B, T)`` token indices, or the outputs' shape

    Used in: 05_cnn onwards (04_pytorch_mlp has the student write it).
    """
    if clip_norm is not None and not clip_norm > 0:
        raise ValueError(f"clip_norm must be a positive number or None; got {clip_norm!r}.")
    device = torch.device(device)
    amp = uses_cuda(device) if amp is None else amp
    scaler = torch.amp.GradScaler("cuda", enabled=amp and uses_cuda(device))
    model.train()
    total, count = 0.0, 0
    for batch in loader:
        inputs, y = _unpack(batch, device)  # (X,) or (X, lengths); y (B,) or (B, T)
        optimizer.zero_grad(set_to_none=True)
        with _autocast(device, amp):
            outputs, y = _flatten_tokens(model(*inputs), y)  # (B, C) or (B*T, V); y (B,) or (B*T,)
            loss = loss_fn(outputs, y)
        _step(loss, model, optimizer, scaler, clip_norm)
        counted = _counted(y, loss_fn)
        total, count = total + loss.item() * counted, count + counted
    if count == 0:
        raise ValueError("train_epoch had nothing to train on: the loader yielded no targets.")
    return total / count


@torch.no_grad()
def evaluate(model, loader, device, metric="accuracy") -> float:
    """``metric`` of ``model`` over ``loader``, in eval mode and without gradients.

    Args:
        model: a module already on ``device``; it is left in eval mode.
        loader: yields ``(X, y)`` or ``(X, lengths, y)`` batches on the CPU.
        device: where X and y are moved.
        metric: ``"accuracy"``, ``"token_accuracy"``, ``"mse"`` or a ``course.Metric``.

    Returns:
        The metric over all of ``loader``'s targets: for accuracy, the fraction of examples
        whose largest logit is the label, in [0, 1].

    Shape:
        - as ``metric`` expects: logits ``(B, C)`` and y ``(B,)`` for accuracy

    Used in: 05_cnn onwards (04_pytorch_mlp has the student write it).
    """
    metric = get_metric(metric)
    model.eval()
    total, count = 0.0, 0
    for batch in loader:
        inputs, y = _unpack(batch, device)
        batch_total, batch_count = metric.sums(model(*inputs), y)
        total, count = total + batch_total, count + batch_count
    if count == 0:
        raise ValueError(
            f"evaluate had nothing to measure {metric.name} on: the loader yielded "
            "no batches, or every target was ignored."
        )
    return total / count


_course_train_epoch, _course_evaluate = train_epoch, evaluate  # fit's arguments shadow the names


def fit(
    model,
    train_loader,
    test_loader,
    optimizer,
    epochs: int,
    device,
    loss_fn=None,
    train_epoch=None,
    evaluate=None,
    progress: bool = True,
    metric="accuracy",
    clip_norm=None,
) -> dict:
    """Train for ``epochs`` epochs with a progress bar, evaluating ``metric`` after each.

    The model is put in train mode before each epoch, whatever ``train_epoch`` does, and
    evaluating leaves it in eval mode.

    Prints the device, the wall time and the last value of the metric once training ends.

    Args:
        model: a module already on ``device``.
        train_loader, test_loader: loaders of ``(X, y)`` or ``(X, lengths, y)`` batches.
        optimizer: an optimizer over ``model``'s parameters.
        epochs: number of passes over ``train_loader``.
        device: where batches are moved.
        loss_fn: defaults to the metric's loss: cross-entropy for ``"accuracy"``,
            cross-entropy over the tokens with the same ``ignore_index`` for
            ``"token_accuracy"``, ``torch.nn.MSELoss()`` for ``"mse"``.
        train_epoch: ``train_epoch(model, loader, loss_fn, optimizer, device) -> float``;
            ``None`` uses ``course.train_epoch``.
        evaluate: ``evaluate(model, loader, device) -> float``, which should measure
            ``metric``; ``None`` uses ``course.evaluate`` with ``metric``.
        progress: show a progress bar over epochs.
        metric: ``"accuracy"``, ``"token_accuracy"``, ``"mse"`` or a ``course.Metric``.
        clip_norm: the largest total gradient norm, passed to ``course.train_epoch``;
            ``None`` does not clip. Giving it together with a ``train_epoch`` of one's own
            is a ValueError, since that function would train unclipped.

    Returns:
        ``{"loss": [...], metric name: [...], "seconds": float, "device": str}``, one entry
        per epoch in the lists: ``{"loss", "accuracy", "seconds", "device"}`` by default.

    Used in: 04_pytorch_mlp onwards.
    """
    if not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive int; got {epochs!r}.")
    metric = get_metric(metric)
    loss_fn = metric.loss_fn() if loss_fn is None else loss_fn
    train_epoch = _train_epoch_for(train_epoch, clip_norm)
    evaluate = partial(_course_evaluate, metric=metric) if evaluate is None else evaluate
    history = {"loss": [], metric.name: [], "seconds": 0.0, "device": str(device)}
    losses, scores = history["loss"], history[metric.name]
    start = time.perf_counter()
    bar = tqdm(range(epochs), desc="epochs", disable=not progress, leave=False)
    for _ in bar:
        model.train()  # evaluating left it in eval mode; a train_epoch of one's own may not set it
        losses.append(train_epoch(model, train_loader, loss_fn, optimizer, device))
        scores.append(evaluate(model, test_loader, device))
        bar.set_postfix({"loss": f"{losses[-1]:.3f}", metric.name: f"{scores[-1]:{metric.fmt}}"})
    history["seconds"] = time.perf_counter() - start
    print(
        f"Trained {epochs} epochs on {device} in {history['seconds']:.1f} s; "
        f"test {metric.name} {scores[-1]:{metric.fmt}}"
    )
    return history


def _train_epoch_for(train_epoch, clip_norm):
    """The ``train_epoch`` that ``fit`` calls: the course's, with ``clip_norm``, unless given."""
    if train_epoch is None:
        return partial(_course_train_epoch, clip_norm=clip_norm)
    if clip_norm is not None:
        raise ValueError(
            "fit got both train_epoch and clip_norm, but only course.train_epoch clips; "
            "clip inside your train_epoch, or leave train_epoch=None."
        )
    return train_epoch


def _step(loss, model, optimizer, scaler, clip_norm) -> None:
    """Backward pass, gradients clipped to ``clip_norm`` when given, then the optimizer step."""
    scaler.scale(loss).backward()
    if clip_norm is not None:
        scaler.unscale_(optimizer)  # clip the true gradients, not the scaled ones
        torch.nn.utils.clip_grad_norm_(model.parameters(), clip_norm)
    scaler.step(optimizer)
    scaler.update()


def _unpack(batch, device):
    """A batch's model inputs and its targets: X and y moved to ``device``, lengths CPU int64."""
    if not isinstance(batch, (tuple, list)) or len(batch) not in (2, 3):
        size = f" of length {len(batch)}" if isinstance(batch, (tuple, list)) else ""
        raise ValueError(
            f"a batch must be (X, y) or (X, lengths, y); got a {type(batch).__name__}{size}."
        )
    X = batch[0].to(device, non_blocking=True)  # (B, *)
    y = batch[-1].to(device, non_blocking=True)  # (B,), (B, T) or the outputs' shape
    if len(batch) == 2:
        return (X,), y
    lengths = torch.as_tensor(batch[1], dtype=torch.int64, device="cpu")  # (B,), stays on the CPU
    return (X, lengths), y


def _flatten_tokens(outputs, y):
    """Per-token logits ``(B, T, V)`` and targets ``(B, T)`` as ``(B*T, V)`` and ``(B*T,)``."""
    if outputs.ndim == 3 and y.ndim == 2 and outputs.shape[:2] == y.shape:
        return outputs.reshape(-1, outputs.shape[-1]), y.reshape(-1)  # (B*T, V), (B*T,)
    return outputs, y


def _counted(y, loss_fn) -> int:
    """How many targets a mean loss averages over: all of them but its ``ignore_index``."""
    ignore_index = getattr(loss_fn, "ignore_index", None)
    return y.numel() if ignore_index is None else int((y != ignore_index).sum())


def _autocast(device, amp: bool):
    """float16 autocast on CUDA, bfloat16 elsewhere; nothing when ``amp`` is off."""
    if not amp:
        return contextlib.nullcontext()
    return torch.autocast(device.type, dtype=torch.float16 if uses_cuda(device) else torch.bfloat16)

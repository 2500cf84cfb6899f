"""The course's reference training loop: one epoch, an evaluation, and a timed ``fit``.

Students write their own ``train_epoch`` and ``evaluate`` in 04_pytorch_mlp; later
notebooks use these. Both take the device from the caller and move every batch to it.
CUDA-only features switch on by themselves on a CUDA device: non-blocking copies (which
pay off with ``pin_memory=True`` loaders) and float16 autocast with a gradient scaler.
"""
import contextlib
import time

import torch
from tqdm.auto import tqdm


def uses_cuda(device) -> bool:
    """Whether ``device`` is a CUDA device, where pinned memory and mixed precision pay off.

    Used in: 04_pytorch_mlp onwards, to set ``pin_memory`` on the data loaders.
    """
    return torch.device(device).type == "cuda"


def train_epoch(model, loader, loss_fn, optimizer, device, amp: bool | None = None) -> float:
    """Train ``model`` for one pass over ``loader``; return the mean loss per example.

    Args:
        model: a module already on ``device``.
        loader: yields ``(X, y)`` batches on the CPU.
        loss_fn: maps ``(logits, y)`` to a scalar mean loss.
        optimizer: an optimizer over ``model``'s parameters.
        device: where each batch is moved before the forward pass.
        amp: autocast the forward pass (float16 on CUDA, bfloat16 elsewhere). ``None``
            turns it on exactly when ``device`` is a CUDA device.

    Shape:
        - X: ``(B, *)`` as the model expects; y: ``(B,)`` class indices

    Used in: 05_cnn onwards (04_pytorch_mlp has the student write it).
    """
    device = torch.device(device)
    amp = uses_cuda(device) if amp is None else amp
    scaler = torch.amp.GradScaler("cuda", enabled=amp and uses_cuda(device))
    model.train()
    total, count = 0.0, 0
    for X, y in loader:
        X = X.to(device, non_blocking=True)  # (B, *)
        y = y.to(device, non_blocking=True)  # (B,)
        optimizer.zero_grad(set_to_none=True)
        with _autocast(device, amp):
            loss = loss_fn(model(X), y)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
        total += loss.item() * len(y)
        count += len(y)
    return total / count


def _autocast(device, amp: bool):
    """float16 autocast on CUDA, bfloat16 elsewhere; nothing when ``amp`` is off."""
    if not amp:
        return contextlib.nullcontext()
    return torch.autocast(device.type, dtype=torch.float16 if uses_cuda(device) else torch.bfloat16)


@torch.no_grad()
def evaluate(model, loader, device) -> float:
    """Accuracy of ``model`` over ``loader``, in eval mode and without gradients.

    Args:
        model: a classifier already on ``device``; it is left in eval mode.
        loader: yields ``(X, y)`` batches on the CPU.
        device: where each batch is moved.

    Returns:
        The fraction of examples whose largest logit is the label, in [0, 1].

    Used in: 05_cnn onwards (04_pytorch_mlp has the student write it).
    """
    model.eval()
    correct, count = 0, 0
    for X, y in loader:
        logits = model(X.to(device, non_blocking=True))  # (B, C)
        correct += (logits.argmax(dim=1).cpu() == y).sum().item()
        count += len(y)
    return correct / count


def fit(model, train_loader, test_loader, optimizer, epochs: int, device, loss_fn=None,
        train_epoch=train_epoch, evaluate=evaluate, progress: bool = True) -> dict:
    """Train for ``epochs`` epochs with a progress bar, evaluating after each.

    Prints the device and the wall time once training ends.

    Args:
        model: a module already on ``device``.
        train_loader, test_loader: loaders of ``(X, y)`` batches.
        optimizer: an optimizer over ``model``'s parameters.
        epochs: number of passes over ``train_loader``.
        device: where batches are moved.
        loss_fn: defaults to ``torch.nn.CrossEntropyLoss()``.
        train_epoch, evaluate: the functions that do the work; pass your own to use them.
        progress: show a progress bar over epochs.

    Returns:
        ``{"loss": [...], "accuracy": [...], "seconds": float, "device": str}``, one
        entry per epoch in the lists.

    Used in: 04_pytorch_mlp onwards.
    """
    if not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive int; got {epochs!r}.")
    loss_fn = torch.nn.CrossEntropyLoss() if loss_fn is None else loss_fn
    history = {"loss": [], "accuracy": [], "seconds": 0.0, "device": str(device)}
    start = time.perf_counter()
    bar = tqdm(range(epochs), desc="epochs", disable=not progress, leave=False)
    for _ in bar:
        history["loss"].append(train_epoch(model, train_loader, loss_fn, optimizer, device))
        history["accuracy"].append(evaluate(model, test_loader, device))
        bar.set_postfix(loss=f"{history['loss'][-1]:.3f}", acc=f"{history['accuracy'][-1]:.3f}")
    history["seconds"] = time.perf_counter() - start
    print(f"Trained {epochs} epochs on {device} in {history['seconds']:.1f} s; "
          f"test accuracy {history['accuracy'][-1]:.3f}")
    return history

"""Choosing where tensors live: cuda, then mps, then cpu."""

import os

import torch

DEVICE_ENV_VAR = "COURSE_DEVICE"


def pick_device(prefer: str | None = None) -> torch.device:
    """The device a notebook trains on: cuda if present, else mps, else cpu.

    Args:
        prefer: a device name such as ``"cpu"`` or ``"cuda:0"`` that wins over the
            automatic choice. When ``None``, the ``COURSE_DEVICE`` environment
            variable is read instead, so a whole class can be pinned to the CPU.

    Returns:
        A ``torch.device``. Never raises because a GPU is missing.

    Raises:
        ValueError: if the requested device is not available on this machine.

    Used in: 00_setup and every PyTorch assignment.
    """
    name = prefer if prefer is not None else os.environ.get(DEVICE_ENV_VAR, "").strip()
    if name:
        try:
            device = torch.device(name)
        except RuntimeError:
            raise ValueError(
                f"{name!r} is not a device name (from {DEVICE_ENV_VAR} or prefer); "
                "use 'cpu', 'cuda', 'cuda:1' or 'mps'."
            ) from None
        if not _available(device):
            raise ValueError(
                f"device {name!r} was requested but is not available here; "
                f"unset {DEVICE_ENV_VAR} or choose 'cpu'."
            )
        return device
    if torch.cuda.is_available():
        return torch.device("cuda")
    if _mps_available():
        return torch.device("mps")
    return torch.device("cpu")


def device_report(device: torch.device) -> str:
    """One line that says which device was picked and what it is.

    Used in: 00_setup and every PyTorch assignment.
    """
    device = torch.device(device)
    if device.type == "cuda":
        index = device.index if device.index is not None else torch.cuda.current_device()
        return f"Using cuda:{index} ({torch.cuda.get_device_name(index)})"
    if device.type == "mps":
        return "Using mps (Apple GPU)"
    return f"Using cpu ({torch.get_num_threads()} threads)"


def _available(device: torch.device) -> bool:
    if device.type == "cpu":
        return True
    if device.type == "cuda":
        return torch.cuda.is_available() and (device.index or 0) < torch.cuda.device_count()
    if device.type == "mps":
        return _mps_available()
    return False


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())

"""Run inside a grading kernel, between cells: the state of the global random generators and
fingerprints of the notebook's values, to compare a submission's kernel with the reference's.

Called through execute requests' ``user_expressions`` (``autograder.resume.execute``), never by a
notebook. The generators are torch's default CPU generator, numpy's global one and ``random``'s.
"""

import base64
import hashlib
import pickle
import random
import types

import numpy as np
import torch

GENERATORS = ("torch", "numpy", "random")
MAX_ITEMS = 200_000  # elements a fingerprint walks before it stops looking deeper
MAX_DEPTH = 6


def _states() -> dict:
    return {
        "torch": torch.get_rng_state().numpy().tobytes(),
        "numpy": np.random.get_state(),
        "random": random.getstate(),
    }


def rng_digests() -> dict[str, str]:
    """A short digest of each generator's state."""
    return {name: hashlib.sha1(pickle.dumps(s)).hexdigest()[:16] for name, s in _states().items()}


def rng_state() -> str:
    """Every generator's state, encoded as text (for ``set_rng``)."""
    return base64.b64encode(pickle.dumps(_states())).decode()


def set_rng(encoded: str, names: list[str]) -> bool:
    """Give the generators ``names`` the states ``encoded`` by ``rng_state``."""
    states = pickle.loads(base64.b64decode(encoded))
    for name in names:
        if name == "torch":
            torch.set_rng_state(
                torch.from_numpy(np.frombuffer(states[name], dtype=np.uint8).copy())
            )
        elif name == "numpy":
            np.random.set_state(states[name])
        else:
            random.setstate(states[name])
    return True


IMMUTABLE = (type(None), bool, int, float, complex, str, bytes, range, torch.device, torch.dtype)


def immutable(names: list[str]) -> list[str]:
    """Those of ``names`` bound in the notebook's namespace to values nothing can change in place
    (numbers, strings, devices, dtypes, and tuples of them)."""
    from IPython import get_ipython

    namespace = get_ipython().user_ns
    return [name for name in names if name in namespace and _immutable(namespace[name])]


def _immutable(value) -> bool:
    if isinstance(value, tuple | frozenset):
        return all(_immutable(item) for item in value)
    return isinstance(value, IMMUTABLE)


def fingerprints(names: list[str]) -> dict[str, str]:
    """A digest of the value of each of ``names`` in the notebook's namespace (``"missing"`` if
    unbound): equal values give equal digests, in this kernel and in another."""
    from IPython import get_ipython

    namespace = get_ipython().user_ns
    return {name: _digest(namespace[name]) if name in namespace else "missing" for name in names}


def _digest(value) -> str:
    walk = _Walk()
    walk.add(value, 0)
    return walk.hash.hexdigest()[:16]


class _Walk:
    def __init__(self):
        self.hash, self.items, self.seen = hashlib.sha1(), 0, set()

    def write(self, *parts) -> None:
        self.hash.update(repr(parts).encode())

    def add(self, value, depth: int) -> None:
        self.items += 1
        if depth > MAX_DEPTH or self.items > MAX_ITEMS:
            return self.write("deep", type(value).__qualname__)
        if value is None or isinstance(value, bool | int | float | complex | str | bytes):
            return self.write(value)
        if id(value) in self.seen:
            return self.write("again", type(value).__qualname__)
        self.seen.add(id(value))
        if isinstance(value, torch.Tensor):
            return self._tensor(value, depth)
        if isinstance(value, np.ndarray):
            return self.write("array", value.dtype.str, value.shape, value.tobytes())
        if isinstance(value, np.random.Generator):
            return self.write("generator", value.bit_generator.state)
        if isinstance(value, torch.Generator):
            return self.write("torch generator", value.get_state().numpy().tobytes())
        if isinstance(
            value, types.ModuleType | type | types.FunctionType | types.BuiltinFunctionType
        ):
            return self.write(
                "named",
                getattr(value, "__module__", ""),
                value.__qualname__ if hasattr(value, "__qualname__") else value.__name__,
            )
        if isinstance(value, torch.nn.Module):
            self.write("module", type(value).__qualname__)
            for module in value.modules():
                self.write(module.training)
            return self.add(dict(value.state_dict(keep_vars=True)), depth + 1)
        if isinstance(value, list | tuple | set | frozenset):
            self.write(type(value).__qualname__, len(value))
            items = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
            for item in items:
                self.add(item, depth + 1)
            return None
        if isinstance(value, dict):
            self.write("dict", len(value))
            for key, item in value.items():
                self.add(key, depth + 1)
                self.add(item, depth + 1)
            return None
        self.write("object", type(value).__qualname__)
        attributes = getattr(value, "__dict__", None)
        if isinstance(attributes, dict):
            self.add(attributes, depth + 1)
        return None

    def _tensor(self, value, depth: int) -> None:
        data = value.detach()
        if data.layout != torch.strided or data.device.type == "meta":
            return self.write("tensor", str(data.layout), tuple(data.shape), str(data.dtype))
        self.write("tensor", tuple(data.shape), str(data.dtype), value.requires_grad)
        self.hash.update(
            data.cpu().contiguous().view(-1).view(torch.uint8).numpy().tobytes()
            if data.numel()
            else b""
        )
        if value.grad is not None:
            self.add(value.grad, depth + 1)
        return None

"""Run the course on a CUDA GPU: its CUDA-only paths, then every source notebook on CPU and GPU.

Usage: python -m autograder.tools.gpu_check [NOTEBOOK ...]   (make gpu-check)

The CUDA-only paths: float16 autocast with a gradient scaler in ``course.fit``, pinned host
memory and non-blocking copies, and a ``predict`` that leaves its result on the GPU, which the
checks must catch. Then a table: each notebook's seconds and last ``course.fit`` accuracy with
``COURSE_DEVICE=cpu`` and with ``COURSE_DEVICE=cuda``. Where there is no CUDA GPU it says so
and exits 0, having checked nothing.
"""

import argparse
import glob
import os
import re
import sys
import time

import nbformat

from autograder.tools.benchmark import notebook_client

NO_GPU = (
    "No CUDA GPU on this machine: make gpu-check checked nothing. The CUDA paths are tested "
    "on the CPU only, through the checks' meta-device probes."
)
FIT_LINE = re.compile(r"Trained \d+ epochs on (\S+) in [\d.]+ s; test accuracy ([\d.]+)")


def cuda_paths() -> list[str]:
    """Exercise the CUDA-only paths; return one line per path checked (raises on a failure)."""
    import torch

    import course
    from autograder import check_on_device

    device = torch.device("cuda")
    course.seed_everything(0)
    train, test = course.digits_loaders(pin_memory=course.uses_cuda(device))
    model = torch.nn.Sequential(torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10))
    model = model.to(device)
    dtypes = []
    model[0].register_forward_hook(lambda module, args, out: dtypes.append(out.dtype))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    history = course.fit(model, train, test, optimizer, 5, device, progress=False)
    assert torch.float16 in dtypes, f"course.fit did not autocast to float16 on CUDA: {dtypes}"
    assert history["accuracy"][-1] > 0.9, f"accuracy {history['accuracy'][-1]:.3f} after AMP"
    X, _ = next(iter(train))
    assert X.is_pinned(), "digits_loaders(pin_memory=True) gave unpinned batches"

    def forgetful_predict(model, X):  # leaves its predictions on the GPU
        return model(X.to(device, non_blocking=True)).argmax(dim=1)

    try:
        check_on_device("predict(model, X)", forgetful_predict(model, X), "cpu")
    except AssertionError as err:
        caught = str(err)
    else:
        raise AssertionError("check_on_device let predictions on the GPU pass as on the CPU")
    return [
        f"course.fit on {torch.cuda.get_device_name(0)}: float16 autocast with GradScaler, "
        f"test accuracy {history['accuracy'][-1]:.3f}",
        "digits_loaders(pin_memory=True): pinned batches, copied with non_blocking=True",
        f"a predict without .cpu() is caught: {caught}",
    ]


def last_accuracy(nb) -> str:
    """The test accuracy that the notebook's last ``course.fit`` printed, or ``-``."""
    found = [
        match.group(2)
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream"
        for match in FIT_LINE.finditer(output.get("text", ""))
    ]
    return found[-1] if found else "-"


def run_on(path: str, device: str) -> tuple[float, str]:
    """``(seconds, last accuracy)`` of the notebook at ``path`` with ``COURSE_DEVICE=device``."""
    nb = nbformat.read(path, as_version=4)
    before = os.environ.get("COURSE_DEVICE")
    os.environ["COURSE_DEVICE"] = device
    try:
        start = time.perf_counter()
        notebook_client(nb, os.path.dirname(os.path.abspath(path))).execute()
        return time.perf_counter() - start, last_accuracy(nb)
    finally:
        if before is None:
            os.environ.pop("COURSE_DEVICE")
        else:
            os.environ["COURSE_DEVICE"] = before


def table(rows: list[tuple[str, float, str, float, str]]) -> str:
    """The markdown table of ``(notebook, cpu s, cpu accuracy, cuda s, cuda accuracy)`` rows."""
    lines = [
        "| notebook | CPU s | CPU accuracy | CUDA s | CUDA accuracy |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    lines += [f"| {n} | {cs:.1f} | {ca} | {gs:.1f} | {ga} |" for n, cs, ca, gs, ga in rows]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="default: source/*/*.ipynb")
    args = parser.parse_args(argv)
    import torch

    if not torch.cuda.is_available():
        print(NO_GPU)
        return 0
    for line in cuda_paths():
        print(line, flush=True)
    rows = []
    for path in args.notebooks or sorted(glob.glob("source/*/*.ipynb")):
        name = os.path.basename(path)
        rows.append((name, *run_on(path, "cpu"), *run_on(path, "cuda")))
        print(f"{name}: done", flush=True)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())

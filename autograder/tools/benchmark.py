"""Time every source notebook, top to bottom in a fresh kernel, against its budget.

Usage: python -m autograder.tools.benchmark [NOTEBOOK ...] [--budget SECONDS] [--jobs N]
Exits with status 1 if any notebook fails or runs over budget. ``--jobs 2`` (the default) times
two notebooks at once, one per core of a 2-core machine, each kernel's torch on one thread
(``make benchmark`` sets ``OMP_NUM_THREADS=1``); ``--jobs 1`` times them one after another.
"""

import argparse
import glob
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import nbformat
from nbclient import NotebookClient

from autograder.pipeline.kernels import IPCKernelManager

BUDGET_SECONDS = 60.0
JOBS = 2


def notebook_client(nb, folder: str) -> NotebookClient:
    """A client that runs ``nb`` in ``folder`` in a fresh kernel over private IPC sockets."""
    return NotebookClient(
        nb,
        timeout=int(BUDGET_SECONDS * 2),
        kernel_name="python3",
        kernel_manager_class=IPCKernelManager,
        resources={"metadata": {"path": folder}},
    )


def run_notebook(path: str) -> float:
    """Seconds taken to execute the notebook at ``path``, kernel start included."""
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    notebook_client(nb, os.path.dirname(os.path.abspath(path))).execute()
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="default: source/*/*.ipynb")
    parser.add_argument("--budget", type=float, default=BUDGET_SECONDS)
    parser.add_argument("--jobs", type=int, default=JOBS, help="notebooks timed at once")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(glob.glob("source/*/*.ipynb"))
    over = 0
    with ThreadPoolExecutor(max(1, args.jobs)) as pool:
        timed = zip(paths, pool.map(run_notebook, paths), strict=True)
        for path, seconds in timed:
            verdict = "ok" if seconds <= args.budget else "OVER BUDGET"
            over += seconds > args.budget
            print(
                f"{path:60s} {seconds:6.1f} s  (budget {args.budget:.0f} s)  {verdict}", flush=True
            )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())

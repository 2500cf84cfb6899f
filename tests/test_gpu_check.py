"""make gpu-check: its no-GPU path, the accuracy it reads from a notebook, its table, and (on a
CUDA machine only) the CUDA paths themselves."""

import contextlib
import io
import os
import subprocess
import sys

import nbformat
import pytest
import torch

import course
from autograder.tools import gpu_check


def test_without_a_gpu_it_says_so_and_exits_0():
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}
    result = subprocess.run(
        [sys.executable, "-m", "autograder.tools.gpu_check"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == gpu_check.NO_GPU


def test_the_last_accuracy_course_fit_printed_is_read_from_the_notebook():
    course.seed_everything(0)
    train, test = course.digits_loaders()
    model = torch.nn.Linear(64, 10)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        history = course.fit(model, train, test, optimizer, 1, "cpu", progress=False)
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "fit()", outputs=[nbformat.v4.new_output("stream", text=printed.getvalue())]
        ),
        nbformat.v4.new_markdown_cell("Trained 9 epochs on cpu in 1.0 s; test accuracy 0.1"),
    ]
    assert gpu_check.last_accuracy(nb) == f"{history['accuracy'][-1]:.3f}"
    assert gpu_check.last_accuracy(nbformat.v4.new_notebook()) == "-"


def test_table_has_a_row_per_notebook():
    text = gpu_check.table([("05_cnn.ipynb", 10.04, "0.985", 4.0, "0.986")])
    assert text.splitlines()[-1] == "| 05_cnn.ipynb | 10.0 | 0.985 | 4.0 | 0.986 |"


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_cuda_paths_run_on_the_gpu():
    lines = gpu_check.cuda_paths()
    assert "float16 autocast" in lines[0] and "is caught" in lines[-1]

"""Does pick_device choose cuda, then mps, then cpu, and honour an explicit choice?"""

import pytest
import torch

import course.device as device_module
from course import DEVICE_ENV_VAR, device_report, pick_device

NO_GPU_HERE = not torch.cuda.is_available() and not device_module._mps_available()


@pytest.fixture(autouse=True)
def no_env(monkeypatch):
    monkeypatch.delenv(DEVICE_ENV_VAR, raising=False)


@pytest.fixture
def no_gpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 0)
    monkeypatch.setattr(device_module, "_mps_available", lambda: False)


@pytest.fixture
def fake_gpu(monkeypatch):
    """Pretend one CUDA device, a 'Tesla T4', is present."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    monkeypatch.setattr(torch.cuda, "current_device", lambda: 0)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index=None: "Tesla T4")


@pytest.mark.skipif(not NO_GPU_HERE, reason="this machine has a GPU")
def test_pick_device_returns_cpu_on_this_machine_without_a_gpu():
    assert pick_device() == torch.device("cpu")


def test_pick_device_falls_back_to_cpu_without_a_gpu(no_gpu):
    assert pick_device() == torch.device("cpu")


def test_pick_device_prefers_cuda_when_present(fake_gpu):
    assert pick_device() == torch.device("cuda")


def test_pick_device_takes_mps_when_cuda_is_absent(monkeypatch, no_gpu):
    monkeypatch.setattr(device_module, "_mps_available", lambda: True)
    assert pick_device() == torch.device("mps")


def test_pick_device_honours_environment_variable(monkeypatch, fake_gpu):
    monkeypatch.setenv(DEVICE_ENV_VAR, "cpu")
    assert pick_device() == torch.device("cpu")


def test_pick_device_ignores_a_blank_environment_variable(monkeypatch, fake_gpu):
    monkeypatch.setenv(DEVICE_ENV_VAR, "  ")
    assert pick_device() == torch.device("cuda")


def test_pick_device_argument_wins_over_environment_variable(monkeypatch, no_gpu):
    monkeypatch.setenv(DEVICE_ENV_VAR, "cuda")
    assert pick_device(prefer="cpu") == torch.device("cpu")


def test_pick_device_accepts_a_requested_gpu_that_is_present(fake_gpu):
    assert pick_device(prefer="cuda:0") == torch.device("cuda:0")


@pytest.mark.parametrize("name", ["cuda", "cuda:0", "mps"])
def test_pick_device_refuses_an_unavailable_device_naming_it_and_the_variable(no_gpu, name):
    with pytest.raises(
        ValueError,
        match=rf"device '{name}' was requested but is not available here; "
        rf"unset {DEVICE_ENV_VAR} or choose 'cpu'",
    ):
        pick_device(prefer=name)


def test_pick_device_refuses_an_unavailable_device_from_the_environment(monkeypatch, no_gpu):
    monkeypatch.setenv(DEVICE_ENV_VAR, "cuda")
    with pytest.raises(ValueError, match=rf"'cuda'.*{DEVICE_ENV_VAR}"):
        pick_device()


def test_pick_device_refuses_a_misspelt_device_from_the_environment_naming_the_variable(
    monkeypatch,
):
    monkeypatch.setenv(DEVICE_ENV_VAR, "gpu")
    with pytest.raises(
        ValueError,
        match=rf"'gpu' is not a device name \(from {DEVICE_ENV_VAR} or prefer\); "
        r"use 'cpu', 'cuda', 'cuda:1' or 'mps'",
    ):
        pick_device()


def test_pick_device_refuses_a_gpu_index_beyond_those_present(fake_gpu):
    with pytest.raises(ValueError, match="device 'cuda:1' was requested but is not available"):
        pick_device(prefer="cuda:1")


def test_device_report_names_the_gpu(fake_gpu):
    assert device_report(pick_device()) == "Using cuda:0 (Tesla T4)"


def test_device_report_keeps_an_explicit_gpu_index(monkeypatch, fake_gpu):
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index=None: f"GPU number {index}")
    assert device_report(torch.device("cuda:3")) == "Using cuda:3 (GPU number 3)"


def test_device_report_for_mps_says_apple_gpu():
    assert device_report(torch.device("mps")) == "Using mps (Apple GPU)"


def test_device_report_for_cpu_mentions_cpu_and_thread_count():
    report = device_report(torch.device("cpu"))
    assert "cpu" in report
    assert report == f"Using cpu ({torch.get_num_threads()} threads)"


def test_device_report_accepts_a_device_name_string():
    assert device_report("cpu") == device_report(torch.device("cpu"))

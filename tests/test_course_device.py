"""Does pick_device choose cuda, then mps, then cpu, and honour an explicit choice?"""
import pytest
import torch

import course.device as device_module
from course import DEVICE_ENV_VAR, device_report, pick_device


@pytest.fixture(autouse=True)
def no_env(monkeypatch):
    monkeypatch.delenv(DEVICE_ENV_VAR, raising=False)


def test_pick_device_falls_back_to_cpu_without_a_gpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(device_module, "_mps_available", lambda: False)
    assert pick_device() == torch.device("cpu")


def test_pick_device_prefers_cuda_when_present(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert pick_device() == torch.device("cuda")


def test_pick_device_takes_mps_when_cuda_is_absent(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(device_module, "_mps_available", lambda: True)
    assert pick_device() == torch.device("mps")


def test_pick_device_honours_environment_variable(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setenv(DEVICE_ENV_VAR, "cpu")
    assert pick_device() == torch.device("cpu")


def test_pick_device_argument_wins_over_environment_variable(monkeypatch):
    monkeypatch.setenv(DEVICE_ENV_VAR, "cuda")
    assert pick_device("cpu") == torch.device("cpu")


def test_pick_device_refuses_an_unavailable_device_naming_it_and_the_variable(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ValueError, match=rf"device 'cuda:0' was requested but is not available here; unset {DEVICE_ENV_VAR}"):
        pick_device("cuda:0")


def test_device_report_names_the_gpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "current_device", lambda: 0)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index: "Tesla T4")
    assert device_report(torch.device("cuda")) == "Using cuda:0 (Tesla T4)"


def test_device_report_for_cpu_gives_thread_count():
    assert device_report(torch.device("cpu")) == f"Using cpu ({torch.get_num_threads()} threads)"

"""Do the device and mode checks catch code that ignores its device or mode, on a CPU-only machine?"""

import pytest
import torch
from torch import nn

from autograder import (
    check_batches_moved,
    check_device_agnostic,
    check_forward_mode,
    check_on_device,
    check_returned_on_cpu,
    probe_forward,
)

BATCHES = [(torch.randn(4, 3), torch.tensor([0, 1, 0, 1])) for _ in range(3)]


def moves(model, device):
    for X, _ in BATCHES:
        model(X.to(device))


def forgets_to_move(model, device):
    for X, _ in BATCHES:
        model(X)


def test_check_batches_moved_passes_code_that_moves_each_batch():
    check_batches_moved("train_epoch", moves, nn.Linear(3, 2))


def test_check_batches_moved_names_the_device_the_batch_stayed_on():
    with pytest.raises(AssertionError) as info:
        check_batches_moved(
            "train_epoch", forgets_to_move, nn.Linear(3, 2), "Move X with X.to(device)."
        )
    assert str(info.value) == (
        "train_epoch passed the model a batch on cpu; expected a batch on the device it "
        "was given (meta). Move X with X.to(device)."
    )


def test_check_batches_moved_fails_code_that_never_calls_the_model():
    with pytest.raises(
        AssertionError,
        match="train_epoch never called the model; expected at least one forward pass",
    ):
        check_batches_moved("train_epoch", lambda model, device: None, nn.Linear(3, 2))


def test_check_batches_moved_is_not_fooled_by_a_broad_except():
    def swallows(model, device):
        try:
            forgets_to_move(model, device)
        except Exception:
            pass

    with pytest.raises(AssertionError, match="passed the model a batch on cpu"):
        check_batches_moved("train_epoch", swallows, nn.Linear(3, 2))


def test_check_batches_moved_leaves_the_given_model_on_the_cpu():
    model = nn.Linear(3, 2)
    check_batches_moved("train_epoch", moves, model)
    check_on_device("model", model, "cpu")


def test_check_batches_moved_lets_a_stub_error_through():
    def stub(model, device):
        raise NotImplementedError

    with pytest.raises(NotImplementedError):
        check_batches_moved("train_epoch", stub, nn.Linear(3, 2))


def evaluates(model):
    model.eval()
    with torch.no_grad():
        moves(model, "cpu")


def test_check_forward_mode_passes_eval_without_gradients():
    check_forward_mode("evaluate", evaluates, nn.Linear(3, 2), training=False, grad_enabled=False)


def test_check_forward_mode_catches_a_missing_eval_call():
    def no_eval(model):
        with torch.no_grad():
            moves(model, "cpu")

    with pytest.raises(AssertionError) as info:
        check_forward_mode(
            "evaluate",
            no_eval,
            nn.Linear(3, 2),
            training=False,
            grad_enabled=False,
            hint="Call model.eval() first.",
        )
    assert (
        str(info.value)
        == "evaluate called the model in training mode; expected eval mode. Call model.eval() first."
    )


def test_check_forward_mode_catches_gradients_left_on():
    def no_grad_missing(model):
        model.eval()
        moves(model, "cpu")

    with pytest.raises(AssertionError) as info:
        check_forward_mode(
            "evaluate", no_grad_missing, nn.Linear(3, 2), training=False, grad_enabled=False
        )
    assert (
        str(info.value) == "evaluate called the model with gradient tracking; expected without it."
    )


def test_check_forward_mode_catches_a_missing_train_call():
    with pytest.raises(
        AssertionError, match="train_epoch called the model in eval mode; expected training mode"
    ):
        check_forward_mode(
            "train_epoch",
            lambda m: moves(m, "cpu"),
            nn.Linear(3, 2),
            training=True,
            grad_enabled=True,
        )


def test_check_on_device_passes_a_module_and_a_tensor_on_the_cpu():
    check_on_device("model", nn.BatchNorm1d(3), "cpu")
    check_on_device("logits", torch.zeros(2), torch.device("cpu"))


def test_check_on_device_names_the_first_parameter_elsewhere():
    model = nn.Sequential(nn.Linear(3, 2), nn.Linear(2, 2).to("meta"))
    with pytest.raises(AssertionError) as info:
        check_on_device("model", model, "cpu", "Call model.to(device).")
    assert str(info.value) == "model.1.weight is on meta; expected on cpu. Call model.to(device)."


def test_check_on_device_checks_buffers_too():
    bn = nn.BatchNorm1d(3)
    bn.running_mean = bn.running_mean.to("meta")
    with pytest.raises(AssertionError, match="model.running_mean is on meta; expected on cpu"):
        check_on_device("model", bn, "cpu")


def test_check_on_device_rejects_a_list_naming_its_kind():
    with pytest.raises(
        AssertionError, match=r"logits is a list; expected a torch.Tensor or torch.nn.Module\."
    ):
        check_on_device("logits", [1.0, 2.0], "cpu")


def test_check_on_device_matches_an_index_only_when_one_is_asked_for():
    meta = torch.zeros(1, device="meta")
    check_on_device("x", meta, "meta")
    with pytest.raises(AssertionError, match="x is on cpu; expected on cuda:1"):
        check_on_device("x", torch.zeros(1), "cuda:1")


class MakesCpuTensors(nn.Module):
    def forward(self, x):
        return x + torch.zeros(x.shape)


class FollowsItsInput(nn.Module):
    def forward(self, x):
        return x + torch.zeros(x.shape, device=x.device)


def test_check_device_agnostic_passes_a_model_that_follows_its_input():
    check_device_agnostic(
        "model", nn.Sequential(FollowsItsInput(), nn.Conv2d(1, 2, 3)), torch.zeros(2, 1, 8, 8)
    )


def test_check_device_agnostic_catches_a_tensor_made_on_the_cpu_inside_forward():
    with pytest.raises(AssertionError) as info:
        check_device_agnostic(
            "model", MakesCpuTensors(), torch.zeros(2, 3), "Pass device=x.device."
        )
    message = str(info.value)
    assert message.startswith("model failed on a device other than the CPU (RuntimeError: ")
    assert message.endswith("expected the same code to run on any device. Pass device=x.device.")


def test_check_device_agnostic_catches_output_left_on_the_cpu():
    class ReturnsCpu(nn.Module):
        def forward(self, x):
            return torch.zeros(x.shape[0], 2)

    with pytest.raises(AssertionError, match="model's output is on cpu; expected on meta"):
        check_device_agnostic("model", ReturnsCpu(), torch.zeros(2, 3))


def test_probe_forward_reports_no_call_when_none_was_made():
    seen = probe_forward(lambda model: None, nn.Linear(3, 2))
    assert seen == {"called": False, "device": None, "training": None, "grad_enabled": None}


def test_probe_forward_removes_its_hook():
    model = nn.Linear(3, 2)
    probe_forward(lambda m: m(torch.zeros(1, 3)), model)
    assert model(torch.zeros(1, 3)).shape == (1, 2)


class PacksItsInput(nn.Module):
    """An LSTM over a padded batch, packed by ``lengths``; ``move`` sends them to x's device."""

    def __init__(self, move: bool = False, unpack: bool = False):
        super().__init__()
        self.lstm, self.move, self.unpack = nn.LSTM(3, 4, batch_first=True), move, unpack

    def forward(self, x, lengths):
        lengths = lengths.to(x.device) if self.move else lengths
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths, True, enforce_sorted=False)
        outputs, (h, _) = self.lstm(packed)
        if self.unpack:
            return nn.utils.rnn.pad_packed_sequence(outputs, batch_first=True)[0][:, 0]
        return h[-1]  # (B, 4)


def test_check_device_agnostic_keeps_cpu_args_on_the_cpu():
    check_device_agnostic(
        "model", PacksItsInput(), torch.zeros(3, 5, 3), cpu_args=(torch.tensor([5, 2, 4]),)
    )


def test_check_device_agnostic_catches_lengths_moved_to_the_device():
    with pytest.raises(AssertionError) as info:
        check_device_agnostic(
            "model",
            PacksItsInput(move=True),
            torch.zeros(3, 5, 3),
            "Leave lengths on the CPU.",
            cpu_args=(torch.tensor([5, 2, 4]),),
        )
    message = str(info.value)
    assert "'lengths' argument should be a 1D CPU int64 tensor" in message
    assert message.endswith("Leave lengths on the CPU.")


def test_check_device_agnostic_passes_code_that_meta_cannot_run():
    check_device_agnostic(
        "model",
        PacksItsInput(unpack=True),
        torch.zeros(3, 5, 3),
        cpu_args=(torch.tensor([5, 2, 4]),),
    )


def test_check_device_agnostic_fails_other_not_implemented_errors_on_the_device():
    class CpuOnly(nn.Module):
        def forward(self, x):
            if x.device.type != "cpu":
                raise NotImplementedError("only written for the CPU")
            return x

    with pytest.raises(AssertionError, match="NotImplementedError: only written for the CPU"):
        check_device_agnostic("model", CpuOnly(), torch.zeros(2, 3))


INPUTS = torch.randn(5, 3)


def predicts(model, device):
    return model(INPUTS.to(device)).argmax(dim=1).cpu()


def test_check_returned_on_cpu_passes_each_way_of_copying_back():
    check_returned_on_cpu("predict", predicts, nn.Linear(3, 4))
    back = torch.zeros(1, dtype=torch.int64)
    for copy_back in (lambda t: t.to("cpu"), lambda t: t.to(back), lambda t: t.detach().cpu()):
        check_returned_on_cpu(
            "predict", lambda m, d, back=copy_back: back(m(INPUTS.to(d)).argmax(1)), nn.Linear(3, 4)
        )


def test_check_returned_on_cpu_passes_results_rebuilt_from_python_values():
    def rebuilt(m, d):
        indices = m(INPUTS.to(d)).argmax(1)
        return torch.tensor(indices.tolist()) + int(indices[0].item()) * 0

    check_returned_on_cpu("predict", rebuilt, nn.Linear(3, 4))
    check_returned_on_cpu(
        "predict",
        lambda m, d: torch.from_numpy(m(INPUTS.to(d)).argmax(1).numpy()),
        nn.Linear(3, 4),
    )


def test_check_returned_on_cpu_passes_code_that_meta_cannot_run():
    check_returned_on_cpu("predict", lambda m, d: torch.nonzero(m(INPUTS.to(d))), nn.Linear(3, 4))


def test_check_returned_on_cpu_gives_the_shape_and_dtype_of_the_copied_tensor():
    got = {}

    def run(model, device):
        got["result"] = predicts(model, device)
        return got["result"]

    check_returned_on_cpu("predict", run, nn.Linear(3, 4))
    assert (got["result"].shape, got["result"].dtype) == ((5,), torch.int64)


def test_check_returned_on_cpu_catches_a_result_left_on_the_device():
    with pytest.raises(AssertionError) as info:
        check_returned_on_cpu(
            "predict",
            lambda m, d: m(INPUTS.to(d)).argmax(1),
            nn.Linear(3, 4),
            "Return it with .cpu().",
        )
    assert str(info.value) == (
        "predict returned its result on meta when the model was there; expected it on the CPU "
        "whatever the model's device. Return it with .cpu()."
    )


def test_check_returned_on_cpu_names_what_came_back_instead_of_a_tensor():
    with pytest.raises(AssertionError, match="predict returned a list; expected a torch.Tensor"):
        check_returned_on_cpu("predict", lambda m, d: [1, 2], nn.Linear(3, 4))


def test_check_returned_on_cpu_leaves_copies_off_meta_failing_after_it():
    check_returned_on_cpu("predict", predicts, nn.Linear(3, 4))
    with pytest.raises(NotImplementedError):
        torch.zeros(2, device="meta").cpu()

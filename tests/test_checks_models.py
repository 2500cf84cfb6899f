"""Does check_layers compare a module's layers with the spec one by one, does check_uses find a
family of layers, and does check_targets_moved catch a training step that leaves y on the CPU,
on a CPU-only machine?"""

import subprocess
import sys

import pytest
import torch
from torch import nn

from autograder.checks.devices import check_on_device
from autograder.checks.models import check_layers, check_targets_moved, check_uses


class Block(nn.Module):
    """A student's own container: looked into, not counted."""

    def __init__(self, c_in, c_out):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, 3, padding=1, bias=False)
        self.bn, self.act = nn.BatchNorm2d(c_out), nn.ReLU()


class DigitsCNN(nn.Module):
    def __init__(self, swap_pool=False, bias=False):
        super().__init__()
        pool_then_relu = [nn.MaxPool2d(2), nn.ReLU()] if swap_pool else [nn.ReLU(), nn.MaxPool2d(2)]
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1, bias=bias), nn.BatchNorm2d(8), *pool_then_relu
        )
        self.block = Block(8, 16)
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 10))


SPEC = [
    (nn.Conv2d, {"kernel_size": 3, "bias": False}),
    "BatchNorm2d",
    nn.ReLU,
    (nn.MaxPool2d, {"kernel_size": 2}),
    ("nn.Conv2d", {"kernel_size": (3, 3), "padding": 1}),
    nn.BatchNorm2d,
    "torch.nn.ReLU",
    "AdaptiveAvgPool2d",
    "Flatten",
    (nn.Linear, {"in_features": 16, "out_features": 10, "bias": True}),
]
SHOWN = (
    "[Conv2d(kernel_size=3, bias=False), BatchNorm2d, ReLU, MaxPool2d(kernel_size=2), "
    "Conv2d(kernel_size=(3, 3), padding=1), BatchNorm2d, ReLU, AdaptiveAvgPool2d, Flatten, "
    "Linear(in_features=16, out_features=10, bias=True)]"
)


def test_check_layers_passes_the_spec_through_nested_containers():
    check_layers("DigitsCNN", DigitsCNN(), SPEC)
    check_layers("layer", nn.Linear(2, 2), ["Linear"])


def test_check_layers_names_the_first_position_that_differs_and_shows_the_spec():
    with pytest.raises(AssertionError) as info:
        check_layers("DigitsCNN", DigitsCNN(swap_pool=True), SPEC, "Apply ReLU before pooling.")
    assert str(info.value) == (
        "DigitsCNN's layers differ at position 2 (features.2): found MaxPool2d where the spec "
        f"has ReLU; expected {SHOWN}. Apply ReLU before pooling."
    )


def test_check_layers_compares_the_attributes_given():
    with pytest.raises(AssertionError) as info:
        check_layers("DigitsCNN", DigitsCNN(bias=True), SPEC)
    assert str(info.value) == (
        "DigitsCNN's layers differ at position 0 (features.0): found Conv2d with bias=True where "
        f"the spec has Conv2d(kernel_size=3, bias=False); expected {SHOWN}."
    )
    with pytest.raises(
        AssertionError,
        match=r"found Conv2d with kernel_size=\(5, 5\) where the spec has Conv2d\(kernel_size=3\);",
    ):
        check_layers("conv", nn.Conv2d(1, 1, 5), [(nn.Conv2d, {"kernel_size": 3})])
    with pytest.raises(AssertionError, match="found ReLU without bias where the spec has ReLU"):
        check_layers("act", nn.ReLU(), [(nn.ReLU, {"bias": False})])


def test_check_layers_reports_a_missing_and_an_extra_layer():
    with pytest.raises(AssertionError) as info:
        check_layers("DigitsCNN", DigitsCNN(), SPEC + [nn.Softmax])
    assert str(info.value).startswith(
        "DigitsCNN's layers differ at position 10: found no more layers where the spec has "
        "Softmax; expected ["
    )
    with pytest.raises(
        AssertionError,
        match=r"^DigitsCNN's layers differ at position 9 \(head\.2\): found Linear after the "
        r"spec's last layer; expected \[Conv2d",
    ):
        check_layers("DigitsCNN", DigitsCNN(), SPEC[:-1])


def test_check_layers_counts_a_layer_registered_twice_and_matches_subclasses():
    class MyReLU(nn.ReLU):
        pass

    relu = MyReLU()
    model = nn.Sequential(nn.Linear(2, 2), relu, nn.Linear(2, 2), relu)
    check_layers("mlp", model, [nn.Linear, nn.ReLU, "Linear", "ReLU"])
    with pytest.raises(
        AssertionError, match="position 3 .3.: found MyReLU where the spec has Tanh"
    ):
        check_layers("mlp", model, [nn.Linear, nn.ReLU, nn.Linear, nn.Tanh])


def test_check_layers_rejects_a_list_of_layers_and_a_bad_spec():
    with pytest.raises(
        AssertionError, match=r"^DigitsCNN is a list; expected a torch\.nn\.Module\.$"
    ):
        check_layers("DigitsCNN", [nn.Linear(2, 2)], ["Linear"])
    with pytest.raises(TypeError, match=r"each expected layer must be .*; got 3\."):
        check_layers("layer", nn.Linear(2, 2), [3])
    with pytest.raises(TypeError, match="expected must be a list of layers; got 'Linear'"):
        check_layers("layer", nn.Linear(2, 2), "Linear")


# check_targets_moved

BATCHES = [(torch.randn(4, 3), torch.tensor([0, 1, 0, 1])) for _ in range(3)]


def train_epoch(model, loss_fn, device, move_X=True, move_y=True):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    total = 0.0
    for X, y in BATCHES:
        X = X.to(device) if move_X else X
        y = y.to(device) if move_y else y
        optimizer.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total


def test_check_targets_moved_passes_a_step_that_moves_X_and_y():
    check_targets_moved("train_epoch", train_epoch, nn.Linear(3, 2))


def test_check_targets_moved_catches_y_left_on_the_cpu():
    with pytest.raises(AssertionError) as info:
        check_targets_moved(
            "train_epoch",
            lambda m, loss_fn, dev: train_epoch(m, loss_fn, dev, move_y=False),
            nn.Linear(3, 2),
            hint="Move y with y.to(device) too.",
        )
    assert str(info.value) == (
        "train_epoch passed loss_fn the targets on cpu; expected the targets on the device it "
        "was given (meta). Move y with y.to(device) too."
    )


def test_check_targets_moved_names_a_keyword_argument_of_the_loss():
    def by_keyword(model, loss_fn, device):
        for X, y in BATCHES:
            loss_fn(input=model(X.to(device)), target=y)

    with pytest.raises(AssertionError, match="^train_epoch passed loss_fn target on cpu;"):
        check_targets_moved("train_epoch", by_keyword, nn.Linear(3, 2))


def test_check_targets_moved_catches_X_left_on_the_cpu_and_a_model_never_called():
    with pytest.raises(AssertionError) as info:
        check_targets_moved(
            "train_epoch",
            lambda m, loss_fn, dev: train_epoch(m, loss_fn, dev, move_X=False),
            nn.Linear(3, 2),
        )
    assert str(info.value) == (
        "train_epoch passed the model a batch on cpu; expected a batch on the device it was "
        "given (meta)."
    )
    with pytest.raises(
        AssertionError, match="^train_epoch never called the model; expected at least one"
    ):
        check_targets_moved("train_epoch", lambda m, loss_fn, dev: None, nn.Linear(3, 2))


def test_check_targets_moved_catches_a_step_that_ignores_the_loss_it_was_given():
    def own_loss(model, loss_fn, device):
        return train_epoch(model, nn.CrossEntropyLoss(), device)

    with pytest.raises(AssertionError) as info:
        check_targets_moved("train_epoch", own_loss, nn.Linear(3, 2), "Use loss_fn.")
    assert str(info.value) == (
        "train_epoch never called the loss_fn it was given (RuntimeError after the forward "
        "pass); expected loss_fn(outputs, y) on each batch. Use loss_fn."
    )
    with pytest.raises(
        AssertionError, match=r"^train_epoch never called the loss_fn it was given;"
    ):
        check_targets_moved(
            "train_epoch", lambda m, loss_fn, dev: m(BATCHES[0][0].to(dev)), nn.Linear(3, 2)
        )


def test_check_targets_moved_is_not_fooled_by_a_broad_except():
    def swallows(model, loss_fn, device):
        try:
            train_epoch(model, loss_fn, device, move_y=False)
        except Exception:
            pass

    with pytest.raises(AssertionError, match="passed loss_fn the targets on cpu"):
        check_targets_moved("train_epoch", swallows, nn.Linear(3, 2))


def test_check_targets_moved_leaves_the_model_on_the_cpu_and_lets_a_stub_error_through():
    model = nn.Linear(3, 2)
    check_targets_moved("train_epoch", train_epoch, model)
    check_on_device("model", model, "cpu")

    def stub(model, loss_fn, device):
        raise NotImplementedError

    with pytest.raises(NotImplementedError):
        check_targets_moved("train_epoch", stub, model)


def test_check_targets_moved_refuses_a_model_that_is_not_a_module():
    with pytest.raises(TypeError, match="run must be a function and model a torch.nn.Module"):
        check_targets_moved("train_epoch", train_epoch, [nn.Linear(3, 2)])


def test_importing_the_model_checks_does_not_import_torch():
    code = "import sys, autograder.checks.models; print('torch' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_check_uses_passes_a_model_with_one_of_the_kinds():
    model = nn.Sequential(nn.Embedding(5, 4), nn.LSTM(4, 3, batch_first=True))
    check_uses("sequence_model", model, (nn.GRU, nn.LSTM))


def test_check_uses_names_the_layers_found_and_the_kinds_expected():
    model = nn.Sequential(nn.Flatten(), nn.Linear(4, 3), nn.ReLU())
    with pytest.raises(AssertionError) as err:
        check_uses("sequence_model", model, (nn.LSTM, nn.GRU), hint="Use a recurrent layer.")
    message = str(err.value)
    assert "uses only Flatten, Linear, ReLU" in message
    assert "one of LSTM, GRU" in message
    assert message.endswith("Use a recurrent layer.")


def test_check_uses_rejects_what_is_not_a_module():
    with pytest.raises(AssertionError, match="is a list"):
        check_uses("model", [nn.Linear(2, 2)], (nn.Linear,))

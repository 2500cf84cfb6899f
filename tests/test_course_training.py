"""Does the reference training loop weight, move, switch modes and report as it says?"""
import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from autograder import check_batches_moved, check_forward_mode, probe_forward
from course import digits_loaders, evaluate, fit, seed_everything, train_epoch, uses_cuda

CPU = torch.device("cpu")


def tiny_loader(n=10, batch_size=4):
    """``n`` seeded examples of 3 features in 2 classes; the last batch is smaller."""
    g = torch.Generator().manual_seed(0)
    X = torch.randn(n, 3, generator=g)  # (n, 3)
    y = (X[:, 0] > 0).long()  # (n,)
    return DataLoader(TensorDataset(X, y), batch_size=batch_size)


def frozen_sgd(model):
    return torch.optim.SGD(model.parameters(), lr=0.0)


def test_train_epoch_returns_the_mean_loss_per_example_not_per_batch():
    torch.manual_seed(0)
    model, loader = nn.Linear(3, 2), tiny_loader()
    X, y = loader.dataset.tensors
    expected = nn.functional.cross_entropy(model(X), y).item()
    got = train_epoch(model, loader, nn.CrossEntropyLoss(), frozen_sgd(model), CPU)
    assert got == pytest.approx(expected, rel=1e-6)


def test_train_epoch_lowers_the_loss_and_leaves_the_model_training():
    torch.manual_seed(0)
    model, loader = nn.Linear(3, 2), tiny_loader()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    losses = [train_epoch(model, loader, nn.CrossEntropyLoss(), optimizer, CPU) for _ in range(5)]
    assert losses[-1] < losses[0] and model.training


def test_train_epoch_moves_batches_and_trains_with_gradients():
    model, loader = nn.Linear(3, 2), tiny_loader()
    check_batches_moved("train_epoch", lambda m, d: train_epoch(m, loader, nn.CrossEntropyLoss(), frozen_sgd(m), d),
                        model)
    check_forward_mode("train_epoch", lambda m: train_epoch(m, loader, nn.CrossEntropyLoss(), frozen_sgd(m), CPU),
                       model, training=True, grad_enabled=True)


@pytest.mark.parametrize(("amp", "dtype"), [(None, torch.float32), (False, torch.float32), (True, torch.bfloat16)])
def test_train_epoch_autocasts_on_cpu_only_when_asked(amp, dtype):
    model, seen = nn.Linear(3, 2), []
    model.register_forward_hook(lambda module, args, out: seen.append(out.dtype))
    train_epoch(model, tiny_loader(), nn.CrossEntropyLoss(), frozen_sgd(model), CPU, amp=amp)
    assert set(seen) == {dtype}


def test_evaluate_counts_correct_predictions_over_uneven_batches():
    torch.manual_seed(0)
    model, loader = nn.Linear(3, 2), tiny_loader()
    X, y = loader.dataset.tensors
    expected = (model(X).argmax(dim=1) == y).float().mean().item()
    assert evaluate(model, loader, CPU) == pytest.approx(expected)


def test_evaluate_runs_in_eval_mode_without_gradients_on_the_given_device():
    model, loader = nn.Sequential(nn.Linear(3, 2), nn.Dropout(0.5)), tiny_loader()
    check_forward_mode("evaluate", lambda m: evaluate(m, loader, CPU), model, training=False, grad_enabled=False)
    check_batches_moved("evaluate", lambda m, d: evaluate(m, loader, d), model)


def test_fit_records_one_entry_per_epoch_and_prints_device_and_time(capsys):
    torch.manual_seed(0)
    model, loader = nn.Linear(3, 2), tiny_loader()
    history = fit(model, loader, loader, torch.optim.SGD(model.parameters(), lr=0.5), 3, CPU, progress=False)
    assert len(history["loss"]) == len(history["accuracy"]) == 3
    assert history["device"] == "cpu" and history["seconds"] > 0
    printed = capsys.readouterr().out
    assert printed.startswith("Trained 3 epochs on cpu in ") and f"test accuracy {history['accuracy'][-1]:.3f}" in printed


def test_fit_uses_the_functions_it_is_given():
    calls = []
    model, loader = nn.Linear(3, 2), tiny_loader()
    fit(model, loader, loader, frozen_sgd(model), 2, CPU, progress=False,
        train_epoch=lambda *args: calls.append("train") or 1.0,
        evaluate=lambda *args: calls.append("eval") or 0.5)
    assert calls == ["train", "eval", "train", "eval"]


@pytest.mark.parametrize("epochs", [0, -1, 2.0, "3"])
def test_fit_rejects_a_bad_epoch_count(epochs):
    model, loader = nn.Linear(3, 2), tiny_loader()
    with pytest.raises(ValueError, match=rf"epochs must be a positive int; got {epochs!r}"):
        fit(model, loader, loader, frozen_sgd(model), epochs, CPU, progress=False)


def test_fit_is_repeatable_from_the_same_seed_on_digits():
    def run():
        seed_everything(0)
        train_loader, test_loader = digits_loaders(batch_size=128)
        model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Dropout(0.1), nn.Linear(32, 10))
        return fit(model, train_loader, test_loader, torch.optim.Adam(model.parameters(), 1e-2), 2, CPU,
                   progress=False)
    first, second = run(), run()
    assert first["loss"] == second["loss"] and first["accuracy"] == second["accuracy"]
    assert first["accuracy"][-1] > 0.8


@pytest.mark.parametrize(("device", "expected"), [("cpu", False), ("cuda", True), (torch.device("cuda:1"), True),
                                                  ("mps", False), ("meta", False)])
def test_uses_cuda_only_for_cuda_devices(device, expected):
    assert uses_cuda(device) is expected


def test_probe_stops_a_training_loop_at_its_first_forward_call():
    model, loader = nn.Linear(3, 2), tiny_loader()
    before = [p.clone() for p in model.parameters()]
    seen = probe_forward(lambda m: train_epoch(m, loader, nn.CrossEntropyLoss(),
                                               torch.optim.SGD(m.parameters(), lr=1.0), CPU), model)
    assert seen == {"called": True, "device": CPU, "training": True, "grad_enabled": True}
    assert all(torch.equal(b, p) for b, p in zip(before, model.parameters()))

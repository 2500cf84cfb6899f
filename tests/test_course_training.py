"""Does the reference training loop weight, move, switch modes and report as it says, with the
default accuracy as with another metric, and with a student's own train_epoch and evaluate?"""

import copy

import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

import course.training
from autograder import check_batches_moved, check_forward_mode, probe_forward
from course import (
    TokenAccuracy,
    digits_loaders,
    evaluate,
    fit,
    seed_everything,
    train_epoch,
    uses_cuda,
)

CPU = torch.device("cpu")


def tiny_loader(n=10, batch_size=4):
    """``n`` seeded examples of 3 features in 2 classes; the last batch is smaller."""
    g = torch.Generator().manual_seed(0)
    X = torch.randn(n, 3, generator=g)  # (n, 3)
    y = (X[:, 0] > 0).long()  # (n,)
    return DataLoader(TensorDataset(X, y), batch_size=batch_size)


def frozen_sgd(model):
    return torch.optim.SGD(model.parameters(), lr=0.0)


def fit_tiny(model, epochs, **options):
    """``fit`` on one ``tiny_loader`` for training and testing, with a frozen optimizer, quietly."""
    loader = tiny_loader()
    return fit(model, loader, loader, frozen_sgd(model), epochs, CPU, progress=False, **options)


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
    loss_fn = nn.CrossEntropyLoss()
    check_batches_moved(
        "train_epoch", lambda m, d: train_epoch(m, loader, loss_fn, frozen_sgd(m), d), model
    )
    check_forward_mode(
        "train_epoch",
        lambda m: train_epoch(m, loader, loss_fn, frozen_sgd(m), CPU),
        model,
        training=True,
        grad_enabled=True,
    )


@pytest.mark.parametrize(
    ("amp", "dtype"), [(None, torch.float32), (False, torch.float32), (True, torch.bfloat16)]
)
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
    check_forward_mode(
        "evaluate", lambda m: evaluate(m, loader, CPU), model, training=False, grad_enabled=False
    )
    check_batches_moved("evaluate", lambda m, d: evaluate(m, loader, d), model)


def test_fit_records_one_entry_per_epoch_and_prints_device_and_time(capsys):
    torch.manual_seed(0)
    model, loader = nn.Linear(3, 2), tiny_loader()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    history = fit(model, loader, loader, optimizer, 3, CPU, progress=False)
    assert len(history["loss"]) == len(history["accuracy"]) == 3
    assert history["device"] == "cpu" and history["seconds"] > 0
    printed = capsys.readouterr().out
    assert printed.startswith("Trained 3 epochs on cpu in ")
    assert f"test accuracy {history['accuracy'][-1]:.3f}" in printed


def test_fit_uses_the_functions_it_is_given():
    calls = []
    fit_tiny(
        nn.Linear(3, 2),
        2,
        train_epoch=lambda *args: calls.append("train") or 1.0,
        evaluate=lambda *args: calls.append("eval") or 0.5,
    )
    assert calls == ["train", "eval", "train", "eval"]


def test_fit_trains_every_epoch_in_train_mode_after_evaluating_in_eval_mode():
    modes = []
    fit_tiny(
        nn.Sequential(nn.Linear(3, 2), nn.Dropout(0.5)),
        3,
        train_epoch=lambda model, *args: modes.append(("train", model.training)) or 1.0,
        evaluate=lambda model, *args: modes.append(("eval", model.eval().training)) or 0.5,
    )
    assert modes == [("train", True), ("eval", False)] * 3


@pytest.mark.parametrize("epochs", [0, -1, 2.0, "3"])
def test_fit_rejects_a_bad_epoch_count(epochs):
    with pytest.raises(ValueError, match=rf"epochs must be a positive int; got {epochs!r}"):
        fit_tiny(nn.Linear(3, 2), epochs)


def test_fit_is_repeatable_from_the_same_seed_on_digits():
    def run():
        seed_everything(0)
        train_loader, test_loader = digits_loaders(batch_size=128)
        model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Dropout(0.1), nn.Linear(32, 10))
        optimizer = torch.optim.Adam(model.parameters(), 1e-2)
        return fit(model, train_loader, test_loader, optimizer, 2, CPU, progress=False)

    first, second = run(), run()
    assert first["loss"] == second["loss"] and first["accuracy"] == second["accuracy"]
    assert first["accuracy"][-1] > 0.8


@pytest.mark.parametrize(
    ("device", "expected"),
    [
        ("cpu", False),
        ("cuda", True),
        (torch.device("cuda:1"), True),
        ("mps", False),
        ("meta", False),
    ],
)
def test_uses_cuda_only_for_cuda_devices(device, expected):
    assert uses_cuda(device) is expected


def test_probe_stops_a_training_loop_at_its_first_forward_call():
    model, loader = nn.Linear(3, 2), tiny_loader()
    before = [p.clone() for p in model.parameters()]
    seen = probe_forward(
        lambda m: train_epoch(
            m, loader, nn.CrossEntropyLoss(), torch.optim.SGD(m.parameters(), lr=1.0), CPU
        ),
        model,
    )
    assert seen == {"called": True, "device": CPU, "training": True, "grad_enabled": True}
    assert all(torch.equal(b, p) for b, p in zip(before, model.parameters(), strict=True))


def test_fit_by_default_records_accuracy_as_evaluate_measures_it():
    torch.manual_seed(0)
    model, loader = nn.Linear(3, 2), tiny_loader()
    history = fit(
        model, loader, loader, torch.optim.SGD(model.parameters(), lr=0.5), 2, CPU, progress=False
    )
    assert list(history) == ["loss", "accuracy", "seconds", "device"]
    assert (
        history["accuracy"][-1]
        == evaluate(model, loader, CPU)
        == evaluate(model, loader, CPU, "accuracy")
    )


def test_fit_calls_a_students_functions_with_the_04_signatures_and_records_their_metric():
    calls, model, train, test = [], nn.Linear(3, 2), tiny_loader(), tiny_loader(n=6)
    optimizer = frozen_sgd(model)

    def student_train_epoch(model, loader, loss_fn, optimizer, device):
        calls.append(("train", model, loader, type(loss_fn), optimizer, device))
        return 1.5

    def student_evaluate(model, loader, device):
        calls.append(("eval", model, loader, device))
        return 0.25

    history = fit(
        model,
        train,
        test,
        optimizer,
        1,
        CPU,
        train_epoch=student_train_epoch,
        evaluate=student_evaluate,
        metric="mse",
        progress=False,
    )
    assert calls == [
        ("train", model, train, nn.MSELoss, optimizer, CPU),
        ("eval", model, test, CPU),
    ]
    assert (history["loss"], history["mse"]) == ([1.5], [0.25])


@pytest.mark.parametrize(
    ("metric", "loss_type", "ignore_index"),
    [
        ("accuracy", nn.CrossEntropyLoss, -100),
        ("token_accuracy", nn.CrossEntropyLoss, -100),
        (TokenAccuracy(ignore_index=0), nn.CrossEntropyLoss, 0),
        ("mse", nn.MSELoss, None),
    ],
)
def test_fit_trains_with_the_metrics_loss_unless_given_one(metric, loss_type, ignore_index):
    seen, model, loader = [], nn.Linear(3, 2), tiny_loader()
    record = dict(
        train_epoch=lambda model, loader, loss_fn, opt, dev: seen.append(loss_fn) or 1.0,
        evaluate=lambda model, loader, dev: 0.5,
        progress=False,
        metric=metric,
    )
    fit(model, loader, loader, frozen_sgd(model), 1, CPU, **record)
    assert type(seen[0]) is loss_type and getattr(seen[0], "ignore_index", None) == ignore_index
    given = nn.L1Loss()
    fit(model, loader, loader, frozen_sgd(model), 1, CPU, loss_fn=given, **record)
    assert seen[-1] is given


def test_fit_names_the_metric_in_its_summary_line(capsys):
    fit_tiny(
        nn.Linear(3, 2),
        1,
        metric="mse",
        evaluate=lambda model, loader, dev: 0.012345,
        train_epoch=lambda *args: 1.0,
    )
    assert capsys.readouterr().out.rstrip().endswith("; test mse 0.01235")


def test_fit_refuses_an_unknown_metric_before_training():
    calls = []
    with pytest.raises(ValueError, match=r"unknown metric 'top5'; expected one of 'accuracy'"):
        fit_tiny(
            nn.Linear(3, 2),
            1,
            metric="top5",
            train_epoch=lambda *args: calls.append("train") or 1.0,
        )
    assert calls == []


@pytest.mark.parametrize(
    ("batches", "got"),
    [
        ([torch.zeros(4, 3)], "got a Tensor"),
        (DataLoader(TensorDataset(torch.zeros(4, 3)), batch_size=2), "got a list of length 1"),
        (
            [(torch.zeros(4, 3), torch.ones(4), torch.ones(4), torch.ones(4))],
            "got a tuple of length 4",
        ),
    ],
)
def test_train_epoch_and_evaluate_refuse_a_batch_that_is_not_x_y_or_x_lengths_y(batches, got):
    model, message = nn.Linear(3, 2), rf"a batch must be \(X, y\) or \(X, lengths, y\); {got}\."
    with pytest.raises(ValueError, match=message):
        train_epoch(model, batches, nn.CrossEntropyLoss(), frozen_sgd(model), CPU)
    with pytest.raises(ValueError, match=message):
        evaluate(model, batches, CPU)


def test_evaluate_names_the_metric_when_the_outputs_do_not_fit_it():
    model = nn.Sequential(nn.Linear(3, 10), nn.Unflatten(1, (2, 5)))  # (B, 3) -> (B, 2, 5)
    nn.init.zeros_(model[0].weight), nn.init.zeros_(model[0].bias)  # every logit 0: predicts 0
    loader = DataLoader(TensorDataset(torch.zeros(4, 3), torch.zeros(4, 2, dtype=torch.long)))
    with pytest.raises(
        ValueError,
        match=r"accuracy expects logits \(B, C\) and targets \(B,\); "
        r"got logits \(1, 2, 5\) and targets \(1, 2\)\. "
        r"For per-token logits use metric='token_accuracy'",
    ):
        evaluate(model, loader, CPU)
    assert evaluate(model, loader, CPU, metric="token_accuracy") == 1.0  # every target is 0


def test_evaluate_and_train_epoch_refuse_a_loader_with_nothing_to_count():
    model, empty = nn.Linear(3, 2), []
    with pytest.raises(ValueError, match="evaluate had nothing to measure accuracy on"):
        evaluate(model, empty, CPU)
    with pytest.raises(ValueError, match="train_epoch had nothing to train on"):
        train_epoch(model, empty, nn.CrossEntropyLoss(), frozen_sgd(model), CPU)


def _one_batch_loader():
    """One seeded batch whose gradient norm is far above 0.1, so that clipping shows."""
    g = torch.Generator().manual_seed(1)
    X = 10 * torch.randn(8, 3, generator=g)  # (8, 3)
    return DataLoader(TensorDataset(X, (X[:, 0] > 0).long()), batch_size=8)


def _reference_step(model, loader, clip_norm):
    """One SGD step on a copy of ``model``, written out by hand, gradients clipped if asked."""
    model = copy.deepcopy(model)
    (X, y), params = next(iter(loader)), list(model.parameters())
    nn.functional.cross_entropy(model(X), y).backward()
    if clip_norm is not None:
        norm = torch.sqrt(sum((p.grad**2).sum() for p in params))
        for p in params:
            p.grad *= min(1.0, clip_norm / (float(norm) + 1e-6))
    with torch.no_grad():
        for p in params:
            p -= 0.5 * p.grad
    return model


@pytest.mark.parametrize("clip_norm", [0.1, None])
def test_train_epoch_clips_the_total_gradient_norm_before_the_step(clip_norm):
    torch.manual_seed(0)
    model, loader = nn.Linear(3, 2), _one_batch_loader()
    expected = _reference_step(model, loader, clip_norm)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    train_epoch(model, loader, nn.CrossEntropyLoss(), optimizer, CPU, clip_norm=clip_norm)
    for got, want in zip(model.parameters(), expected.parameters(), strict=True):
        assert torch.allclose(got, want, atol=1e-6)


def test_clipping_changes_the_step_when_the_gradient_is_larger_than_clip_norm():
    torch.manual_seed(0)
    model, loader = nn.Linear(3, 2), _one_batch_loader()
    clipped, unclipped = _reference_step(model, loader, 0.1), _reference_step(model, loader, None)
    assert not torch.allclose(clipped.weight, unclipped.weight, atol=1e-3)


@pytest.mark.parametrize("clip_norm", [0, -1.0])
def test_train_epoch_refuses_a_clip_norm_that_is_not_positive(clip_norm):
    model = nn.Linear(3, 2)
    with pytest.raises(
        ValueError, match=rf"clip_norm must be a positive number or None; got {clip_norm}"
    ):
        train_epoch(
            model, tiny_loader(), nn.CrossEntropyLoss(), frozen_sgd(model), CPU, clip_norm=clip_norm
        )


def test_fit_passes_clip_norm_to_the_course_train_epoch(monkeypatch):
    seen = []
    monkeypatch.setattr(
        course.training,
        "_course_train_epoch",
        lambda *args, clip_norm: seen.append(clip_norm) or 1.0,
    )
    model, loader = nn.Linear(3, 2), tiny_loader()
    fit(model, loader, loader, frozen_sgd(model), 2, CPU, progress=False, clip_norm=1.0)
    assert seen == [1.0, 1.0]


def test_fit_refuses_clip_norm_with_a_train_epoch_of_ones_own():
    model, loader = nn.Linear(3, 2), tiny_loader()
    with pytest.raises(ValueError, match="fit got both train_epoch and clip_norm"):
        fit(
            model,
            loader,
            loader,
            frozen_sgd(model),
            1,
            CPU,
            progress=False,
            train_epoch=lambda *args: 1.0,
            clip_norm=1.0,
        )

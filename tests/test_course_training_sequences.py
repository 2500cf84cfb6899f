"""Does the reference training loop handle sequences: (X, lengths, y) batches with lengths kept on
the CPU, per-token logits against padded targets, and a regression target?"""

import pytest
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
from torch.utils.data import DataLoader, TensorDataset

from course import TokenAccuracy, evaluate, fit, train_epoch

CPU, META = torch.device("cpu"), torch.device("meta")
VOCAB, PAD = 6, 0  # tokens 1..5; 0 pads
DEVICES = [META] + ([torch.device("cuda")] if torch.cuda.is_available() else [])


def previous_token_data(n: int, T: int = 7, seed: int = 0):
    """Padded token sequences of lengths 2..T; each target is the token one step before.

    Shape:
        - X, y: ``(n, T)`` int64, PAD past each length (and y's first step is PAD)
        - lengths: ``(n,)`` int64
    """
    g = torch.Generator().manual_seed(seed)
    lengths = torch.randint(2, T + 1, (n,), generator=g)  # (n,)
    X = torch.randint(1, VOCAB, (n, T), generator=g)  # (n, T)
    padded = torch.arange(T) >= lengths[:, None]  # (n, T)
    X[padded] = PAD
    y = torch.full_like(X, PAD)  # (n, T)
    y[:, 1:] = X[:, :-1]
    y[padded] = PAD
    return X, lengths, y


class TokenLSTM(nn.Module):
    """Embedding, an LSTM over the packed sequences, and per-token logits.

    Shape:
        - X: ``(B, T)`` tokens; lengths: ``(B,)`` CPU int64
        - returns: ``(B, T, V)``
    """

    def __init__(self, vocab: int = VOCAB, hidden: int = 16):
        super().__init__()
        self.embed = nn.Embedding(vocab, hidden, padding_idx=PAD)
        self.lstm = nn.LSTM(hidden, hidden, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, X, lengths):
        packed = pack_padded_sequence(
            self.embed(X), lengths, batch_first=True, enforce_sorted=False
        )  # needs lengths on the CPU
        out, _ = self.lstm(packed)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=X.shape[1])  # (B, T, H)
        return self.head(out)  # (B, T, V)


class Stop(Exception):
    """Raised by ``SeesInputs`` once it has seen its first batch."""


class SeesInputs(nn.Module):
    """Records where X and lengths arrive, then stops the loop: on ``meta`` it could not train."""

    def __init__(self):
        super().__init__()
        self.linear, self.seen = nn.Linear(1, 1), None

    def forward(self, X, lengths):
        self.seen = (X.device.type, lengths.device.type, lengths.dtype)
        raise Stop


def sequence_loader(n, batch_size, seed=0, shuffle=False):
    generator = torch.Generator().manual_seed(seed)
    return DataLoader(
        TensorDataset(*previous_token_data(n, seed=seed)),
        batch_size=batch_size,
        shuffle=shuffle,
        generator=generator,
    )


@pytest.mark.parametrize("device", DEVICES, ids=str)
@pytest.mark.parametrize("loop", ["train_epoch", "evaluate"])
def test_lengths_reach_the_model_on_the_cpu_as_int64_while_x_moves_to_the_device(loop, device):
    X, lengths, y = previous_token_data(8)
    loader = DataLoader(TensorDataset(X, lengths.int(), y), batch_size=4)  # int32 lengths
    model = SeesInputs().to(device)
    with pytest.raises(Stop):
        if loop == "train_epoch":
            train_epoch(
                model, loader, nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters()), device
            )
        else:
            evaluate(model, loader, device, metric="token_accuracy")
    assert model.seen == (device.type, "cpu", torch.int64)


def test_train_epoch_flattens_per_token_logits_and_averages_over_counted_tokens():
    torch.manual_seed(0)
    model, loader = TokenLSTM(), sequence_loader(10, batch_size=4)  # batches of 4, 4, 2
    X, lengths, y = loader.dataset.tensors
    loss_fn = nn.CrossEntropyLoss(ignore_index=PAD)
    with torch.no_grad():
        logits = model(X, lengths)  # (10, T, V)
        expected = loss_fn(logits.reshape(-1, VOCAB), y.reshape(-1)).item()  # over all tokens
        batch_means = [
            loss_fn(logits[i : i + 4].reshape(-1, VOCAB), y[i : i + 4].reshape(-1)).item()
            for i in (0, 4, 8)
        ]
    got = train_epoch(model, loader, loss_fn, torch.optim.SGD(model.parameters(), lr=0.0), CPU)
    assert got == pytest.approx(expected, rel=1e-5)
    assert sum(batch_means) / 3 != pytest.approx(expected, rel=1e-4)  # the data tells them apart


def test_fit_trains_an_lstm_to_predict_the_previous_token_of_padded_sequences():
    torch.manual_seed(0)
    model = TokenLSTM()
    train, test = sequence_loader(256, 32, shuffle=True), sequence_loader(64, 64, seed=1)
    metric = TokenAccuracy(ignore_index=PAD)
    before = evaluate(model, test, CPU, metric=metric)
    history = fit(
        model,
        train,
        test,
        torch.optim.Adam(model.parameters(), lr=0.03),
        6,
        CPU,
        metric=metric,
        progress=False,
    )
    assert list(history) == ["loss", "token_accuracy", "seconds", "device"]
    assert history["loss"][-1] < history["loss"][0] / 2
    assert before < 0.4 and history["token_accuracy"][-1] > 0.9  # chance is 1 in 6


def test_fit_with_mse_learns_a_one_step_forecast_of_a_sine():
    torch.manual_seed(0)
    t = torch.linspace(0, 12, 206)  # (206,)
    windows = torch.sin(t).unfold(0, 6, 1)  # (201, 6): 5 past values, then the next
    X, y = windows[:, :5], windows[:, 5:]  # (201, 5), (201, 1)
    loader = DataLoader(TensorDataset(X, y), batch_size=32)  # the last batch holds 9
    model = nn.Linear(5, 1)
    history = fit(
        model,
        loader,
        loader,
        torch.optim.Adam(model.parameters(), lr=0.05),
        15,
        CPU,
        metric="mse",
        progress=False,
    )
    assert history["mse"][-1] < history["mse"][0] / 4
    expected = nn.functional.mse_loss(model(X), y).item()
    assert history["mse"][-1] == pytest.approx(expected, rel=1e-5)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_fit_trains_the_lstm_on_cuda_with_mixed_precision_and_cpu_lengths():
    torch.manual_seed(0)
    cuda = torch.device("cuda")
    model = TokenLSTM().to(cuda)
    train, test = sequence_loader(256, 32, shuffle=True), sequence_loader(64, 64, seed=1)
    history = fit(
        model,
        train,
        test,
        torch.optim.Adam(model.parameters(), lr=0.03),
        6,
        cuda,
        metric=TokenAccuracy(ignore_index=PAD),
        progress=False,
    )  # amp on by default
    assert history["device"] == "cuda" and history["loss"][-1] < history["loss"][0] / 2
    assert history["token_accuracy"][-1] > 0.9

"""Are make_digit_sequences' frames images of their digits from the asked split, its labels balanced
and set by the order of the digits, so that a CNN-LSTM hybrid learns them and a mean of frames
cannot?"""

import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from course import MeanOfFrames, SmallCNN, digits_arrays, fit, make_digit_sequences, seed_everything

RECIPE = {"n_train": 3000, "n_test": 1000, "length": 4, "batch_size": 64, "lr": 3e-3, "epochs": 6}


class Hybrid(nn.Module):
    """A SmallCNN per frame, an LSTM over the frames' features, a head on its last state."""

    def __init__(self, hidden_size: int = 32):
        super().__init__()
        self.encoder = SmallCNN(num_classes=None)
        self.lstm = nn.LSTM(self.encoder.out_features, hidden_size, batch_first=True)
        self.head = nn.Linear(hidden_size, 2)

    def forward(self, X):
        B, T = X.shape[:2]
        features = self.encoder(X.flatten(0, 1)).view(B, T, -1)  # (B, T, F)
        _, (h, _) = self.lstm(features)  # h: (1, B, H)
        return self.head(h[-1])  # (B, 2)


def _accuracy(model: nn.Module) -> float:
    """Test accuracy of ``model`` after the recipe."""
    length = RECIPE["length"]
    X_train, _, y_train = make_digit_sequences(RECIPE["n_train"], length, "train", seed=0)
    X_test, _, y_test = make_digit_sequences(RECIPE["n_test"], length, "test", seed=1)
    gen = torch.Generator().manual_seed(0)
    train = DataLoader(
        TensorDataset(X_train, y_train), RECIPE["batch_size"], shuffle=True, generator=gen
    )
    test = DataLoader(TensorDataset(X_test, y_test), batch_size=500)
    optimizer = torch.optim.Adam(model.parameters(), lr=RECIPE["lr"])
    return fit(model, train, test, optimizer, RECIPE["epochs"], "cpu", progress=False)["accuracy"][
        -1
    ]


def _images_by_bytes(images, labels) -> dict:
    """``{image bytes: label}`` for a split's ``(N, 8, 8)`` images."""
    images = torch.tensor(images, dtype=torch.float32)
    return {
        image.numpy().tobytes(): int(label) for image, label in zip(images, labels, strict=True)
    }


def test_shapes_dtypes_and_exactly_balanced_labels():
    X, digits, y = make_digit_sequences(101, length=5)
    assert (X.shape, digits.shape, y.shape) == ((101, 5, 1, 8, 8), (101, 5), (101,))
    assert (X.dtype, digits.dtype, y.dtype) == (torch.float32, torch.int64, torch.int64)
    assert int(y.sum()) == 50 and not torch.equal(y[:50], torch.ones(50, dtype=torch.int64))
    assert 0.0 <= float(X.min()) and float(X.max()) <= 1.0


def test_the_label_says_whether_the_first_digit_is_greater_than_the_last():
    _, digits, y = make_digit_sequences(500)
    assert torch.equal(y, (digits[:, 0] > digits[:, -1]).long())
    assert (digits[:, 0] != digits[:, -1]).all()
    assert len(digits[:, 1:-1].unique()) == 10  # the middle digits take every value


def test_every_ordered_pair_of_different_end_digits_is_about_as_likely():
    _, digits, _ = make_digit_sequences(18000, length=2)
    pairs = torch.bincount(digits[:, 0] * 10 + digits[:, 1], minlength=100).view(10, 10)
    off_diagonal = pairs[~torch.eye(10, dtype=torch.bool)]  # (90,)
    assert pairs.diagonal().sum() == 0 and off_diagonal.min() > 140 and off_diagonal.max() < 260


@pytest.mark.parametrize("split, other", [("train", "test"), ("test", "train")])
def test_frames_are_images_of_their_digits_from_the_split_only(split, other):
    X_train, X_test, y_train, y_test = digits_arrays(images=True)
    images = {"train": (X_train, y_train), "test": (X_test, y_test)}
    own, others = _images_by_bytes(*images[split]), _images_by_bytes(*images[other])
    X, digits, _ = make_digit_sequences(200, split=split)
    frames = [frame.numpy().tobytes() for frame in X.reshape(-1, 8, 8)]
    assert [own.get(frame) for frame in frames] == digits.reshape(-1).tolist()
    assert not any(frame in others for frame in frames)


def test_repeatable_from_the_seed_and_another_seed_gives_others():
    first, again, other = (
        make_digit_sequences(30, seed=4),
        make_digit_sequences(30, seed=4),
        make_digit_sequences(30),
    )
    assert all(torch.equal(a, b) for a, b in zip(first, again, strict=True))
    assert not torch.equal(first[0], other[0])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"split": "valid"}, "split must be 'train' or 'test'; got 'valid'"),
        ({"length": 1}, r"length must be an int >= 2 \(a first and a last frame\); got 1"),
        ({"n_samples": 0}, "n_samples must be a positive int; got 0"),
    ],
)
def test_bad_arguments_are_refused_naming_them(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_digit_sequences(**{"n_samples": 10, **kwargs})


def test_a_cnn_lstm_hybrid_learns_the_order_and_a_mean_of_frames_cannot():
    seed_everything(0)
    hybrid = _accuracy(Hybrid())
    seed_everything(0)
    mean = _accuracy(MeanOfFrames(SmallCNN(num_classes=None), num_classes=2))
    assert hybrid >= 0.85, f"hybrid: {hybrid:.3f}"
    assert mean <= 0.65, f"mean of frames: {mean:.3f}"

"""Is make_tabular deterministic, balanced, on the documented scales, and a set where an MLP on
standardized columns wins clearly over a linear model and over the same MLP on the raw columns?"""

import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

from course import MLP, fit, make_tabular, seed_everything
from course.data.tabular import OFFSETS, SCALES

RECIPE = {"hidden": (64,), "lr": 1e-2, "epochs": 30, "batch_size": 128}  # what 09 trains with


def _accuracy(hidden, standardize: bool) -> float:
    """Test accuracy of ``MLP(12, hidden, 3)`` after the recipe, on 2000 / 1000 rows."""
    (X_train, y_train), (X_test, y_test) = make_tabular(2000, seed=0), make_tabular(1000, seed=1)
    if standardize:
        mean, std = X_train.mean(0), X_train.std(0)  # (F,), (F,)
        X_train, X_test = (X_train - mean) / std, (X_test - mean) / std
    seed_everything(0)
    gen = torch.Generator().manual_seed(0)
    train = DataLoader(
        TensorDataset(X_train, y_train), RECIPE["batch_size"], shuffle=True, generator=gen
    )
    test = DataLoader(TensorDataset(X_test, y_test), batch_size=1000)
    model = MLP(12, hidden, num_classes=3)
    optimizer = torch.optim.Adam(model.parameters(), lr=RECIPE["lr"])
    history = fit(model, train, test, optimizer, RECIPE["epochs"], "cpu", progress=False)
    return history["accuracy"][-1]


def test_shapes_dtypes_and_balanced_classes():
    X, y = make_tabular(3000, n_features=9)
    assert (X.shape, y.shape, X.dtype, y.dtype) == ((3000, 9), (3000,), torch.float32, torch.int64)
    counts = torch.bincount(y, minlength=3)
    assert set(y.tolist()) == {0, 1, 2} and counts.min() > 900 and counts.max() < 1100


def test_repeatable_from_the_seed_and_another_seed_gives_other_rows():
    (X, y), (X_again, y_again), (X_other, _) = (
        make_tabular(50),
        make_tabular(50),
        make_tabular(50, seed=1),
    )
    assert torch.equal(X, X_again) and torch.equal(y, y_again) and not torch.equal(X, X_other)


def test_columns_sit_on_the_documented_scales_and_offsets():
    X, _ = make_tabular(20000, n_features=12)
    expected_std = torch.tensor(SCALES * 2)  # (12,)
    expected_mean = torch.tensor(OFFSETS * 2)  # (12,)
    assert torch.allclose(X.std(0), expected_std, rtol=0.05)
    assert ((X.mean(0) - expected_mean).abs() < 0.05 * expected_std).all()
    assert X.std(0).max() / X.std(0).min() >= 1e5


def test_the_label_is_the_ring_of_the_first_two_standardized_columns():
    X, y = make_tabular(2000)
    z = (X[:, :2].double() - torch.tensor(OFFSETS[:2])) / torch.tensor(SCALES[:2])  # (n, 2)
    radius2 = z.pow(2).sum(1)  # (n,)
    for label in range(2):
        assert radius2[y == label].max() <= radius2[y == label + 1].min() + 1e-3


def test_too_few_features_or_samples_are_refused():
    with pytest.raises(ValueError, match="n_features must be an int >= 2; got 1"):
        make_tabular(10, n_features=1)
    with pytest.raises(ValueError, match="n_samples must be a positive int; got 0"):
        make_tabular(0)


def test_an_mlp_on_standardized_columns_beats_a_linear_model_and_the_mlp_on_raw_columns():
    mlp = _accuracy((64,), standardize=True)
    linear = _accuracy((), standardize=True)
    raw = _accuracy((64,), standardize=False)
    assert mlp >= 0.90, f"MLP on standardized columns: {mlp:.3f}"
    assert linear <= 0.60, f"linear model: {linear:.3f}"
    assert raw <= mlp - 0.2, f"MLP on raw columns: {raw:.3f} against {mlp:.3f}"

"""Do the metrics count what they say, over uneven batches as over the whole data, and refuse
outputs of the wrong shape naming both shapes?"""

import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from course import Accuracy, MeanSquaredError, Metric, TokenAccuracy, evaluate, get_metric

CPU = torch.device("cpu")
PAD = 0  # the padding token; real tokens are 1, 2, 3
# B=2 sequences, T=4 positions, V=4 tokens: 4 targets count, 3 of them predicted right.
TOKEN_TARGETS = torch.tensor([[2, 1, 3, PAD], [1, PAD, PAD, PAD]])  # (B, T) = (2, 4)
TOKEN_PREDICTIONS = torch.tensor(
    [[2, 3, 3, PAD], [1, PAD, PAD, PAD]]
)  # (2, 4): right, wrong, right; right


class Lookup(nn.Module):
    """A model whose output for example ``i`` is ``outputs[i]``: X holds the examples' indices."""

    def __init__(self, outputs):
        super().__init__()
        self.register_buffer("outputs", outputs)

    def forward(self, index):
        return self.outputs[index]  # (B, *outputs.shape[1:])


def token_logits(predictions, vocab=4, seed=0):
    """Seeded logits ``(B, T, V)`` whose largest entry at each position is ``predictions``."""
    noise = torch.rand(*predictions.shape, vocab, generator=torch.Generator().manual_seed(seed))
    return noise + 2.0 * nn.functional.one_hot(predictions, vocab)  # (B, T, V)


def lookup_loader(outputs, targets, batch_size):
    index = torch.arange(len(targets))  # (N,)
    return Lookup(outputs), DataLoader(TensorDataset(index, targets), batch_size=batch_size)


def test_accuracy_counts_examples_whose_largest_logit_is_the_label():
    logits = torch.tensor([[2.0, 1.0, 0.0], [0.0, 0.0, 3.0], [1.0, 4.0, 0.0]])  # (3, 3)
    assert Accuracy().sums(logits, torch.tensor([0, 1, 1])) == (2, 3)


def test_token_accuracy_leaves_padding_out_of_numerator_and_denominator():
    logits = token_logits(TOKEN_PREDICTIONS)  # (2, 4, 4), predicting PAD where padded
    correct, counted = TokenAccuracy(ignore_index=PAD).sums(logits, TOKEN_TARGETS)
    assert (correct, counted) == (3, 4)  # counting the pads would give 7/8, or 3/8


def test_token_accuracy_matches_a_count_by_hand_on_seeded_logits():
    g = torch.Generator().manual_seed(1)
    logits = torch.randn(3, 5, 7, generator=g)  # (B, T, V) = (3, 5, 7)
    targets = torch.randint(0, 7, (3, 5), generator=g)  # (3, 5)
    targets[0, 3:], targets[2, 1:] = -100, -100  # padded tails
    correct = counted = 0
    for b in range(3):
        for t in range(5):
            if targets[b, t] != -100:
                counted += 1
                correct += int(max(range(7), key=lambda v: logits[b, t, v]) == targets[b, t])
    assert TokenAccuracy().sums(logits, targets) == (correct, counted) and counted == 9


def test_token_accuracy_over_uneven_batches_weights_each_token_not_each_batch():
    targets = torch.tensor([[1, 2, 3], [2, PAD, PAD], [3, 1, PAD]])  # (3, 3): 3, 1, 2 count
    predictions = torch.tensor([[1, 2, 1], [3, PAD, PAD], [3, 1, PAD]])  # right: 2, 0, 2
    model, loader = lookup_loader(token_logits(predictions), targets, batch_size=2)
    got = evaluate(model, loader, CPU, metric=TokenAccuracy(ignore_index=PAD))
    assert got == pytest.approx(4 / 6)  # the mean of the batch means would be (2/4 + 2/2) / 2


def test_mse_over_uneven_batches_equals_the_mse_of_all_the_data():
    g = torch.Generator().manual_seed(0)
    outputs, targets = torch.randn(10, 3, generator=g), torch.randn(10, 3, generator=g)  # (10, 3)
    targets[8:] += 5.0  # the last, smaller batch errs most: batch means would over-weight it
    model, loader = lookup_loader(outputs, targets, batch_size=4)  # batches of 4, 4, 2
    expected = nn.functional.mse_loss(outputs, targets).item()
    batch_means = [
        nn.functional.mse_loss(outputs[i : i + 4], targets[i : i + 4]).item() for i in (0, 4, 8)
    ]
    assert evaluate(model, loader, CPU, metric="mse") == pytest.approx(expected, rel=1e-6)
    assert sum(batch_means) / 3 != pytest.approx(expected, rel=1e-3)


def test_metrics_by_name_carry_their_names_and_default_losses():
    accuracy, tokens, mse = get_metric("accuracy"), get_metric("token_accuracy"), get_metric("mse")
    assert (accuracy.name, tokens.name, mse.name) == ("accuracy", "token_accuracy", "mse")
    assert type(accuracy.loss_fn()) is nn.CrossEntropyLoss
    assert tokens.loss_fn().ignore_index == tokens.ignore_index == -100
    assert type(mse.loss_fn()) is nn.MSELoss
    assert TokenAccuracy(ignore_index=PAD).loss_fn().ignore_index == PAD


def test_get_metric_passes_a_metric_object_through():
    metric = TokenAccuracy(ignore_index=3)
    assert get_metric(metric) is metric and isinstance(MeanSquaredError(), Metric)


@pytest.mark.parametrize("metric", ["accuracy_score", "MSE", None, 0.5])
def test_get_metric_refuses_what_it_does_not_know_naming_the_choices(metric):
    with pytest.raises(
        ValueError,
        match=rf"unknown metric {metric!r}; expected one of "
        r"'accuracy', 'token_accuracy', 'mse' or a course.Metric",
    ):
        get_metric(metric)


@pytest.mark.parametrize(
    ("metric", "outputs", "targets", "message"),
    [
        (
            Accuracy(),
            torch.zeros(4, 7, 10),
            torch.zeros(4, 7, dtype=torch.long),
            r"accuracy expects logits \(B, C\) and targets \(B,\); got logits \(4, 7, 10\) and targets "
            r"\(4, 7\). For per-token logits use metric='token_accuracy'.",
        ),
        (
            Accuracy(),
            torch.zeros(4, 10),
            torch.zeros(5, dtype=torch.long),
            r"got logits \(4, 10\) and targets \(5,\)\.$",
        ),
        (
            TokenAccuracy(),
            torch.zeros(4, 10),
            torch.zeros(4, dtype=torch.long),
            r"token_accuracy expects logits \(B, T, V\) and targets \(B, T\); got logits \(4, 10\) "
            r"and targets \(4,\)",
        ),
        (
            TokenAccuracy(),
            torch.zeros(2, 5, 3),
            torch.zeros(2, 4, dtype=torch.long),
            r"got logits \(2, 5, 3\) and targets \(2, 4\)",
        ),
        (
            MeanSquaredError(),
            torch.zeros(8, 1),
            torch.zeros(8),
            r"mse expects outputs and targets of the same shape; got outputs \(8, 1\) and targets \(8,\)",
        ),
        (
            MeanSquaredError(),
            torch.zeros(8),
            torch.zeros(8, dtype=torch.long),
            r"mse expects floating-point targets; got torch.int64",
        ),
    ],
)
def test_metrics_refuse_mismatched_shapes_naming_what_they_expected_and_got(
    metric, outputs, targets, message
):
    with pytest.raises(ValueError, match=message):
        metric.sums(outputs, targets)

"""Do the contract checks catch a call that edits its inputs, a fit that continues from the last
one, and a parameter that is ignored (or one that changes what it must not)?"""

import random
import subprocess
import sys

import numpy as np
import pytest
import torch
from torch import nn

from autograder.checks.contracts import (
    check_fresh_fit,
    check_inputs_unchanged,
    check_parameter_invariant,
    check_parameter_matters,
)
from tests.hostile import LyingArray

X_NEG = np.array([[1.0, -2.0, 3.0], [-4.0, 5.0, 6.0]])


def relu(x):
    return np.maximum(x, 0.0)


def relu_in_place(x):
    x[x < 0] = 0.0
    return x


def relu_backward_in_place(dout, cache):
    dout[cache <= 0] = 0.0
    return dout


# check_inputs_unchanged


def test_check_inputs_unchanged_passes_a_copying_function_and_returns_its_result():
    x = X_NEG.copy()
    out = check_inputs_unchanged("relu", relu, x)
    assert np.array_equal(out, [[1.0, 0.0, 3.0], [0.0, 5.0, 6.0]])
    assert np.array_equal(x, X_NEG)
    check_inputs_unchanged("relu", torch.relu, torch.tensor(X_NEG))
    check_inputs_unchanged("identity", lambda x: x, np.array([np.nan, 1.0]))


def test_check_inputs_unchanged_counts_the_entries_changed_and_shows_the_first():
    with pytest.raises(AssertionError) as info:
        check_inputs_unchanged(
            "relu", relu_in_place, X_NEG.copy(), hint="Use np.maximum(x, 0), not x[x < 0] = 0."
        )
    assert str(info.value) == (
        "relu changed x in place at 2 of 6 entries, first at index (0, 1) (was -2, now 0); "
        "expected its inputs unchanged. Use np.maximum(x, 0), not x[x < 0] = 0."
    )


def test_check_inputs_unchanged_names_a_keyword_argument_and_a_tensor():
    dout, cache = torch.ones(2, 2), torch.tensor([[1.0, -1.0], [-1.0, 1.0]])
    with pytest.raises(AssertionError) as info:
        check_inputs_unchanged("relu_backward", relu_backward_in_place, dout=dout, cache=cache)
    assert str(info.value) == (
        "relu_backward changed dout in place at 2 of 4 entries, first at index (0, 1) "
        "(was 1, now 0); expected its inputs unchanged."
    )


def test_check_inputs_unchanged_names_an_in_place_module_by_its_forward_argument():
    with pytest.raises(AssertionError, match=r"^relu changed input in place at 2 of 6 entries"):
        check_inputs_unchanged("relu", nn.ReLU(inplace=True), torch.tensor(X_NEG))
    check_inputs_unchanged("relu", nn.ReLU(), torch.tensor(X_NEG))


def test_check_inputs_unchanged_looks_inside_dicts_and_tuples():
    def sgd_in_place(params, grads, lr):
        for key in params:
            params[key] -= lr * grads[key]

    params, grads = (
        {"W": np.ones((2, 3)), "b": np.zeros(3)},
        {"W": np.ones((2, 3)), "b": np.zeros(3)},
    )
    with pytest.raises(AssertionError) as info:
        check_inputs_unchanged("sgd", sgd_in_place, params, grads, 0.5)
    assert str(info.value) == (
        "sgd changed params['W'] in place at 6 of 6 entries, first at index (0, 0) "
        "(was 1, now 0.5); expected its inputs unchanged."
    )
    cache = (np.zeros(2), np.array([-1.0, 2.0]))
    with pytest.raises(AssertionError, match=r"^f changed cache\[1\] in place at 1 of 2 entries"):
        check_inputs_unchanged("f", lambda cache: relu_in_place(cache[1]), cache)


def test_check_inputs_unchanged_catches_a_replaced_added_or_removed_entry():
    def replaces(params):
        params["W"] = params["W"] - 1.0

    def adds(params):
        params["dW"] = np.zeros(2)

    with pytest.raises(
        AssertionError, match=r"^sgd replaced params\['W'\]; expected its inputs unchanged\.$"
    ):
        check_inputs_unchanged("sgd", replaces, {"W": np.ones(2)})
    with pytest.raises(AssertionError, match=r"^sgd added params\['dW'\]; expected"):
        check_inputs_unchanged("sgd", adds, {"W": np.ones(2)})
    with pytest.raises(AssertionError, match=r"^sgd removed params\['W'\]; expected"):
        check_inputs_unchanged("sgd", lambda params: params.pop("W"), {"W": np.ones(2)})


def test_check_inputs_unchanged_sees_a_shape_changed_in_place():
    with pytest.raises(
        AssertionError, match=r"^f changed x in place from shape \(2, 3\) to \(3, 2\); expected"
    ):
        check_inputs_unchanged("f", lambda x: x.t_(), torch.zeros(2, 3))


def test_check_inputs_unchanged_labels_arguments_without_names_by_position():
    with pytest.raises(
        AssertionError, match=r"^f changed argument 1 in place at 1 of 1 entries \(was"
    ):
        check_inputs_unchanged("f", lambda *xs: xs[1].__iadd__(1), np.zeros(1), np.zeros(()))


def test_check_inputs_unchanged_compares_a_lying_subclass_by_value():
    with pytest.raises(AssertionError, match="^relu changed x in place at 2 of 6 entries"):
        check_inputs_unchanged("relu", relu_in_place, X_NEG.copy().view(LyingArray))


def test_check_inputs_unchanged_rejects_a_value_that_is_not_a_function():
    with pytest.raises(AssertionError, match=r"^relu is a numpy\.ndarray; expected a function\.$"):
        check_inputs_unchanged("relu", relu(X_NEG), X_NEG)


def test_check_inputs_unchanged_refuses_a_call_with_nothing_to_watch():
    with pytest.raises(ValueError, match="got no array or tensor to watch"):
        check_inputs_unchanged("relu", relu_in_place, [1.0, -2.0])


# check_fresh_fit: w_ = X.T @ y is what one fit on (X, y) must leave

EYE = np.eye(2)
DATA_A, DATA_B = (EYE, np.array([1.0, 2.0])), (EYE, np.array([3.0, 5.0]))


class Fresh:
    def __init__(self):
        self.w_, self.errors_ = np.zeros(2), []

    def fit(self, X, y):
        self.w_, self.errors_ = X.T @ y, [len(y)]
        return self


class KeepsWeights(Fresh):
    def fit(self, X, y):
        self.w_, self.errors_ = self.w_ + X.T @ y, [len(y)]
        return self


class KeepsErrors(Fresh):
    def fit(self, X, y):
        self.w_ = X.T @ y
        self.errors_.append(len(y))
        return self


class RandomStart(Fresh):
    def fit(self, X, y):
        self.w_ = np.random.standard_normal(2) + X.T @ y
        self.errors_ = [random.random(), float(torch.rand(()))]
        return self


def test_check_fresh_fit_passes_a_fit_that_starts_afresh():
    check_fresh_fit("Fresh.fit", Fresh, Fresh.fit, DATA_A, DATA_B, result="w_")
    check_fresh_fit("Fresh.fit", Fresh, Fresh.fit, DATA_A, DATA_B, result=("w_", "errors_"))


def test_check_fresh_fit_reports_a_fit_that_continues_from_the_previous_weights():
    with pytest.raises(AssertionError) as info:
        check_fresh_fit(
            "KeepsWeights.fit",
            KeepsWeights,
            KeepsWeights.fit,
            DATA_A,
            DATA_B,
            result="w_",
            hint="Set w_ from zeros at the start of fit.",
        )
    assert str(info.value) == (
        "KeepsWeights.fit continued from the previous fit (w_ differs from a fresh fit's by 2 "
        "at index (1,)); expected every fit to start afresh. Set w_ from zeros at the start of fit."
    )


def test_check_fresh_fit_reports_a_list_that_grows_across_fits():
    with pytest.raises(AssertionError) as info:
        check_fresh_fit("KeepsErrors.fit", KeepsErrors, KeepsErrors.fit, DATA_A, DATA_B, "w_")
    assert str(info.value) == (
        "KeepsErrors.fit continued from the previous fit (errors_ has 2 entries, a fresh "
        "fit's 1); expected every fit to start afresh."
    )


def test_check_fresh_fit_starts_both_fits_from_the_same_random_state_and_restores_it():
    runs = [RandomStart().fit(*DATA_B) for _ in range(2)]
    assert not np.array_equal(runs[0].w_, runs[1].w_)  # unseeded fits differ
    states = random.getstate(), np.random.get_state()[1].copy(), torch.get_rng_state()
    check_fresh_fit("RandomStart.fit", RandomStart, RandomStart.fit, DATA_A, DATA_B, lambda m: m.w_)
    check_fresh_fit("RandomStart.fit", RandomStart, RandomStart.fit, DATA_A, DATA_B, "errors_")
    assert random.getstate() == states[0]
    assert np.array_equal(np.random.get_state()[1], states[1])
    assert torch.equal(torch.get_rng_state(), states[2])


def train_linear(model, X, y, reset=True):
    if reset:
        model.reset_parameters()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(5):
        optimizer.zero_grad()
        nn.functional.mse_loss(model(X), y).backward()
        optimizer.step()


def test_check_fresh_fit_compares_torch_models_by_their_state():
    gen = torch.Generator().manual_seed(0)
    a = (torch.randn(8, 3, generator=gen), torch.randn(8, 1, generator=gen))
    b = (torch.randn(8, 3, generator=gen), torch.randn(8, 1, generator=gen))
    check_fresh_fit("train", lambda: nn.Linear(3, 1), train_linear, a, b, lambda m: m)
    with pytest.raises(AssertionError) as info:
        check_fresh_fit(
            "train",
            lambda: nn.Linear(3, 1),
            lambda m, X, y: train_linear(m, X, y, reset=False),
            a,
            b,
            lambda m: m,
            tol="float32",
        )
    message = str(info.value)
    assert message.startswith(
        "train continued from the previous fit (the result differs from a fresh fit's by "
    )
    assert message.endswith("); expected every fit to start afresh.")


def test_check_fresh_fit_rejects_a_fit_that_is_not_a_function_and_a_result_that_is_not_numbers():
    with pytest.raises(AssertionError, match=r"^Fresh\.fit is None; expected a function\.$"):
        check_fresh_fit("Fresh.fit", Fresh, None, DATA_A, DATA_B, "w_")
    with pytest.raises(AssertionError, match=r"^w_ is None; expected numbers\. Return self\.w_\.$"):
        check_fresh_fit(
            "Fresh.fit",
            Fresh,
            lambda m, X, y: setattr(m, "w_", None),
            DATA_A,
            DATA_B,
            "w_",
            hint="Return self.w_.",
        )


def test_check_fresh_fit_refuses_a_notebook_mistake_before_fitting():
    with pytest.raises(TypeError, match="make must be a function"):
        check_fresh_fit("Fresh.fit", Fresh(), Fresh.fit, DATA_A, DATA_B, "w_")
    with pytest.raises(TypeError, match="result must be an attribute name"):
        check_fresh_fit("Fresh.fit", Fresh, Fresh.fit, DATA_A, DATA_B, ["w_", 3])
    with pytest.raises(ValueError, match="unknown tolerance"):
        check_fresh_fit("Fresh.fit", Fresh, Fresh.fit, DATA_A, DATA_B, "w_", tol="close")


# check_parameter_matters and check_parameter_invariant


def counts_epochs(epochs):
    return np.array([float(epochs), 1.0])


def test_check_parameter_matters_passes_and_returns_each_result():
    results = check_parameter_matters("train", counts_epochs, "epochs", [1, 3])
    assert [r[0] for r in results] == [1.0, 3.0]


def test_check_parameter_matters_names_both_calls_that_agree():
    with pytest.raises(AssertionError) as info:
        check_parameter_matters(
            "train_digits", lambda epochs: 0.93, "epochs", [1, 3], hint="Loop over range(epochs)."
        )
    assert str(info.value) == (
        "train_digits(epochs=1) and train_digits(epochs=3) gave the same result; "
        "expected epochs to change it. Loop over range(epochs)."
    )


def test_check_parameter_matters_compares_every_pair():
    with pytest.raises(
        AssertionError, match=r"^train\(epochs=2\) and train\(epochs=3\) gave the same result"
    ):
        check_parameter_matters(
            "train", lambda epochs: counts_epochs(min(epochs, 2)), "epochs", [1, 2, 3]
        )


def test_check_parameter_matters_catches_an_ignored_parameter_behind_randomness():
    def noisy(lr):  # ignores lr; unseeded, two calls would differ by chance
        return np.random.standard_normal(3) + float(torch.randn(()))

    assert not np.array_equal(noisy(0.1), noisy(0.1))
    with pytest.raises(AssertionError, match=r"^fit\(lr=0\.1\) and fit\(lr=1\.0\) gave the same"):
        check_parameter_matters("fit", noisy, "lr", [0.1, 1.0])


def test_check_parameter_matters_compares_torch_models_by_their_state():
    X, y = torch.randn(8, 3), torch.randn(8, 1)

    def trained(lr, use_lr=True):
        model = nn.Linear(3, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=lr if use_lr else 0.01)
        nn.functional.mse_loss(model(X), y).backward()
        optimizer.step()
        return model

    models = check_parameter_matters("train", trained, "lr", [0.01, 0.1])
    assert all(isinstance(m, nn.Linear) for m in models)
    with pytest.raises(AssertionError, match="gave the same result; expected lr to change it"):
        check_parameter_matters("train", lambda lr: trained(lr, use_lr=False), "lr", [0.01, 0.1])


def test_check_parameter_matters_counts_differences_within_the_tolerance_as_the_same():
    def barely(lr):
        return 1.0 + lr * 1e-12

    with pytest.raises(AssertionError, match="gave the same result"):
        check_parameter_matters("f", barely, "lr", [0.0, 1.0])
    check_parameter_matters("f", barely, "lr", [0.0, 1.0], tol="exact")


def test_check_parameter_matters_rejects_bad_input_clearly():
    with pytest.raises(ValueError, match=r"epochs needs two or more values to compare; got \[1\]"):
        check_parameter_matters("train", counts_epochs, "epochs", [1])
    with pytest.raises(AssertionError, match=r"^train is a float; expected a function\.$"):
        check_parameter_matters("train", 0.93, "epochs", [1, 3])
    with pytest.raises(AssertionError, match=r"^train\(epochs=1\) is None; expected numbers\."):
        check_parameter_matters("train", lambda epochs: None, "epochs", [1, 3])
    with pytest.raises(TypeError, match="unexpected keyword argument 'epochs'"):
        check_parameter_matters("train", lambda n_epochs: 1.0, "epochs", [1, 3])


CORRECT = np.array([1, 1, 1, 0, 1, 0, 1])  # 5 of 7 right


def accuracy_over_examples(batch_size):
    return np.mean(CORRECT)


def mean_of_batch_means(batch_size):
    starts = range(0, len(CORRECT), batch_size)
    return np.mean([CORRECT[i : i + batch_size].mean() for i in starts])


def test_check_parameter_invariant_passes_a_result_that_ignores_the_batch_size():
    results = check_parameter_invariant("evaluate", accuracy_over_examples, "batch_size", [7, 4, 1])
    assert results == [5 / 7] * 3
    check_parameter_invariant(
        "evaluate", lambda batch_size: torch.tensor([0.5]), "batch_size", [1, 2]
    )


def test_check_parameter_invariant_reports_the_difference_and_both_values():
    with pytest.raises(AssertionError) as info:
        check_parameter_invariant(
            "evaluate",
            mean_of_batch_means,
            "batch_size",
            [7, 4],
            hint="Count correct predictions over all examples.",
        )
    assert str(info.value) == (
        "evaluate(batch_size=7) and evaluate(batch_size=4) differ by 0.00595 "
        "(got 0.714286 and 0.708333); expected batch_size not to change the result. "
        "Count correct predictions over all examples."
    )


def test_check_parameter_invariant_reports_results_of_different_shapes():
    with pytest.raises(
        AssertionError,
        match=r"^f\(n=2\) and f\(n=3\) have shapes \(2,\) and \(3,\); expected n not to change",
    ):
        check_parameter_invariant("f", lambda n: np.zeros(n), "n", [2, 3])


def test_check_parameter_invariant_reports_a_nan_that_appears_with_one_value():
    with pytest.raises(
        AssertionError, match=r"^f\(n=1\) and f\(n=2\) differ by inf at index \(1,\)"
    ):
        check_parameter_invariant(
            "f", lambda n: np.array([0.0, 1.0 if n == 1 else np.nan]), "n", [1, 2]
        )


def test_importing_the_contracts_does_not_import_torch():
    code = "import sys, autograder.checks.contracts; print('torch' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"

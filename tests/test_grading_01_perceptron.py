"""The nbgrader round trip for 01_perceptron: typical mistakes lose points, other solutions do not."""

from tests.roundtrip import Edit, RoundTrip

GUARD = (
    "if self.w_ is None:\n"
    '            raise RuntimeError("the perceptron has not been trained: call fit(X, y) first")\n'
)
PREDICT = "np.where(self.decision_function(X) >= 0, 1, -1)"
INIT = "w, b = np.zeros(X.shape[1]), 0.0  # (D,), scalar\n"
SUMS = "w_sum, b_sum, steps = np.zeros(X.shape[1]), 0.0, 0\n"
LOOP = "for x_i, y_i in zip(X, y):\n"
UPDATE = "w = w + self.lr * y_i * x_i\n                    b = b + self.lr * y_i\n"
STEP = "w_sum, b_sum, steps = w_sum + w, b_sum + b, steps + 1"
RESULT = "self.w_, self.b_ = (w_sum / steps, b_sum / steps) if self.average else (w, b)"
OVR_SCORES = "np.column_stack([model.decision_function(X) for model in self.models_])"


def folded_bias(split: str) -> list[Edit]:
    """fit with the bias folded into w as a column of ones, w_ and b_ read by ``split``."""
    return [
        Edit(
            "perceptron",
            INIT + "        " + SUMS,
            "X1 = np.column_stack([X, np.ones(len(X))])  # (N, D + 1)\n"
            "        w, w_sum, steps = np.zeros(X1.shape[1]), np.zeros(X1.shape[1]), 0\n",
        ),
        Edit(
            "perceptron",
            LOOP + "                if y_i * (x_i @ w + b) <= 0:\n                    " + UPDATE,
            "for x_i, y_i in zip(X1, y):\n                if y_i * (x_i @ w) <= 0:\n"
            "                    w = w + self.lr * y_i * x_i\n",
        ),
        Edit("perceptron", STEP, "w_sum, steps = w_sum + w, steps + 1"),
        Edit("perceptron", RESULT, "w = w_sum / steps if self.average else w\n        " + split),
    ]


class TestPerceptronRoundTrip(RoundTrip):
    ASSIGNMENT = "01_perceptron"
    MUTANTS = {
        "labels_left_as_01": [
            Edit(
                "to_signed",
                "2 * np.asarray(y, dtype=np.int64) - 1",
                "np.asarray(y, dtype=np.int64)",
            )
        ],
        "to_signed_returns_floats": [
            Edit("to_signed", "np.asarray(y, dtype=np.int64)", "np.asarray(y, dtype=float)")
        ],
        "to_signed_in_place": [
            Edit(
                "to_signed",
                "return 2 * np.asarray(y, dtype=np.int64) - 1",
                "y = np.asarray(y, dtype=np.int64)\n    y *= 2\n    y -= 1\n    return y",
            )
        ],
        "bias_never_updated": [Edit("perceptron", "b = b + self.lr * y_i", "pass")],
        "bias_updated_with_wrong_sign": [
            Edit("perceptron", "b = b + self.lr * y_i", "b = b - self.lr * y_i")
        ],
        "bias_update_without_lr": [Edit("perceptron", "b = b + self.lr * y_i", "b = b + y_i")],
        "bias_folded_but_left_in_w": [*folded_bias("self.w_, self.b_ = w, w[-1]")],
        "bias_folded_read_from_wrong_end": [*folded_bias("self.w_, self.b_ = w[1:], w[0]")],
        "decision_function_drops_bias": [
            Edit("perceptron", "X @ self.w_ + self.b_", "X @ self.w_")
        ],
        "predicting_before_training": [
            Edit(
                "perceptron",
                LOOP + "                if y_i * (x_i @ w + b) <= 0:",
                "scores = X @ w + b  # computed once, before the pass\n"
                "            for x_i, y_i, s_i in zip(X, y, scores):\n"
                "                if y_i * s_i <= 0:",
            )
        ],
        "strict_inequality_never_learns": [
            Edit("perceptron", "if y_i * (x_i @ w + b) <= 0:", "if y_i * (x_i @ w + b) < 0:")
        ],
        "visits_in_random_order": [
            Edit(
                "perceptron",
                LOOP,
                "for i in np.random.permutation(len(X)):\n                x_i, y_i = X[i], y[i]\n",
            )
        ],
        "visits_in_reverse_order": [
            Edit("perceptron", LOOP, "for x_i, y_i in zip(X[::-1], y[::-1]):\n")
        ],
        "epochs_ignored": [Edit("perceptron", "range(self.epochs)", "range(10)")],
        "lr_ignored": [
            Edit("perceptron", UPDATE, "w = w + y_i * x_i\n                    b = b + y_i\n")
        ],
        "average_ignored": [
            Edit("perceptron", "if self.average else (w, b)", "if False else (w, b)")
        ],
        "average_over_updates_only": [
            Edit(
                "perceptron",
                "errors += 1\n                " + STEP,
                "errors += 1\n                    " + STEP,
            )
        ],
        "predict_returns_01": [Edit("perceptron", PREDICT, PREDICT.replace("1, -1)", "1, 0)"))],
        "predict_returns_floats": [
            Edit("perceptron", PREDICT, PREDICT.replace("1, -1)", "1.0, -1.0)"))
        ],
        "sign_predict_floats": [
            Edit(
                "perceptron",
                PREDICT,
                "np.sign(self.decision_function(X)) + (self.decision_function(X) == 0)",
            )
        ],
        "no_untrained_guard": [Edit("perceptron", GUARD, "")],
        "untrained_guard_only_in_predict": [
            Edit("perceptron", "        " + GUARD, ""),
            Edit("perceptron", "return " + PREDICT, GUARD + "        return " + PREDICT),
        ],
        "untrained_raises_value_error": [
            Edit("perceptron", "raise RuntimeError(", "raise ValueError(")
        ],
        "untrained_asserts": [
            Edit(
                "perceptron",
                GUARD,
                'assert self.w_ is not None, "call fit(X, y) first"\n',
            )
        ],
        "fit_continues_from_previous_weights": [
            Edit(
                "perceptron",
                INIT,
                "w, b = (np.zeros(X.shape[1]), 0.0) if self.w_ is None else (self.w_, self.b_)\n",
            )
        ],
        "errors_grow_across_fits": [Edit("perceptron", "        self.errors_ = []\n", "")],
        "lr_folded_into_X_in_place": [
            Edit(
                "perceptron",
                "        self.errors_ = []\n",
                "        self.errors_ = []\n        X *= self.lr  # scale once, not every update\n",
            ),
            Edit(
                "perceptron",
                UPDATE,
                "w = w + y_i * x_i\n                    b = b + self.lr * y_i\n",
            ),
        ],
        "one_vs_rest_argmin": [
            Edit(
                "one_vs_rest",
                "np.argmax(self.decision_function(X), axis=1)",
                "np.argmin(self.decision_function(X), axis=1)",
            )
        ],
        "one_vs_rest_raw_labels": [
            Edit("one_vs_rest", "to_signed(y == k)", "(y == k).astype(int)")
        ],
        "one_vs_rest_scores_are_predictions": [
            Edit(
                "one_vs_rest", OVR_SCORES, OVR_SCORES.replace("decision_function(X)", "predict(X)")
            )
        ],
        "one_vs_rest_predict_argmax_of_labels": [
            Edit(
                "one_vs_rest",
                "np.argmax(self.decision_function(X), axis=1)",
                "np.argmax(np.column_stack([m.predict(X) for m in self.models_]), axis=1)",
            )
        ],
        "one_vs_rest_classes_in_order_seen": [
            Edit(
                "one_vs_rest",
                "self.classes_ = np.unique(y)",
                "self.classes_ = np.array(list(dict.fromkeys(y.tolist())))",
            )
        ],
        "one_vs_rest_one_shared_classifier": [
            Edit(
                "one_vs_rest",
                "self.models_ = [self.make_classifier().fit(X, to_signed(y == k)) for k in self.classes_]",
                "clf = self.make_classifier()\n"
                "        self.models_ = [clf.fit(X, to_signed(y == k)) for k in self.classes_]",
            )
        ],
        "one_vs_rest_models_grow_across_fits": [
            Edit(
                "one_vs_rest",
                "self.models_ = [self.make_classifier().fit(X, to_signed(y == k)) for k in self.classes_]",
                "for k in self.classes_:\n"
                "            self.models_.append(self.make_classifier().fit(X, to_signed(y == k)))",
            ),
            Edit(
                "one_vs_rest",
                OVR_SCORES,
                "np.column_stack([m.decision_function(X) for m in self.models_[-len(self.classes_):]])",
            ),
        ],
        "one_vs_rest_ties_to_last": [
            Edit(
                "one_vs_rest",
                "self.classes_[np.argmax(self.decision_function(X), axis=1)]",
                "self.classes_[::-1][np.argmax(self.decision_function(X)[:, ::-1], axis=1)]",
            )
        ],
        "labels_asserted_not_value_error": [
            Edit(
                "perceptron",
                "if not labels <= {-1, 1}:\n"
                '            raise ValueError(f"labels must be -1 or +1; got {sorted(labels)}")',
                'assert labels <= {-1, 1}, "labels must be -1 or +1"',
            )
        ],
        "labels_checked_only_for_zero": [
            Edit("perceptron", "if not labels <= {-1, 1}:", "if 0 in labels:")
        ],
    }
    ALTERNATIVES = {
        "sign_predict_as_int": [
            Edit(
                "perceptron",
                PREDICT,
                "(np.sign(self.decision_function(X)) + (self.decision_function(X) == 0))"
                ".astype(int)",
            )
        ],
        "vectorised_where_less": [
            Edit("perceptron", PREDICT, "np.where(self.decision_function(X) < 0, -1, 1)"),
            Edit(
                "perceptron",
                "X @ self.w_ + self.b_",
                'np.einsum("nd,d->n", np.asarray(X, dtype=float), self.w_) + self.b_',
            ),
        ],
        "to_signed_where": [
            Edit(
                "to_signed",
                "2 * np.asarray(y, dtype=np.int64) - 1",
                "np.where(np.asarray(y).astype(bool), 1, -1)",
            )
        ],
        "to_signed_astype": [
            Edit(
                "to_signed",
                "2 * np.asarray(y, dtype=np.int64) - 1",
                "np.asarray(y).astype(int) * 2 - 1",
            )
        ],
        "index_loop_in_place": [
            Edit(
                "perceptron",
                LOOP + "                if y_i * (x_i @ w + b) <= 0:\n"
                "                    w = w + self.lr * y_i * x_i\n",
                "for i in range(len(X)):\n                x_i, y_i = X[i], y[i]\n"
                "                if y_i * (np.dot(w, x_i) + b) <= 0:\n"
                "                    w += self.lr * y_i * x_i\n",
            )
        ],
        "guard_in_both_methods": [
            Edit("perceptron", "return " + PREDICT, GUARD + "        return " + PREDICT),
        ],
        "labels_checked_with_isin": [
            Edit(
                "perceptron",
                "labels = set(np.unique(y).tolist())\n        if not labels <= {-1, 1}:",
                "labels = np.unique(y)\n        if not np.all(np.isin(y, [-1, 1])):",
            )
        ],
        "bias_folded_into_weights": [*folded_bias("self.w_, self.b_ = w[:-1], w[-1]")],
        "running_sums_in_place": [
            Edit(
                "perceptron",
                STEP,
                "steps += 1\n                w_sum = w_sum + w\n                b_sum += b",
            ),
            Edit(
                "perceptron",
                "(w_sum / steps, b_sum / steps)",
                "(w_sum * (1.0 / steps), b_sum * (1.0 / steps))",
            ),
        ],
        "lazy_average": [
            Edit(
                "perceptron",
                SUMS,
                "u, beta, steps = np.zeros(X.shape[1]), 0.0, 0  # updates weighted by step\n",
            ),
            Edit(
                "perceptron",
                UPDATE,
                UPDATE + "                    u = u + steps * self.lr * y_i * x_i\n"
                "                    beta = beta + steps * self.lr * y_i\n",
            ),
            Edit("perceptron", STEP, "steps += 1"),
            Edit(
                "perceptron", "(w_sum / steps, b_sum / steps)", "(w - u / steps, b - beta / steps)"
            ),
        ],
        "errors_cleared_in_place": [
            Edit("perceptron", "self.errors_ = []\n", "self.errors_.clear()\n")
        ],
        "one_vs_rest_stack": [
            Edit(
                "one_vs_rest",
                OVR_SCORES,
                "np.stack([m.decision_function(X) for m in self.models_], axis=1)",
            )
        ],
        "one_vs_rest_loops": [
            Edit(
                "one_vs_rest",
                "self.classes_ = np.unique(y)",
                "self.classes_ = np.array(sorted(set(np.asarray(y).tolist())))",
            ),
            Edit(
                "one_vs_rest",
                "self.models_ = [self.make_classifier().fit(X, to_signed(y == k)) for k in self.classes_]",
                "self.models_ = []\n"
                "        for k in self.classes_:\n"
                "            model = self.make_classifier()\n"
                "            model.fit(X, np.where(y == k, 1, -1))\n"
                "            self.models_.append(model)",
            ),
            Edit(
                "one_vs_rest",
                "return " + OVR_SCORES,
                "scores = np.empty((len(X), len(self.models_)))\n"
                "        for k, model in enumerate(self.models_):\n"
                "            scores[:, k] = model.decision_function(X)\n"
                "        return scores",
            ),
            Edit(
                "one_vs_rest",
                "self.classes_[np.argmax(self.decision_function(X), axis=1)]",
                "np.take(self.classes_, self.decision_function(X).argmax(axis=1))",
            ),
        ],
    }
    MESSAGES = {
        "to_signed_returns_floats": {"test_to_signed": "has dtype float64"},
        "to_signed_in_place": {"test_to_signed_leaves_input": "changed y in place"},
        "bias_never_updated": {"test_perceptron_first_update": "add lr * y_i to the bias"},
        "bias_updated_with_wrong_sign": {
            "test_perceptron_first_update": "add lr * y_i to the bias"
        },
        "bias_update_without_lr": {"test_perceptron_first_update": "add lr * y_i to the bias"},
        "bias_folded_but_left_in_w": {"test_perceptron_first_update": "keep the bias apart in b_"},
        "bias_folded_read_from_wrong_end": {"test_perceptron_first_update": "the wrong entry"},
        "predict_returns_floats": {"test_perceptron_predict": "Return integer labels"},
        "sign_predict_floats": {"test_perceptron_predict": "Return integer labels"},
        "untrained_guard_only_in_predict": {
            "test_perceptron_untrained": "decision_function(X) before fit raised ValueError"
        },
        "untrained_raises_value_error": {"test_perceptron_untrained": "raised ValueError"},
        "untrained_asserts": {"test_perceptron_untrained": "not another exception"},
        "lr_folded_into_X_in_place": {"test_perceptron_leaves_inputs": "changed X in place"},
        "one_vs_rest_scores_are_predictions": {"test_ovr_scores": "not the ±1 labels of predict"},
        "one_vs_rest_predict_argmax_of_labels": {
            "test_ovr_predict": "not the classifiers' ±1 predict"
        },
        "one_vs_rest_classes_in_order_seen": {"test_ovr_scores": "np.unique(y)"},
        "one_vs_rest_models_grow_across_fits": {"test_ovr_fit_restarts": "models_ has"},
        "one_vs_rest_ties_to_last": {"test_ovr_predict": "A tie goes to the first"},
        "labels_asserted_not_value_error": {
            "test_perceptron_rejects_01_labels": "not another exception"
        },
    }

"""The nbgrader round trip for 01_perceptron: typical mistakes lose points, other solutions do not."""

from tests.roundtrip import Edit, RoundTrip


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
        "bias_never_updated": [Edit("perceptron", "b = b + self.lr * y_i", "pass")],
        "predicting_before_training": [
            Edit(
                "perceptron",
                "for x_i, y_i in zip(X, y):\n                if y_i * (x_i @ w + b) <= 0:",
                "scores = X @ w + b  # computed once, before the pass\n"
                "            for x_i, y_i, s_i in zip(X, y, scores):\n"
                "                if y_i * s_i <= 0:",
            )
        ],
        "strict_inequality_never_learns": [
            Edit("perceptron", "if y_i * (x_i @ w + b) <= 0:", "if y_i * (x_i @ w + b) < 0:")
        ],
        "average_ignored": [
            Edit("perceptron", "if self.average else (w, b)", "if False else (w, b)")
        ],
        "predict_returns_01": [
            Edit(
                "perceptron",
                "np.where(self.decision_function(X) >= 0, 1, -1)",
                "np.where(self.decision_function(X) >= 0, 1, 0)",
            )
        ],
        "no_untrained_guard": [
            Edit(
                "perceptron",
                "if self.w_ is None:\n            raise RuntimeError(\"the perceptron has not been trained: call fit(X, y) first\")\n",
                "",
            )
        ],
        "fit_continues_from_previous_weights": [
            Edit(
                "perceptron",
                "w, b = np.zeros(X.shape[1]), 0.0  # (D,), scalar",
                "w, b = (np.zeros(X.shape[1]), 0.0) if self.w_ is None else (self.w_, self.b_)",
            )
        ],
        "errors_grow_across_fits": [Edit("perceptron", "        self.errors_ = []\n", "")],
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
    }
    ALTERNATIVES = {
        "sign_predict": [
            Edit(
                "perceptron",
                "np.where(self.decision_function(X) >= 0, 1, -1)",
                "np.sign(self.decision_function(X)) + (self.decision_function(X) == 0)",
            )
        ],
        "index_loop_in_place": [
            Edit(
                "perceptron",
                "for x_i, y_i in zip(X, y):\n                if y_i * (x_i @ w + b) <= 0:\n"
                "                    w = w + self.lr * y_i * x_i\n",
                "for i in range(len(X)):\n                x_i, y_i = X[i], y[i]\n"
                "                if y_i * (np.dot(w, x_i) + b) <= 0:\n"
                "                    w += self.lr * y_i * x_i\n",
            )
        ],
        "lazy_average": [
            Edit(
                "perceptron",
                "w_sum, b_sum, steps = w_sum + w, b_sum + b, steps + 1",
                "steps += 1\n                w_sum = w_sum + w\n                b_sum += b",
            ),
            Edit(
                "perceptron",
                "(w_sum / steps, b_sum / steps)",
                "(w_sum * (1.0 / steps), b_sum * (1.0 / steps))",
            ),
        ],
        "errors_cleared_in_place": [
            Edit("perceptron", "self.errors_ = []\n", "self.errors_.clear()\n")
        ],
        "one_vs_rest_stack": [
            Edit(
                "one_vs_rest",
                "np.column_stack([model.decision_function(X) for model in self.models_])",
                "np.stack([m.decision_function(X) for m in self.models_], axis=1)",
            )
        ],
    }

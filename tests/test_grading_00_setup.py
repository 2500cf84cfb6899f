"""The nbgrader round trip for 00_setup: typical mistakes lose points, other solutions do not."""

from tests.roundtrip import Edit, RoundTrip

RESULT = "return (X - mean) / safe_std  # (N, D)"


class TestSetupRoundTrip(RoundTrip):
    ALL_REAL = True  # the light assignment: every edit through nbgrader too
    ASSIGNMENT = "00_setup"
    MUTANTS = {
        "standardize_rows_not_columns": [
            Edit("standardize", "mean = X.mean(axis=0)", "mean = X.mean(axis=1, keepdims=True)"),
            Edit("standardize", "std = X.std(axis=0)", "std = X.std(axis=1, keepdims=True)"),
        ],
        "divide_by_variance": [Edit("standardize", "std = X.std(axis=0)", "std = X.var(axis=0)")],
        "divide_by_range": [
            Edit("standardize", "std = X.std(axis=0)", "std = X.max(axis=0) - X.min(axis=0)")
        ],
        "sample_std_ddof_1": [
            Edit("standardize", "std = X.std(axis=0)", "std = X.std(axis=0, ddof=1)")
        ],
        "epsilon_instead_of_guard": [
            Edit("standardize", "np.where(std > 0, std, 1.0)", "std + 1e-8")
        ],
        "epsilon_added_to_guarded_std": [
            Edit("standardize", RESULT, "return (X - mean) / (safe_std + 1e-8)")
        ],
        "variance_from_squares": [
            Edit(
                "standardize",
                "std = X.std(axis=0)",
                "std = np.sqrt(np.maximum((X**2).mean(axis=0) - mean**2, 0.0))",
            )
        ],
        "no_guard_for_constant_column": [Edit("standardize", "np.where(std > 0, std, 1.0)", "std")],
        "mean_not_subtracted": [Edit("standardize", "(X - mean) / safe_std", "X / safe_std")],
        "modifies_input_in_place": [
            Edit(
                "standardize",
                "return (X - mean) / safe_std",
                "X -= mean\n    X /= safe_std\n    return X",
            )
        ],
        "centres_input_in_place": [
            Edit("standardize", RESULT, "X -= mean\n    return X / safe_std")
        ],
        "empty_like_truncates_integers": [
            Edit(
                "standardize",
                RESULT,
                "Z = np.empty_like(X)\n"
                "    for j in range(X.shape[1]):\n"
                "        Z[:, j] = (X[:, j] - mean[j]) / safe_std[j]\n"
                "    return Z",
            )
        ],
        "result_cast_to_input_dtype": [
            Edit("standardize", RESULT, "return ((X - mean) / safe_std).astype(X.dtype)")
        ],
        "computed_in_float32": [
            Edit(
                "standardize",
                "mean = X.mean(axis=0)",
                "X = X.astype(np.float32)\n    mean = X.mean(axis=0)",
            )
        ],
        "returns_a_list": [
            Edit(
                "standardize",
                "return (X - mean) / safe_std",
                "return ((X - mean) / safe_std).tolist()",
            )
        ],
    }
    ALTERNATIVES = {
        "formula_with_exact_sums": [
            Edit(
                "standardize",
                "mean = X.mean(axis=0)  # (D,)\n    std = X.std(axis=0)  # (D,)",
                "import math\n\n"
                "    N = len(X)\n"
                "    mean = np.array([math.fsum(col) / N for col in X.T])  # (D,)\n"
                "    std = np.array(\n"
                "        [math.sqrt(math.fsum((col - m) ** 2) / N) for col, m in zip(X.T, mean)]\n"
                "    )  # (D,)",
            )
        ],
        "column_loop": [
            Edit(
                "standardize",
                RESULT,
                "Z = np.empty_like(X, dtype=float)\n"
                "    for j in range(X.shape[1]):\n"
                "        Z[:, j] = (X[:, j] - mean[j]) / safe_std[j]\n"
                "    return Z",
            )
        ],
        "divide_where": [
            Edit(
                "standardize",
                RESULT,
                "centred = X - mean\n"
                "    return np.divide(centred, std, out=np.zeros_like(centred), where=std > 0)",
            )
        ],
        "explicit_formula": [
            Edit(
                "standardize",
                "std = X.std(axis=0)",
                "std = np.sqrt(((X - mean) ** 2).mean(axis=0))",
            )
        ],
        "float_copy_first_in_place_after": [
            Edit(
                "standardize",
                "mean = X.mean(axis=0)",
                "X = np.array(X, dtype=np.float64)  # a copy\n    mean = X.mean(axis=0)",
            ),
            Edit("standardize", RESULT, "X -= mean\n    X /= safe_std\n    return X"),
        ],
        "keepdims_and_ddof_0": [
            Edit("standardize", "mean = X.mean(axis=0)", "mean = X.mean(axis=0, keepdims=True)"),
            Edit(
                "standardize", "std = X.std(axis=0)", "std = X.std(axis=0, ddof=0, keepdims=True)"
            ),
        ],
        "threshold_guard": [
            Edit("standardize", "np.where(std > 0, std, 1.0)", "np.where(std < 1e-12, 1.0, std)")
        ],
        "zero_where_constant": [
            Edit(
                "standardize",
                RESULT,
                "return np.where(std > 0, (X - mean) / safe_std, 0.0)",
            )
        ],
        "row_loop_float_list": [
            Edit(
                "standardize",
                RESULT,
                "rows = [(x - mean) / safe_std for x in X]\n    return np.array(rows, dtype=float)",
            )
        ],
    }
    MESSAGES = {
        "sample_std_ddof_1": {"test_standardize_moments": "ddof=0"},
        "divide_by_variance": {"test_standardize_moments": "not by the variance"},
        "divide_by_range": {"test_standardize_moments": "another measure of spread"},
        "epsilon_instead_of_guard": {"test_standardize_extreme_columns": "an epsilon"},
        "epsilon_added_to_guarded_std": {"test_standardize_extreme_columns": "an epsilon"},
        "variance_from_squares": {"test_standardize_extreme_columns": "cancels away"},
        "empty_like_truncates_integers": {"test_standardize_integer_input": "np.empty_like(X)"},
        "result_cast_to_input_dtype": {"test_standardize_integer_input": "has dtype int"},
        "modifies_input_in_place": {"test_standardize_leaves_input": "changed X in place"},
        "centres_input_in_place": {"test_standardize_leaves_input": "X -= mean"},
    }

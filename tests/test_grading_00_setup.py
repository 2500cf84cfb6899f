"""The nbgrader round trip for 00_setup: typical mistakes lose points, other solutions do not."""

from tests.roundtrip import Edit, RoundTrip


class TestSetupRoundTrip(RoundTrip):
    ASSIGNMENT = "00_setup"
    MUTANTS = {
        "standardize_rows_not_columns": [
            Edit("standardize", "mean = X.mean(axis=0)", "mean = X.mean(axis=1, keepdims=True)"),
            Edit("standardize", "std = X.std(axis=0)", "std = X.std(axis=1, keepdims=True)"),
        ],
        "divide_by_variance": [Edit("standardize", "std = X.std(axis=0)", "std = X.var(axis=0)")],
        "no_guard_for_constant_column": [Edit("standardize", "np.where(std > 0, std, 1.0)", "std")],
        "mean_not_subtracted": [Edit("standardize", "(X - mean) / safe_std", "X / safe_std")],
        "modifies_input_in_place": [
            Edit(
                "standardize",
                "return (X - mean) / safe_std",
                "X -= mean\n    X /= safe_std\n    return X",
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
        "column_loop": [
            Edit(
                "standardize",
                "return (X - mean) / safe_std  # (N, D)",
                "Z = np.empty_like(X, dtype=float)\n"
                "    for j in range(X.shape[1]):\n"
                "        Z[:, j] = (X[:, j] - mean[j]) / safe_std[j]\n"
                "    return Z",
            )
        ],
        "divide_where": [
            Edit(
                "standardize",
                "return (X - mean) / safe_std  # (N, D)",
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
    }

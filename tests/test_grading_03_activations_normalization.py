"""The nbgrader round trip for 03_activations_normalization: typical mistakes lose points, other solutions do not."""

from tests.roundtrip import Edit, RoundTrip

BN_REFUSES_ONE = (
    "        if n < 2:\n"
    '            raise ValueError(f"batch norm in training needs N >= 2 examples; got N = {n}")\n'
)
BN_BATCH_STATS = (
    "mean = x.mean(axis=0)  # (D,)\n        var = x.var(axis=0)  # (D,), biased: divides by N\n"
)


class TestActivationsNormalizationRoundTrip(RoundTrip):
    ASSIGNMENT = "03_activations_normalization"
    MUTANTS = {
        "naive_sigmoid_overflows": [
            Edit(
                "sigmoid_tanh",
                "x = np.asarray(x, dtype=np.float64)\n    out = np.empty_like(x)",
                "return 1 / (1 + np.exp(-np.asarray(x, dtype=np.float64)))\n    out = None",
            )
        ],
        "sigmoid_grad_wrong": [Edit("sigmoid_tanh", "return s * (1 - s)", "return s * (1 + s)")],
        "relu_grad_wrong_side": [
            Edit(
                "relu_family",
                "return (x > 0).astype(np.float64)",
                "return (x >= 0).astype(np.float64)",
            )
        ],
        "leaky_relu_grad_one_at_zero": [
            Edit(
                "relu_family",
                "np.where(x > 0, 1.0, negative_slope)",
                "np.where(x >= 0, 1.0, negative_slope)",
            )
        ],
        "relu_zeroes_caller_x": [
            Edit("relu_family", "return np.maximum(x, 0.0)", "x[x < 0] = 0.0\n    return x")
        ],
        "elu_ignores_alpha": [
            Edit("relu_family", "alpha * np.expm1(np.minimum(x, 0))", "np.expm1(np.minimum(x, 0))")
        ],
        "elu_overflows": [
            Edit("relu_family", "alpha * np.expm1(np.minimum(x, 0))", "alpha * (np.exp(x) - 1)")
        ],
        "gelu_sigmoid_approximation": [
            Edit(
                "gelu",
                "return 0.5 * x * (1 + erf(x / math.sqrt(2)))",
                "return x * sigmoid(1.702 * x)",
            )
        ],
        "gelu_grad_without_pdf_term": [Edit("gelu", "return cdf + x * pdf", "return cdf")],
        "gelu_tanh_grad_missing_chain_rule": [
            Edit("gelu", "0.5 * x * (1 - t**2) * du", "0.5 * x * (1 - t**2)")
        ],
        "swish_beta_on_output": [
            Edit("swish", "return x * sigmoid(beta * x)", "return beta * x * sigmoid(x)")
        ],
        "batchnorm_wrong_axis": [
            Edit(
                "batchnorm",
                BN_BATCH_STATS,
                "mean = x.mean(axis=1, keepdims=True)  # (N, 1)\n        var = x.var(axis=1, keepdims=True)\n",
            ),
            Edit("batchnorm", "momentum * mean\n", "momentum * mean.mean()\n"),
            Edit(
                "batchnorm", "momentum * var * n / (n - 1)", "momentum * var.mean() * n / (n - 1)"
            ),
        ],
        "batchnorm_eval_uses_batch_stats": [
            Edit(
                "batchnorm",
                "mean, var = state[\"running_mean\"], state[\"running_var\"]",
                "mean, var = x.mean(axis=0), x.var(axis=0)",
            )
        ],
        "batchnorm_biased_running_var": [
            Edit("batchnorm", "momentum * var * n / (n - 1)", "momentum * var")
        ],
        "batchnorm_variances_swapped": [
            Edit(
                "batchnorm",
                "var = x.var(axis=0)  # (D,), biased: divides by N",
                "var = x.var(axis=0, ddof=1)  # (D,)",
            ),
            Edit("batchnorm", "momentum * var * n / (n - 1)", "momentum * var * (n - 1) / n"),
        ],
        "batchnorm_momentum_reversed": [
            Edit(
                "batchnorm",
                "(1 - momentum) * state[\"running_mean\"] + momentum * mean",
                "momentum * state[\"running_mean\"] + (1 - momentum) * mean",
            )
        ],
        "layernorm_over_batch": [
            Edit(
                "layernorm",
                "mean = x.mean(axis=-1, keepdims=True)  # (..., 1)\n    var = x.var(axis=-1, keepdims=True)",
                "mean = x.mean(axis=0, keepdims=True)\n    var = x.var(axis=0, keepdims=True)",
            )
        ],
        "layernorm_eps_outside_sqrt": [
            Edit("layernorm", "np.sqrt(var + eps)", "(np.sqrt(var) + eps)")
        ],
        "groupnorm_gamma_per_group": [
            Edit(
                "groupnorm",
                "per_channel = (c,) + (1,) * (x.ndim - 2)\n    return gamma.reshape(per_channel) * x_hat + beta.reshape(per_channel)",
                "return x_hat * gamma.mean() + beta.mean()",
            )
        ],
        "groupnorm_interleaved_groups": [
            Edit(
                "groupnorm",
                "xg = x.reshape(n, groups, -1)  # (N, G, C/G * L)",
                "xg = x.reshape(n, c // groups, groups, -1).swapaxes(1, 2).reshape(n, groups, -1)",
            ),
            Edit(
                "groupnorm",
                "x_hat = ((xg - mean) / np.sqrt(var + eps)).reshape(x.shape)",
                "x_hat = ((xg - mean) / np.sqrt(var + eps)).reshape(n, groups, c // groups, -1).swapaxes(1, 2).reshape(x.shape)",
            ),
        ],
        "dropout_without_rescaling": [
            Edit("dropout", "return x * keep / (1 - p)", "return x * keep")
        ],
        "dropout_keeps_p": [
            Edit("dropout", "keep = rng.random(x.shape) >= p", "keep = rng.random(x.shape) < p")
        ],
        "dropout_in_eval": [Edit("dropout", "if not train:\n        return x\n    ", "")],
        "dropout_zeroes_caller_x": [
            Edit("dropout", "return x * keep / (1 - p)", "x[~keep] = 0\n    return x / (1 - p)")
        ],
        "dropout_scales_in_place": [
            Edit("dropout", "return x * keep / (1 - p)", "x *= keep / (1 - p)\n    return x")
        ],
        "sigmoid_writes_into_x": [
            Edit("sigmoid_tanh", "out = np.empty_like(x)", "out = x  # aliases the caller's x")
        ],
        "sigmoid_integer_output": [
            Edit(
                "sigmoid_tanh",
                "x = np.asarray(x, dtype=np.float64)\n    out = np.empty_like(x)",
                "out = np.empty_like(x)",
            )
        ],
        "sigmoid_where_both_branches": [
            Edit(
                "sigmoid_tanh",
                "x = np.asarray(x, dtype=np.float64)\n    out = np.empty_like(x)",
                "x = np.asarray(x, dtype=np.float64)\n"
                "    return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))\n"
                "    out = None",
            )
        ],
        "sigmoid_grad_naive_exp": [
            Edit(
                "sigmoid_tanh",
                "s = sigmoid(x)\n    return s * (1 - s)",
                "e = np.exp(-x)\n    return e / (1 + e) ** 2",
            )
        ],
        "elu_grad_overflows": [
            Edit("relu_family", "alpha * np.exp(np.minimum(x, 0))", "alpha * np.exp(x)")
        ],
        "gelu_tanh_via_exp": [
            Edit(
                "gelu",
                "return 0.5 * x * (1 + np.tanh(u))",
                "return 0.5 * x * (1 + (np.exp(2 * u) - 1) / (np.exp(2 * u) + 1))",
            )
        ],
        "swish_naive_sigmoid": [
            Edit("swish", "return x * sigmoid(beta * x)", "return x / (1 + np.exp(-beta * x))")
        ],
        "batchnorm_eps_outside_sqrt": [
            Edit("batchnorm", "np.sqrt(var + eps)", "(np.sqrt(var) + eps)")
        ],
        "batchnorm_centres_caller_x": [
            Edit(
                "batchnorm",
                "x_hat = (x - mean) / np.sqrt(var + eps)",
                "x -= mean\n    x_hat = x / np.sqrt(var + eps)",
            )
        ],
        "batchnorm_train_normalizes_with_running_stats": [
            Edit(
                "batchnorm",
                "    else:\n        mean, var = state",
                "        mean, var = state[\"running_mean\"], state[\"running_var\"]\n"
                "    else:\n        mean, var = state",
            )
        ],
        "batchnorm_ignores_momentum": [
            Edit("batchnorm", "momentum * mean\n", "0.1 * mean\n"),
            Edit("batchnorm", "momentum * var * n / (n - 1)", "0.1 * var * n / (n - 1)"),
            Edit(
                "batchnorm",
                "(1 - momentum) * state[\"running_mean\"]",
                "0.9 * state[\"running_mean\"]",
            ),
            Edit(
                "batchnorm",
                "(1 - momentum) * state[\"running_var\"]",
                "0.9 * state[\"running_var\"]",
            ),
        ],
        "batchnorm_new_state_dict": [
            Edit(
                "batchnorm",
                "state[\"running_mean\"] = (1 - momentum)",
                "state = dict(state)\n        state[\"running_mean\"] = (1 - momentum)",
            )
        ],
        "batchnorm_batch_of_one_divides_by_zero": [Edit("batchnorm", BN_REFUSES_ONE, "")],
        "batchnorm_batch_of_one_wrong_exception": [
            Edit("batchnorm", "raise ValueError(", "raise RuntimeError(")
        ],
        "batchnorm_batch_of_one_raises_late": [
            Edit("batchnorm", BN_REFUSES_ONE, ""),
            Edit(
                "batchnorm",
                "        state[\"running_var\"] =",
                "        if n < 2:\n            raise ValueError(\"N = 1\")\n        state[\"running_var\"] =",
            ),
        ],
        "batchnorm_refuses_one_in_eval_too": [
            Edit("batchnorm", BN_REFUSES_ONE, ""),
            Edit(
                "batchnorm",
                "    if train:\n",
                "    if x.shape[0] < 2:\n        raise ValueError(\"N = 1\")\n    if train:\n",
            ),
        ],
        "layernorm_centres_caller_x": [
            Edit(
                "layernorm",
                "return gamma * (x - mean) / np.sqrt(var + eps) + beta",
                "x -= mean\n    return gamma * x / np.sqrt(var + eps) + beta",
            )
        ],
        "groupnorm_3d_only": [
            Edit("groupnorm", "per_channel = (c,) + (1,) * (x.ndim - 2)", "per_channel = (c, 1)")
        ],
        "groupnorm_unpacks_three_axes": [
            Edit("groupnorm", "n, c = x.shape[:2]", "n, c, length = x.shape")
        ],
        "dropout_own_generator": [
            Edit(
                "dropout",
                "rng.random(x.shape) >= p",
                "np.random.default_rng(0).random(x.shape) >= p",
            )
        ],
        "dropout_global_numpy_random": [
            Edit("dropout", "rng.random(x.shape) >= p", "np.random.random(x.shape) >= p")
        ],
        "dropout_one_draw_per_row": [
            Edit(
                "dropout",
                "rng.random(x.shape) >= p",
                "rng.random((x.shape[0],) + (1,) * (x.ndim - 1)) >= p",
            )
        ],
        "dropout_one_draw_per_column": [
            Edit("dropout", "rng.random(x.shape) >= p", "rng.random(x.shape[-1:]) >= p")
        ],
        "l2_gradient_doubled": [Edit("penalties", "lam * W\n", "2 * lam * W\n")],
        "l1_gradient_without_lam": [Edit("penalties", "lam * np.sign(W)", "np.sign(W)")],
    }
    ALTERNATIVES = {
        "sigmoid_via_tanh": [
            Edit(
                "sigmoid_tanh",
                "x = np.asarray(x, dtype=np.float64)\n    out = np.empty_like(x)",
                "return 0.5 * (1 + np.tanh(0.5 * np.asarray(x, dtype=np.float64)))\n    out = None",
            )
        ],
        "sigmoid_where_on_abs": [
            Edit(
                "sigmoid_tanh",
                "x = np.asarray(x, dtype=np.float64)\n    out = np.empty_like(x)",
                "z = np.exp(-np.abs(x))\n    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))\n    out = None",
            )
        ],
        "relu_where_and_heaviside": [
            Edit("relu_family", "return np.maximum(x, 0.0)", "return np.where(x > 0, x, 0.0)"),
            Edit("relu_family", "return (x > 0).astype(np.float64)", "return np.heaviside(x, 0.0)"),
        ],
        "relu_clips_a_copy": [
            Edit(
                "relu_family",
                "return np.maximum(x, 0.0)",
                "out = np.array(x, dtype=np.float64)\n    out[out < 0] = 0.0\n    return out",
            )
        ],
        "elu_masked_assignment": [
            Edit(
                "relu_family",
                "return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))",
                "out = np.array(x, dtype=np.float64)\n    neg = x <= 0\n"
                "    out[neg] = alpha * (np.exp(x[neg]) - 1)\n    return out",
            )
        ],
        "gelu_tanh_via_sigmoid_identity": [
            Edit("gelu", "return 0.5 * x * (1 + np.tanh(u))", "return x * sigmoid(2 * u)")
        ],
        "batchnorm_ddof_running_var": [
            Edit("batchnorm", "momentum * var * n / (n - 1)", "momentum * x.var(axis=0, ddof=1)")
        ],
        "batchnorm_in_place_arrays": [
            Edit(
                "batchnorm",
                "state[\"running_mean\"] = (1 - momentum) * state[\"running_mean\"] + momentum * mean\n"
                "        state[\"running_var\"] = (1 - momentum) * state[\"running_var\"] + momentum * var * n / (n - 1)",
                "state[\"running_mean\"] *= 1 - momentum\n        state[\"running_mean\"] += momentum * mean\n"
                "        state[\"running_var\"] *= 1 - momentum\n        state[\"running_var\"] += momentum * var * n / (n - 1)",
            )
        ],
        "layernorm_manual_statistics": [
            Edit(
                "layernorm",
                "mean = x.mean(axis=-1, keepdims=True)  # (..., 1)\n    var = x.var(axis=-1, keepdims=True)  # (..., 1)",
                "d = x.shape[-1]\n    mean = np.sum(x, axis=-1, keepdims=True) / d\n"
                "    var = np.sum((x - mean) ** 2, axis=-1, keepdims=True) / d",
            )
        ],
        "groupnorm_loop_over_groups": [
            Edit(
                "groupnorm",
                "xg = x.reshape(n, groups, -1)  # (N, G, C/G * L)\n"
                "    mean = xg.mean(axis=2, keepdims=True)  # (N, G, 1)\n"
                "    var = xg.var(axis=2, keepdims=True)  # (N, G, 1)\n"
                "    x_hat = ((xg - mean) / np.sqrt(var + eps)).reshape(x.shape)  # (N, C, *)\n",
                "size = c // groups\n    x_hat = np.empty_like(x, dtype=np.float64)\n"
                "    for i in range(n):\n        for g in range(groups):\n"
                "            block = x[i, g * size:(g + 1) * size]\n"
                "            x_hat[i, g * size:(g + 1) * size] = (block - block.mean()) / np.sqrt(block.var() + eps)\n",
            )
        ],
        "dropout_binomial_mask": [
            Edit(
                "dropout",
                "keep = rng.random(x.shape) >= p  # True with probability 1 - p\n    return x * keep / (1 - p)",
                "mask = rng.binomial(1, 1 - p, size=np.shape(x)) / (1 - p)\n    return x * mask",
            )
        ],
        "dropout_masks_a_copy": [
            Edit(
                "dropout",
                "return x * keep / (1 - p)",
                "out = x.copy()\n    out[~keep] = 0\n    out /= 1 - p\n    return out",
            )
        ],
        "sigmoid_float_output_array": [
            Edit(
                "sigmoid_tanh",
                "x = np.asarray(x, dtype=np.float64)\n    out = np.empty_like(x)",
                "out = np.zeros(np.shape(x))\n    x = np.asarray(x)",
            )
        ],
        "batchnorm_checks_n_first": [
            Edit("batchnorm", BN_REFUSES_ONE, ""),
            Edit(
                "batchnorm",
                "    if train:\n",
                "    if train and len(x) <= 1:\n        raise ValueError\n    if train:\n",
            ),
        ],
        "batchnorm_inverse_std": [
            Edit(
                "batchnorm",
                "x_hat = (x - mean) / np.sqrt(var + eps)",
                "x_hat = (x - mean) * (var + eps) ** -0.5",
            )
        ],
        "groupnorm_gamma_by_list_shape": [
            Edit(
                "groupnorm",
                "per_channel = (c,) + (1,) * (x.ndim - 2)",
                "per_channel = [1] * x.ndim\n    per_channel[0] = c\n    per_channel = per_channel[: x.ndim - 1]",
            )
        ],
        "groupnorm_channels_last_broadcast": [
            Edit(
                "groupnorm",
                "per_channel = (c,) + (1,) * (x.ndim - 2)\n"
                "    return gamma.reshape(per_channel) * x_hat + beta.reshape(per_channel)",
                "return np.moveaxis(np.moveaxis(x_hat, 1, -1) * gamma + beta, -1, 1)",
            )
        ],
        "dropout_keep_below_one_minus_p": [
            Edit("dropout", "keep = rng.random(x.shape) >= p", "keep = rng.random(x.shape) < 1 - p")
        ],
        "sigmoid_in_place_on_its_own_copy": [
            Edit(
                "sigmoid_tanh",
                "x = np.asarray(x, dtype=np.float64)\n    out = np.empty_like(x)",
                "x = np.array(x, dtype=np.float64)  # a copy, so writing into it is safe\n    out = x",
            )
        ],
        "dropout_uniform_draw": [
            Edit(
                "dropout",
                "keep = rng.random(x.shape) >= p",
                "keep = rng.uniform(size=x.shape) >= p",
            )
        ],
        "penalties_explicit_sums": [
            Edit(
                "penalties",
                "return 0.5 * lam * np.sum(W**2), lam * W",
                "return lam * float(np.sum(W * W)) / 2, W * lam",
            )
        ],
    }
    MESSAGES = {
        "relu_zeroes_caller_x": {"test_relu_family_inputs_unchanged": "relu changed x in place"},
        "sigmoid_writes_into_x": {
            "test_sigmoid_tanh_inputs_unchanged": "sigmoid changed x in place"
        },
        "sigmoid_integer_output": {"test_sigmoid": "Convert x to float first"},
        "batchnorm_refuses_one_in_eval_too": {"test_batchnorm_eval": "Any N works in evaluation"},
        "layernorm_centres_caller_x": {"test_layernorm_inputs_unchanged": "changed x in place"},
        "groupnorm_3d_only": {
            "test_groupnorm_any_rank": "on inputs of shape (5, 8), (8,), (8,), 2"
        },
        "groupnorm_unpacks_three_axes": {"test_groupnorm_any_rank": "raised ValueError"},
        "batchnorm_eps_outside_sqrt": {"test_batchnorm_train": "sqrt(var + eps)"},
        "layernorm_eps_outside_sqrt": {"test_layernorm_eps": "inside the square root"},
        "batchnorm_centres_caller_x": {"test_batchnorm_inputs_unchanged": "changed x in place"},
        "batchnorm_batch_of_one_divides_by_zero": {
            "test_batchnorm_batch_of_one": "raised nothing; expected ValueError"
        },
        "batchnorm_batch_of_one_raises_late": {
            "test_batchnorm_batch_of_one": "before updating state"
        },
        "dropout_own_generator": {"test_dropout_rng": "not from a generator of your own"},
        "dropout_global_numpy_random": {"test_dropout_rng": "not from np.random"},
        "dropout_one_draw_per_row": {"test_dropout_train": "not one per row or column"},
        "dropout_one_draw_per_column": {"test_dropout_train": "one draw per entry"},
    }

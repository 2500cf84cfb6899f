"""The nbgrader round trip for 03_activations_normalization: typical mistakes lose points, other solutions do not."""

from tests.roundtrip import Edit, RoundTrip

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
        "penalties_explicit_sums": [
            Edit(
                "penalties",
                "return 0.5 * lam * np.sum(W**2), lam * W",
                "return lam * float(np.sum(W * W)) / 2, W * lam",
            )
        ],
    }

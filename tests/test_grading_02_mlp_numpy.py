"""The nbgrader round trip for 02_mlp_numpy: typical mistakes lose points, other solutions do not."""

from tests.roundtrip import Edit, RoundTrip


class TestMlpNumpyRoundTrip(RoundTrip):
    ASSIGNMENT = "02_mlp_numpy"
    MUTANTS = {
        "init_std_one": [Edit("init_weights", "std = np.sqrt(2.0 / fan_in)", "std = 1.0")],
        "init_global_random_state": [
            Edit(
                "init_weights",
                "rng.normal(0.0, std, size=(fan_in, fan_out))",
                "np.random.normal(0.0, std, size=(fan_in, fan_out))",
            )
        ],
        "bias_grad_wrong_axis": [Edit("affine", "db = dout.sum(axis=0)", "db = dout.sum(axis=1)")],
        "relu_backward_passes_negatives": [
            Edit("relu", "return dout * (x > 0)", "return dout * (x != 0)")
        ],
        "softmax_wrong_axis": [
            Edit(
                "softmax_ce",
                "np.sum(np.exp(shifted), axis=1, keepdims=True)",
                "np.sum(np.exp(shifted), axis=0, keepdims=True)",
            )
        ],
        "softmax_no_max_subtraction": [
            Edit(
                "softmax_ce",
                "shifted = logits - logits.max(axis=1, keepdims=True)",
                "shifted = logits",
            )
        ],
        "gradient_not_averaged": [
            Edit("softmax_ce", "return loss, dlogits / N", "return loss, dlogits")
        ],
        "forward_differences": [
            Edit(
                "numeric_gradient",
                "(f(x + step) - f(x - step)) / (2 * eps)",
                "(f(x + step) - f(x)) / eps",
            )
        ],
        "numeric_gradient_in_float32": [
            Edit("numeric_gradient", "np.array(x, dtype=np.float64)", "np.array(x)")
        ],
        "mlp_skips_relu_backward": [
            Edit("mlp_loss", "dh_pre = relu_backward(dh, cache_relu)", "dh_pre = dh")
        ],
        "sgd_gradient_ascent": [
            Edit("sgd_train", "params[name] - lr * grads[name]", "params[name] + lr * grads[name]")
        ],
        "sgd_drops_last_batch": [
            Edit(
                "sgd_train",
                "range(0, len(X), batch_size)",
                "range(0, len(X) - batch_size + 1, batch_size)",
            )
        ],
        "init_raises_type_error": [Edit("init_weights", "raise ValueError(", "raise TypeError(")],
        "init_own_generator": [
            Edit(
                "init_weights",
                "rng.normal(0.0, std, size=(fan_in, fan_out))",
                "np.random.default_rng(0).normal(0.0, std, size=(fan_in, fan_out))",
            )
        ],
        "relu_backward_ge_zero": [Edit("relu", "return dout * (x > 0)", "return dout * (x >= 0)")],
        "mlp_relu_on_logits": [
            Edit(
                "mlp_loss",
                "loss, dlogits = softmax_cross_entropy(logits, y)",
                "logits = np.maximum(logits, 0.0)\n    loss, dlogits = softmax_cross_entropy(logits, y)",
            )
        ],
        "sgd_rebinds_params_dict": [
            Edit(
                "sgd_train",
                "for name in params:\n                params[name] = params[name] - lr * grads[name]",
                "params = {name: params[name] - lr * grads[name] for name in params}",
            )
        ],
        "sgd_loss_after_update": [
            Edit(
                "sgd_train",
                "losses.append(loss)",
                "losses.append(mlp_loss(params, X[batch], y[batch])[0])",
            )
        ],
        "init_bias_2d": [
            Edit("init_weights", "b = np.zeros(fan_out)", "b = np.zeros((1, fan_out))")
        ],
        "init_xavier_fan_in_only": [
            Edit(
                "init_weights",
                "std = np.sqrt(2.0 / (fan_in + fan_out))",
                "std = np.sqrt(1.0 / fan_in)",
            )
        ],
        "numeric_gradient_ignores_eps": [
            Edit("numeric_gradient", "step[idx] = eps", "step[idx] = 1e-6"),
            Edit("numeric_gradient", "/ (2 * eps)", "/ (2 * 1e-6)"),
        ],
        # the caller's arrays changed in place
        "affine_backward_sums_into_dout": [
            Edit("affine", "db = dout.sum(axis=0)", "db = np.cumsum(dout, axis=0, out=dout)[-1]")
        ],
        "relu_forward_in_place": [
            Edit("relu", "return np.maximum(x, 0.0), x", "x[x < 0] = 0\n    return x, x")
        ],
        "relu_backward_in_place": [
            Edit("relu", "return dout * (x > 0)", "dout[x <= 0] = 0\n    return dout")
        ],
        "numeric_gradient_drifts_x": [
            Edit(
                "numeric_gradient",
                "x = np.array(x, dtype=np.float64)  # a copy",
                "x = np.asarray(x, dtype=np.float64)",
            ),
            Edit(
                "numeric_gradient",
                "step = np.zeros_like(x)\n        step[idx] = eps\n"
                "        grad[idx] = (f(x + step) - f(x - step)) / (2 * eps)",
                "x[idx] += eps\n        up = f(x)\n        x[idx] -= 2 * eps\n        down = f(x)\n"
                "        x[idx] += eps\n        grad[idx] = (up - down) / (2 * eps)",
            ),
        ],
        "softmax_shifts_logits_in_place": [
            Edit(
                "softmax_ce",
                "shifted = logits - logits.max(axis=1, keepdims=True)",
                "logits -= logits.max(axis=1, keepdims=True)\n    shifted = logits",
            )
        ],
        "sgd_shuffles_data_in_place": [
            Edit(
                "sgd_train",
                "order = rng.permutation(len(X))  # (N,)",
                "perm = rng.permutation(len(X))\n"
                "        X[:], y[:] = X[perm], y[perm]\n"
                "        order = np.arange(len(X))",
            )
        ],
        # numerics that hold only for friendly inputs
        "softmax_global_max": [
            Edit(
                "softmax_ce",
                "shifted = logits - logits.max(axis=1, keepdims=True)",
                "shifted = logits - logits.max()",
            )
        ],
        "softmax_gradient_global_max": [
            Edit(
                "softmax_ce",
                "dlogits = np.exp(log_probs)  # (N, C) softmax",
                "dlogits = np.exp(logits - logits.max())\n"
                "    dlogits = dlogits / dlogits.sum(axis=1, keepdims=True)",
            )
        ],
        # bias gradients
        "bias_grad_averaged": [Edit("affine", "db = dout.sum(axis=0)", "db = dout.mean(axis=0)")],
        "bias_grad_keepdims": [
            Edit("affine", "db = dout.sum(axis=0)", "db = dout.sum(axis=0, keepdims=True)")
        ],
        # types the spec implies
        "relu_backward_zeros_like_x": [
            Edit(
                "relu",
                "return dout * (x > 0)",
                "dx = np.zeros_like(x)\n    dx[x > 0] = dout[x > 0]\n    return dx",
            )
        ],
        "numeric_gradient_grad_like_input": [
            Edit(
                "numeric_gradient",
                "x = np.array(x, dtype=np.float64)  # a copy\n    grad = np.zeros_like(x)",
                "grad = np.zeros_like(x)\n    x = np.array(x, dtype=np.float64)",
            )
        ],
        # the batch order SGD states
        "sgd_shuffles_X_only": [
            Edit(
                "sgd_train",
                "mlp_loss(params, X[batch], y[batch])",
                "mlp_loss(params, X[batch], y[start : start + batch_size])",
            )
        ],
        "sgd_separate_permutations": [
            Edit(
                "sgd_train",
                "order = rng.permutation(len(X))  # (N,)",
                "order = rng.permutation(len(X))\n        y_order = rng.permutation(len(X))",
            ),
            Edit("sgd_train", "y[batch]", "y[y_order[start : start + batch_size]]"),
        ],
        "sgd_no_shuffle": [
            Edit("sgd_train", "order = rng.permutation(len(X))", "order = np.arange(len(X))")
        ],
        "sgd_global_permutation": [
            Edit("sgd_train", "rng.permutation(len(X))", "np.random.permutation(len(X))")
        ],
        "sgd_permutation_once": [
            Edit(
                "sgd_train",
                "for _ in range(epochs):\n        order = rng.permutation(len(X))  # (N,)",
                "order = rng.permutation(len(X))\n    for _ in range(epochs):",
            )
        ],
        "sgd_ignores_epochs": [Edit("sgd_train", "range(epochs)", "range(1)")],
        "sgd_batches_by_array_split": [
            Edit(
                "sgd_train",
                "for start in range(0, len(X), batch_size):\n"
                "            batch = order[start : start + batch_size]  # (B,)",
                "for batch in np.array_split(order, -(-len(X) // batch_size)):",
            )
        ],
        "sgd_ignores_lr": [
            Edit("sgd_train", "params[name] - lr * grads[name]", "params[name] - 0.5 * grads[name]")
        ],
    }
    ALTERNATIVES = {
        "init_scaled_standard_normal": [
            Edit(
                "init_weights",
                "rng.normal(0.0, std, size=(fan_in, fan_out))",
                "std * rng.standard_normal((fan_in, fan_out))",
            )
        ],
        "einsum_affine": [
            Edit("affine", "out = x @ W + b", "out = np.einsum(\"nd,dm->nm\", x, W) + b[None, :]"),
            Edit("affine", "dW = x.T @ dout", "dW = np.einsum(\"nd,nm->dm\", x, dout)"),
            Edit("affine", "dx = dout @ W.T", "dx = np.einsum(\"nm,dm->nd\", dout, W)"),
        ],
        "relu_backward_where": [
            Edit("relu", "return dout * (x > 0)", "return np.where(x > 0, dout, 0.0)")
        ],
        "relu_backward_loop": [
            Edit(
                "relu",
                "return dout * (x > 0)",
                "dx = np.zeros_like(dout)\n"
                "    for idx in np.ndindex(x.shape):\n"
                "        if x[idx] > 0:\n"
                "            dx[idx] = dout[idx]\n"
                "    return dx",
            )
        ],
        "logaddexp_softmax": [
            Edit(
                "softmax_ce",
                "np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))",
                "np.logaddexp.reduce(shifted, axis=1, keepdims=True)",
            )
        ],
        "one_hot_gradient": [
            Edit(
                "softmax_ce",
                "dlogits[np.arange(N), y] -= 1",
                "dlogits = dlogits - np.eye(logits.shape[1])[y]",
            )
        ],
        "numeric_gradient_in_place_restore": [
            Edit(
                "numeric_gradient",
                "step = np.zeros_like(x)\n        step[idx] = eps\n"
                "        grad[idx] = (f(x + step) - f(x - step)) / (2 * eps)",
                "old = x[idx]\n        x[idx] = old + eps\n        up = f(x)\n"
                "        x[idx] = old - eps\n        down = f(x)\n        x[idx] = old\n"
                "        grad[idx] = (up - down) / (2 * eps)",
            )
        ],
        "sgd_split_in_place": [
            Edit(
                "sgd_train",
                "for start in range(0, len(X), batch_size):\n"
                "            batch = order[start : start + batch_size]  # (B,)",
                "for batch in np.split(order, np.arange(batch_size, len(X), batch_size)):",
            ),
            Edit(
                "sgd_train",
                "params[name] = params[name] - lr * grads[name]",
                "params[name] -= lr * grads[name]",
            ),
        ],
        "bias_grad_einsum": [
            Edit("affine", "db = dout.sum(axis=0)", "db = np.einsum(\"nm->m\", dout)")
        ],
        "bias_grad_ones_matmul": [
            Edit("affine", "db = dout.sum(axis=0)", "db = np.ones(len(dout)) @ dout")
        ],
        "relu_forward_where": [Edit("relu", "np.maximum(x, 0.0), x", "np.where(x > 0, x, 0.0), x")],
        "relu_forward_masked_copy": [
            Edit(
                "relu",
                "return np.maximum(x, 0.0), x",
                "out = x.copy()\n    out[out < 0] = 0\n    return out, x",
            )
        ],
        "relu_backward_masked_copy": [
            Edit(
                "relu",
                "return dout * (x > 0)",
                "dx = dout.copy()\n    dx[x <= 0] = 0\n    return dx",
            )
        ],
        "relu_caches_mask": [
            Edit("relu", "return np.maximum(x, 0.0), x", "return np.maximum(x, 0.0), x > 0"),
            Edit("relu", "x = cache\n    return dout * (x > 0)", "return dout * cache"),
        ],
        "relu_caches_output": [
            Edit(
                "relu",
                "return np.maximum(x, 0.0), x",
                "out = np.maximum(x, 0.0)\n    return out, out",
            )
        ],
        "softmax_shifts_a_copy_in_place": [
            Edit(
                "softmax_ce",
                "shifted = logits - logits.max(axis=1, keepdims=True)",
                "shifted = logits.astype(np.float64)\n"
                "    shifted -= shifted.max(axis=1, keepdims=True)",
            )
        ],
        "softmax_scipy_logsumexp": [
            Edit(
                "softmax_ce",
                "shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))",
                "logits - __import__(\"scipy.special\").special.logsumexp(logits, axis=1, keepdims=True)",
            )
        ],
        "softmax_row_loop": [
            Edit(
                "softmax_ce",
                "shifted = logits - logits.max(axis=1, keepdims=True)  # (N, C)\n"
                "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))  # (N, C)",
                "log_probs = np.zeros(logits.shape)\n"
                "    for n in range(N):\n"
                "        z = logits[n] - logits[n].max()\n"
                "        log_probs[n] = z - np.log(np.exp(z).sum())",
            )
        ],
        "numeric_gradient_zeros_of_shape": [
            Edit(
                "numeric_gradient",
                "x = np.array(x, dtype=np.float64)  # a copy\n    grad = np.zeros_like(x)",
                "grad = np.zeros(np.shape(x))\n    x = np.asarray(x).astype(np.float64)",
            )
        ],
        "sgd_shuffled_copies": [
            Edit(
                "sgd_train",
                "batch = order[start : start + batch_size]  # (B,)\n"
                "            loss, grads = mlp_loss(params, X[batch], y[batch])",
                "X_batch = X[order][start : start + batch_size]\n"
                "            y_batch = y[order][start : start + batch_size]\n"
                "            loss, grads = mlp_loss(params, X_batch, y_batch)",
            )
        ],
        "sgd_shuffles_index_array": [
            Edit(
                "sgd_train",
                "order = rng.permutation(len(X))  # (N,)",
                "order = np.arange(len(X))\n        rng.shuffle(order)",
            )
        ],
        "sgd_counts_batches": [
            Edit(
                "sgd_train",
                "for start in range(0, len(X), batch_size):\n"
                "            batch = order[start : start + batch_size]  # (B,)",
                "for k in range(int(np.ceil(len(X) / batch_size))):\n"
                "            batch = order[k * batch_size : (k + 1) * batch_size]",
            ),
            Edit("sgd_train", "losses.append(loss)", "losses.append(float(loss))"),
        ],
    }
    MESSAGES = {
        "numeric_gradient_ignores_eps": {"test_numeric_gradient_eps": "Step by the eps argument"},
        "init_raises_type_error": {"test_init_shapes": "ValueError"},
        "init_own_generator": {"test_init_scale": "not from a generator of your own"},
        "relu_backward_ge_zero": {"test_relu_backward": "not x >= 0"},
        "numeric_gradient_drifts_x": {
            "test_numeric_gradient_inputs_unchanged": "changed x in place"
        },
        "sgd_rebinds_params_dict": {"test_sgd_step": "Update the params dict itself"},
        "sgd_loss_after_update": {"test_sgd_losses": "before its update"},
        "sgd_batches_by_array_split": {"test_sgd_batches": "only the last batch is smaller"},
        "affine_backward_sums_into_dout": {"test_affine_inputs_unchanged": "changed dout in place"},
        "relu_forward_in_place": {"test_relu_inputs_unchanged": "instead of writing x[x < 0] = 0"},
        "relu_backward_in_place": {
            "test_relu_inputs_unchanged": "instead of writing dout[x <= 0] = 0"
        },
        "softmax_shifts_logits_in_place": {
            "test_softmax_ce_inputs_unchanged": "changed logits in place"
        },
        "softmax_global_max": {"test_softmax_ce_stable": "not the batch's maximum"},
        "bias_grad_averaged": {
            "test_affine_backward": "a sum, not a mean",
            "test_mlp_loss_torch": "a sum, not a mean",
            "test_mlp_gradient_check": "a sum, not a mean",
        },
        "bias_grad_keepdims": {
            "test_affine_backward": "without keepdims",
            "test_mlp_loss_torch": "without keepdims",
            "test_mlp_gradient_check": "without keepdims",
        },
        "relu_backward_zeros_like_x": {"test_relu_backward": "dx has dout's dtype"},
        "numeric_gradient_grad_like_input": {"test_numeric_gradient": "integer"},
        "sgd_shuffles_X_only": {"test_sgd_batches": "X[batch] and y[batch]"},
        "sgd_separate_permutations": {"test_sgd_batches": "X[batch] and y[batch]"},
        "sgd_shuffles_data_in_place": {"test_sgd_batches": "changed X in place"},
        "sgd_no_shuffle": {"test_sgd_batches": "drawn anew from rng every epoch"},
        "sgd_permutation_once": {"test_sgd_batches": "drawn anew from rng every epoch"},
    }

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
    }

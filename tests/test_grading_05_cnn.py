"""The nbgrader round trip for 05_cnn: typical mistakes lose points, other solutions do not."""

from tests.roundtrip import Edit, RoundTrip

OUTPUT_RETURN = "return span // stride + 1"
RF_LOOP = (
    "field, jump = 1, 1  # jump: input pixels between neighbouring outputs of the layers so far\n"
    "    for kernel, stride, *rest in layers:\n"
    "        dilation = rest[0] if rest else 1\n"
    "        field += dilation * (kernel - 1) * jump\n"
    "        jump *= stride\n"
    "    return field"
)
NAIVE_WINDOW = "window = x[i, :, r * stride : r * stride + kh, c * stride : c * stride + kw]"
IM2COL_PRODUCT = (
    "n, _, h_out, w_out = windows.shape[:4]\n"
    "    # (N·H_out·W_out, C_in·kH·kW)\n"
    "    cols = windows.transpose(0, 2, 3, 1, 4, 5).reshape(n * h_out * w_out, c_in * kh * kw)\n"
    "    out = cols @ weight.reshape(c_out, -1).T  # (N·H_out·W_out, C_out)\n"
    "    out = out.reshape(n, h_out, w_out, c_out).transpose(0, 3, 1, 2)  # (N, C_out, H_out, W_out)"
)
IM2COL_WINDOWS = "windows = sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]"
POOL_BODY = (
    "# (N, C, H_out, W_out, k, k)\n"
    "    windows = sliding_window_view(x, (kernel, kernel), axis=(2, 3))[:, :, ::stride, ::stride]\n"
    "    return windows.max(axis=(4, 5))"
)
CNN_FEATURES = (
    "self.features = nn.Sequential(\n"
    "            nn.Conv2d(1, 32, 3, padding=1, bias=False),\n"
    "            nn.BatchNorm2d(32),\n"
    "            nn.ReLU(),\n"
    "            nn.Conv2d(32, 32, 3, padding=1, bias=False),\n"
    "            nn.BatchNorm2d(32),\n"
    "            nn.ReLU(),\n"
    "            nn.MaxPool2d(2),\n"
    "            nn.Conv2d(32, 64, 3, padding=1, bias=False),\n"
    "            nn.BatchNorm2d(64),\n"
    "            nn.ReLU(),\n"
    "        )"
)
CNN_HEAD = "self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))"
CNN_FORWARD = "return self.head(self.features(x))  # (B, 64, 4, 4) -> (B, 10)"
NAIVE_PAD = "x = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))"
CNN_SIZE = "size = (size + 2 * (kernel // 2) - kernel + 1) // 2"


class TestCNNRoundTrip(RoundTrip):
    ASSIGNMENT = "05_cnn"
    MUTANTS = {
        "output_size_floor_misplaced": [
            Edit("conv_output_size", OUTPUT_RETURN, "return (span + 1) // stride")
        ],
        "output_size_ceil": [
            Edit("conv_output_size", OUTPUT_RETURN, "return -(-span // stride) + 1")
        ],
        "output_size_padding_ignored": [
            Edit("conv_output_size", "span = size + 2 * padding - ", "span = size - ")
        ],
        "output_size_padding_one_side": [
            Edit("conv_output_size", "span = size + 2 * padding - ", "span = size + padding - ")
        ],
        "output_size_dilation_ignored": [
            Edit("conv_output_size", "- dilation * (kernel - 1) - 1", "- (kernel - 1) - 1")
        ],
        "output_size_never_raises": [Edit("conv_output_size", "if span < 0:", "if False:")],
        "output_size_rejects_exact_fit": [
            Edit("conv_output_size", "if span < 0:", "if span <= 0:")
        ],
        "output_size_returns_a_numpy_integer": [
            Edit("conv_output_size", OUTPUT_RETURN, "return np.int64(span // stride + 1)")
        ],
        "output_size_returns_numpy_float": [
            Edit("conv_output_size", OUTPUT_RETURN, "return np.floor(span / stride) + 1")
        ],
        "receptive_field_ignores_stride": [Edit("receptive_field", "jump *= stride", "jump *= 1")],
        "receptive_field_uses_own_stride": [
            Edit(
                "receptive_field",
                "field += dilation * (kernel - 1) * jump\n        jump *= stride",
                "jump *= stride\n        field += dilation * (kernel - 1) * jump",
            )
        ],
        "receptive_field_ignores_dilation": [
            Edit("receptive_field", "dilation = rest[0] if rest else 1", "dilation = 1")
        ],
        "receptive_field_dilation_multiplies_jump": [
            Edit("receptive_field", "jump *= stride", "jump *= stride * dilation")
        ],
        "conv_flips_kernel": [
            Edit(
                "conv2d_naive",
                "np.sum(window * weight[o])",
                "np.sum(window * weight[o, :, ::-1, ::-1])",
            )
        ],
        "conv_stride_ignored": [
            Edit("conv2d_naive", NAIVE_WINDOW, "window = x[i, :, r:r + kh, c:c + kw]")
        ],
        "conv_padding_ignored": [Edit("conv2d_naive", NAIVE_PAD, "x = x  # no padding")],
        "conv_padding_one_side": [
            Edit(
                "conv2d_naive",
                NAIVE_PAD,
                "x = np.pad(x, ((0, 0), (0, 0), (2 * padding, 0), (2 * padding, 0)))",
            )
        ],
        "conv_padding_one_side_only_once": [
            Edit(
                "conv2d_naive",
                NAIVE_PAD,
                "x = np.pad(x, ((0, 0), (0, 0), (padding, 0), (padding, 0)))",
            )
        ],
        "conv_output_like_integer_input": [
            Edit(
                "conv2d_naive",
                "out = np.zeros((n, c_out, h_out, w_out))",
                "out = np.zeros_like(x, shape=(n, c_out, h_out, w_out))",
            )
        ],
        "conv_bias_ignored": [Edit("conv2d_naive", "out += bias.reshape(1, c_out, 1, 1)", "pass")],
        "im2col_columns_in_wrong_order": [
            Edit(
                "conv2d_vectorized",
                "windows.transpose(0, 2, 3, 1, 4, 5)",
                "windows.transpose(0, 2, 3, 4, 5, 1)",
            )
        ],
        "im2col_padding_one_side": [
            Edit(
                "conv2d_vectorized",
                "(padding, padding), (padding, padding)",
                "(2 * padding, 0), (2 * padding, 0)",
            )
        ],
        "im2col_stride_ignored": [
            Edit(
                "conv2d_vectorized",
                IM2COL_WINDOWS,
                "windows = sliding_window_view(x, (kh, kw), axis=(2, 3))",
            )
        ],
        "im2col_flips_kernel": [
            Edit(
                "conv2d_vectorized",
                "weight.reshape(c_out, -1).T",
                "weight[:, :, ::-1, ::-1].reshape(c_out, -1).T",
            )
        ],
        "maxpool_window_is_the_stride": [Edit("maxpool2d", "(kernel, kernel)", "(stride, stride)")],
        "maxpool_default_stride_one": [
            Edit(
                "maxpool2d",
                "stride = kernel if stride is None else stride",
                "stride = 1 if stride is None else stride",
            )
        ],
        "maxpool_averages": [
            Edit("maxpool2d", "windows.max(axis=(4, 5))", "windows.mean(axis=(4, 5))")
        ],
        "batchnorm_running_stats_counted": [
            Edit("param_counts", "return 2 * channels", "return 4 * channels")
        ],
        "conv_params_without_bias": [
            Edit(
                "param_counts",
                "c_out * (c_in * kernel * kernel + int(bias))",
                "c_out * c_in * kernel * kernel",
            )
        ],
        "cnn_params_ignores_pooling": [
            Edit("param_counts", CNN_SIZE, "size = size + 2 * (kernel // 2) - kernel + 1")
        ],
        "cnn_params_even_kernel_keeps_size": [Edit("param_counts", CNN_SIZE, "size //= 2")],
        "cnn_params_ignores_batchnorm": [Edit("param_counts", "if batchnorm:", "if False:")],
        "head_params_gap_keeps_positions": [
            Edit(
                "head_params",
                "features = channels if global_pool else channels * height * width",
                "features = channels * height * width",
            )
        ],
        "head_params_without_bias": [
            Edit(
                "head_params",
                "return linear_params(features, classes)",
                "return features * classes",
            )
        ],
        "cnn_flatten_head": [
            Edit(
                "digits_cnn",
                CNN_HEAD,
                "self.head = nn.Sequential(nn.Flatten(), nn.Linear(64 * 4 * 4, 10))",
            )
        ],
        "cnn_fixed_avgpool_head": [
            Edit(
                "digits_cnn",
                CNN_HEAD,
                "self.head = nn.Sequential(nn.AvgPool2d(4), nn.Flatten(), nn.Linear(64, 10))",
            )
        ],
        "cnn_head_without_pooling": [
            Edit(
                "digits_cnn", CNN_HEAD, "self.head = nn.Sequential(nn.Flatten(), nn.Linear(64, 10))"
            )
        ],
        "cnn_relu_before_batchnorm": [
            Edit(
                "digits_cnn",
                "nn.BatchNorm2d(64),\n            nn.ReLU(),\n",
                "nn.ReLU(),\n            nn.BatchNorm2d(64),\n",
            )
        ],
        "cnn_head_shared_between_instances": [
            Edit(
                "digits_cnn",
                "class DigitsCNN(nn.Module):",
                "HEAD = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))\n\n\n"
                "class DigitsCNN(nn.Module):",
            ),
            Edit("digits_cnn", CNN_HEAD, "self.head = HEAD  # one head for every instance"),
        ],
        "cnn_conv_with_bias": [
            Edit(
                "digits_cnn",
                "nn.Conv2d(1, 32, 3, padding=1, bias=False)",
                "nn.Conv2d(1, 32, 3, padding=1)",
            )
        ],
        "cnn_without_padding": [
            Edit(
                "digits_cnn",
                "nn.Conv2d(32, 32, 3, padding=1, bias=False)",
                "nn.Conv2d(32, 32, 3, bias=False)",
            )
        ],
        "cnn_pool_after_first_block": [
            Edit(
                "digits_cnn",
                CNN_FEATURES,
                "self.features = nn.Sequential(\n"
                "            nn.Conv2d(1, 32, 3, padding=1, bias=False),\n"
                "            nn.BatchNorm2d(32),\n"
                "            nn.ReLU(),\n"
                "            nn.MaxPool2d(2),\n"
                "            nn.Conv2d(32, 32, 3, padding=1, bias=False),\n"
                "            nn.BatchNorm2d(32),\n"
                "            nn.ReLU(),\n"
                "            nn.Conv2d(32, 64, 3, padding=1, bias=False),\n"
                "            nn.BatchNorm2d(64),\n"
                "            nn.ReLU(),\n"
                "        )",
            )
        ],
        "cnn_last_relu_missing": [
            Edit(
                "digits_cnn",
                "nn.BatchNorm2d(64),\n            nn.ReLU(),\n",
                "nn.BatchNorm2d(64),\n",
            )
        ],
        "cnn_creates_tensor_on_cpu": [
            Edit(
                "digits_cnn", CNN_HEAD, "self.head = nn.Sequential(nn.Flatten(), nn.Linear(64, 10))"
            ),
            Edit(
                "digits_cnn",
                CNN_FORWARD,
                "features = self.features(x)  # (B, 64, H, W)\n"
                "        average = torch.full((1, 1) + features.shape[2:], 1.0 / features[0, 0].numel())\n"
                "        return self.head((features * average).sum(dim=(2, 3)))",
            ),
        ],
        "predict_without_eval": [Edit("predict", "model.eval()\n    ", "")],
        "predict_data_left_on_cpu": [Edit("predict", "model(X.to(device))", "model(X)")],
        "predict_records_gradients": [
            Edit("predict", "with torch.no_grad():", "with torch.enable_grad():")
        ],
        "predict_returns_logits": [
            Edit("predict", "return logits.argmax(dim=1).cpu()", "return logits.cpu()")
        ],
        "predict_left_on_the_device": [
            Edit("predict", "return logits.argmax(dim=1).cpu()", "return logits.argmax(dim=1)")
        ],
    }
    ALTERNATIVES = {
        "output_size_np_floor": [
            Edit("conv_output_size", OUTPUT_RETURN, "return int(np.floor(span / stride)) + 1")
        ],
        "output_size_effective_kernel": [
            Edit(
                "conv_output_size",
                "span = size + 2 * padding - dilation * (kernel - 1) - 1",
                "effective = dilation * (kernel - 1) + 1  # the dilated kernel's span\n"
                "    span = size + 2 * padding - effective",
            )
        ],
        "output_size_int_of_division": [
            Edit("conv_output_size", OUTPUT_RETURN, "return int(span / stride) + 1")
        ],
        "output_size_compares_span_with_input": [
            Edit(
                "conv_output_size",
                "if span < 0:",
                "if dilation * (kernel - 1) + 1 > size + 2 * padding:",
            )
        ],
        "receptive_field_backwards": [
            Edit(
                "receptive_field",
                RF_LOOP,
                "field = 1\n"
                "    for kernel, stride, *rest in reversed(layers):\n"
                "        span = (rest[0] if rest else 1) * (kernel - 1) + 1\n"
                "        field = stride * field + span - stride\n"
                "    return field",
            )
        ],
        "receptive_field_product_of_strides": [
            Edit(
                "receptive_field",
                RF_LOOP,
                "specs = [(k, s, r[0] if r else 1) for k, s, *r in layers]\n"
                "    strides = [s for _, s, _ in specs]\n"
                "    return 1 + sum(d * (k - 1) * int(np.prod(strides[:l])) for l, (k, _, d) in enumerate(specs))",
            )
        ],
        "conv_naive_einsum_window": [
            Edit(
                "conv2d_naive",
                "np.sum(window * weight[o])",
                "np.einsum('cij,cij->', window, weight[o])",
            )
        ],
        "conv_naive_pad_by_assignment": [
            Edit(
                "conv2d_naive",
                NAIVE_PAD,
                "padded = np.zeros((n, x.shape[1], height + 2 * padding, width + 2 * padding))\n"
                "    padded[:, :, padding : padding + height, padding : padding + width] = x\n"
                "    x = padded",
            )
        ],
        "im2col_channels_last_columns": [
            Edit(
                "conv2d_vectorized",
                "windows.transpose(0, 2, 3, 1, 4, 5)",
                "windows.transpose(0, 2, 3, 4, 5, 1)",
            ),
            Edit(
                "conv2d_vectorized",
                "weight.reshape(c_out, -1).T",
                "weight.transpose(0, 2, 3, 1).reshape(c_out, -1).T",
            ),
        ],
        "conv_einsum_on_windows": [
            Edit(
                "conv2d_vectorized",
                IM2COL_PRODUCT,
                "out = np.einsum('nchwij,ocij->nohw', windows, weight)  # (N, C_out, H_out, W_out)",
            )
        ],
        "conv_tensordot_on_windows": [
            Edit(
                "conv2d_vectorized",
                IM2COL_PRODUCT,
                "out = np.tensordot(windows, weight, axes=([1, 4, 5], [1, 2, 3]))  # (N, H_out, W_out, C_out)\n"
                "    out = out.transpose(0, 3, 1, 2)",
            )
        ],
        "conv_as_strided": [
            Edit(
                "conv2d_vectorized",
                IM2COL_WINDOWS,
                "n, _, hp, wp = x.shape\n"
                "    h_out, w_out = (hp - kh) // stride + 1, (wp - kw) // stride + 1\n"
                "    s0, s1, s2, s3 = x.strides\n"
                "    windows = np.lib.stride_tricks.as_strided(x, (n, c_in, h_out, w_out, kh, kw), (s0, s1, s2 * stride, s3 * stride, s2, s3))",
            )
        ],
        "conv_shift_and_add": [
            Edit(
                "conv2d_vectorized",
                IM2COL_WINDOWS + "\n    " + IM2COL_PRODUCT,
                "h_out, w_out = (x.shape[2] - kh) // stride + 1, (x.shape[3] - kw) // stride + 1\n"
                "    out = np.zeros((x.shape[0], c_out, h_out, w_out))\n"
                "    for u in range(kh):  # a loop over kernel offsets only\n"
                "        for v in range(kw):\n"
                "            shifted = x[:, :, u:u + stride * (h_out - 1) + 1:stride, v:v + stride * (w_out - 1) + 1:stride]\n"
                "            out += np.einsum('nchw,oc->nohw', shifted, weight[:, :, u, v])",
            )
        ],
        "maxpool_shifted_maximum": [
            Edit(
                "maxpool2d",
                POOL_BODY,
                "h_out, w_out = (x.shape[2] - kernel) // stride + 1, (x.shape[3] - kernel) // stride + 1\n"
                "    out = np.full(x.shape[:2] + (h_out, w_out), -np.inf)\n"
                "    for u in range(kernel):\n"
                "        for v in range(kernel):\n"
                "            out = np.maximum(out, x[:, :, u:u + stride * (h_out - 1) + 1:stride, v:v + stride * (w_out - 1) + 1:stride])\n"
                "    return out",
            )
        ],
        "params_expanded": [
            Edit(
                "param_counts",
                "c_out * (c_in * kernel * kernel + int(bias))",
                "kernel ** 2 * c_in * c_out + (c_out if bias else 0)",
            ),
            Edit(
                "param_counts",
                "d_out * (d_in + int(bias))",
                "d_in * d_out + (d_out if bias else 0)",
            ),
            Edit("param_counts", "return 2 * channels", "return channels + channels"),
        ],
        "cnn_params_size_by_conv_output_size": [
            Edit(
                "param_counts",
                CNN_SIZE,
                "size = conv_output_size(size, kernel, padding=kernel // 2) // 2",
            )
        ],
        "cnn_block_helper": [
            Edit(
                "digits_cnn",
                CNN_FEATURES,
                "def block(c_in, c_out):\n"
                "            return [nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU()]\n"
                "        self.features = nn.Sequential(*block(1, 32), *block(32, 32), nn.MaxPool2d(2), *block(32, 64))",
            )
        ],
        "cnn_nested_blocks": [
            Edit(
                "digits_cnn",
                CNN_FEATURES,
                "def block(c_in, c_out):\n"
                "            conv = nn.Conv2d(c_in, c_out, 3, padding=1, bias=False)\n"
                "            return nn.Sequential(conv, nn.BatchNorm2d(c_out), nn.ReLU())\n\n"
                "        self.features = nn.Sequential(\n"
                "            block(1, 32), block(32, 32), nn.MaxPool2d(2), block(32, 64)\n"
                "        )",
            )
        ],
        "cnn_own_global_average_pool": [
            Edit(
                "digits_cnn",
                "class DigitsCNN(nn.Module):",
                "class GlobalAveragePool(nn.Module):\n"
                "    def forward(self, x):\n"
                "        return x.mean(dim=(2, 3))  # (B, C, H, W) -> (B, C)\n\n\n"
                "class DigitsCNN(nn.Module):",
            ),
            Edit(
                "digits_cnn",
                CNN_HEAD,
                "self.head = nn.Sequential(GlobalAveragePool(), nn.Linear(64, 10))",
            ),
        ],
        "cnn_named_layers_same_padding": [
            Edit(
                "digits_cnn",
                CNN_FEATURES,
                "from collections import OrderedDict\n\n"
                "        def block(i, c_in, c_out):\n"
                "            return [\n"
                "                (f'conv{i}', nn.Conv2d(c_in, c_out, (3, 3), padding='same', bias=False)),\n"
                "                (f'bn{i}', nn.BatchNorm2d(c_out)),\n"
                "                (f'relu{i}', nn.ReLU(inplace=True)),\n"
                "            ]\n\n"
                "        pool = ('pool', nn.MaxPool2d(kernel_size=2, stride=2))\n"
                "        self.features = nn.Sequential(\n"
                "            OrderedDict([*block(1, 1, 32), *block(2, 32, 32), pool, *block(3, 32, 64)])\n"
                "        )",
            )
        ],
        "predict_inference_mode": [
            Edit("predict", "with torch.no_grad():", "with torch.inference_mode():")
        ],
        "predict_train_false_max_indices": [
            Edit("predict", "model.eval()", "model.train(False)"),
            Edit(
                "predict",
                "return logits.argmax(dim=1).cpu()",
                "return logits.max(dim=1).indices.to('cpu')",
            ),
        ],
    }
    MESSAGES = {
        "predict_left_on_the_device": {"test_predict_values": "the model's device may be a GPU"},
        "cnn_head_shared_between_instances": {"test_digits_cnn_params": "weights of its own"},
        "output_size_rejects_exact_fit": {"test_conv_output_size_too_small": "equal fits once"},
        "output_size_returns_numpy_float": {
            "test_conv_output_size": "Return a Python int, not a float"
        },
        "output_size_returns_a_numpy_integer": {"test_conv_output_size": "not a float or numpy"},
        "receptive_field_ignores_dilation": {
            "test_receptive_field_strided": "A dilated layer adds"
        },
        "conv_padding_one_side": {"test_conv2d_naive_stride_padding": "top and bottom"},
        "conv_padding_one_side_only_once": {
            "test_conv2d_naive_stride_padding": "expected an output of shape (2, 3, 7, 6)"
        },
        "conv_output_like_integer_input": {"test_conv2d_naive": "not like x"},
        "im2col_columns_in_wrong_order": {"test_conv2d_vectorized_stride": "At stride 1 already"},
        "im2col_padding_one_side": {"test_conv2d_vectorized": "Pad all four sides"},
        "cnn_params_even_kernel_keeps_size": {"test_cnn_params": "An even kernel"},
        "cnn_fixed_avgpool_head": {"test_digits_cnn_any_size": "expected logits of shape (3, 10)"},
        "cnn_head_without_pooling": {
            "test_digits_cnn_shapes": "expected logits of shape (5, 10)",
            "test_digits_cnn_device_agnostic": "Make the shapes test above pass first",
        },
    }

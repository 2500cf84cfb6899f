"""The nbgrader round trip for 09_architecture_design: typical mistakes lose points, other solutions
do not, and the written justification waits for the instructor in the Formgrader."""

from tests.roundtrip import Edit, RoundTrip

TABULAR = "tabular_model = nn.Sequential(Standardize(X_tab[:2000]), MLP(12, (64,), 3)).to(device)"
SEQUENCE = (
    "sequence_model = LSTMClassifier(20, embed_dim=16, hidden_size=32, num_classes=2).to(device)"
)
OWN = "by_component = {name: p.numel() for name, p in model.named_parameters(recurse=False)}"
WARM_UP = "            for _ in range(warm_up):\n                model(x)\n"
AUTORANGE = "measurement = timer.blocked_autorange(min_run_time=min_run_time)"
LEAVES = "        for module in model.modules()\n        if next(module.children(), None) is None\n"
COSINE = "t = (step - warmup_steps) / (total_steps - warmup_steps)"
DESIGN = "design = SmallCNN(1, 10, channels=(12, 24), pool_size=2).to(device)"
DOMINATES = "return a[0] <= b[0] and a[1] >= b[1] and a != b"
FRONT = "return [i for i, p in enumerate(points) if not any(dominates(q, p) for q in points)]"
LAST_STATE = (
    "_, (h, _) = self.lstm(features)  # h: (layers, B, hidden)\n        return self.head(h[-1])"
)


class TestArchitectureDesignRoundTrip(RoundTrip):
    ASSIGNMENT = "09_architecture_design"
    MUTANTS = {
        "tabular_without_standardization": [
            Edit("tabular_baseline", TABULAR, "tabular_model = MLP(12, (64,), 3).to(device)")
        ],
        "sequence_as_a_bag_of_embeddings": [
            Edit(
                "sequence_baseline",
                SEQUENCE,
                "sequence_model = nn.Sequential(nn.Embedding(20, 16), MLP(160, (32,), 2)).to(device)",
            )
        ],
        "breakdown_counts_buffers": [
            Edit(
                "param_breakdown",
                "count = sum(p.numel() for p in child.parameters())",
                "count = sum(t.numel() for t in child.state_dict().values())",
            )
        ],
        "breakdown_types_count_children_again": [
            Edit(
                "param_breakdown",
                "count = sum(p.numel() for p in module.parameters(recurse=False))",
                "count = sum(p.numel() for p in module.parameters())",
            )
        ],
        "breakdown_misses_the_model_s_own_parameters": [
            Edit("param_breakdown", OWN, "by_component = {}")
        ],
        "flops_are_macs": [
            Edit(
                "flops",
                "return 2 * batch * in_features * out_features",
                "return batch * in_features * out_features",
            )
        ],
        "conv_flops_ignore_groups": [
            Edit(
                "flops",
                "per_output = (in_channels // groups) * kernel_size * kernel_size",
                "per_output = in_channels * kernel_size * kernel_size",
            )
        ],
        "attention_flops_count_one_product": [
            Edit(
                "flops",
                "return 2 * (2 * batch * heads * q_len * k_len * head_dim)",
                "return 2 * batch * heads * q_len * k_len * head_dim",
            )
        ],
        "latency_in_training_mode": [Edit("measure_latency", "    model.eval()\n", "")],
        "latency_with_gradients": [
            Edit(
                "measure_latency",
                "with torch.no_grad():",
                "with torch.enable_grad():",
            )
        ],
        "latency_without_warm_up": [
            Edit("measure_latency", WARM_UP, ""),
            Edit("measure_latency", AUTORANGE, "measurement = timer.timeit(number=10)"),
        ],
        "latency_leaves_the_model_in_training_mode": [
            Edit("measure_latency", "model.train(was_training)", "model.train()")
        ],
        "memory_one_adam_moment": [
            Edit(
                "training_memory",
                '"optimizer": 2 * size(trainable)',
                '"optimizer": size(trainable)',
            )
        ],
        "memory_gradients_for_frozen_parameters": [
            Edit(
                "training_memory",
                '"gradients": size(trainable)',
                '"gradients": size(model.parameters())',
            )
        ],
        "memory_hooks_on_containers_too": [
            Edit("training_memory", LEAVES, "        for module in model.modules()\n")
        ],
        "memory_hooks_left_when_the_forward_raises": [
            Edit(
                "training_memory",
                "    try:\n        model(x)\n    finally:\n        for hook in hooks:\n"
                "            hook.remove()",
                "    model(x)\n    for hook in hooks:\n        hook.remove()",
            )
        ],
        "memory_forward_in_eval_mode": [
            Edit("training_memory", "        model(x)\n", "        model.eval()(x)\n")
        ],
        "schedule_off_by_one": [
            Edit(
                "warmup_cosine_lr",
                "return base_lr * (step + 1) / warmup_steps",
                "return base_lr * step / warmup_steps",
            )
        ],
        "schedule_cosine_over_all_steps": [
            Edit("warmup_cosine_lr", COSINE, "t = step / total_steps")
        ],
        "schedule_ignores_min_lr": [
            Edit(
                "warmup_cosine_lr",
                "return min_lr + (base_lr - min_lr) * (1 + math.cos(math.pi * t)) / 2",
                "return base_lr * (1 + math.cos(math.pi * t)) / 2",
            )
        ],
        "design_over_the_parameter_budget": [
            Edit(
                "design",
                DESIGN,
                "design = SmallCNN(1, 10, channels=(32, 64), pool_size=2).to(device)",
            )
        ],
        "design_too_deep_for_the_latency_budget": [
            Edit(
                "design",
                DESIGN,
                "design = ResNet(1, 10, channels=(4, 8), blocks_per_stage=3).to(device)",
            )
        ],
        "mutate_changes_the_parent": [Edit("search", "child = dict(config)", "child = config")],
        "mutate_may_keep_the_value": [
            Edit(
                "search",
                "rng.choice([value for value in SPACE[key] if value != config[key]])",
                "rng.choice(SPACE[key])",
            )
        ],
        "pareto_keeps_weakly_dominated_points": [
            Edit("search", DOMINATES, "return a[0] < b[0] and a[1] > b[1]")
        ],
        "pareto_drops_equal_points": [
            Edit(
                "search",
                DOMINATES + "\n\n    " + FRONT,
                "return a[0] <= b[0] and a[1] >= b[1]\n\n"
                "    return [\n"
                "        i\n"
                "        for i, p in enumerate(points)\n"
                "        if not any(dominates(q, p) for j, q in enumerate(points) if j != i)\n"
                "    ]",
            )
        ],
        "pareto_prefers_more_parameters": [
            Edit("search", DOMINATES, "return a[0] >= b[0] and a[1] >= b[1] and a != b")
        ],
        "hybrid_squeezes_a_batch_of_one": [
            Edit("cnn_lstm", "return self.head(h[-1])", "return self.head(h.squeeze())")
        ],
        "hybrid_reads_the_first_state": [
            Edit(
                "cnn_lstm",
                LAST_STATE,
                "out, _ = self.lstm(features)\n        return self.head(out[:, 0])",
            )
        ],
        "hybrid_mixes_frames_of_different_sequences": [
            Edit(
                "cnn_lstm",
                "features = self.encoder(x.flatten(0, 1)).view(B, T, -1)",
                "features = self.encoder(x.flatten(0, 1)).view(T, B, -1).transpose(0, 1)",
            )
        ],
        "report_of_another_model": [
            Edit(
                "report",
                "report = course.architecture_report(\n    design,",
                "report = course.architecture_report(\n    reference,",
            )
        ],
    }
    ALTERNATIVES = {
        "baselines_written_by_hand": [
            Edit(
                "tabular_baseline",
                TABULAR,
                "tabular_model = nn.Sequential(\n"
                "    Standardize(X_tab[:2000]), nn.Linear(12, 128), nn.ReLU(), nn.Linear(128, 3)\n"
                ").to(device)",
            ),
            Edit(
                "sequence_baseline",
                SEQUENCE,
                "sequence_model = TransformerClassifier(20, d_model=32, num_classes=2, pool=\"mean\").to(device)",
            ),
        ],
        "breakdown_with_counters": [
            Edit(
                "param_breakdown",
                "    by_type = {}\n"
                "    for module in model.modules():\n"
                "        count = sum(p.numel() for p in module.parameters(recurse=False))\n"
                "        if count:\n"
                "            kind = type(module).__name__\n"
                "            by_type[kind] = by_type.get(kind, 0) + count\n",
                "    from collections import Counter\n\n"
                "    by_type = Counter()\n"
                "    for module in model.modules():\n"
                "        for p in module.parameters(recurse=False):\n"
                "            by_type[type(module).__name__] += p.numel()\n"
                "    by_type = dict(by_type)\n",
            ),
        ],
        "flops_from_macs": [
            Edit(
                "flops",
                "return 2 * (2 * batch * heads * q_len * k_len * head_dim)",
                "macs = batch * heads * q_len * k_len * head_dim  # per product\n    return 2 * 2 * macs",
            ),
            Edit(
                "flops",
                "per_output = (in_channels // groups) * kernel_size * kernel_size\n"
                "    return 2 * batch * out_channels * out_height * out_width * per_output",
                "return linear_flops(\n"
                "        batch * out_height * out_width, in_channels // groups * kernel_size**2, out_channels\n"
                "    )",
            ),
        ],
        "latency_in_inference_mode": [
            Edit("measure_latency", "with torch.no_grad():", "with torch.inference_mode():"),
        ],
        "memory_in_nbytes": [
            Edit(
                "training_memory",
                "total += value.numel() * value.element_size()",
                "total += value.nbytes",
            ),
        ],
        "pareto_by_sorting": [
            Edit(
                "search",
                "    def dominates(a, b):\n        " + DOMINATES + "\n\n    " + FRONT,
                "    front = []\n"
                "    for i, (params, accuracy) in enumerate(points):\n"
                "        beaten = any(\n"
                "            (p, a) != (params, accuracy) and p <= params and a >= accuracy\n"
                "            for p, a in points\n"
                "        )\n"
                "        if not beaten:\n"
                "            front.append(i)\n"
                "    return front",
            ),
        ],
        "hybrid_with_reshape_and_outputs": [
            Edit(
                "cnn_lstm",
                "features = self.encoder(x.flatten(0, 1)).view(B, T, -1)",
                "features = self.encoder(x.reshape(B * T, *x.shape[2:])).reshape(B, T, -1)",
            ),
            Edit(
                "cnn_lstm",
                LAST_STATE,
                "out, _ = self.lstm(features)\n        return self.head(out[:, -1])",
            ),
        ],
        "design_narrower_and_trained_longer": [
            Edit(
                "design",
                DESIGN,
                "design = SmallCNN(1, 10, channels=(8, 16), pool_size=2).to(device)",
            ),
            Edit("design", "DESIGN_EPOCHS = 10", "DESIGN_EPOCHS = 15"),
            Edit("design", "lr=1e-2, weight_decay=1e-4", "lr=2e-2, weight_decay=1e-4"),
        ],
    }
    MESSAGES = {
        "tabular_without_standardization": {
            "test_tabular_baseline": "Standardize the raw features"
        },
        "sequence_as_a_bag_of_embeddings": {"test_sequence_baseline": "which read the order"},
        "breakdown_counts_buffers": {"test_param_breakdown_components": "not buffers"},
        "breakdown_types_count_children_again": {
            "test_param_breakdown_types": "a container adds nothing"
        },
        "breakdown_misses_the_model_s_own_parameters": {
            "test_param_breakdown_components": "named_parameters(recurse=False)"
        },
        "flops_are_macs": {"test_linear_flops": "2 per multiply-accumulate"},
        "conv_flops_ignore_groups": {"test_conv2d_flops": "in_channels // groups"},
        "attention_flops_count_one_product": {"test_attention_flops": "Count both products"},
        "latency_in_training_mode": {"test_latency_deployed_mode": "Call model.eval()"},
        "latency_without_warm_up": {"test_latency_warm_up": "Run warm_up untimed calls"},
        "memory_one_adam_moment": {"test_training_memory_states": "two moments"},
        "memory_gradients_for_frozen_parameters": {
            "test_training_memory_states": "have no gradient"
        },
        "memory_hooks_left_when_the_forward_raises": {
            "test_training_memory_activations": "in a finally block"
        },
        "memory_forward_in_eval_mode": {
            "test_training_memory_activations": "in the mode the model came in"
        },
        "memory_hooks_on_containers_too": {
            "test_training_memory_activations": "Hook only leaf modules"
        },
        "schedule_off_by_one": {"test_warmup_cosine_lr": "Step 0 uses base_lr / warmup_steps"},
        "design_over_the_parameter_budget": {"test_design_parameters": "fewer channels"},
        "design_too_deep_for_the_latency_budget": {"test_design_latency": "use fewer layers"},
        "mutate_changes_the_parent": {"test_sample_and_mutate": "Copy the configuration"},
        "pareto_keeps_weakly_dominated_points": {
            "test_pareto_front_ties": "are dominated by (100, 0.80)"
        },
        "pareto_drops_equal_points": {"test_pareto_front_ties": "Equal points do not dominate"},
        "hybrid_squeezes_a_batch_of_one": {"test_cnn_lstm_matches_its_parts": "not h.squeeze()"},
        "hybrid_reads_the_first_state": {"test_cnn_lstm_matches_its_parts": "after the last frame"},
        "report_of_another_model": {"test_report": "Pass design itself"},
    }

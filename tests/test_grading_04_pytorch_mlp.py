"""The nbgrader round trip for 04_pytorch_mlp: typical mistakes lose points, other solutions do not."""

from tests.roundtrip import Edit, RoundTrip

TRAIN_LOOP = """    for X, y in loader:
        X = X.to(device, non_blocking=True)  # (B, D)
        y = y.to(device, non_blocking=True)  # (B,)
        optimizer.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(y)
        count += len(y)
    return total / count"""

EVAL_LOOP = """    correct, count = 0, 0
    with torch.no_grad():
        for X, y in loader:
            X, y = X.to(device, non_blocking=True), y.to(device, non_blocking=True)  # (B, D), (B,)
            logits = model(X)  # (B, C)
            correct += (logits.argmax(dim=1) == y).sum().item()
            count += len(y)
    return correct / count"""

WIDTH_BODY = """    a = depth - 1  # hidden-to-hidden weights
    # input and output weights, hidden biases, gamma and beta
    b = in_features + num_classes + 3 * depth
    c = num_classes - budget  # output biases, minus the budget
    w = int(-c / b) if a == 0 else int((-b + math.sqrt(b * b - 4 * a * c)) / (2 * a))
    while mlp_param_count(in_features, (w + 1,) * depth, num_classes) <= budget:
        w += 1
    while w > 1 and mlp_param_count(in_features, (w,) * depth, num_classes) > budget:
        w -= 1
    return w"""

WIDTH_TOO_SMALL = """    if mlp_param_count(in_features, (1,) * depth, num_classes) > budget:
        raise ValueError(f"even width 1 has more than {budget} parameters")
"""

ADAMW_DECAY = "    decay = [m.weight for m in model.modules() if isinstance(m, nn.Linear)]"

ADAMW_GROUPS = """    return torch.optim.AdamW(
        [
            {"params": decay, "weight_decay": weight_decay},
            {"params": no_decay, "weight_decay": 0.0},
        ],
        lr=lr,
    )"""


class TestPytorchMlpRoundTrip(RoundTrip):
    ASSIGNMENT = "04_pytorch_mlp"
    MUTANTS = {
        "logits_grad_summed": [
            Edit("logits_grad", "F.cross_entropy(z, y)", 'F.cross_entropy(z, y, reduction="sum")')
        ],
        "build_mlp_batchnorm_after_relu": [
            Edit("build_mlp", "nn.BatchNorm1d(h), nn.ReLU()", "nn.ReLU(), nn.BatchNorm1d(h)")
        ],
        "build_mlp_without_dropout": [Edit("build_mlp", ", nn.Dropout(p_drop)]", "]")],
        "param_count_with_running_stats": [
            Edit("mlp_param_count", "2 * h for h in hidden", "4 * h for h in hidden")
        ],
        "param_count_as_a_numpy_integer": [
            Edit("mlp_param_count", "    return count\n", "    return np.int64(count)\n"),
        ],
        "width_as_a_numpy_integer": [
            Edit("width_for_budget", "    return w\n", "    return np.int64(w)\n"),
        ],
        "train_epoch_without_zero_grad": [
            Edit("train_epoch", "        optimizer.zero_grad()\n", "")
        ],
        "train_epoch_without_train_mode": [Edit("train_epoch", "    model.train()\n", "")],
        "train_epoch_batches_left_on_cpu": [
            Edit("train_epoch", "X = X.to(device, non_blocking=True)", "X = X"),
            Edit("train_epoch", "y = y.to(device, non_blocking=True)", "y = y"),
        ],
        "train_epoch_loss_averaged_per_batch": [
            Edit(
                "train_epoch",
                "total += loss.item() * len(y)\n        count += len(y)",
                "total += loss.item()\n        count += 1",
            )
        ],
        "evaluate_without_eval_mode": [Edit("evaluate", "    model.eval()\n", "")],
        "evaluate_without_no_grad": [Edit("evaluate", "with torch.no_grad():", "if True:")],
        "evaluate_data_left_on_cpu": [
            Edit(
                "evaluate",
                "X, y = X.to(device, non_blocking=True), y.to(device, non_blocking=True)",
                "X, y = X, y",
            )
        ],
        "width_for_budget_ignores_biases": [
            Edit(
                "width_for_budget",
                WIDTH_BODY,
                "    a = depth - 1\n    b = in_features + num_classes + 2 * depth  # weights, gamma and beta\n"
                "    c = -budget\n"
                "    return int(-c / b) if a == 0 else int((-b + math.sqrt(b * b - 4 * a * c)) / (2 * a))",
            )
        ],
        "layer_grad_norms_without_zero_grad": [
            Edit("layer_grad_norms", "    model.zero_grad()\n", "")
        ],
        "adamw_decays_every_parameter": [
            Edit(
                "make_adamw",
                ADAMW_GROUPS,
                "    return torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)",
            )
        ],
        "adamw_default_decay_on_biases": [
            Edit("make_adamw", '{"params": no_decay, "weight_decay": 0.0}', '{"params": no_decay}')
        ],
        "logits_grad_shifts_caller_logits": [
            Edit(
                "logits_grad",
                "z = logits.detach().clone().requires_grad_(True)",
                "z = logits.detach()  # shares the caller's memory\n"
                "    z -= z.max(dim=1, keepdim=True).values\n"
                "    z.requires_grad_(True)",
            )
        ],
        "logits_grad_by_hand_global_max": [
            Edit(
                "logits_grad",
                "loss = F.cross_entropy(z, y)  # the mean over the batch",
                "shifted = z - z.max()  # the global max, not each row's\n"
                "    probs = shifted.exp() / shifted.exp().sum(dim=1, keepdim=True)\n"
                "    loss = -probs[torch.arange(len(y)), y].log().mean()",
            )
        ],
        "logits_grad_by_hand_unshifted": [
            Edit(
                "logits_grad",
                "loss = F.cross_entropy(z, y)  # the mean over the batch",
                "probs = z.exp() / z.exp().sum(dim=1, keepdim=True)\n"
                "    loss = -probs[torch.arange(len(y)), y].log().mean()",
            )
        ],
        "train_epoch_targets_left_on_cpu": [
            Edit("train_epoch", "y = y.to(device, non_blocking=True)", "y = y")
        ],
        "train_epoch_ignores_loss_fn": [
            Edit(
                "train_epoch", "loss = loss_fn(model(X), y)", "loss = F.cross_entropy(model(X), y)"
            )
        ],
        "train_epoch_returns_tensor": [
            Edit("train_epoch", "total += loss.item() * len(y)", "total += loss.detach() * len(y)")
        ],
        "evaluate_returns_tensor": [
            Edit(
                "evaluate",
                "correct += (logits.argmax(dim=1) == y).sum().item()",
                "correct += (logits.argmax(dim=1) == y).sum()",
            )
        ],
        "evaluate_restores_mode": [
            Edit(
                "evaluate",
                "    model.eval()\n",
                "    was_training = model.training\n    model.eval()\n",
            ),
            Edit(
                "evaluate",
                "    return correct / count",
                "    model.train(was_training)\n    return correct / count",
            ),
        ],
        "train_digits_ignores_epochs": [
            Edit("train_digits", "        epochs,\n        device,", "        8,\n        device,")
        ],
        "train_digits_model_as_default_argument": [
            Edit(
                "train_digits",
                "def train_digits(device, epochs=8):",
                "def train_digits(device, epochs=8, model=build_mlp(64)):",
            ),
            Edit(
                "train_digits",
                "    model = build_mlp(64).to(device)\n",
                "    model = model.to(device)\n",
            ),
        ],
        "train_digits_optimizer_kept_in_global": [
            Edit(
                "train_digits",
                "def train_digits(device, epochs=8):",
                "digits_state = {}\n\n\ndef train_digits(device, epochs=8):",
            ),
            Edit(
                "train_digits",
                "    model = build_mlp(64).to(device)\n"
                "    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)\n",
                "    if not digits_state:\n"
                "        digits_state[\"model\"] = build_mlp(64).to(device)\n"
                "        digits_state[\"optimizer\"] = torch.optim.Adam(digits_state[\"model\"].parameters(), lr=1e-3)\n"
                "    model, optimizer = digits_state[\"model\"], digits_state[\"optimizer\"]\n",
            ),
        ],
        "width_for_budget_ignores_w2": [
            Edit(
                "width_for_budget",
                WIDTH_BODY,
                "    b = in_features + num_classes + 3 * depth  # weights, biases, gamma and beta\n"
                "    return int((budget - num_classes) / b)",
            )
        ],
        "width_for_budget_returns_1_when_too_small": [
            Edit("width_for_budget", WIDTH_TOO_SMALL, "")
        ],
        "width_for_budget_returns_0_when_too_small": [
            Edit(
                "width_for_budget",
                WIDTH_TOO_SMALL,
                "    if mlp_param_count(in_features, (1,) * depth, num_classes) > budget:\n"
                "        return 0\n",
            )
        ],
        "width_for_budget_asserts_when_too_small": [
            Edit(
                "width_for_budget",
                WIDTH_TOO_SMALL,
                "    assert mlp_param_count(in_features, (1,) * depth, num_classes) <= budget, \"too small\"\n",
            )
        ],
        "width_for_budget_returns_float": [
            Edit(
                "width_for_budget",
                "        w -= 1\n    return w",
                "        w -= 1\n    return float(w)",
            )
        ],
        "layer_grad_norms_over_children": [
            Edit("layer_grad_norms", "for m in model.modules() if", "for m in model.children() if")
        ],
        "layer_grad_norms_returns_tensors": [
            Edit(
                "layer_grad_norms",
                "m.weight.grad.norm().item() for m",
                "m.weight.grad.norm() for m",
            )
        ],
        "adamw_linears_from_children": [
            Edit(
                "make_adamw",
                ADAMW_DECAY,
                "    decay = [m.weight for m in model.children() if isinstance(m, nn.Linear)]",
            )
        ],
        "adamw_decays_every_weight_by_name": [
            Edit(
                "make_adamw",
                ADAMW_DECAY,
                "    decay = [p for name, p in model.named_parameters() if name.endswith(\"weight\")]",
            )
        ],
        "adamw_decays_by_ndim": [
            Edit(
                "make_adamw",
                """    decay = [m.weight for m in model.modules() if isinstance(m, nn.Linear)]
    decay_ids = {id(p) for p in decay}
    no_decay = [p for p in model.parameters() if id(p) not in decay_ids]""",
                """    decay = [p for _, p in model.named_parameters() if p.ndim >= 2]
    no_decay = [p for _, p in model.named_parameters() if p.ndim < 2]""",
            )
        ],
        "adamw_decays_linear_biases": [
            Edit(
                "make_adamw",
                ADAMW_DECAY,
                "    decay = [p for m in model.modules() if isinstance(m, nn.Linear) for p in m.parameters()]",
            )
        ],
    }
    ALTERNATIVES = {
        "logits_grad_by_autograd_grad": [
            Edit(
                "logits_grad",
                "loss.backward()\n    return z.grad  # (N, C)",
                "(grad,) = torch.autograd.grad(loss, z)\n    return grad  # (N, C)",
            )
        ],
        "build_mlp_by_append": [
            Edit(
                "build_mlp",
                """    layers, width = [], in_features
    for h in hidden:
        layers += [nn.Linear(width, h), nn.BatchNorm1d(h), nn.ReLU(), nn.Dropout(p_drop)]
        width = h
    layers.append(nn.Linear(width, num_classes))
    return nn.Sequential(*layers)""",
                """    model, width = nn.Sequential(), in_features
    for h in hidden:
        for layer in (nn.Linear(width, h), nn.BatchNorm1d(num_features=h), nn.ReLU(inplace=True), nn.Dropout(p=p_drop)):
            model.append(layer)
        width = h
    return model.append(nn.Linear(width, num_classes))""",
            )
        ],
        "param_count_by_loop": [
            Edit(
                "mlp_param_count",
                """    widths = [in_features, *hidden, num_classes]
    # weights and biases of each Linear
    count = sum(a * b + b for a, b in zip(widths[:-1], widths[1:]))
    if batchnorm:
        count += sum(2 * h for h in hidden)  # gamma and beta
    return count""",
                """    count, width = 0, in_features
    for h in list(hidden) + [num_classes]:
        count += (width + 1) * h
        width = h
    return count + (2 * sum(hidden) if batchnorm else 0)""",
            )
        ],
        "train_epoch_enumerate_zero_grad_after_step": [
            Edit(
                "train_epoch",
                TRAIN_LOOP,
                """    for i, (X, y) in enumerate(loader):
        X, y = X.to(device), y.to(device)
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=False)
        total += loss.detach() * X.shape[0]
        count += X.shape[0]
    return float(total / count)""",
            )
        ],
        "evaluate_inference_mode_weighted_batch_means": [
            Edit(
                "evaluate",
                EVAL_LOOP,
                """    total, count = 0.0, 0
    with torch.inference_mode():
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            total += model(X).argmax(1).eq(y).float().mean().item() * len(y)
            count += len(y)
    return total / count""",
            )
        ],
        "width_for_budget_by_search": [
            Edit(
                "width_for_budget",
                WIDTH_BODY,
                """    w = 1
    while mlp_param_count(in_features, (w + 1,) * depth, num_classes) <= budget:
        w += 1
    return w""",
            )
        ],
        "layer_grad_norms_by_linalg": [
            Edit(
                "layer_grad_norms",
                """    model.zero_grad()
    F.cross_entropy(model(X), y).backward()
    return [m.weight.grad.norm().item() for m in model.modules() if isinstance(m, nn.Linear)]""",
                """    for p in model.parameters():
        p.grad = None
    loss = F.cross_entropy(model(X), y)
    loss.backward()
    return [float(torch.linalg.vector_norm(layer.weight.grad)) for layer in model.modules() if type(layer) is nn.Linear]""",
            )
        ],
        "logits_grad_by_log_softmax_and_nll": [
            Edit(
                "logits_grad",
                "loss = F.cross_entropy(z, y)  # the mean over the batch",
                "loss = F.nll_loss(F.log_softmax(z, dim=-1), y)",
            )
        ],
        "logits_grad_by_hand_row_max": [
            Edit(
                "logits_grad",
                "loss = F.cross_entropy(z, y)  # the mean over the batch",
                "shifted = z - z.max(dim=1, keepdim=True).values.detach()  # each row's own max\n"
                "    log_probs = shifted - shifted.exp().sum(dim=1, keepdim=True).log()\n"
                "    loss = -log_probs.gather(1, y[:, None]).sum() / len(y)",
            )
        ],
        "train_epoch_inline_moves_and_np_average": [
            Edit(
                "train_epoch",
                TRAIN_LOOP,
                """    losses, sizes = [], []
    for X, y in loader:
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(X.to(device)), y.to(device))
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        sizes.append(len(X))
    return float(np.average(losses, weights=sizes))""",
            )
        ],
        "evaluate_tensor_count_then_item": [
            Edit(
                "evaluate",
                EVAL_LOOP,
                """    correct, count = torch.zeros((), dtype=torch.long, device=device), 0
    with torch.no_grad():
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            correct += (model(X).argmax(dim=-1) == y).sum()
            count += y.numel()
    return correct.item() / count""",
            )
        ],
        "train_digits_keywords": [
            Edit(
                "train_digits",
                """    history = course.fit(
        model,
        train_loader,
        test_loader,
        optimizer,
        epochs,
        device,
        train_epoch=train_epoch,
        evaluate=evaluate,
    )""",
                """    history = course.fit(
        model, train_loader, test_loader, optimizer, epochs=epochs, device=device,
        evaluate=evaluate, train_epoch=train_epoch,
    )""",
            )
        ],
        "width_for_budget_by_bisection": [
            Edit(
                "width_for_budget",
                WIDTH_TOO_SMALL + WIDTH_BODY,
                """    lo, hi = 0, budget + 1  # P(lo) may fit, P(hi) never does
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if mlp_param_count(in_features, (mid,) * depth, num_classes) <= budget:
            lo = mid
        else:
            hi = mid
    if lo < 1:
        raise ValueError("width 1 is over the budget")
    return lo""",
            )
        ],
        "width_for_budget_by_isqrt": [
            Edit(
                "width_for_budget",
                WIDTH_BODY,
                """    a, b, c = depth - 1, in_features + num_classes + 3 * depth, num_classes - budget
    w = -c // b if a == 0 else (math.isqrt(b * b - 4 * a * c) - b) // (2 * a)
    while mlp_param_count(in_features, (w + 1,) * depth, num_classes) <= budget:
        w += 1
    while mlp_param_count(in_features, (w,) * depth, num_classes) > budget:
        w -= 1
    return max(w, 1)""",
            )
        ],
        "layer_grad_norms_recursive_children": [
            Edit(
                "layer_grad_norms",
                "    return [m.weight.grad.norm().item() for m in model.modules() if isinstance(m, nn.Linear)]",
                """
    def linears(module):
        if isinstance(module, nn.Linear):
            return [module]
        return [found for child in module.children() for found in linears(child)]

    return [layer.weight.grad.norm().item() for layer in linears(model)]""",
            )
        ],
        "layer_grad_norms_named_modules": [
            Edit(
                "layer_grad_norms",
                "    return [m.weight.grad.norm().item() for m in model.modules() if isinstance(m, nn.Linear)]",
                "    norms = []\n"
                "    for _, m in model.named_modules():\n"
                "        if isinstance(m, nn.Linear):\n"
                "            norms.append(float(m.weight.grad.norm()))\n"
                "    return norms",
            )
        ],
        "make_adamw_by_module_and_name": [
            Edit(
                "make_adamw",
                """    decay = [m.weight for m in model.modules() if isinstance(m, nn.Linear)]
    decay_ids = {id(p) for p in decay}
    no_decay = [p for p in model.parameters() if id(p) not in decay_ids]""",
                """    decay, no_decay = [], []
    for module in model.modules():
        for name, p in module.named_parameters(recurse=False):
            (decay if isinstance(module, nn.Linear) and name == "weight" else no_decay).append(p)""",
            )
        ],
    }
    MESSAGES = {
        "adamw_decays_by_ndim": {"test_make_adamw": "not by the parameter's shape"},
        "param_count_as_a_numpy_integer": {"test_mlp_param_count": "Return a Python int"},
        "width_as_a_numpy_integer": {"test_width_for_budget": "Return a Python int"},
        "logits_grad_shifts_caller_logits": {
            "test_logits_grad_detached": "detach() alone shares the caller's memory"
        },
        "logits_grad_by_hand_global_max": {"test_logits_grad_values": "each row's own max"},
        "train_epoch_targets_left_on_cpu": {
            "test_train_epoch_moves_batches": "passed loss_fn the targets on cpu"
        },
        "train_epoch_ignores_loss_fn": {
            "test_train_epoch_moves_batches": "never called the loss_fn it was given"
        },
        "train_epoch_returns_tensor": {"test_train_epoch_loss": "Return a Python float"},
        "evaluate_returns_tensor": {"test_evaluate_value": "Return a Python float"},
        "evaluate_restores_mode": {"test_evaluate_mode": "Leave the model in eval mode"},
        "train_digits_ignores_epochs": {"test_train_digits_epochs": "Pass epochs on to course.fit"},
        "train_digits_model_as_default_argument": {
            "test_train_digits_fresh": "continued from the previous fit"
        },
        "width_for_budget_ignores_biases": {"test_width_for_budget": "biases, gamma and beta"},
        "width_for_budget_ignores_w2": {
            "test_width_for_budget_deep": "w**2 weights of each of the depth - 1 Linear layers"
        },
        "width_for_budget_returns_1_when_too_small": {
            "test_width_for_budget_too_small": "raised nothing"
        },
        "width_for_budget_asserts_when_too_small": {
            "test_width_for_budget_too_small": "raised AssertionError"
        },
        "width_for_budget_returns_float": {"test_width_for_budget": "Return a Python int"},
        "layer_grad_norms_over_children": {
            "test_layer_grad_norms_nested": "model.children() sees only the top level"
        },
        "layer_grad_norms_returns_tensors": {"test_layer_grad_norms": "Return Python floats"},
        "adamw_linears_from_children": {
            "test_make_adamw": "model.children() sees only the top level"
        },
    }

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
        "make_adamw_by_ndim": [
            Edit(
                "make_adamw",
                """    decay = [m.weight for m in model.modules() if isinstance(m, nn.Linear)]
    decay_ids = {id(p) for p in decay}
    no_decay = [p for p in model.parameters() if id(p) not in decay_ids]""",
                """    decay = [p for _, p in model.named_parameters() if p.ndim >= 2]
    no_decay = [p for _, p in model.named_parameters() if p.ndim < 2]""",
            )
        ],
    }

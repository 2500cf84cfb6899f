"""The nbgrader round trip for 08_resnet: typical mistakes lose points, other solutions do not."""

from tests.roundtrip import Edit, RoundTrip

ADD = "return F.relu(self.bn2(self.conv2(out)) + self.shortcut(x))"
PROJECT_IF = (
    "if stride != 1 or in_channels != out_channels:\n            self.shortcut = nn.Sequential(\n"
)
PROJECTION = (
    "nn.Conv2d(in_channels, out_channels, 1, stride, bias=False),\n"
    "                nn.BatchNorm2d(out_channels),"
)
KEEP = (
    "keep = (\n"
    "            torch.rand((x.shape[0],) + (1,) * (x.ndim - 1), device=x.device) >= self.p\n"
    "        )  # (B, 1, ...)"
)


class TestResNetRoundTrip(RoundTrip):
    ASSIGNMENT = "08_resnet"
    MUTANTS = {
        "relu_before_the_addition": [
            Edit(
                "residual_block",
                ADD,
                "return F.relu(self.bn2(self.conv2(out))) + self.shortcut(x)",
            )
        ],
        "last_relu_missing": [
            Edit("residual_block", ADD, "return self.bn2(self.conv2(out)) + self.shortcut(x)")
        ],
        "no_projection_when_only_channels_change": [
            Edit(
                "residual_block",
                "if stride != 1 or in_channels != out_channels:\n            self.shortcut",
                "if stride != 1:\n            self.shortcut",
            )
        ],
        "stride_on_the_second_conv": [
            Edit(
                "residual_block",
                "nn.Conv2d(in_channels, out_channels, 3, stride, padding=1, bias=False)",
                "nn.Conv2d(in_channels, out_channels, 3, padding=1, bias=False)",
            ),
            Edit(
                "residual_block",
                "nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)",
                "nn.Conv2d(out_channels, out_channels, 3, stride, padding=1, bias=False)",
            ),
        ],
        "shortcut_without_batch_norm": [
            Edit(
                "residual_block",
                PROJECTION,
                "nn.Conv2d(in_channels, out_channels, 1, stride, bias=False),",
            )
        ],
        "count_includes_running_statistics": [
            Edit("resnet_params", "return 2 * c", "return 4 * c")
        ],
        "bottleneck_without_expansion": [
            Edit("resnet_params", "c_out = 4 * width if bottleneck else width", "c_out = width")
        ],
        "zero_init_of_the_first_batch_norm": [
            Edit(
                "block_variants",
                "nn.init.zeros_(module.bn2.weight)",
                "nn.init.zeros_(module.bn1.weight)",
            )
        ],
        "zero_init_of_top_level_blocks_only": [
            Edit(
                "block_variants",
                "for module in model.modules():",
                "for module in model.children():",
            )
        ],
        "pre_activation_projection_with_batch_norm": [
            Edit(
                "block_variants",
                "nn.Conv2d(in_channels, out_channels, 1, stride, bias=False)\n",
                "nn.Conv2d(in_channels, out_channels, 1, stride, bias=False),\n"
                "                nn.BatchNorm2d(out_channels),\n",
            )
        ],
        "pre_activation_in_post_activation_order": [
            Edit(
                "block_variants",
                "out = self.conv1(F.relu(self.bn1(x)))\n"
                "        return self.conv2(F.relu(self.bn2(out))) + self.shortcut(x)",
                "out = F.relu(self.bn1(self.conv1(x)))\n"
                "        return F.relu(self.bn2(self.conv2(out))) + self.shortcut(x)",
            ),
            Edit(
                "block_variants",
                "self.bn1 = nn.BatchNorm2d(in_channels)",
                "self.bn1 = nn.BatchNorm2d(out_channels)",
            ),
        ],
        "drop_path_not_rescaled": [
            Edit("drop_path", "return x * keep / (1 - self.p)", "return x * keep")
        ],
        "drop_path_active_in_eval": [
            Edit("drop_path", "if not self.training or self.p == 0:", "if self.p == 0:")
        ],
        "drop_path_per_entry": [Edit("drop_path", KEEP, "keep = torch.rand_like(x) >= self.p")],
        "deletion_drops_the_shortcut_too": [
            Edit(
                "delete_block",
                "pruned.blocks[index] = pruned.blocks[index].shortcut",
                "pruned.blocks[index] = nn.Identity()",
            )
        ],
        "deletion_changes_the_original": [
            Edit("delete_block", "pruned = copy.deepcopy(model)", "pruned = model")
        ],
        "deletion_reuses_the_original_s_layers": [
            Edit(
                "delete_block",
                "pruned = copy.deepcopy(model)\n"
                "    pruned.blocks[index] = pruned.blocks[index].shortcut",
                "pruned = DigitsResNet()\n"
                "    pruned.stem, pruned.head = model.stem, model.head\n"
                "    pruned.blocks = nn.Sequential(\n"
                "        *[b.shortcut if i == index else b for i, b in enumerate(model.blocks)]\n"
                "    )",
            )
        ],
        "zero_init_returns_nothing": [
            Edit(
                "block_variants",
                "nn.init.zeros_(module.bn2.weight)\n    return model",
                "nn.init.zeros_(module.bn2.weight)",
            )
        ],
        "zero_init_replaces_the_parameter": [
            Edit(
                "block_variants",
                "nn.init.zeros_(module.bn2.weight)",
                "module.bn2.weight = nn.Parameter(torch.zeros_like(module.bn2.weight))",
            )
        ],
        "drop_path_own_generator": [
            Edit(
                "drop_path", "self.p = p", "self.p = p\n        self.generator = torch.Generator()"
            ),
            Edit("drop_path", "device=x.device)", "device=x.device, generator=self.generator)"),
        ],
    }
    ALTERNATIVES = {
        "identity_shortcut_by_nn_identity": [
            Edit(
                "residual_block",
                "self.shortcut = nn.Sequential()\n",
                "self.shortcut = nn.Identity()\n",
            )
        ],
        "relu_modules_and_in_place_addition": [
            Edit(
                "residual_block",
                "self.bn2 = nn.BatchNorm2d(out_channels)\n",
                "self.bn2 = nn.BatchNorm2d(out_channels)\n        self.relu = nn.ReLU()\n",
            ),
            Edit(
                "residual_block",
                "out = F.relu(self.bn1(self.conv1(x)))  # (B, C_out, H / s, W / s)\n        " + ADD,
                "out = self.relu(self.bn1(self.conv1(x)))\n"
                "        out = self.bn2(self.conv2(out))\n"
                "        out += self.shortcut(x)\n"
                "        return self.relu(out)",
            ),
        ],
        "shortcut_decided_by_a_flag": [
            Edit(
                "residual_block",
                "self.shortcut = nn.Sequential()\n        " + PROJECT_IF,
                "needs_projection = stride != 1 or in_channels != out_channels\n"
                "        self.shortcut = nn.Sequential()\n"
                "        if needs_projection:\n"
                "            self.shortcut = nn.Sequential(\n",
            ),
        ],
        "counts_by_block_helpers": [
            Edit(
                "resnet_params",
                "def bn(c):\n        return 2 * c",
                "def bn(c):\n        return sum(p.numel() for p in nn.BatchNorm2d(c).parameters())",
            ),
        ],
        "drop_path_by_bernoulli": [
            Edit(
                "drop_path",
                KEEP + "\n        return x * keep / (1 - self.p)",
                "shape = (x.shape[0],) + (1,) * (x.ndim - 1)\n"
                "        keep = x.new_empty(shape).bernoulli_(1 - self.p)\n"
                "        return x.div(1 - self.p) * keep",
            ),
        ],
        "zero_init_through_data": [
            Edit(
                "block_variants",
                "nn.init.zeros_(module.bn2.weight)",
                "module.bn2.weight.data.fill_(0.0)",
            )
        ],
        "variants_written_otherwise": [
            Edit(
                "block_variants",
                "nn.init.zeros_(module.bn2.weight)",
                "with torch.no_grad():\n                module.bn2.weight.zero_()",
            ),
            Edit(
                "digits_resnet",
                "nn.Conv2d(1, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU()",
                "nn.Conv2d(1, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(inplace=True)",
            ),
            Edit(
                "delete_block",
                "pruned.blocks[index] = pruned.blocks[index].shortcut",
                "blocks = list(pruned.blocks)\n"
                "    blocks[index] = blocks[index].shortcut\n"
                "    pruned.blocks = nn.Sequential(*blocks)",
            ),
        ],
    }
    MESSAGES = {
        "relu_before_the_addition": {"test_residual_block_identity": "not ReLU before the sum"},
        "no_projection_when_only_channels_change": {
            "test_residual_block_shapes": "the shortcut needs a 1x1 convolution"
        },
        "stride_on_the_second_conv": {"test_residual_block_projection": "conv1 carries the stride"},
        "shortcut_without_batch_norm": {"test_residual_block_projection": "then BatchNorm2d(out)"},
        "count_includes_running_statistics": {
            "test_resnet_params_basic": "not its running statistics"
        },
        "zero_init_of_top_level_blocks_only": {"test_zero_init_last_bn": "nested ones too"},
        "zero_init_of_the_first_batch_norm": {
            "test_zero_init_last_bn": "bn2.weight, in each block"
        },
        "pre_activation_in_post_activation_order": {
            "test_pre_activation_block": "Order: bn1, ReLU, conv1"
        },
        "pre_activation_projection_with_batch_norm": {
            "test_pre_activation_block": "bare 1x1 convolution"
        },
        "drop_path_not_rescaled": {"test_drop_path_statistics": "Scale the kept examples"},
        "drop_path_active_in_eval": {"test_drop_path_eval_identity": "In eval mode return x"},
        "drop_path_per_entry": {"test_drop_path_statistics": "one Bernoulli per example"},
        "deletion_drops_the_shortcut_too": {"test_delete_block": "the projection too"},
        "deletion_changes_the_original": {"test_delete_block": "copy.deepcopy(model)"},
        "deletion_reuses_the_original_s_layers": {
            "test_delete_block": "Start from copy.deepcopy(model)"
        },
        "zero_init_returns_nothing": {"test_zero_init_last_bn": "End with return model"},
        "zero_init_replaces_the_parameter": {"test_zero_init_last_bn": "in place"},
        "drop_path_own_generator": {"test_drop_path_statistics": "torch's global generator"},
    }

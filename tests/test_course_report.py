"""Does the architecture report hold every section in order, with shapes from a forward pass and
parameter counts that leave buffers out, restore the model, and refuse what it cannot write?"""

import re

import pytest
import torch
from torch import nn

from course import (
    REPORT_SECTIONS,
    ResNet,
    SmallCNN,
    TransformerClassifier,
    architecture_report,
    layer_table,
)

SECTIONS = [
    "Task",
    "Diagram",
    "Layers",
    "Parameter breakdown",
    "Training recipe",
    "Baseline comparison",
    "Compute estimate",
    "Scaling plan",
]
DIGIT = torch.zeros(1, 1, 8, 8)


def _report(model=None, **overrides):
    arguments = {
        "task": "Classify 8x8 digits.",
        "recipe": {"optimizer": "Adam", "lr": 1e-3, "epochs": 10},
        "baselines": {"MLP": 0.97, "ResNet": 0.991},
        "compute": {"latency (ms)": 1.5},
        "scaling": "Add a stage when the images grow.",
    }
    return architecture_report(model or ResNet(), DIGIT, **{**arguments, **overrides})


def test_every_section_is_a_heading_in_the_fixed_order_under_the_title():
    markdown = _report(title="Digits ResNet").markdown
    assert markdown.startswith("# Digits ResNet\n")
    assert re.findall(r"^## (.+)$", markdown, flags=re.M) == SECTIONS == list(REPORT_SECTIONS)
    assert "Classify 8x8 digits." in markdown and "Add a stage when the images grow." in markdown
    assert _report().markdown.startswith("# ResNet\n")


def test_the_diagram_follows_the_top_level_components_with_their_shapes():
    markdown = _report(ResNet(channels=(16, 32))).markdown
    diagram = "input (1, 1, 8, 8) -> stem (1, 16, 8, 8) -> stages (1, 32, 4, 4) -> pool (1, 32)"
    assert f"{diagram} -> head (1, 10)" in markdown


def test_the_total_printed_is_the_models_parameter_count():
    model = ResNet(channels=(8, 12), blocks_per_stage=2)
    total = sum(p.numel() for p in model.parameters())
    markdown = _report(model).markdown
    assert f"Total: {total:,} parameters." in markdown
    assert markdown.count(f"| **total** | {total:,} |") == 2  # per component and per type


def test_the_breakdown_counts_each_component_and_each_layer_type():
    model = ResNet(channels=(8, 12))
    markdown = _report(model).markdown
    head = sum(p.numel() for p in model.head.parameters())
    convs = sum(
        p.numel() for m in model.modules() if isinstance(m, nn.Conv2d) for p in m.parameters()
    )
    assert f"| head | {head:,} |" in markdown and f"| Conv2d | {convs:,} |" in markdown


def test_parameters_held_by_the_model_itself_are_counted():
    model = TransformerClassifier(11, d_model=8, num_heads=2, max_len=6)
    report = architecture_report(
        model,
        torch.zeros(2, 6, dtype=torch.int64),
        task="t",
        recipe={},
        baselines={},
        compute={},
        scaling="s",
    )
    own = model.positions.numel() + model.cls.numel()
    total = sum(p.numel() for p in model.parameters())
    assert f"| (the model's own) | {own:,} |" in report.markdown
    assert f"Total: {total:,} parameters." in report.markdown
    assert "| encoder.layers.0.self_attn | MultiheadAttention | (2, 7, 8) |" in report.markdown
    assert torch.backends.mha.get_fastpath_enabled()  # switched off for the hooks, then back on


def test_the_tables_hold_the_recipe_the_baselines_and_the_flops():
    markdown = _report().markdown
    assert "| lr | 0.001 |" in markdown and "| epochs | 10 |" in markdown
    assert "| MLP | 0.97 |" in markdown and "| ResNet | 0.991 |" in markdown
    assert "| latency (ms) | 1.5 |" in markdown
    assert re.search(r"^\| FLOPs \| [\d,]+ \|$", markdown, flags=re.M)
    given = _report(compute={"FLOPs": "about a million"}).markdown
    assert "| FLOPs | about a million |" in given and given.count("| FLOPs |") == 1


def test_layer_table_gives_each_layers_output_shape_in_call_order():
    model = SmallCNN(1, num_classes=10, channels=(4, 6))
    rows = layer_table(model, torch.zeros(2, 1, 8, 8))
    assert [r["type"] for r in rows] == [
        "Conv2d",
        "BatchNorm2d",
        "ReLU",
        "MaxPool2d",
        "Conv2d",
        "BatchNorm2d",
        "ReLU",
        "AdaptiveAvgPool2d",
        "Flatten",
        "Linear",
    ]
    assert [r["output_shape"] for r in rows] == [
        (2, 4, 8, 8),
        (2, 4, 8, 8),
        (2, 4, 8, 8),
        (2, 4, 4, 4),
        (2, 6, 4, 4),
        (2, 6, 4, 4),
        (2, 6, 4, 4),
        (2, 6, 1, 1),
        (2, 6),
        (2, 10),
    ]
    assert rows[0]["name"] == "features.0" and rows[-1]["name"] == "head"


def test_layer_table_counts_batchnorm_parameters_not_its_buffers():
    rows = layer_table(SmallCNN(1, num_classes=10, channels=(4, 6)), DIGIT)
    assert [r["params"] for r in rows if r["type"] == "BatchNorm2d"] == [2 * 4, 2 * 6]
    assert rows[0]["params"] == 4 * 9 + 4


def test_the_models_modes_are_restored_and_no_statistics_updated():
    model = ResNet(channels=(4, 6))
    model.stages.eval()  # a mixed mode
    _report(model)
    assert model.training and model.stem.training and not model.stages.training
    assert int(model.stem[1].num_batches_tracked) == 0
    assert all(not m._forward_hooks for m in model.modules())


def test_hooks_are_removed_when_the_forward_pass_raises():
    model = SmallCNN()
    with pytest.raises(RuntimeError):
        layer_table(model, torch.zeros(1, 3, 8, 8))  # three channels for a one-channel model
    assert all(not m._forward_hooks for m in model.modules()) and model.training


def test_the_html_renders_the_tables_and_headings():
    report = _report()
    assert "<table" in report.html and "<h2>Scaling plan</h2>" in report.html
    assert report._repr_markdown_() == report.markdown


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"task": ""}, "task must be a non-empty string; got ''"),
        ({"scaling": "   "}, "scaling must be a non-empty string"),
        ({"scaling": None}, "scaling must be a non-empty string; got None"),
        ({"recipe": [("lr", 1e-3)]}, "recipe must be a dict; got a list"),
        ({"baselines": 0.99}, "baselines must be a dict; got a float"),
        ({"compute": "fast"}, "compute must be a dict; got a str"),
    ],
)
def test_missing_text_or_tables_that_are_not_dicts_are_refused_naming_the_argument(
    overrides, message
):
    with pytest.raises(ValueError, match=message):
        _report(**overrides)

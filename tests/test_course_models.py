"""Do the course's models give the documented shapes and parameter counts, does skip=False keep a
ResNet's layers but change its output, and is the mean of frames blind to their order?"""

import pytest
import torch
from torch import nn

from course import (
    MLP,
    LSTMClassifier,
    MeanOfFrames,
    ResNet,
    SmallCNN,
    TransformerClassifier,
)


def _count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def _tokens(B: int, T: int, vocab_size: int) -> torch.Tensor:
    return torch.randint(0, vocab_size, (B, T), generator=torch.Generator().manual_seed(0))


def test_mlp_takes_flat_rows_or_images_and_gives_one_logit_per_class():
    model = MLP(64, hidden=(24, 16), num_classes=7, dropout=0.1)
    assert model(torch.zeros(3, 64)).shape == (3, 7)
    assert model(torch.zeros(5, 1, 8, 8)).shape == (5, 7)
    assert [type(m) for m in model.body] == [nn.Linear, nn.ReLU, nn.Dropout] * 2
    assert isinstance(model.flatten, nn.Flatten) and model.head.in_features == 16


def test_mlp_without_hidden_layers_is_linear_and_without_dropout_has_no_dropout_layer():
    assert len(MLP(12, hidden=(), num_classes=3).body) == 0
    assert _count(MLP(12, hidden=(), num_classes=3)) == 12 * 3 + 3
    assert not any(isinstance(m, nn.Dropout) for m in MLP(12, hidden=(8,)).modules())


def test_mlp_parameters_match_the_formula():
    assert _count(MLP(20, hidden=(16, 8), num_classes=5)) == (20 * 16 + 16) + (16 * 8 + 8) + (
        8 * 5 + 5
    )


def test_small_cnn_gives_logits_and_as_an_encoder_its_last_width():
    X = torch.zeros(3, 2, 12, 10)  # (B, C, H, W)
    assert SmallCNN(2, num_classes=7, channels=(4, 6, 5))(X).shape == (3, 7)
    encoder = SmallCNN(2, num_classes=None, channels=(4, 6, 5))
    assert encoder(X).shape == (3, 5) and encoder.out_features == 5
    assert isinstance(encoder.head, nn.Identity)
    assert encoder.features(X).shape == (3, 5)
    assert sum(isinstance(m, nn.MaxPool2d) for m in encoder.features) == 2


def test_small_cnn_keeps_pool_size_squared_positions_per_channel():
    X = torch.zeros(3, 1, 8, 8)  # (B, C, H, W)
    encoder = SmallCNN(1, num_classes=None, channels=(4, 6), pool_size=2)
    assert encoder(X).shape == (3, 24) and encoder.out_features == 24
    assert SmallCNN(1, num_classes=5, channels=(4, 6), pool_size=2).head.in_features == 24
    with pytest.raises(ValueError, match="pool_size must be a positive int; got 0"):
        SmallCNN(pool_size=0)


def test_small_cnn_parameters_match_the_formula_batchnorm_buffers_aside():
    model = SmallCNN(3, num_classes=7, channels=(4, 6), kernel_size=5)
    conv1, conv2 = 3 * 4 * 25 + 4, 4 * 6 * 25 + 6
    assert _count(model) == conv1 + 2 * 4 + conv2 + 2 * 6 + (6 * 7 + 7)
    assert model.features[0].padding == (2, 2)


def test_lstm_classifier_reads_both_directions_final_states():
    model = LSTMClassifier(13, embed_dim=5, hidden_size=6, num_classes=3)
    assert model(_tokens(4, 9, 13)).shape == (4, 3)
    assert model.lstm.batch_first and model.head.in_features == 12
    per_direction = 4 * (6 * 5 + 6 * 6 + 6 + 6)
    assert _count(model) == 13 * 5 + 2 * per_direction + (12 * 3 + 3)
    assert LSTMClassifier(13, bidirectional=False, hidden_size=6).head.in_features == 6


@pytest.mark.parametrize(
    "make",
    [
        lambda: LSTMClassifier(13, embed_dim=5, hidden_size=6, num_classes=3),
        lambda: TransformerClassifier(13, d_model=8, num_heads=2, d_ff=12, num_classes=3),
        lambda: TransformerClassifier(13, d_model=8, num_heads=2, num_classes=3, pool="mean"),
    ],
    ids=["lstm", "transformer-cls", "transformer-mean"],
)
def test_sequence_models_ignore_padding_past_each_rows_length(make):
    torch.manual_seed(0)
    model = make().eval()
    tokens = _tokens(2, 7, 13)
    padded = torch.cat([tokens, torch.zeros(2, 3, dtype=torch.int64)], dim=1)  # (2, 10)
    lengths = torch.tensor([7, 4])
    alone = model(tokens[1:, :4])  # (1, 3)
    together = model(padded, lengths)  # (2, 3)
    assert torch.allclose(together[1:], alone, atol=1e-5)
    assert torch.allclose(together[:1], model(tokens[:1]), atol=1e-5)


def test_transformer_classifier_shapes_positions_and_parameters():
    model = TransformerClassifier(
        11, d_model=8, num_heads=2, num_layers=2, d_ff=12, max_len=10, num_classes=3
    )
    assert model(_tokens(4, 10, 11)).shape == (4, 3)
    assert model.positions.shape == (11, 8) and model.cls.shape == (1, 1, 8)
    d, ff = 8, 12
    layer = (4 * d * d + 4 * d) + (2 * d * ff + ff + d) + 4 * d  # attention, FFN, two LayerNorms
    assert _count(model) == 11 * d + 11 * d + d + 2 * layer + (d * 3 + 3)
    assert model.encoder.layers[0].self_attn.batch_first


def test_transformer_classifier_pooled_by_the_mean_has_no_cls_vector():
    model = TransformerClassifier(11, d_model=8, num_heads=2, max_len=5, pool="mean")
    assert not hasattr(model, "cls") and model(_tokens(3, 5, 11)).shape == (3, 2)


def test_transformer_classifier_refuses_a_bad_pool_or_a_sequence_past_max_len():
    with pytest.raises(ValueError, match="pool must be 'cls' or 'mean'; got 'max'"):
        TransformerClassifier(11, pool="max")
    with pytest.raises(ValueError, match="tokens has length 6; the positions cover max_len=5"):
        TransformerClassifier(11, max_len=5)(_tokens(2, 6, 11))
    with pytest.raises(ValueError, match=r"tokens has shape \(2, 6, 1\)"):
        LSTMClassifier(11)(_tokens(2, 6, 11)[..., None])


def test_resnet_halves_the_image_per_stage_and_gives_logits():
    model = ResNet(2, num_classes=7, channels=(4, 6, 5), blocks_per_stage=2)
    X = torch.zeros(3, 2, 12, 10)
    assert model(X).shape == (3, 7)
    x = model.stem(X)
    shapes = []
    for stage in model.stages:
        x = stage(x)
        shapes.append(tuple(x.shape))
    assert shapes == [(3, 4, 12, 10), (3, 6, 6, 5), (3, 5, 3, 3)]
    assert all(len(stage) == 2 for stage in model.stages)
    assert isinstance(model.stages[0], nn.Sequential) and isinstance(model.stages, nn.Sequential)


def test_resnet_parameters_match_the_formula_with_projection_shortcuts():
    model = ResNet(1, num_classes=10, channels=(4, 6), kernel_size=3)
    stem = 1 * 4 * 9 + 2 * 4
    stage0 = 2 * (4 * 4 * 9 + 2 * 4)
    stage1 = (4 * 6 * 9 + 2 * 6) + (6 * 6 * 9 + 2 * 6) + (4 * 6 + 2 * 6)  # two convs, projection
    assert _count(model) == stem + stage0 + stage1 + (6 * 10 + 10)
    first, second = model.stages[0][0], model.stages[1][0]
    assert isinstance(first.shortcut, nn.Identity) and second.conv1.stride == (2, 2)


@pytest.mark.parametrize("norm, kind", [("batch", nn.BatchNorm2d), ("group", nn.GroupNorm)])
def test_resnet_norms_and_convolutions_without_bias_beside_a_norm(norm, kind):
    model = ResNet(channels=(2, 8), norm=norm)
    norms = [m for m in model.modules() if isinstance(m, kind)]
    assert len(norms) == 1 + 2 + 3  # stem, first block, second block with its projection
    convs = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
    assert all(conv.bias is None for conv in convs)
    if norm == "group":
        assert [g.num_groups for g in norms[:2]] == [2, 2] and norms[-1].num_groups == 4


def test_resnet_without_norms_gives_its_convolutions_biases():
    model = ResNet(channels=(4, 6), norm="none")
    convs = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
    assert all(conv.bias is not None for conv in convs)
    assert not any(isinstance(m, (nn.BatchNorm2d, nn.GroupNorm)) for m in model.modules())


def test_resnet_refuses_an_unknown_norm_naming_the_choices():
    with pytest.raises(
        ValueError, match="norm must be one of 'batch', 'group', 'none'; got 'layer'"
    ):
        ResNet(norm="layer")


def test_plain_network_has_the_resnets_parameters_but_another_output():
    torch.manual_seed(0)
    residual, plain = ResNet(channels=(4, 6)), ResNet(channels=(4, 6), skip=False)
    shapes = {name: p.shape for name, p in residual.named_parameters()}
    assert {name: p.shape for name, p in plain.named_parameters()} == shapes
    plain.load_state_dict(residual.state_dict())
    X = torch.randn(2, 1, 8, 8)
    assert not torch.allclose(residual.eval()(X), plain.eval()(X), atol=1e-4)


def test_mean_of_frames_gives_logits_and_ignores_the_order_of_the_frames():
    torch.manual_seed(0)
    model = MeanOfFrames(SmallCNN(num_classes=None, channels=(4, 6)), num_classes=3).eval()
    X = torch.randn(2, 5, 1, 8, 8)  # (B, T, C, H, W)
    logits = model(X)
    assert logits.shape == (2, 3) and model.head.in_features == 6
    assert torch.allclose(model(X[:, torch.tensor([4, 2, 0, 3, 1])]), logits, atol=1e-5)
    assert not torch.allclose(model(X.flip(0)), logits, atol=1e-5)


def test_mean_of_frames_refuses_an_encoder_without_out_features_and_unbatched_frames():
    with pytest.raises(TypeError, match="encoder Conv2d needs an int out_features"):
        MeanOfFrames(nn.Conv2d(1, 4, 3), 2)
    model = MeanOfFrames(SmallCNN(num_classes=None), 2)
    with pytest.raises(ValueError, match=r"X has shape \(5, 1, 8, 8\); expected \(B, T, C, H, W\)"):
        model(torch.zeros(5, 1, 8, 8))


@pytest.mark.parametrize(
    "make, message",
    [
        (
            lambda: MLP(4, hidden=(8, 0)),
            r"hidden must be a sequence of positive ints; got \(8, 0\)",
        ),
        (lambda: MLP(4, dropout=1.0), r"dropout must be in \[0, 1\); got 1.0"),
        (lambda: SmallCNN(channels=()), "channels must be a non-empty sequence of positive ints"),
        (lambda: SmallCNN(kernel_size=4), "kernel_size must be a positive odd int; got 4"),
        (lambda: ResNet(blocks_per_stage=0), "blocks_per_stage must be a positive int; got 0"),
        (lambda: TransformerClassifier(5, d_model=10, num_heads=4), "num_heads 4 must divide"),
    ],
)
def test_bad_sizes_are_refused_naming_the_argument(make, message):
    with pytest.raises(ValueError, match=message):
        make()

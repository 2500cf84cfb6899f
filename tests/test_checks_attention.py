"""Do the loaders make the course's attention and encoder block compute what PyTorch's do, name
what is missing when they cannot, and does check_batch_independent catch attention across the
batch, as nn.MultiheadAttention does on (B, T, d) without batch_first=True?"""

import pytest
import torch
from torch import nn

from autograder import (
    check_batch_independent,
    load_attention_from_torch,
    load_encoder_layer_from_torch,
)

D, HEADS, FF = 8, 2, 16


class MultiHeadAttention(nn.Module):
    """A reference self-attention with the attribute names the loaders expect."""

    def __init__(self, d_model=D, num_heads=HEADS):
        super().__init__()
        self.num_heads = num_heads
        # created in reverse order: the loaders go by name, not by order of creation
        self.W_o, self.W_v, self.W_k, self.W_q = (nn.Linear(d_model, d_model) for _ in range(4))

    def forward(self, x):  # (B, T, d)
        B, T, d = x.shape
        q, k, v = (
            w(x).view(B, T, self.num_heads, -1).transpose(1, 2)  # (B, h, T, hs)
            for w in (self.W_q, self.W_k, self.W_v)
        )
        out = nn.functional.scaled_dot_product_attention(q, k, v)  # (B, h, T, hs)
        return self.W_o(out.transpose(1, 2).reshape(B, T, d))  # (B, T, d)


class FusedAttention(nn.Module):
    """The same attention with one fused input projection W_qkv (d, 3d)."""

    def __init__(self, d_model=D, num_heads=HEADS):
        super().__init__()
        self.num_heads = num_heads
        self.W_qkv, self.W_o = nn.Linear(d_model, 3 * d_model), nn.Linear(d_model, d_model)

    def forward(self, x):  # (B, T, d)
        B, T, d = x.shape
        q, k, v = (
            t.reshape(B, T, self.num_heads, -1).transpose(1, 2)  # (B, h, T, hs)
            for t in self.W_qkv(x).chunk(3, dim=-1)
        )
        out = nn.functional.scaled_dot_product_attention(q, k, v)  # (B, h, T, hs)
        return self.W_o(out.transpose(1, 2).reshape(B, T, d))  # (B, T, d)


class EncoderBlock(nn.Module):
    """A post-norm encoder block named like nn.TransformerEncoderLayer."""

    def __init__(self, d_model=D, num_heads=HEADS, d_ff=FF):
        super().__init__()
        self.self_attn = MultiHeadAttention(d_model, num_heads)
        self.linear1, self.linear2 = nn.Linear(d_model, d_ff), nn.Linear(d_ff, d_model)
        self.norm1, self.norm2 = nn.LayerNorm(d_model), nn.LayerNorm(d_model)

    def forward(self, x):  # (B, T, d)
        x = self.norm1(x + self.self_attn(x))  # (B, T, d)
        return self.norm2(x + self.linear2(torch.relu(self.linear1(x))))  # (B, T, d)


class Empty(nn.Module):
    pass


def _x(B=3, T=5):
    return torch.randn(B, T, D, generator=torch.Generator().manual_seed(0))  # (B, T, d)


@pytest.mark.parametrize("batch_first", [True, False])
def test_loaded_attention_computes_what_torch_does(batch_first):
    torch.manual_seed(0)
    mha, x = nn.MultiheadAttention(D, HEADS, batch_first=batch_first).eval(), _x()
    mine = load_attention_from_torch(MultiHeadAttention(), mha)
    xt = x if batch_first else x.transpose(0, 1)  # (B, T, d) or (T, B, d)
    expected = mha(xt, xt, xt, need_weights=False)[0]
    expected = expected if batch_first else expected.transpose(0, 1)  # (B, T, d)
    assert torch.allclose(mine(x), expected, atol=1e-6)
    assert all(p.is_leaf and p.requires_grad for p in mine.parameters())


def test_loaded_encoder_block_computes_what_torch_does():
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(D, HEADS, FF, dropout=0.0, batch_first=True).eval()
    block, x = load_encoder_layer_from_torch(EncoderBlock(), layer), _x()
    with torch.no_grad():
        assert torch.allclose(block(x), layer(x), atol=1e-5)
    assert torch.allclose(block(x), layer(x), atol=1e-5)


def test_loaded_fused_attention_computes_what_torch_does():
    torch.manual_seed(0)
    mha, x = nn.MultiheadAttention(D, HEADS, batch_first=True).eval(), _x()
    mine = load_attention_from_torch(FusedAttention(), mha)
    assert torch.allclose(mine(x), mha(x, x, x, need_weights=False)[0], atol=1e-6)


def test_attention_loader_names_a_fused_projection_of_the_wrong_shape():
    module = FusedAttention()
    module.W_qkv = nn.Linear(D, 2 * D)
    with pytest.raises(
        AssertionError, match=rf"FusedAttention.W_qkv has weight of shape \({2 * D}, {D}\)"
    ):
        load_attention_from_torch(module, nn.MultiheadAttention(D, HEADS))


def test_attention_loader_names_the_missing_projection():
    with pytest.raises(AssertionError) as info:
        load_attention_from_torch(Empty(), nn.MultiheadAttention(D, HEADS), "Name them W_q ...")
    assert str(info.value) == (
        "Empty has no attribute W_q; expected four nn.Linear(d_model, d_model) named "
        "W_q, W_k, W_v, W_o. Name them W_q ..."
    )


@pytest.mark.parametrize(
    "layer, found",
    [
        (nn.Linear(D, 2 * D), "weight of shape (16, 8) and bias of shape (16,)"),
        (nn.Linear(D, D, bias=False), "weight of shape (8, 8) and bias of shape None"),
        (nn.ReLU(), "weight of shape None and bias of shape None"),
    ],
)
def test_attention_loader_names_a_projection_of_the_wrong_shape(layer, found):
    module = MultiHeadAttention()
    module.W_k = layer
    with pytest.raises(AssertionError) as info:
        load_attention_from_torch(module, nn.MultiheadAttention(D, HEADS))
    assert str(info.value) == (
        f"MultiHeadAttention.W_k has {found}; expected nn.Linear(8, 8) with a bias: "
        "weight (8, 8) and bias (8,)."
    )


def test_attention_loader_refuses_a_torch_module_without_one_in_projection():
    with pytest.raises(ValueError, match="kdim == vdim == embed_dim and bias=True"):
        load_attention_from_torch(MultiHeadAttention(), nn.MultiheadAttention(D, HEADS, kdim=4))


def test_encoder_loader_names_the_missing_part():
    block = EncoderBlock()
    del block.norm2
    with pytest.raises(AssertionError) as info:
        load_encoder_layer_from_torch(block, nn.TransformerEncoderLayer(D, HEADS, FF))
    assert str(info.value) == (
        "EncoderBlock has no attribute norm2; expected the attributes self_attn, linear1, "
        "linear2, norm1, norm2, named as in nn.TransformerEncoderLayer."
    )


def test_encoder_loader_names_a_part_of_other_sizes():
    block = EncoderBlock(d_ff=32)
    with pytest.raises(AssertionError) as info:
        load_encoder_layer_from_torch(block, nn.TransformerEncoderLayer(D, HEADS, FF), "Use d_ff.")
    assert str(info.value) == (
        "EncoderBlock.linear1 has parameters weight (32, 8), bias (32,); expected "
        "weight (16, 8), bias (16,), as nn.TransformerEncoderLayer's linear1. Use d_ff."
    )


def test_encoder_loader_reaches_into_the_attention_module():
    block = EncoderBlock()
    block.self_attn = Empty()
    with pytest.raises(AssertionError, match="Empty has no attribute W_q"):
        load_encoder_layer_from_torch(block, nn.TransformerEncoderLayer(D, HEADS, FF))


@pytest.mark.parametrize(
    "fn",
    [
        nn.Linear(D, 4),
        MultiHeadAttention().eval(),
        nn.MultiheadAttention(D, HEADS, batch_first=True).eval(),
    ],
    ids=["linear", "course_attention", "torch_attention_batch_first"],
)
def test_batch_independence_passes_modules_that_treat_each_example_alone(fn):
    run = (lambda x: fn(x, x, x)) if isinstance(fn, nn.MultiheadAttention) else fn
    check_batch_independent("attention", run, _x())


def test_batch_independence_catches_torch_attention_without_batch_first():
    mha = nn.MultiheadAttention(D, HEADS).eval()  # reads (B, T, d) as (T, B, d)
    with pytest.raises(AssertionError) as info:
        check_batch_independent(
            "MultiHeadAttention", lambda x: mha(x, x, x)[0], _x(B=4), "Pass batch_first=True."
        )
    assert str(info.value).startswith(
        "MultiHeadAttention changed the outputs of examples 1..3 when only example 0 changed "
        "(max change "
    )
    assert str(info.value).endswith(
        "); expected each example to be processed on its own. Pass batch_first=True."
    )


def test_batch_independence_changes_token_ids_to_another_examples():
    emb = nn.Embedding(10, D)
    tokens = torch.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]])  # (B, T)
    check_batch_independent("embedding", emb, tokens)
    with pytest.raises(AssertionError, match="embedding changed the outputs of examples 1..2"):
        check_batch_independent("embedding", lambda t: emb(t) + emb(t).mean(0), tokens)


def test_batch_independence_asks_for_eval_mode_when_outputs_are_random():
    model = nn.Sequential(nn.Linear(D, D), nn.Dropout(0.5)).train()
    with pytest.raises(AssertionError, match="model gave other outputs for the same batch"):
        check_batch_independent("model", model, _x())


def test_batch_independence_wants_one_output_per_example():
    with pytest.raises(AssertionError) as info:
        check_batch_independent("pool", lambda x: x.mean(0), _x())
    assert str(info.value) == (
        "pool's output has shape (5, 8); expected (3, ...), one output per example of the batch."
    )


@pytest.mark.parametrize(
    "x, message",
    [
        (torch.zeros(1, 3), "at least two examples"),
        (torch.tensor([[1, 2], [1, 2]]), "examples 0 and 1 of x are equal"),
    ],
)
def test_batch_independence_refuses_a_batch_it_cannot_change(x, message):
    with pytest.raises(ValueError, match=message):
        check_batch_independent("model", nn.Identity(), x)

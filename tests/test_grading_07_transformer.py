"""The nbgrader round trip for 07_transformer: typical mistakes lose points, other solutions do not."""

from tests.roundtrip import Edit, RoundTrip

SCORES = "scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])  # (..., T_q, T_k)"
MASK_FILL = 'scores = scores.masked_fill(~mask, float("-inf"))'
ROWS = "weights = weights.masked_fill(~mask.any(dim=-1, keepdim=True), 0.0)  # rows with no key"
HEADS = "return t.view(B, t.shape[1], self.num_heads, self.d_k).transpose(1, 2)"
MERGE = "return self.W_o(out.transpose(1, 2).reshape(B, T_q, d_model))  # (B, T_q, d_model)"
SIN_COS = "torch.sin(t * rates), torch.cos(t * rates)"
POST_ATTN = "x = self.norm1(x + self.self_attn(x, mask=mask))"
BLOCK_PARAMS = (
    "return (4 * d_model**2 + 4 * d_model) + (2 * d_model * d_ff + d_ff + d_model) + 4 * d_model"
)
CAUSAL_FORWARD = "return super().forward(X, mask=causal_mask(X.shape[1], device=X.device))"
MHA_INIT = (
    "self.W_q, self.W_k = nn.Linear(d_model, d_model), nn.Linear(d_model, d_model)\n"
    "        self.W_v, self.W_o = nn.Linear(d_model, d_model), nn.Linear(d_model, d_model)"
)
MHA_ATTEND = (
    "out, weights = attention(\n"
    "            heads(self.W_q(x)), heads(self.W_k(context)), heads(self.W_v(context)), mask\n"
    "        )"
)


class TestTransformerRoundTrip(RoundTrip):
    ASSIGNMENT = "07_transformer"
    MUTANTS = {
        "positions_table_in_float64": [
            Edit(
                "sinusoidal_positions",
                "table = torch.zeros(num_positions, d_model)",
                "table = torch.zeros(num_positions, d_model, dtype=torch.float64)",
            )
        ],
        "learned_positions_of_unit_variance": [
            Edit(
                "token_transformer",
                "nn.Parameter(0.02 * torch.randn(max_len, d_model))",
                "nn.Parameter(torch.randn(max_len, d_model))",
            )
        ],
        "attention_weights_kept_with_their_graph": [
            Edit(
                "multi_head_attention",
                "self.weights = weights.detach()",
                "self.weights = weights",
            )
        ],
        "generate_appends_to_the_callers_prompt": [
            Edit(
                "causal_lm",
                "ids, where = list(prompt), next(model.parameters()).device",
                "ids, where = prompt, next(model.parameters()).device",
            )
        ],
        "attention_not_scaled": [
            Edit("attention", SCORES, "scores = q @ k.transpose(-2, -1)  # (..., T_q, T_k)")
        ],
        "attention_scaled_by_d_k_not_its_root": [
            Edit("attention", "/ math.sqrt(q.shape[-1])", "/ q.shape[-1]")
        ],
        "mha_scaled_by_the_root_of_d_model": [
            Edit(
                "multi_head_attention",
                "heads(self.W_q(x)), heads(self.W_k(context))",
                "heads(self.W_q(x)) * math.sqrt(self.d_k / d_model), heads(self.W_k(context))",
            )
        ],
        "softmax_over_the_queries": [
            Edit("attention", "dim=-1)  # (..., T_q, T_k)", "dim=-2)  # (..., T_q, T_k)")
        ],
        "mask_polarity_flipped": [
            Edit("attention", MASK_FILL, 'scores = scores.masked_fill(mask, float("-inf"))')
        ],
        "mask_applied_after_the_softmax": [
            Edit(
                "attention",
                MASK_FILL + "\n    weights = torch.softmax(scores, dim=-1)  # (..., T_q, T_k)",
                "pass\n    weights = torch.softmax(scores, dim=-1)\n"
                "    if mask is not None:\n        weights = weights.masked_fill(~mask, 0.0)",
            )
        ],
        "fully_masked_rows_left_nan": [Edit("attention", ROWS, "pass")],
        "causal_mask_upper_triangular": [Edit("masks", ".tril()", ".triu()")],
        "padding_mask_positions_on_the_cpu": [
            Edit(
                "masks",
                "torch.arange(max_len, device=lengths.device)",
                "torch.arange(max_len)",
            )
        ],
        "key_padding_mask_not_inverted": [
            Edit("masks", "return ~mask[:, 0, 0, :]", "return mask[:, 0, 0, :]")
        ],
        "heads_split_by_reshape_without_transpose": [
            Edit(
                "multi_head_attention",
                HEADS,
                "return t.reshape(B, self.num_heads, t.shape[1], self.d_k)",
            )
        ],
        "heads_merged_without_transpose": [
            Edit("multi_head_attention", "out.transpose(1, 2).reshape(", "out.reshape(")
        ],
        "no_output_projection": [
            Edit(
                "multi_head_attention",
                MERGE,
                "return out.transpose(1, 2).reshape(B, T_q, d_model)",
            )
        ],
        "block_batch_first_forgotten": [
            Edit(
                "batch_first_block",
                "nn.MultiheadAttention(d_model, num_heads, batch_first=True)",
                "nn.MultiheadAttention(d_model, num_heads)",
            )
        ],
        "sin_and_cos_swapped": [
            Edit("sinusoidal_positions", SIN_COS, "torch.cos(t * rates), torch.sin(t * rates)")
        ],
        "residual_missing": [
            Edit("encoder_block", POST_ATTN, "x = self.norm1(self.self_attn(x, mask=mask))")
        ],
        "layer_norm_over_time_and_features": [
            Edit(
                "encoder_block",
                POST_ATTN,
                "x = F.layer_norm(x + self.self_attn(x, mask=mask), x.shape[1:])",
            )
        ],
        "pre_and_post_norm_swapped": [
            Edit("encoder_block", "if self.norm_first:", "if not self.norm_first:")
        ],
        "block_drops_the_mask": [
            Edit("encoder_block", POST_ATTN, "x = self.norm1(x + self.self_attn(x))")
        ],
        "count_misses_the_layer_norms": [
            Edit("transformer_params", BLOCK_PARAMS, BLOCK_PARAMS.replace(" + 4 * d_model", ""))
        ],
        "count_misses_the_attention_biases": [
            Edit("transformer_params", "(4 * d_model**2 + 4 * d_model)", "(4 * d_model**2)")
        ],
        "positions_never_added": [
            Edit(
                "token_transformer",
                "h = self.embed(X) + self.positions[: X.shape[1]]",
                "h = self.embed(X)",
            )
        ],
        "cls_read_from_the_last_position": [
            Edit(
                "sequence_classifier",
                "torch.cat([cls, X], dim=1))[:, 0])",
                "torch.cat([cls, X], dim=1))[:, -1])",
            )
        ],
        "language_model_without_causal_mask": [
            Edit("causal_lm", CAUSAL_FORWARD, "return super().forward(X)")
        ],
        "causal_mask_made_on_the_cpu": [
            Edit("causal_lm", "causal_mask(X.shape[1], device=X.device)", "causal_mask(X.shape[1])")
        ],
        "generate_in_train_mode": [
            Edit("causal_lm", "    model.eval()\n    ids, where", "    ids, where")
        ],
        "generate_with_gradients": [
            Edit("causal_lm", "with torch.no_grad():", "with torch.enable_grad():")
        ],
        "generate_ids_on_the_cpu": [
            Edit("causal_lm", "torch.tensor([ids], device=where)", "torch.tensor([ids])")
        ],
        "generate_never_stops_at_eos": [
            Edit("causal_lm", "if ids[-1] == eos_id:\n                break", "pass")
        ],
    }
    ALTERNATIVES = {
        "block_transposes_around_attention": [
            Edit(
                "batch_first_block",
                "nn.MultiheadAttention(d_model, num_heads, batch_first=True)",
                "nn.MultiheadAttention(d_model, num_heads)",
            ),
            Edit(
                "batch_first_block",
                "return self.norm(x + self.attn(x, x, x, need_weights=False)[0])",
                "x_t = x.transpose(0, 1)  # (T, B, d_model)\n"
                "        out = self.attn(x_t, x_t, x_t)[0].transpose(0, 1)  # (B, T, d_model)\n"
                "        return self.norm(x + out)",
            ),
        ],
        "attention_by_einsum_with_large_negative_scores": [
            Edit(
                "attention",
                SCORES + "\n    if mask is not None:\n        " + MASK_FILL,
                'scores = torch.einsum("...qd,...kd->...qk", q, k) / q.shape[-1] ** 0.5\n'
                "    if mask is not None:\n        scores = scores.masked_fill(~mask, -1e9)",
            )
        ],
        "attention_rows_by_nan_to_num": [
            Edit(
                "attention",
                "if mask is not None:\n        " + ROWS,
                "weights = torch.nan_to_num(weights)",
            )
        ],
        "fused_qkv_projection": [
            Edit(
                "multi_head_attention",
                MHA_INIT,
                "self.W_qkv = nn.Linear(d_model, 3 * d_model)\n"
                "        self.W_o = nn.Linear(d_model, d_model)",
            ),
            Edit(
                "multi_head_attention",
                MHA_ATTEND,
                "q = self.W_qkv(x).chunk(3, dim=-1)[0]\n"
                "        _, k, v = self.W_qkv(context).chunk(3, dim=-1)\n"
                "        out, weights = attention(heads(q), heads(k), heads(v), mask)",
            ),
        ],
        "tutorial_style_split_and_combine_methods": [
            Edit(
                "multi_head_attention",
                "def heads(t):  # (B, T, d_model) -> (B, h, T, d_k)\n            " + HEADS,
                "def heads(t):\n            return self.split_heads(t)",
            ),
            Edit(
                "multi_head_attention",
                MERGE,
                "return self.W_o(self.combine_heads(out))\n\n"
                "    def split_heads(self, t):\n"
                "        batch, length, _ = t.shape\n"
                "        return t.view(batch, length, self.num_heads, self.d_k).permute(0, 2, 1, 3)\n\n"
                "    def combine_heads(self, t):\n"
                "        batch, _, length, _ = t.shape\n"
                "        return t.permute(0, 2, 1, 3).contiguous().view(batch, length, -1)",
            ),
        ],
        "positions_interleaved_by_stack": [
            Edit(
                "sinusoidal_positions",
                "table = torch.zeros(num_positions, d_model)\n"
                "    table[:, 0::2], table[:, 1::2] = " + SIN_COS + "\n    return table",
                "angles = t * rates  # (T, d/2)\n"
                "    return torch.stack([torch.sin(angles), torch.cos(angles)], dim=-1).flatten(1)",
            )
        ],
        "block_in_pytorch_style_sublayers": [
            Edit(
                "encoder_block",
                "def ff(t):\n            return self.linear2(torch.relu(self.linear1(t)))",
                "def ff(t):\n            return self._ff_block(t)",
            ),
            Edit(
                "encoder_block",
                "return self.norm2(x + ff(x))",
                "return self.norm2(x + ff(x))\n\n"
                "    def _ff_block(self, t):\n"
                "        return self.linear2(F.relu(self.linear1(t)))",
            ),
        ],
        "padding_mask_positions_moved_like_lengths": [
            Edit(
                "masks",
                "torch.arange(max_len, device=lengths.device)",
                "torch.arange(max_len).to(lengths)",
            )
        ],
        "counts_and_masks_written_otherwise": [
            Edit(
                "transformer_params",
                BLOCK_PARAMS,
                "return d_model * (4 * d_model + 4) + d_ff * (2 * d_model + 1) + 5 * d_model",
            ),
            Edit(
                "masks",
                "return torch.ones(size, size, dtype=torch.bool, device=device).tril()",
                "upper = torch.ones(size, size, device=device).triu(diagonal=1)\n"
                "    return upper == 0",
            ),
            Edit(
                "masks",
                "return (positions < lengths[:, None])[:, None, None, :]  # (B, 1, 1, T)",
                "return (positions[None, :] < lengths[:, None]).view(len(lengths), 1, 1, max_len)",
            ),
        ],
        "classifier_and_generation_written_otherwise": [
            Edit(
                "sequence_classifier",
                "cls = torch.full_like(X[:, :1], self.cls_id)  # (B, 1)",
                "cls = X.new_full((X.shape[0], 1), self.cls_id)",
            ),
            Edit(
                "sequence_classifier",
                "return self.head(self.encoder.encode(X).mean(dim=1))",
                "encoded = self.encoder.encode(X)\n"
                "        return self.head(encoded.sum(dim=1) / X.shape[1])",
            ),
            Edit(
                "causal_lm",
                "logits = model(torch.tensor([ids], device=where))  # (1, T, V)\n"
                "            ids.append(int(logits[0, -1].argmax()))",
                "logits = model(torch.tensor(ids, device=where)[None])\n"
                "            ids.append(logits[:, -1].argmax(dim=-1).item())",
            ),
        ],
    }
    MESSAGES = {
        "positions_table_in_float64": {"test_sinusoidal_positions": "Build the table in float32"},
        "learned_positions_of_unit_variance": {"test_token_transformer_shapes": "N(0, 0.02²)"},
        "attention_weights_kept_with_their_graph": {"test_mha_shapes": "detached"},
        "generate_appends_to_the_callers_prompt": {
            "test_generate_greedy": "Leave the caller's prompt as it was"
        },
        "attention_not_scaled": {"test_attention_no_mask": "1 / sqrt(d_k)"},
        "softmax_over_the_queries": {"test_attention_no_mask": "softmax(scores, dim=-1)"},
        "mask_polarity_flipped": {"test_attention_padding_mask": "True in the mask means"},
        "mask_applied_after_the_softmax": {
            "test_attention_padding_mask": "Mask the scores before the softmax"
        },
        "fully_masked_rows_left_nan": {
            "test_attention_fully_masked_rows": "softmax of a row of -inf is NaN"
        },
        "causal_mask_upper_triangular": {"test_causal_mask": "the lower triangle"},
        "key_padding_mask_not_inverted": {"test_to_key_padding_mask": "True at the keys to ignore"},
        "padding_mask_positions_on_the_cpu": {"test_padding_mask": "device=lengths.device"},
        "heads_split_by_reshape_without_transpose": {
            "test_mha_matches_pytorch": "view then transpose(1, 2)"
        },
        "block_batch_first_forgotten": {
            "test_batch_first_block": "unless you pass batch_first=True"
        },
        "sin_and_cos_swapped": {"test_sinusoidal_positions": "Column 2i is sin"},
        "pre_and_post_norm_swapped": {"test_encoder_block_post_norm": "norm1(x + self_attn(x))"},
        "block_drops_the_mask": {"test_encoder_block_padding": "Pass the mask to self_attn"},
        "count_misses_the_layer_norms": {"test_encoder_block_params": "LayerNorms 4d"},
        "positions_never_added": {"test_token_transformer_uses_positions": "positions[: T]"},
        "cls_read_from_the_last_position": {
            "test_classifier_cls_token": "not at the last position"
        },
        "language_model_without_causal_mask": {
            "test_causal_lm_ignores_the_future": "mask=causal_mask(T, device=X.device)"
        },
        "causal_mask_made_on_the_cpu": {"test_causal_lm_device_agnostic": "device=X.device"},
        "generate_in_train_mode": {"test_generate_runs_the_model_for_inference": "model.eval()"},
        "generate_with_gradients": {
            "test_generate_runs_the_model_for_inference": "torch.no_grad()"
        },
        "generate_ids_on_the_cpu": {
            "test_generate_runs_the_model_for_inference": "the model's device"
        },
        "generate_never_stops_at_eos": {
            "test_generate_greedy": "Stop right after appending eos_id"
        },
    }

"""The nbgrader round trip for 06_rnn_lstm: typical mistakes lose points, other solutions do not."""

from tests.roundtrip import Edit, RoundTrip

TOKENIZE = 'return re.findall(r"[^\\s,.!?]+|[,.!?]", text.lower())'
VOCAB_SORT = "sorted(kept, key=lambda token: (-counts[token], token))"
BPE_WORDS = "tuple(word) for sentence in sentences for word in sentence.split()"
BPE_BEST = "best = min(pairs, key=lambda pair: (-pairs[pair], pair))"
LAST_STEP = "return outputs[rows, lengths.to(outputs.device) - 1]  # (B, H)"
PACK = "packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)"
LSTM_UPDATE = (
    "c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)\n"
    "    return torch.sigmoid(o) * torch.tanh(c), c"
)
UNROLL_STEP = (
    "state = cell(x[:, t], state, *weights)\n"
    "        outputs.append(state[0] if isinstance(state, tuple) else state)  # (B, H)"
)
GRAD = (
    "outputs, _ = rnn(x)  # (B, T, H)\n"
    "    (grad,) = torch.autograd.grad(outputs[:, -1].sum(), x)  # (B, T, I)"
)
CLIP_STEP = (
    "norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)\n    optimizer.step()"
)
ROW_FORWARD = "_, (h_n, _) = self.lstm(x.reshape(-1, 8, 8))  # rows as steps; h_n (1, B, H)"
BILSTM_FORWARD = (
    "packed = pack_padded_sequence(\n"
    "            self.embed(X), lengths, batch_first=True, enforce_sorted=False\n"
    "        )\n"
    "        _, (h_n, _) = self.lstm(packed)  # (2 layers * 2 directions, B, H)\n"
    "        return self.head(torch.cat([h_n[-2], h_n[-1]], dim=1))  # (B, 2H) -> (B, num_classes)"
)


class TestRNNRoundTrip(RoundTrip):
    ASSIGNMENT = "06_rnn_lstm"
    MUTANTS = {
        "tokenize_keeps_case": [
            Edit("tokenizers", TOKENIZE, TOKENIZE.replace("text.lower()", "text"))
        ],
        "tokenize_keeps_punctuation_on_words": [
            Edit("tokenizers", TOKENIZE, "return text.lower().split()")
        ],
        "vocab_ties_in_first_seen_order": [
            Edit("vocab", VOCAB_SORT, "sorted(kept, key=lambda token: -counts[token])")
        ],
        "vocab_ignores_min_freq": [Edit("vocab", "if n >= min_freq]", "if n >= 1]")],
        "vocab_extends_specials": [
            Edit(
                "vocab",
                f"self.itos = SPECIALS + {VOCAB_SORT}",
                f"self.itos = SPECIALS\n        self.itos += {VOCAB_SORT}",
            )
        ],
        "row_lstm_two_layers_with_dropout": [
            Edit(
                "row_lstm",
                "nn.LSTM(8, hidden_size, batch_first=True)",
                "nn.LSTM(8, hidden_size, num_layers=2, dropout=0.2, batch_first=True)",
            )
        ],
        "vocab_numbers_a_special_token_twice": [
            Edit("vocab", "for t in tokens if t not in SPECIALS", "for t in tokens")
        ],
        "forecast_shifts_history_in_place": [
            Edit(
                "forecasting",
                "window = torch.as_tensor(history, dtype=torch.float32).clone()",
                "window = torch.as_tensor(history, dtype=torch.float32)",
            ),
            Edit(
                "forecasting",
                "window = torch.cat([window[1:], nxt])",
                "window[:-1] = window[1:].clone()\n            window[-1] = nxt[0]",
            ),
        ],
        "vocab_unknown_raises": [Edit("vocab", "self.stoi.get(token, UNK)", "self.stoi[token]")],
        "bpe_merges_across_word_boundaries": [
            Edit("bpe", BPE_WORDS, "tuple(sentence) for sentence in sentences")
        ],
        "bpe_counts_each_word_once": [Edit("bpe", "pairs[pair] += n", "pairs[pair] += 1")],
        "bpe_ties_in_first_seen_order": [Edit("bpe", BPE_BEST, "best = max(pairs, key=pairs.get)")],
        "bpe_encode_applies_merges_in_reverse": [
            Edit("bpe", "for pair in merges:", "for pair in reversed(merges):")
        ],
        "padding_mask_inverted": [
            Edit("collate", "< lengths[:, None]  # (B, max_len)", ">= lengths[:, None]")
        ],
        "collate_pads_with_unk": [
            Edit("collate", "padding_value=PAD)  # (B, T_max)", "padding_value=UNK)")
        ],
        "last_step_reads_padding": [Edit("packing", LAST_STEP, "return outputs[:, -1]")],
        "pack_sorted_only": [
            Edit("packing", PACK, PACK.replace("enforce_sorted=False", "enforce_sorted=True"))
        ],
        "pack_lengths_moved_to_the_device": [
            Edit("packing", PACK, PACK.replace("x, lengths,", "x, lengths.to(x.device),"))
        ],
        "lstm_gates_i_f_swapped": [
            Edit(
                "cells", "i, f, g, o = gates.chunk(4, dim=1)", "f, i, g, o = gates.chunk(4, dim=1)"
            )
        ],
        "lstm_h_from_old_c": [
            Edit(
                "cells",
                LSTM_UPDATE,
                "c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)\n"
                "    return torch.sigmoid(o) * torch.tanh(c), c_new",
            )
        ],
        "gru_reset_before_matmul": [
            Edit(
                "cells",
                "n = torch.tanh(x_n + r * h_n)",
                "size = h.shape[1]\n"
                "    n = torch.tanh(x_n + (r * h) @ weight_hh[2 * size :].T + bias_hh[2 * size :])",
            )
        ],
        "gru_update_gate_swapped": [
            Edit("cells", "return (1 - z) * n + z * h", "return z * n + (1 - z) * h")
        ],
        "unroll_outputs_the_state_before_each_step": [
            Edit(
                "unroll",
                UNROLL_STEP,
                "outputs.append(state[0] if isinstance(state, tuple) else state)\n"
                "        state = cell(x[:, t], state, *weights)",
            )
        ],
        "params_one_bias": [Edit("rnn_params", "+ 2 * hidden_size)", "+ hidden_size)")],
        "params_layer_two_reads_h_when_bidirectional": [
            Edit("rnn_params", "else hidden_size * directions", "else hidden_size")
        ],
        "grad_norms_by_backward": [
            Edit(
                "input_grad_norms",
                GRAD,
                "outputs, _ = rnn(x)\n    outputs[:, -1].sum().backward()\n    grad = x.grad",
            )
        ],
        "grad_norms_change_x": [
            Edit(
                "input_grad_norms",
                "x = x.detach().clone().requires_grad_(True)",
                "x.requires_grad_(True)",
            )
        ],
        "clip_after_step": [
            Edit(
                "train_step",
                CLIP_STEP,
                "optimizer.step()\n"
                "    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)",
            )
        ],
        "train_step_never_zeroes_grads": [
            Edit("train_step", "optimizer.zero_grad()\n    loss", "loss")
        ],
        "row_lstm_squeezes_a_batch_of_one": [
            Edit("row_lstm", "return self.head(h_n[-1])", "return self.head(h_n.squeeze())")
        ],
        "forecaster_squeezes_a_batch_of_one": [
            Edit("forecasting", ".squeeze(-1)  # (B,)", ".squeeze()  # (B,)")
        ],
        "row_lstm_reads_columns": [
            Edit("row_lstm", "self.lstm(x.reshape(-1, 8, 8))", "self.lstm(x.reshape(-1, 8, 8).mT)")
        ],
        "row_lstm_carries_state_across_batches": [
            Edit(
                "row_lstm",
                ROW_FORWARD,
                'state = getattr(self, "state", None)\n'
                "        if state is not None and state[0].shape[1] != x.shape[0]:\n"
                "            state = None\n"
                "        _, (h_n, c_n) = self.lstm(x.reshape(-1, 8, 8), state)\n"
                "        self.state = (h_n.detach(), c_n.detach())",
            )
        ],
        "row_lstm_h0_without_device": [
            Edit(
                "row_lstm",
                ROW_FORWARD,
                "h0 = torch.zeros(1, x.shape[0], self.lstm.hidden_size)\n"
                "        _, (h_n, _) = self.lstm(x.reshape(-1, 8, 8), (h0, h0))",
            )
        ],
        "windows_target_inside_the_window": [
            Edit(
                "forecasting",
                "return X[..., None], series[window:]",
                "return X[..., None], series[window - 1 : -1]",
            )
        ],
        "forecaster_h0_without_device": [
            Edit(
                "forecasting",
                "_, h_n = self.gru(x)  # (1, B, H)",
                "_, h_n = self.gru(x, torch.zeros(1, x.shape[0], self.gru.hidden_size))",
            )
        ],
        "forecast_never_feeds_back": [
            Edit("forecasting", "window = torch.cat([window[1:], nxt])", "window = window")
        ],
        "forecast_in_train_mode": [
            Edit(
                "forecasting",
                "    model.eval()\n    window = torch.as_tensor",
                "    window = torch.as_tensor",
            )
        ],
        "forecast_with_gradients": [
            Edit("forecasting", "with torch.no_grad():", "with torch.enable_grad():")
        ],
        "forecast_window_left_on_the_cpu": [
            Edit(
                "forecasting",
                "window[None, :, None].to(next(model.parameters()).device)",
                "window[None, :, None]",
            )
        ],
        "bilstm_without_padding_idx": [
            Edit(
                "bilstm",
                "nn.Embedding(vocab_size, embed_dim, padding_idx=PAD)",
                "nn.Embedding(vocab_size, embed_dim)",
            )
        ],
        "bilstm_reads_the_padded_last_step": [
            Edit(
                "bilstm",
                BILSTM_FORWARD,
                "outputs, _ = self.lstm(self.embed(X))  # (B, T, 2H)\n"
                "        return self.head(outputs[:, -1])",
            )
        ],
        "bilstm_lengths_moved_to_the_device": [
            Edit("bilstm", "self.embed(X), lengths,", "self.embed(X), lengths.to(X.device),")
        ],
    }
    ALTERNATIVES = {
        "forecast_under_inference_mode": [
            Edit("forecasting", "with torch.no_grad():", "with torch.inference_mode():")
        ],
        "vocab_numbered_in_a_loop": [
            Edit(
                "vocab",
                f"kept = [token for token, n in counts.items() if n >= min_freq]\n"
                f"        self.itos = SPECIALS + {VOCAB_SORT}\n"
                "        self.stoi = {token: i for i, token in enumerate(self.itos)}",
                "self.itos, self.stoi = list(SPECIALS), {t: i for i, t in enumerate(SPECIALS)}\n"
                "        for token, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):\n"
                "            if n >= min_freq and token not in self.stoi:\n"
                "                self.stoi[token] = len(self.itos)\n"
                "                self.itos.append(token)",
            )
        ],
        "cells_with_one_product_per_gate": [
            Edit(
                "cells",
                "gates = x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh  # (B, 4H)\n"
                "    i, f, g, o = gates.chunk(4, dim=1)  # each (B, H)",
                "rows = zip(weight_ih.chunk(4), weight_hh.chunk(4), bias_ih.chunk(4), bias_hh.chunk(4))\n"
                "    i, f, g, o = (x @ w.T + b + h @ u.T + c_ for w, u, b, c_ in rows)",
            ),
            Edit(
                "cells",
                "return torch.tanh(x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh)",
                "return torch.tanh(torch.addmm(bias_ih, x, weight_ih.T) + torch.addmm(bias_hh, h, weight_hh.T))",
            ),
        ],
        "gru_with_functional_linear": [
            Edit(
                "cells",
                "x_r, x_z, x_n = (x @ weight_ih.T + bias_ih).chunk(3, dim=1)  # each (B, H)\n"
                "    h_r, h_z, h_n = (h @ weight_hh.T + bias_hh).chunk(3, dim=1)  # each (B, H)",
                "size = h.shape[1]\n"
                "    x_r, x_z, x_n = torch.nn.functional.linear(x, weight_ih, bias_ih).split(size, dim=1)\n"
                "    h_r, h_z, h_n = torch.nn.functional.linear(h, weight_hh, bias_hh).split(size, dim=1)",
            ),
        ],
        "vocab_from_most_common": [
            Edit(
                "vocab",
                f"kept = [token for token, n in counts.items() if n >= min_freq]\n"
                f"        self.itos = SPECIALS + {VOCAB_SORT}",
                "ranked = sorted(counts.most_common(), key=lambda item: (-item[1], item[0]))\n"
                "        self.itos = list(SPECIALS)\n"
                "        self.itos.extend(token for token, n in ranked if n >= min_freq)",
            ),
        ],
        "bpe_on_lists_with_sorted_ties": [
            Edit(
                "bpe",
                BPE_BEST,
                "top = max(pairs.values())\n        best = sorted(p for p, n in pairs.items() if n == top)[0]",
            ),
            Edit(
                "bpe",
                "symbols = tuple(word)\n    for pair in merges:\n        symbols = merge_pair(symbols, pair)\n    return list(symbols)",
                "symbols = list(word)\n    for left, right in merges:\n"
                "        symbols = list(merge_pair(symbols, (left, right)))\n    return symbols",
            ),
        ],
        "padding_by_hand_and_gather": [
            Edit(
                "collate",
                "X = pad_sequence(ids, batch_first=True, padding_value=PAD)  # (B, T_max)",
                "X = torch.full((len(ids), max(len(s) for s in ids)), PAD, dtype=torch.int64)\n"
                "    for b, seq in enumerate(ids):\n"
                "        X[b, : len(seq)] = seq",
            ),
            Edit(
                "packing",
                LAST_STEP,
                "index = (lengths.to(outputs.device) - 1)[:, None, None].expand(-1, 1, outputs.shape[2])\n"
                "    return outputs.gather(1, index)[:, 0]",
            ),
            Edit(
                "forecasting",
                "X = series.unfold(0, window, 1)[:-1]  # (N - window, window)",
                "X = torch.tensor(sliding_window_view(series.numpy(), window)[:-1].copy())",
            ),
        ],
        "packed_outputs_unpacked": [
            Edit(
                "packing",
                "_, state = rnn(packed)\n"
                "    h_n = state[0] if isinstance(state, tuple) else state  # (layers * directions, B, H)\n"
                "    return h_n[-1]  # (B, H)",
                "outputs, _ = rnn(packed)\n"
                "    padded, _ = torch.nn.utils.rnn.pad_packed_sequence(outputs, batch_first=True)\n"
                "    return last_real_step(padded, lengths)",
            ),
        ],
        "row_lstm_last_output_with_its_own_zero_state": [
            Edit(
                "row_lstm",
                ROW_FORWARD + "\n        return self.head(h_n[-1])  # (B, 10)",
                "rows = x.squeeze(1)  # (B, 8, 8)\n"
                "        h0 = rows.new_zeros(1, rows.shape[0], self.lstm.hidden_size)\n"
                "        outputs, _ = self.lstm(rows, (h0, torch.zeros_like(h0)))\n"
                "        return self.head(outputs[:, -1])",
            ),
        ],
        "batch_axes_kept_by_squeeze_0_and_view": [
            Edit("row_lstm", "return self.head(h_n[-1])", "return self.head(h_n.squeeze(0))"),
            Edit("forecasting", ".squeeze(-1)  # (B,)", ".view(-1)  # (B,)"),
        ],
        "bilstm_states_by_view": [
            Edit(
                "bilstm",
                "return self.head(torch.cat([h_n[-2], h_n[-1]], dim=1))",
                "last = h_n.view(2, 2, X.shape[0], -1)[-1]  # (directions, B, H)\n"
                "        return self.head(last.transpose(0, 1).reshape(X.shape[0], -1))",
            ),
        ],
        "steps_and_counts_written_otherwise": [
            Edit(
                "train_step",
                "return loss.item(), norm.item()",
                "return float(loss), float(norm)",
            ),
            Edit(
                "input_grad_norms",
                "return grad.norm(dim=(0, 2))  # (T,)",
                "return grad.pow(2).sum(dim=(0, 2)).sqrt()",
            ),
            Edit(
                "forecasting",
                "window = torch.cat([window[1:], nxt])",
                "window = torch.roll(window, -1)\n            window[-1] = nxt[0]",
            ),
            Edit(
                "rnn_params",
                "total = 0\n"
                "    for layer in range(num_layers):\n"
                "        inputs = input_size if layer == 0 else hidden_size * directions\n"
                "        total += directions * gates * (hidden_size * (inputs + hidden_size) + 2 * hidden_size)\n"
                "    return total",
                "per_layer = [input_size] + [hidden_size * directions] * (num_layers - 1)\n"
                "    return sum(\n"
                "        directions * gates * hidden_size * (inputs + hidden_size + 2) for inputs in per_layer\n"
                "    )",
            ),
        ],
    }
    MESSAGES = {
        "row_lstm_two_layers_with_dropout": {"test_row_lstm_shapes": "one layer, one direction"},
        "vocab_numbers_a_special_token_twice": {"test_vocab_specials": "keeps the special id"},
        "forecast_shifts_history_in_place": {"test_forecast_feeds_back": "never history itself"},
        "tokenize_keeps_case": {"test_tokenizers": "Lower-case first"},
        "vocab_ties_in_first_seen_order": {"test_vocab_order": "ties in alphabetical order"},
        "vocab_extends_specials": {"test_vocab_specials": "lists of its own"},
        "vocab_unknown_raises": {"test_vocab_encode_decode": "stoi.get(token, UNK)"},
        "bpe_merges_across_word_boundaries": {
            "test_learn_bpe_within_words": "count pairs inside each word only"
        },
        "bpe_counts_each_word_once": {"test_learn_bpe_first_merge": "over all sentences"},
        "last_step_reads_padding": {"test_last_real_step": "outputs[:, -1] is padding"},
        "pack_sorted_only": {"test_packed_final_state": "enforce_sorted=False"},
        "pack_lengths_moved_to_the_device": {
            "test_packed_final_state_any_device": "needs lengths on the CPU"
        },
        "lstm_gates_i_f_swapped": {"test_lstm_cell": "gates i, f, g, o in that order"},
        "lstm_h_from_old_c": {"test_lstm_cell": "with the new c'"},
        "gru_reset_before_matmul": {"test_gru_cell": "r applied after"},
        "unroll_outputs_the_state_before_each_step": {"test_unroll": "output the state after it"},
        "params_one_bias": {"test_rnn_params_one_layer": "two bias vectors"},
        "params_layer_two_reads_h_when_bidirectional": {
            "test_rnn_params_stacked": "2H when bidirectional"
        },
        "grad_norms_by_backward": {"test_input_grad_norms_leaves_state": "backward() also"},
        "clip_after_step": {"test_train_step_clips": "clipping after the step"},
        "row_lstm_squeezes_a_batch_of_one": {"test_row_lstm_shapes": "not h_n.squeeze()"},
        "forecaster_squeezes_a_batch_of_one": {
            "test_forecaster_device_agnostic": "drops the batch axis"
        },
        "row_lstm_reads_columns": {"test_row_lstm_reads_rows": "without transposing"},
        "row_lstm_carries_state_across_batches": {
            "test_row_lstm_fresh_state": "Do not keep the LSTM's state"
        },
        "row_lstm_h0_without_device": {"test_row_lstm_device_agnostic": "device=x.device"},
        "windows_target_inside_the_window": {"test_make_windows": "right after window i"},
        "forecast_never_feeds_back": {"test_forecast_feeds_back": "Append each prediction"},
        "forecast_in_train_mode": {"test_forecast_runs_the_model_for_inference": "model.eval()"},
        "forecast_with_gradients": {
            "test_forecast_runs_the_model_for_inference": "torch.no_grad()"
        },
        "forecast_window_left_on_the_cpu": {
            "test_forecast_runs_the_model_for_inference": "the model's device"
        },
        "forecaster_h0_without_device": {"test_forecaster_device_agnostic": "device=x.device"},
        "bilstm_without_padding_idx": {"test_bilstm_padding_row": "padding_idx=PAD"},
        "bilstm_reads_the_padded_last_step": {
            "test_bilstm_ignores_padding": "outputs[:, -1] reads padding"
        },
        "bilstm_lengths_moved_to_the_device": {
            "test_bilstm_device_agnostic": "Leave lengths on the CPU"
        },
    }

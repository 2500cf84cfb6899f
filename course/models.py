"""The course's models of 04-08, built from torch's own layers, small and configurable.

Each is the family a notebook built by hand, written here once so that 09 can compare them
side by side: an MLP (04), a small CNN (05), an LSTM classifier (06), a transformer classifier
(07), a ResNet (08), and the mean of a frame encoder's features over time, the order-blind
baseline for sequences of images.

Used in: 09_architecture_design.
"""

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

NORMS = ("batch", "group", "none")


class MLP(nn.Module):
    """Flatten, then Linear-ReLU(-Dropout) per hidden width, then a Linear head.

    Args:
        in_features: features per example once flattened (64 for an 8x8 digit).
        hidden: the width of each hidden layer, in order; ``()`` gives a linear model.
        num_classes: outputs of the head.
        dropout: the probability of each hidden unit's dropout; 0 adds no Dropout layer.

    Shape:
        - Input: ``(B, in_features)`` or any ``(B, *)`` with ``in_features`` elements per row
        - Output: ``(B, num_classes)``

    Examples:
        >>> MLP(64, hidden=(32,), num_classes=10)(torch.zeros(5, 1, 8, 8)).shape
        torch.Size([5, 10])

    Used in: 09_architecture_design.
    """

    def __init__(self, in_features: int, hidden=(64,), num_classes: int = 10, dropout: float = 0.0):
        super().__init__()
        widths = _positive_ints("hidden", hidden, allow_empty=True)
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"dropout must be in [0, 1); got {dropout!r}.")
        layers, width = [], in_features
        for out in widths:
            layers += [nn.Linear(width, out), nn.ReLU()]
            layers += [nn.Dropout(dropout)] if dropout > 0 else []
            width = out
        self.flatten = nn.Flatten()
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(width, num_classes)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(self.flatten(X)))  # (B, F) -> (B, num_classes)


class SmallCNN(nn.Module):
    """Conv-BatchNorm-ReLU blocks with max pooling between them, an average pool, a head.

    Every block keeps the spatial size (``padding=kernel_size // 2``); a ``MaxPool2d(2)``
    follows every block but the last, so an 8x8 digit through two blocks is 4x4 at the end.
    The average pool then leaves ``pool_size x pool_size`` positions per channel: 1 is the
    global average, which forgets where a feature was; 2 keeps its quadrant.

    Args:
        in_channels: channels of the input images.
        num_classes: outputs of the head; ``None`` makes the head an ``nn.Identity`` and the
            model a frame encoder whose output is ``(B, channels[-1])``.
        channels: the output channels of each block, in order.
        kernel_size: the convolutions' kernel size, odd.
        pool_size: the height and width that ``nn.AdaptiveAvgPool2d`` leaves.

    Attributes:
        features: the blocks, the pool and a flatten: ``(B, C, H, W) -> (B, F)`` with
            ``F = channels[-1] * pool_size**2``.
        head: a Linear layer, or ``nn.Identity`` without classes.
        out_features: ``num_classes``, or ``F`` for an encoder.

    Shape:
        - Input: ``(B, in_channels, H, W)`` with H and W at least ``2**(len(channels) - 1)``
        - Output: ``(B, num_classes)``, or ``(B, F)`` when ``num_classes`` is None

    Used in: 09_architecture_design.
    """

    def __init__(
        self,
        in_channels: int = 1,
        num_classes: int | None = 10,
        channels=(16, 32),
        kernel_size=3,
        pool_size: int = 1,
    ):
        super().__init__()
        widths = _positive_ints("channels", channels)
        _check_kernel(kernel_size)
        if not isinstance(pool_size, int) or isinstance(pool_size, bool) or pool_size < 1:
            raise ValueError(f"pool_size must be a positive int; got {pool_size!r}.")
        layers, width = [], in_channels
        for i, out in enumerate(widths):
            layers += [nn.Conv2d(width, out, kernel_size, padding=kernel_size // 2)]
            layers += [nn.BatchNorm2d(out), nn.ReLU()]
            layers += [nn.MaxPool2d(2)] if i < len(widths) - 1 else []
            width = out
        self.features = nn.Sequential(*layers, nn.AdaptiveAvgPool2d(pool_size), nn.Flatten())
        features = width * pool_size**2
        self.head = nn.Identity() if num_classes is None else nn.Linear(features, num_classes)
        self.out_features = features if num_classes is None else num_classes

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(X))  # (B, C, H, W) -> (B, F) -> (B, out)


class LSTMClassifier(nn.Module):
    """Embedding, an LSTM, and a Linear head on the final hidden states.

    The head reads the last hidden state of each direction, concatenated: the forward
    direction's after the last real token, the backward direction's after the first.

    Args:
        vocab_size: number of token ids.
        embed_dim: size of each token's embedding.
        hidden_size: the LSTM's hidden size per direction.
        num_classes: outputs of the head.
        bidirectional: run a second LSTM from the end of the sequence to its start.

    Shape:
        - tokens: ``(B, T)`` int64
        - lengths (optional): ``(B,)`` int64 on the CPU, the real length of each padded row
        - Output: ``(B, num_classes)``

    Used in: 09_architecture_design.
    """

    def __init__(
        self,
        vocab_size: int,
        embed_dim: int = 32,
        hidden_size: int = 64,
        num_classes: int = 2,
        bidirectional: bool = True,
    ):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden_size, batch_first=True, bidirectional=bidirectional)
        self.head = nn.Linear(hidden_size * (2 if bidirectional else 1), num_classes)

    def forward(self, tokens: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
        _check_tokens(tokens)
        x = self.embedding(tokens)  # (B, T, E)
        if lengths is not None:
            x = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        _, (h, _) = self.lstm(x)  # h: (D, B, H), D = 1 or 2 directions
        return self.head(torch.cat(list(h), dim=-1))  # (B, D*H) -> (B, num_classes)


class TransformerClassifier(nn.Module):
    """Embedding plus learned positions, a transformer encoder, a pool and a Linear head.

    With ``pool="cls"`` a learned ``[CLS]`` vector is prepended to the tokens and the head
    reads its output; with ``pool="mean"`` the head reads the mean over the (real) tokens.

    Args:
        vocab_size: number of token ids.
        d_model: size of each token's vector.
        num_heads: attention heads per layer; must divide ``d_model``.
        num_layers: encoder layers.
        d_ff: hidden width of each layer's feed-forward network.
        max_len: the longest sequence of tokens the positions cover.
        num_classes: outputs of the head.
        pool: ``"cls"`` or ``"mean"``.

    Attributes:
        positions: ``(max_len + 1, d_model)`` learned position vectors (row 0 is the
            ``[CLS]`` position when pooled by it).
        cls: ``(1, 1, d_model)``, only with ``pool="cls"``.

    Shape:
        - tokens: ``(B, T)`` int64 with ``T <= max_len``
        - lengths (optional): ``(B,)`` int64, the real length of each padded row
        - Output: ``(B, num_classes)``

    Used in: 09_architecture_design.
    """

    def __init__(
        self,
        vocab_size: int,
        d_model: int = 32,
        num_heads: int = 4,
        num_layers: int = 1,
        d_ff: int = 64,
        max_len: int = 64,
        num_classes: int = 2,
        pool: str = "cls",
    ):
        super().__init__()
        if pool not in ("cls", "mean"):
            raise ValueError(f"pool must be 'cls' or 'mean'; got {pool!r}.")
        if d_model % num_heads:
            raise ValueError(f"num_heads {num_heads} must divide d_model {d_model}.")
        self.pool, self.max_len = pool, max_len
        self.embedding = nn.Embedding(vocab_size, d_model)
        self.positions = nn.Parameter(0.02 * torch.randn(max_len + 1, d_model))
        if pool == "cls":
            self.cls = nn.Parameter(0.02 * torch.randn(1, 1, d_model))
        layer = nn.TransformerEncoderLayer(d_model, num_heads, d_ff, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers, enable_nested_tensor=False)
        self.head = nn.Linear(d_model, num_classes)

    def forward(self, tokens: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
        _check_tokens(tokens)
        B, T = tokens.shape
        if T > self.max_len:
            raise ValueError(f"tokens has length {T}; the positions cover max_len={self.max_len}.")
        x = self.embedding(tokens)  # (B, T, D)
        pad = _padding_mask(lengths, B, T, tokens.device)  # (B, T) True at padding, or None
        if self.pool == "cls":
            x = torch.cat([self.cls.expand(B, -1, -1), x], dim=1)  # (B, 1 + T, D)
            pad = None if pad is None else nn.functional.pad(pad, (1, 0), value=False)
        x = self.encoder(x + self.positions[: x.shape[1]], src_key_padding_mask=pad)  # (B, S, D)
        if self.pool == "cls":
            return self.head(x[:, 0])  # (B, num_classes)
        keep = torch.ones(B, T, 1, device=x.device) if pad is None else (~pad)[..., None].float()
        return self.head((x * keep).sum(1) / keep.sum(1))  # (B, D) -> (B, num_classes)


class ResidualBlock(nn.Module):
    """A basic residual block: two kxk convolutions with norms, plus a shortcut.

    ``relu(norm2(conv2(relu(norm1(conv1(x))))) + shortcut(x))``; the shortcut is the
    identity, or a 1x1 convolution with a norm when the stride or the channels change.
    ``skip=False`` keeps every layer but leaves out the addition: a plain block.

    Shape:
        - Input: ``(B, in_channels, H, W)``
        - Output: ``(B, out_channels, ceil(H / stride), ceil(W / stride))``

    Used in: 09_architecture_design, inside ``ResNet``.
    """

    def __init__(self, in_channels, out_channels, stride=1, kernel_size=3, norm="batch", skip=True):
        super().__init__()
        bias, pad = norm == "none", kernel_size // 2
        self.conv1 = nn.Conv2d(in_channels, out_channels, kernel_size, stride, pad, bias=bias)
        self.norm1 = _norm(norm, out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, kernel_size, 1, pad, bias=bias)
        self.norm2 = _norm(norm, out_channels)
        self.relu = nn.ReLU()
        self.skip = skip
        self.shortcut = nn.Identity()
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride, bias=bias),
                _norm(norm, out_channels),
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu(self.norm1(self.conv1(x)))  # (B, C_out, H', W')
        out = self.norm2(self.conv2(out))  # (B, C_out, H', W')
        return self.relu(out + self.shortcut(x) if self.skip else out)


class ResNet(nn.Module):
    """A stem, stages of residual blocks, global average pooling and a Linear head.

    The stem is a kxk convolution to ``channels[0]`` with a norm and a ReLU. Stage i holds
    ``blocks_per_stage`` ``ResidualBlock``s of width ``channels[i]``; the first block of
    every stage after the first has stride 2, halving the image.

    Args:
        in_channels: channels of the input images.
        num_classes: outputs of the head.
        channels: the width of each stage, in order.
        blocks_per_stage: residual blocks per stage.
        kernel_size: the kernel size of the stem and of the blocks, odd.
        norm: ``"batch"`` (BatchNorm2d), ``"group"`` (``GroupNorm(min(4, C), C)``) or
            ``"none"`` (Identity; the convolutions then have biases).
        skip: add the shortcuts; ``False`` gives the same layers as a plain network.

    Attributes:
        stem, stages (``nn.Sequential`` of one ``nn.Sequential`` per stage), pool, head.

    Shape:
        - Input: ``(B, in_channels, H, W)``
        - Output: ``(B, num_classes)``; after stage i the image is ``ceil(H / 2**i)`` high

    Used in: 09_architecture_design.
    """

    def __init__(
        self,
        in_channels: int = 1,
        num_classes: int = 10,
        channels=(16, 32),
        blocks_per_stage: int = 1,
        kernel_size: int = 3,
        norm: str = "batch",
        skip: bool = True,
    ):
        super().__init__()
        widths = _positive_ints("channels", channels)
        if not isinstance(blocks_per_stage, int) or blocks_per_stage < 1:
            raise ValueError(f"blocks_per_stage must be a positive int; got {blocks_per_stage!r}.")
        _check_kernel(kernel_size)
        _norm(norm, widths[0])  # a ValueError naming the choices before any layer is built
        self.stem = nn.Sequential(
            nn.Conv2d(
                in_channels, widths[0], kernel_size, padding=kernel_size // 2, bias=norm == "none"
            ),
            _norm(norm, widths[0]),
            nn.ReLU(),
        )
        stages, width = [], widths[0]
        for i, out in enumerate(widths):
            blocks = []
            for j in range(blocks_per_stage):
                stride = 2 if i > 0 and j == 0 else 1
                blocks.append(ResidualBlock(width, out, stride, kernel_size, norm, skip))
                width = out
            stages.append(nn.Sequential(*blocks))
        self.stages = nn.Sequential(*stages)
        self.pool = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.head = nn.Linear(width, num_classes)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        x = self.stages(self.stem(X))  # (B, channels[-1], H', W')
        return self.head(self.pool(x))  # (B, channels[-1]) -> (B, num_classes)


class MeanOfFrames(nn.Module):
    """A frame encoder applied to every frame, its features averaged over time, a Linear head.

    The mean forgets the order of the frames: the order-blind baseline for sequences of
    images, whose output does not change when the frames are permuted.

    Args:
        encoder: maps ``(N, C, H, W)`` frames to ``(N, F)`` features and has an
            ``out_features`` attribute ``F``, e.g. ``SmallCNN(num_classes=None)``.
        num_classes: outputs of the head.

    Shape:
        - Input: ``(B, T, C, H, W)``
        - Output: ``(B, num_classes)``

    Used in: 09_architecture_design.
    """

    def __init__(self, encoder: nn.Module, num_classes: int):
        super().__init__()
        if not isinstance(getattr(encoder, "out_features", None), int):
            raise TypeError(
                f"encoder {type(encoder).__name__} needs an int out_features attribute, the "
                "size of its features; e.g. SmallCNN(num_classes=None)."
            )
        self.encoder = encoder
        self.head = nn.Linear(encoder.out_features, num_classes)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        if X.ndim != 5:
            raise ValueError(f"X has shape {tuple(X.shape)}; expected (B, T, C, H, W).")
        B, T = X.shape[:2]
        features = self.encoder(X.flatten(0, 1))  # (B*T, F)
        return self.head(features.view(B, T, -1).mean(dim=1))  # (B, F) -> (B, num_classes)


def _norm(norm: str, channels: int) -> nn.Module:
    """The normalization layer ``norm`` names, over ``channels`` channels."""
    if norm == "batch":
        return nn.BatchNorm2d(channels)
    if norm == "group":
        return nn.GroupNorm(min(4, channels), channels)
    if norm == "none":
        return nn.Identity()
    raise ValueError(f"norm must be one of {', '.join(map(repr, NORMS))}; got {norm!r}.")


def _positive_ints(name: str, values, allow_empty: bool = False) -> tuple:
    """``values`` as a tuple; a ValueError unless every entry is a positive int."""
    values = tuple(values)
    if (not values and not allow_empty) or not all(
        isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in values
    ):
        kind = "a sequence" if allow_empty else "a non-empty sequence"
        raise ValueError(f"{name} must be {kind} of positive ints; got {values!r}.")
    return values


def _check_kernel(kernel_size) -> None:
    """A ValueError unless ``kernel_size`` is a positive odd int (so padding keeps the size)."""
    if not isinstance(kernel_size, int) or kernel_size < 1 or kernel_size % 2 == 0:
        raise ValueError(f"kernel_size must be a positive odd int; got {kernel_size!r}.")


def _check_tokens(tokens: torch.Tensor) -> None:
    """A ValueError unless ``tokens`` is a 2-D integer tensor."""
    if tokens.ndim != 2 or tokens.is_floating_point():
        raise ValueError(
            f"tokens has shape {tuple(tokens.shape)} and dtype {tokens.dtype}; "
            "expected (B, T) integer token ids."
        )


def _padding_mask(lengths, B: int, T: int, device) -> torch.Tensor | None:
    """``(B, T)`` True where a position lies past its row's length; None without lengths."""
    if lengths is None:
        return None
    return torch.arange(T, device=device)[None, :] >= lengths.to(device)[:, None]  # (B, T)

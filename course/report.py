"""The architecture report: one model described in the course's fixed sections.

``architecture_report`` writes the sections that an architecture proposal answers, in the
order of ``REPORT_SECTIONS``. The shapes come from one forward pass with hooks; the
counts from the model's parameters (never its buffers, such as BatchNorm's running mean).

Used in: 09_architecture_design.
"""

import contextlib
from dataclasses import dataclass

import torch
from torch import nn

from course.profiling import eval_mode, flop_count

REPORT_SECTIONS = (  # the ``##`` sections of an architecture report, in order
    "Task",
    "Diagram",
    "Layers",
    "Parameter breakdown",
    "Training recipe",
    "Baseline comparison",
    "Compute estimate",
    "Scaling plan",
)


@dataclass(frozen=True)
class Report:
    """An architecture report as markdown and as HTML; a notebook cell shows the markdown.

    Used in: 09_architecture_design.
    """

    markdown: str
    html: str

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __str__(self) -> str:
        return self.markdown


def layer_table(model: nn.Module, example_input) -> list[dict]:
    """One row per call of a layer during one forward pass on ``example_input``, in call order.

    A layer is a module without submodules, or one that holds parameters of its own beside
    its submodules (``nn.MultiheadAttention``), which then stands for all of them. The pass
    runs in eval mode under ``torch.no_grad()``; the modes are restored and the hooks removed
    after, even when the forward pass raises.

    Args:
        model: the module to describe.
        example_input: its input, e.g. one ``(1, 1, 8, 8)`` digit, or a tuple of inputs.

    Returns:
        ``[{"name", "type", "output_shape", "params"}]``: the layer's qualified name, its
        class name, the shape of its output (of the first tensor in it) as a tuple, and the
        number of its parameters (buffers not counted).

    Used in: 09_architecture_design.
    """
    layers = [(name, module) for name, module in model.named_modules() if _is_layer(module)]
    rows = []
    for name, module, output in _outputs(model, dict(layers), example_input):
        params = sum(p.numel() for p in module.parameters())
        rows.append(
            {"name": name, "type": type(module).__name__, "output_shape": output, "params": params}
        )
    return rows


def architecture_report(
    model: nn.Module,
    example_input,
    *,
    task: str,
    recipe: dict,
    baselines: dict,
    compute: dict,
    scaling: str,
    title: str | None = None,
) -> Report:
    """The report on ``model``: eight ``##`` sections under a ``#`` title, markdown and HTML.

    Args:
        model: the proposed model.
        example_input: one batch it takes (a tensor, or a tuple of its inputs).
        task: what the model is for, in a sentence or two.
        recipe: ``{setting: value}`` of the training recipe, e.g. optimizer, lr, epochs.
        baselines: ``{model name: metric value}``, the proposal among them.
        compute: ``{quantity: value}``, e.g. latency, memory, training time; the FLOPs of
            one forward pass on ``example_input`` are added unless it has a ``"FLOPs"`` key.
        scaling: what changes when the data, the inputs or the budget grow.
        title: the report's title; the model's class name by default.

    Returns:
        A ``Report`` with ``.markdown`` and ``.html``.

    Used in: 09_architecture_design.
    """
    _check_text("task", task)
    _check_text("scaling", scaling)
    for name, value in (("recipe", recipe), ("baselines", baselines), ("compute", compute)):
        if not isinstance(value, dict):
            raise ValueError(f"{name} must be a dict; got a {type(value).__name__}.")
    inputs = _as_inputs(example_input)
    if "FLOPs" not in compute:
        compute = {**compute, "FLOPs": f"{flop_count(model, *inputs):,}"}
    bodies = [
        task.strip(),
        _diagram(model, example_input),
        _layers(model, example_input),
        _breakdown(model),
        _table(("setting", "value"), recipe.items()),
        _table(("model", "metric"), baselines.items()),
        _table(("quantity", "value"), compute.items()),
        scaling.strip(),
    ]
    lines = [f"# {title or type(model).__name__}"]
    for heading, body in zip(REPORT_SECTIONS, bodies, strict=True):
        lines += ["", f"## {heading}", "", body]
    markdown = "\n".join(lines) + "\n"
    return Report(markdown=markdown, html=_to_html(markdown))


def _is_layer(module: nn.Module) -> bool:
    """A module without submodules, or one holding parameters of its own beside them."""
    has_children = next(module.children(), None) is not None
    return not has_children or next(module.parameters(recurse=False), None) is not None


def _outputs(model: nn.Module, modules: dict, example_input) -> list[tuple]:
    """``(name, module, output shape)`` per call of ``modules`` during one pass, in call order.

    Modules inside another module of ``modules`` are not hooked: the outer one stands for them.
    """
    hooked = {
        name: m
        for name, m in modules.items()
        if name and not any(name.startswith(outer + ".") for outer in modules if outer)
    }
    calls, handles = [], []
    try:
        for name, module in hooked.items():
            hook = _recorder(calls, name, module)
            handles.append(module.register_forward_hook(hook))
        with eval_mode(model), torch.no_grad(), _no_fastpath():
            model(*_as_inputs(example_input))
    finally:
        for handle in handles:
            handle.remove()
    return calls


def _recorder(calls: list, name: str, module: nn.Module):
    """A forward hook that appends ``(name, module, output shape)`` to ``calls``."""

    def hook(_module, _inputs, output):
        calls.append((name, module, _shape(output)))

    return hook


def _shape(output) -> tuple:
    """The shape of ``output``, or of the first tensor inside a tuple or list of outputs."""
    if isinstance(output, torch.Tensor):
        return tuple(output.shape)
    if isinstance(output, (tuple, list)) and output:
        return _shape(output[0])
    return ()


def _diagram(model: nn.Module, example_input) -> str:
    """``input (shape) -> child (shape) -> ...`` over the top-level children, in call order."""
    calls = _outputs(model, dict(model.named_children()), example_input)
    first = _as_inputs(example_input)[0]
    steps = [f"input {_fmt_shape(_shape(first))}"]
    steps += [f"{name} {_fmt_shape(shape)}" for name, _, shape in calls]
    return "`" + " -> ".join(steps) + "`"


def _layers(model: nn.Module, example_input) -> str:
    """``layer_table`` as a markdown table."""
    rows = layer_table(model, example_input)
    cells = [
        (r["name"], r["type"], _fmt_shape(r["output_shape"]), f"{r['params']:,}") for r in rows
    ]
    return _table(("layer", "type", "output shape", "parameters"), cells)


def _breakdown(model: nn.Module) -> str:
    """Parameters per top-level component, per layer type, and in total, as two tables."""
    own = sum(p.numel() for p in model.parameters(recurse=False))
    components = [
        (name, sum(p.numel() for p in m.parameters())) for name, m in model.named_children()
    ]
    components += [("(the model's own)", own)] if own else []
    by_type: dict[str, int] = {}
    for name, module in model.named_modules():
        if name and _is_layer(module) and not _inside_layer(name, model):
            count = sum(p.numel() for p in module.parameters())
            by_type[type(module).__name__] = by_type.get(type(module).__name__, 0) + count
    by_type.update({"(the model's own)": own} if own else {})
    total = sum(p.numel() for p in model.parameters())
    per_component = _table(("component", "parameters"), [*components, ("**total**", total)])
    per_type = _table(("layer type", "parameters"), [*by_type.items(), ("**total**", total)])
    return f"{per_component}\n\n{per_type}\n\nTotal: {total:,} parameters."


def _inside_layer(name: str, model: nn.Module) -> bool:
    """Whether the module ``name`` lies inside another layer, which counts it."""
    parts = name.split(".")
    parents = (".".join(parts[:i]) for i in range(1, len(parts)))
    return any(_is_layer(model.get_submodule(parent)) for parent in parents)


def _table(header: tuple, rows) -> str:
    """A markdown table with ``header`` and one line per row; ints with thousands separators."""
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(_fmt(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _fmt(value) -> str:
    """A table cell: ints as ``1,234``, floats to 4 significant digits, pipes escaped."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def _fmt_shape(shape: tuple) -> str:
    """``(1, 16, 8, 8)``; a 1-tuple without the trailing comma."""
    return "(" + ", ".join(str(s) for s in shape) + ")"


def _as_inputs(example_input) -> tuple:
    """``example_input`` as a tuple of positional inputs."""
    return tuple(example_input) if isinstance(example_input, (tuple, list)) else (example_input,)


def _check_text(name: str, value) -> None:
    """A ValueError unless ``value`` is a string with more than whitespace."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string; got {value!r}.")


@contextlib.contextmanager
def _no_fastpath():
    """Turn off the transformer layers' fused inference path for the block (it calls none of
    their submodules, so no hook would fire); the setting is restored after."""
    before = torch.backends.mha.get_fastpath_enabled()
    torch.backends.mha.set_fastpath_enabled(False)
    try:
        yield
    finally:
        torch.backends.mha.set_fastpath_enabled(before)


def _to_html(markdown: str) -> str:
    """``markdown`` as HTML, tables included, by mistune (installed with nbconvert)."""
    import mistune

    return mistune.html(markdown)

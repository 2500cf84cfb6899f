"""Mutation operators: every small change to a solution region that a mistake could make.

Python's own parser (``ast``) finds where each operator applies; the changed node is written back
with ``ast.unparse`` and spliced into the cell at the node's position, so the rest of the cell keeps
its text. Only nodes that lie wholly between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` change.

Operators (``Mutation.operator``):

- ``delete``: a simple statement becomes ``pass``;
- ``duplicate``: a statement that would do more the second time runs twice (``x = layer(x)``, a
  call made for its effect, ``+=``);
- ``constant``: a number becomes a neighbour (``0``/``1``, ``-1``/``-2``, ``dim=1``/``dim=0``/``dim=2``,
  an index or a slice bound; a float is doubled or halved);
- ``operator``: an arithmetic, comparison or boolean operator becomes its neighbour;
- ``swap``: the operands of a non-commutative operator, or a call's first two arguments, change places;
- ``keyword``: a call loses one keyword argument;
- ``chain``: a method call in a chain goes (``.eval()``, ``.clone()``, ``.detach()``, ``.to(device)``, …);
- ``unwrap``: a ``with`` block (``torch.no_grad()``) runs its body without it.
"""

import ast
import copy
import hashlib
from dataclasses import dataclass

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
CHAIN = frozenset(
    {"eval", "train", "clone", "detach", "to", "contiguous", "float", "cpu", "copy", "squeeze",
     "flatten", "requires_grad_", "zero_"}
)  # fmt: skip
NEIGHBOURS = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div, ast.Pow: ast.Mult, ast.Mod: ast.FloorDiv,
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
    ast.In: ast.NotIn, ast.NotIn: ast.In, ast.And: ast.Or, ast.Or: ast.And,
}  # fmt: skip
NON_COMMUTATIVE = (ast.Sub, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow, ast.MatMult)
SIMPLE = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Raise, ast.Assert)


@dataclass(frozen=True)
class Mutation:
    """One change to one solution cell: ``source[start:end]`` (``old``) becomes ``new``.

    Attributes:
        grade_id: the solution cell.
        operator: the operator's name (see the module).
        line: the line of the cell where the change starts (from 1).
        start, end: character offsets of ``old`` in the cell's source.
        old, new: the text replaced and its replacement.
        ordinal: how many mutations of the cell with the same operator, ``old`` and ``new`` come
            before this one (a stable name for the same change twice in one cell).
    """

    grade_id: str
    operator: str
    line: int
    start: int
    end: int
    old: str
    new: str
    ordinal: int = 0

    @property
    def id(self) -> str:
        """A name that stays while the cell's other lines change."""
        text = f"{self.grade_id}\0{self.operator}\0{self.old}\0{self.new}\0{self.ordinal}"
        return f"{self.grade_id}:{self.operator}:{hashlib.sha1(text.encode()).hexdigest()[:8]}"

    def apply(self, source: str) -> str:
        """``source`` (the cell this mutation was found in) with the change made."""
        if source[self.start : self.end] != self.old:
            raise ValueError(f"mutation {self.id} does not match the cell: was it edited?")
        return source[: self.start] + self.new + source[self.end :]

    def diff(self) -> str:
        """The change on one line."""
        return f"{self.grade_id} line {self.line}: {_one_line(self.old)}  ->  {_one_line(self.new)}"


def mutations(grade_id: str, source: str) -> list[Mutation]:
    """Every mutation of the solution region(s) of a cell's ``source``, in the cell's order.

    Raises:
        SyntaxError: the cell is not Python.
    """
    tree = ast.parse(source)
    region = _region_lines(source)
    offsets = _Offsets(source)
    found, seen = [], {}
    for node in _nodes(tree):
        if not hasattr(node, "end_lineno") or not _inside(node, region):
            continue
        for operator, new in _changes(node, source, offsets):
            start, end = offsets.span(node)
            if new == source[start:end]:
                continue
            key = (operator, source[start:end], new)
            seen[key] = seen.get(key, -1) + 1
            found.append(
                Mutation(grade_id, operator, node.lineno, start, end, key[1], new, seen[key])
            )
    return sorted(found, key=lambda m: (m.start, m.end, m.operator, m.new))


def _nodes(tree):
    """The nodes an operator may change: not the ``1`` of ``-1`` (the ``-1`` changes as a whole),
    nothing inside an f-string."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            skip.add(id(node.operand))
        if isinstance(node, ast.JoinedStr):
            skip.update(id(inner) for inner in ast.walk(node) if inner is not node)
    return [node for node in ast.walk(tree) if id(node) not in skip]


def _changes(node, source, offsets):
    """``(operator, new text of node)`` for each operator that applies to ``node``."""
    if isinstance(node, SIMPLE) and not _is_docstring(node):
        yield "delete", "pass"
        if _repeats_differently(node):
            text = offsets.text(node)
            yield "duplicate", f"{text}\n{' ' * node.col_offset}{text}"
    if isinstance(node, ast.With):
        yield "unwrap", _unwrapped(node, source)
    if _number(node) is not None:
        for value in _neighbours(_number(node)):
            yield "constant", ast.unparse(ast.Constant(value))
    if isinstance(node, (ast.BinOp, ast.BoolOp, ast.Compare, ast.UnaryOp)):
        yield from _operator_changes(node, offsets)
    if isinstance(node, ast.Call):
        yield from _call_changes(node, offsets)


def _operator_changes(node, offsets):
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield "operator", offsets.text(node.operand)
    elif isinstance(node, ast.BinOp):
        if type(node.op) in NEIGHBOURS:
            yield "operator", _unparse_with(node, op=NEIGHBOURS[type(node.op)]())
        if isinstance(node.op, NON_COMMUTATIVE):
            yield "swap", _unparse_with(node, left=node.right, right=node.left)
    elif isinstance(node, ast.BoolOp):
        yield "operator", _unparse_with(node, op=NEIGHBOURS[type(node.op)]())
    elif isinstance(node, ast.Compare):
        for k, op in enumerate(node.ops):
            if type(op) in NEIGHBOURS:
                ops = [*node.ops[:k], NEIGHBOURS[type(op)](), *node.ops[k + 1 :]]
                yield "operator", _unparse_with(node, ops=ops)


def _call_changes(node, offsets):
    if len(node.args) >= 2 and not any(isinstance(a, ast.Starred) for a in node.args[:2]):
        yield "swap", _unparse_with(node, args=[node.args[1], node.args[0], *node.args[2:]])
    for k, keyword in enumerate(node.keywords):
        if keyword.arg is not None:
            yield (
                "keyword",
                _unparse_with(node, keywords=node.keywords[:k] + node.keywords[k + 1 :]),
            )
    if isinstance(node.func, ast.Attribute) and node.func.attr in CHAIN:
        yield "chain", offsets.text(node.func.value)


def _unparse_with(node, **fields) -> str:
    changed = copy.copy(node)
    for name, value in fields.items():
        setattr(changed, name, value)
    return ast.unparse(changed)


def _number(node):
    """The int or float that ``node`` writes (``-1`` included); ``None`` for anything else."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = _number(node.operand)
        return None if value is None else -value
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return node.value
    return None


def _neighbours(value):
    if isinstance(value, float):
        return [value * 2, value / 2] if value else [1.0]
    return [value - 1, value + 1] if value else [1, -1]


def _unwrapped(node: ast.With, source: str) -> str:
    lines = source.splitlines(keepends=True)[node.body[0].lineno - 1 : node.body[-1].end_lineno]
    shift = node.body[0].col_offset - node.col_offset
    body = "".join(line[shift:] if line[:shift].isspace() else line for line in lines)
    return body.lstrip(" ").rstrip("\n")


def _is_docstring(node) -> bool:
    return isinstance(node, ast.Expr) and isinstance(getattr(node, "value", None), ast.Constant)


def _repeats_differently(node) -> bool:
    """Whether running the statement twice may differ from once: a call made for its effect,
    an augmented assignment, or an assignment whose value reads its own target (``x = layer(x)``).
    Doing ``y = f(x)`` twice gives the same ``y``."""
    if isinstance(node, ast.Expr):
        return isinstance(node.value, ast.Call)
    if isinstance(node, ast.AugAssign):
        return True
    if isinstance(node, ast.Assign):
        targets = {ast.unparse(t) for t in _assigned(node.targets)}
        return any(ast.unparse(n) in targets for n in ast.walk(node.value) if _is_place(n))
    return False


def _assigned(targets):
    for target in targets:
        if isinstance(target, (ast.Tuple, ast.List)):
            yield from _assigned(target.elts)
        elif _is_place(target):
            yield target


def _is_place(node) -> bool:
    return isinstance(node, (ast.Name, ast.Attribute, ast.Subscript))


def _region_lines(source: str) -> list[tuple[int, int]]:
    """``(first, last)`` line numbers (from 1) strictly between each BEGIN and END marker."""
    regions, begin = [], None
    for number, line in enumerate(source.splitlines(), start=1):
        if line.strip() == BEGIN:
            begin = number
        elif line.strip() == END and begin is not None:
            regions.append((begin + 1, number - 1))
            begin = None
    return regions


def _inside(node, regions) -> bool:
    return any(first <= node.lineno and node.end_lineno <= last for first, last in regions)


def _one_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines()]
    return lines[0] + (" …" if len(lines) > 1 else "") if lines else ""


class _Offsets:
    """Character offsets of ``ast`` positions (whose columns count UTF-8 bytes) in ``source``."""

    def __init__(self, source: str):
        self.source = source
        self.lines = source.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    def offset(self, lineno: int, col: int) -> int:
        line = self.lines[lineno - 1]
        return self.starts[lineno - 1] + len(line.encode()[:col].decode())

    def span(self, node) -> tuple[int, int]:
        return (
            self.offset(node.lineno, node.col_offset),
            self.offset(node.end_lineno, node.end_col_offset),
        )

    def text(self, node) -> str:
        start, end = self.span(node)
        return self.source[start:end]

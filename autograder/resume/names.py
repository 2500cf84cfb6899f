"""The names a notebook cell binds and reads, from its syntax tree and Python's symbol tables.

Used by ``autograder.resume.plan`` to work out which later cells a changed cell can reach.
"""

import ast
import symtable
from dataclasses import dataclass, field

from IPython.core.inputtransformer2 import TransformerManager

# Calls that seed global generators (``autograder.resume.probe.GENERATORS``), by the name called.
SEEDERS = {
    "seed_everything": frozenset({"torch", "numpy", "random"}),
    "manual_seed": frozenset({"torch"}),
    "np.random.seed": frozenset({"numpy"}),
    "numpy.random.seed": frozenset({"numpy"}),
    "random.seed": frozenset({"random"}),
}
# Calls that read or write the notebook's namespace in ways no symbol table shows.
OPAQUE_CALLS = frozenset({"exec", "eval", "globals", "locals", "vars", "get_ipython", "breakpoint"})
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_transformer = TransformerManager()


@dataclass(frozen=True)
class CellNames:
    """What one cell does with the notebook's global names.

    Attributes:
        binds: names the cell (re)binds or deletes at the top level, and names whose attributes
            or items it assigns there (``model.fc = …``).
        reads: the global names the cell refers to, in any scope, that its top level has not
            bound for certain before (``x = 1; f(x)`` reads no ``x``).
        eager: those of ``reads`` read as the cell runs, outside the bodies of its functions.
        lazy: for each name bound, the global names read inside the functions, lambdas and
            methods its statements define: whoever calls them later reads these.
        constants: names the cell binds by ``import``, ``def`` or ``class``.
        imports: names the cell binds by ``import``.
        seeds: the generators the cell seeds before anything else it does (``torch.manual_seed(0)``
            as its first statement): what they held before does not matter to it.
        opaque: the cell reaches the namespace in a way the tables cannot see (``exec``,
            ``globals()``, a ``global`` statement, a magic, a star import) or does not parse.
    """

    binds: frozenset[str] = frozenset()
    reads: frozenset[str] = frozenset()
    eager: frozenset[str] = frozenset()
    lazy: dict[str, frozenset[str]] = field(default_factory=dict)
    constants: frozenset[str] = frozenset()
    imports: frozenset[str] = frozenset()
    seeds: frozenset[str] = frozenset()
    opaque: bool = False


def cell_names(source: str) -> CellNames:
    """The names ``source`` (a code cell, IPython syntax allowed) binds and reads."""
    code = _transformer.transform_cell(source)
    try:
        tree = ast.parse(code)
        table = symtable.symtable(code, "<cell>", "exec")
    except (SyntaxError, ValueError):
        return CellNames(opaque=True)
    globals_ = _global_names(table)
    reads, eager, binds, lazy = set(), set(), set(), {}
    for statement in tree.body:
        parts = _Statement()
        parts.visit(statement)
        for name in parts.stores:
            lazy[name] = lazy.get(name, frozenset()) | (parts.lazy & globals_)
        binds |= parts.stores
    _sequence(tree.body, set(), globals_, reads, eager)
    symbols = table.get_symbols()
    imports = {s.get_name() for s in symbols if s.is_imported()}
    constants = imports | {s.get_name() for s in symbols if s.is_namespace()}
    return CellNames(
        frozenset(binds),
        frozenset(reads),
        frozenset(eager),
        lazy,
        frozenset(constants & binds),
        frozenset(imports & binds),
        _seeds(tree),
        _opaque(tree),
    )


def _seeds(tree) -> frozenset[str]:
    """The generators seeded by the calls that open the cell (after its docstring)."""
    seeded = frozenset()
    for statement in tree.body:
        value = getattr(statement, "value", None)
        if isinstance(value, ast.Constant) and isinstance(value.value, str) and not seeded:
            continue  # a test cell's docstring
        if not isinstance(value, ast.Call):
            break
        name = ast.unparse(value.func)
        generators = SEEDERS.get(name) or SEEDERS.get(name.rsplit(".", 1)[-1])
        if generators is None or name.endswith(".seed") and name not in SEEDERS:
            break
        seeded |= generators
    return seeded


def _sequence(statements, bound: set, globals_: set, reads: set, eager: set) -> None:
    """Add to ``reads`` (and ``eager``) the globals ``statements`` load before they bind them for
    certain; a ``with`` block's body and a ``for`` loop's body (its targets bound) are followed
    statement by statement."""
    for statement in statements:
        if isinstance(statement, ast.With | ast.AsyncWith | ast.For | ast.AsyncFor):
            headers = (
                [item.context_expr for item in statement.items]
                if isinstance(statement, ast.With | ast.AsyncWith)
                else [statement.iter]
            )
            for header in headers:
                _read(header, bound, globals_, reads, eager)
            inner = bound | _bound_for_certain(statement)
            if isinstance(statement, ast.For | ast.AsyncFor):
                inner = bound | _target_names(statement.target)
            _sequence(statement.body, inner, globals_, reads, eager)
            _sequence(getattr(statement, "orelse", []), set(bound), globals_, reads, eager)
            if isinstance(statement, ast.With | ast.AsyncWith):
                bound |= inner
            continue
        _read(statement, bound, globals_, reads, eager)
        bound |= _bound_for_certain(statement)


def _read(node, bound: set, globals_: set, reads: set, eager: set) -> None:
    parts = _Statement()
    parts.visit(node)
    reads |= (parts.loads & globals_) - bound
    eager |= (parts.eager & globals_) - bound


def _global_names(table) -> set[str]:
    """Names referred to as globals in some scope of the cell (the top level's are all global)."""
    names = {s.get_name() for s in table.get_symbols() if s.is_referenced()}
    work = list(table.get_children())
    while work:
        child = work.pop()
        names |= {s.get_name() for s in child.get_symbols() if s.is_referenced() and s.is_global()}
        work += child.get_children()
    return names


class _Statement(ast.NodeVisitor):
    """The names one top-level statement loads (all, outside function bodies, inside them) and
    binds at the top level."""

    def __init__(self):
        self.loads, self.eager, self.lazy, self.stores = set(), set(), set(), set()
        self._function = self._inner = 0  # depth in function bodies; in classes or comprehensions
        self._locals: list[set[str]] = []  # the names local to each enclosing function

    def _store(self, name: str) -> None:
        if not self._function and not self._inner:
            self.stores.add(name)

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load):
            if any(node.id in names for names in self._locals):
                return
            self.loads.add(node.id)
            (self.lazy if self._function else self.eager).add(node.id)
        else:
            self._store(node.id)

    def visit_Attribute(self, node):
        self._through(node)

    def visit_Subscript(self, node):
        self._through(node)

    def _through(self, node):
        """``a.b = …`` and ``a[i] = …`` change ``a``."""
        self.generic_visit(node)
        if not isinstance(node.ctx, ast.Load):
            base = node.value
            while isinstance(base, ast.Attribute | ast.Subscript):
                base = base.value
            if isinstance(base, ast.Name):
                self._store(base.id)

    def visit_Import(self, node):
        for alias in node.names:
            self._store((alias.asname or alias.name).split(".")[0])

    visit_ImportFrom = visit_Import

    def visit_FunctionDef(self, node):
        for item in [*node.decorator_list, node.args, node.returns]:
            if item is not None:
                self.visit(item)
        self._store(node.name)
        self._body(node, node.body)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        self.visit(node.args)
        self._body(node, [node.body])

    def _body(self, node, body) -> None:
        self._function += 1
        self._locals.append(_local_names(node.args, body))
        for item in body:
            self.visit(item)
        self._locals.pop()
        self._function -= 1

    def visit_ClassDef(self, node):
        for item in [*node.decorator_list, *node.bases, *node.keywords]:
            self.visit(item)
        self._store(node.name)
        self._inner += 1
        for item in node.body:
            self.visit(item)
        self._inner -= 1

    def visit_NamedExpr(self, node):
        self.visit(node.value)
        if not self._function:
            self.stores.add(node.target.id)

    def generic_visit(self, node):
        if isinstance(node, _COMPREHENSIONS):
            self._inner += 1
            super().generic_visit(node)
            self._inner -= 1
        else:
            super().generic_visit(node)


def _local_names(args, body) -> set[str]:
    """A function's parameters and the names its own body binds (not those it declares global)."""
    names = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
    names |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    declared, work = set(), list(body)
    while work:
        node = work.pop()
        if isinstance(node, ast.Global | ast.Nonlocal):
            declared |= set(node.names)
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
            continue  # a scope of its own
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        if not isinstance(node, ast.Lambda | ast.FunctionDef | ast.AsyncFunctionDef):
            work.extend(ast.iter_child_nodes(node))
    return names - declared


def _target_names(target) -> set[str]:
    return {
        n.id for n in ast.walk(target) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }


def _bound_for_certain(statement) -> set[str]:
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {statement.name}
    if isinstance(statement, ast.Import | ast.ImportFrom):
        return {(a.asname or a.name).split(".")[0] for a in statement.names}
    targets = []
    if isinstance(statement, ast.Assign):
        targets = statement.targets
    elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
        targets = [statement.target]
    elif isinstance(statement, ast.With | ast.AsyncWith):
        targets = [item.optional_vars for item in statement.items if item.optional_vars]
        inner = set().union(*map(_bound_for_certain, statement.body))
        return inner.union(*map(_target_names, targets))
    return set().union(*map(_target_names, targets)) if targets else set()


def _opaque(tree) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Global | ast.Nonlocal):
            return True
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in OPAQUE_CALLS:
                return True
        if isinstance(node, ast.Constant) and node.value == "__main__":
            return True
    return False

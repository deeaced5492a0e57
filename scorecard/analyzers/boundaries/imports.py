"""Per-file import facts, read from the shared ``ast`` tree of one module.

Everything here depends only on the file's own text (never on its path or the rest of the
repository), so the result can be cached by blob id. Relative imports stay relative (leading
dots, as written); the summary resolves them once it knows the module's name.

The result is a plain JSON dict:

- ``imports``: ``[line, target, names, flags]`` rows. ``target`` is the dotted module as
  written (``..pkg.mod`` for relative ones); ``names`` is the list of imported names of a
  ``from`` import (``["*"]`` for a star import) or ``None`` for ``import a.b``.
- ``refs``: ``[line, bound_target, chain]``: attribute chains such as ``mod.helper`` or
  ``Klass._cache`` whose root name was bound by an import (``bound_target`` is what the
  import bound, e.g. ``.mod`` or ``pkg.mod.Klass``). This is what makes the private-name and
  unused-public checks symbol level.
- ``defs``: ``[name, line, kind]`` for top-level functions (``f``) and classes (``c``).
- ``bound``: every name bound at module level (``*`` when a star import makes it unknowable).
- ``reexports``: ``[local, target]`` for every name a module-level import binds (``*`` for
  a star import, with the module as target): what a package re-exports, and from where.
- ``all``: ``[line, names, dynamic]`` when the module assigns ``__all__``, else ``None``.
- ``lines``: non-blank lines, the module's size.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

__all__ = [
    "CONDITIONAL",
    "DYNAMIC",
    "FUNCTION",
    "TYPE_CHECKING",
    "extract_imports",
]

# Flags of an import row, combined bitwise.
TYPE_CHECKING = 1  # under `if TYPE_CHECKING:`: a dependency of the types, not of the runtime
FUNCTION = 2  # inside a function body: runs on first call, not at import time
CONDITIONAL = 4  # under if/try/loop at import time (optional dependencies, fallbacks)
DYNAMIC = 8  # importlib.import_module("literal") or __import__("literal")

MAX_CHAIN = 3  # attributes kept after the bound root: enough for module.symbol.member
_Body = list[ast.stmt]


def _is_type_checking(test: ast.expr) -> bool:
    """Recognise `TYPE_CHECKING`, `typing.TYPE_CHECKING` and any `x.TYPE_CHECKING` alias."""
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _relative(level: int, module: str | None) -> str:
    return "." * level + (module or "")


def _join(target: str, name: str) -> str:
    """Target of a name bound by `from target import name`, keeping relative dots intact."""
    return f"{target}{name}" if target.endswith(".") or not target else f"{target}.{name}"


def _children(node: ast.stmt, flags: int) -> Iterator[tuple[_Body, int, bool]]:
    """Yield the statement lists nested in a compound statement with the flags they run under.

    The boolean says whether the nested statements still run at module level (for bindings).
    """
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        yield node.body, flags | FUNCTION, False
    elif isinstance(node, ast.ClassDef):
        # A class body runs at import time, so its imports count as the module's own.
        yield node.body, flags, False
    elif isinstance(node, ast.If):
        if _is_type_checking(node.test):
            yield node.body, flags | TYPE_CHECKING, True
            yield node.orelse, flags | CONDITIONAL, True
        else:
            yield node.body, flags | CONDITIONAL, True
            yield node.orelse, flags | CONDITIONAL, True
    elif isinstance(node, ast.Try | ast.TryStar):
        # try/except ImportError is how optional dependencies and fallbacks are written.
        yield node.body, flags | CONDITIONAL, True
        for handler in node.handlers:
            yield handler.body, flags | CONDITIONAL, True
        yield node.orelse, flags | CONDITIONAL, True
        yield node.finalbody, flags, True
    elif isinstance(node, ast.For | ast.AsyncFor | ast.While):
        yield node.body, flags | CONDITIONAL, True
        yield node.orelse, flags | CONDITIONAL, True
    elif isinstance(node, ast.With | ast.AsyncWith):
        yield node.body, flags, True
    elif isinstance(node, ast.Match):
        for case in node.cases:
            yield case.body, flags | CONDITIONAL, True


def _target_names(target: ast.expr) -> Iterator[str]:
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from _target_names(element)
    elif isinstance(target, ast.Starred):
        yield from _target_names(target.value)


def _string_list(node: ast.expr) -> list[str] | None:
    """Return the strings of a list/tuple literal of string constants, else None."""
    if not isinstance(node, ast.List | ast.Tuple):
        return None
    names = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return names if len(names) == len(node.elts) else None


class _Extractor:
    """One pass over the statements, then one over the expressions, of a module."""

    def __init__(self) -> None:
        self.imports: list[list[Any]] = []
        self.defs: list[list[Any]] = []
        self.bound: set[str] = set()
        self.reexports: set[tuple[str, str]] = set()
        # Root name -> what the import bound to it; module-level rebinding removes the entry.
        self.bindings: dict[str, str] = {}
        self.rebound: set[str] = set()
        self.all_line = 0
        self.all_names: list[str] = []
        self.all_dynamic = False

    def statements(self, tree: ast.Module) -> None:
        stack: list[tuple[_Body, int, bool]] = [(tree.body, 0, True)]
        while stack:
            body, flags, top = stack.pop()
            for node in body:
                if isinstance(node, ast.Import | ast.ImportFrom):
                    self._import(node, flags, top)
                elif top:
                    self._binding(node)
                stack.extend(_children(node, flags))

    def _import(self, node: ast.Import | ast.ImportFrom, flags: int, top: bool) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.imports.append([node.lineno, alias.name, None, flags])
                # `import a.b` binds `a`; `import a.b as m` binds `m` to `a.b` itself.
                local = alias.asname or alias.name.partition(".")[0]
                bound = alias.name if alias.asname else local
                self._bind(local, bound, top)
            return
        target = _relative(node.level, node.module)
        names = [alias.name for alias in node.names]
        self.imports.append([node.lineno, target, names, flags])
        for alias in node.names:
            if alias.name == "*":
                if top:
                    self.bound.add("*")
                    self.reexports.add(("*", target))
                continue
            self._bind(alias.asname or alias.name, _join(target, alias.name), top)

    def _bind(self, local: str, target: str, top: bool) -> None:
        # Function-level imports bind locally; one flat map is close enough because a
        # name imported in two scopes almost always names the same thing.
        if local not in self.rebound:
            self.bindings.setdefault(local, target)
        if top:
            self.bound.add(local)
            self.reexports.add((local, target))

    def _rebind(self, name: str) -> None:
        self.bound.add(name)
        self.rebound.add(name)
        self.bindings.pop(name, None)

    def _binding(self, node: ast.stmt) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            self._rebind(node.name)
            kind = "c" if isinstance(node, ast.ClassDef) else "f"
            self.defs.append([node.name, node.lineno, kind])
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                for name in _target_names(target):
                    self._rebind(name)
                    if name == "__all__":
                        self._all_assign(node.lineno, node.value, extend=False)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            for name in _target_names(node.target):
                self._rebind(name)
                if name == "__all__" and node.value is not None:
                    self._all_assign(node.lineno, node.value,
                                     extend=isinstance(node, ast.AugAssign))
        elif isinstance(node, ast.For | ast.AsyncFor):
            for name in _target_names(node.target):
                self._rebind(name)
        elif isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                if item.optional_vars is not None:
                    for name in _target_names(item.optional_vars):
                        self._rebind(name)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            self._all_call(node.value)

    def _all_assign(self, line: int, value: ast.expr, *, extend: bool) -> None:
        names = _string_list(value)
        self.all_line = self.all_line or line
        if names is None:
            self.all_dynamic = True
        elif extend:
            self.all_names.extend(names)
        else:
            self.all_names = names

    def _all_call(self, call: ast.Call) -> None:
        """`__all__.extend([...])` and `__all__.append("x")` keep `__all__` a literal list."""
        func = call.func
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                and func.value.id == "__all__" and func.attr in ("extend", "append")):
            return
        argument = call.args[0] if len(call.args) == 1 else None
        if func.attr == "append" and isinstance(argument, ast.Constant) \
                and isinstance(argument.value, str):
            self.all_names.append(argument.value)
            return
        names = _string_list(argument) if argument is not None else None
        if names is None:
            self.all_dynamic = True
        else:
            self.all_names.extend(names)

    def expressions(self, tree: ast.Module) -> list[list[Any]]:
        """Attribute chains rooted at imported names, and literal dynamic imports."""
        bindings = self.bindings
        dynamic_callers = {local for local, target in bindings.items()
                           if target in ("importlib.import_module", "importlib")}
        refs: dict[tuple[str, str], int] = {}
        for node in _walk(tree):
            if isinstance(node, ast.Call):
                if node.args:
                    self._dynamic(node, dynamic_callers)
                continue
            chain: list[str] = []
            value: ast.AST = node
            while type(value) is ast.Attribute:
                chain.append(value.attr)
                value = value.value
            if type(value) is ast.Name and value.id in bindings:
                chain.reverse()
                key = (bindings[value.id], ".".join(chain[:MAX_CHAIN]))
                line = refs.get(key)
                if line is None or node.lineno < line:
                    refs[key] = node.lineno
        return [[line, target, chain] for (target, chain), line in sorted(
            refs.items(), key=lambda item: (item[1], item[0]))]

    def _dynamic(self, call: ast.Call, callers: set[str]) -> None:
        func = call.func
        is_dynamic = (
            (isinstance(func, ast.Name) and (func.id == "__import__" or (
                func.id in callers and self.bindings.get(func.id) == "importlib.import_module")))
            or (isinstance(func, ast.Attribute) and func.attr == "import_module"
                and isinstance(func.value, ast.Name) and func.value.id in callers)
        )
        first = call.args[0]
        if is_dynamic and isinstance(first, ast.Constant) and isinstance(first.value, str) \
                and first.value:
            # import_module(".mod", __package__) is relative; the leading dots say so.
            self.imports.append([call.lineno, first.value, None, DYNAMIC])


# Fields that never hold a node worth visiting here: expression contexts and plain values.
_SKIPPED_FIELDS = frozenset({"ctx", "id", "attr", "name", "names", "arg", "kind", "module",
                             "level", "type_comment", "conversion", "simple", "is_async",
                             "asname", "kwd_attrs", "rest", "type_ignores"})
_FIELDS: dict[type, tuple[str, ...]] = {}


def _walk(tree: ast.Module) -> Iterator[ast.Attribute | ast.Call]:
    """Yield every outermost Attribute and every Call below ``tree``.

    Faster than ``ast.walk`` for this purpose: it never descends into an attribute chain
    (the caller unwinds it) nor into contexts and scalar fields, which are most of a tree.
    """
    stack: list[ast.AST] = [tree]
    fields_of = _FIELDS
    while stack:
        node = stack.pop()
        kind = type(node)
        if isinstance(node, ast.Attribute):
            yield node
            # Keep walking below the chain's root (e.g. the call in `f(x).attr`).
            root: ast.expr = node
            while isinstance(root, ast.Attribute):
                root = root.value
            if type(root) is not ast.Name:
                stack.append(root)
            continue
        if isinstance(node, ast.Call):
            yield node
        fields = fields_of.get(kind)
        if fields is None:
            fields = fields_of[kind] = tuple(f for f in kind._fields if f not in _SKIPPED_FIELDS)
        for name in fields:
            value = getattr(node, name, None)
            if type(value) is list:
                stack.extend(v for v in value if isinstance(v, ast.AST))
            elif isinstance(value, ast.AST):
                stack.append(value)


def _non_blank_lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.strip())


def extract_imports(tree: ast.Module, text: str) -> dict[str, Any]:
    """Return the import facts of one parsed module (see the module docstring for the shape)."""
    extractor = _Extractor()
    extractor.statements(tree)
    refs = extractor.expressions(tree)
    extractor.imports.sort(key=lambda row: (row[0], row[1]))
    has_all = bool(extractor.all_line)
    return {
        "imports": extractor.imports,
        "refs": refs,
        "defs": sorted(extractor.defs, key=lambda row: (row[1], row[0])),
        "bound": sorted(extractor.bound),
        "reexports": [list(pair) for pair in sorted(extractor.reexports)],
        "all": [extractor.all_line, extractor.all_names, extractor.all_dynamic]
        if has_all else None,
        "lines": _non_blank_lines(text),
    }

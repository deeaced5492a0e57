"""What names mean in one module: imports, aliases, module-level bindings and string constants.

Override rules match *what a name refers to*, never the name itself: ``environ`` is process
env only when it was imported from ``os`` (a WSGI ``environ`` parameter or a local dict is
not), and ``config(...)`` is python-decouple only when imported from ``decouple``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from scorecard.analyzers.overrides.per_file.treeindex import FunctionNode, TreeIndex

__all__ = ["ModuleNames", "dotted", "function_locals", "module_names", "string_value"]


def dotted(expr: ast.expr) -> str | None:
    """Return ``a.b.c`` for a chain of attributes on a name, else None."""
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return None
    parts.append(expr.id)
    return ".".join(reversed(parts))


def string_value(expr: ast.expr | None) -> str | None:
    """Return the value of a plain string literal, else None."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    return None


@dataclass
class ModuleNames:
    """Name bindings of one module, for resolving references to qualified names."""

    module: str
    package: str
    aliases: dict[str, str] = field(default_factory=dict)  # local name -> qualified name
    stars: list[str] = field(default_factory=list)  # modules imported with ``*``
    defined: set[str] = field(default_factory=set)  # names bound at module level
    constants: dict[str, str] = field(default_factory=dict)  # NAME -> string, bound once
    # Answers of qualify by node: every detector asks about every call's function, and the
    # bindings above are complete before the first question.
    _qualified: dict[ast.expr, str | None] = field(default_factory=dict, repr=False,
                                                   compare=False)

    def qualify(self, expr: ast.expr) -> str | None:
        """Return the qualified name an expression refers to through imports, else None.

        ``os.environ`` with ``import os`` -> ``os.environ``; ``environ`` with
        ``from os import environ`` -> ``os.environ``. Names bound in the module itself
        resolve to ``<module>.<name>``; unknown names to None.
        """
        try:
            return self._qualified[expr]
        except KeyError:
            answer = self._qualified[expr] = self._qualify(expr)
            return answer

    def _qualify(self, expr: ast.expr) -> str | None:
        chain = dotted(expr)
        if chain is None:
            return None
        head, _, rest = chain.partition(".")
        target = self.aliases.get(head)
        if target is None:
            if head in self.defined:
                target = f"{self.module}.{head}" if self.module else head
            else:
                return None
        return f"{target}.{rest}" if rest else target

    def reference(self, expr: ast.expr) -> str | None:
        """Like :meth:`qualify`, but an unbound name under star imports becomes ``*name``.

        The ``*`` form is resolved across modules later, against the star-imported modules.
        """
        qualified = self.qualify(expr)
        if qualified is not None:
            return qualified
        chain = dotted(expr)
        if chain is None or not self.stars:
            return None
        return "*" + chain


def _resolve_relative(package: str, level: int, module: str | None) -> str:
    parts = package.split(".") if package else []
    if level > 1:
        parts = parts[: max(0, len(parts) - (level - 1))]
    if module:
        parts.append(module)
    return ".".join(parts)


def module_names(index: TreeIndex, module: str, is_package: bool) -> ModuleNames:
    """Collect the import aliases, stars, module-level names and string constants."""
    package = module if is_package else module.rpartition(".")[0]
    names = ModuleNames(module, package)
    for node in index.imports:
        if isinstance(node, ast.Import):
            _add_import(names, node)
        else:
            _add_from_import(names, node)
    _add_module_bindings(names, index.tree.body)
    # A module-level binding shadows an import of the same name (``environ = {}``).
    for name in names.defined:
        names.aliases.pop(name, None)
    return names


def _add_import(names: ModuleNames, node: ast.Import) -> None:
    """Note the aliases ``import a.b`` (binds ``a``) and ``import a.b as c`` bind."""
    for alias in node.names:
        if alias.asname:
            names.aliases[alias.asname] = alias.name
        else:
            head = alias.name.partition(".")[0]
            names.aliases[head] = head


def _add_from_import(names: ModuleNames, node: ast.ImportFrom) -> None:
    """Note the aliases a ``from ... import`` binds (relative ones resolved) and its stars."""
    source = node.module or ""
    if node.level:
        source = _resolve_relative(names.package, node.level, node.module)
    for alias in node.names:
        if alias.name == "*":
            names.stars.append(source)
            continue
        local = alias.asname or alias.name
        names.aliases[local] = f"{source}.{alias.name}" if source else alias.name


def _add_module_bindings(names: ModuleNames, body: list[ast.stmt]) -> None:
    """Note the names the module's own statements bind, and its string constants."""
    assigned_twice: set[str] = set()
    for statement in body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.defined.add(statement.name)
        elif isinstance(statement, ast.Assign | ast.AnnAssign):
            assigned_twice |= _add_assignment(names, statement)
    # A name rebound later is not a constant: its value at a given read is unknown.
    for name in assigned_twice:
        names.constants.pop(name, None)


def _add_assignment(names: ModuleNames, statement: ast.Assign | ast.AnnAssign) -> set[str]:
    """Note the names a module-level assignment binds; return those bound before."""
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    value = string_value(statement.value)
    rebound: set[str] = set()
    for target in targets:
        if not isinstance(target, ast.Name):
            continue
        if target.id in names.defined:
            rebound.add(target.id)
        names.defined.add(target.id)
        if value is not None:
            names.constants[target.id] = value
    return rebound


def function_locals(function: FunctionNode) -> set[str]:
    """Return the parameter names and names assigned in a function's own body."""
    args = function.args
    bound = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
    if args.vararg:
        bound.add(args.vararg.arg)
    if args.kwarg:
        bound.add(args.kwarg.arg)
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)
    return bound

"""Collect the documentable definitions of one parsed module, the way interrogate visits them.

interrogate (v1.7) counts one node per ``Module``, ``ClassDef``, ``FunctionDef`` and
``AsyncFunctionDef`` wherever it occurs (inside ``if``/``try`` blocks, inside functions,
inside classes). A node is covered when ``ast.get_docstring`` returns a string that is not
blank after ``strip()``. This module records every such node with the facts that interrogate's
ignore switches and our public-API rules need, but decides nothing: the per-file result must
not depend on options, because it is cached by blob id alone.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

__all__ = [
    "DECORATOR_OVERLOAD",
    "DECORATOR_PROPERTY",
    "DECORATOR_DELETER",
    "DECORATOR_SETTER",
    "MODULE_EMPTY",
    "DocNode",
    "collect_nodes",
]

# Decorator facts as bits, so a node row stays a short list of JSON scalars.
DECORATOR_PROPERTY = 1  # interrogate's "property decorators": @property, @x.setter, @x.deleter
DECORATOR_SETTER = 2  # interrogate's "setters": @x.setter only
DECORATOR_OVERLOAD = 4  # @overload or @typing.overload
DECORATOR_DELETER = 8  # @x.deleter (the public-API rules skip setters and deleters alike)
MODULE_EMPTY = 16  # on the module row: a module with no statements at all

_DefNode = ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class DocNode:
    """One documentable definition (or the module itself).

    ``node_type`` is the ast class name, as interrogate records it; ``parent`` is the index
    of the enclosing counted node (-1 for the module); ``exported`` is None when the module
    has no literal ``__all__``, else whether a top-level name is listed in it.
    """

    node_type: str
    name: str
    line: int
    covered: bool
    parent: int
    decorators: int
    exported: bool | None

    def to_row(self) -> list[object]:
        """Compact row for the per-file cache."""
        return [self.node_type, self.name, self.line, int(self.covered), self.parent,
                self.decorators, self.exported]

    @classmethod
    def from_row(cls, row: list[object]) -> DocNode:
        """Rebuild from :meth:`to_row` output."""
        exported = row[6]
        return cls(str(row[0]), str(row[1]), int(str(row[2])), bool(row[3]), int(str(row[4])),
                   int(str(row[5])), None if exported is None else bool(exported))


def has_docstring(node: ast.Module | _DefNode) -> bool:
    """Return interrogate's notion of covered: a docstring that is not blank."""
    doc = ast.get_docstring(node)
    return doc is not None and doc.strip() != ""


def _decorator_bits(node: _DefNode) -> int:
    """Mirror interrogate's decorator tests, including what they do not recognise.

    interrogate looks only at a bare ``id`` or an ``attr``: ``@property`` and any
    ``@<x>.setter`` / ``@<x>.deleter`` count as property decorators, ``@functools.cached_property``
    and called decorators such as ``@property()`` do not.
    """
    bits = 0
    for decorator in node.decorator_list:
        if isinstance(decorator, ast.Name):
            if decorator.id == "property":
                bits |= DECORATOR_PROPERTY
            if decorator.id == "overload":
                bits |= DECORATOR_OVERLOAD
        elif isinstance(decorator, ast.Attribute):
            if decorator.attr in ("setter", "deleter"):
                bits |= DECORATOR_PROPERTY
            if decorator.attr == "setter":
                bits |= DECORATOR_SETTER
            if decorator.attr == "deleter":
                bits |= DECORATOR_DELETER
            if (decorator.attr == "overload" and isinstance(decorator.value, ast.Name)
                    and decorator.value.id == "typing"):
                bits |= DECORATOR_OVERLOAD
    return bits


def _literal_all(tree: ast.Module) -> set[str] | None:
    """Return the names in a literal module-level ``__all__`` (None when there is none).

    ``__all__ = [...]``, ``__all__: list[str] = [...]`` and ``__all__ += [...]`` are read;
    anything computed makes the answer None, because guessing would hide public names.
    """
    names: set[str] | None = None
    for statement in tree.body:
        target: ast.expr | None = None
        value: ast.expr | None = None
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign | ast.AugAssign):
            target, value = statement.target, statement.value
        if not (isinstance(target, ast.Name) and target.id == "__all__") or value is None:
            continue
        if not isinstance(value, ast.List | ast.Tuple) or not all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts
        ):
            return None
        listed = {str(e.value) for e in value.elts if isinstance(e, ast.Constant)}
        names = (names or set()) | listed if isinstance(statement, ast.AugAssign) else listed
    return names


def collect_nodes(tree: ast.Module, filename: str) -> list[DocNode]:
    """Return the module node followed by every class and function, in interrogate's order.

    interrogate's visitor appends a node before descending into it (pre-order, source order),
    so parents always precede their children and ``parent`` indexes are stable.
    """
    exported_names = _literal_all(tree)
    module_flags = 0 if tree.body else MODULE_EMPTY
    nodes = [DocNode("Module", filename.rsplit("/", 1)[-1], 1, has_docstring(tree), -1,
                     module_flags, None)]
    top_level = {id(n) for n in _module_level_defs(tree)}
    stack: list[tuple[ast.AST, int]] = [(child, 0) for child in reversed(_statements(tree))]
    while stack:
        node, parent = stack.pop()
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            exported: bool | None = None
            if exported_names is not None and id(node) in top_level:
                exported = node.name in exported_names
            nodes.append(DocNode(type(node).__name__, node.name, node.lineno,
                                 has_docstring(node), parent, _decorator_bits(node), exported))
            parent = len(nodes) - 1
        stack.extend((child, parent) for child in reversed(_statements(node)))
    return nodes


def _statements(node: ast.AST) -> list[ast.AST]:
    """Return the statement-level children of a node, in field order.

    Definitions only occur as statements, so walking statement lists (bodies, handlers,
    ``else`` and ``finally`` blocks, match cases) finds every node interrogate's full
    ``generic_visit`` finds, in the same order, without visiting each expression.
    """
    found: list[ast.AST] = []
    for field in node._fields:
        value = getattr(node, field, None)
        if isinstance(value, list):
            found.extend(item for item in value
                         if isinstance(item, ast.stmt | ast.excepthandler | ast.match_case))
    return found


def _module_level_defs(tree: ast.Module) -> list[_DefNode]:
    """Definitions that run at import time: top level, or inside module-level if/try/with."""
    found: list[_DefNode] = []
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        statement = pending.pop()
        if isinstance(statement, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            found.append(statement)
        elif isinstance(statement, ast.If | ast.Try | ast.TryStar | ast.With):
            pending.extend(statement.body)
            pending.extend(getattr(statement, "orelse", []))
            pending.extend(getattr(statement, "finalbody", []))
            for handler in getattr(statement, "handlers", []):
                pending.extend(handler.body)
    return found

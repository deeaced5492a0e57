"""Per-file import facts of a file in a tree-sitter language (JavaScript, TypeScript, Go).

The node kinds come from the file's :class:`~scorecard.languages.spec.LanguageSpec`
(``import_types``, ``import_source_field``, ``call_types``, ``require_functions``,
``dynamic_import_types``, ``type_only_import_tokens``): one tree-sitter query per language
finds them in C, and the specifier is read from the string node the grammar parsed, never
from the source text by pattern.

The result has the shape of the Python step's (see :mod:`.imports`), with only what the
graph needs: ``imports`` rows ``[line, specifier, None, flags]`` (the specifier as written:
``./a``, ``react``, ``example.com/m/pkg``) and ``lines``, the file's non-blank lines. Flags
are the Python ones: ``TYPE_CHECKING`` for a type-only import (erased at compile time),
``DYNAMIC`` for ``import("x")`` (but ``TYPE_CHECKING`` for one written in a type,
``a: import("x").T``, see ``type_context_types``), ``FUNCTION`` and ``CONDITIONAL`` for a
``require`` call inside a function or under a condition, loop or ``try``.

A TypeScript module that declares types and nothing else (interfaces and type aliases,
exported; imports; ``declare`` statements) is marked ``types_only``: tsc erases every import
of it, so the graph counts an edge to it as type-only, like ``import type``. Two model
files that import each other's interfaces are no cycle at run time.
"""

from __future__ import annotations

from typing import Any

from tree_sitter import Node, Query, QueryCursor

from scorecard.analyzers.boundaries.imports import CONDITIONAL, DYNAMIC, FUNCTION, TYPE_CHECKING
from scorecard.languages.measure import SyntaxTree, grammar_kinds, grammar_language
from scorecard.languages.spec import LanguageSpec

__all__ = ["extract_syntax_imports"]

_QUERIES: dict[str, Query | None] = {}


def _query(spec: LanguageSpec) -> Query | None:
    """Return the language's import query (None when it declares no import nodes)."""
    if spec.key in _QUERIES:
        return _QUERIES[spec.key]
    language = grammar_language(spec)
    patterns = []
    statements = grammar_kinds(language, spec.import_types, named=True)
    if statements:
        patterns.append("[" + " ".join(f"({k})" for k in statements) + "] @import")
    for call in grammar_kinds(language, spec.call_types, named=True):
        if spec.require_functions:
            patterns.append(f"({call} function: (identifier) @callee) @require")
        patterns.extend(f"({call} function: ({kind})) @dynamic"
                        for kind in grammar_kinds(language, spec.dynamic_import_types, named=True))
    query = Query(language, "\n".join(patterns)) if patterns else None
    _QUERIES[spec.key] = query
    return query


def _string_value(spec: LanguageSpec, node: Node | None) -> str | None:
    """Return the contents of a plain string literal node, else None."""
    if node is None or node.type not in spec.string_types or node.text is None:
        return None
    if any(child.type in spec.opaque_types for child in node.named_children):
        return None  # a template string with substitutions names no module we can know
    raw = node.text.decode("utf-8", "replace")
    return raw[1:-1] if len(raw) >= 2 else None


def _statement_source(spec: LanguageSpec, statement: Node) -> Node | None:
    """Return the specifier node of an import statement, or None (``export const x``)."""
    source = statement.child_by_field_name(spec.import_source_field)
    if source is not None:
        return source
    for child in statement.named_children:
        source = child.child_by_field_name(spec.import_source_field)
        if source is not None:
            return source
    return None


def _call_flags(spec: LanguageSpec, call: Node) -> int:
    """Return FUNCTION inside a function body, CONDITIONAL under a condition, loop or try."""
    flags = 0
    branching = (spec.if_types | spec.loop_types | spec.try_types | spec.catch_types
                 | spec.switch_types | spec.ternary_types)
    parent = call.parent
    while parent is not None:
        if parent.type in spec.function_types:
            return flags | FUNCTION  # what encloses the function runs when it is called
        if parent.type in branching:
            flags |= CONDITIONAL
        parent = parent.parent
    return flags


def _in_type(spec: LanguageSpec, call: Node) -> bool:
    """Tell whether a call is written inside a type (so it is erased, never run)."""
    parent = call.parent
    while parent is not None and parent.type not in spec.function_types:
        if parent.type in spec.type_context_types:
            return True
        parent = parent.parent
    return False


def _first_argument(call: Node) -> Node | None:
    arguments = call.child_by_field_name("arguments")
    if arguments is None or not arguments.named_children:
        return None
    return arguments.named_children[0]


def _rows(spec: LanguageSpec, captures: dict[str, list[Node]]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for statement in captures.get("import", ()):
        specifier = _string_value(spec, _statement_source(spec, statement))
        if not specifier:
            continue
        type_only = any(not child.is_named and child.type in spec.type_only_import_tokens
                        for child in statement.children)
        rows.append([statement.start_point.row + 1, specifier, None,
                     TYPE_CHECKING if type_only else 0])
    for call in captures.get("require", ()):
        callee = call.child_by_field_name("function")
        if callee is None or callee.text is None or \
                callee.text.decode("utf-8", "replace") not in spec.require_functions:
            continue
        specifier = _string_value(spec, _first_argument(call))
        if specifier:
            rows.append([call.start_point.row + 1, specifier, None, _call_flags(spec, call)])
    for call in captures.get("dynamic", ()):
        specifier = _string_value(spec, _first_argument(call))
        if specifier:
            flags = TYPE_CHECKING if _in_type(spec, call) else DYNAMIC | _call_flags(spec, call)
            rows.append([call.start_point.row + 1, specifier, None, flags])
    rows.sort(key=lambda row: (row[0], row[1]))
    return rows


# Top-level statements that leave nothing at run time, and exported declarations of types.
_ERASED_STATEMENTS = frozenset({"comment", "import_statement", "interface_declaration",
                                "type_alias_declaration", "ambient_declaration",
                                "empty_statement"})
_TYPE_DECLARATIONS = frozenset({"interface_declaration", "type_alias_declaration"})
_TYPED_LANGUAGES = frozenset({"typescript", "tsx"})


def _declares_types_only(spec: LanguageSpec, root: Node) -> bool:
    """Tell whether a TypeScript module exports types and has no statement that runs."""
    if spec.key not in _TYPED_LANGUAGES:
        return False
    exported = False
    for statement in root.named_children:
        if statement.type == "export_statement":
            declared = [c for c in statement.named_children if c.type != "comment"]
            if not declared or any(c.type not in _TYPE_DECLARATIONS for c in declared):
                return False  # a value, a re-export or an export clause
            exported = True
        elif statement.type not in _ERASED_STATEMENTS:
            return False
    return exported


def extract_syntax_imports(syntax: SyntaxTree, text: str) -> dict[str, Any]:
    """Return the import rows and size of one parsed file (see the module docstring)."""
    query = _query(syntax.spec)
    root = syntax.tree.root_node
    captures = QueryCursor(query).captures(root) if query is not None else {}
    facts: dict[str, Any] = {
        "imports": _rows(syntax.spec, captures),
        "lines": sum(1 for line in text.splitlines() if line.strip()),
    }
    if _declares_types_only(syntax.spec, root):
        facts["types_only"] = True
    return facts

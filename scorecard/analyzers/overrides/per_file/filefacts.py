"""The working state of one file's analysis, shared by the per-source detectors.

Each detector (env reads, libraries, CLI options, settings classes, config files) adds the
keys it recognises and marks the literal defaults it owns, so that the operational-constant
rules later know which literals an operator can already override.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from scorecard.analyzers.overrides.per_file.keyexpr import DynamicKey, source_text
from scorecard.analyzers.overrides.per_file.names import ModuleNames
from scorecard.analyzers.overrides.per_file.records import KeyKind, OverrideKey
from scorecard.analyzers.overrides.per_file.treeindex import TreeIndex

__all__ = ["FileFacts", "default_text", "is_literal_expr"]


def is_literal_expr(node: ast.AST) -> bool:
    """Return True for a constant or constant arithmetic on constants (``60 * 5``, ``-1``)."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return is_literal_expr(node.operand)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult | ast.Add | ast.Sub
                                                  | ast.Div | ast.FloorDiv | ast.Pow):
        return is_literal_expr(node.left) and is_literal_expr(node.right)
    return False


def default_text(node: ast.expr | None) -> str | None:
    """Return the source text of a default value (None when there is none)."""
    return None if node is None else source_text(node)


@dataclass
class FileFacts:
    """Everything detected in one file so far."""

    path: str
    index: TreeIndex
    names: ModuleNames
    keys: list[OverrideKey] = field(default_factory=list)
    dynamic: list[list[Any]] = field(default_factory=list)  # [line, source text, what]
    # id(node) -> (key name, mechanism): literals and names that are defaults of an override.
    defaults: dict[int, tuple[str, str]] = field(default_factory=dict)
    default_literals: list[tuple[ast.expr, str, str]] = field(default_factory=list)
    handled_calls: set[int] = field(default_factory=set)  # calls already read as a source
    # function name -> [[param index, param name, prefix, suffix, required]]
    wrapper_reads: dict[str, list[list[Any]]] = field(default_factory=dict)
    readers: dict[str, str] = field(default_factory=dict)  # module name -> reader kind
    markers: set[str] = field(default_factory=set)  # hints for the project-kind guess
    extra: dict[str, Any] = field(default_factory=dict)  # per-source facts resolved repo-wide

    def add(self, kind: KeyKind, name: str, node: ast.AST, source: str, *,
            required: bool = False, default: ast.expr | None = None) -> None:
        """Record one override key read at ``node``."""
        line = getattr(node, "lineno", 0)
        self.keys.append(OverrideKey(kind.value, name, line, source, required,
                                     default_text(default)))
        if default is not None:
            self.mark_default(default, name, source)

    def mark_default(self, node: ast.expr, key: str, source: str) -> None:
        """Note that the literals in ``node`` are the default of override ``key``."""
        # Calls inside a default (``default=os.getenv("K", 5)``) are sources of their own and
        # have marked their own defaults; their arguments are not this key's literals.
        stack: list[ast.expr] = [node]
        while stack:
            child = stack.pop()
            if isinstance(child, ast.Call):
                continue
            if id(child) in self.defaults:
                continue
            if is_literal_expr(child):
                # ``1024 * 1024`` is one default, not two.
                for part in ast.walk(child):
                    self.defaults[id(part)] = (key, source)
                self.default_literals.append((child, key, source))
                continue
            if isinstance(child, ast.Name):
                # A named constant used as a default is overridable too (traced later).
                self.defaults[id(child)] = (key, source)
            stack.extend(c for c in ast.iter_child_nodes(child) if isinstance(c, ast.expr))

    def add_dynamic(self, node: ast.AST, key: DynamicKey, what: str) -> None:
        """Record a read whose key is computed at run time."""
        self.dynamic.append([getattr(node, "lineno", 0), key.text, what])

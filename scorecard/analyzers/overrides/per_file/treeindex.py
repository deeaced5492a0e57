"""One pass over a module's shared tree, sorting the nodes the override rules look at.

Every rule (env reads, CLI options, settings classes, constants) looks at a few node types;
walking the tree once and bucketing those nodes keeps this analyzer's cost a small share of
a scan. Enclosing functions are found by line span afterwards instead of carrying a parent
stack through the walk, because only a few nodes ever need to know theirs.
"""

from __future__ import annotations

import ast
import bisect
from dataclasses import dataclass, field

from scorecard.parsing import tree_nodes

__all__ = ["FunctionNode", "TreeIndex", "index_tree"]

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass
class TreeIndex:
    """The nodes of one module that override detection needs, in source order."""

    tree: ast.Module
    calls: list[ast.Call] = field(default_factory=list)
    subscripts: list[ast.Subscript] = field(default_factory=list)
    compares: list[ast.Compare] = field(default_factory=list)
    functions: list[FunctionNode] = field(default_factory=list)
    classes: list[ast.ClassDef] = field(default_factory=list)
    imports: list[ast.Import | ast.ImportFrom] = field(default_factory=list)
    strings: list[ast.Constant] = field(default_factory=list)
    iterated: list[ast.expr] = field(default_factory=list)
    withs: list[ast.With | ast.AsyncWith] = field(default_factory=list)
    tries: list[ast.Try] = field(default_factory=list)
    ifs: list[ast.If] = field(default_factory=list)
    dicts: list[ast.Dict] = field(default_factory=list)
    names: list[ast.Name] = field(default_factory=list)
    fragments: set[int] = field(default_factory=set)  # ids of f-string literal pieces
    _spans: list[tuple[int, int, FunctionNode]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    def top_function_at(self, line: int) -> FunctionNode | None:
        """Return the module-level function whose body spans ``line``, if any."""
        if not self._starts:
            self._spans = sorted(
                (f.lineno, f.end_lineno or f.lineno, f) for f in self.tree.body
                if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
            )
            self._starts = [s[0] for s in self._spans] or [0]
        if not self._spans:
            return None
        at = bisect.bisect_right(self._starts, line) - 1
        if at < 0:
            return None
        start, end, function = self._spans[at]
        return function if start <= line <= end else None

    def innermost_function_at(self, line: int) -> FunctionNode | None:
        """Return the innermost function (at any depth) whose span holds ``line``."""
        best: FunctionNode | None = None
        for function in self.functions:
            if function.lineno <= line <= (function.end_lineno or function.lineno) and (
                best is None or function.lineno >= best.lineno
            ):
                best = function
        return best


# The node types each bucket of the index collects (``ast.walk`` sees every node once).
_BUCKETS: dict[type[ast.AST], str] = {
    ast.Name: "names", ast.Call: "calls", ast.Subscript: "subscripts", ast.Compare: "compares",
    ast.FunctionDef: "functions", ast.AsyncFunctionDef: "functions", ast.ClassDef: "classes",
    ast.Import: "imports", ast.ImportFrom: "imports", ast.With: "withs", ast.AsyncWith: "withs",
    ast.Try: "tries", ast.TryStar: "tries", ast.If: "ifs", ast.Dict: "dicts",
}
_LOOPS = (ast.For, ast.AsyncFor, ast.comprehension)


def _index_special(index: TreeIndex, node: ast.AST) -> None:
    """Index the nodes that are not kept whole: strings, what loops iterate, f-string parts."""
    kind = type(node)
    if kind is ast.Constant and type(node.value) is str:  # type: ignore[attr-defined]
        index.strings.append(node)  # type: ignore[arg-type]
    elif kind in _LOOPS:
        index.iterated.append(node.iter)  # type: ignore[attr-defined]
    elif kind is ast.JoinedStr:
        index.fragments.update(id(v) for v in node.values)  # type: ignore[attr-defined]


def index_tree(tree: ast.Module) -> TreeIndex:
    """Walk ``tree`` once and bucket the nodes the override rules read."""
    index = TreeIndex(tree)
    buckets: dict[type[ast.AST], list[ast.AST]] = {
        kind: getattr(index, name) for kind, name in _BUCKETS.items()}
    for node in tree_nodes(tree):
        bucket = buckets.get(type(node))
        if bucket is not None:
            bucket.append(node)
        else:
            _index_special(index, node)
    # ast.walk is breadth-first; rules report in source order.
    for ordered in (index.calls, index.subscripts, index.compares, index.functions,
                    index.classes, index.strings):
        ordered.sort(key=_position)
    return index


def _position(node: ast.AST) -> tuple[int, int]:
    return getattr(node, "lineno", 0), getattr(node, "col_offset", 0)

"""Per-function measures: radon's cyclomatic complexity, cognitive complexity, size and shape.

Cyclomatic complexity follows radon's rules and is computed by radon's visitor on the shared
tree, so the numbers are radon's; cognitive complexity follows SonarSource's definition.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from radon.visitors import ComplexityVisitor

from scorecard.analyzers.cognitive import cognitive_complexity, max_nesting_depth
from scorecard.facts.complexity import FunctionRow

__all__ = ["FunctionNode", "FunctionRow", "FunctionStats", "function_stats", "iter_functions",
           "measure_functions", "radon_complexities"]

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class FunctionStats:
    """Measurements of one function or method."""

    path: str
    qualname: str
    line: int
    cyclomatic: int
    cognitive: int
    length: int
    nesting: int
    parameters: int
    digest: str = ""  # hash of the function's source lines: tells an edited function apart

    def to_row(self) -> FunctionRow:
        """Compact row for the per-file cache."""
        return FunctionRow(self.qualname, self.line, self.cyclomatic, self.cognitive,
                           self.length, self.nesting, self.parameters, self.digest)

    @classmethod
    def from_row(cls, path: str, row: FunctionRow) -> FunctionStats:
        """Rebuild from :meth:`to_row` output."""
        return cls(path, *row)


def radon_complexities(visitor: ComplexityVisitor) -> dict[tuple[int, int], int]:
    """Return a (line, column) -> complexity map of every function block radon listed."""
    by_position: dict[tuple[int, int], int] = {}
    pending = list(visitor.functions)
    for klass in visitor.classes:
        pending.extend(klass.methods)
    while pending:
        function = pending.pop()
        by_position[(function.lineno, function.col_offset)] = function.complexity
        pending.extend(function.closures)
    return by_position


def _statement_lists(node: ast.AST) -> Iterator[list[ast.stmt]]:
    """Yield the statement lists directly inside a node (the only place a def can be)."""
    for name in ("body", "orelse", "finalbody"):
        block = getattr(node, name, None)
        if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
            yield block
    for handler in getattr(node, "handlers", ()):
        yield handler.body
    for case in getattr(node, "cases", ()):
        yield case.body


def iter_functions(tree: ast.Module, prefix: str = "", in_class: bool = False,
                   ) -> Iterator[tuple[str, FunctionNode, bool]]:
    """Yield (qualified name, node, is_method) for every function, method and closure.

    ``prefix`` and ``in_class`` say where the module's statements stand: a class body's
    statements, measured on their own, have the class's name as prefix.
    Only statement lists are walked: a ``def`` cannot appear inside an expression, and
    skipping expressions makes this walk a small fraction of the tree.
    """
    stack: list[tuple[ast.AST, str, bool]] = [(tree, prefix, in_class)]
    while stack:
        node, prefix, in_class = stack.pop()
        for block in _statement_lists(node):
            for child in block:
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    qualname = f"{prefix}{child.name}"
                    yield qualname, child, in_class
                    stack.append((child, f"{qualname}.", False))
                elif isinstance(child, ast.ClassDef):
                    stack.append((child, f"{prefix}{child.name}.", True))
                else:
                    stack.append((child, prefix, in_class))


def _parameter_count(node: FunctionNode, is_method: bool) -> int:
    """Count the parameters a caller supplies (a method's receiver is not one)."""
    args = node.args
    names = [a.arg for a in (*args.posonlyargs, *args.args)]
    count = len(names) + len(args.kwonlyargs)
    count += (args.vararg is not None) + (args.kwarg is not None)
    # The receiver of a method is not something a caller has to supply or understand.
    is_static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)
    if is_method and not is_static and names and names[0] in ("self", "cls", "mcs", "metacls"):
        count -= 1
    return count


def _digest(lines: list[str], first: int, last: int) -> str:
    """Hash lines first..last (1-based): the same function text gives the same digest."""
    body = "\n".join(lines[first - 1 : last]).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(body, digest_size=6).hexdigest()


def measure_functions(
    path: str, tree: ast.Module, text: str = ""
) -> tuple[int, list[FunctionStats]]:
    """Measure every function of a parsed module; also return radon's total complexity."""
    visitor = ComplexityVisitor.from_ast(tree)
    stats = function_stats(path, iter_functions(tree), radon_complexities(visitor),
                           text.splitlines())
    return int(visitor.total_complexity), stats


def function_stats(path: str, functions: Iterable[tuple[str, FunctionNode, bool]],
                   radon_cc: dict[tuple[int, int], int], lines: list[str]) -> list[FunctionStats]:
    """Measure the given functions, sorted by line (``radon_cc`` from radon's visitor)."""
    stats: list[FunctionStats] = []
    for qualname, node, is_method in functions:
        cyclomatic = radon_cc.get((node.lineno, node.col_offset))
        if cyclomatic is None:
            # radon does not list functions nested in classes nested in functions; measure alone.
            cyclomatic = int(ComplexityVisitor.from_ast(node).functions[0].complexity)
        end = node.end_lineno or node.lineno
        stats.append(FunctionStats(
            path=path,
            qualname=qualname,
            line=node.lineno,
            cyclomatic=cyclomatic,
            cognitive=cognitive_complexity(node),
            length=end - node.lineno + 1,
            nesting=max_nesting_depth(node),
            parameters=_parameter_count(node, is_method),
            digest=_digest(lines, node.lineno, end),
        ))
    stats.sort(key=lambda s: s.line)
    return stats

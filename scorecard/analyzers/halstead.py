"""radon's Halstead counts of a syntax tree, in one loop instead of a visitor per node.

radon computes the Halstead volume behind the maintainability index with
``radon.visitors.HalsteadVisitor``, an ``ast.NodeVisitor``: every node costs a method lookup
and a recursive call, and every function body a visitor of its own. The counts below are
radon's, rule for rule (its visitor is the oracle in the tests, on every module of Python's
standard library):

* an operator is the ``op`` of a ``BinOp``, ``UnaryOp``, ``BoolOp`` or ``AugAssign`` (one
  each) and the ``ops`` of a ``Compare`` (all of them); distinct operators are told apart by
  the operator's class name;
* its operands: both sides of a ``BinOp`` and an ``AugAssign``, the operand of a
  ``UnaryOp``, every value of a ``BoolOp``, every comparator of a ``Compare`` plus its left
  side;
* a distinct operand is the pair (innermost enclosing function's name, or None at module
  level; the operand's identifier, attribute name or constant value), or the syntax node
  itself for any other operand, which no other operand equals;
* a function (``def`` or ``async def``) is read through its body only: radon's visitor
  skips its decorators, default values and annotations.
"""

from __future__ import annotations

import ast
from collections.abc import Hashable
from dataclasses import dataclass, field
from types import SimpleNamespace

from radon.metrics import halstead_visitor_report

__all__ = ["HalsteadCounts", "count_halstead"]



@dataclass(slots=True)
class HalsteadCounts:
    """Operator and operand counts of a tree, as radon's ``HalsteadVisitor`` keeps them."""

    operators: int = 0
    operands: int = 0
    operators_seen: set[str] = field(default_factory=set)
    operands_seen: set[tuple[str | None, Hashable]] = field(default_factory=set)

    @property
    def volume(self) -> float:
        """Radon's Halstead volume of these counts (by radon's own report function)."""
        report = halstead_visitor_report(SimpleNamespace(
            distinct_operators=len(self.operators_seen),
            distinct_operands=len(self.operands_seen),
            operators=self.operators, operands=self.operands))
        return float(report.volume)


def _operand_identity(operand: ast.AST) -> Hashable:
    """Return the identity radon gives an operand: its name, attribute, constant or itself."""
    if isinstance(operand, ast.Name):
        return operand.id
    if isinstance(operand, ast.Attribute):
        return operand.attr
    if isinstance(operand, ast.Constant):
        value: Hashable = operand.value
        return value
    return operand


def _operation(node: ast.AST) -> tuple[list[ast.AST], list[ast.expr]] | None:
    """Return the operators and operands ``node`` itself holds, or None when it holds none."""
    kind = type(node)
    if kind is ast.BinOp:
        assert isinstance(node, ast.BinOp)
        return [node.op], [node.left, node.right]
    if kind is ast.Compare:
        assert isinstance(node, ast.Compare)
        return list(node.ops), [*node.comparators, node.left]
    if kind is ast.BoolOp:
        assert isinstance(node, ast.BoolOp)
        return [node.op], list(node.values)
    if kind is ast.UnaryOp:
        assert isinstance(node, ast.UnaryOp)
        return [node.op], [node.operand]
    if kind is ast.AugAssign:
        assert isinstance(node, ast.AugAssign)
        return [node.op], [node.target, node.value]
    return None


_COUNTED = frozenset({ast.BinOp, ast.Compare, ast.BoolOp, ast.UnaryOp, ast.AugAssign})
_FUNCTION_KINDS = frozenset({ast.FunctionDef, ast.AsyncFunctionDef})


def count_halstead(node: ast.AST, context: str | None = None,
                   into: HalsteadCounts | None = None) -> HalsteadCounts:
    """Return radon's Halstead counts of ``node`` (``HalsteadVisitor.from_ast(node, context)``).

    ``into``: counts to add to (a class header's parts add up), else new ones. One loop
    over an explicit stack per function body (the context), children read straight from
    each node's fields: no visitor dispatch, no recursion (so no depth limit either).
    """
    counts = into if into is not None else HalsteadCounts()
    operators_seen, operands_seen = counts.operators_seen, counts.operands_seen
    syntax_node, counted, functions = ast.AST, _COUNTED, _FUNCTION_KINDS  # local: the hot loop
    bodies: list[tuple[str | None, list[ast.AST]]] = [(context, [node])]
    while bodies:
        where, stack = bodies.pop()
        pop, push = stack.pop, stack.append
        while stack:
            current = pop()
            kind = current.__class__
            if kind in functions:
                # radon's visit_FunctionDef: the body only, each statement in the function's name.
                bodies.append((current.name, list(current.body)))  # type: ignore[attr-defined]
                continue
            if kind in counted:
                operation = _operation(current)
                assert operation is not None
                operators, operands = operation
                counts.operators += len(operators)
                counts.operands += len(operands)
                operators_seen.update(type(op).__name__ for op in operators)
                operands_seen.update((where, _operand_identity(o)) for o in operands)
            for name in current._fields:
                value = getattr(current, name, None)
                if value.__class__ is list:
                    for item in value:
                        if isinstance(item, syntax_node):
                            push(item)
                elif isinstance(value, syntax_node):
                    push(value)
    return counts

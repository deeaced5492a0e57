"""Cognitive complexity (SonarSource) and maximum nesting depth of Python functions.

Cognitive complexity follows G. Ann Campbell's white paper ("Cognitive Complexity, a new way
of measuring understandability", SonarSource), mapped onto Python's ``ast``:

- B1, increments (+1): ``if``, ``elif``, ``else`` (of an ``if``), the conditional expression
  ``x if c else y``, ``for``/``async for``, ``while``, each ``except`` clause, ``match`` (the
  switch: once, not per ``case``), each sequence of like boolean operators, and each
  recursive call (the function's own name, or ``self.name``/``cls.name`` in a method).
- B2, nesting level: raised inside the bodies of ``if``/``elif``/``else``, loops, ``except``,
  ``match`` cases, conditional expressions, and nested functions, lambdas and their bodies.
- B3, nesting increments: ``if``, conditional expressions, loops, ``except`` and ``match``
  add the current nesting level on top of their +1; ``elif`` and ``else`` do not (hybrid).
- Not counted: ``try`` and ``finally`` (the paper's catch is the ``except``), ``with``, the
  ``else`` of loops and of ``try`` (the paper counts ``else`` only for conditionals), and
  comprehensions (no structural increment; boolean operators and conditional expressions
  inside them still count). Python has no labelled ``break``/``continue``, so no jumps count.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

__all__ = ["FunctionNode", "cognitive_complexity", "max_nesting_depth"]

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
_LOOPS = (ast.For, ast.AsyncFor, ast.While)
_NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


class _Counter:
    """Walks one function body and accumulates cognitive complexity."""

    def __init__(self, func: FunctionNode, is_method: bool) -> None:
        self.name = func.name
        self.is_method = is_method
        self.total = 0

    # -- statements ---------------------------------------------------------------------

    def block(self, body: list[ast.stmt], nesting: int) -> None:
        for statement in body:
            self.statement(statement, nesting)

    def statement(self, node: ast.stmt, nesting: int) -> None:
        if isinstance(node, ast.If):
            self.total += 1 + nesting  # B1 + B3
            self.expression(node.test, nesting)
            self.block(node.body, nesting + 1)
            self._else_chain(node.orelse, nesting)
        elif isinstance(node, _LOOPS):
            self.total += 1 + nesting
            if isinstance(node, ast.While):
                self.expression(node.test, nesting)
            else:
                self.expression(node.iter, nesting)
            self.block(node.body, nesting + 1)
            self.block(node.orelse, nesting + 1)  # loop-else: no increment, still nested
        elif isinstance(node, ast.Try | ast.TryStar):
            self.block(node.body, nesting)  # try adds nothing: the except is the branch
            for handler in node.handlers:
                self.total += 1 + nesting
                if handler.type is not None:
                    self.expression(handler.type, nesting)
                self.block(handler.body, nesting + 1)
            self.block(node.orelse, nesting)
            self.block(node.finalbody, nesting)
        elif isinstance(node, ast.Match):
            self.total += 1 + nesting  # the switch counts once, its cases do not
            self.expression(node.subject, nesting)
            for case in node.cases:
                if case.guard is not None:
                    self.expression(case.guard, nesting + 1)
                self.block(case.body, nesting + 1)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            # B2: a nested function raises the nesting of everything inside it.
            self.block(node.body, nesting + 1)
        elif isinstance(node, ast.ClassDef):
            self.block(node.body, nesting)
        elif isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                self.expression(item.context_expr, nesting)
            self.block(node.body, nesting)
        else:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.expression(child, nesting)

    def _else_chain(self, orelse: list[ast.stmt], nesting: int) -> None:
        """``elif`` and ``else``: +1 each (hybrid), bodies nested one level deeper."""
        while orelse:
            if len(orelse) == 1 and isinstance(orelse[0], ast.If):
                elif_node = orelse[0]
                self.total += 1
                self.expression(elif_node.test, nesting)
                self.block(elif_node.body, nesting + 1)
                orelse = elif_node.orelse
            else:
                self.total += 1
                self.block(orelse, nesting + 1)
                return

    # -- expressions --------------------------------------------------------------------

    def expression(self, node: ast.expr, nesting: int, parent_op: type | None = None) -> None:
        if isinstance(node, ast.BoolOp):
            # A run of like operators is one sequence: ``a and b and c`` is +1. The parser
            # already flattens such runs; a parenthesised operand with the same operator
            # continues the run, a different operator starts a new one.
            if type(node.op) is not parent_op:
                self.total += 1
            for value in node.values:
                self.expression(value, nesting, type(node.op))
            return
        if isinstance(node, ast.IfExp):
            self.total += 1 + nesting
            self.expression(node.test, nesting)
            self.expression(node.body, nesting + 1)
            self.expression(node.orelse, nesting + 1)
            return
        if isinstance(node, ast.Lambda):
            self.expression(node.body, nesting + 1)
            return
        if isinstance(node, ast.Call) and self._is_recursive(node.func):
            self.total += 1
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.expression(child, nesting)
            elif isinstance(child, ast.comprehension):
                self.expression(child.iter, nesting)
                for condition in child.ifs:
                    self.expression(condition, nesting)
            elif isinstance(child, ast.keyword | ast.arg):
                for grandchild in ast.iter_child_nodes(child):
                    if isinstance(grandchild, ast.expr):
                        self.expression(grandchild, nesting)

    def _is_recursive(self, func: ast.expr) -> bool:
        if isinstance(func, ast.Name):
            return func.id == self.name and not self.is_method
        return (self.is_method and isinstance(func, ast.Attribute) and func.attr == self.name
                and isinstance(func.value, ast.Name) and func.value.id in ("self", "cls"))


def _looks_like_method(func: FunctionNode) -> bool:
    args = func.args.posonlyargs + func.args.args
    return bool(args) and args[0].arg in ("self", "cls")


def cognitive_complexity(func: FunctionNode) -> int:
    """Sonar cognitive complexity of one function, nested functions and lambdas included."""
    counter = _Counter(func, _looks_like_method(func))
    counter.block(func.body, 0)
    return counter.total


_BLOCKS = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Try, ast.TryStar, ast.With,
           ast.AsyncWith, ast.Match)


def _child_blocks(node: ast.stmt) -> Iterator[list[ast.stmt]]:
    if isinstance(node, ast.If):
        yield node.body
        orelse = node.orelse
        # An elif chain is one level of nesting, not one level per elif.
        while len(orelse) == 1 and isinstance(orelse[0], ast.If):
            yield orelse[0].body
            orelse = orelse[0].orelse
        yield orelse
    elif isinstance(node, ast.Try | ast.TryStar):
        yield node.body
        for handler in node.handlers:
            yield handler.body
        yield node.orelse
        yield node.finalbody
    elif isinstance(node, ast.Match):
        for case in node.cases:
            yield case.body
    elif isinstance(node, _LOOPS):
        yield node.body
        yield node.orelse
    elif isinstance(node, ast.With | ast.AsyncWith):
        yield node.body


def _depth(body: list[ast.stmt]) -> int:
    deepest = 0
    for statement in body:
        if isinstance(statement, _BLOCKS):
            inner = max((_depth(block) for block in _child_blocks(statement)), default=0)
            deepest = max(deepest, 1 + inner)
    return deepest


def max_nesting_depth(func: FunctionNode) -> int:
    """Deepest nesting of control-flow blocks in the function's own body.

    ``if`` (with its whole ``elif``/``else`` chain), loops, ``try``, ``with`` and ``match``
    each add one level; nested functions and classes are measured on their own, not here.
    """
    return _depth(func.body)

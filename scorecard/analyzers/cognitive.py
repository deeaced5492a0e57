"""Cognitive complexity and maximum nesting depth of Python functions.

Cognitive complexity follows G. Ann Campbell, "Cognitive Complexity: A new way of measuring
understandability" (SonarSource white paper, version 1.7), read against Python's ``ast``.
Its three kinds of rule are cited below as B1 (increments: +1 for each break in the linear
flow), B2 (structures that raise the nesting level) and B3 (increments that also add the
current nesting level). Where the paper leaves a Python construct open, the choice follows
SonarSource's own Python analyzer (sonar-python) unless noted.

B1 and B3 (+1, plus the nesting level):

- ``if``, the conditional expression ``x if c else y``, ``for``/``async for``, ``while``,
  each ``except``/``except*`` clause, and ``match`` (the paper's switch: once for the
  statement, nothing per ``case``; sonar-python gives ``match`` no increment at all, here
  the paper wins).

B1 only (+1, hybrid, no nesting level):

- ``elif``; ``else`` of an ``if``; ``else`` of a ``for``/``while`` loop and of a ``try``
  (sonar-python counts every ``else`` clause; the loop ``else`` is how Python writes the
  paper's labelled ``continue OUTER``, so the paper's sumOfPrimes still scores 7).
  ``else:`` holding a lone ``if`` is not an ``elif``: the ``else`` is +1 and the ``if``
  is nested inside it (told apart by the ``if``'s column).
- each sequence of like boolean operators in the order they are written: ``a and b and c``
  is +1, ``a and b or c`` is +2, ``a or b and c or d`` is +3. Parentheses do not break a
  sequence (``a and (b and c)`` is +1, ``a and (b or c) and d`` is +3): Python's ``ast``
  keeps no parentheses, and SonarSource's Java analyzer skips them the same way (sonar-python
  instead starts a new sequence inside them). ``not (...)`` or any other wrapper (a call, a
  comparison) starts a new sequence, as in the paper's ``a && !(b && c)``.
- recursion: each call, anywhere in the function, to the function's own name, or to
  ``self.name``/``cls.name`` when the first parameter is ``self``/``cls`` (the paper counts
  each method in a recursion cycle; only direct recursion is visible in one function, and
  sonar-python does not count recursion yet). Nested functions are checked the same way.
- no jumps: Python has no labelled ``break``/``continue`` or ``goto``; plain ``break``,
  ``continue``, ``return`` and ``raise`` add nothing, as in the paper.

B2 (nesting level +1, no increment of its own):

- the bodies of ``if``/``elif``/``else``, loops and their ``else``, ``except`` clauses,
  ``try``'s ``else``, ``match`` cases (with their guards) and all three operands of a
  conditional expression (as sonar-python does);
- nested functions and lambdas (the paper's "nested methods and lambdas"), including the
  methods of a class defined inside the function: one level below the ``class`` statement,
  whose body itself adds none (net +1, as in Sonar's Java analyzer; sonar-python instead
  restarts such methods at level 0). Exception, as in sonar-python: a decorator's wrapper
  (the enclosing function holds nothing else but ``return <name>`` statements and a
  docstring) stays at the enclosing level.

Adds nothing: ``try`` and ``finally`` (the paper counts the catch, not the try), ``with``
and ``async with``, ``assert``, ``await``, and comprehensions and generator expressions
(sonar-python gives their ``for``/``if`` clauses no increment; boolean operators and
conditional expressions inside them still count at the surrounding level).

Maximum nesting depth counts control-flow blocks, not cognitive weight: ``if`` (with its
whole ``elif``/``else`` chain: one level), ``for``/``while`` (their ``else`` included),
``try`` (all its clauses), ``with`` and ``match`` each add one level. Comprehensions and
lambdas are expressions, not blocks, and add none; nested functions and classes are left out
because they are measured as functions of their own.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["FunctionNode", "cognitive_complexity", "max_nesting_depth"]

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef

_RECEIVERS = ("self", "cls")


@dataclass(frozen=True)
class _Scope:
    """A function being walked: how a recursive call to it is spelled."""

    name: str
    receiver: str | None  # "self"/"cls" for a method, None for a plain function
    static: bool  # a @staticmethod: neither spelling reaches it


def _scope(func: FunctionNode) -> _Scope:
    """Describe ``func`` as a target of recursive calls."""
    params = func.args.posonlyargs + func.args.args
    receiver = params[0].arg if params and params[0].arg in _RECEIVERS else None
    static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in func.decorator_list)
    return _Scope(func.name, receiver, static)


def _is_elif(parent: ast.If, orelse: list[ast.stmt]) -> bool:
    """Tell an ``elif`` from an ``else:`` block holding a lone ``if``.

    Both parse to a lone ``If``; an ``elif`` starts in the parent's column, an ``if`` inside
    an ``else:`` block is indented deeper (trees built without positions count as ``elif``).
    """
    if len(orelse) != 1 or not isinstance(orelse[0], ast.If):
        return False
    return getattr(orelse[0], "col_offset", None) == getattr(parent, "col_offset", None)


def _wrapped_def(body: list[ast.stmt]) -> ast.stmt | None:
    """Return the inner function of a decorator-style wrapper, if ``body`` is one.

    A wrapper body is one nested function plus nothing but ``return <name>`` statements
    (and a docstring).
    """
    defs = [s for s in body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)]
    if len(defs) != 1:
        return None
    rest = body[1:] if _is_docstring(body[0]) else body
    simple = all(_returns_a_name(s) for s in rest if s is not defs[0])
    return defs[0] if simple else None


def _is_docstring(statement: ast.stmt) -> bool:
    """Tell whether ``statement`` is a bare string (a docstring in first place)."""
    return (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str))


def _returns_a_name(statement: ast.stmt) -> bool:
    """Tell whether ``statement`` is ``return <name>``."""
    return isinstance(statement, ast.Return) and isinstance(statement.value, ast.Name)


class _Counter:
    """Walks one function and accumulates its cognitive complexity."""

    def __init__(self) -> None:
        """Start from zero, outside any function."""
        self.total = 0
        self.scopes: list[_Scope] = []
        self.flat_defs: set[int] = set()  # ids of wrapper functions that add no nesting

    # -- functions and classes ----------------------------------------------------------

    def function(self, func: FunctionNode, nesting: int) -> None:
        """Walk a function body whose statements sit at ``nesting``."""
        wrapped = _wrapped_def(func.body)
        if wrapped is not None:
            self.flat_defs.add(id(wrapped))
        self.scopes.append(_scope(func))
        self.block(func.body, nesting)
        self.scopes.pop()

    def nested_def(self, node: FunctionNode, nesting: int) -> None:
        """Walk a function defined inside the one being measured."""
        # Decorators, defaults and annotations run in the enclosing scope, at its level.
        for decorator in node.decorator_list:
            self.expression(decorator, nesting)
        self.generic(node.args, nesting)
        if node.returns is not None:
            self.expression(node.returns, nesting)
        # B2: a nested function raises the nesting level of its body, without an increment
        # of its own; a decorator's wrapper does not (sonar-python's exception).
        inner = nesting if id(node) in self.flat_defs else nesting + 1
        self.function(node, inner)

    def class_def(self, node: ast.ClassDef, nesting: int) -> None:
        """Walk a class defined inside the function."""
        for child in (*node.decorator_list, *node.bases):
            self.expression(child, nesting)
        for keyword in node.keywords:
            self.expression(keyword.value, nesting)
        # B2 names no class structure: the body stays at this level, and its methods are
        # nested functions (one level deeper) like any other.
        self.block(node.body, nesting)

    # -- statements ---------------------------------------------------------------------

    def block(self, body: list[ast.stmt], nesting: int) -> None:
        """Walk a list of statements at one nesting level."""
        for statement in body:
            self.statement(statement, nesting)

    def statement(self, node: ast.stmt, nesting: int) -> None:
        """Walk one statement, dispatching on its kind."""
        if isinstance(node, ast.If):
            self.if_statement(node, nesting)
        elif isinstance(node, ast.For | ast.AsyncFor | ast.While):
            self.loop(node, nesting)
        elif isinstance(node, ast.Try | ast.TryStar):
            self.try_statement(node, nesting)
        elif isinstance(node, ast.Match):
            self.match_statement(node, nesting)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            self.nested_def(node, nesting)
        elif isinstance(node, ast.ClassDef):
            self.class_def(node, nesting)
        elif isinstance(node, ast.With | ast.AsyncWith):
            # Not a B1 structure: a context manager does not branch; its body is not nested.
            for item in node.items:
                self.generic(item, nesting)
            self.block(node.body, nesting)
        else:
            # Straight-line statements (break/continue/return/raise included: Python has no
            # labelled jumps, so B1's "break or continue to a label" never applies).
            self.generic(node, nesting)

    def if_statement(self, node: ast.If, nesting: int) -> None:
        """Count an ``if`` with its ``elif``/``else`` chain."""
        # B1 + B3: ``if`` is +1 plus the nesting level; B2: its body is one level deeper.
        self.total += 1 + nesting
        self.expression(node.test, nesting)
        self.block(node.body, nesting + 1)
        parent, orelse = node, node.orelse
        while orelse:
            if _is_elif(parent, orelse):
                # B1 (hybrid): ``elif`` is +1 without the nesting level; B2: body nested.
                elif_node = orelse[0]
                assert isinstance(elif_node, ast.If)
                self.total += 1
                self.expression(elif_node.test, nesting)
                self.block(elif_node.body, nesting + 1)
                parent, orelse = elif_node, elif_node.orelse
            else:
                # B1 (hybrid): ``else`` is +1 without the nesting level; B2: body nested.
                self.total += 1
                self.block(orelse, nesting + 1)
                return

    def loop(self, node: ast.For | ast.AsyncFor | ast.While, nesting: int) -> None:
        """Count a ``for``, ``async for`` or ``while`` loop with its ``else``."""
        # B1 + B3: ``for``, ``async for`` and ``while`` are +1 plus the nesting level.
        self.total += 1 + nesting
        if isinstance(node, ast.While):
            self.expression(node.test, nesting)
        else:
            self.expression(node.target, nesting)
            self.expression(node.iter, nesting)
        self.block(node.body, nesting + 1)  # B2
        self._else_clause(node.orelse, nesting)

    def try_statement(self, node: ast.Try | ast.TryStar, nesting: int) -> None:
        """Count a ``try`` statement's ``except`` clauses and ``else``."""
        # B1 counts the catch, not the try: the ``try`` body stays at this level.
        self.block(node.body, nesting)
        for handler in node.handlers:
            # B1 + B3: each ``except`` clause is +1 plus the nesting level; B2: body nested.
            self.total += 1 + nesting
            if handler.type is not None:
                self.expression(handler.type, nesting)
            self.block(handler.body, nesting + 1)
        self._else_clause(node.orelse, nesting)
        self.block(node.finalbody, nesting)  # ``finally`` adds nothing (as in the paper)

    def _else_clause(self, orelse: list[ast.stmt], nesting: int) -> None:
        """``else`` of a loop or ``try``: +1, body nested (sonar-python's reading)."""
        if orelse:
            # B1 (hybrid, as the ``else`` of an ``if``): +1 without the nesting level; it is
            # the loop ``else`` that stands in for the paper's labelled continue. B2: nested.
            self.total += 1
            self.block(orelse, nesting + 1)

    def match_statement(self, node: ast.Match, nesting: int) -> None:
        """Count a ``match`` statement once and walk its cases."""
        # B1 + B3: ``match`` is the paper's switch, +1 plus the nesting level once for the
        # whole statement, nothing per ``case``. B2: the cases are one level deeper.
        self.total += 1 + nesting
        self.expression(node.subject, nesting)
        for case in node.cases:
            self.generic(case.pattern, nesting + 1)
            if case.guard is not None:
                self.expression(case.guard, nesting + 1)
            self.block(case.body, nesting + 1)

    # -- expressions --------------------------------------------------------------------

    def expression(self, node: ast.expr, nesting: int) -> None:
        """Walk one expression, dispatching on its kind."""
        if isinstance(node, ast.BoolOp):
            self.boolean(node, nesting)
        elif isinstance(node, ast.IfExp):
            # B1 + B3: the conditional expression is the paper's ternary, +1 plus the nesting
            # level. B2: all three operands are one level deeper (as in sonar-python).
            self.total += 1 + nesting
            for part in (node.test, node.body, node.orelse):
                self.expression(part, nesting + 1)
        elif isinstance(node, ast.Lambda):
            # B2: a lambda raises the nesting level of its body, without an increment.
            self.generic(node.args, nesting)
            self.expression(node.body, nesting + 1)
        else:
            if isinstance(node, ast.Call) and self.is_recursive(node.func):
                self.total += 1  # B1: recursion (a direct call to an enclosing function)
            # Comprehensions land here: their ``for``/``if`` clauses add nothing and no
            # nesting level, but what they contain is walked.
            self.generic(node, nesting)

    def boolean(self, node: ast.BoolOp, nesting: int) -> None:
        """Count the sequences of a boolean expression, then walk its operands."""
        # B1: +1 for each sequence of like boolean operators, reading the operators in
        # source order. Python's ast puts a run of one operator in one BoolOp and nests the
        # other operator (``a or b and c`` is Or[a, And[b, c]]), so operand BoolOps are
        # flattened in place; anything else (``not``, a call, a comparison) is an operand
        # whose own operators form separate sequences.
        operators: list[type[ast.boolop]] = []
        operands: list[ast.expr] = []
        _flatten(node, operators, operands)
        previous: type[ast.boolop] | None = None
        for operator in operators:
            if operator is not previous:
                self.total += 1
            previous = operator
        for operand in operands:
            self.expression(operand, nesting)

    def is_recursive(self, callee: ast.expr) -> bool:
        """Tell whether calling ``callee`` calls a function being walked."""
        for scope in self.scopes:
            if scope.static:
                continue
            if scope.receiver is None:
                if isinstance(callee, ast.Name) and callee.id == scope.name:
                    return True
            elif (isinstance(callee, ast.Attribute) and callee.attr == scope.name
                  and isinstance(callee.value, ast.Name) and callee.value.id == scope.receiver):
                return True
        return False

    def generic(self, node: ast.AST, nesting: int) -> None:
        """Walk the children of a node that has no rule of its own."""
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.expression(child, nesting)
            elif isinstance(child, ast.stmt):
                self.statement(child, nesting)
            else:
                self.generic(child, nesting)


def _flatten(node: ast.BoolOp, operators: list[type[ast.boolop]], operands: list[ast.expr]) -> None:
    """List ``node``'s boolean operators in source order, and its non-boolean operands."""
    for index, value in enumerate(node.values):
        if index:
            operators.append(type(node.op))
        if isinstance(value, ast.BoolOp):
            _flatten(value, operators, operands)
        else:
            operands.append(value)


def cognitive_complexity(func: FunctionNode) -> int:
    """Sonar cognitive complexity of one function.

    Nested functions, lambdas and classes inside it count towards it, with the nesting level
    they sit at, as in Sonar. The module docstring lists how each rule maps to Python.
    """
    counter = _Counter()
    counter.function(func, 0)
    return counter.total


_BLOCKS = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Try, ast.TryStar, ast.With,
           ast.AsyncWith, ast.Match)


def _child_blocks(node: ast.stmt) -> Iterator[list[ast.stmt]]:
    """Yield the statement lists one level below ``node``."""
    if isinstance(node, ast.If):
        yield node.body
        parent, orelse = node, node.orelse
        # An elif chain is one level of nesting, not one level per elif.
        while _is_elif(parent, orelse):
            elif_node = orelse[0]
            assert isinstance(elif_node, ast.If)
            yield elif_node.body
            parent, orelse = elif_node, elif_node.orelse
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
    elif isinstance(node, ast.For | ast.AsyncFor | ast.While):
        yield node.body
        yield node.orelse
    elif isinstance(node, ast.With | ast.AsyncWith):
        yield node.body


def _depth(body: list[ast.stmt]) -> int:
    """Return the deepest block nesting within ``body``."""
    deepest = 0
    for statement in body:
        if isinstance(statement, _BLOCKS):
            inner = max((_depth(block) for block in _child_blocks(statement)), default=0)
            deepest = max(deepest, 1 + inner)
    return deepest


def max_nesting_depth(func: FunctionNode) -> int:
    """Deepest nesting of control-flow blocks in the function's own body.

    ``if`` (with its whole ``elif``/``else`` chain), ``for``/``while``, ``try``, ``with`` and
    ``match`` each add one level; straight-line code is 0. Comprehensions and lambdas add
    none; nested functions and classes are measured on their own, not here.
    """
    return _depth(func.body)

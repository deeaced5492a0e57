"""Cognitive complexity and nesting depth, checked against values worked out by hand.

Each case carries its increments as comments: B1 is the paper's +1, "(n)" the nesting level
added by B3.
"""

from __future__ import annotations

import ast
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.analyzers.cognitive import FunctionNode, cognitive_complexity, max_nesting_depth


def _function(source: str) -> FunctionNode:
    """The first function of ``source`` (breadth first, so the outermost one)."""
    tree = ast.parse(textwrap.dedent(source))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return node
    raise AssertionError("no function in the source")


COGNITIVE: dict[str, tuple[str, int]] = {
    "straight line": ("""
        def f(a):
            b = a + 1
            return b
    """, 0),
    # The white paper's sumOfPrimes: Java's `continue OUTER` becomes the loop `else`.
    "white paper sumOfPrimes": ("""
        def sum_of_primes(limit):
            total = 0
            for i in range(2, limit + 1):   # +1
                for j in range(2, i):       # +2 (1)
                    if i % j == 0:          # +3 (2)
                        break
                else:                       # +1
                    total += i
            return total
    """, 7),
    "sumOfPrimes with a plain continue": ("""
        def sum_of_primes(limit):
            total = 0
            for i in range(2, limit + 1):   # +1
                prime = True
                for j in range(2, i):       # +2 (1)
                    if i % j == 0:          # +3 (2)
                        prime = False
                        continue
                total += i if prime else 0  # +2 (1)
            return total
    """, 8),
    # The white paper's getWords: the switch counts once, its cases not at all.
    "white paper getWords": ("""
        def get_words(number):
            match number:                   # +1
                case 1:
                    return "one"
                case 2:
                    return "a couple"
                case _:
                    return "lots"
    """, 1),
    # The white paper's boolean sequences.
    "like operators are one sequence": ("""
        def f(a, b, c):
            return a and b and c            # +1
    """, 1),
    "a and b or c": ("""
        def f(a, b, c):
            return a and b or c             # +1 +1
    """, 2),
    "white paper mixed sequence": ("""
        def f(a, b, c, d, e, g):
            if (a                           # +1
                    and b and c             # +1
                    or d or e               # +1
                    and g):                 # +1
                pass
    """, 4),
    "white paper negated group": ("""
        def f(a, b, c):
            if (a                           # +1
                    and                     # +1
                    not (b and c)):         # +1
                pass
    """, 3),
    "operators read in source order": ("""
        def f(a, b, c, d):
            return a or b and c or d        # +1 +1 +1
    """, 3),
    "parentheses keep a sequence": ("""
        def f(a, b, c):
            return a and (b and c)          # +1
    """, 1),
    "a parenthesised other operator": ("""
        def f(a, b, c, d):
            return a and (b or c) and d     # +1 +1 +1
    """, 3),
    "a call argument is its own expression": ("""
        def f(a, b, c):
            return g(a and b) and c         # +1 +1
    """, 2),
    "sonar-python and_or": ("""
        def f():
            foo(1 and 2 and 3 and 4)        # +1
            foo(1 or 2 or 3 or 4)           # +1
            foo(1 and 2 or 3 or 4)          # +1 +1
            foo(1 and 2 or 3 and 4)         # +1 +1 +1
    """, 7),
    "boolean operators take no nesting": ("""
        def f(a, b, c):
            for x in a:                     # +1
                if x:                       # +2 (1)
                    y = b or c              # +1
    """, 4),
    # Recursion.
    "direct recursion": ("""
        def factorial(n):
            if n < 2:                       # +1
                return 1
            return n * factorial(n - 1)     # +1
    """, 2),
    "recursion inside a ternary": ("""
        def fact(n):
            return 1 if n < 2 else n * fact(n - 1)   # +1, recursion +1
    """, 2),
    "recursive method": ("""
        class Tree:
            def walk(self, node):
                for child in node.children:          # +1
                    self.walk(child)                 # +1
    """, 2),
    "a method's bare name is another function": ("""
        class Tree:
            def walk(self, node):
                for child in node.children:          # +1
                    walk(child)
    """, 1),
    "recursive classmethod": ("""
        class Tree:
            @classmethod
            def build(cls, depth):
                return None if depth == 0 else cls.build(depth - 1)   # +1, recursion +1
    """, 2),
    "staticmethod: the bare name is a global": ("""
        class Tree:
            @staticmethod
            def build(depth):
                return build(depth - 1)
    """, 0),
    "recursion through a nested function": ("""
        def outer(n):
            def helper(m):
                return outer(m - 1)         # +1
            return helper(n)
    """, 1),
    # try / except / else / finally.
    "try and finally add nothing": ("""
        def f(c):
            try:
                if c:                       # +1
                    pass
            finally:
                if c:                       # +1
                    pass
    """, 2),
    "each except is nested": ("""
        def f(c):
            try:
                if c:                       # +1
                    pass
            except KeyError:                # +1
                if c:                       # +2 (1)
                    pass
            except (TypeError, ValueError): # +1
                if c:                       # +2 (1)
                    pass
            finally:
                if c:                       # +1
                    pass
    """, 8),
    "try else": ("""
        def f(c):
            try:
                pass
            except KeyError:                # +1
                pass
            else:                           # +1
                if c:                       # +2 (1)
                    pass
    """, 4),
    "except inside a loop": ("""
        def f(xs):
            for x in xs:                    # +1
                try:
                    x()
                except Exception:           # +2 (1)
                    continue
    """, 3),
    "except star": ("""
        def f(c):
            try:
                pass
            except* ValueError:             # +1
                if c:                       # +2 (1)
                    pass
    """, 3),
    # if / elif / else.
    "elif and else chain": ("""
        def f(x):
            if x > 1:                       # +1
                return 1
            elif x > 0:                     # +1
                return 2
            elif x < -5:                    # +1
                return 3
            else:                           # +1
                return 4
    """, 4),
    "if inside else is not an elif": ("""
        def f(a, b):
            if a:                           # +1
                pass
            else:                           # +1
                if b:                       # +2 (1)
                    pass
    """, 4),
    "if nested in an elif": ("""
        def f(a, b):
            if a:                           # +1
                pass
            elif b:                         # +1
                if a:                       # +2 (1)
                    pass
    """, 4),
    "else of a nested if": ("""
        def f(a, b):
            if a:                           # +1
                if b:                       # +2 (1)
                    pass
                else:                       # +1
                    pass
    """, 4),
    "three nested ifs": ("""
        def f(a):
            if a:                           # +1
                if a:                       # +2 (1)
                    if a:                   # +3 (2)
                        pass
    """, 6),
    # Loops and their else.
    "while else": ("""
        def f(c):
            while c:                        # +1
                pass
            else:                           # +1
                if c:                       # +2 (1)
                    pass
    """, 4),
    "jumps add nothing": ("""
        def f(c):
            if c:                           # +1
                return
            elif c:                         # +1
                return 42
            while c:                        # +1
                if c:                       # +2 (1)
                    break
                elif c:                     # +1
                    continue
    """, 6),
    "with adds nothing": ("""
        def f(x):
            while x:                        # +1
                for y in x:                 # +2 (1)
                    with open(y) as h:
                        if h:               # +3 (2)
                            break
    """, 6),
    # Lambdas.
    "lambda raises the nesting": ("""
        def f(xs):
            return sorted(xs, key=lambda x: x if x else 0)   # +2 (1)
    """, 2),
    "lambda in an if": ("""
        def f(c):
            if c:                                    # +1
                g = lambda x: 1 if x else 0          # +3 (2)
                return g
    """, 4),
    "lambda boolean": ("""
        def f():
            return lambda a, b: a and b              # +1
    """, 1),
    # Nested functions and classes.
    "nested def": ("""
        def outer(c):
            if c:                           # +1
                pass
            def inner():
                if c:                       # +2 (1)
                    pass
            return inner()
    """, 3),
    "def inside an if": ("""
        def f(c):
            if c:                           # +1
                def g():
                    if c:                   # +3 (2)
                        pass
                g()
    """, 4),
    "decorator wrapper keeps the level": ("""
        def decorator(func):
            \"\"\"Log before calling.\"\"\"
            def wrapper(*args):
                if args:                    # +1 (wrapper: level 0)
                    print("before")
                return func(*args)
            return wrapper
    """, 1),
    "decorator factory keeps the level": ("""
        def repeat(times):
            def decorator(func):
                def wrapper(*args):
                    for _ in range(times):  # +1
                        func(*args)
                return wrapper
            return decorator
    """, 1),
    "not a plain wrapper": ("""
        def decorator(func):
            def wrapper():
                if func:                    # +2 (1)
                    func()
            return wrapper if func else None   # +1
    """, 3),
    "methods of a nested class are nested": ("""
        def f(b):
            class A:
                def m(self):
                    return 1 if b else 2    # +2 (1)
            return 1 if b else 2            # +1
    """, 3),
    "a class in a method": ("""
        class A:
            def method(self, c):
                if c:                       # +1
                    class B:
                        pass
    """, 1),
    # Conditional expressions.
    "ternary": ("""
        def f(c):
            return 1 if c else 0            # +1
    """, 1),
    "ternary nested in the else branch": ("""
        def f(a, b):
            return 1 if a else (2 if b else 3)      # +1, +2 (1)
    """, 3),
    "ternary nested in the condition": ("""
        def f(a, b):
            return 1 if (a if b else 0) else 3      # +1, +2 (1)
    """, 3),
    "ternary inside an if": ("""
        def f(x):
            if x:                           # +1
                y = 1 if x else 2           # +2 (1)
                return y
    """, 3),
    "ternary inside a loop inside an if": ("""
        def f(xs):
            if xs:                          # +1
                for x in xs:                # +2 (1)
                    print(1 if x else 0)    # +3 (2)
    """, 6),
    # match.
    "match in a loop, guard and nested if": ("""
        def f(events):
            for event in events:                    # +1
                match event:                        # +2 (1)
                    case {"kind": "stop"}:
                        return
                    case {"kind": k} if k and event:    # +1
                        if k == "x":                # +3 (2)
                            pass
    """, 7),
    "match case bodies are nested": ("""
        def f(x):
            match x:                        # +1
                case [a, b]:
                    return a if b else 0    # +2 (1)
                case _:
                    return None
    """, 3),
    # async.
    "async for and async with": ("""
        async def f(xs):
            async for x in xs:              # +1
                async with x:
                    if x:                   # +2 (1)
                        await x
    """, 3),
    "await and async comprehension": ("""
        async def f(xs):
            while True:                     # +1
                ys = [y async for y in xs if y or not ys]   # +1
                if await g(ys):             # +2 (1)
                    return ys
    """, 4),
    # Comprehensions.
    "comprehension clauses add nothing": ("""
        def f(xs):
            return [x for x in xs if x]
    """, 0),
    "operators inside a comprehension count": ("""
        def f(xs, y):
            return {x: (1 if x else 0) for x in xs if x and y}   # +1, +1
    """, 2),
    "comprehension in an if": ("""
        def f(xs):
            if xs:                          # +1
                return [1 if x else 0 for x in xs]   # +2 (1)
            return []
    """, 3),
    "assert and walrus": ("""
        def f(a, b):
            assert a and b                  # +1
            if (n := len(a)) > 1:           # +1
                return n
    """, 2),
}


@pytest.mark.parametrize(("source", "expected"), COGNITIVE.values(), ids=list(COGNITIVE))
def test_cognitive_complexity(source: str, expected: int) -> None:
    assert cognitive_complexity(_function(source)) == expected


NESTING: dict[str, tuple[str, int]] = {
    "straight line": ("def f():\n    return 1\n", 0),
    "elif chain is one level": ("""
        def f(x):
            if x:
                pass
            elif x:
                pass
            else:
                pass
    """, 1),
    "if inside else is a level": ("""
        def f(x):
            if x:
                pass
            else:
                if x:
                    pass
    """, 2),
    "loops": ("""
        def f(x):
            while x:
                for y in x:
                    pass
    """, 2),
    "loop else": ("""
        def f(x):
            for y in x:
                pass
            else:
                if y:
                    pass
    """, 2),
    "try clauses": ("""
        def f(x):
            try:
                pass
            except E:
                pass
            finally:
                if x:
                    pass
    """, 2),
    "with counts": ("""
        def f(x):
            with x:
                with x:
                    pass
    """, 2),
    "match": ("""
        def f(x):
            match x:
                case 1:
                    if x:
                        pass
    """, 2),
    "comprehensions and lambdas add none": ("""
        def f(xs):
            g = lambda x: [y for y in x if y]
            return [[b for b in a] for a in xs]
    """, 0),
    "nested functions and classes are measured alone": ("""
        def f(c):
            def g():
                if c:
                    if c:
                        pass
            class K:
                def m(self):
                    while c:
                        pass
            return g
    """, 0),
    "a def inside an if": ("""
        def f(c):
            if c:
                def g():
                    if c:
                        pass
    """, 1),
    "async": ("""
        async def f(xs):
            async for x in xs:
                async with x:
                    if x:
                        pass
    """, 3),
    "sumOfPrimes": (COGNITIVE["white paper sumOfPrimes"][0], 3),
}


@pytest.mark.parametrize(("source", "expected"), NESTING.values(), ids=list(NESTING))
def test_max_nesting_depth(source: str, expected: int) -> None:
    assert max_nesting_depth(_function(source)) == expected


def test_synthetic_tree_without_positions() -> None:
    # Trees built by hand carry no columns; a lone `if` in `orelse` is then an elif.
    inner = ast.If(test=ast.Name("b"), body=[ast.Pass()], orelse=[])
    outer = ast.If(test=ast.Name("a"), body=[ast.Pass()], orelse=[inner])
    func = ast.FunctionDef(name="f", args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[],
                                                        kw_defaults=[], defaults=[]),
                           body=[outer], decorator_list=[], returns=None)
    assert cognitive_complexity(func) == 2
    assert max_nesting_depth(func) == 1


# -- property: random compositions of statements ------------------------------------------

SIMPLE = [
    "x = 1",
    "pass",
    "y = a and b",
    "y = a and b or c",
    "y = 1 if a else 2",
    "ys = [v for v in xs if v and a]",
    "g = lambda v: v if v else 0",
    "f(x - 1)",
    "assert a or b",
    "return x",
]


def _indent(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


def _join(statements: list[list[str]]) -> list[str]:
    return [line for statement in statements for line in statement]


def _compound(block: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
    """Compound statements around generated blocks."""
    two = st.tuples(block, block)
    return st.one_of(
        block.map(lambda b: ["if a:", *_indent(b)]),
        two.map(lambda t: ["if a:", *_indent(t[0]), "elif b:", *_indent(t[1]),
                           "else:", *_indent(t[0])]),
        two.map(lambda t: ["if a:", *_indent(t[0]), "else:", *_indent(["if b:", *_indent(t[1])])]),
        two.map(lambda t: ["for v in xs:", *_indent(t[0]), "else:", *_indent(t[1])]),
        block.map(lambda b: ["while a:", *_indent(b)]),
        two.map(lambda t: ["try:", *_indent(t[0]), "except E:", *_indent(t[1]),
                           "else:", *_indent(t[0]), "finally:", *_indent(t[1])]),
        block.map(lambda b: ["with a as v:", *_indent(b)]),
        two.map(lambda t: ["match x:", "    case 1:", *_indent(_indent(t[0])),
                           "    case [p, q] if p or q:", *_indent(_indent(t[1]))]),
        block.map(lambda b: ["def inner(v):", *_indent(b)]),
        block.map(lambda b: ["def wrapper(v):", *_indent(b), "return wrapper"]),
        block.map(lambda b: ["class K:", "    def m(self):", *_indent(_indent(b))]),
        block.map(lambda b: ["async def co():", "    async for v in xs:",
                             *_indent(_indent(b))]),
    )


STATEMENTS = st.recursive(
    st.sampled_from(SIMPLE).map(lambda s: [s]),
    lambda inner: _compound(st.lists(inner, min_size=1, max_size=3).map(_join)),
    max_leaves=12,
)
BODIES = st.lists(STATEMENTS, min_size=1, max_size=4).map(_join)


def _define(body: list[str]) -> FunctionNode:
    return _function("\n".join(["def f(x, xs, a, b, c):", *_indent(body)]) + "\n")


@settings(max_examples=150, deadline=None)
@given(BODIES, st.sampled_from(["if a:", "for v in xs:", "while a:", "with a:"]))
def test_wrapping_the_body_never_lowers_complexity(body: list[str], header: str) -> None:
    plain = _define(body)
    wrapped = _define([header, *_indent(body)])
    assert cognitive_complexity(plain) >= 0
    assert max_nesting_depth(plain) >= 0
    if header == "with a:":  # no increment, no nesting: at least as complex
        assert cognitive_complexity(wrapped) >= cognitive_complexity(plain)
    else:  # its own +1, and everything inside one level deeper
        assert cognitive_complexity(wrapped) >= cognitive_complexity(plain) + 1
    assert max_nesting_depth(wrapped) == max_nesting_depth(plain) + 1


@settings(max_examples=100, deadline=None)
@given(BODIES)
def test_elif_chains_are_flat(body: list[str]) -> None:
    # Each extra elif costs exactly one, whatever its body, plus that body's own cost.
    one = _define(["if a:", *_indent(body)])
    two = _define(["if a:", *_indent(body), "elif b:", *_indent(body)])
    inner = _define(["if a:", "    pass", "elif b:", *_indent(body)])
    base = _define(["if a:", "    pass"])
    body_cost = cognitive_complexity(inner) - cognitive_complexity(base) - 1
    assert cognitive_complexity(two) == cognitive_complexity(one) + 1 + body_cost
    assert max_nesting_depth(two) == max_nesting_depth(one)

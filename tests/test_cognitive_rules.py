"""Cognitive complexity and nesting depth on a table of functions worked out by hand."""

from __future__ import annotations

import ast
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.analyzers.cognitive import cognitive_complexity, max_nesting_depth

CASES = [
    # (source, cognitive, nesting depth)
    ("def f():\n    return 1\n", 0, 0),
    # The white paper's sumOfPrimes, without Java's labelled continue (Python has none): 6.
    ("""
def sum_of_primes(n):
    total = 0
    for i in range(1, n + 1):
        for j in range(2, i):
            if i % j == 0:
                continue
        total += i
    return total
""", 6, 3),
    # getWords: a switch counts once.
    ("""
def get_words(number):
    match number:
        case 1:
            return "one"
        case 2:
            return "a couple"
        case _:
            return "lots"
""", 1, 1),
    ("def f(a, b, c):\n    if a and b and c:\n        pass\n", 2, 1),
    ("def f(a, b, c, d):\n    if a and b or c and d:\n        pass\n", 4, 1),
    ("def f(a, b, c):\n    if a and (b and c):\n        pass\n", 2, 1),
    ("def f(a, b, c):\n    if a and not (b and c):\n        pass\n", 3, 1),
    ("""
def f(x):
    if x > 1:
        return 1
    elif x > 0:
        return 2
    elif x < -5:
        return 3
    else:
        return 4
""", 4, 1),
    ("""
def f(x):
    try:
        if x:
            pass
    except ValueError:
        if x:
            pass
    except KeyError:
        pass
    finally:
        pass
""", 5, 2),
    ("def fact(n):\n    return 1 if n < 2 else n * fact(n - 1)\n", 2, 0),
    ("""
class A:
    def walk(self, node):
        for child in node:
            self.walk(child)
""", 2, 1),
    ("""
def outer(xs):
    def inner(x):
        if x:
            return 1
        return 0
    return [inner(x) for x in xs if x]
""", 2, 0),
    ("def f(xs):\n    return sorted(xs, key=lambda x: x if x else 0)\n", 2, 0),
    ("""
def f(x):
    while x:
        for y in x:
            with open(y) as h:
                if h:
                    break
    else:
        pass
""", 6, 4),
    ("""
async def f(xs):
    async for x in xs:
        async with x:
            if x:
                pass
""", 3, 3),
    ("def f(x):\n    if x:\n        y = 1 if x else 2\n", 3, 1),
]


def _function(source: str) -> ast.FunctionDef | ast.AsyncFunctionDef:
    tree = ast.parse(textwrap.dedent(source))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return node
    raise AssertionError("no function")


@pytest.mark.parametrize(("source", "cognitive", "depth"), CASES)
def test_table(source: str, cognitive: int, depth: int) -> None:
    func = _function(source)
    assert cognitive_complexity(func) == cognitive
    assert max_nesting_depth(func) == depth


STATEMENTS = ["x = 1", "if x:\n    y = 2", "for i in x:\n    pass", "while x:\n    break",
              "try:\n    pass\nexcept E:\n    pass", "z = a and b or c", "w = 1 if x else 2"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(STATEMENTS), min_size=1, max_size=6))
def test_wrapping_in_an_if_never_lowers_complexity(parts: list[str]) -> None:
    body = "\n".join(parts)
    plain = _function("def f(x):\n" + textwrap.indent(body, "    ") + "\n")
    wrapped = _function("def f(x):\n    if x:\n" + textwrap.indent(body, "        ") + "\n")
    assert cognitive_complexity(plain) >= 0
    assert cognitive_complexity(wrapped) > cognitive_complexity(plain)
    assert max_nesting_depth(wrapped) == max_nesting_depth(plain) + 1

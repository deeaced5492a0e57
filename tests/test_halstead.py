"""The Halstead counts behind the maintainability index equal radon's, on any module."""

from __future__ import annotations

import ast
import sysconfig
from pathlib import Path

import pytest
from radon.metrics import h_visit_ast
from radon.visitors import HalsteadVisitor

from scorecard.analyzers.halstead import HalsteadCounts, count_halstead
from scorecard.analyzers.raw_metrics import halstead_volume

SNIPPETS = {
    "operators": "x = a + b * -c\ny += 2\nz = not (a and b or c)\nw = 1 < x <= 3 != y\n",
    "equal constants are one operand": "a = x + 1\nb = y + True\nc = z + 1.0\nd = 'a' + 'a'\n",
    "functions are read through their body": (
        "@decorate(1 + 2)\n"
        "def f(a=3 * 4, *, b: int = x - 1) -> A | B:\n"
        "    return a + b\n"
        "async def g():\n"
        "    return a + b\n"),
    "the same name in two functions is two operands": (
        "def f():\n    return a + b\n"
        "def g():\n    return a + b\n"
        "a + b\n"),
    "nested functions and classes": (
        "class C(Base, metaclass=M if x else N):\n"
        "    y = 1 + 2\n"
        "    def method(self):\n"
        "        def inner():\n"
        "            return self.a - self.b\n"
        "        return inner() * 2\n"
        "    class Inner:\n"
        "        z = -y\n"),
    "other operands are each distinct": "a = f(x) + f(x)\nb = [1][0] - [1][0]\n",
    "expressions everywhere": (
        "lam = lambda q=1 + 1: q ** 2\n"
        "comp = [i % 2 for i in range(10) if i > 3]\n"
        "if (n := len(a) + 1) > 10:\n    pass\n"
        "s = f'{a + b}'\n"
        "match p:\n    case [x, y] if x > y:\n        pass\n"
        "with open(a + b) as f:\n    pass\n"),
    "empty": "",
}


def _radon(tree: ast.AST) -> tuple[int, int, set[object], set[object]]:
    visitor = HalsteadVisitor.from_ast(tree)
    return (visitor.operators, visitor.operands, visitor.operators_seen,
            visitor.operands_seen)


def _ours(counts: HalsteadCounts) -> tuple[int, int, set[object], set[object]]:
    return counts.operators, counts.operands, set(counts.operators_seen), set(
        counts.operands_seen)


@pytest.mark.parametrize("source", SNIPPETS.values(), ids=SNIPPETS.keys())
def test_counts_and_volume_equal_radons(source: str) -> None:
    tree = ast.parse(source)
    assert _ours(count_halstead(tree)) == _radon(tree)
    assert halstead_volume(tree) == h_visit_ast(tree).total.volume


def test_a_statement_in_a_functions_context_counts_as_radon_does() -> None:
    statement = ast.parse("def f():\n    return a + b\n").body[0]
    assert isinstance(statement, ast.FunctionDef)
    body = statement.body[0]
    assert _ours(count_halstead(body, "f")) == _radon_in(body, "f")


def _radon_in(node: ast.AST, context: str) -> tuple[int, int, set[object], set[object]]:
    visitor = HalsteadVisitor.from_ast(node, context=context)
    return (visitor.operators, visitor.operands, visitor.operators_seen,
            visitor.operands_seen)


def test_counts_add_up_into_one_tally() -> None:
    first, second = ast.parse("a + b"), ast.parse("a - c")
    tally = count_halstead(first)
    count_halstead(second, into=tally)
    both = ast.parse("a + b\na - c")
    assert _ours(tally) == _radon(both)


def test_standard_library_modules_equal_radon() -> None:
    """Every 25th module of the running Python's standard library: real code, any shape."""
    library = Path(sysconfig.get_paths()["stdlib"])
    modules = sorted(p for p in library.glob("**/*.py") if "site-packages" not in p.parts)
    compared = 0
    for path in modules[::25]:
        try:
            tree = ast.parse(path.read_bytes())
            expected = _radon(tree)
        except (SyntaxError, ValueError, RecursionError):
            continue  # radon gives nothing to compare with
        assert _ours(count_halstead(tree)) == expected, path
        assert halstead_volume(tree) == h_visit_ast(tree).total.volume, path
        compared += 1
    assert compared > 20


def test_deep_nesting_has_no_depth_limit() -> None:
    """radon's visitor recurses per node; the counts here do not, so depth is no failure."""
    expression: ast.expr = ast.Constant(1)
    for _ in range(5000):  # deeper than the parser itself accepts
        expression = ast.UnaryOp(ast.USub(), expression)
    with pytest.raises(RecursionError):
        HalsteadVisitor.from_ast(expression)
    counts = count_halstead(expression)
    assert counts.operators == 5000
    assert counts.operators_seen == {"USub"}

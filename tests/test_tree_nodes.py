"""The shared walk of a tree visits what ast.walk visits, in the same order.

Expression contexts and operators are left out: no caller looks at them.
"""

from __future__ import annotations

import ast
import sysconfig
from pathlib import Path

from scorecard.parsing import tree_nodes

SOURCE = Path(sysconfig.get_paths()["stdlib"]) / "argparse.py"
_LEFT_OUT = (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)


def _walked(tree: ast.AST) -> list[ast.AST]:
    return [node for node in ast.walk(tree) if not isinstance(node, _LEFT_OUT)]


def test_tree_nodes_is_ast_walk_in_order() -> None:
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    walked = _walked(tree)
    nodes = tree_nodes(tree)
    assert len(nodes) == len(walked) > 5_000
    assert all(a is b for a, b in zip(nodes, walked, strict=True))


def test_tree_nodes_is_built_once_per_tree() -> None:
    first = ast.parse("def f(x):\n    return [y for y in x if y]\n")
    second = ast.parse("x = 1\n")
    assert tree_nodes(first) is tree_nodes(first)
    assert [type(n).__name__ for n in tree_nodes(second)] == ["Module", "Assign", "Name",
                                                               "Constant"]
    assert tree_nodes(first) == _walked(first)
    comparison = ast.parse("if not a < b and c + d:\n    import os.path as p\n")
    assert tree_nodes(comparison) == _walked(comparison)

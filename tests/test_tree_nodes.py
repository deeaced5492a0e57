"""The shared walk of a tree visits exactly what ast.walk visits, in the same order."""

from __future__ import annotations

import ast
import sysconfig
from pathlib import Path

from scorecard.parsing import tree_nodes

SOURCE = Path(sysconfig.get_paths()["stdlib"]) / "argparse.py"


def test_tree_nodes_is_ast_walk_in_order() -> None:
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    walked = list(ast.walk(tree))
    nodes = tree_nodes(tree)
    assert len(nodes) == len(walked) > 10_000
    assert all(a is b for a, b in zip(nodes, walked, strict=True))


def test_tree_nodes_is_built_once_per_tree() -> None:
    first = ast.parse("def f(x):\n    return [y for y in x if y]\n")
    second = ast.parse("x = 1\n")
    assert tree_nodes(first) is tree_nodes(first)
    assert [type(n).__name__ for n in tree_nodes(second)] == [
        "Module", "Assign", "Name", "Constant", "Store"]
    assert len(tree_nodes(first)) == len(list(ast.walk(first)))

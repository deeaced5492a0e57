"""Per-file import facts: a table of small sources and what must be extracted from them."""

from __future__ import annotations

import ast
import textwrap
from typing import Any

import pytest

from scorecard.analyzers.boundaries.imports import (
    CONDITIONAL,
    DYNAMIC,
    FUNCTION,
    TYPE_CHECKING,
    extract_imports,
)


def facts(source: str) -> dict[str, Any]:
    text = textwrap.dedent(source)
    return extract_imports(ast.parse(text), text)


def rows(source: str) -> list[tuple[str, list[str] | None, int]]:
    return [(target, names, flags) for _line, target, names, flags in facts(source)["imports"]]


@pytest.mark.parametrize(("source", "expected"), [
    ("import os\n", [("os", None, 0)]),
    ("import a.b.c as m\n", [("a.b.c", None, 0)]),
    ("from . import x\n", [(".", ["x"], 0)]),
    ("from ..pkg.mod import a, b as c\n", [("..pkg.mod", ["a", "b"], 0)]),
    ("from .mod import *\n", [(".mod", ["*"], 0)]),
    ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import a\n",
     [("typing", ["TYPE_CHECKING"], 0), ("a", None, TYPE_CHECKING)]),
    ("import typing\nif typing.TYPE_CHECKING:\n    import a\nelse:\n    import b\n",
     [("typing", None, 0), ("a", None, TYPE_CHECKING), ("b", None, CONDITIONAL)]),
    ("def f():\n    import a\n", [("a", None, FUNCTION)]),
    ("class K:\n    import a\n", [("a", None, 0)]),
    ("try:\n    import fast\nexcept ImportError:\n    import slow\n",
     [("fast", None, CONDITIONAL), ("slow", None, CONDITIONAL)]),
    ("def f():\n    if x:\n        from . import y\n", [(".", ["y"], FUNCTION | CONDITIONAL)]),
    ("import importlib\nm = importlib.import_module('pkg.plugins')\n",
     [("importlib", None, 0), ("pkg.plugins", None, DYNAMIC)]),
    ("from importlib import import_module\nimport_module('.sub', __package__)\n",
     [("importlib", ["import_module"], 0), (".sub", None, DYNAMIC)]),
    ("__import__('pkg.x')\n", [("pkg.x", None, DYNAMIC)]),
    # Only literals are recorded: a computed name cannot be resolved.
    ("import importlib\nimportlib.import_module(name)\n", [("importlib", None, 0)]),
])
def test_import_rows(source: str, expected: list[tuple[str, list[str] | None, int]]) -> None:
    assert rows(source) == expected


def test_attribute_chains_on_imported_names_only() -> None:
    result = facts("""
        import pkg.mod
        from . import helpers as h
        from pkg.core import Klass

        def f(self, other):
            pkg.mod.run()
            h._private(h.public.deep.deeper.deepest)
            Klass._cache.clear()
            other.attr._x
            self._y
            f(x).pkg.attr
    """)
    refs = {(target, chain) for _line, target, chain in result["refs"]}
    assert refs == {
        ("pkg", "mod.run"),
        (".helpers", "_private"),
        (".helpers", "public.deep.deeper"),  # chains are cut after three names
        ("pkg.core.Klass", "_cache.clear"),
    }


def test_a_rebound_name_is_not_followed() -> None:
    result = facts("import json\njson = None\njson.x\n")
    assert result["refs"] == []


def test_all_forms_and_bindings() -> None:
    result = facts("""
        from .a import A
        from .b import *
        __all__ = ["A", "f"]
        __all__ += ["K"]
        __all__.append("g")
        __all__.extend(("h",))

        def f(): pass
        class K: pass
        if True:
            X = 1
        for i in range(3): pass
    """)
    line, names, dynamic = result["all"]
    assert (line, names, dynamic) == (4, ["A", "f", "K", "g", "h"], False)
    assert {"A", "f", "K", "X", "i", "*", "__all__"} <= set(result["bound"])
    assert result["defs"] == [["f", 9, "f"], ["K", 10, "c"]]
    assert ["*", ".b"] in result["reexports"] and ["A", ".a.A"] in result["reexports"]


def test_computed_all_is_dynamic() -> None:
    result = facts("from .a import __all__ as _a\n__all__ = _a + ['x']\n")
    assert result["all"][2] is True
    assert facts("x = 1\n")["all"] is None


def test_size_counts_non_blank_lines() -> None:
    assert facts("\n\nimport a\n\n# c\nx = 1\n")["lines"] == 3


def test_deeply_nested_code_does_not_recurse() -> None:
    depth = 90  # the parser's own limit is near 100 nested blocks
    source = "".join("    " * i + "if x:\n" for i in range(depth)) + "    " * depth + "import a\n"
    assert rows(source) == [("a", None, CONDITIONAL)]

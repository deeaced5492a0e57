"""Tricky docstring cases: interrogate's count on each, and the public-API rules by hand."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from interrogate.config import InterrogateConfig
from interrogate.coverage import InterrogateCoverage

from scorecard.analyzers.docstrings.nodes import collect_nodes
from scorecard.analyzers.docstrings.selection import (
    DocstringsOptions,
    interrogate_selection,
    is_public_module,
    public_selection,
)

CASES: dict[str, str] = {
    "empty_module": "",
    "blank_docstring": '""" """\ndef f():\n    """   """\n',
    "docstring_not_first": (
        'x = 1\n"""not a docstring"""\ndef f():\n    y = 2\n    "no"\n'
    ),
    "fstring_and_bytes": 'def f():\n    f"""{1}"""\ndef g():\n    b"""bytes"""\n',
    "nested_functions": (
        '"""M."""\ndef outer():\n    """Outer."""\n    def inner():\n        def deeper():\n'
        '            pass\n    async def ainner():\n        def in_async():\n            pass\n'
    ),
    "class_in_function": (
        'def factory():\n    class Local:\n        def method(self):\n            """M."""\n'
        '    return Local\n'
    ),
    "nested_classes": (
        'class Outer:\n    """O."""\n    class Meta:\n        class Deep:\n'
        '            def f(self):\n                pass\n        def g(self):\n            pass\n'
    ),
    "magic_and_init": (
        'class C:\n    def __init__(self):\n        pass\n    def __repr__(self):\n'
        '        """R."""\n    def __(self):\n        pass\n    def _semi(self):\n        pass\n'
        '    def __private(self):\n        pass\n'
    ),
    "properties": (
        'import functools\nclass C:\n    @property\n    def x(self):\n        """X."""\n'
        '    @x.setter\n    def x(self, v):\n        pass\n    @x.deleter\n    def x(self):\n'
        '        pass\n    @functools.cached_property\n    def y(self):\n        pass\n'
        '    @property()\n    def z(self):\n        pass\n'
    ),
    "overloads": (
        'import typing\nfrom typing import overload\n@overload\ndef f(x: int) -> int: ...\n'
        '@typing.overload\ndef f(x: str) -> str: ...\ndef f(x):\n    """Impl."""\n'
        '@t.overload\ndef g(): ...\n'
    ),
    "conditional_defs": (
        'import sys\nif sys.version_info > (3, 8):\n    def f():\n        """F."""\nelse:\n'
        '    def f():\n        pass\ntry:\n    class A:\n        pass\nexcept ImportError:\n'
        '    A = None\nlam = lambda: None\n'
    ),
    "async_and_decorators": (
        '@decorator(arg=lambda: 1)\nasync def f():\n    """F."""\n'
        'class B(Base, metaclass=M):\n    async def m(self):\n        pass\n'
    ),
    "google_style": (
        'class A:\n    def __init__(self):\n        """Init."""\nclass B:\n    """B."""\n'
        '    def __init__(self):\n        pass\nclass C:\n    async def __init__(self):\n'
        '        """Async init."""\n'
    ),
}

SWITCH_SETS: list[dict[str, object]] = [
    {},
    {"ignore_init_method": True, "ignore_magic": True, "ignore_private": True},
    {"ignore_semiprivate": True, "ignore_nested_functions": True},
    {"ignore_nested_classes": True, "ignore_module": True},
    {"ignore_property_decorators": True, "ignore_overloaded_functions": True},
    {"ignore_property_setters": True, "docstring_style": "google"},
    {"ignore_regex": ["^_"], "include_regex": ["^[a-z]"]},
]


def _interrogate(path: Path, switches: dict[str, object]) -> tuple[int, int]:
    kwargs = dict(switches)
    for key in ("ignore_regex", "include_regex"):
        if key in kwargs:
            import re

            kwargs[key] = [re.compile(p) for p in kwargs[key]]  # type: ignore[attr-defined]
    results = InterrogateCoverage([str(path)], InterrogateConfig(**kwargs)).get_coverage()
    return int(results.total), int(results.covered)


def _ours(name: str, source: str, switches: dict[str, object]) -> tuple[int, int]:
    options = DocstringsOptions(**{"ignore_setters" if key == "ignore_property_setters"
                                   else key: value for key, value in switches.items()})
    nodes = collect_nodes(ast.parse(source), name)
    counted = interrogate_selection(name, nodes, options)
    return len(counted), sum(1 for _, ok in counted if ok)


@pytest.mark.parametrize("switches", SWITCH_SETS, ids=lambda s: "+".join(sorted(s)) or "defaults")
@pytest.mark.parametrize("case", sorted(CASES))
def test_each_case_matches_interrogate(case: str, switches: dict[str, object],
                                       tmp_path: Path) -> None:
    path = tmp_path / f"{case}.py"
    path.write_text(CASES[case], encoding="utf-8")
    assert _ours(path.name, CASES[case], switches) == _interrogate(path, switches)


def test_an_empty_init_module_counts_as_one_missing_node(tmp_path: Path) -> None:
    # interrogate counts every module, even an empty __init__.py, unless ignore-init-module.
    (tmp_path / "__init__.py").write_text("")
    assert _interrogate(tmp_path / "__init__.py", {}) == (1, 0)
    assert _ours("__init__.py", "", {}) == (1, 0)
    assert _ours("__init__.py", "", {"ignore_init_module": True}) == (0, 0)


PUBLIC: list[tuple[str, str, tuple[int, int]]] = [
    # (path, source, (public nodes, documented))
    ("pkg/mod.py", '"""M."""\ndef f():\n    """F."""\ndef _g():\n    pass\n', (2, 2)),
    ("pkg/mod.py", 'def f():\n    def inner():\n        pass\n', (2, 0)),
    ("pkg/mod.py", 'class C:\n    def __init__(self):\n        """Build."""\n'
                   '    def __eq__(self, o):\n        pass\n', (2, 1)),
    ("pkg/mod.py", '__all__ = ["f"]\ndef f():\n    """F."""\ndef g():\n    pass\n'
                   'class H:\n    def m(self):\n        pass\n', (2, 1)),
    ("pkg/mod.py", 'class C:\n    """C."""\n    @property\n    def x(self):\n        """X."""\n'
                   '    @x.setter\n    def x(self, v):\n        pass\n', (3, 2)),
    ("pkg/mod.py", 'from typing import overload\n@overload\ndef f(x: int) -> int: ...\n'
                   'def f(x):\n    """Impl."""\n', (2, 1)),
    ("pkg/__init__.py", "", (0, 0)),
    ("pkg/__init__.py", "from pkg.mod import f\n", (1, 0)),
    ("pkg/_private.py", "def f():\n    pass\n", (0, 0)),
    ("tests/test_mod.py", "def test_f():\n    pass\n", (0, 0)),
    ("pkg/migrations/0001_initial.py", "class Migration:\n    pass\n", (0, 0)),
]


@pytest.mark.parametrize(("path", "source", "expected"), PUBLIC)
def test_public_api_rules(path: str, source: str, expected: tuple[int, int]) -> None:
    counted = public_selection(path, collect_nodes(ast.parse(source), path))
    assert (len(counted), sum(1 for _, ok in counted if ok)) == expected


@pytest.mark.parametrize(("path", "public"), [
    ("pkg/api.py", True), ("pkg/__init__.py", True), ("pkg/__main__.py", False),
    ("pkg/_impl/x.py", False), ("test_x.py", False), ("x_test.py", False),
    ("conftest.py", False), ("pkg/tests/helpers.py", False), ("setup.py", False),
    ("benchmarks/bench_scan.py", False), ("docs/conf.py", False), ("examples/demo.py", False),
])
def test_public_modules(path: str, public: bool) -> None:
    assert is_public_module(path) is public

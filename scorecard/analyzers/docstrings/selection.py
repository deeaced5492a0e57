"""Decide which collected nodes count: interrogate's switches, and the public-API rules.

Two selections over the same per-file nodes:

- ``interrogate_selection`` reproduces interrogate 1.7 with the options it was given
  (defaults: every switch off, so every module, class and function counts). Its quirks are
  kept on purpose so that the number equals interrogate's, and each is commented.
- ``public_selection`` counts what a user of the package sees: public modules, classes and
  functions, outside tests and migrations, restricted to ``__all__`` where a module has one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import PurePosixPath

from scorecard.analyzers.docstrings.nodes import (
    DECORATOR_DELETER,
    DECORATOR_OVERLOAD,
    DECORATOR_PROPERTY,
    DECORATOR_SETTER,
    MODULE_EMPTY,
    DocNode,
)
from scorecard.analyzers.path_roles import PathRole, path_role

__all__ = ["Counted", "DocstringsOptions", "interrogate_selection", "public_selection"]

@dataclass(frozen=True)
class DocstringsOptions:
    """[tool.scorecard.docstrings]: interrogate's switches, with its own defaults.

    interrogate's defaults (config.InterrogateConfig): every switch off, sphinx style.
    """

    ignore_init_method: bool = False
    ignore_init_module: bool = False
    ignore_magic: bool = False
    ignore_module: bool = False
    ignore_private: bool = False
    ignore_semiprivate: bool = False
    ignore_property_decorators: bool = False
    ignore_setters: bool = False
    ignore_overloaded_functions: bool = False
    ignore_nested_functions: bool = False
    ignore_nested_classes: bool = False
    ignore_regex: list[str] = field(default_factory=list)
    include_regex: list[str] = field(default_factory=list)
    docstring_style: str = "sphinx"


# interrogate excludes these under the scanned folder with fnmatch(path, "<dir>*"); since "*"
# also matches "/" and more characters, ".github/…" and a top-level "venv_x.py" go too.
_COMMON_EXCLUDE = (".tox", ".venv", "venv", ".git", ".hg")
_FUNCTIONS = ("FunctionDef", "AsyncFunctionDef")

# (node index, covered) for every node that counts
Counted = list[tuple[int, bool]]


def _is_private(name: str) -> bool:
    return name.startswith("__") and not name.endswith("__")


def _is_semiprivate(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and not name.endswith("__")


def _is_magic(name: str) -> bool:
    # interrogate's magic: dunder on both sides, except __init__ (which has its own switch).
    return name.startswith("__") and name.endswith("__") and name != "__init__"


def _function_ignored(node: DocNode, options: DocstringsOptions) -> bool:
    """Apply the switches for functions only: __init__, magic methods and decorators."""
    if options.ignore_init_method and node.name == "__init__":
        return True
    if options.ignore_magic and _is_magic(node.name):
        return True
    # Each switch and the decorator it ignores.
    decorator_switches = (
        (options.ignore_property_decorators, DECORATOR_PROPERTY),
        (options.ignore_setters, DECORATOR_SETTER),
        (options.ignore_overloaded_functions, DECORATOR_OVERLOAD),
    )
    return any(switch and node.decorators & bit for switch, bit in decorator_switches)


def _visit_ignored(node: DocNode, options: DocstringsOptions, ignore: list[re.Pattern[str]]
                   ) -> bool:
    """Apply interrogate's visit-time ignores: the node *and everything inside it* are skipped."""
    if node.node_type in _FUNCTIONS and _function_ignored(node, options):
        return True
    if options.ignore_private and _is_private(node.name):
        return True
    if options.ignore_semiprivate and _is_semiprivate(node.name):
        return True
    return any(pattern.match(node.name) for pattern in ignore)


def interrogate_excludes(path: str) -> bool:
    """Return True for a repo-relative path interrogate's default excludes leave out."""
    return any(fnmatch(path, f"{prefix}*") for prefix in _COMMON_EXCLUDE)


def interrogate_selection(path: str, nodes: Sequence[DocNode], options: DocstringsOptions
                          ) -> Counted:
    """Return the nodes interrogate counts in one file, with their (possibly merged) coverage.

    interrogate's steps, in its order: the file's excludes, the visit-time ignores, the
    include patterns, the nested-definition switches, then the google style's merge.
    """
    if interrogate_excludes(path):
        return []
    if options.ignore_init_module and PurePosixPath(path).name == "__init__.py":
        return []
    visited = _visited(nodes, options)
    # An empty module (only its own node) is dropped when modules are ignored.
    if len(visited) == 1 and options.ignore_module:
        return []
    visited = _included(nodes, visited, options)
    if not visited:
        return []
    visited = _without_nested(nodes, visited, options)
    covered = _coverage(nodes, visited, options)
    return [(i, covered[i]) for i in visited
            if not (options.ignore_module and nodes[i].node_type == "Module")]


def _visited(nodes: Sequence[DocNode], options: DocstringsOptions) -> list[int]:
    """Return the nodes interrogate visits: an ignored node hides everything inside it."""
    ignore = [re.compile(p) for p in options.ignore_regex]
    visited: list[int] = []
    skipped: set[int] = set()
    for index, node in enumerate(nodes):
        if node.parent in skipped or (index and _visit_ignored(node, options, ignore)):
            skipped.add(index)
        else:
            visited.append(index)
    return visited


def _included(nodes: Sequence[DocNode], visited: list[int], options: DocstringsOptions
              ) -> list[int]:
    """Keep the nodes the include patterns match (all of them without patterns)."""
    include = [re.compile(p) for p in options.include_regex]
    if not include:
        return visited
    kept = [i for i in visited[1:] if any(p.match(nodes[i].name) for p in include)]
    # interrogate re-inserts the module node only when something else matched.
    return [visited[0], *kept] if kept else []


def _without_nested(nodes: Sequence[DocNode], visited: list[int], options: DocstringsOptions
                    ) -> list[int]:
    """Apply the ignore_nested_functions and ignore_nested_classes switches."""
    if options.ignore_nested_functions:
        visited = _without_nested_functions(nodes, visited)
    if options.ignore_nested_classes:
        visited = _without_nested_classes(nodes, visited)
    return visited


def _without_nested_functions(nodes: Sequence[DocNode], visited: list[int]) -> list[int]:
    """Drop the functions defined directly inside another function."""
    # interrogate's "nested function" is a FunctionDef directly inside a FunctionDef:
    # async definitions are neither nested nor nesting for this switch.
    return [i for i in visited if not (
        nodes[i].node_type == "FunctionDef" and nodes[i].parent >= 0
        and nodes[nodes[i].parent].node_type == "FunctionDef")]


def _without_nested_classes(nodes: Sequence[DocNode], visited: list[int]) -> list[int]:
    """Drop the classes defined inside a class or a function, with their direct children."""
    nested = {i for i in visited if nodes[i].node_type == "ClassDef"
              and nodes[i].parent >= 0
              and nodes[nodes[i].parent].node_type in ("ClassDef", "FunctionDef")}
    # Only the nested class and its *direct* children go, as in interrogate.
    return [i for i in visited if i not in nested and nodes[i].parent not in nested]


def _coverage(nodes: Sequence[DocNode], visited: list[int], options: DocstringsOptions
              ) -> dict[int, bool]:
    """Return each node's coverage by index, merged with its class's in the google style."""
    covered = {i: nodes[i].covered for i in range(len(nodes))}
    if options.docstring_style == "google":
        _merge_init_coverage(nodes, visited, covered)
    return covered


def _merge_init_coverage(nodes: Sequence[DocNode], visited: list[int],
                         covered: dict[int, bool]) -> None:
    """Google style: a class and its __init__ cover each other (a sync __init__ only)."""
    for i in visited:
        node = nodes[i]
        if node.node_type == "FunctionDef" and node.name == "__init__" and node.parent >= 0:
            if not covered[i] and covered[node.parent]:
                covered[i] = True
            elif covered[i] and not covered[node.parent]:
                covered[node.parent] = True


# Public-API rules: files that are not part of what a user imports; folders (tests,
# migrations, and the scripts, examples, benchmarks and docs that live beside a package)
# come from the shared path classifier.
_NON_API_FILES = frozenset({"conftest.py", "setup.py", "noxfile.py", "__main__.py"})


def is_public_module(path: str) -> bool:
    """Return True when a path belongs to the public surface (not tests, not private)."""
    parts = PurePosixPath(path).parts
    name = parts[-1]
    if name in _NON_API_FILES or path_role(path) is not PathRole.APP:
        return False
    # A leading underscore marks a private module or package (PEP 8); dunders are not private.
    return not any(part.startswith("_") and not part.startswith("__") for part in parts)


def _public_excluded(node: DocNode, nodes: Sequence[DocNode]) -> bool:
    parent = nodes[node.parent]
    if parent.node_type in _FUNCTIONS:
        return True  # nested definitions are implementation detail
    if node.name.startswith("_"):
        return True  # private, semiprivate, magic and __init__ (documented by its class)
    if node.decorators & (DECORATOR_SETTER | DECORATOR_DELETER | DECORATOR_OVERLOAD):
        return True  # the getter or the implementation carries the docstring
    return node.exported is False


def _classes_with_documented_init(nodes: Sequence[DocNode]) -> set[int]:
    """Return the indexes of the classes whose ``__init__`` has a docstring."""
    return {n.parent for n in nodes[1:]
            if n.name == "__init__" and n.node_type in _FUNCTIONS and n.covered}


def public_selection(path: str, nodes: Sequence[DocNode]) -> Counted:
    """Return the public-API nodes of one file with their coverage.

    A class counts as covered when either it or its ``__init__`` has a docstring, since
    either place documents how to construct it.
    """
    if not nodes or not is_public_module(path):
        return []
    module = nodes[0]
    counted: Counted = []
    if not module.decorators & MODULE_EMPTY:
        counted.append((0, module.covered))
    init_documented = _classes_with_documented_init(nodes)
    excluded: set[int] = set()
    for index, node in enumerate(nodes):
        if index == 0:
            continue
        if node.parent in excluded or _public_excluded(node, nodes):
            excluded.add(index)
            continue
        covered = node.covered or (node.node_type == "ClassDef" and index in init_documented)
        counted.append((index, covered))
    return counted

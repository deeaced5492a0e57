"""Classify repository paths for history: test or source code, and their top-level module.

- **Tests** are what the shared path classifier (``path_roles``) calls tests: named the way
  pytest, unittest, Go and the common JavaScript runners name them, or under a test or
  test-data folder.
- **Source code** is a file with a programming-language extension that is not a test.
- **Modules** are the units whose boundaries change coupling should not cross: the first
  folder of a path (after ``src/`` or ``lib/``), and inside a Python package its subpackage,
  because most Python projects keep all their code in one top-level package and its
  subpackages are where their boundaries are (``pkg/api.py`` is in ``pkg``,
  ``pkg/storage/db.py`` in ``pkg/storage``).
"""

from __future__ import annotations

from collections.abc import Iterable

from scorecard.analyzers.path_roles import PathRole, is_test, path_role
from scorecard.languages import language_for_path, unmeasured_language_name

__all__ = ["ModuleMap", "is_measured_source", "is_python_source", "is_source", "is_test",
           "unmeasured_source_language"]

_SOURCE_EXTENSIONS = frozenset({
    "py", "pyx", "pyi", "c", "h", "cc", "cpp", "cxx", "hpp", "rs", "go", "java", "kt", "scala",
    "js", "jsx", "ts", "tsx", "mjs", "rb", "php", "cs", "swift", "m", "sh", "sql",
})
# Python that is not the product's code: a change there needs no unit test.
_NOT_PRODUCT_ROLES = frozenset({PathRole.DOCS, PathRole.EXAMPLE, PathRole.TOOLING,
                                PathRole.VENDORED, PathRole.GENERATED})
_LAYOUT_ROOTS = frozenset({"src", "lib"})


def is_source(path: str) -> bool:
    """Return True for source code in any common language that is not a test."""
    name = path.rpartition("/")[2]
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    return extension in _SOURCE_EXTENSIONS and not is_test(path)


def is_python_source(path: str) -> bool:
    """Return True for the product's Python code: not tests, docs, examples or scripts."""
    if not path.endswith(".py") or is_test(path):
        return False
    return path_role(path) not in _NOT_PRODUCT_ROLES


def is_measured_source(path: str) -> bool:
    """Return True for the product's code in a measured language (Python, Go, Java, ...).

    The languages whose functions the complexity analyzer measures (see
    :mod:`scorecard.languages`); tests, docs, examples and scripts are not product code.
    """
    if not (path.endswith(".py") or language_for_path(path) is not None) or is_test(path):
        return False
    return path_role(path) not in _NOT_PRODUCT_ROLES


def unmeasured_source_language(path: str) -> str | None:
    """Return the language of product code no analyzer measures (``src/lib.rs``: Rust), or None.

    Tests, docs, examples and scripts are not product code, as for :func:`is_measured_source`.
    """
    language = unmeasured_language_name(path)
    if language is None or is_test(path) or path_role(path) in _NOT_PRODUCT_ROLES:
        return None
    return language


class ModuleMap:
    """Top-level module of each path, knowing which folders are Python packages."""

    def __init__(self, current_paths: Iterable[str]) -> None:
        """Learn the Python packages (folders with ``__init__.py``) among the paths."""
        self._packages = frozenset(
            path.rpartition("/")[0] for path in current_paths if path.endswith("/__init__.py"))

    def module_of(self, path: str) -> str:
        """Return the module of ``path`` ("." for files at the repository root)."""
        parts = path.split("/")
        prefix = ""
        if parts[0] in _LAYOUT_ROOTS and len(parts) > 2:
            prefix, parts = parts[0] + "/", parts[1:]
        if len(parts) == 1:
            return "."
        top = prefix + parts[0]
        if len(parts) >= 3 and top in self._packages:
            return f"{top}/{parts[1]}"
        return top

    def crosses(self, first: str, second: str) -> bool:
        """Return True when two source files (not tests) sit in different modules."""
        return (is_source(first) and is_source(second)
                and self.module_of(first) != self.module_of(second))

"""Classify repository paths for history: test or source code, and their top-level module.

- **Tests** are found the way pytest, unittest and the common JavaScript runners name them:
  ``test_*.py``, ``*_test.py``, ``conftest.py``, ``*.test.*``/``*.spec.*``, or any file
  under a ``tests``, ``test``, ``testing`` or ``__tests__`` folder.
- **Source code** is a file with a programming-language extension that is not a test.
- **Modules** are the units whose boundaries change coupling should not cross: the first
  folder of a path (after ``src/`` or ``lib/``), and inside a Python package its subpackage,
  because most Python projects keep all their code in one top-level package and its
  subpackages are where their boundaries are (``pkg/api.py`` is in ``pkg``,
  ``pkg/storage/db.py`` in ``pkg/storage``).
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["ModuleMap", "is_python_source", "is_source", "is_test"]

_TEST_DIRS = frozenset({"tests", "test", "testing", "__tests__"})
_SOURCE_EXTENSIONS = frozenset({
    "py", "pyx", "pyi", "c", "h", "cc", "cpp", "cxx", "hpp", "rs", "go", "java", "kt", "scala",
    "js", "jsx", "ts", "tsx", "mjs", "rb", "php", "cs", "swift", "m", "sh", "sql",
})
# Folders of Python that is not the product's code: a change there needs no unit test.
_NOT_PRODUCT_DIRS = frozenset({"doc", "docs", "examples", "example", "benchmarks", "scripts"})
_LAYOUT_ROOTS = frozenset({"src", "lib"})


def is_test(path: str) -> bool:
    """Return True for test code."""
    folders, _, name = path.rpartition("/")
    if name.startswith("test_") or name == "conftest.py" or name.endswith("_test.py"):
        return True
    if ".test." in name or ".spec." in name:
        return True
    return bool(folders) and not _TEST_DIRS.isdisjoint(folders.split("/"))


def is_source(path: str) -> bool:
    """Return True for source code in any common language that is not a test."""
    name = path.rpartition("/")[2]
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    return extension in _SOURCE_EXTENSIONS and not is_test(path)


def is_python_source(path: str) -> bool:
    """Return True for the product's Python code: not tests, docs, examples or scripts."""
    if not path.endswith(".py") or is_test(path):
        return False
    folders = path.split("/")[:-1]
    return _NOT_PRODUCT_DIRS.isdisjoint(folders)


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

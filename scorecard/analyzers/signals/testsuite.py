"""Find the test suite the way pytest and unittest do, and what it covers by import.

Discovery follows pytest's defaults and configuration: ``python_files`` (default
``test_*.py`` and ``*_test.py``) under ``testpaths`` when set (pyproject.toml
``[tool.pytest.ini_options]``, pytest.ini, tox.ini ``[pytest]``, setup.cfg
``[tool:pytest]``), plus unittest's ``test*.py`` pattern; ``conftest.py`` and everything
under a test folder count as test code too (helpers and fixtures), but only discovered files
are test modules.

A source module counts as tested when a test imports it directly (``import pkg.mod``,
``from pkg import mod``, ``from pkg.mod import name``), through a package ``__init__`` that
re-exports from it, through the URL configuration a test client drives (see
``repo_measures``), or when a test module is named after it (``test_mod.py``). A module
only reached through others is not: nothing pins its behaviour directly.
"""

from __future__ import annotations

import configparser
import fnmatch
import posixpath
import shlex
import sys
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scorecard.analyzers.path_roles import PathRole, module_name, path_role
from scorecard.analyzers.signals.signal_vocabulary import (
    DRIVER_MODULES,
    INTEGRATION_DIRS,
    INTEGRATION_MARKERS,
    ReadText,
)
from scorecard.wording import agree

__all__ = ["PytestConfig", "TestLayout", "find_tests", "is_unit", "read_pytest_config",
           "untested_modules"]

_DEFAULT_PATTERNS = ("test_*.py", "*_test.py")
_UNITTEST_PATTERN = "test*.py"
_STDLIB = frozenset(sys.stdlib_module_names)
# Source files that hold no behaviour worth a direct test: package markers and entry shims.
_NOT_UNITS = frozenset({"__init__.py", "__main__.py", "setup.py", "conftest.py",
                        "manage.py", "wsgi.py", "asgi.py", "_version.py", "version.py"})


@dataclass(frozen=True)
class PytestConfig:
    """The pytest options that decide discovery, and where they came from."""

    python_files: tuple[str, ...] = _DEFAULT_PATTERNS
    testpaths: tuple[str, ...] = ()
    markers: tuple[str, ...] = ()
    source: str = ""
    problem: str = ""


@dataclass(frozen=True)
class TestLayout:
    """Which files are test modules, which are test code, and integration evidence."""

    modules: tuple[str, ...]  # discovered test modules
    code: tuple[str, ...]  # all test code (modules, conftest, helpers under test folders)
    integration: tuple[str, ...]  # evidence: folders, markers


def _split(value: Any) -> tuple[str, ...]:
    """Return the words of an ini value or the items of a TOML list."""
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    if isinstance(value, str):
        try:
            return tuple(shlex.split(value))
        except ValueError:
            return tuple(value.split())
    return ()


def _from_options(options: Mapping[str, Any], source: str) -> PytestConfig:
    raw = options.get("markers")
    lines = raw if isinstance(raw, list) else str(raw or "").splitlines()
    markers = tuple(str(m).split(":", 1)[0].strip() for m in lines if str(m).strip())
    return PytestConfig(_split(options.get("python_files")) or _DEFAULT_PATTERNS,
                        _split(options.get("testpaths")), markers, source)


def _ini_section(text: str, section: str, source: str) -> PytestConfig | None:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        return PytestConfig(source=source, problem=f"{source}: unreadable ini ({exc})"[:200])
    if not parser.has_section(section):
        return None
    return _from_options(dict(parser.items(section)), source)


def read_pytest_config(paths: Iterable[str], read_text: ReadText) -> PytestConfig:
    """Return pytest's discovery options, from the first file pytest itself would read."""
    present = set(paths)
    for name, section in (("pytest.ini", "pytest"), ("pyproject.toml", ""),
                          ("tox.ini", "pytest"), ("setup.cfg", "tool:pytest")):
        text = read_text(name) if name in present else None
        if text is None:
            continue
        config = _ini_section(text, section, name) if section else _pyproject(text)
        if config is not None:
            return config
    return PytestConfig()


def _pyproject(text: str) -> PytestConfig | None:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return PytestConfig(source="pyproject.toml",
                            problem=f"pyproject.toml: invalid TOML ({exc})"[:200])
    table = data.get("tool", {}).get("pytest", {})
    if not isinstance(table, dict):
        return None
    # pytest 9 reads [tool.pytest] itself; earlier versions its ini_options sub-table.
    options = table.get("ini_options", table)
    if not isinstance(options, dict) or not options:
        return None
    return _from_options(options, "pyproject.toml")


def _under(path: str, folders: Sequence[str]) -> bool:
    return any(path == f or path.startswith(f.rstrip("/") + "/") for f in folders)


def find_tests(paths: Sequence[str], config: PytestConfig,
               markers: Mapping[str, Sequence[str]],
               imports: Mapping[str, Sequence[str]] | None = None) -> TestLayout:
    """Return the test modules, test code and integration evidence of a path listing.

    ``markers`` maps a test file to the pytest marker names it uses, ``imports`` to the
    modules it imports (a test that drives a browser or containers is end to end).
    """
    roots = [p.strip("/") for p in config.testpaths if p.strip("/") not in ("", ".")]
    modules: list[str] = []
    code: list[str] = []
    for path in paths:
        if not path.endswith(".py"):
            continue
        base = posixpath.basename(path)
        in_scope = not roots or _under(path, roots)
        discovered = in_scope and (
            any(fnmatch.fnmatch(base, p) for p in config.python_files)
            or fnmatch.fnmatch(base, _UNITTEST_PATTERN))
        if discovered:
            modules.append(path)
        if discovered or path_role(path) is PathRole.TEST:
            code.append(path)
    return TestLayout(tuple(modules), tuple(code),
                      _integration(modules, markers, config, imports or {}))


def _integration(modules: Sequence[str], markers: Mapping[str, Sequence[str]],
                 config: PytestConfig, imports: Mapping[str, Sequence[str]]
                 ) -> tuple[str, ...]:
    evidence: list[str] = []
    for path in modules:
        drivers = sorted({name.split(".", 1)[0] for name in imports.get(path, ())}
                         & DRIVER_MODULES)
        if drivers:
            evidence.append(f"{path} (drives {', '.join(drivers)})")
        folders = {part.lower() for part in path.split("/")[:-1]}
        base = posixpath.basename(path).lower()
        if folders & INTEGRATION_DIRS or any(
                f"_{word}" in base or f"{word}_" in base for word in ("integration", "e2e")):
            evidence.append(path)
        used = set(markers.get(path, ())) & INTEGRATION_MARKERS
        if used:
            evidence.append(f"{path} ({agree(len(used), 'marker')} {', '.join(sorted(used))})")
    declared = sorted(set(config.markers) & INTEGRATION_MARKERS)
    if declared:
        evidence.append(f"{config.source} declares {agree(len(declared), 'marker')} "
                        f"{', '.join(declared)}")
    return tuple(sorted(evidence))


def _module_aliases(path: str) -> set[str]:
    """Return the dotted names a source file may be imported as (every suffix of its path).

    The import root is unknown (``src/``, a monorepo folder), so every dotted suffix counts,
    except one-word names that are also standard-library modules (``types``, ``json``).
    """
    full = module_name(path)
    parts = full.split(".")
    aliases = {".".join(parts[i:]) for i in range(len(parts))}
    return {a for a in aliases if "." in a or a not in _STDLIB}


def is_unit(path: str) -> bool:
    """Return True for source files that hold behaviour a test would import directly."""
    return posixpath.basename(path) not in _NOT_UNITS


def _named_after(path: str, test_modules: Sequence[str]) -> bool:
    """Return True when a test module is named after the source module.

    ``test_admin.py``, ``test_admin_views.py`` or ``admin_test.py`` for ``admin.py`` (or
    ``_admin.py``), in the same top-level folder or under a top-level test folder: the
    pytest and Django convention for tests that reach a module through URLs or fixtures
    rather than by importing it.
    """
    stem = posixpath.basename(path)[:-3].lstrip("_")
    top = path.split("/", 1)[0]
    for test in test_modules:
        base = posixpath.basename(test)
        if not (base == f"test_{stem}.py" or base.startswith(f"test_{stem}_")
                or base == f"{stem}_test.py"):
            continue
        test_top = test.split("/", 1)[0]
        if test_top == top or test_top in ("tests", "test", "testing"):
            return True
    return False


def untested_modules(source: Sequence[str], test_imports: Iterable[str],
                     package_imports: Mapping[str, Iterable[str]] | None = None,
                     test_modules: Sequence[str] = ()) -> list[str]:
    """Return the source files that no test module imports or is named after.

    ``package_imports`` maps a package's ``__init__.py`` to what it imports: a test that
    imports ``httpx`` reaches the private modules ``httpx/__init__.py`` re-exports from, the
    usual shape of a library's public API (followed until nothing new is reached).
    """
    imported = set(test_imports)
    inits = {alias: list(names) for path, names in (package_imports or {}).items()
             for alias in _module_aliases(path)}
    pending = [name for name in imported if name in inits]
    while pending:
        for name in inits.pop(pending.pop(), []):
            if name not in imported:
                imported.add(name)
                if name in inits:
                    pending.append(name)
    return sorted(path for path in source
                  if is_unit(path) and not (_module_aliases(path) & imported)
                  and not _named_after(path, test_modules))

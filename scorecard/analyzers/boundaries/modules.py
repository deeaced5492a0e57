"""Map a repository's Python file paths to the dotted module names they are imported by.

The rules, in order:

- A folder listed in ``source_roots`` is importable as-is: ``src/pkg/a.py`` under root
  ``src`` is ``pkg.a``.
- Otherwise a file belongs to the topmost folder above it that holds an ``__init__.py``
  (a regular package); that folder's parent is the source root. Folders without
  ``__init__.py`` *inside* a regular package are namespace portions and keep their place in
  the name (``pkg/sub/x.py`` is ``pkg.sub.x`` when only ``pkg`` has an ``__init__.py``).
- A file with no package above it is a top-level module of its own folder
  (``tests/test_a.py`` is ``test_a``), as pytest's rootdir-relative import would see it.
- A source root that holds no ``.py`` file itself and is not a conventional layout folder
  (``src``, ``lib``) is taken for a PEP 420 namespace package and climbed: ``ns/pkg/a.py``
  is ``ns.pkg.a``. The shorter name (``pkg.a``) stays an alias, because both spellings work
  when that folder is on ``sys.path``.

Two files that claim the same name (``conftest.py`` in several test folders) cannot both be
imported by it: the one under the repository root or a layout folder wins, then the shorter
path; the others are listed as ambiguous and left out of the graph.
"""

from __future__ import annotations

import posixpath
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from scorecard.analyzers.boundaries.module_names import parent_name, within

__all__ = ["LAYOUT_ROOTS", "ModuleInfo", "ModuleMap", "map_modules", "package_of", "within"]

LAYOUT_ROOTS = frozenset({"src", "lib"})


@dataclass(frozen=True)
class ModuleInfo:
    """One first-party module: its dotted name, file and whether it is a package."""

    name: str
    path: str
    is_package: bool


@dataclass
class ModuleMap:
    """The first-party modules of a repository, by name and by path."""

    by_name: dict[str, ModuleInfo] = field(default_factory=dict)
    by_path: dict[str, ModuleInfo] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # alias name -> canonical name
    top_levels: frozenset[str] = frozenset()
    ambiguous: list[tuple[str, str]] = field(default_factory=list)  # (name, losing path)
    _prefixes: dict[str, tuple[ModuleInfo | None, tuple[str, ...]]] = field(
        default_factory=dict, repr=False)

    def lookup(self, name: str) -> ModuleInfo | None:
        """Return the module called ``name`` (or one of its aliases), if it is first-party."""
        found = self.by_name.get(name)
        if found is None and name in self.aliases:
            found = self.by_name.get(self.aliases[name])
        return found

    def longest_prefix(self, dotted: str) -> tuple[ModuleInfo | None, list[str]]:
        """Split ``a.b.c.d`` into the longest first-party module prefix and the rest."""
        known = self._prefixes.get(dotted)
        if known is None:
            parts = dotted.split(".")
            known = (None, tuple(parts))
            for end in range(len(parts), 0, -1):
                found = self.lookup(".".join(parts[:end]))
                if found is not None:
                    known = (found, tuple(parts[end:]))
                    break
            # The same names are looked up from many modules: remember every answer.
            self._prefixes[dotted] = known
        return known[0], list(known[1])

    def is_first_party(self, dotted: str) -> bool:
        """Tell whether the top-level name of ``dotted`` is one of this repository's."""
        return dotted.partition(".")[0] in self.top_levels


def package_of(module: ModuleInfo) -> str:
    """Return the package a module belongs to: itself for a package, else its parent."""
    return module.name if module.is_package else parent_name(module.name)


def _dirname(path: str) -> str:
    return posixpath.dirname(path)


def _configured_root(path: str, roots: Sequence[str]) -> str | None:
    best: str | None = None
    for root in roots:
        matches = root == "" or path.startswith(root + "/")
        if matches and (best is None or len(root) > len(best)):
            best = root
    return best


def _module_name(path: str, root: str) -> tuple[str, bool]:
    relative = path[len(root) + 1:] if root else path
    stem = relative[:-3]
    parts = stem.split("/")
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


class _RootFinder:
    """Find the source root of each file (memoised per folder)."""

    def __init__(self, paths: Sequence[str]) -> None:
        self.package_dirs = {_dirname(p) for p in paths if posixpath.basename(p) == "__init__.py"}
        # An __init__.py at the repository root does not make the repository a package we
        # could name: the root folder is always a source root.
        self.package_dirs.discard("")
        self.dirs_with_code = {_dirname(p) for p in paths}
        self._memo: dict[str, tuple[str, str | None]] = {}

    def root(self, folder: str) -> tuple[str, str | None]:
        """Return (source root, alias root or None) for files directly in ``folder``."""
        cached = self._memo.get(folder)
        if cached is None:
            cached = self._memo[folder] = self._find(folder)
        return cached

    def _find(self, folder: str) -> tuple[str, str | None]:
        topmost: str | None = None
        current = folder
        while current:
            if current in self.package_dirs:
                topmost = current
            current = _dirname(current)
        root = _dirname(topmost) if topmost is not None else folder
        alias: str | None = None
        # Climb namespace folders: no code of their own, not a layout folder.
        while root and root not in self.dirs_with_code and \
                posixpath.basename(root) not in LAYOUT_ROOTS:
            alias = alias if alias is not None else root
            root = _dirname(root)
        return root, alias


def _rank(path: str, root: str) -> tuple[int, int, str]:
    """Sort key of competing claims: repository/layout roots first, then shorter paths."""
    preferred = root == "" or posixpath.basename(root) in LAYOUT_ROOTS
    return (0 if preferred else 1, path.count("/"), path)


def map_modules(paths: Iterable[str], source_roots: Sequence[str] = ()) -> ModuleMap:
    """Name every ``.py`` path; see the module docstring for the rules."""
    python = sorted(p for p in paths if p.endswith(".py"))
    roots = [r.strip("/") for r in source_roots]
    finder = _RootFinder(python)
    claims: dict[str, list[tuple[tuple[int, int, str], ModuleInfo, str]]] = {}
    aliases: dict[str, str] = {}
    for path in python:
        configured = _configured_root(path, roots)
        if configured is not None:
            root, alias_root = configured, None
        else:
            root, alias_root = finder.root(_dirname(path))
        if path == "__init__.py":
            continue  # see _RootFinder: the repository root is not a nameable package
        name, is_package = _module_name(path, root)
        if not name:
            continue
        claims.setdefault(name, []).append((_rank(path, root), ModuleInfo(name, path,
                                                                            is_package), root))
        if alias_root is not None:
            alias, _ = _module_name(path, alias_root)
            if alias:
                aliases.setdefault(alias, name)
    modules = ModuleMap()
    stdlib = sys.stdlib_module_names
    for name, contenders in sorted(claims.items()):
        contenders.sort(key=lambda claim: claim[0])
        _, winner, root = contenders[0]
        top = name.partition(".")[0]
        # A loose script called json.py in a tools folder must not capture `import json`.
        if top in stdlib and _rank(winner.path, root)[0] == 1:
            continue
        modules.by_name[name] = winner
        modules.by_path[winner.path] = winner
        modules.ambiguous.extend((name, info.path) for _, info, _ in contenders[1:])
    modules.aliases = {a: n for a, n in aliases.items() if a not in modules.by_name}
    modules.top_levels = frozenset(
        n.partition(".")[0] for n in (*modules.by_name, *modules.aliases)
    )
    return modules

"""The first-party import graph: every import resolved to a module of this repository.

Resolution follows the interpreter and grimp (import-linter's graph library):

- Relative imports are resolved against the importing module's package; one that climbs
  above the top-level package is recorded as unresolved.
- ``from X import n`` points at the submodule ``X.n`` when it exists, otherwise at ``X``.
- A dotted name that is not itself a module (``import pkg.mod.Klass`` is not legal, but
  ``importlib.import_module`` and half-refactored code produce it) points at its longest
  module prefix, and is listed as unresolved when it names nothing the module binds.
- ``import a.b.c`` points at ``a.b.c`` only; the parent packages it also executes are not
  edges, as in grimp.
- Imports of other top-level names are external: counted per top-level name, not graphed.

Each edge keeps every import site (file, line, flags) so that a cycle or a contract
violation can be shown as a chain of concrete import lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scorecard.analyzers.boundaries.imports import CONDITIONAL, DYNAMIC, FUNCTION, TYPE_CHECKING
from scorecard.analyzers.boundaries.modules import ModuleInfo, ModuleMap, package_of

__all__ = ["ImportGraph", "ImportSite", "absolute_target", "build_graph"]


@dataclass(frozen=True, order=True)
class ImportSite:
    """Where one import statement (or dynamic import call) is written."""

    path: str
    line: int
    flags: int = 0


@dataclass
class ImportGraph:
    """Modules, resolved edges with their sites, and what could not be graphed."""

    modules: ModuleMap
    edges: dict[str, dict[str, list[ImportSite]]] = field(default_factory=dict)
    external: Counter[str] = field(default_factory=Counter)
    # importer -> external top-level name -> first site (forbidden contracts name packages)
    external_sites: dict[str, dict[str, ImportSite]] = field(default_factory=dict)
    unresolved: list[tuple[str, int, str]] = field(default_factory=list)  # path, line, name
    kinds: Counter[str] = field(default_factory=Counter)

    def add_edge(self, importer: str, imported: str, site: ImportSite) -> None:
        """Record one import site of ``importer`` on ``imported`` (never a self-edge)."""
        if imported != importer:
            self.edges.setdefault(importer, {}).setdefault(imported, []).append(site)

    def add_external(self, importer: str, name: str, site: ImportSite) -> None:
        """Count one import of the external package ``name``."""
        self.external[name] += 1
        self.external_sites.setdefault(importer, {}).setdefault(name, site)

    def count_kind(self, flags: int) -> None:
        """Count one import row in ``kinds``: the total and each flag it carries."""
        self.kinds["total"] += 1
        for flag, name in ((TYPE_CHECKING, "type_checking"), (DYNAMIC, "dynamic"),
                           (FUNCTION, "function_level"), (CONDITIONAL, "conditional")):
            if flags & flag:
                self.kinds[name] += 1

    def sort_sites(self) -> None:
        """Put every edge's sites in (path, line) order, as the chains show them."""
        for targets in self.edges.values():
            for sites in targets.values():
                sites.sort()

    def successors(self, module: str, *, type_checking: bool = True,
                   dynamic: bool = False) -> list[str]:
        """Return the modules ``module`` imports through a site of the wanted kinds."""
        found = []
        for target, sites in self.edges.get(module, {}).items():
            if any(_wanted(site.flags, type_checking, dynamic) for site in sites):
                found.append(target)
        return found

    def first_site(self, importer: str, imported: str, *, type_checking: bool = True,
                   dynamic: bool = False) -> ImportSite:
        """Return the earliest site of an edge among the wanted kinds."""
        sites = self.edges[importer][imported]
        wanted = [s for s in sites if _wanted(s.flags, type_checking, dynamic)]
        return min(wanted or sites)

    def edge_pairs(self, *, type_checking: bool = True,
                   dynamic: bool = False) -> set[tuple[str, str]]:
        """Every (importer, imported) pair with a site of the wanted kinds."""
        return {(a, b) for a in self.edges for b in self.successors(
            a, type_checking=type_checking, dynamic=dynamic)}


def _wanted(flags: int, type_checking: bool, dynamic: bool) -> bool:
    if flags & DYNAMIC and not dynamic:
        return False
    return type_checking or not flags & TYPE_CHECKING


def absolute_target(importer: ModuleInfo, target: str) -> str | None:
    """Turn an import target as written (leading dots for relative) into an absolute name."""
    if not target.startswith("."):
        return target
    level = len(target) - len(target.lstrip("."))
    rest = target[level:]
    package = package_of(importer)
    base = package.split(".") if package else []
    if level > len(base):
        return None  # climbs above the top-level package (or has no package at all)
    base = base[:len(base) - (level - 1)]
    return ".".join([*base, rest]) if rest else ".".join(base)


def build_graph(modules: ModuleMap, facts: Mapping[str, Mapping[str, Any]]) -> ImportGraph:
    """Resolve every import row of every file (path -> extract_imports result)."""
    graph = ImportGraph(modules)
    for path, result in sorted(facts.items()):
        importer = modules.by_path.get(path)
        if importer is None:
            continue  # ambiguous or unnameable file: its imports cannot be placed
        graph.edges.setdefault(importer.name, {})
        for line, target, names, flags in result.get("imports", ()):
            graph.count_kind(flags)
            site = ImportSite(path, int(line), int(flags))
            absolute = absolute_target(importer, target)
            if absolute is None:
                graph.unresolved.append((path, int(line), target))
                continue
            if not modules.is_first_party(absolute):
                graph.add_external(importer.name, absolute.partition(".")[0], site)
                continue
            for imported in _resolve(modules, absolute, names, graph, site):
                graph.add_edge(importer.name, imported, site)
    graph.sort_sites()
    return graph


def _resolve(modules: ModuleMap, absolute: str, names: list[str] | None,
             graph: ImportGraph, site: ImportSite) -> list[str]:
    """Return the first-party modules one import row points at."""
    if names is None:
        found, rest = modules.longest_prefix(absolute)
        if found is None:
            graph.unresolved.append((site.path, site.line, absolute))
            return []
        if rest:
            graph.unresolved.append((site.path, site.line, absolute))
        return [found.name]
    targets: list[str] = []
    others = False
    for name in names:
        # A submodule first: `from ns import mod` works even when ns is a namespace folder.
        sub = modules.lookup(f"{absolute}.{name}") if name != "*" else None
        if sub is not None:
            targets.append(sub.name)
        else:
            others = True
    if others:
        base, rest = modules.longest_prefix(absolute)
        if base is None or rest:
            # `from pkg.missing import x`: Python would fail; grimp points at the prefix.
            graph.unresolved.append((site.path, site.line, absolute))
        if base is not None:
            targets.append(base.name)
    return list(dict.fromkeys(targets))

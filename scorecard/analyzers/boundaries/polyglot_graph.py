"""The import graph of every language: Python's, joined by the other module systems'.

Python modules are named and resolved by :mod:`.modules` and :mod:`.graph`. The files of
the other languages are grouped by their language's module system
(:attr:`~scorecard.languages.spec.LanguageSpec.module_system`): ``js``
(:mod:`.script_modules`) and ``go`` (:mod:`.go_packages`). Each system names its modules
(see :mod:`.module_names`: the names never collide with Python's) and resolves the
specifiers its files' per-file step read (:mod:`.syntax_imports`); the edges join the same
:class:`~.graph.ImportGraph`, so cycles, package cycles, contracts and coupling cover every
language. Imports never cross module systems.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any, Protocol

from scorecard.analyzers.boundaries.contract_config import ReadFile
from scorecard.analyzers.boundaries.go_packages import GoPackages, read_go_modules
from scorecard.analyzers.boundaries.graph import ImportGraph, ImportSite
from scorecard.analyzers.boundaries.imports import TYPE_CHECKING
from scorecard.analyzers.boundaries.module_names import Resolution
from scorecard.analyzers.boundaries.modules import ModuleInfo, ModuleMap
from scorecard.analyzers.boundaries.script_modules import ScriptModules
from scorecard.analyzers.boundaries.tsconfig_paths import read_aliases
from scorecard.languages import language_for_path

__all__ = ["ModuleSystem", "graphed_system", "join_module_systems", "module_systems"]


class ModuleSystem(Protocol):
    """The modules of one module system and how its import specifiers resolve."""

    by_path: dict[str, ModuleInfo]  # every file of the system -> the module it belongs to
    ambiguous: list[tuple[str, str]]  # (name, file left out because another file won it)

    def resolve(self, importer: str, specifier: str) -> Resolution:
        """Return what ``specifier``, written in the file ``importer``, names."""
        ...


def _scripts(paths: Sequence[str], repository: Collection[str], read: ReadFile) -> ModuleSystem:
    return ScriptModules(paths, repository, read_aliases(repository, read))


def _go(paths: Sequence[str], repository: Collection[str], read: ReadFile) -> ModuleSystem:
    return GoPackages(paths, read_go_modules(repository, read))


_SYSTEMS: dict[str, Callable[[Sequence[str], Collection[str], ReadFile], ModuleSystem]] = {
    "js": _scripts,
    "go": _go,
}


def graphed_system(path: str) -> str | None:
    """Return the module system whose graph a non-Python file joins, or None."""
    spec = language_for_path(path)
    return spec.module_system if spec is not None and spec.module_system in _SYSTEMS else None


def module_systems(paths: Sequence[str], read: ReadFile) -> dict[str, ModuleSystem]:
    """Build each module system that has files among the repository's ``paths``."""
    files: dict[str, list[str]] = {}
    for path in paths:
        system = graphed_system(path)
        if system is not None:
            files.setdefault(system, []).append(path)
    repository = frozenset(paths)
    return {system: _SYSTEMS[system](members, repository, read)
            for system, members in sorted(files.items())}


def _joined_modules(python: ModuleMap, systems: Mapping[str, ModuleSystem]) -> ModuleMap:
    """Return a new map of Python's modules and every system's (Python's map is kept)."""
    modules = ModuleMap(by_name=dict(python.by_name), by_path=dict(python.by_path),
                        aliases=dict(python.aliases), top_levels=python.top_levels,
                        ambiguous=list(python.ambiguous))
    for system in systems.values():
        for path, info in system.by_path.items():
            modules.by_name[info.name] = info
            modules.by_path[path] = info
        modules.ambiguous.extend(system.ambiguous)
    return modules


def join_module_systems(python: ImportGraph, systems: Mapping[str, ModuleSystem],
                        facts: Mapping[str, Mapping[str, Any]]) -> ImportGraph:
    """Return the graph of every language: Python's edges plus each system's resolved rows.

    ``facts`` holds the per-file results of every language (path -> result). ``python`` is
    consumed (its edges and counts become the joined graph's), but not its module map: the
    name-based checks keep reading Python's modules alone.
    """
    graph = replace(python, modules=_joined_modules(python.modules, systems))
    # Modules that declare types and nothing else (TypeScript interfaces): the compiler
    # erases every import of them, so no edge to one runs (see syntax_imports).
    erased = {info.name for system in systems.values()
              for path, info in system.by_path.items() if facts.get(path, {}).get("types_only")}
    for path, result in sorted(facts.items()):
        system_name = graphed_system(path)
        system = systems.get(system_name) if system_name is not None else None
        importer = system.by_path.get(path) if system is not None else None
        if system is None or importer is None:
            continue  # Python (already graphed), or a file another one won
        graph.edges.setdefault(importer.name, {})
        for line, specifier, _names, flags in result.get("imports", ()):
            found = system.resolve(path, str(specifier))
            kind = int(flags) | (TYPE_CHECKING if found.kind == "module"
                                 and found.name in erased else 0)
            graph.count_kind(kind)
            site = ImportSite(path, int(line), kind)
            if found.kind == "module":
                graph.add_edge(importer.name, found.name, site)
            elif found.kind == "external":
                graph.add_external(importer.name, found.name, site)
            elif found.kind == "unresolved":
                graph.unresolved.append((path, int(line), str(specifier)))
    graph.sort_sites()
    return graph

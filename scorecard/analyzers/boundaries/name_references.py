"""Symbol-level references between first-party modules, and imports of names that do not exist.

A reference is "module M uses name N of module T" (or T itself), from three spellings:
``import pkg.mod``, ``from pkg.mod import name`` and an attribute chain on an imported name
(``mod.name``, ``Klass._cache``). Each (importer, target) pair counts once per module, at its
first line, so a helper called a hundred times is one reference, not a hundred.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from scorecard.analyzers.boundaries.graph import absolute_target
from scorecard.analyzers.boundaries.modules import ModuleInfo, ModuleMap

__all__ = ["Reference", "collect_references", "missing_names"]

KEPT_PARTS = 2  # symbol and member: `Klass._cache` is the deepest private reach we judge


@dataclass(frozen=True, order=True)
class Reference:
    """Module ``importer`` reaches ``module`` (and within it ``rest``: symbol, member)."""

    importer: str
    module: str
    rest: tuple[str, ...]
    path: str
    line: int


def _targets(importer: ModuleInfo, result: Mapping[str, Any]) -> Iterator[tuple[int, str]]:
    """(line, absolute dotted name) of everything a module names through its imports."""
    for line, target, names, _flags in result.get("imports", ()):
        absolute = absolute_target(importer, target)
        if absolute is None:
            continue
        if names is None:
            yield int(line), absolute
        else:
            for name in names:
                yield int(line), absolute if name == "*" else f"{absolute}.{name}"
    for line, bound, chain in result.get("refs", ()):
        absolute = absolute_target(importer, bound)
        if absolute is not None:
            yield int(line), f"{absolute}.{chain}" if chain else absolute


def collect_references(modules: ModuleMap, facts: Mapping[str, Mapping[str, Any]]
                       ) -> list[Reference]:
    """Every first-party reference of every module, deduplicated per importer."""
    found: dict[tuple[str, str, tuple[str, ...]], Reference] = {}
    for path, result in sorted(facts.items()):
        importer = modules.by_path.get(path)
        if importer is None:
            continue
        for line, dotted in _targets(importer, result):
            if not modules.is_first_party(dotted):
                continue
            module, rest = modules.longest_prefix(dotted)
            if module is None or module.name == importer.name:
                continue
            key = (importer.name, module.name, tuple(rest[:KEPT_PARTS]))
            known = found.get(key)
            if known is None or line < known.line:
                found[key] = Reference(importer.name, module.name, key[2], path, line)
    return sorted(found.values())


def missing_names(modules: ModuleMap, facts: Mapping[str, Mapping[str, Any]]
                  ) -> list[tuple[str, int, str]]:
    """``from mod import name`` where first-party ``mod`` binds no ``name`` (path, line, name).

    A module with a star import or a module-level ``__getattr__`` may bind anything, so it is
    given the benefit of the doubt; so is a module that did not parse.
    """
    missing: list[tuple[str, int, str]] = []
    for path, result in sorted(facts.items()):
        importer = modules.by_path.get(path)
        if importer is None:
            continue
        for line, target, names, _flags in result.get("imports", ()):
            absolute = absolute_target(importer, target)
            if names is None or absolute is None or not modules.is_first_party(absolute):
                continue
            module = modules.lookup(absolute)
            bound = set(facts.get(module.path, {}).get("bound", ("*",))) if module else {"*"}
            if module is None or "*" in bound or "__getattr__" in bound:
                continue
            for name in names:
                if name != "*" and name not in bound and \
                        modules.lookup(f"{absolute}.{name}") is None:
                    missing.append((path, int(line), f"{absolute}.{name}"))
    return missing

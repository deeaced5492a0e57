"""Public API: ``__all__`` per package, and public names nothing outside their package uses.

``__all__`` is how a Python package says which of its names are its interface (it drives
star imports, documentation tools and type checkers' re-export rules). A package whose
``__init__.py`` binds public names *declares* its API when it has an ``__all__`` that
matches: every listed name is bound (or is a submodule), and every public function or class
the ``__init__.py`` defines itself is listed. A computed ``__all__`` cannot be checked and
counts as declared.

A *candidate private* is a public top-level function or class of a module inside a package
that no module outside that package references (directly or through a re-export), and that
no package ``__init__.py`` declares as its API (re-exports or lists in ``__all__``). A
module's own ``__all__`` does not exempt a name: the question is whether anything beyond the
package needs it. Tests outside the package count as users. It is a candidate only: entry
points, plugins registered by name and framework callbacks are used without an import.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scorecard.analyzers.boundaries.graph import absolute_target
from scorecard.analyzers.boundaries.modules import ModuleMap, package_of, within
from scorecard.analyzers.boundaries.name_references import Reference
from scorecard.analyzers.path_roles import is_sample
from scorecard.wording import counted

__all__ = ["ApiStatus", "PublicName", "api_status", "candidate_privates"]

Facts = Mapping[str, Mapping[str, Any]]
MAX_REEXPORT_DEPTH = 32  # re-export chains are short; the bound stops circular ones


def _public(name: str) -> bool:
    return not name.startswith("_")


@dataclass(frozen=True)
class ApiStatus:
    """The ``__all__`` verdict of one package with a public surface."""

    package: str
    path: str
    line: int
    public_names: int
    has_all: bool
    dynamic: bool
    undefined: tuple[str, ...]
    unlisted: tuple[str, ...]

    @property
    def declared(self) -> bool:
        """True when ``__all__`` exists and matches what the package defines."""
        return self.has_all and (self.dynamic or not (self.undefined or self.unlisted))

    def describe(self) -> str:
        """One line for a finding."""
        if not self.has_all:
            names = counted(self.public_names, "public name")
            return f"package {self.package} has {names} but no __all__"
        problems = []
        if self.undefined:
            problems.append(f"lists names it does not bind: {', '.join(self.undefined[:5])}")
        if self.unlisted:
            problems.append(f"omits public definitions: {', '.join(self.unlisted[:5])}")
        return f"package {self.package}: __all__ " + "; ".join(problems)


def api_status(modules: ModuleMap, facts: Facts) -> list[ApiStatus]:
    """Judge ``__all__`` of every package whose ``__init__.py`` binds a public name.

    Not test, example or vendored packages: nobody imports ``app.tests`` as an API.
    """
    statuses = []
    for info in sorted(modules.by_name.values(), key=lambda m: m.name):
        result = facts.get(info.path)
        if not info.is_package or result is None or is_sample(info.path):
            continue
        bound = set(result.get("bound", ()))
        public = sorted(n for n in bound if _public(n) and n != "*")
        declared_all = result.get("all")
        if not public and declared_all is None:
            continue
        if declared_all is None:
            statuses.append(ApiStatus(info.name, info.path, 1, len(public), False, False, (), ()))
            continue
        line, listed, dynamic = declared_all
        star = "*" in bound or "__getattr__" in bound
        undefined = () if star else tuple(
            n for n in dict.fromkeys(listed)
            if n not in bound and modules.lookup(f"{info.name}.{n}") is None
        )
        defined = [d[0] for d in result.get("defs", ()) if _public(d[0])]
        unlisted = () if dynamic else tuple(n for n in defined if n not in set(listed))
        statuses.append(ApiStatus(info.name, info.path, int(line), len(public), True,
                                  bool(dynamic), undefined, unlisted))
    return statuses


@dataclass(frozen=True)
class PublicName:
    """A public top-level function or class of a module."""

    module: str
    name: str
    path: str
    line: int


class _Reexports:
    """Follow re-exports (``from .impl import Thing`` in ``__init__.py``) to the definition."""

    def __init__(self, modules: ModuleMap, facts: Facts) -> None:
        self.modules = modules
        self.facts = facts
        # module -> local name -> (module, name) it re-exports; "*" -> modules star-imported
        self.resolved: dict[str, dict[str, list[tuple[str, str]]]] = {}
        self.memo: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}

    def table(self, module: str) -> dict[str, list[tuple[str, str]]]:
        """Map each local name a module imports to the first-party (module, name) it binds."""
        table = self.resolved.get(module)
        if table is None:
            info = self.modules.by_name[module]
            table = {}
            for local, target in self.facts.get(info.path, {}).get("reexports", ()):
                absolute = absolute_target(info, target)
                if absolute is None or not self.modules.is_first_party(absolute):
                    continue
                found, rest = self.modules.longest_prefix(absolute)
                if found is None:
                    continue
                if local == "*" and not rest:
                    table.setdefault("*", []).append((found.name, "*"))
                elif local != "*" and len(rest) == 1:
                    table.setdefault(local, []).append((found.name, rest[0]))
            self.resolved[module] = table
        return table

    def origins(self, module: str, name: str) -> tuple[tuple[str, str], ...]:
        """Return (module, name) itself and every (module, name) it re-exports, transitively."""
        key = (module, name)
        known = self.memo.get(key)
        if known is not None:
            return known
        seen: dict[tuple[str, str], None] = {}
        pending = [key]
        while pending and len(seen) < MAX_REEXPORT_DEPTH:
            current = pending.pop()
            if current in seen:
                continue
            seen[current] = None
            table = self.table(current[0])
            pending.extend(table.get(current[1], ()))
            pending.extend((source, current[1]) for source, _ in table.get("*", ()))
        result = self.memo[key] = tuple(seen)
        return result


def _universe(modules: ModuleMap, facts: Facts, exempt: Callable[[str], bool]
              ) -> list[PublicName]:
    names = []
    for info in modules.by_name.values():
        result = facts.get(info.path)
        # Top-level scripts and test code have no package to hide names in; what a package's
        # own __init__.py defines is its surface, judged by the __all__ check instead.
        if result is None or "." not in info.name or info.is_package or exempt(info.path):
            continue
        for name, line, _kind in result.get("defs", ()):
            if _public(name):
                names.append(PublicName(info.name, name, info.path, int(line)))
    return names


def _declared(modules: ModuleMap, facts: Facts, reexports: _Reexports) -> set[tuple[str, str]]:
    """Collect (module, name) pairs a package declares: in its ``__all__`` or re-exported."""
    declared: set[tuple[str, str]] = set()
    for info in modules.by_name.values():
        if not info.is_package:
            continue
        listed = facts.get(info.path, {}).get("all")
        for name in listed[1] if listed is not None else ():
            declared.update(reexports.origins(info.name, name))
        for local in reexports.table(info.name):
            if local != "*" and _public(local):
                declared.update(reexports.origins(info.name, local))
    return declared


def _used(modules: ModuleMap, facts: Facts, references: Sequence[Reference],
          reexports: _Reexports) -> set[tuple[str, str]]:
    """Collect (module, name) pairs that some module outside the name's package references."""
    used: set[tuple[str, str]] = set()
    for ref in references:
        if ref.rest and not within(ref.importer, package_of(modules.by_name[ref.module])):
            used.update(reexports.origins(ref.module, ref.rest[0]))
    # A star import from outside uses every public name of its module.
    for path, result in facts.items():
        importer = modules.by_path.get(path)
        if importer is None:
            continue
        for _line, target, names, _flags in result.get("imports", ()):
            absolute = absolute_target(importer, target) if names == ["*"] else None
            source = modules.lookup(absolute) if absolute else None
            if source is None or within(importer.name, package_of(source)):
                continue
            for name, _def_line, _kind in facts.get(source.path, {}).get("defs", ()):
                used.update(reexports.origins(source.name, name))
    return used


def candidate_privates(modules: ModuleMap, facts: Facts, references: Sequence[Reference],
                       exempt: Callable[[str], bool]) -> tuple[list[PublicName], int]:
    """Return the candidate privates and how many public names were judged."""
    reexports = _Reexports(modules, facts)
    declared = _declared(modules, facts, reexports)
    universe = [n for n in _universe(modules, facts, exempt)
                if (n.module, n.name) not in declared]
    used = _used(modules, facts, references, reexports)
    candidates = [n for n in universe if (n.module, n.name) not in used]
    candidates.sort(key=lambda n: (n.path, n.line))
    return candidates, len(universe)

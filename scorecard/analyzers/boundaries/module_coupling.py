"""Module coupling: fan-in, fan-out, instability, stable-dependency violations, god modules.

Robert C. Martin's package metrics, applied to modules of this repository:

- fan-in (afferent coupling, Ca): how many first-party modules import this one;
- fan-out (efferent coupling, Ce): how many first-party modules this one imports;
- instability I = Ce / (Ca + Ce): 0 for a module everything leans on, 1 for one nothing does.

The Stable Dependencies Principle says a module should depend only on modules at least as
stable as itself: an edge from a stable module to a less stable one means the easy-to-change
module cannot change without shaking the hard-to-change one. Violations are counted per edge.

A god module is one that many modules depend on (``hub_fan_in`` importers or more) and that
also knows too much: it is very large (``god_lines`` non-blank lines; for a module of
several files, a Go package, its largest file: the limit is a file's, and a package of seven
files of 400 lines is no god) or it imports many modules itself (``hub_fan_out``), so a
change anywhere ripples through it to everything that depends on it. A module that is
only heavily imported is a stable foundation, not a god; a very large module that nothing
imports is a size problem (the complexity checks' business), not a boundary problem; and a
package ``__init__.py`` that re-exports many submodules is a facade, judged by its size
only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scorecard.analyzers.boundaries.graph import ImportGraph
from scorecard.analyzers.path_roles import is_sample
from scorecard.wording import counted

__all__ = ["Coupling", "ModuleCoupling", "measure_coupling"]


@dataclass(frozen=True)
class ModuleCoupling:
    """The coupling numbers of one module."""

    name: str
    path: str
    lines: int
    fan_in: int
    fan_out: int

    @property
    def instability(self) -> float:
        """Ce / (Ca + Ce); 0 for an isolated module (nothing can shake it)."""
        total = self.fan_in + self.fan_out
        return self.fan_out / total if total else 0.0


@dataclass(frozen=True)
class Coupling:
    """Per-module numbers, the edges that break the Stable Dependencies Principle, god modules."""

    modules: tuple[ModuleCoupling, ...]
    edges: int
    unstable_edges: tuple[tuple[str, str], ...]
    gods: tuple[tuple[ModuleCoupling, str], ...]


def measure_coupling(graph: ImportGraph, facts: Mapping[str, Mapping[str, Any]], *,
                     hub_fan_in: int, hub_fan_out: int, god_lines: int) -> Coupling:
    """Measure every product module of the graph; static imports only (dynamic ones a guess).

    Tests, examples and vendored copies are left out, as importers and as modules: fourteen
    test files importing a CLI module are how it is tested, not a design that leans on it.
    """
    product = {info.name for info in graph.modules.by_name.values()
               if not is_sample(info.path)}
    pairs = [(a, b) for a, b in graph.edge_pairs() if a in product and b in product]
    fan_in: dict[str, int] = {}
    fan_out: dict[str, int] = {}
    for a, b in pairs:
        fan_out[a] = fan_out.get(a, 0) + 1
        fan_in[b] = fan_in.get(b, 0) + 1
    # A module's size is that of all its files (a Go package is a folder of them).
    lines: dict[str, int] = {}
    largest: dict[str, int] = {}
    for path, info in graph.modules.by_path.items():
        size = int(facts.get(path, {}).get("lines", 0))
        lines[info.name] = lines.get(info.name, 0) + size
        largest[info.name] = max(largest.get(info.name, 0), size)
    numbers = {}
    for info in graph.modules.by_name.values():
        if info.name not in product:
            continue
        numbers[info.name] = ModuleCoupling(info.name, info.path, lines.get(info.name, 0),
                                            fan_in.get(info.name, 0), fan_out.get(info.name, 0))
    unstable = sorted((a, b) for a, b in pairs
                      if numbers[b].instability > numbers[a].instability)
    gods = []
    fan_in_limit, fan_out_limit = hub_fan_in, hub_fan_out
    for module in sorted(numbers.values(), key=lambda m: m.name):
        if module.fan_in < fan_in_limit:
            continue
        importers = counted(module.fan_in, "module")
        size = largest.get(module.name, 0)
        if size >= god_lines:
            where = "" if size == module.lines else " in its largest file"
            gods.append((module, f"imported by {importers} (limit {fan_in_limit}) and "
                                 f"{counted(size, 'non-blank line')}{where} "
                                 f"(limit {god_lines})"))
        elif module.fan_out >= fan_out_limit and not graph.modules.by_name[module.name].is_package:
            gods.append((module, f"hub: imported by {importers} and imports "
                                 f"{module.fan_out} (limits {fan_in_limit} and {fan_out_limit})"))
    return Coupling(tuple(sorted(numbers.values(), key=lambda m: m.name)), len(pairs),
                    tuple(unstable), tuple(gods))

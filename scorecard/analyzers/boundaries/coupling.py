"""Module coupling: fan-in, fan-out, instability, stable-dependency violations, god modules.

Robert C. Martin's package metrics, applied to modules of this repository:

- fan-in (afferent coupling, Ca): how many first-party modules import this one;
- fan-out (efferent coupling, Ce): how many first-party modules this one imports;
- instability I = Ce / (Ca + Ce): 0 for a module everything leans on, 1 for one nothing does.

The Stable Dependencies Principle says a module should depend only on modules at least as
stable as itself: an edge from a stable module to a less stable one means the easy-to-change
module cannot change without shaking the hard-to-change one. Violations are counted per edge.

A god module is very large (``god_lines`` non-blank lines) or a hub that is both heavily
imported and heavily importing (``hub_fan_in`` and ``hub_fan_out``): a change to it ripples
both ways. A module that is only heavily imported is a stable foundation, not a god.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scorecard.analyzers.boundaries.graph import ImportGraph

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


def measure_coupling(graph: ImportGraph, facts: Mapping[str, Mapping[str, Any]],
                     options: Mapping[str, Any]) -> Coupling:
    """Measure every module of the graph; static imports only (dynamic ones are a guess)."""
    pairs = graph.edge_pairs()
    fan_in: dict[str, int] = {}
    fan_out: dict[str, int] = {}
    for a, b in pairs:
        fan_out[a] = fan_out.get(a, 0) + 1
        fan_in[b] = fan_in.get(b, 0) + 1
    numbers = {}
    for info in graph.modules.by_name.values():
        lines = int(facts.get(info.path, {}).get("lines", 0))
        numbers[info.name] = ModuleCoupling(info.name, info.path, lines,
                                            fan_in.get(info.name, 0), fan_out.get(info.name, 0))
    unstable = sorted((a, b) for a, b in pairs
                      if numbers[b].instability > numbers[a].instability)
    gods = []
    for module in sorted(numbers.values(), key=lambda m: m.name):
        if module.lines >= options["god_lines"]:
            gods.append((module, f"{module.lines} non-blank lines (limit {options['god_lines']})"))
        elif module.fan_in >= options["hub_fan_in"] and module.fan_out >= options["hub_fan_out"]:
            gods.append((module, f"hub: imported by {module.fan_in} modules, imports "
                                 f"{module.fan_out} (limits {options['hub_fan_in']} and "
                                 f"{options['hub_fan_out']})"))
    return Coupling(tuple(sorted(numbers.values(), key=lambda m: m.name)), len(pairs),
                    tuple(unstable), tuple(gods))

"""From history aggregates to findings: hotspots, change coupling and knowledge.

- **Hotspots** (Tornhill, *Your Code as a Crime Scene*; CodeScene): files that change often
  *and* are complex. The change-frequency cut is the knee of the sorted revision counts (the
  point farthest from the line joining the most and the least changed file, as in the
  Kneedle method); a hotspot is a file at or above the knee whose complexity (sum of its
  functions' cyclomatic complexity) is above the median of the changed files.
- **Change coupling** follows code-maat's algorithm and defaults: pairs of files changed in
  the same commits; degree = shared revisions / mean of the two files' revisions, in percent;
  reported when both files have >= min_revisions, the pair >= min_shared and degree >=
  min_degree. Pairs whose files sit in different top-level modules are hidden dependencies.
- **Knowledge**: a file's main author share and the number of authors that cover half of its
  changes; a knowledge island is a file whose main author made no commit in the last
  ``island_months`` months.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import median

from scorecard.analyzers.evolution.mining import History

__all__ = ["CoupledPair", "coupled_pairs", "hotspots", "knee", "module_of", "owners_for_half"]


def module_of(path: str) -> str:
    """Return the top-level module of a path: its first folder; root files share "." ."""
    if "/" not in path:
        return "."
    head, _, rest = path.partition("/")
    if head in ("src", "lib") and rest:
        return rest.partition("/")[0]
    return head


def knee(values: Sequence[int]) -> int:
    """Return the value at the knee of a descending curve (0 for an empty one)."""
    ordered = sorted(values, reverse=True)
    if len(ordered) < 3:
        return ordered[-1] if ordered else 0
    first, last = ordered[0], ordered[-1]
    span = len(ordered) - 1
    best_index, best_distance = 0, -1.0
    for index, value in enumerate(ordered):
        # Distance below the straight line from (0, first) to (span, last).
        line = first + (last - first) * index / span
        distance = line - value
        if distance > best_distance:
            best_index, best_distance = index, distance
    return ordered[best_index]


def hotspots(history: History, complexity: Mapping[str, int], current: set[str],
             ) -> tuple[list[str], int]:
    """Return hotspot paths (most changed first) and the revision count at the knee."""
    changed = {p: s.revisions for p, s in history.files.items()
               if p in current and p in complexity}
    if not changed:
        return [], 0
    cut = knee(list(changed.values()))
    typical = median(complexity[p] for p in changed)
    spots = [p for p, revs in changed.items() if revs >= cut and complexity[p] > typical]
    spots.sort(key=lambda p: (-changed[p], -complexity[p], p))
    return spots, cut


@dataclass(frozen=True)
class CoupledPair:
    """Two files that change together."""

    first: str
    second: str
    shared: int
    degree: float
    cross_module: bool


def coupled_pairs(history: History, current: set[str], *, min_revisions: int, min_shared: int,
                  min_degree: float) -> list[CoupledPair]:
    """Apply code-maat's coupling analysis to the mined pairs; strongest first."""
    pairs: list[CoupledPair] = []
    revisions = history.coupling_revisions
    for (first, second), shared in history.shared.items():
        if shared < min_shared or first not in current or second not in current:
            continue
        if revisions[first] < min_revisions or revisions[second] < min_revisions:
            continue
        average = (revisions[first] + revisions[second]) / 2
        degree = 100.0 * shared / average
        if degree < min_degree:
            continue
        pairs.append(CoupledPair(first, second, shared, round(degree, 1),
                                 module_of(first) != module_of(second)))
    pairs.sort(key=lambda p: (-p.degree, -p.shared, p.first, p.second))
    return pairs


def owners_for_half(counts: Mapping[str, int]) -> int:
    """Count the authors, most active first, that cover at least half of the changes."""
    total = sum(counts.values())
    covered = 0
    for needed, value in enumerate(sorted(counts.values(), reverse=True), start=1):
        covered += value
        if 2 * covered >= total:
            return needed
    return 0

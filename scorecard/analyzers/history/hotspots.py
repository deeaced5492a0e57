"""Hotspots: complex code that changes often (Tornhill, *Your Code as a Crime Scene*).

The rule, in three steps:

1. **Change frequency.** Sort the current measured product files (Python, Go, Java,
   JavaScript, TypeScript; tests left out, as the risk model leaves them out: they change
   with the code they test) changed in the window by revisions,
   most first. Change frequency usually follows a steep power law: a few files take most
   changes. The cut is the knee of that curve, found as in the Kneedle method (Satopää et
   al. 2011) from the straight line joining the most and the least changed file. On the
   usual convex curve the knee is the point farthest *below* that line, where the curve
   flattens, and the files changed more often than the knee form the steep head. A small
   history can give a concave curve instead (several files changed often, then a drop):
   its knee is the point farthest *above* the line, the last one before the drop, and the
   head runs up to and including it. A straight curve, or fewer than three files, has no
   knee, so no file stands out. This is the cut CodeScene describes for its hotspots.
2. **Complexity.** A file's complexity is the sum of its functions' cyclomatic complexity
   (from the complexity analyzer); a hotspot must be more complex than the median current
   measured file, so a busy but trivial file (a version string, a registry) is not one,
   and complex in its own right, not only next to the others: a function beyond radon's
   rank A (cyclomatic ``MIN_WORST_COMPLEXITY`` or more) or ``MIN_TOTAL_COMPLEXITY`` in all.
   Where every file is small, the median is tiny, and a getter-and-setter class (every
   function 1, 4 in all) changed often is busy, not complex.
3. **Rank** by the risk model's expected fix commits (:mod:`scorecard.risk`), which beats
   revisions x complexity, Tornhill's hotspot score, in backtests on public repositories;
   the score breaks ties and ranks alone when the risk model is off.

The measurement is the share of product source lines (tests left out) in hotspots; each
hotspot lists its worst functions so the refactoring can start there. Machine-written files
(generated code) are neither candidates nor part of the curve, the median or the lines it
is a share of: the analyzer hands in only the files people write (see
:mod:`machine_written`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import median
from typing import Any

from scorecard.facts.complexity_facts import FunctionRow
from scorecard.model import Finding, Location, Measurement
from scorecard.wording import counted

__all__ = ["Hotspot", "head_cut", "hotspot_measurement", "knee", "select_hotspots"]

METRIC = "history.hotspot_code_share"
WORST_FUNCTIONS = 3
MIN_WORST_COMPLEXITY = 6  # radon's rank B starts here; rank A (1-5) is "a simple block"
MIN_TOTAL_COMPLEXITY = 20


def knee(values: Sequence[int]) -> tuple[int, bool] | None:
    """Return the value at the knee of the values sorted descending, or None if none.

    The flag is True when the knee belongs to the head (a concave curve), False when the
    head stops just before it (the usual convex curve).
    """
    ordered = sorted(values, reverse=True)
    if len(ordered) < 3:
        return None
    first, last, span = ordered[0], ordered[-1], len(ordered) - 1
    below: tuple[float, int] = (0.0, 0)
    above: tuple[float, int] = (0.0, 0)
    for index, value in enumerate(ordered):
        gap = first + (last - first) * index / span - value  # > 0: below the chord
        if gap > below[0]:
            below = (gap, value)
        elif -gap > above[0]:
            above = (-gap, value)
    if below[0] > 0:
        return below[1], False
    if above[0] > 0:
        return above[1], True
    return None


@dataclass(frozen=True)
class Hotspot:
    """One hotspot and the evidence for it."""

    path: str
    revisions: int
    complexity: int
    sloc: int
    worst_functions: tuple[tuple[str, int, int, int], ...]  # name, line, cyclomatic, cognitive
    risk: float | None = None  # expected fix commits in the next window (the risk model)

    @property
    def score(self) -> int:
        """Tornhill's hotspot score: change frequency times complexity."""
        return self.revisions * self.complexity

    def row(self) -> dict[str, Any]:
        """Return a JSON row for the report's details."""
        return {"path": self.path, "revisions": self.revisions, "complexity": self.complexity,
                "sloc": self.sloc, "score": self.score,
                "risk": None if self.risk is None else round(self.risk, 4),
                "worst_functions": [{"function": name, "line": line, "cyclomatic": cc,
                                     "cognitive": cog}
                                    for name, line, cc, cog in self.worst_functions]}


def _worst(rows: Sequence[FunctionRow]) -> tuple[tuple[str, int, int, int], ...]:
    """Return the most complex functions of a file, from the complexity analyzer's rows."""
    ranked = sorted(rows, key=lambda r: (-r.cyclomatic, -r.cognitive, r.line))
    return tuple((r.qualname, r.line, r.cyclomatic, r.cognitive)
                 for r in ranked[:WORST_FUNCTIONS])


def _total_complexity(functions: Mapping[str, Sequence[FunctionRow]]) -> dict[str, int]:
    """Return each file's total cyclomatic complexity: the sum over its functions."""
    return {path: sum(row.cyclomatic for row in rows) for path, rows in functions.items()}


def _complex_in_itself(total: int, rows: Sequence[FunctionRow]) -> bool:
    """Return True for a file with a function beyond a simple block, or much code in all."""
    return total >= MIN_TOTAL_COMPLEXITY or any(
        row.cyclomatic >= MIN_WORST_COMPLEXITY for row in rows)


def select_hotspots(revisions: Mapping[str, int],
                    functions: Mapping[str, Sequence[FunctionRow]],
                    sloc: Mapping[str, int],
                    risk: Mapping[str, float] | None = None) -> tuple[list[Hotspot], int | None]:
    """Return the hotspots, riskiest first, and the fewest revisions of the head.

    ``revisions`` holds the window's revisions of current files; ``functions`` the
    complexity analyzer's function rows of every current measured file; ``risk`` the risk
    model's expected fixes per file (without it, the highest score comes first).
    """
    complexity = _total_complexity(functions)
    changed = {path: revs for path, revs in revisions.items() if path in complexity and revs}
    cut = head_cut(list(changed.values()))
    if cut is None:
        return [], None
    typical = median(complexity.values())
    expected = risk or {}
    spots = [Hotspot(path, revs, complexity[path], sloc.get(path, 0),
                     _worst(functions[path]), expected.get(path))
             for path, revs in changed.items()
             if revs >= cut and complexity[path] > typical
             and _complex_in_itself(complexity[path], functions[path])]
    spots.sort(key=lambda s: (-(s.risk or 0.0), -s.score, -s.revisions, s.path))
    return spots, cut


def head_cut(revisions: Sequence[int]) -> int | None:
    """Return the fewest revisions of the head of the curve, or None without a knee."""
    found = knee(revisions)
    if found is None:
        return None
    value, inclusive = found
    return value if inclusive else value + 1


def hotspot_measurement(spots: list[Hotspot], cut: int | None,
                        sloc: Mapping[str, int]) -> Measurement:
    """Measure the share of source lines in hotspots, one finding per hotspot."""
    total = sum(sloc.values())
    if total == 0:
        return Measurement(METRIC, None, "no product source lines measured (tests are not "
                                         "product code)")
    findings = []
    for spot in spots:
        worst = ", ".join(f"{name} (cyclomatic {cc})" for name, _, cc, _ in spot.worst_functions)
        # File-level place: the finding keeps its identity while the functions move.
        expected = ("" if spot.risk is None
                    else f"; expected fix commits in the next window: {spot.risk:.1f}")
        findings.append(Finding(
            METRIC, Location(spot.path),
            f"{counted(spot.revisions, 'change')} in the window, total cyclomatic complexity "
            f"{spot.complexity}" + (f"; worst: {worst}" if worst else "") + expected,
            float(spot.score)))
    share = round(100.0 * sum(s.sloc for s in spots) / total, 2)
    if cut is None:
        note = "no knee in the change-frequency curve: no file changes markedly more"
    else:
        note = (f"{counted(len(spots), 'hotspot')}: changed at least {counted(cut, 'time')} "
                "(the head of the change-frequency curve) and more complex than the median file")
    return Measurement(METRIC, share, note, tuple(findings))

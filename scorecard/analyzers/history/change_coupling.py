"""Change coupling: files that change in the same commits, by code-maat's algorithm.

The rules follow code-maat's ``coupling`` analysis (Adam Tornhill) and its defaults:

- a commit touching more than ``max_changeset_size`` (30) files is dropped altogether, for
  its pairs *and* for the revision counts: bulk edits say nothing about coupling;
- a file's revisions are the remaining commits that touch it; a pair's shared revisions the
  commits that touch both;
- degree = shared revisions / the mean of the two files' revisions, in percent;
- a pair is reported when that mean is at least ``min_revisions`` (5: code-maat compares the
  *average*, not each file), shared >= ``min_shared_revisions`` (5), degree >=
  ``min_coupling`` (30 %) and the degree rounded down <= ``max_coupling`` (100 %);
- the degree code-maat prints is the percentage truncated to an integer, strongest first.

Memory holds one counter per file and per co-changing pair, never per commit. The tally
counts every path; the analyzer reports no pair with a machine-written file on either side
(``go.mod`` and ``go.sum`` change together by construction; see :mod:`machine_written`).
Commits by bot accounts never reach the tally, for pairs or revisions, like too-wide ones:
what a dependency bot bumps together its update script decides (see :mod:`bots`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from dataclasses import dataclass
from itertools import combinations

from scorecard.model import Finding, Location, Measurement
from scorecard.wording import count_text, counted

__all__ = ["CoupledPair", "CouplingTally", "coupled_pairs", "cross_module_measurement"]

CROSS_METRIC = "history.cross_module_coupling"

_SHIFT = 32  # pair key = first id << 32 | second id: one int per pair keeps memory small


@dataclass(frozen=True)
class CoupledPair:
    """Two files that change together (``first`` sorts before ``second``)."""

    first: str
    second: str
    shared: int
    average_revisions: float
    percent: float  # shared / average revisions * 100, unrounded

    @property
    def degree(self) -> int:
        """The degree as code-maat prints it: the percentage truncated to an integer."""
        return int(self.percent)


class CouplingTally:
    """Counts revisions per file and shared revisions per pair, one change set at a time."""

    def __init__(self, max_changeset_size: int) -> None:
        """Start empty; change sets wider than ``max_changeset_size`` will be dropped."""
        self.max_changeset_size = max_changeset_size
        self.dropped = 0  # change sets too wide to count
        self._ids: dict[str, int] = {}
        self._names: list[str] = []
        self._revisions: list[int] = []
        self._shared: dict[int, int] = {}

    def _id(self, path: str) -> int:
        """Return the small integer standing for ``path``, assigning one if new."""
        ident = self._ids.get(path)
        if ident is None:
            ident = self._ids[path] = len(self._names)
            self._names.append(path)
            self._revisions.append(0)
        return ident

    def add(self, paths: Collection[str]) -> None:
        """Count one commit's distinct changed paths."""
        if len(paths) > self.max_changeset_size:
            self.dropped += 1
            return
        ids = sorted(self._id(path) for path in paths)
        revisions, shared = self._revisions, self._shared
        for ident in ids:
            revisions[ident] += 1
        for first, second in combinations(ids, 2):
            key = first << _SHIFT | second
            shared[key] = shared.get(key, 0) + 1

    def revisions(self, path: str) -> int:
        """Return the counted revisions of ``path`` (0 if it never changed)."""
        ident = self._ids.get(path)
        return 0 if ident is None else self._revisions[ident]

    def __len__(self) -> int:
        """Return the number of co-changing pairs counted."""
        return len(self._shared)

    def pairs(self) -> list[tuple[str, str, int, int, int]]:
        """Return every co-changing pair as (first, second, shared, revs first, revs second)."""
        mask = (1 << _SHIFT) - 1
        names, revisions = self._names, self._revisions
        rows = []
        for key, shared in self._shared.items():
            one, two = key >> _SHIFT, key & mask
            first, second = sorted((names[one], names[two]))
            if first == names[one]:
                rows.append((first, second, shared, revisions[one], revisions[two]))
            else:
                rows.append((first, second, shared, revisions[two], revisions[one]))
        return rows


def coupled_pairs(tally: CouplingTally, *, min_revisions: float, min_shared: int,
                  min_coupling: float, max_coupling: float = 100.0) -> list[CoupledPair]:
    """Apply code-maat's thresholds; strongest first (degree, then mean revisions)."""
    found = []
    for first, second, shared, revs_first, revs_second in tally.pairs():
        average = (revs_first + revs_second) / 2
        percent = 100.0 * shared / average
        if (average >= min_revisions and shared >= min_shared and percent >= min_coupling
                and math.floor(percent) <= max_coupling):
            found.append(CoupledPair(first, second, shared, average, percent))
    found.sort(key=lambda p: (-p.degree, -p.average_revisions, p.first, p.second))
    return found


def cross_module_measurement(pairs: list[CoupledPair],
                             crosses: Callable[[str, str], bool]) -> Measurement:
    """Count the coupled pairs of source files that sit in different modules."""
    crossing = [p for p in pairs if crosses(p.first, p.second)]
    findings = tuple(
        Finding(CROSS_METRIC, Location(p.first),
                f"changes with {p.second} in {p.degree} % of their commits ({p.shared} shared "
                f"of {p.average_revisions:g} on average)", float(p.degree), p.second)
        for p in crossing)
    note = f"{counted(len(pairs), 'coupled pair')}, {count_text(len(crossing))} across modules"
    return Measurement(CROSS_METRIC, float(len(crossing)), note, findings)

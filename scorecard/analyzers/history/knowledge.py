"""Knowledge: who knows each file and module, and where that knowledge has left.

Counting rules (authors after ``.mailmap``; one change = one commit touching the file):

- the **main author** of a file or module made the most of its changes in the window (the
  revision-based variant of code-maat's ``main-dev``, so one large paste does not make an
  owner); their **share** is those changes over all of its changes;
- **authors for half** is the fewest authors, most active first, whose changes cover at
  least half of all changes: 1 means one person holds the majority;
- a **knowledge island** is a source file (code in any common language, not a test) whose
  main authors (all of them, when tied), who made at least half of its changes together,
  have made no commit at all in the ``island_months``
  before the end of the window: what they knew has left with them (Tornhill, *Software
  Design X-Rays*, knowledge loss); images, build manifests and prose are not counted;
- the **truck factor** proxy is authors-for-half over every file change in the window.

Machine-written files (lock files, generated code) are left out of all of these: whoever
last ran ``npm install`` is not the one who knows ``package-lock.json``. So are the commits
of bot accounts (:mod:`bots`): the churn tally credits their changes to no author, so a
bot is never a main author, a file or module only bots changed has no owner (and is no
island), and the truck factor counts people.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping, Set
from dataclasses import dataclass
from typing import Any

from scorecard.analyzers.history.churn import ChurnTally
from scorecard.model import Finding, Location, Measurement
from scorecard.wording import counted, counted_of

__all__ = [
    "Ownership",
    "authors_for_half",
    "file_ownership",
    "island_measurement",
    "knowledge_islands",
    "module_ownership",
    "ownership",
    "truck_factor_measurement",
]

ISLAND_METRIC = "history.knowledge_island_share"
MIN_ISLAND_SHARE = 50.0  # percent of a file's changes its gone main authors must have made
TRUCK_METRIC = "history.truck_factor"


def authors_for_half(counts: Mapping[str, int]) -> int:
    """Count the authors, most active first, whose changes cover at least half of all."""
    total = sum(counts.values())
    covered = 0
    for needed, count in enumerate(sorted(counts.values(), reverse=True), start=1):
        covered += count
        if 2 * covered >= total:
            return needed
    return 0


@dataclass(frozen=True)
class Ownership:
    """Authorship of one file or module over the window."""

    name: str
    changes: int
    authors: int
    main_authors: tuple[str, ...]  # several when tied
    main_share: float  # percent of the changes made by one main author
    authors_for_half: int

    def row(self, names: Mapping[str, str]) -> dict[str, Any]:
        """Return a JSON row, with display names for the author keys."""
        return {"name": self.name, "changes": self.changes, "authors": self.authors,
                "main_author": ", ".join(names.get(a, a) for a in self.main_authors),
                "main_author_share": self.main_share,
                "authors_for_half": self.authors_for_half}


def ownership(name: str, counts: Mapping[str, int]) -> Ownership:
    """Summarise one author -> changes table."""
    total = sum(counts.values())
    top = max(counts.values())
    return Ownership(name, total, len(counts), tuple(sorted(a for a, c in counts.items()
                                                           if c == top)),
                     round(100.0 * top / total, 1), authors_for_half(counts))


def file_ownership(tally: ChurnTally, current: Set[str]) -> list[Ownership]:
    """Return the ownership of every current file people changed in the window, by path."""
    return [ownership(path, stats.authors) for path, stats in sorted(tally.files.items())
            if path in current and stats.authors]


def module_ownership(tally: ChurnTally, current: Set[str],
                     module_of: Callable[[str], str]) -> list[Ownership]:
    """Return the ownership of each top-level module, from its current files."""
    modules: dict[str, dict[str, int]] = {}
    for path, stats in tally.files.items():
        if path in current:
            counts = modules.setdefault(module_of(path), {})
            for author, changes in stats.authors.items():
                counts[author] = counts.get(author, 0) + changes
    return [ownership(name, counts) for name, counts in sorted(modules.items()) if counts]


def knowledge_islands(owned: Iterable[Ownership], last_active: Mapping[str, int],
                      cutoff: int) -> list[Ownership]:
    """Return the owned items whose main authors were all inactive since ``cutoff``.

    Only where those main authors held at least ``MIN_ISLAND_SHARE`` % of the changes: a
    file whose "main author" made 4 of its 19 changes keeps most of its knowledge with the
    people who made the other 15.
    """
    return [item for item in owned
            if item.main_share * len(item.main_authors) >= MIN_ISLAND_SHARE
            and all(last_active.get(author, 0) < cutoff for author in item.main_authors)]


def island_measurement(files: list[Ownership], islands: list[Ownership],
                       names: Mapping[str, str], months: int) -> Measurement:
    """Measure the share of changed current files that are knowledge islands."""
    if not files:
        return Measurement(ISLAND_METRIC, None, "no current file changed by a person in the "
                           "window")
    findings = tuple(
        Finding(ISLAND_METRIC, Location(item.name),
                f"main author {', '.join(names.get(a, a) for a in item.main_authors)} "
                f"({item.main_share:g} % of {counted(item.changes, 'change')}) made no commit in "
                f"the last {counted(months, 'month')}", item.main_share)
        for item in sorted(islands, key=lambda i: (-i.changes, i.name)))
    share = round(100.0 * len(islands) / len(files), 2)
    return Measurement(ISLAND_METRIC, share, counted_of(len(islands), len(files), "changed file"),
                       findings)


def truck_factor_measurement(tally: ChurnTally,
                             left_out: Container[str] = frozenset()) -> Measurement:
    """Measure the fewest authors who together made half of all file changes.

    The changes of the paths in ``left_out`` (machine-written files) are not counted.
    """
    totals: dict[str, int] = {}
    for path, stats in tally.files.items():
        if path in left_out:
            continue
        for author, changes in stats.authors.items():
            totals[author] = totals.get(author, 0) + changes
    if not totals:
        return Measurement(TRUCK_METRIC, None, "no file changed by a person in the window")
    return Measurement(TRUCK_METRIC, float(authors_for_half(totals)),
                       f"{counted(len(totals), 'author')} changed files "
                       "in the window")

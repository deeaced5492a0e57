"""Churn: per file, how often and how much it changed in the window, and by whom.

Counting rules, each the same as ``git log --numstat`` over the window:

- a **revision** is a non-merge commit that lists the file (renames credited to the path
  the file has today, see :mod:`renames`);
- **added** and **deleted** are numstat's line counts; a binary file (``-``) adds a
  revision but no lines; a change git could not count (an object it could not read) adds
  a revision and makes the file's line counts unknown (None), never zero;
- **relative churn** is (added + deleted) / the file's current source lines, after Nagappan
  and Ball's "relative code churn" (ICSE 2005): a value of 3 means the file was rewritten
  the equivalent of three times over in the window;
- **age** is the time since the file's last change, as code-maat's ``age`` analysis
  measures it; **first** is the first change inside the window (not the file's creation).
- **authors** are the people who changed the file: a commit by a bot account (see
  :mod:`bots`) counts as a revision and its lines, under no author.

High churn is judged only for files of at least ``MIN_SLOC`` source lines: rewriting a
five-line module three times over is no instability, and would only add noise. The tally
keeps every path, as numstat lists them; the analyzer leaves machine-written files (lock
files, generated code) out of the rows and of high churn (see :mod:`machine_written`).
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from scorecard.model import Finding, Location, Measurement
from scorecard.wording import counted

__all__ = ["ChurnTally", "FileChurn", "churn_rows", "high_churn_measurement"]

DAY = 86_400
METRIC = "history.high_churn_code_share"
MIN_SLOC = 20
# The share of source lines whose line counts must be known for the high-churn share to be
# measured: below it the share would describe the lesser part of the code.
MIN_COUNTED_SHARE = 0.5


@dataclass(slots=True)
class FileChurn:
    """Everything the window says about one file (by the path it has today)."""

    revisions: int = 0
    added: int = 0
    deleted: int = 0
    first: int = 0
    last: int = 0
    # author key -> revisions, people only: a bot's revisions count above, not here
    authors: dict[str, int] = field(default_factory=dict)
    uncounted: int = 0  # revisions whose lines git could not count

    @property
    def churned(self) -> int:
        """Lines added plus lines deleted (of the counted revisions)."""
        return self.added + self.deleted

    @property
    def lines_known(self) -> bool:
        """Whether every revision's lines were counted: added and deleted are whole."""
        return self.uncounted == 0


class ChurnTally:
    """Per-file churn, grown one (file, commit) at a time; memory is per file."""

    def __init__(self) -> None:
        """Start with no files."""
        self.files: dict[str, FileChurn] = {}

    def add(self, path: str, added: int, deleted: int, author: str | None,
            timestamp: int) -> None:
        """Count one commit's change of ``path``; ``author`` None: a bot made it, no person."""
        stats = self.files.get(path)
        if stats is None:
            stats = self.files[path] = FileChurn(first=timestamp, last=timestamp)
        stats.revisions += 1
        stats.added += added
        stats.deleted += deleted
        if timestamp < stats.first:
            stats.first = timestamp
        if timestamp > stats.last:
            stats.last = timestamp
        if author is not None:
            stats.authors[author] = stats.authors.get(author, 0) + 1

    def mark_uncounted(self, path: str) -> None:
        """Note that one of the revisions of ``path`` added (see :meth:`add`) has no counts."""
        self.files[path].uncounted += 1

    def uncounted_files(self) -> list[str]:
        """Return the files some of whose revisions have no line counts, sorted."""
        return sorted(path for path, stats in self.files.items() if stats.uncounted)


def _date(timestamp: int) -> str:
    """Return the UTC calendar date of a Unix time."""
    return datetime.fromtimestamp(timestamp, UTC).date().isoformat()


def relative_churn(stats: FileChurn, sloc: int | None) -> float | None:
    """Return churned lines per current source line (None when a count or the size is unknown)."""
    return round(stats.churned / sloc, 2) if sloc and stats.lines_known else None


def churn_rows(tally: ChurnTally, current: Set[str], sloc: Mapping[str, int],
               now: datetime) -> list[dict[str, Any]]:
    """Return one row per current file changed in the window, most revisions first."""
    rows: list[dict[str, Any]] = []
    for path, stats in tally.files.items():
        if path not in current:
            continue
        known = stats.lines_known
        rows.append({
            "path": path, "revisions": stats.revisions,
            "added": stats.added if known else None,
            "deleted": stats.deleted if known else None,
            "relative_churn": relative_churn(stats, sloc.get(path)),
            "authors": len(stats.authors), "first": _date(stats.first),
            "last": _date(stats.last),
            "age_days": max(0, int((now.timestamp() - stats.last) // DAY)),
        })
    rows.sort(key=lambda row: (-row["revisions"], -(row["added"] or 0) - (row["deleted"] or 0),
                               row["path"]))
    return rows


def high_churn_measurement(tally: ChurnTally, sloc: Mapping[str, int],
                           limit: float) -> Measurement:
    """Measure the share of source lines in files whose relative churn exceeds ``limit``.

    Files whose line counts are unknown (git could not read some of their versions) are
    left out of both sides of the share; when they hold more than half of the source lines
    the share would describe the lesser part of the code, and it is not measured.
    """
    total = sum(sloc.values())
    if total == 0:
        return Measurement(METRIC, None, "no source lines measured")
    unknown = {path: size for path, size in sloc.items()
               if path in tally.files and not tally.files[path].lines_known}
    counted_total = total - sum(unknown.values())
    if counted_total < MIN_COUNTED_SHARE * total:
        lost = round(100.0 * sum(unknown.values()) / total)
        return Measurement(METRIC, None, "line counts are missing for "
                           f"{counted(len(unknown), 'file')} holding {lost}% of the source "
                           "lines (git could not read their past versions)", unmeasured=True)
    high = []
    for path, size in sloc.items():
        stats = tally.files.get(path)
        ratio = relative_churn(stats, size) if stats else None
        if ratio is not None and ratio > limit and size >= MIN_SLOC:
            high.append((ratio, path, size))
    high.sort(key=lambda item: (-item[0], item[1]))
    findings = tuple(
        Finding(METRIC, Location(path), f"relative churn {ratio:g} (limit {limit:g}): "
                f"{counted(tally.files[path].churned, 'line')} changed, "
                f"{counted(size, 'source line')}", ratio)
        for ratio, path, size in high)
    share = round(100.0 * sum(size for _, _, size in high) / counted_total, 2)
    note = (f"{counted(len(high), 'file')} (of {MIN_SLOC}+ source lines) churned more than "
            f"{limit:g}x their size")
    if unknown:
        note += (f"; {counted(len(unknown), 'file')} without line counts (git could not read "
                 "their past versions) left out")
    return Measurement(METRIC, share, note, findings)

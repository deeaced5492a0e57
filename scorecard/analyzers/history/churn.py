"""Churn: per file, how often and how much it changed in the window, and by whom.

Counting rules, each the same as ``git log --numstat`` over the window:

- a **revision** is a non-merge commit that lists the file (renames credited to the path
  the file has today, see :mod:`renames`);
- **added** and **deleted** are numstat's line counts; a binary file (``-``) adds a
  revision but no lines;
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

    @property
    def churned(self) -> int:
        """Lines added plus lines deleted."""
        return self.added + self.deleted


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


def _date(timestamp: int) -> str:
    """Return the UTC calendar date of a Unix time."""
    return datetime.fromtimestamp(timestamp, UTC).date().isoformat()


def relative_churn(stats: FileChurn, sloc: int | None) -> float | None:
    """Return churned lines per current source line (None when the size is unknown)."""
    return round(stats.churned / sloc, 2) if sloc else None


def churn_rows(tally: ChurnTally, current: Set[str], sloc: Mapping[str, int],
               now: datetime) -> list[dict[str, Any]]:
    """Return one row per current file changed in the window, most revisions first."""
    rows: list[dict[str, Any]] = []
    for path, stats in tally.files.items():
        if path not in current:
            continue
        rows.append({
            "path": path, "revisions": stats.revisions, "added": stats.added,
            "deleted": stats.deleted, "relative_churn": relative_churn(stats, sloc.get(path)),
            "authors": len(stats.authors), "first": _date(stats.first),
            "last": _date(stats.last),
            "age_days": max(0, int((now.timestamp() - stats.last) // DAY)),
        })
    rows.sort(key=lambda row: (-row["revisions"], -(row["added"] + row["deleted"]),
                               row["path"]))
    return rows


def high_churn_measurement(tally: ChurnTally, sloc: Mapping[str, int],
                           limit: float) -> Measurement:
    """Measure the share of source lines in files whose relative churn exceeds ``limit``."""
    total = sum(sloc.values())
    if total == 0:
        return Measurement(METRIC, None, "no source lines measured")
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
    share = round(100.0 * sum(size for _, _, size in high) / total, 2)
    note = (f"{counted(len(high), 'file')} (of {MIN_SLOC}+ source lines) churned more than "
            f"{limit:g}x their size")
    return Measurement(METRIC, share, note, findings)

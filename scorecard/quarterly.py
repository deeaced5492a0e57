"""The quarterly report: quarter-end snapshots (backfilled when missing) laid out as HTML."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from scorecard.backfill import PeriodCommit, ScanSettings, build_history, commits_at, rescan
from scorecard.errors import InputError
from scorecard.history import SnapshotStore
from scorecard.model import Report
from scorecard.owners import report_owners
from scorecard.periods import parse_quarter, quarter_ends
from scorecard.reporters.html import QuarterPoint, ReportPage

__all__ = ["quarterly_page"]


def _carrying_its_scan(root: Path, store: SnapshotStore, report: Report,
                       chosen: list[PeriodCommit], settings: ScanSettings) -> Report:
    """Return the report, scanned again if it was stored before reports carried their checks.

    A snapshot of report format 1 has no checks, configuration or owners: the page shows
    those of the scan, so that one commit is scanned again and its snapshot replaced.
    """
    if report.config is not None:
        return report
    item = next((c for c in chosen if c.sha == report.commit), None)
    return report if item is None else rescan(root, store, item, settings)


def _quarter_start(end: datetime) -> datetime:
    """Return the first moment of the quarter that ends just before ``end``."""
    months = end.year * 12 + end.month - 1 - 3
    return end.replace(year=months // 12, month=months % 12 + 1)


def quarterly_page(
    root: Path,
    store: SnapshotStore,
    *,
    quarter: str,
    quarters: int,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> ReportPage:
    """Build the page for ``quarters`` quarters ending with ``quarter`` (e.g. 2026Q3)."""
    if not 1 <= quarters <= 40:
        raise InputError("--quarters must be between 1 and 40")
    try:
        year, number = parse_quarter(quarter)
        labelled = quarter_ends(year, number, quarters)
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    today = datetime.now(UTC)
    if _quarter_start(labelled[-1][1]) > today:
        raise InputError(f"{quarter.strip()} has not started yet (today is {today:%Y-%m-%d}): "
                         "name a past or the current quarter")
    chosen = commits_at(root, [end for _, end in labelled])
    build_history(root, store, chosen,
                  settings=ScanSettings(config_file=config_file, environ=environ))
    by_end = {c.period_end: c for c in chosen}
    points: list[QuarterPoint] = []
    notes: list[str] = []
    previous: tuple[str, str] | None = None  # (label, commit) of the quarter before
    for label, end in labelled:
        commit = by_end.get(end)
        report = store.load(commit.sha) if commit else None
        if commit is None:
            notes.append(f"{label}: no commit yet at the end of this quarter.")
        elif previous is not None and previous[1] == commit.sha:
            # Identical columns would otherwise read as "nothing got better or worse".
            notes.append(f"{label}: no commits this quarter; the scores are those of "
                         f"{previous[0]}.")
        elif commit.committed_at < _quarter_start(end):
            # The first quarter shown, of a repository whose last commit is older: its
            # column stands for that commit, not for work done in the quarter.
            notes.append(f"{label}: no commits this quarter; the scores are those of the "
                         f"last commit before it ({commit.committed_at:%Y-%m-%d}).")
        previous = (label, commit.sha) if commit else previous
        points.append(QuarterPoint(label, report))
    current = next((p.report for p in reversed(points) if p.report is not None), None)
    if current is None or current.commit is None:
        raise InputError(f"no commit up to the end of {quarter}: nothing to report")
    current = _carrying_its_scan(root, store, current, chosen,
                                 ScanSettings(config_file=config_file, environ=environ))
    # The methodology and the owners are those the current snapshot was scanned with.
    return ReportPage(
        current=current,
        title=f"Maintainability report {labelled[-1][0]}: {current.repository}",
        quarters=points,
        checks=current.checks,
        owners=report_owners(current.owners),
        notes=notes,
    )

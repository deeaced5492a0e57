"""The quarterly report: quarter-end snapshots (backfilled when missing) laid out as HTML."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from scorecard.api import load_effective_checks
from scorecard.backfill import ScanSettings, build_history, commits_at
from scorecard.errors import InputError
from scorecard.history import SnapshotStore
from scorecard.owners import CODEOWNERS_LOCATIONS, OwnerRules, parse_codeowners
from scorecard.periods import parse_quarter, quarter_ends
from scorecard.repo.changes import show_file
from scorecard.reporters.html import QuarterPoint, ReportPage

__all__ = ["quarterly_page", "read_codeowners"]


def read_codeowners(root: Path, commit: str) -> OwnerRules | None:
    """CODEOWNERS of a commit, read from git objects (None when the commit has none)."""
    for location in CODEOWNERS_LOCATIONS:
        data = show_file(root, commit, location)
        if data is not None:
            return parse_codeowners(data.decode("utf-8", "replace"))
    return None


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
    chosen = commits_at(root, [end for _, end in labelled])
    build_history(root, store, chosen,
                  settings=ScanSettings(config_file=config_file, environ=environ))
    by_end = {c.period_end: c for c in chosen}
    points: list[QuarterPoint] = []
    notes: list[str] = []
    for label, end in labelled:
        commit = by_end.get(end)
        report = store.load(commit.sha) if commit else None
        if commit is None:
            notes.append(f"{label}: no commit yet at the end of this quarter.")
        points.append(QuarterPoint(label, report))
    current = next((p.report for p in reversed(points) if p.report is not None), None)
    if current is None or current.commit is None:
        raise InputError(f"no commit up to the end of {quarter}: nothing to report")
    checks = load_effective_checks(root, config_file=config_file, environ=environ).checks
    return ReportPage(
        current=current,
        title=f"Maintainability report {labelled[-1][0]}: {current.repository}",
        quarters=points,
        checks=checks,
        owners=read_codeowners(root, current.commit),
        notes=notes,
    )

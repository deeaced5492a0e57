"""Read, in one pass, the history that the scans of several commits will each mine.

A single scan starts reading while its files are analysed, so that git computes the diffs
on the machine's idle time rather than after the file analysis. A backfill scans its
commits side by side in worker processes. Each scan mines the one-year
window before its commit, and the windows of quarter ends overlap by three quarters, so each
worker would read most commits again (on a repository with large diffs, reading them is most
of a commit scan's cost). Instead, one ``git log`` over the span of all the windows runs while
the file versions are analysed, and its records are kept in memory before the workers start;
they inherit it and read no commit again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from scorecard.analyzers.history.options import HistoryOptions
from scorecard.analyzers.history.window import resolve_window
from scorecard.repo import GitUnavailable, has_commit_before
from scorecard.repo.gitlog import LogInBackground
from scorecard.risk.risk_model import COVERAGE_SLACK_DAYS, DAY
from scorecard.risk.warm import start_fitter

__all__ = ["start_reading", "warm_risk_fit"]


def start_reading(root: Path, options: HistoryOptions,
                  scans: Sequence[tuple[str, datetime]]) -> LogInBackground | None:
    """Start reading the history that scanning each (commit, time) will mine.

    ``options`` are the history analyzer's as a scan plans them (defaults included); ``root``
    is the folder scans run on (resolved).
    The span runs from the earliest window's start to the latest window's end, from the
    newest commit. Returns None when there is nothing to read or git cannot start: the
    scans then read (and report) for themselves.
    """
    if not scans:
        return None
    try:
        windows = [resolve_window(options, moment) for _, moment in scans]
    except ValueError:
        return None  # a bad window option: each scan reports it
    newest = max(scans, key=lambda scan: scan[1])[0]
    try:
        return LogInBackground(root, min(w.since for w in windows),
                               max(w.until for w in windows), rev=newest)
    except GitUnavailable:
        return None


def warm_risk_fit(root: Path, options: HistoryOptions, rev: str, now: datetime) -> bool:
    """Start loading the risk model's fit beside the file analysis when the scan will fit.

    The model fits when the history reaches back two windows before the moment (within the
    model's slack; :func:`scorecard.risk.risk_model.rank_files` decides for certain); one
    ``git rev-list -1 --before`` tells whether a commit that old exists, before any log is
    read. Returns whether a fitting process was started.
    """
    if not options.risk or options.risk_model != "auto":
        return False
    try:
        window = resolve_window(options, now)
    except ValueError:
        return False  # a bad window option: the scan reports it
    span = int((window.until - window.since).total_seconds())
    reaches = int(window.until.timestamp()) - 2 * span + COVERAGE_SLACK_DAYS * DAY
    return has_commit_before(root, rev, reaches) and start_fitter()

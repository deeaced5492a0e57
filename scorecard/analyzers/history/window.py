"""The history window: from ``since`` to ``until``, derived from the scan's moment.

Time comes only from the scan context's ``now`` (never the clock), so a given commit and
window always give the same numbers. ``until`` defaults to ``now``; ``since`` defaults to
``since_days`` (365) before ``until``. Both may be set as ISO dates or date-times
(``2025-01-31``, ``2025-01-31T12:00:00+02:00``); a date without a zone is UTC.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from scorecard.analyzers.history.options import HistoryOptions
from scorecard.periods import MAX_SPAN_DAYS, parse_moment, shift_days

__all__ = ["Window", "option_errors", "reading_window", "resolve_window"]


@dataclass(frozen=True)
class Window:
    """The span of history measured."""

    since: datetime
    until: datetime

    def describe(self) -> str:
        """Return the window as people read it."""
        return f"{self.since.date().isoformat()} to {self.until.date().isoformat()}"


def _parse(name: str, value: object) -> datetime:
    """Parse the ISO date of option ``name``; a date without a zone is UTC."""
    return parse_moment(str(value), f"history.{name}")


def _since_days(options: HistoryOptions) -> float:
    days = options.since_days
    if (not isinstance(days, int | float) or isinstance(days, bool) or not math.isfinite(days)
            or not 0 < days <= MAX_SPAN_DAYS):
        raise ValueError(f"history.since_days must be a number of days from 1 to "
                         f"{MAX_SPAN_DAYS}, not {days!r}")
    return float(days)


def option_errors(options: HistoryOptions) -> list[str]:
    """Return what is wrong with the window options, checked before any scan starts."""
    errors: list[str] = []
    for name in ("since", "until"):
        if getattr(options, name):
            try:
                _parse(name, getattr(options, name))
            except ValueError as exc:
                errors.append(str(exc))
    if not options.since:
        try:
            _since_days(options)
        except ValueError as exc:
            errors.append(str(exc))
    if not errors and options.until:
        try:  # with `until` set the window no longer depends on the scan's moment
            resolve_window(options, _parse("until", options.until))
        except ValueError as exc:
            errors.append(str(exc))
    return errors


def resolve_window(options: HistoryOptions, now: datetime) -> Window:
    """Return the window the options ask for; raise ValueError naming a bad option."""
    until = _parse("until", options.until) if options.until else now
    if options.since:
        since = _parse("since", options.since)
    else:
        since = shift_days(until, _since_days(options), "history.since_days")
    if since >= until:
        raise ValueError(f"history window is empty: history.since {since.isoformat()} is not "
                         f"before history.until {until.isoformat()}")
    return Window(since, until)


def reading_window(window: Window, options: HistoryOptions) -> Window:
    """Return the span the history pass reads: the window, and the one before it for risk.

    The risk model (``scorecard.risk``) is fitted on the earlier window's features, labelled
    with this window's fix commits.
    """
    if not options.risk:
        return window
    span = window.until - window.since
    if window.since - datetime.min.replace(tzinfo=window.since.tzinfo) < span:
        # A window near year 1 has no earlier window inside the calendar: read from year 1.
        return Window(datetime.min.replace(tzinfo=window.since.tzinfo), window.until)
    return Window(window.since - span, window.until)

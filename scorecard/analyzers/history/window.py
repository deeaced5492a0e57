"""The history window: from ``since`` to ``until``, derived from the scan's moment.

Time comes only from the scan context's ``now`` (never the clock), so a given commit and
window always give the same numbers. ``until`` defaults to ``now``; ``since`` defaults to
``since_days`` (365) before ``until``. Both may be set as ISO dates or date-times
(``2025-01-31``, ``2025-01-31T12:00:00+02:00``); a date without a zone is UTC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

__all__ = ["Window", "reading_window", "resolve_window"]


@dataclass(frozen=True)
class Window:
    """The span of history measured."""

    since: datetime
    until: datetime

    def describe(self) -> str:
        """Return the window as people read it."""
        return f"{self.since.date().isoformat()} to {self.until.date().isoformat()}"


def _parse(name: str, text: str) -> datetime:
    """Parse the ISO date of option ``name``; a date without a zone is UTC."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"history.{name} must be an ISO date such as 2025-01-31, "
                         f"not {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def resolve_window(options: Mapping[str, Any], now: datetime) -> Window:
    """Return the window the options ask for; raise ValueError naming a bad option."""
    until = _parse("until", str(options["until"])) if options.get("until") else now
    if options.get("since"):
        since = _parse("since", str(options["since"]))
    else:
        days = options.get("since_days", 365)
        if not isinstance(days, int | float) or isinstance(days, bool) or days <= 0:
            raise ValueError(f"history.since_days must be a positive number, not {days!r}")
        since = until - timedelta(days=float(days))
    if since >= until:
        raise ValueError(f"history window is empty: since {since.isoformat()} is not before "
                         f"until {until.isoformat()}")
    return Window(since, until)


def reading_window(window: Window, options: Mapping[str, Any]) -> Window:
    """Return the span the history pass reads: the window, and the one before it for risk.

    The risk model (``scorecard.risk``) is fitted on the earlier window's features, labelled
    with this window's fix commits.
    """
    if not options.get("risk", True):
        return window
    return Window(window.since - (window.until - window.since), window.until)

"""Calendar periods for history backfills and quarterly reports: quarter, month, week ends."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from scorecard.wording import agree, counted

__all__ = ["MAX_SPAN_DAYS", "PERIODS", "parse_moment", "parse_quarter", "parse_since",
           "period_ends", "quarter_ends", "shift_days"]

PERIODS = ("quarter", "month", "week")
# The longest history window: longer is a typo (a year count given as days), and far longer
# leaves the calendar (``timedelta`` and ``datetime`` overflow).
MAX_SPAN_DAYS = 100 * 366
_SPAN = re.compile(r"^(\d+)\s*([ymwd])$")


def parse_moment(text: str, name: str = "date") -> datetime:
    """Parse an ISO date or date-time (a date without a zone is UTC); ValueError otherwise.

    The message names ``name`` and quotes the text with ``repr``, so whatever the text
    holds (it may come from a scanned repository's configuration) stays one visible line.
    """
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{name} must be an ISO date such as 2025-01-31, "
                         f"not {text[:100]!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def shift_days(moment: datetime, days: float, name: str = "span") -> datetime:
    """Return ``moment`` less ``days`` days; ValueError when that leaves the calendar.

    ``datetime`` spans the years 1 to 9999 and ``timedelta`` a billion days: a span of
    99999999 years overflows both, which must be bad input (exit 2), not a crash.
    """
    try:
        return moment - timedelta(days=days)
    except OverflowError:
        raise ValueError(f"{name} reaches outside the calendar (years 1 to 9999)") from None


def parse_since(text: str, now: datetime, name: str = "--since") -> datetime:
    """Parse '2y', '18m', '6w', '30d' (before ``now``) or an ISO date; ValueError otherwise."""
    match = _SPAN.match(text.strip().lower())
    if match:
        count, unit = int(match.group(1)), match.group(2)
        days = {"y": 365 * count, "m": 30 * count, "w": 7 * count, "d": count}[unit]
        return shift_days(now, days, f"{name} {text.strip()[:40]}")
    try:
        return parse_moment(text, name)
    except ValueError:
        raise ValueError(f"{name} must be a span such as 12m, 2y, 6w, 30d or an ISO date "
                         f"such as 2025-01-31, not {text[:100]!r}") from None


def parse_quarter(text: str) -> tuple[int, int]:
    """Parse '2026Q3' into (2026, 3); ValueError otherwise."""
    match = re.fullmatch(r"(\d{4})\s*[Qq]([1-4])", text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a quarter like 2026Q3")
    return int(match.group(1)), int(match.group(2))


def _next_boundary(moment: datetime, every: str) -> datetime:
    """Return the first period start after ``moment`` (a period ends just before it)."""
    if every == "week":
        monday = (moment - timedelta(days=moment.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0)
        return monday + timedelta(days=7)
    month_step = 3 if every == "quarter" else 1
    first_month = ((moment.month - 1) // month_step) * month_step + 1
    year, month = moment.year, first_month + month_step
    if month > 12:
        year, month = year + 1, month - 12
    return datetime(year, month, 1, tzinfo=moment.tzinfo or UTC)


def period_ends(start: datetime, end: datetime, every: str) -> list[datetime]:
    """Return the period ends (exclusive boundaries) between start and end, in order."""
    if every not in PERIODS:
        raise ValueError(f"--every must be one of {', '.join(PERIODS)}")
    ends: list[datetime] = []
    boundary = _next_boundary(start, every)
    while boundary <= end:
        ends.append(boundary)
        boundary = _next_boundary(boundary, every)
    return ends


def quarter_ends(year: int, quarter: int, count: int) -> list[tuple[str, datetime]]:
    """Labels and end boundaries of ``count`` quarters ending with the given one, oldest first.

    ValueError when a boundary falls outside the calendar (years 1 to 9999).
    """
    first, end = year * 4 + quarter - count, year * 4 + quarter  # quarter indexes, Q1 = 0
    if first < 4 or end > 9999 * 4 + 3:
        raise ValueError(f"{counted(count, 'quarter')} ending with {year}Q{quarter} "
                         f"{agree(count, 'reaches', 'reach')} outside the calendar "
                         "(years 1 to 9999)")
    out: list[tuple[str, datetime]] = []
    for back in range(count - 1, -1, -1):
        index = year * 4 + (quarter - 1) - back
        y, q = divmod(index, 4)
        end_index = index + 1
        end_year, end_q = divmod(end_index, 4)
        out.append((f"{y}Q{q + 1}", datetime(end_year, end_q * 3 + 1, 1, tzinfo=UTC)))
    return out

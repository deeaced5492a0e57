"""Calendar periods for history backfills and quarterly reports: quarter, month, week ends."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

__all__ = ["PERIODS", "parse_quarter", "parse_since", "period_ends", "quarter_ends"]

PERIODS = ("quarter", "month", "week")
_SPAN = re.compile(r"^(\d+)\s*([ymwd])$")


def parse_since(text: str, now: datetime) -> datetime:
    """Parse '2y', '18m', '6w', '30d' (before ``now``) or an ISO date; ValueError otherwise."""
    match = _SPAN.match(text.strip().lower())
    if match:
        count, unit = int(match.group(1)), match.group(2)
        days = {"y": 365 * count, "m": 30 * count, "w": 7 * count, "d": count}[unit]
        return now - timedelta(days=days)
    parsed = datetime.fromisoformat(text.strip())
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


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
    """Labels and end boundaries of ``count`` quarters ending with the given one, oldest first."""
    out: list[tuple[str, datetime]] = []
    for back in range(count - 1, -1, -1):
        index = year * 4 + (quarter - 1) - back
        y, q = divmod(index, 4)
        end_index = index + 1
        end_year, end_q = divmod(end_index, 4)
        out.append((f"{y}Q{q + 1}", datetime(end_year, end_q * 3 + 1, 1, tzinfo=UTC)))
    return out

"""How the riskiest files moved: each one's expected fix commits at every quarter end.

The files are today's riskiest (the risk model's first few in the current report); each
quarter's value is what that quarter's report expected for the same path over its next 12
months. A path the quarter did not rank (not there yet, or without history) leaves a gap.
A file climbing is one to act on before it breaks; one falling shows work that paid off.
"""

from __future__ import annotations

from collections.abc import Sequence

from scorecard.facts.history_facts import HistoryFacts
from scorecard.model import Report
from scorecard.reporters.charts import LineChart, nice_ticks

__all__ = ["MOVEMENT_FILES", "risk_movement"]

MOVEMENT_FILES = 5  # lines a chart can carry and still be read


def _risk_by_path(report: Report | None) -> dict[str, float]:
    history = report.facts(HistoryFacts) if report is not None else None
    risk = history.risk if history else None
    return {row.path: row.risk for row in risk.files} if risk else {}


def _quarters_ranking_any(by_quarter: Sequence[dict[str, float]], paths: Sequence[str]) -> int:
    """Count the quarters that ranked at least one of ``paths``."""
    return sum(1 for risks in by_quarter if any(p in risks for p in paths))


def _highest_risk(series: Sequence[tuple[str, Sequence[float | None]]]) -> float:
    """Return the highest value any series reaches (0 when none has a value)."""
    return max((v for _, values in series for v in values if v is not None), default=0.0)


def risk_movement(labels: Sequence[str], reports: Sequence[Report | None],
                  current: Report) -> LineChart | None:
    """Return the chart of today's riskiest files by quarter, or None with too little data.

    ``labels`` and ``reports`` are the quarters in order (a report may be missing).
    """
    now = current.facts(HistoryFacts)
    if now is None or now.risk is None or not now.risk.files:
        return None
    paths = [row.path for row in now.risk.files[:MOVEMENT_FILES]]
    by_quarter = [_risk_by_path(report) for report in reports]
    if _quarters_ranking_any(by_quarter, paths) < 2:
        return None  # one ranked quarter is a table, not a movement
    series = [(path, [risks.get(path) for risks in by_quarter]) for path in paths]
    ticks = nice_ticks(_highest_risk(series))
    return LineChart(labels=labels, series=series, y_max=ticks[-1],
                     y_title="expected fixes", y_ticks=ticks)

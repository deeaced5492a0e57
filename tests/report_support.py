"""Reports built by hand: one hotspot finding, for the diff and baseline comparisons."""

from __future__ import annotations

from scorecard.model import (
    CheckResult,
    CheckStatus,
    Direction,
    Finding,
    Location,
    Metric,
    Pillar,
    PillarScore,
    Report,
)

HOTSPOT_METRIC = "history.hotspot_code_share"
HOTSPOT_METRICS = {HOTSPOT_METRIC: Metric(HOTSPOT_METRIC, "hotspots",
                                          Direction.LOWER_IS_BETTER, "%")}


def hotspot_report(message: str, value: float, commit: str = "a" * 40) -> Report:
    """Return a report whose one check holds one hotspot finding on app/core.py."""
    finding = Finding(HOTSPOT_METRIC, Location("app/core.py"), message, value, "app/core.py")
    check = CheckResult(id="evolvability.hotspots", pillar=Pillar.EVOLVABILITY,
                        title="Hotspots", metric=HOTSPOT_METRIC, weight=3.0, score=5.0,
                        status=CheckStatus.WARN, reason="r", remedy="m", value=None,
                        findings=(finding,))
    pillar = PillarScore(Pillar.EVOLVABILITY, 5.0, "C", (check,), ())
    return Report(format_version=1, tool_version="t", repository="r", commit=commit,
                  generated_at="2026-01-01T00:00:00+00:00", score=5.0, grade="C",
                  pillars=(pillar,), problems=(), skipped=(), files_analyzed=1,
                  config_digest="c", details={})

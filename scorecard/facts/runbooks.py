"""The runbooks analyzer's facts: alerts, the runbooks they reach, staleness and drift."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from scorecard.plain import EMPTY_WHEN_NONE, OMIT_NONE

__all__ = ["AlertRow", "AnnotationShares", "DriftFacts", "JsonnetFallback", "RunbooksFacts",
           "StalenessFacts"]


@dataclass(frozen=True)
class JsonnetFallback:
    """Whether alerts came from the regex fallback over Jsonnet, and what it left unresolved."""

    used: bool
    unresolved: tuple[str, ...] | None = field(default=None, metadata=OMIT_NONE)
    unresolved_count: int | None = field(default=None, metadata=OMIT_NONE)


@dataclass(frozen=True)
class AlertRow:
    """One alert, where its runbook link led and which annotations it carries."""

    alert: str
    severity: str
    path: str
    line: int
    outcome: str
    target: str | None
    rq: float | None  # the runbook's quality score, when one was reached
    detail: str
    summary: bool
    description: bool
    dashboard_url: bool


@dataclass(frozen=True)
class AnnotationShares:
    """Share of alerts carrying each recommended annotation, in % (None: no alerts)."""

    alerts: int
    summary: float | None
    description: float | None
    dashboard_url: float | None


@dataclass(frozen=True)
class StalenessFacts:
    """Runbook targets compared with the history of what they cover."""

    compared: int
    stale: int
    max_lag_days: int


@dataclass(frozen=True)
class DriftFacts:
    """Runbook references checked against the repository."""

    checkable: int
    missing: int


@dataclass(frozen=True)
class RunbooksFacts:
    """What the runbooks analyzer found (``details.runbooks``); lists are capped."""

    alert_rules: int
    example_alert_rules_left_out: int
    alerts: int
    alert_source: str
    jsonnet_fallback: JsonnetFallback
    outcomes: Mapping[str, int]  # alerts per link outcome
    orphans: tuple[str, ...]
    generated_indexes: tuple[str, ...]
    runbooks: int
    per_alert: tuple[AlertRow, ...]
    annotations: AnnotationShares
    # None (written {}) when there was no history to compare or no runbook to check.
    staleness: StalenessFacts | None = field(metadata=EMPTY_WHEN_NONE)
    drift: DriftFacts | None = field(metadata=EMPTY_WHEN_NONE)
    entrypoints: int
    changelog: str | None
    adrs: int
    release_tags: int
    docs: int
    unclosed_fences: tuple[str, ...]

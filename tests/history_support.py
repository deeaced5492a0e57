"""Helpers of the history tests that scan a built repository end to end."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scorecard import api
from scorecard.analyzers import analyzer_by_name
from scorecard.model import Report
from scorecard.plain import to_plain

NOW = datetime(2026, 7, 1, tzinfo=UTC)
METRICS = {m.id for m in analyzer_by_name("history").metrics}


def scan(root: Path, **flags: Any) -> Report:
    """Scan ``root`` at NOW with no cache and no environment (``flags`` add to them)."""
    return api.scan(root, now=NOW, environ={}, flags={"cache": False, **flags})


def history_details(report: Report) -> Mapping[str, Any]:
    """Return the history analyzer's details as the JSON report writes them."""
    details = to_plain(report.details["history"])
    assert isinstance(details, Mapping)
    return details


def history_checks(report: Report) -> dict[str, Any]:
    """Return the history checks of the report (scored or skipped) by metric."""
    return {c.metric: c for p in report.pillars for c in (*p.checks, *p.skipped)
            if c.metric in METRICS}

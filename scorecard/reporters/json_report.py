"""The JSON reporter: the one serialisation of a Report (history stores exactly this).

The document carries ``format_version``; its JSON Schema ships in ``scorecard/schema``.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from scorecard.model import (
    CheckResult,
    CheckStatus,
    Finding,
    Location,
    Pillar,
    PillarScore,
    Problem,
    Report,
    SkippedFile,
)

__all__ = ["report_from_dict", "report_to_dict", "render_json"]


def report_to_dict(report: Report) -> dict[str, Any]:
    """Return the report as plain JSON-able data (enums as their values)."""
    data = asdict(report)
    return json.loads(json.dumps(data, default=str))  # type: ignore[no-any-return]


def render_json(report: Report) -> str:
    """Render the report as indented JSON with a trailing newline."""
    return json.dumps(report_to_dict(report), indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def _finding(raw: dict[str, Any]) -> Finding:
    loc = raw["location"]
    return Finding(raw["metric"], Location(loc["path"], loc.get("line")), raw["message"],
                   raw.get("value"), raw.get("symbol"))


def _check(raw: dict[str, Any]) -> CheckResult:
    return CheckResult(
        id=raw["id"], pillar=Pillar(raw["pillar"]), title=raw["title"], metric=raw["metric"],
        weight=raw["weight"], score=raw["score"], status=CheckStatus(raw["status"]),
        reason=raw["reason"], remedy=raw["remedy"], value=raw.get("value"),
        findings=tuple(_finding(f) for f in raw.get("findings", [])),
    )


def report_from_dict(data: dict[str, Any]) -> Report:
    """Rebuild a Report from :func:`report_to_dict` output (for history and diffs)."""
    pillars = tuple(
        PillarScore(Pillar(p["pillar"]), p["score"], p["grade"],
                    tuple(_check(c) for c in p["checks"]), tuple(_check(c) for c in p["skipped"]))
        for p in data["pillars"]
    )
    return Report(
        format_version=data["format_version"], tool_version=data["tool_version"],
        repository=data["repository"], commit=data["commit"], generated_at=data["generated_at"],
        score=data["score"], grade=data["grade"], pillars=pillars,
        problems=tuple(Problem(p["analyzer"], p["message"], p.get("path"))
                       for p in data["problems"]),
        skipped=tuple(SkippedFile(s["path"], s["reason"]) for s in data["skipped"]),
        files_analyzed=data["files_analyzed"], config_digest=data["config_digest"],
        details=data.get("details", {}),
    )

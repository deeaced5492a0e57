"""The JSON reporter: the one serialisation of a Report (history stores exactly this).

The document carries ``format_version``; its JSON Schema ships in ``scorecard/schema``.
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
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

_JSON_SCALARS = (bool, int, float, type(None))


def report_to_dict(report: Report) -> dict[str, Any]:
    """Return the report as plain JSON-able data (enums as their values)."""
    return _plain(report)  # type: ignore[no-any-return]


def _plain(value: Any) -> Any:
    """Convert a value to the JSON data ``json.dumps(value, default=str)`` would write.

    Dataclasses become objects of their fields, tuples lists, string enums their values;
    anything else JSON has no type for becomes its ``str``. One walk without copies: the
    details of a large repository hold hundreds of thousands of values, and
    ``dataclasses.asdict`` deep-copies each before a JSON round trip did the rest.
    """
    if isinstance(value, str):
        return str(value)  # a StrEnum member's str is its value
    if isinstance(value, _JSON_SCALARS):
        return value
    if isinstance(value, dict):
        return {_plain_key(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return str(value)


def _plain_key(key: Any) -> str:
    """Return an object key as JSON writes it (true, null and numbers as text)."""
    if isinstance(key, str):
        return str(key)
    if isinstance(key, _JSON_SCALARS):
        return json.dumps(key)
    return str(key)


def render_json(report: Report) -> str:
    """Render the report as indented JSON with a trailing newline.

    NaN and Infinity are not JSON (RFC 8259 section 6): other readers reject them, so a
    non-finite number is a bug to report (ValueError), never output.
    """
    return json.dumps(report_to_dict(report), indent=2, sort_keys=False, ensure_ascii=False,
                      allow_nan=False) + "\n"


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
        unmeasured=bool(raw.get("unmeasured", False)),
    )


def report_from_dict(data: dict[str, Any]) -> Report:
    """Rebuild a Report from :func:`report_to_dict` output (for history and diffs)."""
    pillars = tuple(
        PillarScore(Pillar(p["pillar"]), p["score"], p["grade"],
                    tuple(_check(c) for c in p["checks"]), tuple(_check(c) for c in p["skipped"]),
                    provisional=bool(p.get("provisional", False)))
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

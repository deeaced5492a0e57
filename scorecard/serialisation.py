"""The one serialisation of a Report: to plain JSON data and back, typed facts included.

The JSON reporter writes exactly this and the snapshot store keeps exactly this. The
document carries ``format_version`` (``REPORT_FORMAT_VERSION``); its JSON Schema ships in
``scorecard/schema``. Each analyzer's facts (``scorecard.facts``) are written as an object of
their fields in declaration order and read back by their type hints (``scorecard.plain``),
so a consumer reads ``report.facts(ComplexityFacts)`` whether the report was just scanned
or loaded from the store.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import fields
from typing import Any, TypeVar, cast

from scorecard.facts import FACTS_TYPES
from scorecard.model import (
    CheckDefinition,
    CheckResult,
    CheckStatus,
    CodeOwners,
    Coverage,
    EffectiveConfig,
    Finding,
    Location,
    Pillar,
    PillarScore,
    Problem,
    Report,
    ScanSummary,
    SkippedFile,
    Standing,
)
from scorecard.plain import DecodeError, from_plain, to_plain
from scorecard.textsafety import json_text

__all__ = ["REPORT_FORMAT_VERSION", "render_json", "report_from_dict", "report_to_dict"]

# 2: the report carries the checks it was scored with, the configuration in force and the
# CODEOWNERS rules of its commit (``checks``, ``config``, ``owners``). A report of format 1
# loads with none of them (no checks, config and owners None).
REPORT_FORMAT_VERSION = 2

_T = TypeVar("_T")


def report_to_dict(report: Report) -> dict[str, Any]:
    """Return the report as plain JSON-able data (enums as their values).

    An analyzer that measured nothing (facts None) writes ``{}``. The data is the caller's
    own: nothing in it is shared with the report.
    """
    return _plain_report(report, shared=False)


def _plain_report(report: Report, *, shared: bool) -> dict[str, Any]:
    """Return the report as plain data; ``shared``: parts may be the report's own data.

    A reused report (``current``) holds its analyzers' facts as they were read, which is
    what encoding them would give: a caller that only writes the result (``shared``) gets
    those, so that facts nobody read are not decoded only to be encoded again.
    """
    data = {f.name: to_plain(getattr(report, f.name)) for f in fields(report)
            if f.name != "details"}
    details = report.details
    if shared and isinstance(details, _StoredDetails) and details.current:
        data["details"] = details.plain()
    else:
        data["details"] = {name: ({} if facts is None else to_plain(facts))
                           for name, facts in details.items()}
    return data


# Levels of the report's JSON laid out one member a line; deeper values are written on one
# line each (a check with its findings, one analyzer's table). json's C encoder writes no
# indentation, and its Python one (every level indented) took 0.64 s of a 0.86 s re-scan
# of sphinx's report.
JSON_LAID_OUT_LEVELS = 4


def render_json(report: Report) -> str:
    """Render the report as JSON laid out by level, with a trailing newline.

    NaN and Infinity are not JSON (RFC 8259 section 6): other readers reject them, so a
    non-finite number is a bug to report (ValueError), never output. Control and bidi
    characters from the repository are written as escapes (:func:`json_text`).
    """
    return json_text(_laid_out(_plain_report(report, shared=True), 0)) + "\n"


def _laid_out(value: Any, level: int) -> str:
    """Write ``value`` as JSON: a member a line down to JSON_LAID_OUT_LEVELS, then compact."""
    if level < JSON_LAID_OUT_LEVELS and isinstance(value, dict | list) and value:
        pad = "  " * (level + 1)
        if isinstance(value, dict):
            members = [f"{pad}{_compact(str(key))}: {_laid_out(item, level + 1)}"
                       for key, item in value.items()]
            return "{\n" + ",\n".join(members) + "\n" + "  " * level + "}"
        items = [pad + _laid_out(item, level + 1) for item in value]
        return "[\n" + ",\n".join(items) + "\n" + "  " * level + "]"
    return _compact(value)


def _compact(value: Any) -> str:
    """Write a value as one line of JSON with json's C encoder."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))


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


def _detail(name: str, value: Any) -> object:
    """Decode one analyzer's facts; ones that no longer fit their type stay plain data."""
    kind = _DETAIL_KINDS.get(name)
    if kind is None:
        return value
    if value == {}:
        return None
    try:
        return from_plain(kind, value)
    except DecodeError:
        return value  # written by another version: kept, not read


_DETAIL_KINDS: Mapping[str, type] = {**FACTS_TYPES, "scan": ScanSummary, "coverage": Coverage,
                                     "reference": Standing}


class _StoredDetails(Mapping[str, object]):
    """A loaded report's details, each analyzer's facts decoded when first read.

    A large repository's facts are most of a stored report (hundreds of thousands of
    values), and most consumers read one or two of them, or none (the JSON output of a
    reused report): decoding them all on loading was most of the time a re-scan took.
    ``current`` marks a report written by this very installation (see ``report_to_dict``).
    """

    def __init__(self, raw: Mapping[str, Any], *, current: bool) -> None:
        self._raw = dict(raw)
        self._decoded: dict[str, object] = {}
        self.current = current

    def __getitem__(self, name: str) -> object:
        if name not in self._decoded:
            self._decoded[name] = _detail(name, self._raw[name])
        return self._decoded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def plain(self) -> Mapping[str, Any]:
        """Return the plain data of every analyzer's facts as read; not to be changed."""
        return self._raw


def _optional(kind: Any, raw: object, default: _T) -> _T:
    """Decode a part a report of format 1 does not have: ``default`` when it is missing.

    A part that no longer fits its type (written by another version) is dropped the same way:
    the report still loads, as a report without it.
    """
    if raw is None:
        return default
    try:
        return cast(_T, from_plain(kind, raw))
    except DecodeError:
        return default


def report_from_dict(data: dict[str, Any], *, current: bool = False) -> Report:
    """Rebuild a Report from :func:`report_to_dict` output (for the store and diffs).

    Each analyzer's facts are decoded when first read. ``current``: the data was written by
    this installation (a reused report, whose key names the tool's own files), so writing
    the report again may give each unread part as it was read.
    """
    pillars = tuple(
        PillarScore(Pillar(p["pillar"]), p["score"], p["grade"],
                    tuple(_check(c) for c in p["checks"]), tuple(_check(c) for c in p["skipped"]),
                    provisional=bool(p.get("provisional", False)),
                    withheld=str(p.get("withheld", "")))
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
        details=_StoredDetails(data.get("details", {}), current=current),
        checks=_optional(tuple[CheckDefinition, ...], data.get("checks"), ()),
        config=_optional(EffectiveConfig, data.get("config"), None),
        owners=_optional(CodeOwners, data.get("owners"), None),
    )
